"""Attention in MNE's 3D renderer: per-sensor values and directed links on the head.

The figures take MNE objects and arrays: the link tests live with
:class:`mne_attention.ChannelAttention`, whose ``plot_3d`` method chooses the
links and calls :func:`plot_links_3d`.
"""

import numpy as np
from mne.utils import _validate_type, logger, verbose

from ..utils._docs import fill_doc
from ._checks import (
    check_3d_options,
    check_cmap,
    check_sensor_positions,
    colour_limits,
    evoked_units,
    evoked_values,
)
from ._draw_3d import draw_head, draw_links, draw_names, draw_sensors, finish
from ._figures import get_3d_renderer, text_color
from ._geometry import bezier_links, head_center, rescale

DIRECTION_COLORS = ("#2166ac", "#b2182b")  # sender end (blue), receiver end (red)
SURFACE_COLOR = (0.6, 0.6, 0.6)  # surfaces drawn instead of the head (the cortex)
# the drawing defaults that plot_channel_attention_3d and plot_region_links_3d share
LINK_DEFAULTS_3D = {
    "curvature": 0.5,
    "direction_colors": DIRECTION_COLORS,
    "cmap": "viridis",
    "bgcolor": "white",
    "size": (800, 800),
    "fig": None,
}
# the drawing defaults of plot_channel_attention_3d, for plot_links_3d
_LINKS_3D = {
    "head": True,
    "sensor_names": False,
    "tube_radius": 0.0025,
    "sensor_scale": 0.005,
    **LINK_DEFAULTS_3D,
}


def with_defaults(options, defaults, method):
    """Return ``options`` completed from ``defaults``; other names raise TypeError.

    The message is Python's for an unexpected keyword argument of ``method``.
    """
    unknown = sorted(set(options) - set(defaults))
    if unknown:
        raise TypeError(f"{method}() got an unexpected keyword argument {unknown[0]!r}")
    return {**defaults, **options}


def channel_attention_method(channel_attention, name):
    """Return the method ``name`` of a ChannelAttention, or raise TypeError.

    Duck-typed: viz knows no container class (ChannelAttention calls viz).
    """
    if not all(hasattr(channel_attention, attr) for attr in (name, "sem")):
        got = "None" if channel_attention is None else type(channel_attention)
        raise TypeError(
            f"channel_attention must be an instance of ChannelAttention, got {got} "
            "instead."
        )
    return getattr(channel_attention, name)


@verbose
@fill_doc
def plot_channel_attention_3d(
    channel_attention,
    condition=None,
    top_k=100,
    *,
    links="significant",
    alpha=0.05,
    correction="fdr",
    head=True,
    sensor_names=False,
    curvature=0.5,
    tube_radius=0.0025,
    sensor_scale=0.005,
    direction_colors=DIRECTION_COLORS,
    cmap="viridis",
    bgcolor="white",
    size=(800, 800),
    fig=None,
    verbose=None,
):
    """Draw the directed attention links that beat uniform attention on the head.

    A link ``j -> i`` is compared with the receiver's uniform reference, the
    attention ``i`` would give every other channel if it spread its non-self
    attention evenly (``(1 - data[i, i]) / (n_channels - 1)`` for rows that
    sum to one; see :meth:`mne_attention.ChannelAttention.link_statistics`).
    By default only the links significantly above it are drawn (at most
    ``top_k``, strongest first), and the figure says how many of all links
    passed the test; when none did, the head and sensors are drawn alone.
    Each drawn link is a tube from the sender channel (key) to the receiver
    channel (query), curved towards the head centre. How to read it:

    %(links_direction_strength)s
    - **self-attention** (the diagonal) is shown on the sensors: sphere size
      and colour (``cmap``, with a colour bar) grow with it.

    Parameters
    ----------
    channel_attention : instance of mne_attention.ChannelAttention
        The channel x channel attention (``data[k, i, j]``: receiver ``i``,
        sender ``j``). Its ``info`` needs sensor positions (a montage).
    %(condition)s
    top_k : int
        The most directed links to draw (the furthest above the reference),
        from 1 to ``n_channels * (n_channels - 1)``.
    %(links_3d)s
    %(alpha)s
    correction : "fdr" | "bonferroni"
        The correction for the ``n_channels * (n_channels - 1)`` links:
        Benjamini-Hochberg false discovery rate or Bonferroni.
    head : bool | float
        Draw MNE's bundled fsaverage scalp; a float sets its opacity
        (True: 0.25, so that the links inside stay visible).
    sensor_names : bool
        Write the channel names next to the sensors.
    curvature : float
        How far each link bends towards the head centre, as a fraction of
        its length (0 draws straight links).
    %(tube_radius)s
    sensor_scale : float
        Radius in metres of the sensor with the largest self-attention.
    %(direction_colors)s
    cmap : str | instance of matplotlib.colors.Colormap
        Colour map of the sensors' self-attention.
    %(options_3d)s
    %(verbose)s

    Returns
    -------
    %(fig_3d)s

    See Also
    --------
    plot_sensor_attention_3d
    mne_attention.ChannelAttention.plot_3d
    """
    return channel_attention_method(channel_attention, "plot_3d")(
        condition,
        top_k,
        links=links,
        alpha=alpha,
        correction=correction,
        head=head,
        sensor_names=sensor_names,
        curvature=curvature,
        tube_radius=tube_radius,
        sensor_scale=sensor_scale,
        direction_colors=direction_colors,
        cmap=cmap,
        bgcolor=bgcolor,
        size=size,
        fig=fig,
        verbose=verbose,
    )


