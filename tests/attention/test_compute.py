"""compute_attention / compute_channel_attention on tiny and hand-wired models."""

import numpy as np
import pytest
import torch
from torch.nn import functional as F

import mne_attention as mnea
from mne_attention import EEGTransformer, compute_attention, compute_channel_attention
from mne_attention.model.embedding import EMBEDDINGS

from ..conftest import lazy_copy

TARGET_CHANNEL = "C4"


def _forced_model(epochs, n_windows, target_window, embedding):
    """A fitted model rewired so that every token attends to one (channel, window).

    Token contents are ignored (zero embedding weights), only the target token has an
    embedding, and every layer's key projection makes that token's key match
    a constant query; the residual stream never changes (zero outputs).
    """
    model = EEGTransformer(
        d_model=8,
        n_heads=2,
        n_layers=2,
        n_time_tokens=n_windows,
        embedding=embedding,
        max_epochs=1,
        batch_size=16,
        random_state=0,
    ).fit(epochs)
    network = model.network_
    channel = model.ch_names_.index(TARGET_CHANNEL)
    target = model.layout_.token_index(channel, target_window)
    with torch.no_grad():
        for parameter in network.parameters():
            parameter.zero_()
        embedding = torch.linspace(-1.0, 1.0, 8)
        network.token_embedding[0, target - 1] = embedding
        normalised = F.layer_norm(embedding, (8,))
        for layer in network.layers:
            layer.norm_attention.weight.fill_(1.0)
            layer.norm_mlp.weight.fill_(1.0)
            qkv = layer.attention.qkv
            qkv.bias[:8] = normalised  # the same query for every token
            qkv.weight[8:16] = 20 * torch.eye(8)  # only the target has a key
        network.norm.weight.fill_(1.0)
    return model, channel


@pytest.mark.parametrize("embedding", EMBEDDINGS)
@pytest.mark.parametrize("n_windows, target_window", [(1, 0), (4, 2)])
@pytest.mark.parametrize("method", ["raw", "rollout"])
def test_forced_attention_lights_the_right_channel_and_window(
    tiny_epochs, n_windows, target_window, method, embedding
):
    """The token -> (channel, window) mapping survives all the way to MNE objects."""
    model, channel = _forced_model(tiny_epochs, n_windows, target_window, embedding)
    attention = compute_attention(model, tiny_epochs, method=method)
    data = attention.get_data()
    assert data.shape == (len(tiny_epochs), 6, n_windows)
    flat_best = data.reshape(len(data), -1).argmax(axis=1)
    assert np.all(flat_best == channel * n_windows + target_window)
    assert np.all(data[:, channel, target_window] > 0.5)
    np.testing.assert_allclose(data.sum(axis=(1, 2)), 1, rtol=1e-6)
    matrix = compute_channel_attention(model, tiny_epochs, method=method).data
    assert np.all(matrix.argmax(axis=2) == channel)  # every receiver listens to C4


@pytest.mark.parametrize("method", ["raw", "rollout"])
def test_forced_link_is_significant(tiny_epochs, method):
    """Only the links into the forced channel beat uniform attention."""
    model, channel = _forced_model(tiny_epochs, 2, 1, "linear")
    chan = compute_channel_attention(model, tiny_epochs, method=method)
    assert chan.sem.shape == chan.data.shape and np.all(chan.sem >= 0)
    expected = np.zeros((6, 6), dtype=bool)
    expected[:, channel] = True
    expected[channel, channel] = False  # self-attention is not a link
    for condition in chan.conditions:
        stats = chan.link_statistics(condition)
        np.testing.assert_array_equal(stats.significant, expected)
        assert stats.n_significant == 5 and stats.df == 23


