"""Attention arithmetic: head fusion, rollout and gradient-weighted rollout.

The original study's defective rollout (:func:`study_rollout`) is kept for
comparison.

Every function works on batches, one matrix per epoch, and never normalises
across epochs. Matrices are ``(..., n_tokens, n_tokens)`` with rows holding
what each query token attends to.
"""

import torch

from ..utils._docs import docdict, fill_doc

HEAD_FUSIONS = ("mean", "max", "min")

docdict["rollout_rows"] = """rows : None | slice
    Compute only these rows of the result (the class token's:
    ``slice(0, 1)``), propagating them through the layers instead of whole
    matrices; None: every row."""


def normalize_rows(matrix):
    """Scale each row to sum to one (rows of zeros stay zero).

    Parameters
    ----------
    matrix : torch.Tensor, shape (..., n, n)
        Non-negative matrices.

    Returns
    -------
    normalized : torch.Tensor, shape (..., n, n)
        Row-stochastic matrices.
    """
    total = matrix.sum(dim=-1, keepdim=True)
    return matrix / torch.where(total > 0, total, torch.ones_like(total))


def combine_heads(attention, head_fusion):
    """Combine the heads of one layer by their mean, maximum or minimum.

    Parameters
    ----------
    attention : torch.Tensor, shape (n_epochs, n_heads, n_tokens, n_tokens)
        One layer's attention (or relevance).
    head_fusion : "mean" | "max" | "min"
        How heads are combined.

    Returns
    -------
    combined : torch.Tensor, shape (n_epochs, n_tokens, n_tokens)
        The combined matrices, not renormalised.
    """
    if head_fusion == "mean":
        return attention.mean(dim=1)
    if head_fusion == "max":
        return attention.amax(dim=1)
    return attention.amin(dim=1)


def fuse_heads(attention, head_fusion):
    """Fuse the heads of one layer and renormalise the rows.

    Parameters
    ----------
    attention : torch.Tensor, shape (n_epochs, n_heads, n_tokens, n_tokens)
        One layer's attention.
    head_fusion : "mean" | "max" | "min"
        How heads are combined.

    Returns
    -------
    fused : torch.Tensor, shape (n_epochs, n_tokens, n_tokens)
        Row-stochastic fused attention.
    """
    return normalize_rows(combine_heads(attention, head_fusion))


@fill_doc
def attention_rollout(attentions, head_fusion="mean", rows=None):
    """Roll attention out through the layers (Abnar & Zuidema, 2020).

    Per layer, heads are fused, the residual connection is accounted for as
    ``0.5 * A + 0.5 * I`` with rows renormalised, and the layers are
    multiplied from the first to the last: ``R = Â_L ... Â_2 Â_1``.

    Parameters
    ----------
    attentions : list of torch.Tensor, shape (n_epochs, n_heads, n_tokens, n_tokens)
        Attention of each layer, first layer first.
    head_fusion : "mean" | "max" | "min"
        How heads are combined.
    %(rollout_rows)s

    Returns
    -------
    rollout : torch.Tensor, shape (n_epochs, n_rows, n_tokens)
        Row-stochastic rolled-out attention; row 0 is the class token.
    """
    layers = []
    for attention in attentions:
        fused = fuse_heads(attention, head_fusion)
        identity = torch.eye(fused.shape[-1], dtype=fused.dtype, device=fused.device)
        layers.append(normalize_rows(0.5 * fused + 0.5 * identity))
    return _product(layers[::-1], rows)


@fill_doc
def gradient_rollout(attentions, gradients, head_fusion="mean", rows=None):
    """Gradient-weighted attention rollout (Chefer, Gur & Wolf, 2021).

    Per layer, ``Ā = fuse_h((∇A ⊙ A)⁺)`` and the relevance is propagated from
    the first layer to the last as ``R ← R + Ā R`` starting from ``R = I``,
    that is ``R = (I + Ā_L) ... (I + Ā_1)``.

    Parameters
    ----------
    attentions : list of torch.Tensor, shape (n_epochs, n_heads, n_tokens, n_tokens)
        Attention of each layer, first layer first.
    gradients : list of torch.Tensor
        Gradient of the explained class score with respect to each attention.
    head_fusion : "mean" | "max" | "min"
        How the weighted heads are combined.
    %(rollout_rows)s

    Returns
    -------
    relevance : torch.Tensor, shape (n_epochs, n_rows, n_tokens)
        Relevance with rows normalised to sum to one.
    """
    layers = []
    for attention, gradient in zip(attentions, gradients):
        fused = combine_heads((gradient * attention).clamp(min=0), head_fusion)
        identity = torch.eye(fused.shape[-1], dtype=fused.dtype, device=fused.device)
        layers.append(identity + fused)
    return normalize_rows(_product(layers[::-1], rows))


@fill_doc
def study_rollout(attentions, rows=None):
    """Return the original study's rollout, defects included (for comparison only).

    Reproduces the CCN 2022 study's analysis code: heads are fused by their
    maximum without renormalising the rows, there is no identity term for
    the residual connection, and the layers are multiplied in reverse order,
    ``R = max_h(A_1) max_h(A_2) ... max_h(A_L)`` (the first layer on the
    left), where the correct rollout (:func:`attention_rollout`) puts the
    last layer on the left. Rows do not sum to one.

    Parameters
    ----------
    attentions : list of torch.Tensor, shape (n_epochs, n_heads, n_tokens, n_tokens)
        Attention of each layer, first layer first.
    %(rollout_rows)s

    Returns
    -------
    rollout : torch.Tensor, shape (n_epochs, n_rows, n_tokens)
        The study's rolled-out attention, not normalised; row 0 is the class
        token.
    """
    return _product([combine_heads(attention, "max") for attention in attentions], rows)


def _product(factors, rows):
    """Return ``rows`` of ``factors[0] @ factors[1] @ ...``.

    Propagating only the rows asked for costs ``n_tokens`` times less per
    factor than multiplying whole matrices.
    """
    product = factors[0] if rows is None else factors[0][..., rows, :]
    for factor in factors[1:]:
        product = product @ factor
    return product