@verbose
def plot_links_3d(
    info,
    self_values,
    links,
    strength,
    *,
    lines,
    name,
    positions=None,
    surfaces=None,
    verbose=None,
    **options,
):
    """Draw directed links between sensors as tubes, and a value per sensor.

    The drawing of :func:`plot_channel_attention_3d` (and, with
    ``positions`` and ``surfaces``, of
    :func:`~mne_attention.viz.plot_region_links_3d`), on arrays: links run
    from ``links[1]`` (senders) to ``links[0]`` (receivers), thicker and more
    opaque with ``strength``; the sensors grow and change colour with
    ``self_values``.

    Parameters
    ----------
    info : instance of mne.Info
        The channels, with sensor positions.
    self_values : array, shape (n_channels,)
        One value per sensor (e.g. self-attention).
    links : tuple of 2 array of int
        The receivers and senders of the links to draw (may be empty).
    strength : array, shape (n_links,)
        How strong each link is (e.g. attention above its reference).
    lines : list of str
        Text for the top left corner.
    name : str
        The window title.
    positions : None | array, shape (n_channels, 3)
        Where to draw the channels (e.g. brain regions); None: ``info``'s.
    surfaces : None | list of tuple (rr, tris)
        Surfaces to draw instead of the scalp (e.g. the cortex), at opacity
        ``head``; the links bend towards the middle of their bounding box.
    verbose : bool | str | int | None
        Control verbosity of the logging output.
    **options
        How to draw: ``head``, ``sensor_names``, ``curvature``,
        ``tube_radius``, ``sensor_scale``, ``direction_colors``, ``cmap``,
        ``bgcolor``, ``size`` and ``fig``, as in
        :func:`plot_channel_attention_3d` (with its defaults).

    Returns
    -------
    fig : instance of mne.viz.Figure3D
        The 3D figure.
    """
    from matplotlib.colors import LinearSegmentedColormap, is_color_like

    options = with_defaults(options, _LINKS_3D, "plot_3d")
    head, sensor_names, fig = options["head"], options["sensor_names"], options["fig"]
    size, bgcolor, cmap = options["size"], options["bgcolor"], options["cmap"]
    curvature, tube_radius = options["curvature"], options["tube_radius"]
    sensor_scale = options["sensor_scale"]
    direction_colors = options["direction_colors"]
    if positions is None:
        pos = check_sensor_positions(info, "channel_attention.info")
    else:
        pos = np.asarray(positions, dtype=float)
    check_3d_options(head, sensor_names, fig, size, bgcolor)
    for what, value in (
        ("curvature", curvature),
        ("tube_radius", tube_radius),
        ("sensor_scale", sensor_scale),
    ):
        _validate_type(value, "numeric", what)
        low_ok = value >= 0 if what == "curvature" else value > 0
        if not np.isfinite(value) or not low_ok:
            kind = "non-negative" if what == "curvature" else "positive"
            raise ValueError(f"{what} must be a {kind} number, got {value}")
    _validate_type(direction_colors, (tuple, list), "direction_colors")
    if len(direction_colors) != 2 or not all(
        is_color_like(c) for c in direction_colors
    ):
        raise ValueError(
            f"direction_colors must be two matplotlib colours (sender, receiver), "
            f"got {direction_colors!r}"
        )
    check_cmap(cmap, "cmap")
    lines = list(lines)
    if len(strength):
        if tuple(direction_colors) == DIRECTION_COLORS:
            ends = "blue sender -> red receiver"
        else:
            ends = f"{direction_colors[0]} sender -> {direction_colors[1]} receiver"
        lines.append(f"{ends}; thicker = further above uniform")
    logger.info("Channel attention of " + "; ".join(lines))

    renderer = get_3d_renderer(fig=fig, size=tuple(size), bgcolor=bgcolor, name=name)
    color = text_color(bgcolor)
    if surfaces is None:
        center, distance = head_center(pos), 0.55
        draw_head(renderer, head, 0.25)
    else:
        every = np.concatenate([rr for rr, _ in surfaces])
        center = (every.min(axis=0) + every.max(axis=0)) / 2
        # frame the surfaces with a margin (a 30 degree view angle)
        distance = 3.5 * float(np.ptp(every, axis=0).max())
        style = dict(color=SURFACE_COLOR, backface_culling=False)
        for rr, tris in surfaces if head is not False else ():
            renderer.mesh(*rr.T, tris, opacity=0.25 if head is True else head, **style)
    if len(strength):
        receivers, senders = links
        points = bezier_links(pos[senders], pos[receivers], center, float(curvature))
        direction = LinearSegmentedColormap.from_list(
            "direction", list(direction_colors)
        )
        draw_links(
            renderer,
            points,
            tube_radius * rescale(strength, 0.25, 1.0),
            rescale(strength, 0.35, 1.0),
            direction,
        )
    draw_sensors(
        renderer,
        pos,
        self_values,
        sensor_scale * rescale(self_values, 0.5, 1.0),
        cmap=cmap,
        clim=colour_limits(self_values),
        title="Self-attention",
        color=color,
    )
    if sensor_names:
        draw_names(renderer, pos, info["ch_names"], center, color)
    renderer.text2d(
        x_window=0.02,
        y_window=0.97 - 0.03 * len(lines),
        text="\n".join(lines),
        size=11,
        color=color,
    )
    return finish(renderer, center, distance=distance)


