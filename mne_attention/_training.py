"""The training loop: AdamW, warm-up then cosine decay, early stopping."""

import copy
import math

import numpy as np
import pandas as pd
import torch
from mne.utils import ProgressBar, logger
from torch.nn import functional as F


def iterate_batches(n_items, batch_size, order=None):
    """Yield index slices of at most ``batch_size`` items.

    Parameters
    ----------
    n_items : int
        How many items.
    batch_size : int
        Items per batch.
    order : None | torch.Tensor
        A permutation of the items; their natural order when None.

    Yields
    ------
    index : slice | torch.Tensor
        The items of one batch.
    """
    for start in range(0, n_items, batch_size):
        if order is None:
            yield slice(start, start + batch_size)
        else:
            yield order[start : start + batch_size]


@torch.inference_mode()
def predict_logits(network, x, batch_size, device):
    """Return the class scores of standardised epochs, batch by batch.

    Parameters
    ----------
    network : instance of torch.nn.Module
        The trained network.
    x : torch.Tensor, shape (n_epochs, n_channels, n_times)
        Standardised epochs on the CPU.
    batch_size : int
        Epochs per forward pass.
    device : torch.device
        Where to compute.

    Returns
    -------
    logits : torch.Tensor, shape (n_epochs, n_classes)
        Class scores on the CPU.
    """
    network.eval()
    return torch.cat(
        [
            network(x[index].to(device)).float().cpu()
            for index in iterate_batches(len(x), batch_size)
        ]
    )


def _lr_factor(step, warmup_steps, total_steps):
    """Linear warm-up, then cosine decay to 5 % of the base learning rate."""
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return 0.05 + 0.95 * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def _evaluate(network, x, y, class_weights, batch_size, device):
    logits = predict_logits(network, x, batch_size, device)
    loss = F.cross_entropy(logits, y, weight=class_weights.cpu()).item()
    accuracy = (logits.argmax(dim=1) == y).float().mean().item()
    return loss, accuracy


def train_network(
    network,
    train,
    validation,
    *,
    class_weights,
    lr,
    weight_decay,
    batch_size,
    max_epochs,
    patience,
    warmup_epochs,
    noise_std,
    device,
    generator,
):
    """Train ``network`` in place and load its best weights.

    Parameters
    ----------
    network : instance of torch.nn.Module
        The network, already on ``device``.
    train : tuple of torch.Tensor
        Standardised epochs and integer labels to learn from (on the CPU).
    validation : tuple of torch.Tensor | None
        Held-out epochs and labels for early stopping; without them the
        network trains for ``max_epochs`` and the last weights are kept.
    class_weights : torch.Tensor, shape (n_classes,)
        Loss weight of each class.
    lr, weight_decay : float
        AdamW settings.
    batch_size, max_epochs, patience, warmup_epochs : int
        Loop settings; training stops after ``patience`` epochs without a
        better validation accuracy (or, at equal accuracy, a lower loss), and
        the best weights are kept.
    noise_std : float
        Standard deviation of the Gaussian noise added to training batches.
    device : torch.device
        Where to compute.
    generator : torch.Generator
        Source of the batch order.

    Returns
    -------
    history : pandas.DataFrame
        One row per training epoch: epoch, train_loss, train_accuracy,
        val_loss, val_accuracy (NaN without validation), lr.
    """
    x_train, y_train = train
    optimizer = torch.optim.AdamW(
        network.parameters(), lr=lr, weight_decay=weight_decay
    )
    steps_per_epoch = math.ceil(len(x_train) / batch_size)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: _lr_factor(
            step, warmup_epochs * steps_per_epoch, max_epochs * steps_per_epoch
        ),
    )
    weights_on_device = class_weights.to(device)
    rows, best, best_state, stale = [], (-np.inf, -np.inf), None, 0
    for epoch in ProgressBar(range(max_epochs), mesg="Training"):
        network.train()
        order = torch.randperm(len(x_train), generator=generator)
        total_loss = total_correct = 0.0
        for index in iterate_batches(len(x_train), batch_size, order):
            xb, yb = x_train[index].to(device), y_train[index].to(device)
            if noise_std > 0:
                xb = xb + noise_std * torch.randn_like(xb)
            logits = network(xb)
            loss = F.cross_entropy(logits, yb, weight=weights_on_device)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            total_loss += loss.item() * len(yb)
            total_correct += (logits.argmax(dim=1) == yb).sum().item()
        row = dict(
            epoch=epoch + 1,
            train_loss=total_loss / len(x_train),
            train_accuracy=total_correct / len(x_train),
            val_loss=np.nan,
            val_accuracy=np.nan,
            lr=optimizer.param_groups[0]["lr"],
        )
        if validation is not None:
            row["val_loss"], row["val_accuracy"] = _evaluate(
                network, *validation, class_weights, batch_size, device
            )
        rows.append(row)
        logger.debug(
            " ".join(
                f"{key}={value:.4g}" for key, value in row.items() if key != "epoch"
            )
        )
        if validation is None:
            continue
        # Accuracy first: the loss of an over-confident model can rise while it
        # still gets better at classifying; the loss breaks ties.
        score = (row["val_accuracy"], -row["val_loss"])
        if score > best:
            best, stale = score, 0
            best_state = copy.deepcopy(network.state_dict())
        else:
            stale += 1
            if stale >= patience:
                logger.info(
                    f"Early stopping after epoch {epoch + 1}: validation accuracy has "
                    f"not improved for {patience} epochs (best {best[0]:.3f})."
                )
                break
    if best_state is not None:
        network.load_state_dict(best_state)
    network.eval()
    return pd.DataFrame(rows)
