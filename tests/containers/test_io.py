"""read_channel_attention, read_attention_epochs, read_attention_evokeds.

Round trips through the files, schema refusals, old and damaged files.
"""

import tempfile
from pathlib import Path

import h5py
import mne
import numpy as np
import pandas as pd
import pytest

from mne_attention import (
    AttentionEpochs,
    AttentionEvoked,
    ChannelAttention,
    read_attention_epochs,
    read_attention_evokeds,
    read_channel_attention,
)
from mne_attention.containers.epochs import attention_description
from mne_attention.utils._montage import standard_1005_montage


def _info_with_types_and_montage():
    info = mne.create_info(["C3", "Cz", "C4", "HEOG"], 160.0, ["eeg"] * 3 + ["eog"])
    info.set_montage(standard_1005_montage(), on_missing="ignore")
    info["bads"] = ["Cz"]
    return info


@pytest.mark.parametrize(
    "n_epochs, with_sem", [(None, False), ([4, 5], False), ([4, 1], True)]
)
def test_round_trip(tmp_path, n_epochs, with_sem):
    """save/read keeps matrices, errors, names, method, counts, types and montage."""
    info = _info_with_types_and_montage()
    rng = np.random.default_rng(0)
    data = rng.random((2, 4, 4))
    sem = None
    if with_sem:  # the second condition has one epoch: its spread is unknown
        sem = np.stack([rng.random((4, 4)), np.full((4, 4), np.nan)])
    original = ChannelAttention(
        info, data, ["left", "rechts ü"], "rollout", n_epochs, sem=sem
    )
    fname = tmp_path / "sub-chatt.h5"
    original.save(fname)
    with h5py.File(fname, "r") as fid:
        assert fid.attrs["format_version"] == 2
        assert ("sem" in fid) is with_sem
    back = read_channel_attention(fname)
    np.testing.assert_array_equal(back.data, original.data)
    assert back.data.dtype == np.float64
    if with_sem:
        np.testing.assert_array_equal(back.sem, sem)
        assert back.sem.dtype == np.float64
    else:
        assert back.sem is None
    assert back.conditions == ["left", "rechts ü"] and back.method == "rollout"
    assert back.n_epochs == n_epochs
    assert back.ch_names == original.ch_names
    assert back.info.get_channel_types() == ["eeg", "eeg", "eeg", "eog"]
    assert back.info["bads"] == ["Cz"] and back.info["sfreq"] == 160.0
    assert len(back.info["dig"]) == len(info["dig"])
    for ours, theirs in zip(back.info["dig"], info["dig"]):
        assert ours["kind"] == theirs["kind"] and ours["ident"] == theirs["ident"]
        np.testing.assert_allclose(ours["r"], theirs["r"])
    positions = back.info.get_montage().get_positions()
    expected = info.get_montage().get_positions()
    for name in ("C3", "Cz", "C4"):
        np.testing.assert_allclose(positions["ch_pos"][name], expected["ch_pos"][name])
    np.testing.assert_allclose(positions["nasion"], expected["nasion"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub-chatt.h5"]
    with pytest.raises(FileExistsError):
        original.save(fname)
    original.save(fname, overwrite=True)


def _payload(marker):
    """Python code that h5io's reader evaluates: it creates ``marker``."""
    return f"__import__('pathlib').Path({str(marker)!r}).write_text('ran')"


@pytest.mark.parametrize("layout", ["h5io", "current"])
def test_read_never_runs_code_from_the_file(channel_attention, tmp_path, layout):
    """Datasets titled "timezone" and class-named groups are not evaluated."""
    marker = tmp_path / "marker.txt"
    fname = tmp_path / "evil-chatt.h5"
    if layout == "current":  # a valid file with the payload added
        channel_attention.save(fname)
        mode, root = "r+", "/"
    else:  # the layout h5io writes and reads back
        mode, root = "w", "mne_attention_channel_attention"
    with h5py.File(fname, mode) as fid:
        group = fid.require_group(root)
        if layout == "h5io":
            group.attrs["TITLE"] = "dict"
        code = np.frombuffer(_payload(marker).encode(), dtype=np.uint8)
        group.create_dataset("key_timezone", data=code).attrs["TITLE"] = "timezone"
        group.create_group("key_object").attrs["TITLE"] = "os.system"
    match = "earlier development version" if layout == "h5io" else "unexpected entries"
    with pytest.raises(ValueError, match=f"channel-attention file.*{match}"):
        read_channel_attention(fname)
    assert not marker.exists()


def test_read_old_h5io_file(channel_attention, tmp_path):
    """A file of the earlier h5io format is refused, telling what to do."""
    h5io = pytest.importorskip("h5io")
    fname = tmp_path / "old-chatt.h5"
    state = dict(
        info=channel_attention.info,
        data=channel_attention.data,
        conditions=channel_attention.conditions,
        method=channel_attention.method,
        n_epochs=channel_attention.n_epochs,
    )
    h5io.write_hdf5(
        fname, state, title="mne_attention_channel_attention", slash="replace"
    )
    with pytest.raises(
        ValueError,
        match=r"old-chatt.h5 is not valid: it was written by an earlier "
        r"development version .* re-compute the channel attention and save it",
    ):
        read_channel_attention(fname)


def test_read_version_1(channel_attention, tmp_path):
    """A format version 1 file (no sem) reads with sem=None; with sem it is refused."""
    fname = tmp_path / "v1-chatt.h5"
    channel_attention.save(fname)
    with h5py.File(fname, "r+") as fid:
        fid.attrs["format_version"] = np.int64(1)
    with pytest.raises(
        ValueError,
        match=r"v1-chatt.h5 is not valid: it holds unexpected entries \['sem'\] for "
        "format version 1",
    ):
        read_channel_attention(fname)
    with h5py.File(fname, "r+") as fid:
        del fid["sem"]
    back = read_channel_attention(fname)
    assert back.sem is None and back.n_epochs == [4, 5]
    np.testing.assert_array_equal(back.data, channel_attention.data)
    with pytest.raises(ValueError, match="has none \\(sem=None\\)"):
        back.link_statistics("left")


def _set_version(fid):
    fid.attrs["format_version"] = np.int64(3)


def _replace(key, value):
    def edit(fid):
        del fid[key]
        fid[key] = value

    return edit


def _add_string(fid):
    fid.create_dataset("note", data="hello", dtype=h5py.string_dtype())


def _group_for_data(fid):
    del fid["data"]
    fid.create_group("data")


def _external_link(fid):
    del fid["data"]
    fid["data"] = h5py.ExternalLink("other.h5", "/data")


def _delete(key):
    def edit(fid):
        del fid[key]

    return edit


def _info_of_two_channels(fid):
    with tempfile.TemporaryDirectory() as folder:
        fname = Path(folder) / "two-info.fif"
        mne.io.write_info(fname, mne.create_info(2, 100.0, "eeg"))
        _replace("info", np.frombuffer(fname.read_bytes(), np.uint8))(fid)


def _title_attribute(fid):
    fid["method"].attrs["TITLE"] = "unicode"


_MALFORMED = {
    "missing dataset": (_delete("conditions"), r"lacks \['conditions'\]"),
    "missing marker": (
        lambda fid: fid.attrs.__delitem__("format"),
        "no channel-attention format marker",
    ),
    "other format": (
        lambda fid: fid.attrs.__setitem__("format", "something-else"),
        "has format 'something-else'",
    ),
    "extra root attribute": (
        lambda fid: fid.attrs.__setitem__("extra", 1),
        r"root attributes .* got \['extra', 'format', 'format_version'\]",
    ),
    "newer version": (
        _set_version,
        "format version 3; this mne-attention reads up to 2: upgrade mne-attention",
    ),
    "string version": (
        lambda fid: fid.attrs.__setitem__("format_version", "1"),
        "non-integer format version",
    ),
    "extra key": (_add_string, r"unexpected entries \['note'\]"),
    "group": (_group_for_data, "'data' must be a dataset, got a group"),
    "link": (_external_link, "'data' must be stored in the file, got a link"),
    "dataset attribute": (_title_attribute, "'method' must have no attributes"),
    "wrong dtype": (
        _replace("data", np.ones((2, 3, 3), np.float32)),
        "'data' must be float64, got float32",
    ),
    "wrong shape": (
        _replace("data", np.ones((2, 3, 4))),
        r"'data' must have shape \(n_conditions, n_channels, n_channels\), "
        r"got \(2, 3, 4\)",
    ),
    "too few conditions": (
        _replace("conditions", np.array(["a"], dtype=h5py.string_dtype())),
        r"'conditions' must have shape \(2,\) like 'data', got \(1,\)",
    ),
    "numeric conditions": (
        _replace("conditions", np.array([1, 2])),
        "'conditions' must be UTF-8 text, got int64",
    ),
    "method array": (
        _replace("method", np.array(["a", "b"], dtype=h5py.string_dtype())),
        r"'method' must be one string, got shape \(2,\)",
    ),
    "float counts": (
        _replace("n_epochs", np.array([1.0, 2.0])),
        "'n_epochs' must be int64, got float64",
    ),
    "negative counts": (
        _replace("n_epochs", np.array([-1, 2])),
        r"'n_epochs' must be counts, got \[-1, 2\]",
    ),
    "info garbage": (
        _replace("info", np.arange(10, dtype=np.uint8)),
        "'info' is not a readable FIF measurement info",
    ),
    "info of other channels": (
        _info_of_two_channels,
        "'info' must describe the 3 channels of 'data', got 2",
    ),
    "sem float32": (
        _replace("sem", np.ones((2, 3, 3), np.float32)),
        "'sem' must be float64, got float32",
    ),
    "sem wrong shape": (
        _replace("sem", np.ones((1, 3, 3))),
        r"'sem' must have the shape of 'data' \(2, 3, 3\), got \(1, 3, 3\)",
    ),
    "negative sem": (
        _replace("sem", -np.ones((2, 3, 3))),
        "holds invalid values: sem must hold standard errors",
    ),
    "negative data": (
        _replace("data", -np.ones((2, 3, 3))),
        "holds invalid values: data must be finite and non-negative",
    ),
}


@pytest.mark.parametrize("case", list(_MALFORMED))
def test_read_malformed(channel_attention, tmp_path, case):
    """Each violation of the schema is one clear ValueError naming the file."""
    edit, match = _MALFORMED[case]
    fname = tmp_path / "bad-chatt.h5"
    channel_attention.save(fname)
    with h5py.File(fname, "r+") as fid:
        edit(fid)
    with pytest.raises(
        ValueError,
        match="^fname must be a channel-attention file written by "
        f"ChannelAttention.save, bad-chatt.h5 .*{match}",
    ):
        read_channel_attention(fname)


@pytest.mark.parametrize("content", [b"", b"not hdf5", None])
def test_read_not_a_channel_attention_file(tmp_path, content):
    """Empty, foreign and empty-HDF5 files fail clearly."""
    fname = tmp_path / "bad-chatt.h5"
    if content is None:
        h5py.File(fname, "w").close()
        match = "bad-chatt.h5 is not valid: it has no channel-attention format marker"
    else:
        fname.write_bytes(content)
        match = "bad-chatt.h5 is not an HDF5 file"
    with pytest.raises(
        ValueError, match=f"fname must be a channel-attention file.*{match}"
    ):
        read_channel_attention(fname)


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
