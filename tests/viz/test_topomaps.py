"""Tests of the attention topomap figure (matplotlib, Agg)."""

import matplotlib
import mne
import numpy as np
import pytest

from mne_attention.utils._montage import standard_1005_montage
from mne_attention.viz import plot_attention_topomaps

CH_NAMES = ["Fz", "F3", "F4", "Cz", "C3", "C4", "Pz", "P3", "P4", "Oz", "O1", "O2"]


def _info(montage=True, names=CH_NAMES):
    info = mne.create_info(list(names), 1.0, "eeg")
    if montage:
        info.set_montage(standard_1005_montage())
    return info


def _evoked(values, comment, info=None, tmin=0.0):
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, np.newaxis]
    return mne.EvokedArray(
        values,
        _info() if info is None else info,
        tmin=tmin,
        comment=comment,
        verbose="error",
    )


@pytest.fixture
def evokeds():
    """Eyes open: frontal attention; eyes closed: occipital attention."""
    info = _info()
    y = np.array([ch["loc"][1] for ch in info["chs"]])
    opened = 1 / 12 + 0.02 * (y > 0.02)
    closed = 1 / 12 + 0.03 * (y < -0.05)
    return [_evoked(opened, "eyes-open", info), _evoked(closed, "eyes-closed", info)]


def _colorbars(fig):
    return [ax for ax in fig.axes if getattr(ax, "_colorbar", None) is not None]


def _topomap_axes(fig):
    return [ax for ax in fig.axes if ax.images and ax not in _colorbars(fig)]


def test_conditions_and_difference(evokeds):
    """Two conditions on one scale, the difference on a symmetric scale, a mask."""
    before = [ev.data.copy() for ev in evokeds]
    mask = np.zeros(len(CH_NAMES), bool)
    mask[[0, 9]] = True
    fig = plot_attention_topomaps(
        evokeds,
        contrast=("eyes-open", "eyes-closed"),
        mask=mask,
        show=False,
        title="Attention",
    )
    assert isinstance(fig, matplotlib.figure.Figure)
    maps = _topomap_axes(fig)
    assert [ax.get_title() for ax in maps] == [
        "eyes-open",
        "eyes-closed",
        "eyes-open\n\N{MINUS SIGN} eyes-closed",
    ]
    values = np.array([ev.data[:, 0] for ev in evokeds])
    # conditions share the colour scale: the row's min and max
    for ax in maps[:2]:
        assert np.allclose(ax.images[0].get_clim(), (values.min(), values.max()))
    diff = values[0] - values[1]
    lim = np.abs(diff).max()
    assert np.allclose(maps[2].images[0].get_clim(), (-lim, lim))
    assert maps[2].images[0].get_cmap().name == "RdBu_r"
    labels = [cax.get_ylabel() for cax in _colorbars(fig)]
    assert labels == [
        "Attention (a.u.)",
        "\N{GREEK CAPITAL LETTER DELTA} attention (a.u.)",
    ]
    # the mask draws white markers on the difference map only
    marked = [line for line in maps[2].lines if line.get_markerfacecolor() == "white"]
    assert sum(len(line.get_xdata()) for line in marked) == 2
    assert not any(line.get_markerfacecolor() == "white" for line in maps[0].lines)
    assert fig._suptitle.get_text() == "Attention"
    for ev, data in zip(evokeds, before):  # inputs untouched
        assert np.array_equal(ev.data, data)


def test_conditions_only_and_options(evokeds):
    """No contrast: conditions and one colour bar; vlim, cmap and single Evoked."""
    fig = plot_attention_topomaps(
        evokeds, vlim=(0.0, 0.2), cmap="viridis", sensors=False, contours=0, show=True
    )
    maps = _topomap_axes(fig)
    assert len(maps) == 2 and len(_colorbars(fig)) == 1
    assert all(ax.images[0].get_clim() == (0.0, 0.2) for ax in maps)
    assert maps[0].images[0].get_cmap().name == "viridis"
    fig = plot_attention_topomaps(evokeds[0], show=False)
    assert [ax.get_title() for ax in _topomap_axes(fig)] == ["eyes-open"]
    fig = plot_attention_topomaps(
        evokeds, contrast=["eyes-closed", "eyes-open"], diff_vlim=0.5, show=False
    )
    diff_ax = _topomap_axes(fig)[2]
    assert diff_ax.images[0].get_clim() == (-0.5, 0.5)
    assert diff_ax.get_title() == "eyes-closed\n\N{MINUS SIGN} eyes-open"
    fig = plot_attention_topomaps(
        [_evoked(ev.data, name) for ev, name in zip(evokeds, "ab")],
        contrast=("b", "a"),
        show=False,
    )
    assert _topomap_axes(fig)[2].get_title() == "b \N{MINUS SIGN} a"  # short: one line


