"""Channel attention in MNE's 3D renderer: curved links and coloured sensors."""

from functools import lru_cache
from pathlib import Path

import mne
import numpy as np
from mne.utils import _check_option, _ensure_int, _validate_type, logger, verbose

from ..utils._docs import fill_doc
from ._checks import (
    _check_cmap,
    _check_sensor_positions,
    _check_vlim_entries,
    _evoked_values,
    _get_3d_renderer,
    _units,
)

_DIRECTION_COLORS = ("#2166ac", "#b2182b")  # sender end (blue), receiver end (red)
_HEAD_COLOR = (0.87, 0.76, 0.67)
# a vertical bar on the right (pyvista keywords, passed on by MNE's renderer)
_SCALARBAR_KW = dict(
    vertical=True,
    position_x=0.85,
    position_y=0.2,
    width=0.05,
    height=0.55,
    fmt="%.3g",
)


# --------------------------------------------------------------------------
# geometry (pure numpy, backend independent)


@lru_cache(maxsize=1)
def _fsaverage_head():
    """Return MNE's bundled low-resolution fsaverage scalp in head coordinates.

    Returns
    -------
    rr : array, shape (n_vertices, 3)
        Vertex positions in metres, head frame (read-only).
    tris : array, shape (n_triangles, 3)
        Triangles (read-only).
    """
    data_dir = Path(mne.__file__).parent / "data" / "fsaverage"
    with mne.utils.use_log_level("error"):
        surf = mne.read_bem_surfaces(data_dir / "fsaverage-head.fif")[0]
        head_mri_t = mne.read_trans(data_dir / "fsaverage-trans.fif")
    # the surface is in fsaverage MRI coordinates; montages are set in the head frame
    rr = mne.transforms.apply_trans(
        mne.transforms.invert_transform(head_mri_t), surf["rr"]
    )
    tris = np.array(surf["tris"], dtype=np.int64)
    rr.flags.writeable = False
    tris.flags.writeable = False
    return rr, tris


@lru_cache(maxsize=4)
def _unit_sphere(n_rings=8, n_segments=12):
    """Return a UV sphere of radius 1: vertices (also the normals) and triangles."""
    theta = np.linspace(0, np.pi, n_rings + 1)[1:-1]
    phi = np.linspace(0, 2 * np.pi, n_segments, endpoint=False)
    ring = np.stack(
        [
            np.outer(np.sin(theta), np.cos(phi)),
            np.outer(np.sin(theta), np.sin(phi)),
            np.repeat(np.cos(theta)[:, None], n_segments, axis=1),
        ],
        axis=-1,
    ).reshape(-1, 3)
    rr = np.concatenate([[[0, 0, 1.0]], ring, [[0, 0, -1.0]]])
    tris = []
    seg = np.arange(n_segments)
    nxt = (seg + 1) % n_segments
    tris.append(np.stack([np.zeros(n_segments, int), 1 + seg, 1 + nxt], axis=1))
    for r in range(len(theta) - 1):
        a, b = 1 + r * n_segments, 1 + (r + 1) * n_segments
        tris.append(np.stack([a + seg, b + seg, b + nxt], axis=1))
        tris.append(np.stack([a + seg, b + nxt, a + nxt], axis=1))
    last = len(rr) - 1
    a = 1 + (len(theta) - 1) * n_segments
    tris.append(np.stack([a + seg, np.full(n_segments, last), a + nxt], axis=1))
    tris = np.concatenate(tris)
    rr.flags.writeable = False
    tris.flags.writeable = False
    return rr, tris


def _spheres_mesh(centers, radii):
    """Return one mesh holding a sphere per center: rr, tris, normals, owner."""
    unit_rr, unit_tris = _unit_sphere()
    n_vert = len(unit_rr)
    rr = (centers[:, None, :] + radii[:, None, None] * unit_rr[None]).reshape(-1, 3)
    normals = np.tile(unit_rr, (len(centers), 1))
    tris = (unit_tris[None] + n_vert * np.arange(len(centers))[:, None, None]).reshape(
        -1, 3
    )
    owner = np.repeat(np.arange(len(centers)), n_vert)
    return rr, tris, normals, owner


def _head_center(pos):
    """Return the centre of the sphere that best fits the sensor positions."""
    center = pos.mean(axis=0)
    if len(pos) >= 4:
        design = np.c_[2 * pos, np.ones(len(pos))]
        target = np.sum(pos**2, axis=1)
        sol, _, rank, _ = np.linalg.lstsq(design, target, rcond=None)
        radius_sq = sol[3] + np.sum(sol[:3] ** 2)
        spread = np.max(np.linalg.norm(pos - center, axis=1))
        # keep the fit only when it is a sensible sphere around the sensors
        if rank == 4 and radius_sq > 0 and np.sqrt(radius_sq) < 3 * spread:
            center = sol[:3]
    return center


