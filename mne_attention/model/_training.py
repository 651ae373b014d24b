"""The training loop: AdamW, warm-up then cosine decay, early stopping."""

import copy
import math

import numpy as np
import pandas as pd
import torch
from mne.utils import ProgressBar, logger
from torch.nn import functional as F

from ._device import sum_dtype, to_device
from ._distributed import (
    is_main_process,
    own_batches,
    own_items,
    sum_over_ranks,
    world_size,
    wrap_network,
)

# The data-size rule of the "auto" training settings (see resolve_schedule).
_TARGET_BATCHES_PER_PASS = 16
_BATCH_SIZE_RANGE = (16, 256)
_BASE_LR, _BASE_BATCH_SIZE = 5e-4, 32
_TARGET_STEPS = 1000
_PASSES_RANGE = (10, 60)


def resolve_schedule(n_train, *, batch_size, lr, max_epochs, warmup_epochs, patience):
    """Turn ``"auto"`` training settings into numbers for ``n_train`` epochs.

    The rule, in order (each setting given as a number is kept):

    - ``batch_size``: the power of two nearest ``n_train / 16`` (about 16
      batches per pass), between 16 and 256.
    - ``lr``: ``5e-4 * sqrt(batch_size / 32)`` (square-root scaling with the
      batch size).
    - ``max_epochs``: the passes that make about 1000 optimizer steps,
      between 10 and 60.
    - ``warmup_epochs``: 5 % of ``max_epochs``, at least 1.
    - ``patience``: 20 % of ``max_epochs``, at least 5, so that a slow start
      is not mistaken for a plateau.

    Parameters
    ----------
    n_train : int
        Epochs the network learns from.
    batch_size, max_epochs, warmup_epochs, patience : int | "auto"
        Loop settings.
    lr : float | "auto"
        Peak learning rate.

    Returns
    -------
    schedule : dict
        ``batch_size``, ``lr``, ``max_epochs``, ``warmup_epochs`` and
        ``patience`` as numbers.
    """
    if batch_size == "auto":
        nearest = 2 ** round(math.log2(max(n_train, 1) / _TARGET_BATCHES_PER_PASS))
        batch_size = int(np.clip(nearest, *_BATCH_SIZE_RANGE))
    if lr == "auto":
        lr = _BASE_LR * math.sqrt(batch_size / _BASE_BATCH_SIZE)
    if max_epochs == "auto":
        steps_per_pass = math.ceil(n_train / batch_size)
        passes = round(_TARGET_STEPS / steps_per_pass)
        max_epochs = int(np.clip(passes, *_PASSES_RANGE))
    if warmup_epochs == "auto":
        warmup_epochs = max(1, round(0.05 * max_epochs))
    if patience == "auto":
        patience = max(5, round(0.2 * max_epochs))
    return dict(
        batch_size=batch_size,
        lr=float(lr),
        max_epochs=max_epochs,
        warmup_epochs=warmup_epochs,
        patience=patience,
    )


_LOOP_KEYS = ("passes", "finished", "rows", "best", "best_state", "best_epoch", "stale")


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
    """Return the class scores of standardised epochs, batch by batch, in float32.

    Parameters
    ----------
    network : instance of torch.nn.Module
        The trained network.
    x : torch.Tensor, shape (n_epochs, n_channels, n_times)
        Standardised epochs on the CPU (or any object whose ``x[index]``
        gives such a tensor for a slice ``index``).
    batch_size : int
        Epochs per forward pass.
    device : torch.device
        Where to compute.

    Returns
    -------
    logits : torch.Tensor, shape (n_epochs, n_classes)
        Class scores on the CPU.
    """
    return torch.cat(_forward(network, x, len(x), batch_size, device)).cpu()


def _forward(network, x, n_items, batch_size, device, order=None):
    """Return the float32 class scores of batches of ``x``, on ``device``."""
    network.eval()
    with torch.autocast(device.type, enabled=False):
        return [
            network(to_device(x[index], device)).float()
            for index in iterate_batches(n_items, batch_size, order)
        ]


def _lr_factor(step, warmup_steps, total_steps):
    """Linear warm-up, then cosine decay to 5 % of the base learning rate."""
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return 0.05 + 0.95 * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def _check_finite(loss, which, epoch, lr):
    """Stop a run whose loss is no longer a number."""
    if not math.isfinite(loss):
        raise ValueError(
            f"Training diverged: the {which} loss became {loss} in pass {epoch}. "
            f"Lower lr (the peak learning rate was {lr:.3g}) or check the scale and "
            "units of the data."
        )


