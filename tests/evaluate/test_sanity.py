"""randomisation_check: the cascade of randomised models, and its helpers."""

import numpy as np
import pandas as pd
import pytest
import torch
from scipy.stats import spearmanr
from sklearn.exceptions import NotFittedError
from torch import nn

from mne_attention import EEGTransformer
from mne_attention.evaluate import randomisation_check, sanity

from .conftest import _state

STEPS = ["head", "layer 1", "layer 0", "embedding"]


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