def _bezier_links(senders, receivers, center, curvature, n_points=24):
    """Sample quadratic Bezier curves from senders to receivers.

    The control point sits on the chord's midpoint, pulled towards the head
    centre by ``curvature`` times the chord length (never past the centre),
    and moved sideways by a tenth of the chord length so that the links
    ``i -> j`` and ``j -> i`` do not overlap.

    Returns
    -------
    points : array, shape (n_links, n_points, 3)
        The samples.
    tangents : array, shape (n_links, n_points, 3)
        Unit tangents.
    binormals : array, shape (n_links, 3)
        Unit normals of each curve's plane.
    """
    chord = receivers - senders
    length = np.linalg.norm(chord, axis=1, keepdims=True)
    mid = 0.5 * (senders + receivers)
    inward = center - mid
    depth = np.linalg.norm(inward, axis=1, keepdims=True)
    u_in = inward / np.maximum(depth, 1e-12)
    side = np.cross(chord, u_in)
    side /= np.maximum(np.linalg.norm(side, axis=1, keepdims=True), 1e-12)
    pull = np.minimum(curvature * length, 0.9 * depth)
    control = mid + pull * u_in + 0.1 * length * side
    t = np.linspace(0, 1, n_points)[None, :, None]
    p0, p1, p2 = senders[:, None], control[:, None], receivers[:, None]
    points = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t**2 * p2
    tangents = 2 * (1 - t) * (p1 - p0) + 2 * t * (p2 - p1)
    tangents /= np.maximum(np.linalg.norm(tangents, axis=2, keepdims=True), 1e-12)
    binormals = np.cross(control - senders, chord)
    norm = np.linalg.norm(binormals, axis=1, keepdims=True)
    # a straight link (curvature 0 and no side step): any perpendicular will do
    fallback = np.cross(
        chord, np.where(np.abs(chord[:, [0]]) < 0.9, [[1, 0, 0]], [[0, 1, 0]])
    )
    binormals = np.where(norm > 1e-12 * np.maximum(length, 1e-12), binormals, fallback)
    binormals /= np.maximum(np.linalg.norm(binormals, axis=1, keepdims=True), 1e-12)
    return points, tangents, binormals


def _tubes_mesh(points, tangents, binormals, radii, n_sides=10):
    """Sweep circles along the curves: rr, tris, normals, t (0 sender, 1 receiver)."""
    n_links, n_points, _ = points.shape
    angle = np.linspace(0, 2 * np.pi, n_sides, endpoint=False)
    b = np.broadcast_to(binormals[:, None], tangents.shape)
    n = np.cross(b, tangents)
    ring = (
        np.cos(angle)[None, None, :, None] * n[:, :, None]
        + np.sin(angle)[None, None, :, None] * b[:, :, None]
    )  # (n_links, n_points, n_sides, 3)
    rr = points[:, :, None] + radii[:, None, None, None] * ring
    side = np.arange(n_sides)
    nxt = (side + 1) % n_sides
    step = np.arange(n_points - 1)[:, None] * n_sides
    v00, v01 = step + side, step + nxt
    v10, v11 = v00 + n_sides, v01 + n_sides
    one = np.concatenate(
        [
            np.stack([v00, v11, v10], -1).reshape(-1, 3),
            np.stack([v00, v01, v11], -1).reshape(-1, 3),
        ]
    )
    offsets = np.arange(n_links)[:, None, None] * (n_points * n_sides)
    tris = (one[None] + offsets).reshape(-1, 3)
    t = np.broadcast_to(
        np.linspace(0, 1, n_points)[None, :, None], (n_links, n_points, n_sides)
    )
    return rr.reshape(-1, 3), tris, ring.reshape(-1, 3), t.reshape(-1)


def _check_top_k(top_k, n_channels):
    n_links = n_channels * (n_channels - 1)
    top_k = _ensure_int(top_k, "top_k")
    if not 1 <= top_k <= n_links:
        raise ValueError(
            f"top_k must be between 1 and the number of directed links between "
            f"{n_channels} channels ({n_links}), got {top_k}"
        )
    return top_k