@verbose
@fill_doc
def plot_sensor_attention_3d(
    evoked,
    *,
    times=None,
    cmap="viridis",
    vlim=None,
    head=True,
    sensor_names=False,
    sensor_scale=0.006,
    bgcolor="white",
    size=(800, 800),
    fig=None,
    verbose=None,
):
    """Show one attention value per channel as sensor colours on the head.

    The 3D counterpart of a topomap (like :func:`mne.viz.plot_alignment` with
    ``sensor_colors``, plus a colour bar): each sensor is a sphere coloured by
    its attention.

    Parameters
    ----------
    evoked : instance of mne.Evoked
        An attention map (e.g. one condition from
        ``mnea.compute_attention(...).average(by_event_type=True)``), with
        sensor positions (a montage). ``evoked.comment`` is used as title,
        ``evoked.units`` (if any) as colour bar title.
    times : None | float
        The time point to show (nearest sample); None averages over time
        (several time windows).
    cmap : str | instance of matplotlib.colors.Colormap
        Colour map.
    vlim : None | tuple of 2 (float | None)
        Colour limits; None uses the data's minimum and maximum.
    head : bool | float
        Draw MNE's bundled fsaverage scalp; a float sets its opacity
        (True: 1.0).
    sensor_names : bool
        Write the channel names next to the sensors.
    sensor_scale : float
        Sensor sphere radius in metres.
    %(options_3d)s
    %(verbose)s

    Returns
    -------
    fig : instance of mne.viz.Figure3D
        The 3D figure.

    See Also
    --------
    plot_scalp_attention_3d : The same values interpolated over the scalp.
    plot_channel_attention_3d
    plot_attention_topomaps
    """
    values = evoked_values(evoked, times)
    pos = check_sensor_positions(evoked.info, "evoked.info")
    check_3d_options(head, sensor_names, fig, size, bgcolor)
    _validate_type(sensor_scale, "numeric", "sensor_scale")
    if not np.isfinite(sensor_scale) or sensor_scale <= 0:
        raise ValueError(f"sensor_scale must be a positive number, got {sensor_scale}")
    check_cmap(cmap, "cmap")
    clim = colour_limits(values, vlim)
    title = evoked.comment or "Attention"
    renderer = get_3d_renderer(
        fig=fig, size=tuple(size), bgcolor=bgcolor, name=f"Sensor attention: {title}"
    )
    color = text_color(bgcolor)
    center = head_center(pos)
    draw_head(renderer, head, 1.0)
    radii = np.full(len(pos), float(sensor_scale))
    draw_sensors(
        renderer,
        pos,
        values,
        radii,
        cmap=cmap,
        clim=clim,
        title=evoked_units(evoked),
        color=color,
    )
    if sensor_names:
        draw_names(renderer, pos, evoked.ch_names, center, color)
    renderer.text2d(x_window=0.02, y_window=0.95, text=title, size=12, color=color)
    return finish(renderer, center)
