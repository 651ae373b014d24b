"""ChannelAttention: validation, selection, matrix plot, HDF5 file format."""

import re
import tempfile
from pathlib import Path

import h5py
import mne
import numpy as np
import pytest

from mne_attention import ChannelAttention, EEGTransformer, read_channel_attention
from mne_attention.utils._montage import standard_1005_montage


@pytest.fixture
def channel_attention():
    info = mne.create_info(["C3", "Cz", "C4"], 160.0, "eeg")
    info.set_montage(standard_1005_montage())
    rng = np.random.default_rng(0)
    data = rng.random((2, 3, 3))
    sem = 0.01 + 0.01 * rng.random((2, 3, 3))
    return ChannelAttention(
        info, data, ["left", "right"], "rollout", n_epochs=[4, 5], sem=sem
    )


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
    np.testing.assert_array_equal(
        picked.sem[1], channel_attention.sem[1][np.ix_([2, 0], [2, 0])]
    )
    copied = channel_attention.copy()
    copied.sem[:] = 0
    assert channel_attention.sem.min() > 0
    assert channel_attention.ch_names == ["C3", "Cz", "C4"]
    assert "conditions=['left', 'right']" in repr(channel_attention)


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
    fig = channel_attention.plot_matrix("right", diagonal=True, show=False)
    image = fig.axes[0].images[0]
    np.testing.assert_array_equal(
        image.get_array(), channel_attention.get_data("right")
    )
    assert fig.axes[0].get_xlabel() == "Sender (key) channel"
    assert "right" in fig.axes[0].get_title()


def _rollout_like():
    """Rows summing to one, a large identity diagonal, one planted link."""
    n = 5
    info = mne.create_info(["Fz", "C3", "Cz", "C4", "Pz"], 160.0, "eeg")
    data = np.full((n, n), 0.1)
    np.fill_diagonal(data, 0.6)
    data[3, 1] = 0.16  # C3 -> C4, above C4's reference
    data[3, [0, 2, 4]] = 0.08
    sem = np.full((n, n), 0.005)
    return ChannelAttention(info, data, ["task"], "rollout", [30], sem=sem)


def test_plot_matrix_hides_the_diagonal():
    """By default self-attention is grey and the colours span the links only."""
    chan = _rollout_like()
    fig = chan.plot_matrix(show=False)
    image = fig.axes[0].images[0]
    shown = image.get_array()
    np.testing.assert_array_equal(np.ma.getmaskarray(shown), np.eye(5, dtype=bool))
    assert image.get_clim() == (0.08, 0.16)  # not 0.6, the diagonal
    rgba = image.cmap(np.ma.masked_all(1))[0]
    np.testing.assert_allclose(rgba[:3], (0.827, 0.827, 0.827), atol=1e-3)
    assert "self in grey" in fig.axes[1].get_ylabel()

    fig = chan.plot_matrix(values="z", show=False)
    image = fig.axes[0].images[0]
    z = chan.link_statistics().z
    shown = image.get_array()
    np.testing.assert_array_equal(np.ma.getmaskarray(shown), np.eye(5, dtype=bool))
    np.testing.assert_allclose(shown[3, 1], z[3, 1])
    np.testing.assert_allclose(image.get_clim(), (-z[3, 1], z[3, 1]))
    assert fig.axes[1].get_ylabel().startswith("z = (attention - uniform")


def test_plot_matrix_errors(channel_attention):
    """Values and diagonal name themselves; z needs the per-epoch spread."""
    with pytest.raises(ValueError, match="Invalid value for the 'values' parameter"):
        channel_attention.plot_matrix("left", values="p", show=False)
    with pytest.raises(TypeError, match="diagonal must be an instance of bool"):
        channel_attention.plot_matrix("left", diagonal="no", show=False)
    with pytest.raises(ValueError, match="diagonal must be False with values='z'"):
        channel_attention.plot_matrix("left", values="z", diagonal=True, show=False)
    no_sem = ChannelAttention(
        channel_attention.info, channel_attention.data, ["left", "right"], "rollout"
    )
    with pytest.raises(ValueError, match="values='z' needs the standard error"):
        no_sem.plot_matrix("left", values="z", show=False)