def _top_links(matrix, top_k, candidates=None):
    """Return receivers, senders and excess of the strongest links.

    Links are ranked by their attention above the receiver's uniform
    reference (the mean of its row's off-diagonal entries); at most
    ``top_k`` of the ``candidates`` (all off-diagonal links when None) are
    returned, strongest first.
    """
    from ..containers.channel import _reference

    top_k = _check_top_k(top_k, len(matrix))
    off = ~np.eye(len(matrix), dtype=bool)
    if candidates is not None:
        off &= candidates
    receivers, senders = np.nonzero(off)
    excess = matrix[off] - _reference(matrix)[receivers]
    order = np.argsort(-excess, kind="stable")[:top_k]
    return receivers[order], senders[order], excess[order]


def _select_links(channel_attention, idx, top_k, links, alpha, correction):
    """Return receivers, senders, excess of the links to draw, and what they are."""
    from ..containers.channel import _CORRECTIONS, _check_alpha, _sem_known

    matrix = channel_attention.data[idx]
    n_channels = len(matrix)
    top_k = _check_top_k(top_k, n_channels)
    _check_option("links", links, ("significant", "top"))
    alpha = _check_alpha(alpha)
    _check_option("correction", correction, _CORRECTIONS)
    n_links = n_channels * (n_channels - 1)
    sem = channel_attention.sem
    if sem is None or not _sem_known(sem[idx]):
        receivers, senders, excess = _top_links(matrix, top_k)
        lines = [
            "no per-epoch spread known:",
            f"strongest {len(excess)} links, not tested",
        ]
        return receivers, senders, excess, lines
    stats = channel_attention.link_statistics(
        channel_attention.conditions[idx], alpha=alpha, correction=correction
    )
    count = (
        f"{stats.n_significant} of {n_links} links above uniform attention "
        f"({stats._test_name()})"
    )
    if links == "top":
        receivers, senders, excess = _top_links(matrix, top_k)
        n_drawn = int(stats.significant[receivers, senders].sum())
        lines = [count, f"strongest {len(excess)} drawn, {n_drawn} of them significant"]
        return receivers, senders, excess, lines
    receivers, senders, excess = _top_links(matrix, top_k, stats.significant)
    lines = [count]
    if stats.n_significant > len(excess):
        lines.append(f"the strongest {len(excess)} drawn")
    return receivers, senders, excess, lines


def _span(values, fmt):
    """Write the range of ``values`` ("a" when constant, else "a to b")."""
    low, high = format(values.min(), fmt), format(values.max(), fmt)
    return low if low == high else f"{low} to {high}"


