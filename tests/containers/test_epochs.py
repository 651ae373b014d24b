"""AttentionEpochs / AttentionEvoked: MNE behaviour, file round trips, plotting units."""

import matplotlib.pyplot as plt
import mne
import numpy as np
import pandas as pd
import pytest

from mne_attention import (
    AttentionEpochs,
    AttentionEvoked,
    EEGTransformer,
    compute_attention,
    read_attention_epochs,
    read_attention_evokeds,
)
from mne_attention.containers.epochs import attention_description
from mne_attention.utils._montage import standard_1005_montage


@pytest.fixture
def attention(tiny_epochs, tiny_params):
    model = EEGTransformer(**{**tiny_params, "n_time_tokens": 2}).fit(tiny_epochs)
    return compute_attention(model, tiny_epochs, keep="correct")


def test_average_gives_attention_evoked(attention):
    """Averages, per-condition averages and MNE combinations stay attention."""
    evoked = attention["closed"].average()
    assert isinstance(evoked, AttentionEvoked)
    np.testing.assert_allclose(evoked.data, attention["closed"].get_data().mean(axis=0))
    np.testing.assert_allclose(evoked.times, attention.times)  # window centres kept
    by_type = attention.average(by_event_type=True)
    assert [e.comment for e in by_type] == ["open", "closed"]
    assert all(isinstance(e, AttentionEvoked) for e in by_type)
    assert isinstance(mne.grand_average(by_type), AttentionEvoked)
    difference = mne.combine_evoked(by_type, weights=[1, -1])
    assert isinstance(difference, AttentionEvoked)
    assert difference.method == "rollout"


def test_evoked_round_trip(attention, tmp_path):
    """AttentionEvoked saves to FIF and reads back as AttentionEvoked."""
    evokeds = attention.average(by_event_type=True)
    fname = tmp_path / "attention-ave.fif"
    mne.write_evokeds(fname, evokeds)
    read = read_attention_evokeds(fname)
    for original, back in zip(evokeds, read):
        assert isinstance(back, AttentionEvoked)
        np.testing.assert_allclose(back.data, original.data, rtol=1e-6)
        np.testing.assert_allclose(back.times, original.times)
        assert back.comment == original.comment and back.method == "rollout"
    evokeds[0].save(tmp_path / "one-ave.fif")
    assert read_attention_evokeds(tmp_path / "one-ave.fif")[0].nave == evokeds[0].nave


def test_epochs_round_trip(attention, tmp_path):
    """AttentionEpochs keep data, sub-sample window times, metadata and drop log."""
    fname = tmp_path / "attention-epo.fif"
    attention.save(fname)
    back = read_attention_epochs(fname)
    np.testing.assert_allclose(back.get_data(), attention.get_data(), rtol=1e-6)
    np.testing.assert_allclose(back.times, attention.times)
    assert back.drop_log == attention.drop_log
    pd.testing.assert_frame_equal(back.metadata, attention.metadata, check_dtype=False)
    assert isinstance(back.average(), AttentionEvoked)


def test_plain_mne_files_are_refused(tiny_epochs, tmp_path):
    """Reading an ordinary FIF file as attention says so."""
    fname = tmp_path / "plain-epo.fif"
    tiny_epochs.save(fname)
    with pytest.raises(ValueError, match="plain-epo.fif holds ordinary MNE data"):
        read_attention_epochs(fname)
    tiny_epochs.average().save(tmp_path / "plain-ave.fif")
    with pytest.raises(ValueError, match="fname must be an attention file"):
        read_attention_evokeds(tmp_path / "plain-ave.fif")


def _marked_epochs(description, first_time=0.3, cls=mne.EpochsArray):
    """Five windows at 2 Hz starting between MNE's sample grid points."""
    info = mne.create_info(["Cz", "Pz"], 2.0, "eeg")
    info["description"] = description
    data = np.random.default_rng(0).random((4, 2, 5))
    epochs = cls(data, info, verbose=False)
    return epochs.shift_time(first_time, relative=False)


