"""Checks shared by the plotting functions, colour limits included."""

import mne
import numpy as np
from mne.utils import _ensure_int, _validate_type

from ..utils._montage import standard_1005_name
from ..utils._units import ATTENTION_UNITS


def evoked_units(evoked):
    """Return the colour bar label of an attention map.

    Parameters
    ----------
    evoked : instance of mne.Evoked
        The map; :class:`mne_attention.AttentionEvoked` knows its units (e.g.
        ``"Δ probability"`` for occlusion), a plain :class:`mne.Evoked` gets
        ``ATTENTION_UNITS``.

    Returns
    -------
    units : str
        The label.
    """
    units = getattr(evoked, "units", None)
    return units if isinstance(units, str) and units else ATTENTION_UNITS


def _montage_hint():
    """Return the montage call to suggest, as the installed MNE spells it."""
    return f"epochs.set_montage({standard_1005_name()!r})"


def check_sensor_positions(info, name="info"):
    """Return the channel positions (head frame, metres), or raise without a montage.

    Parameters
    ----------
    info : instance of mne.Info
        The measurement info.
    name : str
        How to call the object in the error message.

    Returns
    -------
    pos : array, shape (n_channels, 3)
        The positions, in the order of ``info["ch_names"]``.
    """
    _validate_type(info, mne.Info, name, "mne.Info")
    if len(info["chs"]) == 0:
        raise ValueError(f"{name} must hold at least one channel, got none")
    pos = np.array([ch["loc"][:3] for ch in info["chs"]], dtype=float)
    missing = ~np.all(np.isfinite(pos), axis=1) | np.all(pos == 0, axis=1)
    if missing.any():
        names = [n for n, bad in zip(info["ch_names"], missing) if bad]
        shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
        raise ValueError(
            f"{name} has no sensor positions for {len(names)} of "
            f"{len(info['ch_names'])} channels ({shown}): set a montage first, "
            f"e.g. {_montage_hint()}"
        )
    return pos


def check_contrast(contrast):
    """Return ``contrast`` as None or a tuple of two distinct condition names, or raise.

    Parameters
    ----------
    contrast : None | tuple of str
        What the user passed.

    Returns
    -------
    contrast : None | tuple of str
        The checked contrast.
    """
    if contrast is None:
        return None
    _validate_type(contrast, (list, tuple), "contrast", "tuple of two condition names")
    contrast = tuple(contrast)
    if len(contrast) != 2 or contrast[0] == contrast[1]:
        raise ValueError(
            f"contrast must be two distinct condition names, got {contrast!r}"
        )
    for item in contrast:
        _validate_type(item, str, "each condition in contrast")
    return contrast


def check_cmap(cmap, name="cmap"):
    """Validate a colour map: a matplotlib name or a Colormap, checked before drawing.

    Parameters
    ----------
    cmap : str | instance of matplotlib.colors.Colormap
        The colour map.
    name : str
        The argument's name, for the error message.
    """
    import matplotlib
    from matplotlib.colors import Colormap

    _validate_type(cmap, (str, Colormap), name, "str or matplotlib Colormap")
    if isinstance(cmap, str) and cmap not in matplotlib.colormaps:
        raise ValueError(
            f"{name} must be the name of a matplotlib colour map such as 'viridis', "
            f"got {cmap!r}"
        )


def check_vlim(vlim, name="vlim"):
    """Return colour limits ``(vmin, vmax)``, each a finite number or None, or raise.

    Parameters
    ----------
    vlim : None | tuple of 2 (float | None)
        What the user passed; None leaves both limits to the data.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    vlim : tuple of 2 (float | None)
        The checked limits.
    """
    if vlim is None:
        return (None, None)
    _validate_type(vlim, (tuple, list), name, "tuple (vmin, vmax)")
    if len(vlim) != 2:
        raise ValueError(f"{name} must be (vmin, vmax), got {vlim!r}")
    for value in vlim:
        _validate_type(value, (None, "numeric"), f"each entry of {name}")
    if any(value is not None and not np.isfinite(value) for value in vlim):
        raise ValueError(f"{name} must hold finite numbers or None, got {vlim!r}")
    if None not in vlim and vlim[0] >= vlim[1]:
        raise ValueError(f"{name} must have vmin < vmax, got {vlim!r}")
    return tuple(vlim)


