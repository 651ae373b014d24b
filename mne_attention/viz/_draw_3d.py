"""Drawing into MNE's 3D renderer: the head, scalp maps, sensors, links, names and camera."""

import numpy as np

from ..utils._docs import fill_doc
from ._geometry import fsaverage_head, outside

HEAD_COLOR = (0.87, 0.76, 0.67)
# where the colour bar goes: vertical or not, lower left corner and size, as
# fractions of the window (pyvista keywords, passed on by MNE's renderer)
_SCALARBAR_KEYS = ("vertical", "position_x", "position_y", "width", "height")
_SCALARBAR_RIGHT = (True, 0.85, 0.2, 0.05, 0.55)
# a horizontal bar at the bottom (MNE's own place), for narrow subplots
_SCALARBAR_BOTTOM = (False, 0.15, 0.03, 0.7, 0.07)


def draw_head(renderer, head, default_opacity):
    """Draw MNE's bundled fsaverage scalp, unless ``head`` is False.

    Parameters
    ----------
    renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
        Where to draw.
    head : bool | float
        False draws nothing, True the scalp at ``default_opacity``, a float
        sets the opacity.
    default_opacity : float
        The opacity for ``head=True``.
    """
    if head is False:
        return
    opacity = default_opacity if head is True else float(head)
    rr, tris = fsaverage_head()
    renderer.mesh(
        *rr.T, tris, color=HEAD_COLOR, opacity=opacity, backface_culling=False
    )


@fill_doc
def draw_sensors(renderer, pos, values, radii, *, cmap, clim, title, color):
    """Draw one sphere per sensor, sized by ``radii`` and coloured by ``values``.

    Parameters
    ----------
    %(renderer_pos)s
    values : array, shape (n_sensors,)
        The values mapped to colours through ``cmap`` within ``clim``.
    radii : array, shape (n_sensors,)
        The sphere radii in metres.
    cmap : str | instance of matplotlib.colors.Colormap
        The colour map.
    clim : tuple of 2 float
        The colour limits.
    title : str
        The colour bar title.
    color : str
        The colour of the colour bar's text.
    """
    # MNE's sphere glyphs have diameter 1, scaled by the length of the vector
    zeros = np.zeros(len(pos))
    actor, _ = renderer.quiver3d(
        *pos.T,
        2 * radii,
        zeros,
        zeros,
        color=None,
        scale=1.0,
        mode="sphere",
        glyph_resolution=16,  # the default 8 draws visibly faceted spheres
        scale_mode="vector",
        scalars=values,
        colormap=cmap,
        clim=clim,
    )
    draw_colorbar(renderer, actor, title, color)


def draw_colorbar(renderer, actor, title, color, *, bottom=False):
    """Draw the colour bar of ``actor``'s colour map, on the right or at the bottom.

    Parameters
    ----------
    renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
        Where to draw (its current subplot).
    actor : vtkActor
        The actor drawn with scalars, a colour map and limits.
    title : str
        The colour bar title (a bar of that title already there is replaced).
    color : str
        The colour of the colour bar's text.
    bottom : bool
        A horizontal bar at the bottom instead of a vertical one on the right.
    """
    place = _SCALARBAR_BOTTOM if bottom else _SCALARBAR_RIGHT
    # at the bottom, labels only at the ends, clear of the title in the middle
    placement = dict(
        zip(_SCALARBAR_KEYS, place), n_labels=2 if bottom else 3, fmt="%.3g"
    )
    plotter = getattr(renderer, "plotter", None)
    if title in getattr(plotter, "scalar_bars", {}):  # drawing again into a figure
        plotter.remove_scalar_bar(title)
    try:
        renderer.scalarbar(source=actor, color=color, title=title, **placement)
    except TypeError:  # a renderer that takes only MNE's documented arguments
        renderer.scalarbar(source=actor, color=color, title=title, n_labels=3)


