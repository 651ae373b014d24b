"""fit_attention: cross-fitted attention, folds by subject, per-band models."""

import mne
import numpy as np
import pytest
from sklearn.model_selection import KFold

from mne_attention import AttentionResult, compute_attention, fit_attention

from ..conftest import FixedFolds

SMALL = dict(d_model=16, n_heads=2, n_layers=1, max_epochs=2, batch_size=16)


def test_cross_fitted_attention(tiny_epochs):
    """Each epoch's attention comes from the model of the fold that held it out."""
    result = fit_attention(tiny_epochs, cv=3, random_state=0, **SMALL)
    assert isinstance(result, AttentionResult)
    assert len(result.models) == len(result.folds) == 3
    held_out = np.sort(np.concatenate(result.folds))
    np.testing.assert_array_equal(held_out, np.arange(len(tiny_epochs)))
    subjects = tiny_epochs.metadata["subject"].to_numpy()
    fold_subjects = [set(subjects[test]) for test in result.folds]
    for i in range(3):  # grouped by subject: no subject in two folds
        for j in range(i + 1, 3):
            assert not fold_subjects[i] & fold_subjects[j]
    attention = result.attention
    np.testing.assert_array_equal(
        attention.metadata["fold"],
        np.argmax([np.isin(np.arange(48), t) for t in result.folds], axis=0),
    )
    for model, test in zip(result.models, result.folds):
        direct = compute_attention(model, tiny_epochs[test])
        np.testing.assert_allclose(
            attention.get_data()[test], direct.get_data(), rtol=1e-6
        )
        accuracy = np.mean(
            model.predict(tiny_epochs[test]) == direct.metadata["predicted"]
        )
        assert accuracy == 1.0
    expected_scores = [
        model.score(tiny_epochs[test])
        for model, test in zip(result.models, result.folds)
    ]
    np.testing.assert_allclose(result.fold_scores, expected_scores)
    assert result.mean_score == pytest.approx(np.mean(expected_scores))
    assert [e.comment for e in result.average()] == ["open", "closed"]
    assert "3 folds" in repr(result)


def test_same_seed_same_result_and_splitter(tiny_epochs):
    """random_state fixes folds and models; a splitter object is accepted."""
    first = fit_attention(tiny_epochs, cv=3, random_state=1, **SMALL)
    second = fit_attention(tiny_epochs, cv=3, random_state=1, **SMALL)
    np.testing.assert_array_equal(
        first.attention.get_data(), second.attention.get_data()
    )
    no_subjects = tiny_epochs.copy()
    no_subjects.metadata = None
    result = fit_attention(no_subjects, cv=KFold(2), random_state=0, **SMALL)
    np.testing.assert_array_equal(result.folds[0], np.arange(24))


def test_bands_train_on_filtered_data(tiny_epochs):
    """One result per band, each from models trained on band-passed epochs."""
    bands = {"alpha": (8.0, 12.0), "high": (30.0, None)}
    results = fit_attention(tiny_epochs, cv=3, random_state=0, bands=bands, **SMALL)
    assert list(results) == ["alpha", "high"]
    broad = fit_attention(tiny_epochs, cv=3, random_state=0, **SMALL)
    for name, result in results.items():
        assert result.band == bands[name]
        # narrow-band input has less variance than the broadband input
        assert np.all(result.models[0].std_ < broad.models[0].std_)
        assert not np.allclose(result.attention.get_data(), broad.attention.get_data())


def test_keep_correct(tiny_epochs):
    """keep='correct' drops held-out misclassified epochs."""
    result = fit_attention(tiny_epochs, cv=3, random_state=0, keep="correct", **SMALL)
    assert result.attention.metadata["correct"].all()
    n_dropped = sum(1 for log in result.attention.drop_log if log == ("MISCLASSIFIED",))
    assert n_dropped + len(result.attention) == len(tiny_epochs)


def test_fit_attention_errors(tiny_epochs):
    """Bad arguments are refused before any training."""
    with pytest.raises(TypeError, match="epochs must be an instance of mne.Epochs"):
        fit_attention(tiny_epochs.get_data())
    with pytest.raises(
        ValueError, match=r"cv must be at most the number of subjects \(3\)"
    ):
        fit_attention(tiny_epochs, cv=5)
    with pytest.raises(ValueError, match="cv must be at least 2, got 1"):
        fit_attention(tiny_epochs, cv=1)
    with pytest.raises(TypeError, match="cv must be an int or a scikit-learn splitter"):
        fit_attention(tiny_epochs, cv="five")
    with pytest.raises(TypeError, match=r"model_params must be .*got \['n_layer'\]"):
        fit_attention(tiny_epochs, cv=3, n_layer=2)
    with pytest.raises(
        ValueError, match=r"bands\['alpha'\] must be a \(l_freq, h_freq\) pair"
    ):
        fit_attention(tiny_epochs, bands={"alpha": 10})
    with pytest.raises(
        ValueError, match=r"bands\['alpha'\] must satisfy 0 < l_freq < h_freq"
    ):
        fit_attention(tiny_epochs, bands={"alpha": (12, 8)})
    with pytest.raises(ValueError, match=r"Nyquist \(80.0 Hz\)"):
        fit_attention(tiny_epochs, bands={"gamma": (30, 100)})
    with pytest.raises(ValueError, match="'method' parameter"):
        fit_attention(tiny_epochs, method="lime")


@pytest.mark.parametrize(
    "folds, match",
    [
        ((np.arange(0, 20), np.arange(20, 47)), r"epochs \[47\] are in no test fold"),
        (
            (np.arange(0, 25), np.arange(24, 48)),
            r"epochs \[24\] are in more than one test fold",
        ),
        ((np.arange(0, 24), np.arange(24, 49)), r"test indices in \[0, 47\]"),
    ],
)
def test_splitter_must_cover_every_epoch_once(tiny_epochs, folds, match):
    """Uncovered or repeated epochs are refused before any training."""
    with pytest.raises(ValueError, match=f"cv must .*{match}"):
        fit_attention(tiny_epochs, cv=FixedFolds(*folds), **SMALL)


def test_lazy_epochs_cross_fit_like_preloaded(tiny_epochs, tmp_path):
    """Epochs read with preload=False give the same cross-fitted attention."""
    fname = tmp_path / "tiny-epo.fif"
    tiny_epochs.save(fname)
    lazy = mne.read_epochs(fname, preload=False, verbose=False)
    expected = fit_attention(tiny_epochs, cv=3, random_state=0, **SMALL)
    result = fit_attention(lazy, cv=3, random_state=0, bands=None, **SMALL)
    np.testing.assert_allclose(
        result.attention.get_data(), expected.attention.get_data(), atol=1e-6
    )
    banded = fit_attention(
        lazy, cv=3, random_state=0, bands={"alpha": (8, 12)}, **SMALL
    )
    assert not lazy.preload and len(banded["alpha"].attention) == len(tiny_epochs)
