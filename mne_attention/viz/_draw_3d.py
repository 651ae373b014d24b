"""Drawing into MNE's 3D renderer: the head, sensor spheres, link tubes, names and camera."""

import numpy as np

from ..utils._docs import fill_doc
from ._geometry import fsaverage_head, outside

HEAD_COLOR = (0.87, 0.76, 0.67)
# a vertical bar on the right (pyvista keywords, passed on by MNE's renderer)
_SCALARBAR_KW = dict(
    vertical=True,
    position_x=0.85,
    position_y=0.2,
    width=0.05,
    height=0.55,
    fmt="%.3g",
)


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
    plotter = getattr(renderer, "plotter", None)
    if title in getattr(plotter, "scalar_bars", {}):  # drawing again into a figure
        plotter.remove_scalar_bar(title)
    try:
        renderer.scalarbar(
            source=actor, color=color, title=title, n_labels=3, **_SCALARBAR_KW
        )
    except TypeError:  # a renderer that takes only MNE's documented arguments
        renderer.scalarbar(source=actor, color=color, title=title, n_labels=3)


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


def finish(renderer, center):
    """Show the scene from above, nose up (like a topomap), and return the figure.

    Parameters
    ----------
    renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
        The renderer drawn into.
    center : array, shape (3,)
        The head centre, the camera's focal point.

    Returns
    -------
    fig : instance of mne.viz.Figure3D
        The figure (:func:`mne.viz.set_3d_view` moves its camera).
    """
    renderer.show()
    renderer.set_camera(azimuth=90, elevation=0, distance=0.55, focalpoint=center)
    return renderer.scene()