@torch.inference_mode()
def _evaluate(network, x, y, class_weights, batch_size, device):
    """Return the class-weighted loss and the accuracy, over the shares of all ranks."""
    share = own_items(len(y))
    n_items = len(y) if share is None else len(share)
    logits = _forward(network, x, n_items, batch_size, device, share)
    dtype = sum_dtype(device)
    # loss * weight sum, weight sum, correct, epochs: summed over the ranks
    sums = torch.zeros(4, dtype=dtype, device=device)
    if logits:  # a rank may hold none of a tiny validation set
        logits = torch.cat(logits)
        labels = to_device(y if share is None else y[share], device)
        weight_sum = class_weights[labels].sum().to(dtype)
        mean = F.cross_entropy(logits, labels, weight=class_weights).to(dtype)
        sums[0], sums[1] = mean * weight_sum, weight_sum
        sums[2] = (logits.argmax(dim=1) == labels).sum()
        sums[3] = n_items
    loss, weight_sum, correct, n_items = sum_over_ranks(sums).tolist()
    accuracy = torch.tensor(correct / n_items, dtype=torch.float32).item()
    return loss / weight_sum, accuracy  # a float32 accuracy, as it has always been


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
    precision="float32",
    stop_after=None,
    resume=None,
    save_state=None,
):
    """Train ``network`` in place and load its best weights.

    In several processes (see :mod:`~mne_attention.model._distributed`), each
    trains on its share of every pass's batches and the gradients are
    averaged; the validation metrics are summed over the shares of all
    processes, so that early stopping decides the same everywhere.

    Parameters
    ----------
    network : instance of torch.nn.Module
        The network, already on ``device``.
    train : tuple
        Standardised epochs and integer labels to learn from, on the CPU: the
        epochs are a tensor (or any object whose ``len()`` is the number of
        epochs and whose ``[index]`` gives the float32 tensor of the epochs
        that an index tensor names), the labels a tensor.
    validation : tuple | None
        Held-out epochs and labels (as ``train``) for early stopping; without them the
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
        Source of the batch order (the same on every process).
    precision : "float32" | "bfloat16"
        The precision of the training forward pass (under
        :class:`torch.autocast` for bfloat16); the loss, the weights and
        the validation are float32.
    stop_after : int | None
        Stop after this many passes, with the learning rate where the
        ``max_epochs`` schedule has it then (a refit that retraces an
        early-stopped run); None runs up to ``max_epochs``.
    resume : dict | None
        A loop state passed to ``save_state`` by an interrupted run with the
        same settings: the run continues after its last pass and ends as if
        it had never stopped.
    save_state : callable | None
        Called with the loop state (a dict of tensors, numbers and lists)
        after every pass.

    Returns
    -------
    history : pandas.DataFrame
        One row per training epoch: epoch, train_loss, train_accuracy,
        val_loss, val_accuracy (NaN without validation), lr.
    best_epoch : int | None
        The (1-based) pass whose weights were kept; None without validation.
    """
    x_train, y_train = train
    optimizer = torch.optim.AdamW(
        network.parameters(), lr=lr, weight_decay=weight_decay
    )
    steps_per_epoch = math.ceil(math.ceil(len(x_train) / batch_size) / world_size())
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: _lr_factor(
            step, warmup_epochs * steps_per_epoch, max_epochs * steps_per_epoch
        ),
    )
    weights_on_device = class_weights.to(device)
    loop = dict(
        passes=0,
        finished=False,
        rows=[],
        best=[-np.inf, -np.inf],
        best_state=None,
        best_epoch=None,
        stale=0,
    )
    if resume is not None:
        loop = _restore(resume, network, optimizer, scheduler, generator, device)
    model = wrap_network(network, device)
    rows = loop["rows"]
    n_passes = max_epochs if stop_after is None else min(stop_after, max_epochs)
    first = n_passes if loop["finished"] else loop["passes"]
    passes = range(first, n_passes)
    for epoch in ProgressBar(passes, mesg="Training") if is_main_process() else passes:
        model.train()
        order = torch.randperm(len(x_train), generator=generator)
        batches = own_batches(list(iterate_batches(len(x_train), batch_size, order)))
        # summed on the device and read once per pass: no waiting for the GPU
        dtype = sum_dtype(device)
        total_loss = torch.zeros((), dtype=dtype, device=device)
        total_correct = torch.zeros((), dtype=torch.int64, device=device)
        for index in batches:
            xb = to_device(x_train[index], device)
            yb = to_device(y_train[index], device)
            if noise_std > 0:
                xb = xb + noise_std * torch.randn_like(xb)
            with torch.autocast(
                device.type, dtype=torch.bfloat16, enabled=precision == "bfloat16"
            ):
                logits = model(xb)
            loss = F.cross_entropy(logits.float(), yb, weight=weights_on_device)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            total_loss += loss.detach().to(dtype) * len(index)
            total_correct += (logits.argmax(dim=1) == yb).sum()
        n_seen = sum(len(index) for index in batches)
        totals = torch.stack(
            [total_loss, total_correct.to(dtype), total_loss.new_tensor(n_seen)]
        )
        train_loss, train_correct, n_seen = sum_over_ranks(totals).tolist()
        _check_finite(train_loss, "training", epoch + 1, lr)
        row = dict(
            epoch=epoch + 1,
            train_loss=train_loss / n_seen,
            train_accuracy=train_correct / n_seen,
            val_loss=np.nan,
            val_accuracy=np.nan,
            lr=optimizer.param_groups[0]["lr"],
        )
        if validation is not None:
            row["val_loss"], row["val_accuracy"] = _evaluate(
                network, *validation, weights_on_device, batch_size, device
            )
            _check_finite(row["val_loss"], "validation", epoch + 1, lr)
        rows.append(row)
        logger.debug(
            " ".join(
                f"{key}={value:.4g}" for key, value in row.items() if key != "epoch"
            )
        )
        if validation is not None:
            _update_best(loop, row, network, epoch + 1, patience)
        loop["passes"] = epoch + 1
        loop["finished"] = loop["finished"] or epoch + 1 == n_passes
        if save_state is not None:
            save_state(_snapshot(loop, network, optimizer, scheduler, generator))
        if loop["finished"]:
            break
    del model  # the DistributedDataParallel wrapper and its gradient hooks end here
    best_state = loop["best_state"]
    if best_state is not None:
        network.load_state_dict(best_state)
    network.eval()
    return pd.DataFrame(rows), loop["best_epoch"]


