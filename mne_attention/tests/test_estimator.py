"""EEGTransformer: fitting on Epochs and arrays, scikit-learn rules, bad input."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from mne_attention import EEGTransformer
from mne_attention.estimator import _validation_split


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
    assert 0 <= model.score(tiny_epochs) <= 1
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


def test_same_random_state_same_predictions(tiny_epochs, tiny_params):
    """Same seed, same numbers on CPU; another seed, other numbers."""
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
    train, val = _validation_split(targets, groups, 0.3, rng)
    assert not set(groups[train]) & set(groups[val])
    assert len(train) + len(val) == 60 and len(val) > 0
    train, val = _validation_split(targets, None, 0.2, rng)
    assert not set(train) & set(val)
    assert np.bincount(targets[val]).tolist() == [6, 6]
    train, val = _validation_split(targets, None, 0.0, rng)
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
        (dict(dropout=-0.1), ValueError, r"dropout must be in \[0.0, 1.0\), got -0.1"),
        (dict(token_dropout=1.0), ValueError, "token_dropout must be in"),
        (dict(n_layers=0), ValueError, "n_layers must be at least 1, got 0"),
        (dict(max_epochs=2.5), TypeError, "max_epochs must be an int, got float"),
        (dict(lr=0.0), ValueError, "lr must be positive"),
        (dict(class_weight="inverse"), ValueError, "class_weight"),
        (dict(device="tpu"), ValueError, "device must be 'auto'"),
        (dict(n_time_tokens=500), ValueError, "n_time_tokens must be at most n_times"),
    ],
)
def test_bad_hyper_parameters(tiny_epochs, params, error, match):
    """Unknown hyper-parameter values fail at fit with a clear message."""
    with pytest.raises(error, match=match):
        EEGTransformer(**params).fit(tiny_epochs)


def test_default_model_learns_simulated_eyes(eyes_model):
    """A default-sized model separates eyes open/closed on two held-out subjects."""
    model = eyes_model.model
    assert (model.d_model, model.n_heads, model.n_layers) == (128, 8, 5)
    assert not set(eyes_model.test.metadata["subject"]) & set(
        eyes_model.train.metadata["subject"]
    )
    assert model.score(eyes_model.test) >= 0.9
