"""Deletion and insertion curves on a hand-wired model with known answers."""

import matplotlib.pyplot as plt
import mne
import numpy as np
import pytest
import torch
from sklearn.exceptions import NotFittedError

from mne_attention import AttentionEpochs, EEGTransformer, compute_attention
from mne_attention.evaluate import CurveResult, deletion_curve, insertion_curve

from ..conftest import TINY_PARAMS, assert_unchanged, lazy_copy, snapshot
from .conftest import USED, OneChannelNetwork


def _true_proba(model, data, epochs):
    """Mean true-class probability of the model on standardised ``data``."""
    with torch.no_grad():
        proba = model.network_(data).softmax(dim=1).numpy()
    labels = epochs.events[:, 2] - 1  # open=1, closed=2
    classes = [epochs.event_id[name] - 1 for name in model.classes_]
    true = np.array([classes.index(label) for label in labels])
    return proba[np.arange(len(true)), true].mean()


def _channel_map(model, first):
    """An array map (model order) that ranks ``USED`` first or last."""
    values = np.ones(len(model.ch_names_))
    values[model.ch_names_.index(USED)] = 2.0 if first else 0.0
    return values


# ------------------------------------------------------------------ known answers
def test_deletion_of_the_used_channel_known_answer(tiny_epochs, one_channel):
    """Ranked first, the used channel drops the probability at once; last, at the end."""
    model, n = one_channel, 6
    data, _ = model.prepare_input(tiny_epochs)
    p_full = _true_proba(model, data, tiny_epochs)
    without = data.clone()
    without[:, model.ch_names_.index(USED)] = 0
    p_without = _true_proba(model, without, tiny_epochs)
    assert p_full - p_without > 0.3  # the model needs that channel
    first = deletion_curve(
        model, tiny_epochs, _channel_map(model, True), n_random=20, random_state=0
    )
    assert isinstance(first, CurveResult) and first.kind == "deletion"
    np.testing.assert_array_equal(first.steps, np.arange(n + 1))
    np.testing.assert_allclose(first.fractions, np.arange(n + 1) / n)
    np.testing.assert_allclose(first.proba, [p_full] + [p_without] * n, rtol=1e-5)
    expected_area = (p_full - p_without) * (n - 1) / (2 * n)
    assert first.area > 0.15
    np.testing.assert_allclose(first.area, expected_area, atol=0.03)
    # random orders reach the used channel at a uniform step
    expected_random = p_full - (p_full - p_without) * np.arange(n + 1) / n
    np.testing.assert_allclose(first.random_proba, expected_random, atol=0.05)
    assert first.random_proba_std[0] == first.random_proba_std[-1] == 0
    assert np.all(first.random_proba_std[1:-1] > 0)
    last = deletion_curve(
        model, tiny_epochs, _channel_map(model, False), n_random=20, random_state=0
    )
    np.testing.assert_allclose(last.proba, [p_full] * n + [p_without], rtol=1e-5)
    np.testing.assert_allclose(last.area, -expected_area, atol=0.03)
    np.testing.assert_array_equal(last.random_proba, first.random_proba)
    assert first.accuracy[0] == 1.0 and first.accuracy[1] == 0.5  # all say "open"


def test_insertion_of_the_used_channel_known_answer(tiny_epochs, one_channel):
    """Restoring the used channel first brings the full prediction back at once."""
    model, n = one_channel, 6
    data, _ = model.prepare_input(tiny_epochs)
    p_full = _true_proba(model, data, tiny_epochs)
    p_none = _true_proba(model, torch.zeros_like(data), tiny_epochs)
    first = insertion_curve(
        model, tiny_epochs, _channel_map(model, True), n_random=10, random_state=1
    )
    assert first.kind == "insertion"
    np.testing.assert_allclose(first.proba, [p_none] + [p_full] * n, rtol=1e-5)
    np.testing.assert_allclose(first.area, (p_full - p_none) * (n - 1) / (2 * n), 0.1)
    last = insertion_curve(
        model, tiny_epochs, _channel_map(model, False), n_random=10, random_state=1
    )
    assert last.area < -0.15


def test_random_maps_score_near_zero(tiny_epochs, one_channel):
    """Per-epoch random orders are no better than the random baseline."""
    rng = np.random.default_rng(0)
    info = mne.create_info(one_channel.ch_names_, 1.0, "eeg")
    areas = []
    for seed in range(4):
        maps = AttentionEpochs(
            rng.random((len(tiny_epochs), 6, 1)),
            info,
            events=tiny_epochs.events,
            event_id=tiny_epochs.event_id,
            verbose=False,
        )
        result = deletion_curve(
            one_channel, tiny_epochs, maps, n_random=4, n_steps=4, random_state=seed
        )
        areas.append(result.area)
    assert abs(np.mean(areas)) < 0.05
    assert max(abs(a) for a in areas) < 0.1