def test_attention_epochs_keep_events_and_metadata(tiny_epochs, tiny_params):
    """Events, event_id and metadata come along; times are window centres."""
    data_before = tiny_epochs.get_data()
    model = EEGTransformer(**{**tiny_params, "n_time_tokens": 4}).fit(tiny_epochs)
    attention = compute_attention(model, tiny_epochs)
    assert isinstance(attention, mnea.AttentionEpochs)
    np.testing.assert_array_equal(attention.events, tiny_epochs.events)
    assert attention.event_id == tiny_epochs.event_id
    assert list(attention.metadata.columns) == [
        "subject",
        "predicted",
        "confidence",
        "correct",
    ]
    np.testing.assert_array_equal(
        attention.metadata["subject"], tiny_epochs.metadata["subject"]
    )
    np.testing.assert_allclose(attention.times, (np.arange(4) * 40 + 19.5) / 160)
    assert attention.ch_names == tiny_epochs.ch_names
    assert attention.get_montage() is not None
    assert attention.method == "rollout"
    assert len(attention["closed"]) == 24
    np.testing.assert_array_equal(tiny_epochs.get_data(), data_before)


def test_keep_correct_and_min_confidence(tiny_epochs, tiny_params):
    """Filtering keeps what it says and records why others were dropped."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    everything = compute_attention(model, tiny_epochs)
    correct = everything.metadata["correct"].to_numpy()
    kept = compute_attention(model, tiny_epochs, keep="correct")
    assert len(kept) == correct.sum() < len(tiny_epochs)
    assert kept.metadata["correct"].all()
    assert [log for log in kept.drop_log if log] == [("MISCLASSIFIED",)] * (
        ~correct
    ).sum()
    threshold = float(np.median(everything.metadata["confidence"]))
    confident = compute_attention(model, tiny_epochs, min_confidence=threshold)
    assert (confident.metadata["confidence"] >= threshold).all()
    assert len(confident) == (everything.metadata["confidence"] >= threshold).sum()


@pytest.mark.parametrize("embedding", EMBEDDINGS)
@pytest.mark.parametrize("method", ["raw", "rollout", "grad_rollout", "occlusion"])
def test_batch_size_does_not_matter(tiny_epochs, tiny_params, method, embedding):
    """Per-epoch values are the same whatever the batch size."""
    params = dict(tiny_params, n_time_tokens=2, embedding=embedding)
    model = EEGTransformer(**params).fit(tiny_epochs)
    small = compute_attention(model, tiny_epochs, method=method, batch_size=5)
    large = compute_attention(model, tiny_epochs, method=method, batch_size=48)
    # float32 arithmetic: differences at the level of its resolution only
    np.testing.assert_allclose(small.get_data(), large.get_data(), rtol=1e-5, atol=1e-6)


def test_methods_differ_and_raw_selects_layer_and_head(tiny_epochs, tiny_params):
    """Each method and raw layer/head choice really changes what is computed."""
    model = EEGTransformer(**{**tiny_params, "n_layers": 2}).fit(tiny_epochs)
    results = {
        name: compute_attention(model, tiny_epochs, **kwargs).get_data()
        for name, kwargs in {
            "rollout": dict(method="rollout"),
            "grad": dict(method="grad_rollout"),
            "first": dict(method="raw", layer=0),
            "last": dict(method="raw", layer=-1),
            "head0": dict(method="raw", layer=-1, head=0),
            "max": dict(method="rollout", head_fusion="max"),
        }.items()
    }
    names = list(results)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert not np.allclose(results[first], results[second]), (first, second)
        if first != "grad":
            np.testing.assert_allclose(results[first].sum(axis=(1, 2)), 1, rtol=1e-6)


def test_occlusion_is_probability_drop_at_training_mean(tiny_epochs, tiny_params):
    """Occlusion equals predict_proba with one channel set to its training mean."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    occlusion = compute_attention(model, tiny_epochs[:3], method="occlusion")
    assert occlusion.units == "Δ probability"
    data = tiny_epochs[:3].get_data()
    proba = model.predict_proba(data)
    predicted = proba.argmax(axis=1)
    for channel in (0, 4):
        occluded = data.copy()
        occluded[:, channel] = model.mean_[channel]
        changed = model.predict_proba(occluded)[np.arange(3), predicted]
        expected = proba[np.arange(3), predicted] - changed
        np.testing.assert_allclose(
            occlusion.get_data()[:, channel, 0], expected, atol=1e-5
        )


