"""The attention methods, one registry entry each, and their relevance batch by batch.

Adding a method is adding one entry to :data:`METHOD_REGISTRY` (and to
``METHOD_UNITS`` in ``utils/_units.py`` when its values are not attention
weights): the accepted choices, the ``method`` entry of the docstrings and the
computation all come from it.
"""

import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import torch

from ..model._training import iterate_batches
from ..utils._docs import docdict
from .rollout import (
    attention_rollout,
    fuse_heads,
    gradient_rollout,
    normalize_rows,
    study_rollout,
)


@dataclass(frozen=True)
class Method:
    """How one attention method computes relevance, and what the docs say of it.

    Attributes
    ----------
    description : str
        What the method computes, one sentence of reStructuredText.
    matrix : callable | None
        ``matrix(network, x, options, rows)`` returns the logits and the
        ``rows`` (a slice, None for all) of an (n_epochs, n_tokens, n_tokens)
        matrix whose rows say what each token attends to; None for a method
        without one.
    relevance : callable | None
        ``relevance(network, x)`` returns the class probabilities and the
        relevance of each channel token directly, for a method without a
        matrix (it takes no options).
    """

    description: str
    matrix: Callable | None = None
    relevance: Callable | None = None


@dataclass(frozen=True)
class RelevanceOptions:
    """The method and its options, as checked by the public functions.

    Attributes
    ----------
    method : str
        A key of :data:`METHOD_REGISTRY`.
    head_fusion : "mean" | "max" | "min"
        How heads are combined (``"study_rollout"`` ignores it).
    layer : int
        Layer of ``"raw"`` attention (negative counts from the last).
    head : None | int
        Head of ``"raw"`` attention; None fuses heads.
    """

    method: str
    head_fusion: str = "mean"
    layer: int = -1
    head: int | None = None


@torch.inference_mode()
def _raw(network, x, options, rows):
    logits, attentions = network(x, return_attention=True)
    attention = attentions[options.layer]
    if rows is not None:
        attention = attention[..., rows, :]
    if options.head is None:
        return logits, fuse_heads(attention, options.head_fusion)
    return logits, attention[:, options.head]


@torch.inference_mode()
def _rollout(network, x, options, rows):
    logits, attentions = network(x, return_attention=True)
    return logits, attention_rollout(attentions, options.head_fusion, rows)


@torch.inference_mode()
def _study_rollout(network, x, options, rows):
    logits, attentions = network(x, return_attention=True)
    return logits, study_rollout(attentions, rows)


def _grad_rollout(network, x, options, rows):
    with torch.enable_grad():
        logits, attentions = network(x, return_attention=True)
        predicted = logits.argmax(dim=1, keepdim=True)
        score = logits.gather(1, predicted).sum()
        gradients = torch.autograd.grad(score, attentions)
    attentions = [attention.detach() for attention in attentions]
    relevance = gradient_rollout(attentions, gradients, options.head_fusion, rows)
    return logits.detach(), relevance


@torch.inference_mode()
def _occlusion(network, x):
    """Drop of the predicted class's probability when a token is at its training mean."""
    layout = network.layout
    proba = network(x).softmax(dim=1)
    predicted = proba.argmax(dim=1, keepdim=True)
    reference = proba.gather(1, predicted)[:, 0]
    relevance = torch.empty(len(x), layout.n_tokens - 1, device=x.device)
    for token in range(layout.n_tokens - 1):
        kept = torch.ones(
            len(x), layout.n_tokens - 1, dtype=torch.bool, device=x.device
        )
        kept[:, token] = False
        occluded = keep_samples(x, kept.view(len(x), layout.n_channels, -1), layout)
        changed = network(occluded).softmax(dim=1).gather(1, predicted)[:, 0]
        relevance[:, token] = reference - changed
    return proba, relevance


METHOD_REGISTRY = {
    "raw": Method("one layer's attention (``layer``, ``head``).", matrix=_raw),
    "rollout": Method(
        "attention rollout (Abnar & Zuidema, 2020), the residual connection as "
        "``0.5 * A + 0.5 * I``, heads fused by ``head_fusion``.",
        matrix=_rollout,
    ),
    "grad_rollout": Method(
        "attention weighted by its positive gradient for the predicted class, "
        "rolled out (Chefer et al., 2021).",
        matrix=_grad_rollout,
    ),
    "study_rollout": Method(
        "the original study's rollout with its defects (layers in reverse "
        "order, no identity term, heads max-fused without renormalising; "
        "``head_fusion`` is ignored), for comparison only (see "
        ":func:`mne_attention.evaluate.compare_methods`).",
        matrix=_study_rollout,
    ),
    "occlusion": Method(
        "drop of the predicted class's probability when a channel's window is "
        "replaced by its training mean (works for any model; the reference for "
        "the others).",
        relevance=_occlusion,
    ),
}
METHODS = tuple(METHOD_REGISTRY)
CLASS_ROW = slice(0, 1)
ATTENTION_METHODS = tuple(
    name for name, method in METHOD_REGISTRY.items() if method.matrix is not None
)


