"""EEGTransformer: fitting on Epochs and arrays, scikit-learn rules, bad input."""

import copy
import unittest.mock

import mne
import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from mne_attention import EEGTransformer
from mne_attention.datasets import simulate_epochs
from mne_attention.model._checkpoint import TrainingCheckpoint
from mne_attention.model._classes import validation_split
from mne_attention.model._training import resolve_schedule
from mne_attention.model.embedding import EMBEDDINGS

from ..conftest import lazy_copy


def test_fit_predict_on_epochs(tiny_epochs, tiny_params):
    """Classes are event_id names; predictions and probabilities line up."""
    data_before = tiny_epochs.get_data()
    model = EEGTransformer(**tiny_params)
    assert model.fit(tiny_epochs) is model
    np.testing.assert_array_equal(model.classes_, ["closed", "open"])
    assert model.ch_names_ == tiny_epochs.ch_names
    assert model.sfreq_ == 160.0 and model.n_times_ == 160
    proba = model.predict_proba(tiny_epochs)
    assert proba.shape == (len(tiny_epochs), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)
    predicted = model.predict(tiny_epochs)
    np.testing.assert_array_equal(predicted, model.classes_[proba.argmax(axis=1)])
    names = {code: name for name, code in tiny_epochs.event_id.items()}
    truth = np.array([names[code] for code in tiny_epochs.events[:, 2]])
    assert model.score(tiny_epochs) == pytest.approx(np.mean(predicted == truth))
    assert list(model.history_.columns) == [
        "epoch",
        "train_loss",
        "train_accuracy",
        "val_loss",
        "val_accuracy",
        "lr",
    ]
    assert len(model.history_) == tiny_params["max_epochs"]
    assert model.history_["val_loss"].notna().all()
    np.testing.assert_array_equal(tiny_epochs.get_data(), data_before)  # untouched


@pytest.mark.parametrize("embedding", EMBEDDINGS)
def test_same_random_state_same_predictions(tiny_epochs, tiny_params, embedding):
    """Same seed, same numbers on CPU; another seed, other numbers."""
    tiny_params["embedding"] = embedding
    first = EEGTransformer(**tiny_params).fit(tiny_epochs).predict_proba(tiny_epochs)
    second = EEGTransformer(**tiny_params).fit(tiny_epochs).predict_proba(tiny_epochs)
    np.testing.assert_array_equal(first, second)
    tiny_params["random_state"] = 1
    other = EEGTransformer(**tiny_params).fit(tiny_epochs).predict_proba(tiny_epochs)
    assert not np.allclose(first, other)


def test_validation_split_by_subject_or_stratified():
    """With groups the split never cuts a subject; without, classes stay balanced."""
    rng = np.random.RandomState(0)
    targets = np.tile([0, 1], 30)
    groups = np.repeat(np.arange(6), 10)
    train, val = validation_split(targets, groups, 0.3, rng)
    assert not set(groups[train]) & set(groups[val])
    assert len(train) + len(val) == 60 and len(val) > 0
    train, val = validation_split(targets, None, 0.2, rng)
    assert not set(train) & set(val)
    assert np.bincount(targets[val]).tolist() == [6, 6]
    train, val = validation_split(targets, None, 0.0, rng)
    assert len(train) == 60 and len(val) == 0


def test_no_validation_trains_all_epochs(tiny_epochs, tiny_params):
    """validation_size=0 runs max_epochs and records no validation figures."""
    model = EEGTransformer(validation_size=0.0, **tiny_params).fit(tiny_epochs)
    assert len(model.history_) == tiny_params["max_epochs"]
    assert model.history_["val_loss"].isna().all()


