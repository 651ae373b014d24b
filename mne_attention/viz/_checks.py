"""Validation shared by the plotting functions."""

import mne
import numpy as np
from mne.utils import _validate_type

from ..utils._montage import standard_1005_name

_VIZ_INSTALL = 'pip install "mne-attention[viz]"'
_DEFAULT_UNITS = "Attention (a.u.)"


def _units(evoked):
    """Return the colour bar label of an attention map.

    :class:`mne_attention.AttentionEvoked` knows its units (e.g.
    ``"Δ probability"`` for occlusion); a plain :class:`mne.Evoked` gets
    ``"Attention (a.u.)"``.
    """
    units = getattr(evoked, "units", None)
    return units if isinstance(units, str) and units else _DEFAULT_UNITS


def _diff_units(units):
    """Return the colour bar label of a difference of maps in ``units``."""
    if units == _DEFAULT_UNITS:
        return "\N{GREEK CAPITAL LETTER DELTA} attention (a.u.)"
    return f"Difference ({units})"


def _montage_hint():
    """Return the montage call to suggest, as the installed MNE spells it."""
    return f"epochs.set_montage({standard_1005_name()!r})"


def _check_sensor_positions(info, name="info"):
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


def _check_contrast(contrast):
    """Validate ``contrast``: None or two distinct condition names."""
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


def _check_cmap(cmap, name="cmap"):
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


def _check_vlim_entries(vlim, name="vlim"):
    """Check the two entries of a ``(vmin, vmax)`` pair: finite numbers or None."""
    for value in vlim:
        _validate_type(value, (None, "numeric"), f"each entry of {name}")
    if any(value is not None and not np.isfinite(value) for value in vlim):
        raise ValueError(f"{name} must hold finite numbers or None, got {vlim!r}")


def _get_3d_renderer(**kwargs):
    """Return MNE's 3D renderer, or raise an ImportError saying what to install.

    Parameters
    ----------
    **kwargs
        Passed to :func:`mne.viz.backends.renderer._get_renderer`.

    Returns
    -------
    renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
        The renderer.
    """
    message = (
        "3D plots need pyvista and one of the 3D backends MNE supports (pyvistaqt "
        "with a Qt binding, or the notebook backend with ipywidgets/trame); "
        f"install them with: {_VIZ_INSTALL}"
    )
    try:
        import pyvista  # noqa: F401
    except ImportError as err:
        raise ImportError(f"{message} ({err})") from err
    from mne.viz.backends import renderer as renderer_module

    try:
        return renderer_module._get_renderer(**kwargs)
    except ImportError as err:
        raise ImportError(f"{message} ({err})") from err
    except RuntimeError as err:
        if "3D backend" in str(err):
            raise ImportError(f"{message} ({str(err).splitlines()[0]})") from err
        if "display" in str(err).lower():
            raise RuntimeError(
                f"{err}: the pyvistaqt 3D backend needs a display; on a headless "
                "machine run under Xvfb (e.g. xvfb-run -a python script.py) or use "
                "the notebook backend (mne.viz.set_3d_backend('notebook'))"
            ) from err
        raise


def _evoked_values(evoked, times=None, name="evoked"):
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


def _show(show):
    """Show the open matplotlib figures when ``show`` (MNE's ``plt_show``)."""
    _validate_type(show, bool, "show")
    import matplotlib

    if show and matplotlib.get_backend().lower() != "agg":
        import matplotlib.pyplot as plt

        plt.show()


def _two_panels(axes, what):
    """Return a new figure with two side-by-side axes, or the two given ones.

    Parameters
    ----------
    axes : None | array-like of 2 matplotlib.axes.Axes
        Where to draw; a new figure when None.
    what : str
        What the two panels show, for the error message (e.g. "loss, accuracy").

    Returns
    -------
    fig : instance of matplotlib.figure.Figure
        The figure.
    axes : list of matplotlib.axes.Axes
        The two axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
        return fig, list(axes)
    axes = list(np.ravel(np.asarray(axes, dtype=object)))
    if len(axes) != 2 or not all(isinstance(ax, Axes) for ax in axes):
        kinds = ", ".join(type(ax).__name__ for ax in axes)
        raise ValueError(
            f"axes must be two matplotlib Axes ({what}), got {len(axes)} objects "
            f"({kinds})"
        )
    return axes[0].figure, axes