def test_channel_attention_per_condition(tiny_epochs, tiny_params):
    """One row-stochastic matrix per condition, counted epochs, channels in order."""
    model = EEGTransformer(**{**tiny_params, "n_time_tokens": 2}).fit(tiny_epochs)
    chan = compute_channel_attention(model, tiny_epochs, keep="correct")
    assert isinstance(chan, mnea.ChannelAttention)
    assert chan.conditions == ["open", "closed"]
    assert chan.ch_names == tiny_epochs.ch_names
    np.testing.assert_allclose(chan.data.sum(axis=-1), 1, rtol=1e-6)
    correct = compute_attention(model, tiny_epochs).metadata["correct"]
    assert sum(chan.n_epochs) == correct.sum()


def test_channel_attention_standard_error(tiny_epochs, tiny_params):
    """Sem is the across-epoch standard error, whatever the batches."""
    model = EEGTransformer(**{**tiny_params, "n_time_tokens": 2}).fit(tiny_epochs)
    subset = tiny_epochs["open"][:5]
    per_epoch = np.stack(
        [compute_channel_attention(model, subset[[k]]).data[0] for k in range(5)]
    )
    single = compute_channel_attention(model, subset[[0]])
    assert np.isnan(single.sem).all() and single.n_epochs == [1]
    chan = compute_channel_attention(model, subset, batch_size=2)
    assert chan.sem.shape == (1, 6, 6) and chan.sem.dtype == np.float64
    np.testing.assert_allclose(chan.data[0], per_epoch.mean(axis=0), rtol=1e-6)
    expected = per_epoch.std(axis=0, ddof=1) / np.sqrt(5)
    np.testing.assert_allclose(chan.sem[0], expected, rtol=1e-4, atol=1e-9)
    assert np.all(chan.sem > 0)
    everything = compute_channel_attention(model, tiny_epochs, batch_size=7)
    assert np.all(everything.sem >= 0) and everything.n_epochs == [24, 24]
    one_batch = compute_channel_attention(model, tiny_epochs, batch_size=48)
    np.testing.assert_allclose(everything.sem, one_batch.sem, rtol=1e-4, atol=1e-9)


