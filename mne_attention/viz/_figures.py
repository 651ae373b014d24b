"""Figures shared by the plotting functions: showing them, two-panel axes and MNE's 3D renderer."""

import numpy as np
from mne.utils import _validate_type

_VIZ_INSTALL = 'pip install "mne-attention[viz]"'


def plt_show(show):
    """Show the open matplotlib figures when ``show`` (MNE's ``plt_show``).

    Parameters
    ----------
    show : bool
        Whether to show them.
    """
    _validate_type(show, bool, "show")
    import matplotlib

    if show and matplotlib.get_backend().lower() != "agg":
        import matplotlib.pyplot as plt

        plt.show()


def two_panels(axes, what):
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


def get_3d_renderer(**kwargs):
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


def text_color(bgcolor):
    """Return black or white, whichever reads on ``bgcolor``.

    Parameters
    ----------
    bgcolor : colour
        The background colour.

    Returns
    -------
    color : str
        ``"black"`` or ``"white"``.
    """
    from matplotlib.colors import to_rgb

    return "black" if np.mean(to_rgb(bgcolor)) > 0.5 else "white"