def method_parameter_doc(methods):
    """Return the numpydoc entry of a ``method`` parameter that accepts ``methods``.

    Parameters
    ----------
    methods : sequence of str
        Keys of :data:`METHOD_REGISTRY`, in the order to list them.

    Returns
    -------
    entry : str
        The type line and one bullet per method, as :data:`docdict` holds it.
    """
    lines = [
        "method : " + " | ".join(f'"{name}"' for name in methods),
        "    How each token's relevance is computed:",
        "",
    ]
    for name in methods:
        item = f'``"{name}"``: {METHOD_REGISTRY[name].description}'
        lines += textwrap.wrap(
            item, width=79, initial_indent="    - ", subsequent_indent="      "
        )
    return "\n".join(lines)


docdict["method"] = method_parameter_doc(METHODS)
docdict["method_attention"] = method_parameter_doc(ATTENTION_METHODS)


def keep_samples(x, kept, layout, *, rest=True):
    """Return ``x`` with what is not kept set to its training mean (zero).

    Parameters
    ----------
    x : torch.Tensor, shape (n_epochs, n_channels, n_times)
        Standardised epochs, in which zero is each channel's training mean.
    kept : torch.Tensor of bool, shape (n_epochs, n_channels) | (n_epochs, n_channels, n_windows)
        Which whole channels, or which (channel, time window) tokens, keep
        their samples.
    layout : TokenLayout
        The model's token layout.
    rest : bool
        Whether the samples after the last whole window, which belong to no
        token, keep their values when ``kept`` holds tokens.

    Returns
    -------
    x : torch.Tensor, shape (n_epochs, n_channels, n_times)
        A new tensor.
    """
    kept = kept.to(x.device)
    if kept.ndim == 2:  # whole channels
        return x * kept[:, :, None].to(x.dtype)
    samples = kept.repeat_interleave(layout.window_length, dim=2)
    n_rest = layout.n_times - samples.shape[2]
    if n_rest:
        tail = torch.full(samples.shape[:2] + (n_rest,), rest, device=x.device)
        samples = torch.cat([samples, tail], dim=2)
    return x * samples.to(x.dtype)


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
        (methods with a matrix: renormalised to sum to one per epoch;
        occlusion: drop in the predicted class's probability).
    tokens : torch.Tensor, shape (n_epochs, n_tokens - 1, n_tokens - 1) | None
        Channel-token to channel-token attention with rows summing to one,
        when asked for.
    """

    index: slice
    proba: torch.Tensor
    class_token: torch.Tensor
    tokens: torch.Tensor | None


def iter_relevance(network, data, options, *, batch_size, device, tokens=False):
    """Yield :class:`BatchRelevance` batch by batch, so memory stays bounded.

    Parameters
    ----------
    network : instance of ChannelTokenTransformer
        The trained network (put in evaluation mode here).
    data : torch.Tensor, shape (n_epochs, n_channels, n_times)
        Standardised epochs on the CPU.
    options : RelevanceOptions
        The method and its options.
    batch_size : int
        Epochs per forward pass.
    device : torch.device
        Where to compute.
    tokens : bool
        Also return token-to-token attention (methods with a matrix only).

    Yields
    ------
    batch : BatchRelevance
        The relevance of one batch, on the CPU.
    """
    entry = METHOD_REGISTRY[options.method]
    network.eval()
    for index in iterate_batches(len(data), batch_size):
        x = data[index].to(device)
        if entry.matrix is None:
            proba, class_token = entry.relevance(network, x)
            yield BatchRelevance(index, proba.cpu(), class_token.cpu(), None)
            continue
        # without token-to-token attention only the class token's row is needed
        logits, matrix = entry.matrix(
            network, x, options, None if tokens else CLASS_ROW
        )
        class_token = normalize_rows(matrix[:, :1, 1:])[:, 0]
        channel_tokens = normalize_rows(matrix[:, 1:, 1:]).cpu() if tokens else None
        yield BatchRelevance(
            index, logits.softmax(dim=1).cpu(), class_token.cpu(), channel_tokens
        )


@torch.inference_mode()
def iter_layer_attention(network, data, *, batch_size, device):
    """Yield the class token's attention in every layer and head, batch by batch.

    Parameters
    ----------
    network, data, batch_size, device
        As for :func:`iter_relevance`.

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
