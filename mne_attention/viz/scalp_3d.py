"""Attention on the scalp in 3D: sensor values interpolated over MNE's fsaverage head.

The smooth-surface sibling of
:func:`~mne_attention.viz.plot_sensor_attention_3d`: the values are spread
between the sensors with MNE's spherical splines and drawn on the head, one
frame per time window.
"""

import mne
import numpy as np
from mne.utils import _check_option, _validate_type, logger, verbose

from ..utils._docs import fill_doc
from ._checks import (
    check_3d_options,
    check_cmap,
    check_sensor_positions,
    colour_limits,
    evoked_units,
    evoked_values,
)
from ._draw_3d import draw_colorbar, draw_markers, draw_names, draw_scalp, finish
from ._figures import get_3d_renderer, text_color
from ._geometry import (
    fsaverage_head,
    head_center,
    onto_surface,
    outline_distance,
    spline_weights,
)

MAX_FRAMES = 12  # frames side by side; more would be too narrow to read
# how far beyond the sensors' outline the scalp is still coloured, in median
# nearest-neighbour sensor spacings (see _geometry.sensor_coverage)
COVERAGE_MARGIN = 0.5
MIN_SENSORS = 3
SENSOR_RADIUS = 0.002  # metres
SENSOR_COLOR = "black"
_TIMES_TYPES = "'windows', None, a number or a list of numbers"


@verbose
@fill_doc
def plot_scalp_attention_3d(
    evoked,
    *,
    times="windows",
    cmap="viridis",
    vlim=None,
    sensors=True,
    sensor_names=False,
    bgcolor="white",
    size=None,
    fig=None,
    verbose=None,
):
    """Show one attention value per channel as a smooth map on the scalp in 3D.

    The smooth-surface counterpart of
    :func:`~mne_attention.viz.plot_sensor_attention_3d` and the 3D
    counterpart of a topomap: the values of the sensors are interpolated over
    MNE's bundled fsaverage head with spherical splines, as MNE interpolates
    bad EEG channels, and drawn with one colour scale. How to read it:

    - **colour**: the attention at that point of the scalp, interpolated
      between the sensors (black dots) so that it equals each sensor's value
      on the sensor; one colour bar (on the right, below the last frame when
      there are several) gives the scale, shared by all frames;
    - **plain head colour** (face, neck, below the sensors): not covered by
      the sensors, so nothing is drawn there; the scalp is coloured inside the
      sensors' outline and up to half the median spacing between neighbouring
      sensors beyond it, so nothing is extrapolated further;
    - **frames**: one per time window, side by side, each titled with its
      window (``times="windows"``), so that the attention can be followed over
      the epoch; the view is from above, nose up, as on a topomap (drag to
      turn the heads, or use :func:`mne.viz.set_3d_view`).

    Parameters
    ----------
    evoked : instance of mne.Evoked
        An attention map (e.g. one condition from
        ``mnea.compute_attention(...).average(by_event_type=True)``, an
        :class:`mne_attention.AttentionEvoked`), with sensor positions (a
        montage) for at least three channels. Its times are the centres of
        the model's time windows, one window per sample
        (``1 / info["sfreq"]`` seconds long). ``evoked.comment`` is used as
        title, ``evoked.units`` (if any) as colour bar title.
    times : "windows" | None | float | list of float
        ``"windows"``: one frame per time point (window) of ``evoked``;
        None: one frame of the mean over time; a number or a list of
        numbers: one frame per time point, each the nearest sample. At most
        12 frames.
    cmap : str | instance of matplotlib.colors.Colormap
        Colour map.
    vlim : None | tuple of 2 (float | None)
        Colour limits, shared by all frames; None uses the minimum and
        maximum of the sensor values shown (the interpolated scalp beyond
        them takes the end colours).
    sensors : bool
        Mark the sensors with small black spheres.
    sensor_names : bool
        Write the channel names next to the sensors.
    bgcolor : colour
        Background colour.
    size : None | tuple of int
        Figure size in pixels (width, height), for a new figure; None is
        600 x 600 for one frame, 400 pixels wide per frame and 450 high for
        several.
    fig : None | instance of mne.viz.Figure3D
        A figure to draw into (with one subplot per frame side by side,
        ``shape=(1, n_frames)``, when there are several); a new one when
        None.
    %(verbose)s

    Returns
    -------
    fig : instance of mne.viz.Figure3D
        The 3D figure, one subplot per frame (``fig.plotter.renderers``).

    See Also
    --------
    plot_sensor_attention_3d
    plot_attention_topomaps
    """
    _validate_type(evoked, mne.Evoked, "evoked", "mne.Evoked")
    frames, labels = _frames(evoked, times)
    pos = check_sensor_positions(evoked.info, "evoked.info")
    if len(pos) < MIN_SENSORS:
        raise ValueError(
            f"evoked must hold at least {MIN_SENSORS} channels to interpolate "
            f"between, got {len(pos)}"
        )
    n_frames = len(frames)
    if size is None:
        size = (700, 600) if n_frames == 1 else (400 * n_frames, 500)
    check_3d_options(True, sensor_names, fig, size, bgcolor)
    _validate_type(sensors, bool, "sensors")
    check_cmap(cmap, "cmap")
    if not np.all(np.isfinite(frames)):
        raise ValueError(
            "evoked must hold finite values at the times shown, got NaN or "
            "infinite values"
        )
    clim = colour_limits(frames, vlim)
    _check_fig_shape(fig, n_frames)

    center = head_center(pos)
    head_rr, head_tris = fsaverage_head()
    scalp = spline_weights(pos, head_rr, center) @ frames.T
    beyond = outline_distance(pos, head_rr, center)
    # the sensors as seen on the template head, where their values are drawn
    on_head = onto_surface(pos, center, head_rr, head_tris, SENSOR_RADIUS / 2)
    title = evoked.comment or "Attention"
    logger.info(
        f"Scalp attention of {title}: {n_frames} frame(s), colour limits "
        f"{clim[0]:.3g} to {clim[1]:.3g}, "
        f"{np.mean(beyond <= COVERAGE_MARGIN):.0%} of the head's vertices coloured"
    )
    renderer = get_3d_renderer(
        fig=fig,
        size=tuple(size),
        bgcolor=bgcolor,
        name=f"Scalp attention: {title}",
        shape=(1, n_frames),
    )
    color = text_color(bgcolor)
    height = getattr(renderer.plotter, "window_size", size)[1]
    for frame, label in enumerate(labels):
        if n_frames > 1:
            renderer.subplot(0, frame)
        actor = draw_scalp(
            renderer, scalp[:, frame], beyond, COVERAGE_MARGIN, cmap=cmap, clim=clim
        )
        if sensors:
            draw_markers(renderer, on_head, SENSOR_RADIUS, SENSOR_COLOR)
        if sensor_names:
            draw_names(renderer, on_head, evoked.ch_names, center, color)
        text = f"{title}\n{label}" if frame == 0 else label
        top = 1 - (8 + 26 * (text.count("\n") + 1)) / height  # 26 pixels a line
        renderer.text2d(x_window=0.02, y_window=top, text=text, size=12, color=color)
    # narrow frames side by side: the bar at the bottom of the last, heads further
    draw_colorbar(renderer, actor, evoked_units(evoked), color, bottom=n_frames > 1)
    return finish(renderer, center, n_frames, 0.55 if n_frames == 1 else 0.65)