def test_arrays_and_sklearn_api(tiny_epochs, tiny_params):
    """Arrays with y work, clone/get_params/set_params/cross_val_score work."""
    X = tiny_epochs.get_data()
    y = tiny_epochs.events[:, 2]
    X_before = X.copy()
    model = EEGTransformer(**tiny_params)
    assert model.get_params()["d_model"] == 16
    model.set_params(max_epochs=2)
    assert clone(model).get_params() == model.get_params()
    model.fit(X, y)
    np.testing.assert_array_equal(model.classes_, [1, 2])
    assert model.ch_names_ is None
    assert set(model.predict(X)) <= {1, 2}
    assert not hasattr(clone(model), "network_")
    scores = cross_val_score(clone(model), X, y, cv=2)
    assert scores.shape == (2,)
    np.testing.assert_array_equal(X, X_before)


def test_predict_reorders_channels_and_checks_shape(tiny_epochs, tiny_params):
    """Channel order is matched by name; missing channels, sfreq, n_times raise."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    expected = model.predict_proba(tiny_epochs)
    reordered = tiny_epochs.copy().reorder_channels(tiny_epochs.ch_names[::-1])
    np.testing.assert_allclose(model.predict_proba(reordered), expected, rtol=1e-5)
    with pytest.raises(ValueError, match=r"missing channels .*\['O2'\]"):
        model.predict(tiny_epochs.copy().drop_channels(["O2"]))
    with pytest.raises(ValueError, match="sampled at 160.0 Hz.*got 80.0 Hz"):
        model.predict(tiny_epochs.copy().resample(80.0))
    with pytest.raises(ValueError, match="160 time samples.*got 80"):
        model.predict(tiny_epochs.copy().crop(0, 79 / 160))
    with pytest.raises(ValueError, match="6 channels like the training data, got 5"):
        model.predict(tiny_epochs.get_data()[:, :5])


def test_bad_input(tiny_epochs, tiny_params):
    """Every bad input names the argument, what was expected and what was given."""
    X = tiny_epochs.get_data()
    y = tiny_epochs.events[:, 2]
    model = EEGTransformer(**tiny_params)
    with pytest.raises(TypeError, match="X must be an instance of mne.Epochs or array"):
        model.fit("epochs")
    with pytest.raises(ValueError, match="at least 2 classes.*got only"):
        model.fit(tiny_epochs["open"])
    with pytest.raises(
        ValueError, match=r"at least 2 epochs, got fewer for \['closed'\]"
    ):
        model.fit(tiny_epochs[np.r_[np.arange(0, 48, 2), 1]])
    bad = X.copy()
    bad[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="X must hold only finite values"):
        model.fit(bad, y)
    bad[0, 0, 0] = np.inf
    with pytest.raises(ValueError, match="X must hold only finite values"):
        model.fit(bad, y)
    with pytest.raises(
        ValueError, match=r"X must have 3 dimensions.*got shape \(48, 6\)"
    ):
        model.fit(X[:, :, 0], y)
    with pytest.raises(ValueError, match=r"y must have one entry per epoch \(48\)"):
        model.fit(X, y[:-1])
    with pytest.raises(ValueError, match="y must be given when X is an array"):
        model.fit(X)
    with pytest.raises(ValueError, match="not fitted yet"):
        EEGTransformer().predict(tiny_epochs)


@pytest.mark.parametrize(
    "params, error, match",
    [
        (dict(d_model=16, n_heads=3), ValueError, "n_heads must divide d_model"),
        (dict(dropout=-0.1), ValueError, r"dropout must be in \[0, 1\), got -0.1"),
        (dict(token_dropout=1.0), ValueError, "token_dropout must be in"),
        (dict(n_layers=0), ValueError, "n_layers must be at least 1, got 0"),
        (
            dict(max_epochs=2.5),
            TypeError,
            "max_epochs must be an int or .auto., got <class 'float'>",
        ),
        (dict(lr=0.0), ValueError, r"lr must be in \(0, inf\), got 0"),
        (dict(class_weight="inverse"), ValueError, "class_weight"),
        (dict(device="tpu"), ValueError, "device must be 'auto'"),
        (dict(n_time_tokens=500), ValueError, "n_time_tokens must be at most n_times"),
        (dict(embedding="conv"), ValueError, "Invalid value for the 'embedding'"),
        (dict(n_filters=0), ValueError, "n_filters must be at least 1, got 0"),
        (
            dict(filter_length="long"),
            TypeError,
            "filter_length must be an int or 'auto'",
        ),
        (
            dict(n_time_tokens=4, filter_length=41),
            ValueError,
            r"filter_length must be at most the samples per token \(40 with "
            r"n_time_tokens=4\), got 41",
        ),
        (
            dict(batch_size="big"),
            TypeError,
            "batch_size must be an int or 'auto', got <class 'str'>",
        ),
        (dict(lr="fast"), TypeError, "lr must be"),
        (dict(refit="yes"), TypeError, "refit must be an instance of bool"),
    ],
)
def test_bad_hyper_parameters(tiny_epochs, params, error, match):
    """Unknown hyper-parameter values fail at fit with a clear message."""
    with pytest.raises(error, match=match):
        EEGTransformer(**params).fit(tiny_epochs)


@pytest.mark.slow
def test_default_model_learns_simulated_eyes(eyes_model):
    """The default model separates eyes open/closed on two held-out subjects."""
    model = eyes_model.model
    assert (model.d_model, model.n_heads, model.n_layers) == (128, 8, 5)
    assert model.embedding == "spectral" and model.refit
    assert model.schedule_["batch_size"] == 32  # about 400 training epochs
    assert not set(eyes_model.test.metadata["subject"]) & set(
        eyes_model.train.metadata["subject"]
    )
    assert model.score(eyes_model.test) >= 0.85


def test_refit_learns_from_every_epoch(tiny_epochs, tiny_params):
    """refit=True retrains on all epochs for the best number of passes;
    refit=False keeps the early-stopped network of the training subjects.
    """
    data = tiny_epochs.get_data()
    subjects = tiny_epochs.metadata["subject"].to_numpy()
    refitted = EEGTransformer(**tiny_params).fit(tiny_epochs)
    np.testing.assert_allclose(refitted.mean_, data.mean(axis=(0, 2)), rtol=1e-5)
    history = refitted.history_
    assert history["val_accuracy"].notna().all()
    # the first pass with the best validation accuracy, ties broken by the loss
    ranked = history.sort_values(
        ["val_accuracy", "val_loss"], ascending=[False, True], kind="stable"
    )
    assert refitted.best_epoch_ == ranked["epoch"].iloc[0]
    kept = EEGTransformer(**tiny_params, refit=False).fit(tiny_epochs)
    assert kept.best_epoch_ == refitted.best_epoch_  # the same early-stopped run
    without_one = [data[subjects != s].mean(axis=(0, 2)) for s in (1, 2, 3)]
    assert any(np.allclose(kept.mean_, m, rtol=1e-5) for m in without_one)
    assert not np.allclose(kept.mean_, refitted.mean_)
    assert not np.allclose(
        kept.predict_proba(tiny_epochs), refitted.predict_proba(tiny_epochs)
    )
    alone = EEGTransformer(**tiny_params, validation_size=0.0).fit(tiny_epochs)
    assert alone.best_epoch_ is None


def test_auto_settings_follow_the_data_size():
    """The documented rule, from a hundred epochs to a hundred thousand."""
    auto = dict.fromkeys(
        ("batch_size", "lr", "max_epochs", "warmup_epochs", "patience"), "auto"
    )
    small = resolve_schedule(100, **auto)
    assert small == dict(
        batch_size=16,
        lr=pytest.approx(5e-4 * np.sqrt(0.5)),
        max_epochs=60,
        warmup_epochs=3,
        patience=12,
    )
    medium = resolve_schedule(5000, **auto)  # 5000 / 16 = 312 -> 256
    assert medium["batch_size"] == 256 and medium["max_epochs"] == 50
    assert medium["lr"] == pytest.approx(5e-4 * np.sqrt(8))
    large = resolve_schedule(100_000, **auto)
    assert large["batch_size"] == 256 and large["max_epochs"] == 10
    assert (large["warmup_epochs"], large["patience"]) == (1, 5)
    # numbers are kept, and the others follow them
    fixed = resolve_schedule(100_000, **dict(auto, batch_size=32, max_epochs=7))
    assert fixed["batch_size"] == 32 and fixed["max_epochs"] == 7
    assert fixed["lr"] == pytest.approx(5e-4)
    assert (fixed["warmup_epochs"], fixed["patience"]) == (1, 5)


def test_fitted_settings_are_recorded(tiny_epochs, tiny_params):
    """schedule_ and filter_length_ hold what training used, "auto" resolved."""
    params = dict(tiny_params, batch_size="auto", lr="auto", n_time_tokens=2)
    model = EEGTransformer(**params).fit(tiny_epochs)
    # 32 training epochs: the power of two nearest 2 is below the minimum of 16
    assert model.schedule_ == resolve_schedule(
        32,
        batch_size="auto",
        lr="auto",
        max_epochs=3,
        warmup_epochs=1,
        patience="auto",
    )
    assert model.schedule_["batch_size"] == 16
    assert model.filter_length_ == 65  # 0.4 s at 160 Hz, within 80 samples
    model.set_params(n_time_tokens=4).fit(tiny_epochs)
    assert model.filter_length_ == 40  # capped at the 40 samples per token
    assert model.network_.embedding.filters.shape == (32, 40)


def test_verbose_of_the_estimator_applies_to_fit(tiny_epochs, tiny_params, capsys):
    """EEGTransformer(verbose=False) trains quietly; fit(verbose=...) overrides it."""
    with mne.utils.use_log_level("info"):
        EEGTransformer(**tiny_params, verbose=False).fit(tiny_epochs)
        assert "Training on" not in capsys.readouterr().out
        EEGTransformer(**tiny_params, verbose=False).fit(tiny_epochs, verbose=True)
        assert "Training on 32 epochs" in capsys.readouterr().out
    EEGTransformer(**tiny_params, verbose=True).fit(tiny_epochs)
    assert "spectral embedding" in capsys.readouterr().out


def test_default_embedding_learns_held_out_subjects():
    """A small spectral model beats chance on unseen simulated subjects at the
    default SNR, where the original study's linear embedding stays at chance.
    """
    epochs, _ = simulate_epochs(
        "eyes", n_subjects=6, n_epochs_per_class=20, random_state=0
    )
    test = epochs.metadata["subject"].to_numpy() > 4
    params = dict(
        d_model=32, n_heads=2, n_layers=1, max_epochs=25, lr=1e-3, random_state=0
    )
    spectral = EEGTransformer(**params).fit(epochs[~test])
    assert spectral.score(epochs[test]) >= 0.75
    linear = EEGTransformer(embedding="linear", **params).fit(epochs[~test])
    assert linear.score(epochs[test]) <= 0.65


def test_spectral_level_model_learns_band_power_alone():
    """Classes that differ only in the power of one band: learned with the
    level, at chance without it.

    Every channel carries the same band of noise, stronger on three channels
    in one class: each token has the band's spectral shape whatever its
    class, so only its level tells the classes apart (band-pass filtered data,
    one model per band, as in the original study).
    """
    rng = np.random.default_rng(0)
    n_epochs, n_channels, sfreq = 160, 8, 80.0
    noise = rng.standard_normal((n_epochs, n_channels, 160))
    data = mne.filter.filter_data(noise, sfreq, 8.0, 13.0, verbose=False)
    labels = np.arange(n_epochs) % 2
    data[labels == 1, :3] *= 2.0
    train = np.arange(n_epochs) < 120
    params = dict(
        d_model=16,
        n_heads=2,
        n_layers=1,
        n_filters=8,
        max_epochs=20,
        lr=2e-3,
        random_state=0,
    )
    scores = {
        embedding: EEGTransformer(embedding=embedding, **params)
        .fit(data[train], labels[train])
        .score(data[~train], labels[~train])
        for embedding in ("spectral_level", "spectral")
    }
    assert scores["spectral_level"] >= 0.9
    assert scores["spectral"] <= 0.65


def test_diverging_fit_stops_with_a_clear_error(tiny_epochs, tiny_params):
    """A loss that becomes NaN ends the fit, naming the pass and the remedies."""
    model = EEGTransformer(**{**tiny_params, "lr": 1e8})
    with pytest.raises(ValueError, match=r"diverged.*loss became nan in pass 1.*lr"):
        model.fit(tiny_epochs)
    assert not hasattr(model, "network_")


def test_data_far_off_the_training_scale_is_refused(tiny_epochs, tiny_params):
    """Never NaN probabilities: values far off the training scale are an error."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    X = tiny_epochs.get_data()
    with pytest.raises(ValueError, match=r"scale of the training data.*units"):
        model.predict_proba(X * 1e30)
    one_off = X.copy()
    one_off[0] *= 1e30
    with pytest.raises(ValueError, match=r"scale of the training data.*artefactual"):
        EEGTransformer(**tiny_params).fit(one_off, tiny_epochs.events[:, 2])
    with pytest.raises(ValueError, match=r"magnitude below 3.4e\+38.*got 1e\+40"):
        model.predict(np.full_like(X, 1e40))


