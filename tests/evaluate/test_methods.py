"""The study's rollout as a method, the randomisation check and compare_methods."""

import numpy as np
import pandas as pd
import pytest
import torch
from scipy.stats import spearmanr
from sklearn.exceptions import NotFittedError
from torch import nn

from mne_attention import EEGTransformer, compute_attention, compute_channel_attention
from mne_attention.attention.compute import prepare_epochs
from mne_attention.attention.rollout import normalize_rows, study_rollout
from mne_attention.datasets import simulate_epochs
from mne_attention.evaluate import compare_methods, randomisation_check, sanity
from mne_attention.evaluate import methods as methods_module

from ..conftest import TINY_PARAMS, assert_unchanged, snapshot

CHANNELS = ["Fz", "Cz", "C3", "C4", "Pz", "PO7", "PO8", "O1", "Oz", "O2"]
STEPS = ["head", "layer 1", "layer 0", "embedding"]
COLUMNS = [
    "ground_truth_auc",
    "deletion_area",
    "occlusion_agreement",
    "randomisation_similarity",
    "seconds",
]


@pytest.fixture(scope="module")
def simulated():
    """Ten channels of 1-s simulated eyes epochs (3 subjects) and a 2-layer model."""
    epochs, truth = simulate_epochs(
        "eyes",
        n_subjects=3,
        n_epochs_per_class=8,
        tmax=1 - 1 / 160,
        snr=3.0,
        random_state=0,
        verbose=False,
    )
    epochs.pick(CHANNELS)
    model = EEGTransformer(**dict(TINY_PARAMS, n_layers=2)).fit(epochs)
    return epochs, truth, model


def _state(model):
    return {k: v.detach().clone() for k, v in model.network_.state_dict().items()}


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


# ------------------------------------------------------- randomisation check
def test_randomisation_cascade_order_and_copy(simulated, monkeypatch):
    """Steps go head -> last layer -> ... -> embedding, cumulatively, on a copy."""
    epochs, _, model = simulated
    before = _state(model)
    proba = model.predict_proba(epochs)
    seen = []
    real = sanity.compute_attention

    def recording(model_, epochs_, **kwargs):
        seen.append((model_, _state(model_)))
        return real(model_, epochs_, **kwargs)

    monkeypatch.setattr(sanity, "compute_attention", recording)
    result = randomisation_check(model, epochs, "rollout", random_state=0)
    assert list(result.columns) == ["step", "spearman", "abs_spearman"]
    assert result["step"].tolist() == STEPS
    # the first call is the user's model, then one randomised copy per step
    assert seen[0][0] is model and len(seen) == 1 + len(STEPS)
    assert all(m is not model for m, _ in seen[1:])
    prefixes = [("norm.", "head."), ("layers.1.",), ("layers.0.",)]
    prefixes.append(("embedding.", "token_embedding", "class_token"))
    for k, (_, state) in enumerate(seen[1:]):
        for name, value in state.items():
            if "taper" in name or "filters" in name:  # a buffer; a fixed init
                continue
            randomised = any(
                name.startswith(p) for step in prefixes[: k + 1] for p in step
            )
            assert torch.equal(value, before[name]) != randomised, (STEPS[k], name)
    # the user's model is unchanged
    after = _state(model)
    assert all(torch.equal(before[k], after[k]) for k in before)
    np.testing.assert_array_equal(model.predict_proba(epochs), proba)
    # attention does not depend on the head: maps unchanged after the first step
    assert result["spearman"].iloc[0] == pytest.approx(1.0)
    # destroying the model's learning changes the maps
    assert result["abs_spearman"].iloc[-1] < 0.99
    assert result["abs_spearman"].iloc[-1] < result["abs_spearman"].iloc[0]
    values = result[["spearman", "abs_spearman"]].to_numpy()
    assert np.all((values >= -1) & (values <= 1))
    assert np.all(result["abs_spearman"] >= result["spearman"].abs() - 1e-12)


def test_randomisation_is_reproducible_and_leaves_global_rng(simulated):
    """The same random_state gives the same table; torch's generator is untouched."""
    epochs, _, model = simulated
    rng_state = torch.get_rng_state()
    first = randomisation_check(model, epochs, "raw", random_state=1)
    assert torch.equal(torch.get_rng_state(), rng_state)
    again = randomisation_check(
        model, epochs, "raw", random_state=np.random.RandomState(1)
    )
    pd.testing.assert_frame_equal(first, again)
    other = randomisation_check(model, epochs, "raw", random_state=2)
    assert not first.equals(other)


@pytest.mark.parametrize("method", ["occlusion", "grad_rollout", "study_rollout"])
def test_randomisation_other_methods(simulated, method):
    """Every method of compute_attention can be checked."""
    epochs, _, model = simulated
    result = randomisation_check(model, epochs, method, random_state=0)
    assert result["step"].tolist() == STEPS
    assert result[["spearman", "abs_spearman"]].abs().le(1).all().all()


def test_randomisation_errors(simulated, tiny_params):
    """Bad inputs are refused by name before any work."""
    epochs, _, model = simulated
    with pytest.raises(ValueError, match="'method' parameter"):
        randomisation_check(model, epochs, "saliency")
    with pytest.raises(TypeError, match="random_state must be"):
        randomisation_check(model, epochs, random_state="seed")
    with pytest.raises(TypeError, match="model must be"):
        randomisation_check("model", epochs)
    with pytest.raises(NotFittedError, match="model must be a fitted"):
        randomisation_check(EEGTransformer(**tiny_params), epochs)
    with pytest.raises(TypeError, match="epochs must be"):
        randomisation_check(model, epochs.get_data())


def test_rank_correlations_match_scipy():
    """Row-wise Spearman equals scipy's, ties included; constant rows give NaN."""
    rng = np.random.default_rng(0)
    first = rng.integers(0, 4, (5, 8)).astype(float)
    second = rng.standard_normal((5, 8))
    first[4] = 1.0
    rho = sanity.rank_correlations(first, second)
    for row in range(4):
        assert rho[row] == pytest.approx(spearmanr(first[row], second[row])[0])
    assert np.isnan(rho[4])


def test_reinitialise_refuses_unknown_parameters():
    """A parameter without a known initialisation is an error, not kept trained."""

    class Custom(nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = nn.Linear(2, 2)
            self.scale = nn.Parameter(torch.ones(2))

    with pytest.raises(RuntimeError, match=r"\['scale'\]"):
        sanity.reinitialise(Custom())
    sanity.reinitialise(Custom().linear)  # known modules are fine


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
