"""Rollout arithmetic checked against the formulas on hand-built matrices."""

import numpy as np
import pytest
import torch

from mne_attention.attention.rollout import (
    attention_rollout,
    combine_heads,
    fuse_heads,
    gradient_rollout,
    normalize_rows,
    study_rollout,
)


def _random_attention(rng, n_epochs=2, n_heads=3, n_tokens=4):
    scores = rng.standard_normal((n_epochs, n_heads, n_tokens, n_tokens))
    return torch.from_numpy(scores).softmax(dim=-1)


def test_rollout_equals_formula():
    """R = Â_L ... Â_1 with Â = rownorm(0.5 mean_h(A) + 0.5 I), per epoch."""
    rng = np.random.default_rng(0)
    attentions = [_random_attention(rng) for _ in range(3)]
    rollout = attention_rollout(attentions, "mean").numpy()
    for epoch in range(2):
        expected = np.eye(4)
        for attention in attentions:  # first layer first, later layers on the left
            fused = attention[epoch].numpy().mean(axis=0)
            layer = 0.5 * fused + 0.5 * np.eye(4)
            layer /= layer.sum(axis=1, keepdims=True)
            expected = layer @ expected
        np.testing.assert_allclose(rollout[epoch], expected, rtol=1e-12)
    np.testing.assert_allclose(rollout.sum(axis=-1), 1, rtol=1e-12)


def test_layer_order_matters():
    """Reversing the layers (the original study's defect) gives another result."""
    rng = np.random.default_rng(1)
    attentions = [_random_attention(rng) for _ in range(2)]
    forward = attention_rollout(attentions)
    backward = attention_rollout(attentions[::-1])
    assert not torch.allclose(forward, backward)


@pytest.mark.parametrize("head_fusion, reduce", [("max", np.max), ("min", np.min)])
def test_head_fusion_renormalises(head_fusion, reduce):
    """Max/min fusion is renormalised so rows sum to one again."""
    rng = np.random.default_rng(2)
    attention = _random_attention(rng)
    fused = fuse_heads(attention, head_fusion).numpy()
    raw = reduce(attention.numpy(), axis=1)
    np.testing.assert_allclose(fused, raw / raw.sum(-1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(fused.sum(-1), 1, rtol=1e-12)
    assert not np.allclose(raw.sum(-1), 1)  # the renormalisation did something


def test_identity_attention_rolls_out_to_identity():
    """Tokens attending only to themselves keep their own information."""
    eye = torch.eye(5).expand(1, 2, 5, 5)
    torch.testing.assert_close(attention_rollout([eye, eye]), torch.eye(5)[None])


def test_gradient_rollout_equals_formula():
    """R = I; R <- R + mean_h((∇A ⊙ A)+) R per layer, rows normalised at the end."""
    rng = np.random.default_rng(3)
    attentions = [_random_attention(rng) for _ in range(2)]
    gradients = [torch.from_numpy(rng.standard_normal(a.shape)) for a in attentions]
    relevance = gradient_rollout(attentions, gradients, "mean").numpy()
    expected = np.eye(4)[None].repeat(2, axis=0)
    for attention, gradient in zip(attentions, gradients):
        weighted = np.clip(gradient.numpy() * attention.numpy(), 0, None).mean(axis=1)
        expected = expected + weighted @ expected
    expected /= expected.sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(relevance, expected, rtol=1e-12)


def test_gradient_sign_matters():
    """Only the positive part of gradient x attention contributes."""
    rng = np.random.default_rng(4)
    attentions = [_random_attention(rng)]
    gradient = torch.from_numpy(rng.standard_normal(attentions[0].shape))
    positive = gradient_rollout(attentions, [gradient])
    negative = gradient_rollout(attentions, [-gradient])
    assert not torch.allclose(positive, negative)


def test_normalize_rows_keeps_zero_rows():
    """Rows of zeros stay zero instead of becoming NaN."""
    matrix = torch.tensor([[0.0, 0.0], [1.0, 3.0]])
    torch.testing.assert_close(
        normalize_rows(matrix), torch.tensor([[0, 0], [0.25, 0.75]])
    )
    torch.testing.assert_close(
        combine_heads(torch.ones(1, 2, 3, 3), "mean"), torch.ones(1, 3, 3)
    )


def test_study_rollout_equals_hand_computation():
    """The study's rollout: max over heads, no identity, first layer on the left."""
    rng = np.random.default_rng(5)
    attentions = [_random_attention(rng, n_heads=3, n_tokens=4) for _ in range(3)]
    rollout = study_rollout(attentions).numpy()
    a1, a2, a3 = (attention.numpy().max(axis=1) for attention in attentions)
    for epoch in range(2):
        expected = a1[epoch] @ a2[epoch] @ a3[epoch]
        np.testing.assert_allclose(rollout[epoch], expected, rtol=1e-12)
    # max-fused rows sum to more than one and are not renormalised
    assert np.all(rollout.sum(axis=-1) > 1)
    single = study_rollout(attentions[:1]).numpy()
    np.testing.assert_allclose(single, a1, rtol=1e-12)


def test_study_rollout_differs_from_attention_rollout():
    """Each of the study's defects changes the result, and so do all of them."""
    rng = np.random.default_rng(6)
    attentions = [_random_attention(rng) for _ in range(2)]
    study = normalize_rows(study_rollout(attentions))
    correct = attention_rollout(attentions, "max")
    assert not torch.allclose(study, correct, atol=1e-3)
    # without the identity term and renormalisation, but in the right order
    fused = [combine_heads(attention, "max") for attention in attentions]
    in_order = normalize_rows(fused[1] @ fused[0])
    assert not torch.allclose(study, in_order, atol=1e-3)
    # the correct class-token row is a probability distribution, the study's is not
    torch.testing.assert_close(correct.sum(-1), torch.ones(2, 4, dtype=correct.dtype))


@pytest.mark.parametrize("rows", [slice(0, 1), slice(1, 3)])
def test_rows_are_those_of_the_whole_matrix(rows):
    """Propagating some rows gives exactly those rows of every rollout."""
    rng = np.random.default_rng(4)
    attentions = [_random_attention(rng, n_tokens=5) for _ in range(4)]
    gradients = [torch.from_numpy(rng.standard_normal(a.shape)) for a in attentions]
    for rollout in (
        lambda rows: attention_rollout(attentions, "max", rows),
        lambda rows: gradient_rollout(attentions, gradients, "mean", rows),
        lambda rows: study_rollout(attentions, rows),
    ):
        whole = rollout(None)
        assert whole.shape == (2, 5, 5)
        torch.testing.assert_close(rollout(rows), whole[:, rows])