def test_lazy_epochs_fit_like_preloaded(tiny_epochs, tiny_params):
    """Epochs with preload=False and unchecked bad epochs train the same model."""
    lazy = lazy_copy(tiny_epochs, extra_events=[-1])  # the last is dropped
    expected = EEGTransformer(**tiny_params).fit(tiny_epochs[:-1])
    model = EEGTransformer(**tiny_params).fit(lazy)
    assert not lazy.preload and not lazy._bad_dropped
    np.testing.assert_allclose(
        model.predict_proba(tiny_epochs), expected.predict_proba(tiny_epochs), atol=1e-6
    )


def test_predict_refuses_bad_channels_and_other_tmin(tiny_epochs, tiny_params):
    """A model channel marked bad, or shifted time windows, are not used silently."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    marked = tiny_epochs.copy()
    marked.info["bads"] = ["O1"]
    with pytest.raises(
        ValueError, match=r"marks channels the model needs as bad: \['O1'\]"
    ):
        model.predict(marked)
    shifted = tiny_epochs.copy().shift_time(-0.5)
    with pytest.raises(ValueError, match=r"tmin=0 s like the training.*got -0.5 s"):
        model.predict(shifted)


def test_constant_channels_and_oversized_models_are_refused(tiny_epochs, tiny_params):
    """Flat training channels and models that cannot fit in memory fail up front."""
    flat = tiny_epochs.get_data()
    flat[:, 2] = 1e-6
    with pytest.raises(ValueError, match=r"constant channels \[2\].*bads"):
        EEGTransformer(**tiny_params).fit(flat, tiny_epochs.events[:, 2])
    huge = dict(tiny_params, d_model=2**16, n_heads=2, n_layers=64)
    with pytest.raises(ValueError, match=r"need about .* GiB to train.*lower d_model"):
        EEGTransformer(**huge).fit(tiny_epochs)


def _same_weights(a, b):
    first, second = a.network_.state_dict(), b.network_.state_dict()
    return first.keys() == second.keys() and all(
        torch.equal(first[key], second[key]) for key in first
    )


@pytest.mark.parametrize("interrupt_at", [1, 3, 5])  # early stopping run, refit
def test_checkpoint_resumes_an_interrupted_fit(
    tiny_epochs, tiny_params, tmp_path, monkeypatch, interrupt_at
):
    """An interrupted fit resumed from its checkpoint ends with the same weights."""
    params = dict(tiny_params, patience=10)
    uninterrupted = EEGTransformer(**params).fit(tiny_epochs)
    assert uninterrupted.best_epoch_ is not None  # early stopping, then a refit
    checkpoint = tmp_path / "fit.ckpt"
    save = TrainingCheckpoint.save
    calls = []

    def save_then_interrupt(self, **state):
        save(self, **state)
        calls.append(state["stage"])
        if len(calls) == interrupt_at:
            raise KeyboardInterrupt

    monkeypatch.setattr(TrainingCheckpoint, "save", save_then_interrupt)
    model = EEGTransformer(**params)
    with pytest.raises(KeyboardInterrupt):
        model.fit(tiny_epochs, checkpoint=checkpoint)
    assert not hasattr(model, "network_")  # still unfitted
    assert checkpoint.exists() and not list(tmp_path.glob(".*.tmp"))
    monkeypatch.setattr(TrainingCheckpoint, "save", save)
    model.fit(tiny_epochs, checkpoint=checkpoint)
    assert _same_weights(model, uninterrupted)
    assert model.best_epoch_ == uninterrupted.best_epoch_
    pd.testing.assert_frame_equal(model.history_, uninterrupted.history_)
    assert not checkpoint.exists()  # removed once the fit has finished


def test_checkpoint_of_another_fit_is_refused(
    tiny_epochs, tiny_params, tmp_path, monkeypatch
):
    """A checkpoint is never resumed or overwritten by a different fit."""
    checkpoint = tmp_path / "fit.ckpt"
    save = TrainingCheckpoint.save

    def save_then_interrupt(self, **state):
        save(self, **state)
        raise KeyboardInterrupt

    monkeypatch.setattr(TrainingCheckpoint, "save", save_then_interrupt)
    model = EEGTransformer(**tiny_params)
    with pytest.raises(KeyboardInterrupt):
        model.fit(tiny_epochs, checkpoint=checkpoint)
    written = checkpoint.read_bytes()
    for other, X in (
        (EEGTransformer(**dict(tiny_params, random_state=1)), tiny_epochs),
        (EEGTransformer(**dict(tiny_params, d_model=8)), tiny_epochs),
        (model, tiny_epochs[:-2]),
    ):
        with pytest.raises(ValueError, match="holds a fit of other data"):
            other.fit(X, checkpoint=checkpoint)
    assert checkpoint.read_bytes() == written
    with pytest.raises(
        ValueError, match="random_state must be an int when a checkpoint"
    ):
        EEGTransformer(**dict(tiny_params, random_state=None)).fit(
            tiny_epochs, checkpoint=checkpoint
        )
    with pytest.raises(
        FileNotFoundError, match="checkpoint must be a path in an existing folder"
    ):
        model.fit(tiny_epochs, checkpoint=tmp_path / "missing" / "fit.ckpt")
    with pytest.raises(ValueError, match="checkpoint must be a file name"):
        model.fit(tiny_epochs, checkpoint=tmp_path)
    (tmp_path / "junk.ckpt").write_text("not a checkpoint")
    with pytest.raises(ValueError, match="checkpoint must be a file written by"):
        model.fit(tiny_epochs, checkpoint=tmp_path / "junk.ckpt")


def test_keyboard_interrupt_leaves_a_fitted_model_as_it_was(tiny_epochs, tiny_params):
    """Interrupting a refit keeps the previous fit, whole."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    before = copy.deepcopy(model.network_.state_dict())
    history = model.history_.copy()
    with pytest.raises(KeyboardInterrupt):
        with unittest.mock.patch(
            "mne_attention.model._training._evaluate", side_effect=KeyboardInterrupt
        ):
            model.fit(tiny_epochs[::-1])
    state = model.network_.state_dict()
    assert all(torch.equal(before[key], state[key]) for key in before)
    pd.testing.assert_frame_equal(model.history_, history)