def test_deleting_every_channel_is_the_training_mean(tiny_epochs, tiny_model):
    """End points: the intact epochs, and every channel at its training mean."""
    attention = compute_attention(tiny_model, tiny_epochs)
    before = snapshot((tiny_epochs, attention))
    deletion = deletion_curve(
        tiny_model, tiny_epochs, attention, n_random=2, n_steps=3, random_state=0
    )
    insertion = insertion_curve(
        tiny_model, tiny_epochs, attention, n_random=2, n_steps=3, random_state=0
    )
    assert_unchanged(before, (tiny_epochs, attention))
    np.testing.assert_array_equal(deletion.steps, [0, 3, 6])
    proba = tiny_model.predict_proba(tiny_epochs)
    classes = tiny_model.classes_.tolist()
    names = {code: name for name, code in tiny_epochs.event_id.items()}
    true = [classes.index(names[code]) for code in tiny_epochs.events[:, 2]]
    p_full = proba[np.arange(len(true)), true].mean()
    mean_epochs = mne.EpochsArray(
        np.broadcast_to(tiny_model.mean_[None, :, None], tiny_epochs.get_data().shape),
        tiny_epochs.info,
        events=tiny_epochs.events,
        event_id=tiny_epochs.event_id,
        verbose=False,
    )
    proba_mean = tiny_model.predict_proba(mean_epochs)
    p_mean = proba_mean[np.arange(len(true)), true].mean()
    for result, ends in ((deletion, (p_full, p_mean)), (insertion, (p_mean, p_full))):
        np.testing.assert_allclose(result.proba[[0, -1]], ends, rtol=1e-4)
        np.testing.assert_allclose(result.random_proba[[0, -1]], ends, rtol=1e-4)
        np.testing.assert_array_equal(result.random_proba_std[[0, -1]], 0)
    assert deletion.accuracy[0] == tiny_model.score(tiny_epochs)
    assert "deletion, 3 steps over 6 channels, 48 epochs, 2 random" in repr(deletion)


def test_curves_are_reproducible_and_maps_match_by_name(tiny_epochs, one_channel):
    """Same seed, same numbers; the same map as array, Evoked and epochs agrees."""
    values = np.arange(6.0)[:, None] * np.ones((1, 2))
    kwargs = dict(n_random=3, n_steps=4)
    result = deletion_curve(one_channel, tiny_epochs, values, random_state=7, **kwargs)
    again = deletion_curve(one_channel, tiny_epochs, values, random_state=7, **kwargs)
    other = deletion_curve(one_channel, tiny_epochs, values, random_state=8, **kwargs)
    for name in ("proba", "accuracy", "random_proba", "random_proba_std"):
        np.testing.assert_array_equal(getattr(result, name), getattr(again, name))
    assert not np.array_equal(result.random_proba, other.random_proba)
    reversed_names = one_channel.ch_names_[::-1]
    evoked = mne.EvokedArray(
        values[::-1], mne.create_info(reversed_names, 1.0, "eeg"), verbose=False
    )
    epochs_map = AttentionEpochs(
        np.broadcast_to(values[::-1], (len(tiny_epochs), 6, 2)).copy(),
        mne.create_info(reversed_names, 1.0, "eeg"),
        events=tiny_epochs.events,
        event_id=tiny_epochs.event_id,
        verbose=False,
    )
    for same in (values.sum(axis=1), evoked, epochs_map):
        got = deletion_curve(one_channel, tiny_epochs, same, random_state=7, **kwargs)
        np.testing.assert_array_equal(got.proba, result.proba)
        assert got.area == result.area


def test_lazy_and_reordered_epochs_give_the_same_curve(tiny_epochs, one_channel):
    """Epochs are matched to the model by channel name, lazy or not."""
    values = _channel_map(one_channel, True)
    kwargs = dict(n_random=2, n_steps=3, random_state=0)
    result = insertion_curve(one_channel, tiny_epochs, values, **kwargs)
    lazy = lazy_copy(tiny_epochs)
    reordered = tiny_epochs.copy().reorder_channels(tiny_epochs.ch_names[::-1])
    for epochs in (lazy, reordered):
        before = snapshot(epochs)
        got = insertion_curve(one_channel, epochs, values, **kwargs)
        assert_unchanged(before, epochs)
        np.testing.assert_allclose(got.proba, result.proba, rtol=1e-6)
        np.testing.assert_allclose(got.random_proba, result.random_proba, rtol=1e-6)


def test_curve_plot(tiny_epochs, one_channel):
    result = insertion_curve(
        one_channel, tiny_epochs, _channel_map(one_channel, True), n_random=2
    )
    fig = result.plot(show=False)
    assert len(fig.axes) == 2
    assert fig.axes[0].get_title().startswith("Insertion (area +")
    assert len(fig.axes[0].lines) == 2 and len(fig.axes[0].collections) == 1
    fig2, axes = plt.subplots(1, 2)
    assert result.plot(axes=axes, show=False) is fig2
    with pytest.raises(ValueError, match="axes must be two matplotlib Axes"):
        result.plot(axes=axes[0], show=False)
    with pytest.raises(TypeError, match="show must be"):
        result.plot(show=1)