def test_readers_refuse_the_other_kind(tmp_path):
    """An epochs file is not evoked attention, and the other way round."""
    epochs = _marked_epochs(attention_description("rollout", 0.3), cls=AttentionEpochs)
    epochs.save(tmp_path / "attention-epo.fif")
    epochs.average().save(tmp_path / "attention-ave.fif")
    with pytest.raises(
        ValueError,
        match=r"fname must be an evoked attention file \(-ave.fif\), got an epochs "
        r"file, attention-epo.fif \(read it with read_attention_epochs\)",
    ):
        read_attention_evokeds(tmp_path / "attention-epo.fif")
    with pytest.raises(
        ValueError,
        match=r"fname must be an epochs attention file \(-epo.fif\), got an evoked "
        r"file, attention-ave.fif \(read it with read_attention_evokeds\)",
    ):
        read_attention_epochs(tmp_path / "attention-ave.fif")
    raw = mne.io.RawArray(np.zeros((1, 10)), mne.create_info(1, 10.0, "eeg"))
    raw.save(tmp_path / "plain_raw.fif", verbose=False)
    with pytest.raises(ValueError, match="plain_raw.fif holds neither epochs nor"):
        read_attention_epochs(tmp_path / "plain_raw.fif")
    (tmp_path / "junk-ave.fif").write_bytes(b"junk")
    with pytest.raises(ValueError, match="fname must be a FIF file.*junk-ave.fif"):
        read_attention_evokeds(tmp_path / "junk-ave.fif")


_DAMAGED = {
    "no first_time": ('{"method": "rollout"}', "lacks the field 'first_time'"),
    "NaN": ('{"method": "rollout", "first_time": NaN}', "got nan"),
    "infinite": ('{"method": "rollout", "first_time": -Infinity}', "got -inf"),
    "huge integer": ('{"method": "rollout", "first_time": ' + "9" * 400 + "}", "got 9"),
    "text": ('{"method": "rollout", "first_time": "0.3"}', "got '0.3'"),
    "null": ('{"method": "rollout", "first_time": null}', "got None"),
    "boolean": ('{"method": "rollout", "first_time": true}', "got True"),
    "no method": ('{"first_time": 0.3}', "its field 'method' must be a non-empty"),
    "list method": ('{"method": [1], "first_time": 0.3}', r"got \[1\]"),
    "not JSON": ("{method: rollout}", "it is not JSON"),
    "not an object": ("[0.3]", r"it must be a JSON object, got \[0.3\]"),
}


@pytest.mark.parametrize("case", list(_DAMAGED))
def test_damaged_marker_is_refused(tmp_path, case):
    """Both readers name the file and the field of a hand-edited marker."""
    fields, match = _DAMAGED[case]
    epochs = _marked_epochs("mne-attention: " + fields)
    epochs.save(tmp_path / "edited-epo.fif")
    epochs.average().save(tmp_path / "edited-ave.fif")
    for reader, name in [
        (read_attention_epochs, "edited-epo.fif"),
        (read_attention_evokeds, "edited-ave.fif"),
    ]:
        with pytest.raises(
            ValueError,
            match=f"fname must be an attention file written by mne-attention, {name} "
            rf"has a damaged marker in info\['description'\]: .*{match}",
        ):
            reader(tmp_path / name)


@pytest.mark.parametrize("first_time", [1e9, -40.0, 1.2])
def test_first_time_outside_the_epochs_is_refused(tmp_path, first_time):
    """first_time must lie within half a sample of the stored first time."""
    epochs = _marked_epochs(attention_description("rollout", first_time))
    epochs.save(tmp_path / "edited-epo.fif")
    with pytest.raises(
        ValueError,
        match=r"edited-epo.fif has a damaged marker in info\['description'\]: its "
        r"field 'first_time' must lie within half a sample \(1 / 2 Hz\) of the first "
        rf"time point 0.5 s, got {first_time!r}",
    ):
        read_attention_epochs(tmp_path / "edited-epo.fif")


def test_cropped_and_shifted_epochs_round_trip(tmp_path):
    """Saving writes the current first time, so changed times read back."""
    description = attention_description("rollout", 0.3)
    attention = _marked_epochs(description, cls=AttentionEpochs)
    cropped = attention.copy().crop(tmin=0.8)
    np.testing.assert_allclose(cropped.times, [0.8, 1.3, 1.8, 2.3])
    cropped.save(tmp_path / "cropped-epo.fif")
    assert cropped.info["description"] == description  # the object is unchanged
    back = read_attention_epochs(tmp_path / "cropped-epo.fif")
    np.testing.assert_allclose(back.times, cropped.times)
    np.testing.assert_allclose(back.get_data(), cropped.get_data())
    shifted = attention.copy().shift_time(-1.1, relative=False)
    shifted.save(tmp_path / "shifted-epo.fif")
    np.testing.assert_allclose(
        read_attention_epochs(tmp_path / "shifted-epo.fif").times, shifted.times
    )


def _colorbar_axes(fig):
    return [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]


