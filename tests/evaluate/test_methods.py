"""The study's rollout as a method, and compare_methods."""

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.exceptions import NotFittedError

from mne_attention import EEGTransformer, compute_attention, compute_channel_attention
from mne_attention.attention.compute import prepare_epochs
from mne_attention.attention.rollout import normalize_rows, study_rollout
from mne_attention.evaluate import compare_methods
from mne_attention.evaluate import methods as methods_module

from ..conftest import TINY_PARAMS, assert_unchanged, snapshot
from .conftest import _state

COLUMNS = [
    "ground_truth_auc",
    "deletion_area",
    "occlusion_agreement",
    "randomisation_similarity",
    "seconds",
]


# --------------------------------------------------------------- study rollout
def test_study_rollout_through_compute_attention(tiny_epochs):
    """method="study_rollout" reproduces the study's rollout of the network's maps."""
    model = EEGTransformer(**dict(TINY_PARAMS, n_layers=2, n_time_tokens=2)).fit(
        tiny_epochs
    )
    attention = compute_attention(model, tiny_epochs, method="study_rollout")
    assert attention.method == "study_rollout"
    assert attention.units == "Attention (a.u.)"
    data = attention.get_data()
    assert data.shape == (len(tiny_epochs), 6, 2)
    np.testing.assert_allclose(data.sum(axis=(1, 2)), 1, rtol=1e-5)
    # by hand: max over heads, no identity, first layer on the left
    x, _ = prepare_epochs(model, tiny_epochs)
    model.network_.eval()
    with torch.no_grad():
        _, (a0, a1) = model.network_(x, return_attention=True)
    expected = (a0.amax(dim=1) @ a1.amax(dim=1))[:, :1, 1:]
    expected = model.layout_.to_channel_window(normalize_rows(expected)[:, 0].numpy())
    np.testing.assert_allclose(data, expected, rtol=1e-4, atol=1e-7)
    rollout = compute_attention(model, tiny_epochs, method="rollout").get_data()
    assert not np.allclose(data, rollout, atol=1e-3)
    matrix = compute_channel_attention(model, tiny_epochs, method="study_rollout")
    np.testing.assert_allclose(matrix.data.sum(axis=-1), 1, rtol=1e-5)


def test_study_rollout_is_unnormalised_product():
    """The tensor function keeps the study's row sums (above one after max fusion)."""
    rng = np.random.default_rng(0)
    attentions = [
        torch.from_numpy(rng.standard_normal((1, 4, 3, 3))).softmax(-1)
        for _ in range(2)
    ]
    assert torch.all(study_rollout(attentions).sum(-1) > 1)


# ------------------------------------------------------------ compare_methods
def test_compare_methods_with_truth(simulated):
    """One row per method, the documented columns, values in range, inputs kept."""
    epochs, truth, model = simulated
    epochs_before = snapshot(epochs)
    state = _state(model)
    scores = compare_methods(model, epochs, truth, n_random=2, random_state=0)
    assert scores.index.name == "method"
    assert scores.index.tolist() == [
        "raw",
        "study_rollout",
        "rollout",
        "grad_rollout",
        "occlusion",
    ]
    assert scores.columns.tolist() == COLUMNS
    assert np.isfinite(scores.to_numpy()).all()
    assert scores["ground_truth_auc"].between(0, 1).all()
    assert scores["deletion_area"].between(-1, 1).all()
    assert scores["occlusion_agreement"].between(-1, 1).all()
    assert scores.loc["occlusion", "occlusion_agreement"] == 1.0
    assert scores["randomisation_similarity"].between(0, 1).all()
    assert (scores["seconds"] > 0).all()
    assert_unchanged(epochs_before, epochs)
    assert all(torch.equal(v, _state(model)[k]) for k, v in state.items())


def test_compare_methods_without_truth_is_reproducible(simulated):
    """Without truth the AUC column is left out; random_state fixes the numbers."""
    epochs, _, model = simulated
    kwargs = dict(methods=["rollout", "study_rollout"], n_random=1, random_state=3)
    scores = compare_methods(model, epochs, **kwargs)
    assert scores.index.tolist() == ["rollout", "study_rollout"]
    assert scores.columns.tolist() == COLUMNS[1:]
    again = compare_methods(model, epochs, **kwargs)
    pd.testing.assert_frame_equal(
        scores.drop(columns="seconds"), again.drop(columns="seconds")
    )


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(methods="rollout"), TypeError, "methods must be a list or tuple"),
        (dict(methods=[]), ValueError, "methods must name at least one"),
        (
            dict(methods=["rollout", "bogus"]),
            ValueError,
            r"methods must be among .*bogus",
        ),
        (dict(methods=[1]), TypeError, "each entry of methods must be"),
        (dict(methods=["raw", "raw"]), ValueError, "must not repeat.*raw"),
        (dict(methods={"raw"}), TypeError, "methods must be"),
        (dict(n_random=0), ValueError, "n_random must be at least 1, got 0"),
        (dict(n_random=1.5), TypeError, "n_random must be"),
        (dict(truth="truth"), TypeError, "truth must be"),
        (dict(random_state="seed"), TypeError, "random_state must be"),
    ],
)
def test_compare_methods_errors(simulated, monkeypatch, kwargs, error, match):
    """Bad options are refused by name before any attention is computed."""
    epochs, _, model = simulated

    def no_work(*args, **kwargs):
        raise AssertionError("work started before the options were checked")

    monkeypatch.setattr(methods_module, "compute_attention", no_work)
    with pytest.raises(error, match=match):
        compare_methods(model, epochs, **kwargs)


def test_compare_methods_bad_model_and_truth(simulated, tiny_params):
    """Model and truth problems found by the functions below name their argument."""
    epochs, truth, model = simulated
    with pytest.raises(NotFittedError, match="model must be a fitted"):
        compare_methods(EEGTransformer(**tiny_params), epochs, methods=["raw"])
    with pytest.raises(ValueError, match="truth must"):
        compare_methods(model, epochs, truth.copy().pick(["Fz", "Cz"]), methods=["raw"])