def check_abs_limit(limit, name):
    """Return the largest absolute value of a symmetric scale, None or positive.

    Parameters
    ----------
    limit : None | float
        What the user passed.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    limit : None | float
        The checked limit.
    """
    _validate_type(limit, (None, "numeric"), name)
    if limit is not None and not (np.isfinite(limit) and limit > 0):
        raise ValueError(f"{name} must be a positive number (finite), got {limit}")
    return None if limit is None else float(limit)


def colour_limits(values, vlim=None, *, symmetric=False, name="vlim"):
    """Return the colour limits ``(vmin, vmax)`` of ``values``.

    The one rule for every figure of the package: limits the user gave win,
    the others come from the finite values, and a scale never collapses to a
    point.

    Parameters
    ----------
    values : array
        The values to show.
    vlim : None | tuple of 2 (float | None) | float
        ``(vmin, vmax)`` (see :func:`check_vlim`); with ``symmetric``, the
        largest absolute value (a positive number), None for the data's.
    symmetric : bool
        Limits symmetric around zero, for differences and z-scores.
    name : str
        The argument's name, for error messages.

    Returns
    -------
    vmin, vmax : float
        The limits, ``vmin < vmax``.
    """
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    if symmetric:
        vlim = check_abs_limit(vlim, name)
        limit = np.abs(finite).max(initial=0.0) if vlim is None else vlim
        limit = float(limit) if limit > 0 else 1.0  # all zero: any scale will do
        return -limit, limit
    vlim = check_vlim(vlim, name)
    low, high = (finite.min(), finite.max()) if finite.size else (0.0, 0.0)
    vmin = float(low) if vlim[0] is None else float(vlim[0])
    vmax = float(high) if vlim[1] is None else float(vlim[1])
    if vmax <= vmin:
        vmax = vmin + max(abs(vmin) * 1e-3, 1e-12)
    return vmin, vmax


def check_3d_options(head, sensor_names, fig, size, bgcolor):
    """Refuse bad drawing options of the 3D views, before a window opens.

    Parameters
    ----------
    head : bool | float
        Whether to draw the head, or its opacity.
    sensor_names : bool
        Whether to write the channel names.
    fig : None | instance of mne.viz.Figure3D
        The figure to draw into.
    size : tuple of int
        The figure size in pixels.
    bgcolor : colour
        The background colour.
    """
    from matplotlib.colors import is_color_like

    _validate_type(head, (bool, "numeric"), "head", "bool or opacity between 0 and 1")
    if not isinstance(head, bool) and not 0 <= head <= 1:
        raise ValueError(
            f"head must be a bool or an opacity between 0 and 1, got {head}"
        )
    _validate_type(sensor_names, bool, "sensor_names")
    _validate_type(fig, (None, mne.viz.Figure3D), "fig", "None or mne.viz.Figure3D")
    _validate_type(size, (tuple, list), "size", "tuple (width, height)")
    if len(size) != 2:
        raise ValueError(f"size must be (width, height) in pixels, got {size!r}")
    for k, value in enumerate(size):
        _ensure_int(value, f"size[{k}]")
    if min(size) < 1:
        raise ValueError(
            f"size must be (width, height) in pixels, both positive, got {size!r}"
        )
    if not is_color_like(bgcolor):
        raise ValueError(f"bgcolor must be a matplotlib colour, got {bgcolor!r}")


def evoked_values(evoked, times=None, name="evoked"):
    """Return one value per channel of an attention :class:`mne.Evoked`.

    Parameters
    ----------
    evoked : instance of mne.Evoked
        The attention map.
    times : None | float
        The time point to use (the nearest sample); None averages over time.
    name : str
        How to call the object in error messages.

    Returns
    -------
    values : array, shape (n_channels,)
        A new array.
    """
    _validate_type(evoked, mne.Evoked, name, "mne.Evoked")
    _validate_type(times, (None, "numeric"), "times")
    if times is None:
        return evoked.data.mean(axis=1)
    times = float(times)
    step = 0.5 / evoked.info["sfreq"]
    if not evoked.times[0] - step <= times <= evoked.times[-1] + step:
        raise ValueError(
            f"times must be within the time range of {name} "
            f"({evoked.times[0]:g} to {evoked.times[-1]:g} s), got {times:g}"
        )
    idx = int(np.argmin(np.abs(evoked.times - times)))
    return evoked.data[:, idx].copy()
