"""plot_attention_matrix: the grey diagonal and the colour scale of the links."""

import mne
import numpy as np

from mne_attention import ChannelAttention


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