def draw_scalp(renderer, values, beyond, margin, *, cmap, clim):
    """Draw MNE's bundled fsaverage scalp coloured by one value per vertex.

    The scalp is cut where ``beyond`` crosses ``margin``: the part within is
    coloured, the rest keeps the plain head colour, with a smooth border
    between vertices.

    Parameters
    ----------
    renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
        Where to draw.
    values : array, shape (n_vertices,)
        The values of :func:`~mne_attention.viz._geometry.fsaverage_head`'s
        vertices, mapped to colours through ``cmap`` within ``clim``.
    beyond : array, shape (n_vertices,)
        How far each vertex lies beyond the area to colour (e.g.
        :func:`~mne_attention.viz._geometry.outline_distance`).
    margin : float
        The largest ``beyond`` still coloured.
    cmap : str | instance of matplotlib.colors.Colormap
        The colour map.
    clim : tuple of 2 float
        The colour limits.

    Returns
    -------
    actor : vtkActor
        The coloured part, for its colour bar.
    """
    import pyvista

    rr, tris = fsaverage_head()
    scalp = pyvista.PolyData(np.array(rr), np.c_[np.full(len(tris), 3), tris])
    # normals of the whole scalp, so that the two parts shade alike at the cut
    scalp.compute_normals(  # as MNE's renderer computes them
        cell_normals=False,
        consistent_normals=False,
        non_manifold_traversal=False,
        inplace=True,
    )
    scalp.point_data["values"] = np.asarray(values, dtype=float)
    scalp.point_data["beyond"] = np.asarray(beyond, dtype=float)
    coloured = scalp.clip_scalar(scalars="beyond", invert=True, value=margin)
    plain = scalp.clip_scalar(scalars="beyond", invert=False, value=margin)
    if plain.n_points:
        renderer.polydata(plain, color=HEAD_COLOR, normals=plain["Normals"])
    actor, _ = renderer.polydata(
        coloured,
        scalars=coloured["values"],
        colormap=cmap,
        vmin=clim[0],
        vmax=clim[1],
        normals=coloured["Normals"],
    )
    return actor


def draw_markers(renderer, pos, radius, color):
    """Draw one small sphere of one colour per sensor, to mark where it is.

    Parameters
    ----------
    renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
        Where to draw.
    pos : array, shape (n_sensors, 3)
        The sensor positions.
    radius : float
        The sphere radius in metres.
    color : str
        The spheres' colour.
    """
    renderer.sphere(pos, color=color, scale=2 * radius, resolution=12)


def draw_links(renderer, points, radii, opacity, direction, n_sides=10):
    """Draw one tube along each curve, coloured from its sender to its receiver.

    Parameters
    ----------
    renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
        Where to draw.
    points : array, shape (n_links, n_points, 3)
        The curves, from sender to receiver.
    radii, opacity : array, shape (n_links,)
        Each tube's radius in metres and opacity.
    direction : instance of matplotlib.colors.Colormap
        The colours along each tube (0 at the sender, 1 at the receiver).
    n_sides : int
        The sides of each tube.
    """
    import pyvista

    n_links, n_points, _ = points.shape
    first = np.arange(n_links)[:, None] * n_points
    cells = np.c_[np.full(n_links, n_points), first + np.arange(n_points)]
    lines = pyvista.PolyData(points.reshape(-1, 3), lines=cells.ravel())
    lines.point_data["radius"] = np.repeat(radii, n_points)
    lines.point_data["opacity"] = np.repeat(opacity, n_points)
    lines.point_data["t"] = np.tile(np.linspace(0, 1, n_points), n_links)
    tubes = lines.tube(scalars="radius", absolute=True, n_sides=n_sides, capping=False)
    rgba = direction(tubes.point_data["t"])
    rgba[:, 3] = tubes.point_data["opacity"]
    renderer.polydata(tubes, color=rgba, normals=tubes.point_data["TubeNormals"])


@fill_doc
def draw_names(renderer, pos, names, center, color):
    """Write each channel name just outside its sensor.

    Parameters
    ----------
    %(renderer_pos)s
    names : list of str
        The channel names.
    center : array, shape (3,)
        The head centre.
    color : str
        The text colour.
    """
    where = outside(pos, center, 0.012)
    renderer.text3d(*where.T, list(names), font_size=10, color=color)


def finish(renderer, center, n_frames=1, distance=0.55):
    """Show the scene from above, nose up (like a topomap), and return the figure.

    Parameters
    ----------
    renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
        The renderer drawn into.
    center : array, shape (3,)
        The head centre, the camera's focal point.
    n_frames : int
        The subplots side by side (``shape=(1, n_frames)``), each given the
        same view.
    distance : float
        The camera's distance from ``center``, in metres.

    Returns
    -------
    fig : instance of mne.viz.Figure3D
        The figure (:func:`mne.viz.set_3d_view` moves its camera).
    """
    renderer.show()
    for frame in reversed(range(n_frames)):  # ends in the first subplot
        if n_frames > 1:
            renderer.subplot(0, frame)
        renderer.set_camera(
            azimuth=90, elevation=0, distance=distance, focalpoint=center
        )
    return renderer.scene()