def _frames(evoked, times):
    """Return the values of each frame, shape (n_frames, n_channels), and titles."""
    _validate_type(
        times, (None, str, "numeric", list, tuple, np.ndarray), "times", _TIMES_TYPES
    )
    if isinstance(times, str):
        _check_option("times", times, ("windows",))
    step = 1.0 / evoked.info["sfreq"]
    centres = evoked.times
    if times is None:
        label = _window_label(centres[0], centres[-1], step)
        if len(evoked.times) > 1:
            label = f"mean of {label}"
        return evoked.data.mean(axis=1)[None], [label]
    if isinstance(times, str):
        indices = np.arange(len(evoked.times))
        if len(indices) > MAX_FRAMES:
            raise ValueError(
                f"times='windows' draws one frame per time point of evoked, and at "
                f"most {MAX_FRAMES} fit side by side, got {len(indices)} time "
                f"points: pass up to {MAX_FRAMES} times as a list, or times=None "
                "for the mean over time"
            )
    else:
        asked = np.atleast_1d(np.asarray(times, dtype=object))
        if asked.ndim != 1 or len(asked) == 0:
            raise ValueError(
                f"times must be {_TIMES_TYPES}, got an array of shape {asked.shape}"
            )
        if len(asked) > MAX_FRAMES:
            raise ValueError(
                f"times must hold at most {MAX_FRAMES} time points (one frame "
                f"each, side by side), got {len(asked)}"
            )
        for value in asked:
            _validate_type(value, "numeric", "each entry of times")
            evoked_values(evoked, value)  # refuses a time outside the data
        asked = asked.astype(float)
        indices = np.abs(evoked.times[None] - asked[:, None]).argmin(axis=1)
    labels = [_window_label(centres[i], centres[i], step) for i in indices]
    return evoked.data[:, indices].T.copy(), labels


def _window_label(first, last, step):
    """Return the windows from ``first`` to ``last`` (centres) as e.g. "0.00-0.50 s".

    The ends are rounded to a tenth of a window: a window's centre is that of
    its samples, half a sample of the epochs off the centre of its span.
    """
    ends = np.array([first - step / 2, last + step / 2])
    ends = np.round(ends / (step / 10)) * (step / 10) + 0.0  # + 0.0: no "-0.00"
    # milliseconds where hundredths of a second do not give the ends exactly
    decimals = 2 if np.allclose(ends, np.round(ends, 2), rtol=0, atol=1e-9) else 3
    return f"{ends[0]:.{decimals}f}-{ends[1]:.{decimals}f} s"


def _check_fig_shape(fig, n_frames):
    """Refuse a figure without one subplot per frame, side by side."""
    if fig is None or n_frames == 1:
        return
    shape = (getattr(fig, "_nrows", 1), getattr(fig, "_ncols", 1))
    if shape != (1, n_frames):
        raise ValueError(
            f"fig must have one subplot per frame side by side, shape (1, "
            f"{n_frames}), got a figure of shape {shape}: pass fig=None"
        )
