"""ChannelAttention: validation, selection, saving, matrix plot options."""

import re

import h5py
import numpy as np
import pytest

from mne_attention import ChannelAttention, EEGTransformer


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
