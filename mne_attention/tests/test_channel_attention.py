"""ChannelAttention: validation, selection, matrix plot, HDF5 round trip."""

import mne
import numpy as np
import pytest

from mne_attention import ChannelAttention, read_channel_attention
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


def test_round_trip(channel_attention, tmp_path):
    """save/read keeps matrices, names, method, counts and montage; no temp files."""
    fname = tmp_path / "sub-chatt.h5"
    channel_attention.save(fname)
    back = read_channel_attention(fname)
    np.testing.assert_array_equal(back.data, channel_attention.data)
    assert back.conditions == ["left", "right"] and back.method == "rollout"
    assert back.n_epochs == [4, 5]
    np.testing.assert_allclose(
        back.info.get_montage().get_positions()["ch_pos"]["C3"],
        channel_attention.info.get_montage().get_positions()["ch_pos"]["C3"],
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub-chatt.h5"]
    with pytest.raises(FileExistsError):
        channel_attention.save(fname)
    channel_attention.save(fname, overwrite=True)


def test_read_errors(tmp_path):
    """A file that is not ours fails clearly."""
    fname = tmp_path / "bad-chatt.h5"
    fname.write_bytes(b"not hdf5")
    with pytest.raises(ValueError, match="fname must be a channel-attention file"):
        read_channel_attention(fname)


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
        conn.get_data("dense")[..., 0], channel_attention.get_data("left")
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