def _rescale(values, low, high):
    """Map values linearly from their range to [low, high] (high when constant)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi <= lo:
        return np.full(len(values), float(high))
    return low + (high - low) * (values - lo) / (hi - lo)


def _clim(values, vlim):
    if vlim is None:
        vlim = (None, None)
    _validate_type(vlim, (tuple, list), "vlim", "tuple (vmin, vmax)")
    if len(vlim) != 2:
        raise ValueError(f"vlim must be (vmin, vmax), got {vlim!r}")
    _check_vlim_entries(vlim, "vlim")
    vmin = float(np.min(values)) if vlim[0] is None else float(vlim[0])
    vmax = float(np.max(values)) if vlim[1] is None else float(vlim[1])
    if vmax < vmin:
        raise ValueError(f"vlim must have vmin <= vmax, got {vlim!r}")
    if vmax == vmin:
        vmax = vmin + max(abs(vmin) * 1e-3, 1e-12)
    return vmin, vmax


# --------------------------------------------------------------------------
# drawing helpers


def _text_color(bgcolor):
    from matplotlib.colors import to_rgb

    return "black" if np.mean(to_rgb(bgcolor)) > 0.5 else "white"


def _check_common(head, sensor_names, fig, size, bgcolor):
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


def _draw_head(renderer, head, default_opacity):
    if head is False:
        return
    opacity = default_opacity if head is True else float(head)
    rr, tris = _fsaverage_head()
    renderer.mesh(
        *rr.T, tris, color=_HEAD_COLOR, opacity=opacity, backface_culling=False
    )


def _draw_sensors(renderer, pos, values, radii, cmap, vmin, vmax, title, text_color):
    rr, tris, normals, owner = _spheres_mesh(pos, radii)
    actor, _ = renderer.mesh(
        *rr.T,
        tris,
        color=None,
        scalars=values[owner],
        colormap=cmap,
        vmin=vmin,
        vmax=vmax,
        normals=normals,
        interpolate_before_map=False,
    )
    plotter = getattr(renderer, "plotter", None)
    if title in getattr(plotter, "scalar_bars", {}):  # drawing again into a figure
        plotter.remove_scalar_bar(title)
    try:
        renderer.scalarbar(
            source=actor, color=text_color, title=title, n_labels=3, **_SCALARBAR_KW
        )
    except TypeError:  # a renderer that takes only MNE's documented arguments
        renderer.scalarbar(source=actor, color=text_color, title=title, n_labels=3)
    return actor


def _draw_names(renderer, pos, names, center, text_color):
    out = pos - center
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    where = pos + 0.012 * out
    renderer.text3d(*where.T, list(names), font_size=10, color=text_color)


def _finish(renderer, center):
    renderer.show()
    # from above, nose up (like a topomap); mne.viz.set_3d_view changes it
    renderer.set_camera(azimuth=90, elevation=0, distance=0.55, focalpoint=center)
    return renderer.scene()


# --------------------------------------------------------------------------
# public functions


@fill_doc
@verbose
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
    direction_colors=_DIRECTION_COLORS,
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
    sum to one; see :meth:`~mne_attention.containers.channel.ChannelAttention.link_statistics`).
    By default only the links significantly above it are drawn (at most
    ``top_k``, strongest first), and the figure says how many of all links
    passed the test; when none did, the head and sensors are drawn alone.
    Each drawn link is a tube from the sender channel (key) to the receiver
    channel (query), curved towards the head centre. How to read it:

    - **direction**: the colour runs along the tube from the sender's colour
      (``direction_colors[0]``, blue by default) to the receiver's colour
      (``direction_colors[1]``, red); the two directions of a pair bend to
      opposite sides, so both are visible;
    - **strength**: thickness and opacity grow linearly with the attention
      above the uniform reference, from the weakest to the strongest drawn
      link (the range, also as a ratio to the reference, is written in the
      corner);
    - **self-attention** (the diagonal) is shown on the sensors: sphere size
      and colour (``cmap``, with a colour bar) grow with it.

    Parameters
    ----------
    channel_attention : instance of mne_attention.containers.channel.ChannelAttention
        The channel x channel attention (``data[k, i, j]``: receiver ``i``,
        sender ``j``). Its ``info`` needs sensor positions (a montage).
    condition : None | str
        The condition to draw; may be None when there is only one.
    top_k : int
        The most directed links to draw (the furthest above the reference),
        from 1 to ``n_channels * (n_channels - 1)``.
    links : "significant" | "top"
        ``"significant"``: only the links significantly above the uniform
        reference (one-sided test of each link against it with the
        across-epoch standard error ``channel_attention.sem``, corrected
        over all links). ``"top"``: the ``top_k`` links furthest above the
        reference, whether significant or not. A ``channel_attention``
        without ``sem`` (e.g. built by hand) is drawn as ``"top"``, and the
        figure says that its links were not tested.
    alpha : float
        The level of the test, between 0 and 1 (exclusive).
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
    tube_radius : float
        Radius in metres of the strongest link; the weakest gets a quarter.
    sensor_scale : float
        Radius in metres of the sensor with the largest self-attention.
    direction_colors : tuple of 2 colours
        Colours of the sender and receiver ends of each link.
    cmap : str | instance of matplotlib.colors.Colormap
        Colour map of the sensors' self-attention.
    bgcolor : colour
        Background colour.
    size : tuple of int
        Figure size in pixels (width, height), for a new figure.
    fig : None | instance of mne.viz.Figure3D
        A figure to draw into; a new one when None.
    %(verbose)s

    Returns
    -------
    fig : instance of mne.viz.Figure3D
        The 3D figure (use :func:`mne.viz.set_3d_view` to move the camera,
        ``fig.plotter.screenshot()`` to grab the image).

    See Also
    --------
    plot_sensor_attention_3d
    mne_attention.containers.channel.ChannelAttention.plot_3d
    """
    from matplotlib.colors import LinearSegmentedColormap, is_color_like

    from ..containers.channel import ChannelAttention

    _validate_type(
        channel_attention, ChannelAttention, "channel_attention", "ChannelAttention"
    )
    idx = channel_attention._condition_index(condition)
    pos = _check_sensor_positions(channel_attention.info, "channel_attention.info")
    matrix = channel_attention.data[idx]
    receivers, senders, excess, headline = _select_links(
        channel_attention, idx, top_k, links, alpha, correction
    )
    _check_common(head, sensor_names, fig, size, bgcolor)
    for name, value in (
        ("curvature", curvature),
        ("tube_radius", tube_radius),
        ("sensor_scale", sensor_scale),
    ):
        _validate_type(value, "numeric", name)
        low_ok = value >= 0 if name == "curvature" else value > 0
        if not np.isfinite(value) or not low_ok:
            kind = "non-negative" if name == "curvature" else "positive"
            raise ValueError(f"{name} must be a {kind} number, got {value}")
    _validate_type(direction_colors, (tuple, list), "direction_colors")
    if len(direction_colors) != 2 or not all(
        is_color_like(c) for c in direction_colors
    ):
        raise ValueError(
            f"direction_colors must be two matplotlib colours (sender, receiver), "
            f"got {direction_colors!r}"
        )
    _check_cmap(cmap, "cmap")
    cond_name = channel_attention.conditions[idx]
    lines = [f"{cond_name} ({channel_attention.method} attention)", *headline]
    if len(excess):
        values = matrix[receivers, senders]
        reference = values - excess
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(reference > 0, values / reference, np.inf)
        lines.append(
            f"attention {_span(values, '.3g')} ({_span(ratio, '.3g')} x uniform)"
        )
    logger.info("Channel attention of " + "; ".join(lines))

    renderer = _get_3d_renderer(
        fig=fig,
        size=tuple(size),
        bgcolor=bgcolor,
        name=f"Channel attention: {cond_name}",
    )
    text_color = _text_color(bgcolor)
    center = _head_center(pos)
    _draw_head(renderer, head, 0.25)

    # links: one mesh, colour from sender to receiver, opacity and radius by
    # the attention above the uniform reference
    if len(excess):
        radii = tube_radius * _rescale(excess, 0.25, 1.0)
        opacity = _rescale(excess, 0.35, 1.0)
        points, tangents, binormals = _bezier_links(
            pos[senders], pos[receivers], center, float(curvature)
        )
        rr, tris, normals, t = _tubes_mesh(points, tangents, binormals, radii)
        direction = LinearSegmentedColormap.from_list(
            "direction", list(direction_colors)
        )
        rgba = direction(t)
        rgba[:, 3] = np.repeat(opacity, len(t) // len(excess))
        renderer.mesh(*rr.T, tris, color=rgba, normals=normals)

    # self-attention on the sensors
    diag = np.diag(matrix).copy()
    vmin, vmax = _clim(diag, None)
    sensor_radii = sensor_scale * _rescale(diag, 0.5, 1.0)
    _draw_sensors(
        renderer,
        pos,
        diag,
        sensor_radii,
        cmap,
        vmin,
        vmax,
        "Self-attention",
        text_color,
    )
    if sensor_names:
        _draw_names(renderer, pos, channel_attention.ch_names, center, text_color)
    if tuple(direction_colors) == _DIRECTION_COLORS:
        ends = "blue sender -> red receiver"
    else:
        ends = f"{direction_colors[0]} sender -> {direction_colors[1]} receiver"
    if len(excess):
        lines.append(f"{ends}; thicker = further above uniform")
    renderer.text2d(
        x_window=0.02,
        y_window=0.97 - 0.03 * len(lines),
        text="\n".join(lines),
        size=11,
        color=text_color,
    )
    return _finish(renderer, center)


@fill_doc
@verbose
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
    bgcolor : colour
        Background colour.
    size : tuple of int
        Figure size in pixels (width, height), for a new figure.
    fig : None | instance of mne.viz.Figure3D
        A figure to draw into; a new one when None.
    %(verbose)s

    Returns
    -------
    fig : instance of mne.viz.Figure3D
        The 3D figure.

    See Also
    --------
    plot_channel_attention_3d
    plot_attention_topomaps
    """
    values = _evoked_values(evoked, times)
    pos = _check_sensor_positions(evoked.info, "evoked.info")
    _check_common(head, sensor_names, fig, size, bgcolor)
    _validate_type(sensor_scale, "numeric", "sensor_scale")
    if not np.isfinite(sensor_scale) or sensor_scale <= 0:
        raise ValueError(f"sensor_scale must be a positive number, got {sensor_scale}")
    _check_cmap(cmap, "cmap")
    vmin, vmax = _clim(values, vlim)
    title = evoked.comment or "Attention"
    renderer = _get_3d_renderer(
        fig=fig, size=tuple(size), bgcolor=bgcolor, name=f"Sensor attention: {title}"
    )
    text_color = _text_color(bgcolor)
    center = _head_center(pos)
    _draw_head(renderer, head, 1.0)
    radii = np.full(len(pos), float(sensor_scale))
    _draw_sensors(
        renderer, pos, values, radii, cmap, vmin, vmax, _units(evoked), text_color
    )
    if sensor_names:
        _draw_names(renderer, pos, evoked.ch_names, center, text_color)
    renderer.text2d(x_window=0.02, y_window=0.95, text=title, size=12, color=text_color)
    return _finish(renderer, center)
