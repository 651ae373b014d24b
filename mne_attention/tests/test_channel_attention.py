"""ChannelAttention: validation, selection, matrix plot, HDF5 file format."""

import re
import tempfile
from pathlib import Path

import h5py
import mne
import numpy as np
import pytest

from mne_attention import ChannelAttention, EEGTransformer, read_channel_attention
from mne_attention._montage import standard_1005_montage


@pytest.fixture
def channel_attention():
    info = mne.create_info(["C3", "Cz", "C4"], 160.0, "eeg")
    info.set_montage(standard_1005_montage())
    data = np.random.default_rng(0).random((2, 3, 3))
    return ChannelAttention(info, data, ["left", "right"], "rollout", n_epochs=[4, 5])


def test_access_and_pick(channel_attention):
    """get_data copies one condition; pick keeps rows and columns together."""
    left = channel_attention.get_data("left")
    left[:] = -1
    assert channel_attention.data.min() >= 0  # the copy was changed, not the object
    original = channel_attention.get_data("right")
    picked = channel_attention.copy().pick(["C4", "C3"])
    assert picked.ch_names == ["C4", "C3"]
    np.testing.assert_array_equal(
        picked.get_data("right"), original[np.ix_([2, 0], [2, 0])]
    )
    assert channel_attention.ch_names == ["C3", "Cz", "C4"]
    assert "conditions=['left', 'right']" in repr(channel_attention)


def _info_with_types_and_montage():
    info = mne.create_info(["C3", "Cz", "C4", "HEOG"], 160.0, ["eeg"] * 3 + ["eog"])
    info.set_montage(standard_1005_montage(), on_missing="ignore")
    info["bads"] = ["Cz"]
    return info


@pytest.mark.parametrize("n_epochs", [None, [4, 5]])
def test_round_trip(tmp_path, n_epochs):
    """save/read keeps matrices, names, method, counts, types and montage."""
    info = _info_with_types_and_montage()
    data = np.random.default_rng(0).random((2, 4, 4))
    original = ChannelAttention(info, data, ["left", "rechts ü"], "rollout", n_epochs)
    fname = tmp_path / "sub-chatt.h5"
    original.save(fname)
    back = read_channel_attention(fname)
    np.testing.assert_array_equal(back.data, original.data)
    assert back.data.dtype == np.float64
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


def _set_version(fid):
    fid.attrs["format_version"] = np.int64(2)


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
    "newer version": (_set_version, "format version 2; .* upgrade mne-attention"),
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


def test_save_into_missing_folder(
    channel_attention, tiny_epochs, tiny_params, tmp_path
):
    """Savers name the target and the missing folder, and write nothing."""
    folder = tmp_path / "missing"
    fname = folder / "sub-chatt.h5"
    match = f"fname must be a path in an existing folder, got {fname}: the folder "
    with pytest.raises(FileNotFoundError, match=re.escape(match + f"{folder} ")):
        channel_attention.save(fname)
    model = EEGTransformer(**{**tiny_params, "max_epochs": 1}).fit(tiny_epochs)
    fname = folder / "model.mnea"
    match = f"fname must be a path in an existing folder, got {fname}: the folder "
    with pytest.raises(FileNotFoundError, match=re.escape(match + f"{folder} ")):
        model.save(fname)
    assert list(tmp_path.iterdir()) == []
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("")
    with pytest.raises(NotADirectoryError, match="is not a folder"):
        channel_attention.save(not_a_folder / "sub-chatt.h5")


def test_failed_save_leaves_no_files(channel_attention, tmp_path, monkeypatch):
    """A save that fails half-way leaves neither a temporary nor a new file."""
    fname = tmp_path / "sub-chatt.h5"
    channel_attention.save(fname)
    before = fname.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(h5py.Group, "create_dataset", fail)
    with pytest.raises(OSError, match="disk full"):
        channel_attention.save(fname, overwrite=True)
    with pytest.raises(OSError, match="disk full"):
        channel_attention.save(tmp_path / "new-chatt.h5")
    assert [p.name for p in tmp_path.iterdir()] == ["sub-chatt.h5"]
    assert fname.read_bytes() == before


def test_plot_matrix(channel_attention):
    """The matrix image shows the chosen condition with labelled axes."""
    fig = channel_attention.plot_matrix("right", show=False)
    image = fig.axes[0].images[0]
    np.testing.assert_array_equal(
        image.get_array(), channel_attention.get_data("right")
    )
    assert fig.axes[0].get_xlabel() == "Sender (key) channel"
    assert "right" in fig.axes[0].get_title()


def test_to_connectivity(channel_attention):
    """Conversion to mne-connectivity, or a clear message to install it."""
    try:
        import mne_connectivity  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install mne-connectivity"):
            channel_attention.to_connectivity("left")
        return
    conn = channel_attention.to_connectivity("left")
    np.testing.assert_allclose(
        conn.get_data("dense"), channel_attention.get_data("left")
    )


def test_validation(channel_attention):
    """Wrong shapes, values, names and conditions are refused by name."""
    info = channel_attention.info
    with pytest.raises(
        ValueError, match=r"n_channels=3 from info, got shape \(2, 2, 2\)"
    ):
        ChannelAttention(info, np.ones((2, 2, 2)), ["a", "b"], "rollout")
    with pytest.raises(ValueError, match="finite and non-negative"):
        ChannelAttention(info, -np.ones((3, 3)), ["a"], "rollout")
    with pytest.raises(ValueError, match="conditions must be 1 distinct names"):
        ChannelAttention(info, np.ones((3, 3)), ["a", "b"], "rollout")
    with pytest.raises(TypeError, match="info must be an instance of mne.Info"):
        ChannelAttention({}, np.ones((3, 3)), ["a"], "rollout")
    with pytest.raises(ValueError, match="n_epochs must have one count per condition"):
        ChannelAttention(info, np.ones((3, 3)), ["a"], "rollout", n_epochs=[1, 2])
    with pytest.raises(
        ValueError, match=r"condition must be one of \['left', 'right'\], got 'up'"
    ):
        channel_attention.get_data("up")
    with pytest.raises(ValueError, match="when there is more than one, got None"):
        channel_attention.get_data()
    with pytest.raises(ValueError, match=r"picks must be channel names.*\['Oz'\]"):
        channel_attention.pick(["Oz"])