def _events_shifted(epochs):
    attention = epochs.copy()
    attention.events[:, 0] += 1
    return attention


CURVE_BAD = [
    (dict(model="model"), TypeError, "model must be an instance of EEGTransformer"),
    (dict(model=EEGTransformer()), NotFittedError, "model must be a fitted"),
    (dict(epochs=np.zeros((2, 6, 160))), TypeError, "epochs must be an instance"),
    (dict(attention=[1.0] * 6), TypeError, "attention must be an instance of"),
    (dict(attention=np.ones(5)), ValueError, "attention must have one row per chan"),
    (dict(attention=np.ones((6, 2, 2))), ValueError, r"shape \(n_channels,\)"),
    (dict(attention=np.r_[np.nan, np.ones(5)]), ValueError, "finite values, got 1"),
    (dict(attention=np.ones(6) + 1j), TypeError, "attention must hold real"),
    (
        dict(attention=np.array(list("abcdef"))),
        TypeError,
        "attention must hold real numbers",
    ),
    (dict(attention="epochs[:10]"), ValueError, "one map per epoch of epochs .48."),
    (dict(attention="shifted"), ValueError, "attention must belong to epochs"),
    (dict(attention="no O1"), ValueError, r"every channel of the model, missing \['O1"),
    (dict(n_random=0), ValueError, "n_random must be at least 1, got 0"),
    (dict(n_random=2.0), TypeError, "n_random must be an int"),
    (dict(n_steps=1), ValueError, "n_steps must be at least 2, got 1"),
    (dict(n_steps=8), ValueError, r"n_steps must be at most n_channels \+ 1 \(7\)"),
    (dict(n_steps=True), TypeError, "n_steps must be an int"),
    (dict(random_state="seed"), TypeError, "random_state must be an instance of"),
    (dict(epochs="renamed"), ValueError, "epochs must hold only the model's classes"),
]


@pytest.mark.parametrize("curve", [deletion_curve, insertion_curve])
@pytest.mark.parametrize("bad, error, match", CURVE_BAD)
def test_curve_bad_inputs(tiny_epochs, one_channel, curve, bad, error, match):
    args = dict(
        model=one_channel,
        epochs=tiny_epochs,
        attention=np.ones(6),
        n_random=1,
        n_steps=2,
        random_state=0,
    )
    args.update(bad)
    uniform = AttentionEpochs(
        np.ones((len(tiny_epochs), 6, 1)),
        mne.create_info(tiny_epochs.ch_names, 1.0, "eeg"),
        events=tiny_epochs.events,
        event_id=tiny_epochs.event_id,
        verbose=False,
    )
    special = {
        "epochs[:10]": uniform[:10],
        "shifted": _events_shifted(uniform),
        "no O1": uniform.average().drop_channels(["O1"]),
    }
    if isinstance(args["attention"], str):
        args["attention"] = special[args["attention"]]
    if isinstance(args["epochs"], str):
        epochs = tiny_epochs.copy()
        epochs.event_id = {"open": 1, "shut": 2}
        args["epochs"] = epochs
    before = snapshot(args["attention"])
    with pytest.raises(error, match=match):
        curve(**args)
    assert_unchanged(before, args["attention"])


def test_token_units_replace_one_window_at_a_time(tiny_epochs):
    """unit="token" replaces (channel, window) tokens: half of O1, then all of it."""
    model = EEGTransformer(**{**TINY_PARAMS, "max_epochs": 1, "n_time_tokens": 2}).fit(
        tiny_epochs
    )
    used = model.ch_names_.index(USED)
    model.network_ = OneChannelNetwork(
        model.layout_, used, model.classes_.tolist().index("closed")
    )
    values = np.zeros((6, 2))
    values[used] = [2.0, 1.0]  # O1's first window, then its second
    tokens = deletion_curve(
        model, tiny_epochs, values, unit="token", n_random=1, random_state=0
    )
    channels = deletion_curve(model, tiny_epochs, values, n_random=1, random_state=0)
    assert (tokens.unit, tokens.n_units, len(tokens.steps)) == ("token", 12, 13)
    assert (channels.unit, channels.n_units, len(channels.steps)) == ("channel", 6, 7)
    # both tokens gone = the whole channel gone
    np.testing.assert_allclose(tokens.proba[2], channels.proba[1], rtol=1e-6)
    p_full, p_half, p_none = tokens.proba[:3]
    assert p_full - p_half > 0.02 and p_half - p_none > 0.02
    assert tokens.area > 0
    with pytest.raises(ValueError, match="Invalid value for the 'unit' parameter"):
        deletion_curve(model, tiny_epochs, values, unit="window")
