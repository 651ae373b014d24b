"""Streaming per-batch relevance of tokens: attention, rollout, gradients, occlusion."""

from dataclasses import dataclass

import torch

from ..model._training import iterate_batches
from .rollout import (
    attention_rollout,
    fuse_heads,
    gradient_rollout,
    normalize_rows,
    study_rollout,
)

ATTENTION_METHODS = ("raw", "rollout", "grad_rollout", "study_rollout")
METHODS = ATTENTION_METHODS + ("occlusion",)


@dataclass
class BatchRelevance:
    """What one batch of epochs yields.

    Attributes
    ----------
    index : slice
        Which epochs of the input this batch holds.
    proba : torch.Tensor, shape (n_epochs, n_classes)
        Class probabilities.
    class_token : torch.Tensor, shape (n_epochs, n_tokens - 1)
        Relevance of each channel token for the class token, per epoch
        (attention methods: renormalised to sum to one per epoch; occlusion:
        drop in the predicted class's probability).
    tokens : torch.Tensor, shape (n_epochs, n_tokens - 1, n_tokens - 1) | None
        Channel-token to channel-token attention with rows summing to one,
        when asked for.
    """

    index: slice
    proba: torch.Tensor
    class_token: torch.Tensor
    tokens: torch.Tensor | None


def iter_relevance(
    network, data, *, method, head_fusion, layer, head, batch_size, device, tokens=False
):
    """Yield :class:`BatchRelevance` batch by batch, so memory stays bounded.

    Parameters
    ----------
    network : instance of ChannelTokenTransformer
        The trained network (put in evaluation mode here).
    data : torch.Tensor, shape (n_epochs, n_channels, n_times)
        Standardised epochs on the CPU.
    method : "raw" | "rollout" | "grad_rollout" | "study_rollout" | "occlusion"
        How relevance is computed. ``"study_rollout"`` is the original
        study's defective rollout (:func:`~mne_attention.attention.rollout.study_rollout`),
        kept for comparison.
    head_fusion : "mean" | "max" | "min"
        How heads are combined (``"study_rollout"`` always uses the study's
        unnormalised maximum and ignores it).
    layer : int
        Layer of ``"raw"`` attention (negative counts from the last).
    head : None | int
        Head of ``"raw"`` attention; None fuses heads.
    batch_size : int
        Epochs per forward pass.
    device : torch.device
        Where to compute.
    tokens : bool
        Also return token-to-token attention (attention methods only).

    Yields
    ------
    batch : BatchRelevance
        The relevance of one batch, on the CPU.
    """
    network.eval()
    for index in iterate_batches(len(data), batch_size):
        x = data[index].to(device)
        if method == "occlusion":
            proba, class_token = _occlusion(network, x)
            yield BatchRelevance(index, proba, class_token, None)
            continue
        logits, matrix = _attention_matrix(network, x, method, head_fusion, layer, head)
        class_token = normalize_rows(matrix[:, :1, 1:])[:, 0]
        channel_tokens = normalize_rows(matrix[:, 1:, 1:]).cpu() if tokens else None
        yield BatchRelevance(
            index, logits.softmax(dim=1).cpu(), class_token.cpu(), channel_tokens
        )


def _attention_matrix(network, x, method, head_fusion, layer, head):
    """Return logits and the (n_epochs, n_tokens, n_tokens) matrix of ``method``."""
    if method == "grad_rollout":
        with torch.enable_grad():
            logits, attentions = network(x, return_attention=True)
            predicted = logits.argmax(dim=1, keepdim=True)
            score = logits.gather(1, predicted).sum()
            gradients = torch.autograd.grad(score, attentions)
        attentions = [attention.detach() for attention in attentions]
        return logits.detach(), gradient_rollout(attentions, gradients, head_fusion)
    with torch.inference_mode():
        logits, attentions = network(x, return_attention=True)
        if method == "rollout":
            return logits, attention_rollout(attentions, head_fusion)
        if method == "study_rollout":
            return logits, study_rollout(attentions)
        attention = attentions[layer]
        if head is None:
            return logits, fuse_heads(attention, head_fusion)
        return logits, attention[:, head]


@torch.inference_mode()
def _occlusion(network, x):
    """Drop of the predicted class's probability when a token's samples are zeroed.

    Zero is the training mean of every channel after standardisation.
    """
    layout = network.layout
    proba = network(x).softmax(dim=1)
    predicted = proba.argmax(dim=1, keepdim=True)
    reference = proba.gather(1, predicted)[:, 0]
    relevance = torch.empty(len(x), layout.n_tokens - 1, device=x.device)
    length = layout.window_length
    for channel in range(layout.n_channels):
        for window in range(layout.n_windows):
            occluded = x.clone()
            occluded[:, channel, window * length : (window + 1) * length] = 0.0
            changed = network(occluded).softmax(dim=1).gather(1, predicted)[:, 0]
            relevance[:, layout.token_index(channel, window) - 1] = reference - changed
    return proba.cpu(), relevance.cpu()


@torch.inference_mode()
def iter_layer_attention(network, data, *, batch_size, device):
    """Yield the class token's attention in every layer and head, batch by batch.

    Parameters
    ----------
    network : instance of ChannelTokenTransformer
        The trained network (put in evaluation mode here).
    data : torch.Tensor, shape (n_epochs, n_channels, n_times)
        Standardised epochs on the CPU.
    batch_size : int
        Epochs per forward pass.
    device : torch.device
        Where to compute.

    Yields
    ------
    index : slice
        Which epochs of the input this batch holds.
    attention : torch.Tensor, shape (n_epochs, n_layers, n_heads, n_tokens - 1)
        Class-token attention over the channel tokens, renormalised to sum to
        one per epoch, layer and head, on the CPU.
    """
    network.eval()
    for index in iterate_batches(len(data), batch_size):
        _, attentions = network(data[index].to(device), return_attention=True)
        class_rows = torch.stack([a[:, :, 0, 1:] for a in attentions], dim=1)
        yield index, normalize_rows(class_rows).cpu()
