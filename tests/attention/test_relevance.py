"""The registry of attention methods, and the replacement of tokens by their mean."""

import numpy as np
import pytest
import torch

from mne_attention import compute_attention, compute_channel_attention, fit_attention
from mne_attention.attention.relevance import (
    ATTENTION_METHODS,
    METHOD_REGISTRY,
    METHODS,
    keep_samples,
)
from mne_attention.evaluate import randomisation_check
from mne_attention.model.tokens import TokenLayout
from mne_attention.utils._units import ATTENTION_UNITS, units_of


def _type_line(methods):
    return "method : " + " | ".join(f'"{name}"' for name in methods)


def test_registry_docstrings_and_choices_agree():
    """Every method of the registry is documented and accepted where it applies."""
    assert METHODS == tuple(METHOD_REGISTRY)
    assert ATTENTION_METHODS == ("raw", "rollout", "grad_rollout", "study_rollout")
    for name, method in METHOD_REGISTRY.items():
        # a method either has a matrix or scores tokens itself, never both
        assert (method.matrix is None) != (method.relevance is None), name
    for func in (compute_attention, fit_attention, randomisation_check):
        assert _type_line(METHODS) + "\n" in func.__doc__, func.__name__
    assert _type_line(ATTENTION_METHODS) + "\n" in compute_channel_attention.__doc__
    for name in METHODS:
        words = " ".join(METHOD_REGISTRY[name].description.split()[:3])
        assert f'``"{name}"``: {words}' in compute_attention.__doc__
    with pytest.raises(ValueError, match="method") as info:
        compute_attention(None, None, method="bogus")
    assert all(repr(name) in str(info.value) for name in METHODS)
    with pytest.raises(ValueError, match="'occlusion'"):
        compute_channel_attention(None, None, method="occlusion")


def test_units_follow_the_method():
    """Attention methods are in attention units; occlusion is not."""
    assert {units_of(name) for name in ATTENTION_METHODS} == {ATTENTION_UNITS}
    assert units_of("occlusion") != ATTENTION_UNITS


def test_keep_samples_replaces_channels_and_tokens_by_zero():
    """Whole channels, or (channel, window) tokens; the trailing rest as asked."""
    layout = TokenLayout(n_channels=2, n_times=7, n_windows=2)  # windows of 3, 1 left
    x = torch.arange(1.0, 15.0).reshape(1, 2, 7)
    channels = keep_samples(x, torch.tensor([[True, False]]), layout)
    assert channels[0, 0].tolist() == x[0, 0].tolist()
    assert channels[0, 1].tolist() == [0.0] * 7
    tokens = torch.tensor([[[True, False], [False, True]]])
    kept = keep_samples(x, tokens, layout)
    assert kept[0, 0].tolist() == [1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 7.0]
    assert kept[0, 1].tolist() == [0.0, 0.0, 0.0, 11.0, 12.0, 13.0, 14.0]
    dropped_rest = keep_samples(x, tokens, layout, rest=False)
    assert dropped_rest[0, :, 6].tolist() == [0.0, 0.0]
    assert np.array_equal(x.numpy(), np.arange(1.0, 15.0).reshape(1, 2, 7))
