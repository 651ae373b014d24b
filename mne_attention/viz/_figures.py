"""Figures shared by the plotting functions: showing them, two-panel axes and MNE's 3D renderer."""

import os
import re
import subprocess
import sys

import numpy as np
from mne.utils import _validate_type, logger

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


# Debian/Ubuntu packages that give VTK an off-screen OpenGL context: EGL through
# Mesa's software rasteriser, or OSMesa
_OFF_SCREEN_INSTALL = (
    "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri (EGL) or apt-get install "
    "libosmesa6 (OSMesa)"
)
# the system libraries that importing PySide6 (Qt's GUI modules) links to
_QT_INSTALL = "apt-get install libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0"
# renders an 8 x 8 red window off screen and prints VTK's window class; run in a
# subprocess because VTK crashes the process when no OpenGL context can be made
_OFF_SCREEN_PROBE = """
from vtkmodules.vtkCommonCore import vtkUnsignedCharArray
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow
import vtkmodules.vtkRenderingOpenGL2

window = vtkRenderWindow()
window.SetOffScreenRendering(1)
window.SetSize(8, 8)
renderer = vtkRenderer()
renderer.SetBackground(1.0, 0.0, 0.0)
window.AddRenderer(renderer)
window.Render()
pixel = vtkUnsignedCharArray()
window.GetPixelData(0, 0, 0, 0, 0, pixel, 0)
assert pixel.GetTuple3(0) == (255.0, 0.0, 0.0), pixel.GetTuple3(0)
print(window.GetClassName())
"""
_OFF_SCREEN_WINDOW = {}  # the probe's answer, once per process and DISPLAY


def off_screen_window():
    """Return the VTK render window class that renders here without a display.

    VTK (>= 9.4 wheels) picks X, then EGL, then OSMesa; this renders a tiny
    window in a subprocess, once per process and ``DISPLAY``, to see that one
    works.

    Returns
    -------
    window : str
        ``"vtkEGLRenderWindow"`` or ``"vtkOSOpenGLRenderWindow"`` (or
        ``"vtkXOpenGLRenderWindow"`` where an X display works).

    Raises
    ------
    RuntimeError
        When VTK cannot render off screen; the message says what to install.
    """
    key = os.environ.get("DISPLAY")
    if key not in _OFF_SCREEN_WINDOW:
        try:
            probe = subprocess.run(
                [sys.executable, "-c", _OFF_SCREEN_PROBE],
                capture_output=True,
                text=True,
                timeout=120,
            )
        except subprocess.TimeoutExpired:
            reason = "rendering a test window took over 2 minutes"
        else:
            if probe.returncode == 0 and probe.stdout.strip():
                _OFF_SCREEN_WINDOW[key] = probe.stdout.strip().splitlines()[-1]
                return _OFF_SCREEN_WINDOW[key]
            reason = _probe_failure(probe)
        raise RuntimeError(
            "3D views without a display render off screen through VTK, which needs "
            f"EGL or OSMesa: on Debian/Ubuntu {_OFF_SCREEN_INSTALL}, or run under "
            f"Xvfb (xvfb-run -a python script.py) ({reason})"
        )
    return _OFF_SCREEN_WINDOW[key]


def _probe_failure(probe):
    """Say in a few words why the off-screen probe failed."""
    lines = [line.strip() for line in probe.stderr.splitlines() if line.strip()]
    for line in lines:
        if "not found" in line or "Error" in line:
            return re.sub(r"\x1b\[[0-9;]*m", "", line.split("| ")[-1]).strip()
    if probe.returncode < 0:
        return f"VTK crashed with signal {-probe.returncode}"
    return lines[-1] if lines else f"exit status {probe.returncode}"


def get_3d_renderer(**kwargs):
    """Return MNE's 3D renderer, off screen when there is no display.

    This is MNE's renderer of the current 3D backend, unless MNE's Qt backend
    cannot open a display (on Linux without ``DISPLAY``): then the figure
    renders off screen through VTK (EGL or OSMesa), still as a
    :class:`mne.viz.Figure3D` that :class:`mne.Report`,
    :func:`mne.viz.set_3d_view` and ``fig.plotter.screenshot()`` take.

    Parameters
    ----------
    **kwargs
        Passed to :func:`mne.viz.backends.renderer._get_renderer` (``fig``,
        ``size``, ``bgcolor``, ``name``, ``shape``: subplots as rows and
        columns).

    Returns
    -------
    renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
        The renderer.

    Raises
    ------
    ImportError
        Without pyvista or a 3D backend MNE can load; it says what to install.
    RuntimeError
        When neither a display nor off-screen rendering works; it says which
        system packages to install.
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

    try:  # loaded even off screen: mne.viz.close_all_3d_figures() needs it
        backend = renderer_module._get_3d_backend()
    except (ImportError, RuntimeError) as err:
        reasons = [line for line in str(err).splitlines()[1:] if ": " in line]
        reasons = "; ".join(reasons) or str(err)
        if ".so" in reasons:  # the viz extra is there, a system library is not
            raise ImportError(
                f"MNE's 3D backend cannot load a system library ({reasons}): on "
                f"Debian/Ubuntu {_QT_INSTALL}"
            ) from err
        raise ImportError(f"{message} ({reasons})") from err
    try:
        return renderer_module._get_renderer(**kwargs)
    except ImportError as err:
        raise ImportError(f"{message} ({err})") from err
    except RuntimeError as err:
        if backend != "pyvistaqt" or "display" not in str(err).lower():
            raise
        logger.info(f"{err}: no display for Qt")
        return _off_screen_renderer(**kwargs)


def _off_screen_renderer(
    fig=None, size=(600, 600), bgcolor="black", name=None, shape=(1, 1)
):
    """MNE's pyvista renderer drawing into an off-screen ``pyvista.Plotter``."""
    window = off_screen_window()
    logger.info(f"Rendering the 3D view off screen through VTK ({window})")
    import pyvista
    from mne.viz.backends import _pyvista

    class OffScreenRenderer(_pyvista._PyVistaRenderer):
        _kind = "off_screen"

        def show(self):  # render; pyvista.Plotter.show() would close the plotter
            self.plotter.render()

    # VTK picks the class of a window when it is made: the probed one, without
    # trying X first (and warning); set only meanwhile, as windows opened later
    # on a display must stay X windows
    previous = os.environ.get("VTK_DEFAULT_OPENGL_WINDOW")
    os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", window)
    try:
        if fig is None:  # as MNE builds its figure, with a plotter with no window
            fig = _pyvista.PyVistaFigure()
            fig._init(
                size=size,
                shape=shape,
                background_color=bgcolor,
                title=name,
                off_screen=True,
            )
            smoothing = ("line_smoothing", "point_smoothing", "polygon_smoothing")
            fig._plotter = pyvista.Plotter(  # smoothing as MNE's plotters
                off_screen=True,
                window_size=list(size),
                shape=shape,
                title=name,
                **dict.fromkeys(smoothing, True),
            )
            fig._plotter.background_color = bgcolor
        return OffScreenRenderer(
            fig=fig, size=size, bgcolor=bgcolor, name=name, shape=shape
        )
    finally:
        if previous is None:
            os.environ.pop("VTK_DEFAULT_OPENGL_WINDOW", None)


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
