"""Attention topomaps per condition, their difference, and one row per band."""

import mne
import numpy as np
from mne.utils import _check_option, _validate_type, logger, verbose

from ..utils._docs import fill_doc
from ..utils._units import UNIFORM_UNITS, difference_units
from ._checks import (
    check_abs_limit,
    check_cmap,
    check_contrast,
    check_sensor_positions,
    check_vlim,
    colour_limits,
    evoked_units,
    evoked_values,
)
from ._figures import plt_show

_MASK_PARAMS = dict(
    marker="o",
    markerfacecolor="white",
    markeredgecolor="black",
    linewidth=0,
    markersize=6,
)


def _as_rows(evokeds):
    """Return [(row_label or None, [evoked, ...]), ...] and whether it was a dict."""
    if isinstance(evokeds, mne.Evoked):
        return [(None, [evokeds])], False
    if isinstance(evokeds, dict):
        if len(evokeds) == 0:
            raise ValueError("evokeds must not be an empty dict")
        rows = []
        for band, row in evokeds.items():
            _validate_type(band, str, "each key of evokeds", "band name (str)")
            if isinstance(row, mne.Evoked):
                row = [row]
            _validate_type(
                row, (list, tuple), f"evokeds[{band!r}]", "list of mne.Evoked"
            )
            rows.append((band, list(row)))
        return rows, True
    _validate_type(
        evokeds,
        (list, tuple),
        "evokeds",
        "mne.Evoked, list of mne.Evoked, or dict of band name -> list of mne.Evoked",
    )
    return [(None, list(evokeds))], False


def _uniform_shares(label, row):
    """Each map's mean over channels and windows: its share under even attention."""
    where = "evokeds" if label is None else f"evokeds[{label!r}]"
    means = np.array([evoked.data.mean() for evoked in row])
    if not np.all(means > 0):
        raise ValueError(
            f"scale='uniform' needs maps with a positive mean (attention shares), "
            f"got means {np.round(means, 6).tolist()} in {where}: use "
            "scale='attention' for occlusion and differences"
        )
    return means


def _row_values(label, row, times):
    """Validate one row and return (names, values (n_cond, n_channels), info)."""
    where = "evokeds" if label is None else f"evokeds[{label!r}]"
    if len(row) == 0:
        raise ValueError(f"{where} must hold at least one mne.Evoked, got none")
    names, values = [], []
    for k, evoked in enumerate(row):
        _validate_type(evoked, mne.Evoked, f"{where}[{k}]", "mne.Evoked")
        check_sensor_positions(evoked.info, f"{where}[{k}].info")
        if evoked.ch_names != row[0].ch_names:
            raise ValueError(
                f"{where} must share one channel list (needed for a shared colour "
                f"scale and differences), but {where}[{k}] differs from {where}[0]"
            )
        name = evoked.comment or f"condition {k}"
        if name in names:
            raise ValueError(
                f"{where} must hold one mne.Evoked per condition (evoked.comment), "
                f"got {name!r} twice"
            )
        names.append(name)
        values.append(evoked_values(evoked, times, f"{where}[{k}]"))
    return names, np.array(values), row[0].info


def _check_mask(mask, label, n_channels, is_dict):
    if mask is None:
        return None
    if isinstance(mask, dict):
        if not is_dict:
            raise ValueError(
                "mask must be an array when evokeds is not a dict of bands, got a dict"
            )
        if label not in mask:
            return None
        mask = mask[label]
        if mask is None:
            return None
    where = "mask" if label is None else f"mask[{label!r}]"
    mask = np.asarray(mask)
    if mask.dtype != bool or mask.shape != (n_channels,):
        raise ValueError(
            f"{where} must be a boolean array of shape ({n_channels},) (one entry per "
            f"channel), got dtype {mask.dtype} and shape {mask.shape}"
        )
    return mask.copy()