class _UnitsEvoked(mne.EvokedArray):
    """Like mne_attention.AttentionEvoked: knows the units of its values."""

    units = "\N{GREEK CAPITAL LETTER DELTA} probability"


def test_units(evokeds):
    """Colour bars take the units of the maps when they have them."""
    maps = [
        _UnitsEvoked(ev.data, ev.info, comment=ev.comment, verbose="error")
        for ev in evokeds
    ]
    fig = plot_attention_topomaps(
        maps, contrast=("eyes-open", "eyes-closed"), show=False
    )
    assert [cax.get_ylabel() for cax in _colorbars(fig)] == [
        "\N{GREEK CAPITAL LETTER DELTA} probability",
        "Difference (\N{GREEK CAPITAL LETTER DELTA} probability)",
    ]


def test_bands(evokeds):
    """A dict of bands gives one row per band, each with its colour bars."""
    bands = {
        "alpha": evokeds,
        "beta": [_evoked(ev.data[:, 0] * 2, ev.comment) for ev in evokeds],
        "theta": evokeds[0],  # a single Evoked per band works too
    }
    mask = {"alpha": np.ones(len(CH_NAMES), bool)}
    fig = plot_attention_topomaps(
        {k: v for k, v in bands.items() if k != "theta"},
        contrast=("eyes-open", "eyes-closed"),
        mask=mask,
        show=False,
    )
    maps = _topomap_axes(fig)
    assert len(maps) == 6 and len(_colorbars(fig)) == 4
    row_labels = [t.get_text() for ax in maps for t in ax.texts]
    assert "alpha" in row_labels and "beta" in row_labels
    # each row has its own scale: beta is twice alpha
    assert np.allclose(
        np.array(maps[3].images[0].get_clim()),
        2 * np.array(maps[0].images[0].get_clim()),
    )
    fig = plot_attention_topomaps(bands, show=False)
    assert len(_topomap_axes(fig)) == 5  # theta has one map, its second cell is empty


def test_times(evokeds):
    """Several time windows: the mean by default, or the time point asked for."""
    values = (
        np.array([[0.1, 0.3, 0.5]] * len(CH_NAMES)) * np.linspace(1, 2, 12)[:, None]
    )
    multi = _evoked(values, "eyes-open", tmin=0.0)
    fig = plot_attention_topomaps(multi, show=False)
    mean = values.mean(axis=1)
    assert np.allclose(
        _topomap_axes(fig)[0].images[0].get_clim(), (mean.min(), mean.max())
    )
    fig = plot_attention_topomaps(multi, times=2.0, show=False)
    assert np.allclose(
        _topomap_axes(fig)[0].images[0].get_clim(),
        (values[:, 2].min(), values[:, 2].max()),
    )
    with pytest.raises(ValueError, match="times must be within the time range"):
        plot_attention_topomaps(multi, times=5.0, show=False)
    with pytest.raises(TypeError, match="times must be"):
        plot_attention_topomaps(multi, times="first", show=False)