def test_link_statistics_planted_links():
    """Planted links beat the uniform reference; links at the reference do not."""
    info = mne.create_info([f"E{k}" for k in range(8)], 160.0, "eeg")
    n = 8
    rng = np.random.default_rng(3)
    data = np.empty((n, n))
    for i in range(n):  # self 0.3, the rest spread evenly with a little noise
        row = 0.1 + 0.002 * rng.standard_normal(n - 1)
        row *= 0.7 / row.sum()
        data[i, np.arange(n) != i] = row
        data[i, i] = 0.3
    planted = [(2, 5), (6, 0), (7, 1)]  # (receiver, sender)
    for i, j in planted:
        data[i, j] += 0.05
        data[i] /= data[i].sum()
    sem = np.full((n, n), 0.004)
    chan = ChannelAttention(info, data, ["c"], "rollout", [40], sem=sem)
    stats = chan.link_statistics()
    expected = np.zeros((n, n), dtype=bool)
    expected[tuple(np.array(planted).T)] = True
    np.testing.assert_array_equal(stats.significant, expected)
    assert stats.n_significant == 3 and stats.n_links == 56 and stats.df == 39
    reference = (1 - np.diag(data)) / (n - 1)
    np.testing.assert_allclose(stats.reference, reference)
    np.testing.assert_allclose(stats.z[2, 5], (data[2, 5] - reference[2]) / 0.004)
    assert np.all(np.isnan(np.diag(stats.z))) and np.all(
        np.isnan(np.diag(stats.p_values))
    )
    from scipy.stats import t

    np.testing.assert_allclose(stats.p_values[2, 5], t(39).sf(stats.z[2, 5]))
    assert "3 of 56 links above uniform attention (FDR 0.05)" in repr(stats)
    frame = stats.to_data_frame()
    assert len(frame) == 56 and frame["significant"].sum() == 3
    assert set(zip(frame["receiver"][:3], frame["sender"][:3])) == {
        ("E2", "E5"),
        ("E6", "E0"),
        ("E7", "E1"),
    }
    # Bonferroni is stricter than FDR; with n_epochs unknown the normal is used
    bonferroni = chan.link_statistics(correction="bonferroni")
    assert bonferroni.n_significant <= stats.n_significant
    np.testing.assert_allclose(
        bonferroni.p_corrected[2, 5], min(1, 56 * stats.p_values[2, 5])
    )
    normal = ChannelAttention(info, data, ["c"], "rollout", sem=sem).link_statistics()
    assert normal.df is None
    from scipy.stats import norm

    np.testing.assert_allclose(normal.p_values[2, 5], norm.sf(normal.z[2, 5]))


@pytest.mark.parametrize("sem_value", [0.0, 0.01])
def test_link_statistics_uniform(sem_value):
    """Uniform attention (any self-attention) has no significant link."""
    info = mne.create_info(["a", "b", "c", "d"], 160.0, "eeg")
    data = np.full((2, 4, 4), 0.25)
    data[1] = 0.1
    np.fill_diagonal(data[1], 0.7)  # rollout-like: big diagonal, uniform rest
    sem = np.full((2, 4, 4), sem_value)
    chan = ChannelAttention(info, data, ["x", "y"], "rollout", [10, 10], sem=sem)
    for condition in ("x", "y"):
        stats = chan.link_statistics(condition)
        assert stats.n_significant == 0
        off = ~np.eye(4, dtype=bool)
        np.testing.assert_allclose(stats.z[off], 0)
        np.testing.assert_allclose(stats.p_values[off], 0.5)


def test_link_statistics_errors(channel_attention):
    """No spread, or bad alpha/correction, are refused by name."""
    info = channel_attention.info
    no_sem = ChannelAttention(info, channel_attention.data, ["l", "r"], "rollout")
    with pytest.raises(ValueError, match="link_statistics needs the standard error"):
        no_sem.link_statistics("l")
    sem = np.stack([np.ones((3, 3)), np.full((3, 3), np.nan)])
    one_epoch = ChannelAttention(
        info, channel_attention.data, ["l", "r"], "rollout", [5, 1], sem=sem
    )
    assert one_epoch.link_statistics("l").n_links == 6
    with pytest.raises(ValueError, match="condition 'r' has none .*fewer than two"):
        one_epoch.link_statistics("r")
    for alpha in (0, 1, -0.1, np.nan):
        with pytest.raises(
            ValueError, match=r"alpha must be (in \(0, 1\)|a finite number), got"
        ):
            channel_attention.link_statistics("left", alpha=alpha)
    for alpha in ("0.05", True, None):
        with pytest.raises(TypeError, match="alpha must be an instance of float"):
            channel_attention.link_statistics("left", alpha=alpha)
    with pytest.raises(
        ValueError, match="Invalid value for the 'correction' parameter"
    ):
        channel_attention.link_statistics("left", correction="holm")
    with pytest.raises(ValueError, match="condition must be one of"):
        channel_attention.link_statistics("up")


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
    data = channel_attention.data
    for sem, error, match in [
        ("0.1", TypeError, "sem must be an instance of None or array"),
        (np.full((2, 3, 3), "a"), TypeError, "sem must hold real numbers"),
        (np.ones((2, 3, 2)), ValueError, r"sem must have the shape of data \(2, 3, 3"),
        (-np.ones((2, 3, 3)), ValueError, "sem must hold standard errors"),
        (np.full((2, 3, 3), np.inf), ValueError, "sem must hold standard errors"),
        (
            np.where(np.eye(3, dtype=bool), np.nan, np.ones((2, 3, 3))),
            ValueError,
            r"sem\[0\] must be all finite, or all NaN .*got 3 NaN of 9",
        ),
    ]:
        with pytest.raises(error, match=match):
            ChannelAttention(info, data, ["a", "b"], "rollout", sem=sem)
    sem = np.ones((3, 3))  # one matrix: like data, a condition axis is added
    assert ChannelAttention(info, data[0], "a", "r", sem=sem).sem.shape == (1, 3, 3)