def _update_best(loop, row, network, epoch, patience):
    """Keep the weights of the best pass so far; finish after ``patience`` worse ones."""
    # Accuracy first: the loss of an over-confident model can rise while it
    # still gets better at classifying; the loss breaks ties.
    score = [row["val_accuracy"], -row["val_loss"]]
    if score > loop["best"]:
        loop.update(best=score, best_epoch=epoch, stale=0)
        loop["best_state"] = copy.deepcopy(network.state_dict())
        return
    loop["stale"] += 1
    if loop["stale"] >= patience:
        logger.info(
            f"Early stopping after epoch {epoch}: validation accuracy has not "
            f"improved for {patience} epochs (best {loop['best'][0]:.3f})."
        )
        loop["finished"] = True


def _snapshot(loop, network, optimizer, scheduler, generator):
    """Return the loop state plus everything random, as tensors and plain values."""
    state = dict(
        loop,
        network=network.state_dict(),
        optimizer=optimizer.state_dict(),
        scheduler=scheduler.state_dict(),
        generator=generator.get_state(),
        cpu_rng=torch.get_rng_state(),
    )
    if torch.cuda.is_available():
        state["cuda_rng"] = torch.cuda.get_rng_state_all()
    return state


def _restore(state, network, optimizer, scheduler, generator, device):
    """Put a :func:`_snapshot` back; return the loop state."""
    network.load_state_dict(state["network"])
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    generator.set_state(state["generator"])
    torch.set_rng_state(state["cpu_rng"])
    if device.type == "cuda" and "cuda_rng" in state:
        torch.cuda.set_rng_state_all(state["cuda_rng"])
    loop = {key: state[key] for key in _LOOP_KEYS}
    if loop["best_state"] is not None:
        loop["best_state"] = {
            key: value.to(device) for key, value in loop["best_state"].items()
        }
    return loop