def test_errors(evokeds):
    """Clear errors for wrong inputs."""
    contrast = ("eyes-open", "eyes-closed")
    no_montage = _evoked(evokeds[0].data, "eyes-open", _info(montage=False))
    with pytest.raises(
        ValueError, match=r"set a montage first, e\.g\. epochs\.set_montage\("
    ):
        plot_attention_topomaps([no_montage], show=False)
    with pytest.raises(
        ValueError, match="contrast must name conditions found in evokeds"
    ):
        plot_attention_topomaps(evokeds, contrast=("eyes-open", "rest"), show=False)
    with pytest.raises(
        ValueError, match=r"contrast must name conditions found in evokeds\['a'\]"
    ):
        plot_attention_topomaps({"a": evokeds[:1]}, contrast=contrast, show=False)
    with pytest.raises(
        ValueError, match="contrast must be two distinct condition names"
    ):
        plot_attention_topomaps(evokeds, contrast=("eyes-open",), show=False)
    with pytest.raises(ValueError, match="contrast must be two distinct"):
        plot_attention_topomaps(
            evokeds, contrast=("eyes-open", "eyes-open"), show=False
        )
    with pytest.raises(TypeError, match="contrast must be"):
        plot_attention_topomaps(evokeds, contrast="eyes-open", show=False)
    with pytest.raises(TypeError, match="evokeds must be"):
        plot_attention_topomaps(42, show=False)
    with pytest.raises(TypeError, match=r"evokeds\[1\] must be"):
        plot_attention_topomaps([evokeds[0], evokeds[1].data], show=False)
    with pytest.raises(ValueError, match="must hold at least one mne.Evoked"):
        plot_attention_topomaps([], show=False)
    with pytest.raises(ValueError, match="must not be an empty dict"):
        plot_attention_topomaps({}, show=False)
    with pytest.raises(ValueError, match="got 'eyes-open' twice"):
        plot_attention_topomaps([evokeds[0], evokeds[0]], show=False)
    other = _evoked(np.ones(3), "eyes-closed", _info(names=["Fz", "Cz", "Pz"]))
    with pytest.raises(ValueError, match="must share one channel list"):
        plot_attention_topomaps([evokeds[0], other], show=False)
    mask = np.ones(len(CH_NAMES), bool)
    with pytest.raises(ValueError, match="mask marks channels on the difference map"):
        plot_attention_topomaps(evokeds, mask=mask, show=False)
    with pytest.raises(
        ValueError, match=r"mask must be a boolean array of shape \(12,\)"
    ):
        plot_attention_topomaps(evokeds, contrast=contrast, mask=mask[:3], show=False)
    with pytest.raises(ValueError, match="mask must be a boolean array"):
        plot_attention_topomaps(evokeds, contrast=contrast, mask=mask * 1.0, show=False)
    with pytest.raises(
        ValueError, match="mask must be an array when evokeds is not a dict"
    ):
        plot_attention_topomaps(
            evokeds, contrast=contrast, mask={"a": mask}, show=False
        )
    with pytest.raises(ValueError, match=r"vlim must be \(vmin, vmax\)"):
        plot_attention_topomaps(evokeds, vlim=(0, 1, 2), show=False)
    with pytest.raises(ValueError, match="vlim must have vmin < vmax"):
        plot_attention_topomaps(evokeds, vlim=(1, 0), show=False)
    with pytest.raises(ValueError, match="diff_vlim must be a positive number"):
        plot_attention_topomaps(evokeds, contrast=contrast, diff_vlim=-1, show=False)
    with pytest.raises(TypeError, match="show must be"):
        plot_attention_topomaps(evokeds, show="yes")


def test_scale_relative_to_uniform(evokeds):
    """scale='uniform' divides each map by its mean: 1 is evenly spread attention."""
    before = [ev.data.copy() for ev in evokeds]
    fig = plot_attention_topomaps(
        evokeds, contrast=("eyes-open", "eyes-closed"), scale="uniform", show=False
    )
    for ev, data in zip(evokeds, before):
        np.testing.assert_array_equal(ev.data, data)
    assert [cax.get_ylabel() for cax in _colorbars(fig)] == [
        "\N{MULTIPLICATION SIGN} uniform attention",
        "Difference (\N{MULTIPLICATION SIGN} uniform attention)",
    ]
    shares = np.array([ev.data[:, 0] / ev.data.mean() for ev in evokeds])
    vmin, vmax = _topomap_axes(fig)[0].images[0].get_clim()
    np.testing.assert_allclose([vmin, vmax], [shares.min(), shares.max()])
    assert vmin < 1 < vmax
    drops = [_evoked(-ev.data[:, 0], ev.comment) for ev in evokeds]  # all negative
    with pytest.raises(ValueError, match="scale='uniform' needs maps with a positive"):
        plot_attention_topomaps(drops, scale="uniform", show=False)
    with pytest.raises(ValueError, match="Invalid value for the 'scale' parameter"):
        plot_attention_topomaps(evokeds, scale="chance", show=False)