def test_topomap_shows_attention_not_microvolts(attention):
    """Values are unscaled, the colour bar is labelled as attention, no µV anywhere."""
    evoked = attention["closed"].average()
    fig = evoked.plot_topomap(times=evoked.times[0], colorbar=True, show=False)
    image = fig.axes[0].images[0]
    low, high = image.get_clim()
    values = evoked.data
    np.testing.assert_allclose([low, high], [values.min(), values.max()], rtol=1e-6)
    texts = (
        [t.get_text() for ax in fig.axes for t in ax.texts]
        + [ax.get_title() for ax in fig.axes]
        + [ax.get_ylabel() for ax in fig.axes]
    )
    assert any("Attention (a.u.)" in text for text in texts)
    assert not any("µV" in text for text in texts)
    assert image.get_cmap().name == "Reds"


def test_joint_and_line_plots_use_attention_units(attention):
    """plot_joint and plot label the axis with attention units, unscaled."""
    evoked = attention["open"].average()
    fig = evoked.plot_joint(show=False)
    (line_axes,) = [ax for ax in fig.axes if ax.get_ylabel() == "Attention (a.u.)"]
    plotted = np.concatenate([line.get_ydata() for line in line_axes.lines[:6]])
    np.testing.assert_allclose(np.sort(plotted), np.sort(evoked.data.ravel()))
    plt.close("all")
    fig = evoked.plot(show=False)
    assert "Attention (a.u.)" in fig.axes[0].get_ylabel()


def test_single_window_plot_joint(tiny_epochs, tiny_params):
    """One time window (the default) still plots jointly without warnings."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    evoked = compute_attention(model, tiny_epochs).average()
    assert len(evoked.times) == 1
    np.testing.assert_allclose(evoked.times, [79.5 / 160])
    fig = evoked.plot_joint(show=False)
    assert "Attention (a.u.)" in [ax.get_ylabel() for ax in fig.axes]


def test_topomap_panels_show_their_own_window():
    """Window centres off MNE's sample grid still map each panel to its window."""
    info = mne.create_info(["Fz", "Cz", "Pz", "Oz", "C3", "C4"], 2.0, "eeg")
    info.set_montage(standard_1005_montage())
    info["description"] = attention_description("rollout", 0.25)
    data = np.repeat([[1.0, 2.0, 3.0]], 6, axis=0)  # window k holds k + 1
    evoked = AttentionEvoked(data, info).shift_time(0.25, relative=False)
    fig = evoked.plot_topomap(times=evoked.times, colorbar=False, show=False)
    panels = fig.axes[:3]
    assert [ax.get_title() for ax in panels] == ["0.25 s", "0.75 s", "1.25 s"]
    shown = [ax.get_images()[0].get_array().max() for ax in panels]
    np.testing.assert_allclose(shown, [1.0, 2.0, 3.0], rtol=1e-6)
    fig = evoked.plot_topomap(1.2, colorbar=False, show=False)  # nearest window
    assert fig.axes[0].get_title() == "1.25 s"
    np.testing.assert_allclose(fig.axes[0].get_images()[0].get_array().max(), 3.0)


def test_state_key_survives_fif_round_trips(tmp_path):
    """The state under info[STATE_KEY] reads back after save and write_evokeds."""
    from mne_attention.containers.epochs import (
        STATE_KEY,
        STATE_VERSION,
        attention_state,
    )

    epochs = _marked_epochs(
        attention_description("occlusion", 0.3), cls=AttentionEpochs
    )
    expected = dict(version=STATE_VERSION, method="occlusion", first_time=0.3)
    assert attention_state(epochs.info) == expected
    assert epochs.info[STATE_KEY].startswith("mne-attention: ")
    epochs.save(tmp_path / "state-epo.fif")
    read = read_attention_epochs(tmp_path / "state-epo.fif")
    assert attention_state(read.info) == expected
    mne.write_evokeds(tmp_path / "state-ave.fif", read.average())
    evoked = mne.read_evokeds(tmp_path / "state-ave.fif")[0]  # plain MNE reader
    assert attention_state(evoked.info)["method"] == "occlusion"
    assert read_attention_evokeds(tmp_path / "state-ave.fif")[0].method == "occlusion"
    # the first layout (no version) still reads, a future version is refused
    old = 'mne-attention: {"method": "rollout", "first_time": 0.0}'
    assert attention_state(dict(description=old))["version"] == 1
    future = 'mne-attention: {"version": 99, "method": "rollout", "first_time": 0.0}'
    with pytest.raises(ValueError, match="version 99.*upgrade mne-attention"):
        attention_state(dict(description=future))
    assert attention_state(mne.create_info(["Cz"], 1.0, "eeg")) is None