def test_compute_errors(tiny_epochs, tiny_params):
    """Bad arguments name themselves."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    with pytest.raises(TypeError, match="model must be an instance of EEGTransformer"):
        compute_attention("model", tiny_epochs)
    with pytest.raises(ValueError, match="not fitted yet"):
        compute_attention(EEGTransformer(), tiny_epochs)
    with pytest.raises(TypeError, match="epochs must be an instance of mne.Epochs"):
        compute_attention(model, tiny_epochs.get_data())
    with pytest.raises(ValueError, match="Invalid value for the 'method' parameter"):
        compute_attention(model, tiny_epochs, method="saliency")
    with pytest.raises(ValueError, match="Invalid value for the 'method' parameter"):
        compute_channel_attention(model, tiny_epochs, method="occlusion")
    with pytest.raises(ValueError, match="'head_fusion' parameter"):
        compute_attention(model, tiny_epochs, head_fusion="median")
    with pytest.raises(ValueError, match=r"layer must be between -1 and 0, got 1"):
        compute_attention(model, tiny_epochs, method="raw", layer=1)
    with pytest.raises(ValueError, match=r"head must be between 0 and 1, got 2"):
        compute_attention(model, tiny_epochs, method="raw", head=2)
    with pytest.raises(ValueError, match=r"min_confidence must be in \[0, 1\], got 2"):
        compute_attention(model, tiny_epochs, min_confidence=2)
    with pytest.raises(ValueError, match="batch_size must be at least 1, got 0"):
        compute_attention(model, tiny_epochs, batch_size=0)
    with pytest.raises(ValueError, match="'keep' parameter"):
        compute_attention(model, tiny_epochs, keep="some")
    with pytest.raises(ValueError, match="min_confidence=1.0 left no epochs"):
        compute_channel_attention(model, tiny_epochs, min_confidence=1.0)


@pytest.mark.slow
def test_trained_attention_finds_the_ground_truth(eyes_model):
    """Held-out attention favours the simulated occipito-parietal alpha channels."""
    truth = eyes_model.truth.data[:, 0]
    on_truth = truth > 0.5  # PO7 ... Iz
    assert on_truth.sum() == 9
    ratios = {}
    for method in ("rollout", "grad_rollout"):
        attention = compute_attention(eyes_model.model, eyes_model.test, method=method)
        values = attention.get_data()[:, :, 0]
        per_epoch = values[:, on_truth].mean(axis=1) / values.mean(axis=1)
        ratios[method] = per_epoch.mean()
        assert (per_epoch > 1).mean() >= 0.85, method  # nearly every epoch
        closed = attention["eyes-closed"].average().data[:, 0]
        assert np.corrcoef(closed, truth)[0, 1] > 0.5, method
    assert ratios["rollout"] > 1.05
    assert ratios["grad_rollout"] > 1.5


def test_layer_attention_matches_raw(tiny_epochs, tiny_params):
    """Every layer and head as an array; one slice equals method='raw'."""
    model = EEGTransformer(**{**tiny_params, "n_layers": 2, "n_time_tokens": 2})
    model.fit(tiny_epochs)
    layers = mnea.compute_layer_attention(model, tiny_epochs, batch_size=7)
    assert layers.shape == (48, 2, 2, 6, 2)
    np.testing.assert_allclose(layers.sum(axis=(3, 4)), 1, rtol=1e-6)
    raw = compute_attention(model, tiny_epochs, method="raw", layer=0, head=1)
    np.testing.assert_allclose(layers[:, 0, 1], raw.get_data(), rtol=1e-5)
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        mnea.compute_layer_attention(model, tiny_epochs, batch_size=0)


def test_keep_correct_with_min_confidence_drops_exactly_those(tiny_epochs, tiny_params):
    """Both filters together drop the union of what each drops, with their reasons."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    everything = compute_attention(model, tiny_epochs)
    correct = everything.metadata["correct"].to_numpy()
    confidence = everything.metadata["confidence"].to_numpy()
    threshold = float(np.median(confidence[correct]))
    assert (~correct).any() and (correct & (confidence < threshold)).any()
    both = compute_attention(
        model, tiny_epochs, keep="correct", min_confidence=threshold
    )
    expected = np.flatnonzero(correct & (confidence >= threshold))
    np.testing.assert_array_equal(both.selection, tiny_epochs.selection[expected])
    np.testing.assert_allclose(both.get_data(), everything.get_data()[expected])
    reasons = [log for log in both.drop_log if log]
    assert reasons.count(("MISCLASSIFIED",)) == (~correct).sum()
    low = correct & (confidence < threshold)
    assert reasons.count(("LOW_CONFIDENCE",)) == low.sum()


def test_layer_and_head_only_for_raw(tiny_epochs, tiny_params):
    """Layer and head are refused, not ignored, for the rollout methods."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    for method in ("rollout", "grad_rollout", "occlusion"):
        with pytest.raises(ValueError, match=f"method='raw' only.*{method}"):
            compute_attention(model, tiny_epochs, method=method, head=0)
    with pytest.raises(ValueError, match="layer=0 and head=None with method='rollout'"):
        compute_channel_attention(model, tiny_epochs, layer=0)


def test_metadata_columns_are_not_overwritten(tiny_epochs, tiny_params):
    """A metadata column the attention would add is refused, and left as it was."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    epochs = tiny_epochs.copy()
    epochs.metadata = epochs.metadata.assign(predicted="mine")
    with pytest.raises(ValueError, match=r"must not have the columns \['predicted'\]"):
        compute_attention(model, epochs)
    assert (epochs.metadata["predicted"] == "mine").all()


def test_lazy_epochs_give_the_same_attention(tiny_epochs, tiny_params):
    """Epochs that are not preloaded (and not yet checked for bad epochs) work."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    lazy = lazy_copy(tiny_epochs)
    expected = compute_attention(model, tiny_epochs)
    attention = compute_attention(model, lazy)
    assert not lazy.preload and not lazy._bad_dropped  # the input stays lazy
    np.testing.assert_allclose(attention.get_data(), expected.get_data(), atol=1e-6)
    np.testing.assert_allclose(
        model.predict_proba(lazy), model.predict_proba(tiny_epochs), atol=1e-6
    )