@fill_doc
@verbose
def plot_attention_topomaps(
    evokeds,
    contrast=None,
    *,
    times=None,
    mask=None,
    mask_params=None,
    cmap="Reds",
    diff_cmap="RdBu_r",
    vlim=None,
    diff_vlim=None,
    sensors=True,
    contours=6,
    scale="attention",
    title=None,
    show=True,
    verbose=None,
):
    """Plot attention topomaps per condition and their difference.

    One topomap per condition, drawn with :func:`mne.viz.plot_topomap`
    on one colour scale with one colour bar per row, and optionally the
    difference between two conditions on a symmetric diverging scale with its
    own colour bar (the main figure of the original study). Band results get
    one row per band. Values are attention (arbitrary units), not volts.

    Parameters
    ----------
    evokeds : instance of mne.Evoked | list of mne.Evoked | dict
        Attention maps, one :class:`mne.Evoked` per condition
        (``evoked.comment`` is the condition name), e.g. from
        ``mnea.compute_attention(model, epochs).average(by_event_type=True)``.
        A dict maps band names to such lists and gives one row per band.
        All maps in a row share their channels, which need positions
        (a montage).
        The colour bars are labelled with ``evoked.units`` when the maps have
        it (:class:`mne_attention.AttentionEvoked`), else
        ``"Attention (a.u.)"``.
    contrast : None | tuple of str
        Two condition names ``(a, b)``: adds the difference ``a - b``. None
        draws the conditions only.
    times : None | float
        The time point to show (nearest sample) when the maps have several
        (one per time window); None averages over time.
    mask : None | array of bool, shape (n_channels,) | dict
        Channels to mark on the difference map (e.g. significant ones); for
        band results, a dict band name -> mask (missing bands: no mask).
        Needs ``contrast``.
    mask_params : None | dict
        Marker properties of the masked channels (see
        :func:`mne.viz.plot_topomap`); None uses white dots.
    cmap : str | instance of matplotlib.colors.Colormap
        Colour map of the conditions.
    diff_cmap : str | instance of matplotlib.colors.Colormap
        Colour map of the difference (diverging).
    vlim : None | tuple of 2 (float | None)
        Colour limits of the conditions; None uses each row's minimum and
        maximum over its conditions.
    diff_vlim : None | float
        The largest absolute difference on the colour scale (the scale runs
        from ``-diff_vlim`` to ``diff_vlim``); None uses each row's largest
        absolute difference.
    sensors : bool
        Mark the channel positions.
    contours : int
        Number of contour lines (0 for none).
    scale : "attention" | "uniform"
        ``"attention"``: the maps' own values. ``"uniform"``: each map divided
        by its mean over channels and time windows, so that 1 is what every
        channel would get if attention were spread evenly and a channel at
        1.3 gets 30 percent more than that (for attention, whose shares sum to
        one, the mean is the uniform share). Needs maps with a positive
        mean (not occlusion's probability drops).
    title : None | str
        Figure title.
    show : bool
        Show the figure.
    %(verbose)s

    Returns
    -------
    fig : instance of matplotlib.figure.Figure
        The figure: rows are bands (one row without bands), columns the
        conditions, a colour bar, and with ``contrast`` the difference and its
        colour bar.

    See Also
    --------
    plot_sensor_attention_3d
    mne.viz.plot_topomap
    """
    import matplotlib.pyplot as plt

    rows, is_dict = _as_rows(evokeds)
    contrast = check_contrast(contrast)
    _validate_type(times, (None, "numeric"), "times")
    _validate_type(mask, (None, np.ndarray, list, tuple, dict), "mask")
    if mask is not None and contrast is None:
        raise ValueError("mask marks channels on the difference map: give contrast too")
    _validate_type(mask_params, (None, dict), "mask_params")
    check_cmap(cmap, "cmap")
    check_cmap(diff_cmap, "diff_cmap")
    vlim = check_vlim(vlim, "vlim")
    check_abs_limit(diff_vlim, "diff_vlim")
    _validate_type(sensors, bool, "sensors")
    _validate_type(contours, "int-like", "contours")
    if contours < 0:
        raise ValueError(
            f"contours must be a number of contour lines >= 0, got {contours}"
        )
    _check_option("scale", scale, ("attention", "uniform"))
    _validate_type(title, (None, str), "title")
    _validate_type(show, bool, "show")
    params = dict(_MASK_PARAMS, **(mask_params or {}))

    prepared = []
    for label, row in rows:
        names, values, info = _row_values(label, row, times)
        if scale == "uniform":
            values = values / _uniform_shares(label, row)[:, None]
        diff = row_mask = None
        if contrast is not None:
            missing = [name for name in contrast if name not in names]
            if missing:
                where = "evokeds" if label is None else f"evokeds[{label!r}]"
                raise ValueError(
                    f"contrast must name conditions found in {where} (evoked.comment): "
                    f"{names}, got {contrast!r} ({missing} not found)"
                )
            diff = values[names.index(contrast[0])] - values[names.index(contrast[1])]
            row_mask = _check_mask(mask, label, len(info["ch_names"]), is_dict)
        prepared.append((label, names, values, info, diff, row_mask))

    n_cols = max(len(p[1]) for p in prepared)
    has_diff = contrast is not None
    ratios = [1.0] * n_cols + [0.06] + ([0.25, 1.0, 0.06] if has_diff else [])
    n_rows = len(prepared)
    fig = plt.figure(
        figsize=(2.4 * n_cols + 0.9 + (2.7 if has_diff else 0), 2.5 * n_rows + 0.5),
        layout="constrained",
    )
    grid = fig.add_gridspec(n_rows, len(ratios), width_ratios=ratios)
    for r, (label, names, values, info, diff, row_mask) in enumerate(prepared):
        vmin, vmax = colour_limits(values, vlim)
        image = None
        for c in range(n_cols):
            ax = fig.add_subplot(grid[r, c])
            if c >= len(names):
                ax.set_axis_off()
                continue
            image, _ = mne.viz.plot_topomap(
                values[c],
                info,
                axes=ax,
                cmap=cmap,
                vlim=(vmin, vmax),
                sensors=sensors,
                contours=contours,
                show=False,
            )
            ax.set_title(names[c])
            if c == 0 and label is not None:
                ax.text(
                    -0.12,
                    0.5,
                    label,
                    transform=ax.transAxes,
                    rotation=90,
                    ha="center",
                    va="center",
                    fontsize="large",
                    fontweight="bold",
                )
        cax = fig.add_subplot(grid[r, n_cols])
        units = evoked_units(rows[r][1][0]) if scale == "attention" else UNIFORM_UNITS
        fig.colorbar(image, cax=cax, label=units)
        if has_diff:
            fig.add_subplot(grid[r, n_cols + 1]).set_axis_off()
            limits = colour_limits(diff, diff_vlim, symmetric=True, name="diff_vlim")
            ax = fig.add_subplot(grid[r, n_cols + 2])
            image, _ = mne.viz.plot_topomap(
                diff,
                info,
                axes=ax,
                cmap=diff_cmap,
                vlim=limits,
                sensors=sensors,
                contours=contours,
                mask=row_mask,
                mask_params=params,
                show=False,
            )
            sep = "\n" if len(contrast[0]) + len(contrast[1]) > 16 else " "
            ax.set_title(f"{contrast[0]}{sep}\N{MINUS SIGN} {contrast[1]}")
            cax = fig.add_subplot(grid[r, n_cols + 3])
            fig.colorbar(image, cax=cax, label=difference_units(units))
        logger.info(
            f"{label or 'Topomaps'}: conditions {names}, attention {vmin:.3g} to "
            f"{vmax:.3g}"
        )
    if title is not None:
        fig.suptitle(title)
    plt_show(show)
    return fig
