"""Geometry of the 3D views, without drawing: head, centre, links, scalp interpolation."""

import numpy as np

from ..utils._docs import fill_doc
from ..utils._template_head import bundled_fsaverage_surface


def fsaverage_head():
    """Return MNE's bundled fsaverage scalp, ``bundled_fsaverage_surface("head")``."""
    return bundled_fsaverage_surface("head")


def head_center(pos):
    """Return the centre of the sphere that best fits the sensor positions.

    Parameters
    ----------
    pos : array, shape (n_sensors, 3)
        The sensor positions.

    Returns
    -------
    center : array, shape (3,)
        The centre (the sensors' mean when no sensible sphere fits).
    """
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


def bezier_links(senders, receivers, center, curvature, n_points=24):
    """Sample quadratic Bezier curves from senders to receivers.

    The control point sits on the chord's midpoint, pulled towards the head
    centre by ``curvature`` times the chord length (never past the centre),
    and moved sideways by a tenth of the chord length so that the links
    ``i -> j`` and ``j -> i`` do not overlap.

    Parameters
    ----------
    senders, receivers : array, shape (n_links, 3)
        The ends of the links.
    center : array, shape (3,)
        The head centre.
    curvature : float
        How far the links bend inwards, as a fraction of their length.
    n_points : int
        The samples per curve.

    Returns
    -------
    points : array, shape (n_links, n_points, 3)
        The samples, from sender to receiver.
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
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t**2 * p2


def rescale(values, low, high):
    """Map values linearly from their range to ``[low, high]`` (``high`` when constant).

    Parameters
    ----------
    values : array
        The values (e.g. link strengths).
    low, high : float
        The ends of the new range.

    Returns
    -------
    rescaled : array
        A new array.
    """
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi <= lo:
        return np.full(len(values), float(high))
    return low + (high - low) * (values - lo) / (hi - lo)


def outside(pos, center, distance):
    """Return the points ``distance`` metres beyond ``pos``, away from ``center``.

    Parameters
    ----------
    pos : array, shape (n_points, 3)
        The points (e.g. sensors).
    center : array, shape (3,)
        The head centre.
    distance : float
        How far out, in metres.

    Returns
    -------
    where : array, shape (n_points, 3)
        The moved points (e.g. where to write the sensor names).
    """
    out = pos - center
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return pos + distance * out


def unit_directions(points, center):
    """Project points onto the unit sphere around ``center``.

    Parameters
    ----------
    points : array, shape (n_points, 3)
        The points (e.g. sensors or head vertices).
    center : array, shape (3,)
        The centre of the sphere (e.g. :func:`head_center` of the sensors).

    Returns
    -------
    directions : array, shape (n_points, 3)
        The unit vectors from ``center`` towards each point (a new array).
    """
    directions = np.asarray(points, dtype=float) - center
    norms = np.linalg.norm(directions, axis=1, keepdims=True)
    return directions / np.maximum(norms, 1e-12)


def sensor_spacing(directions):
    """Return the median angle between each sensor and its nearest neighbour.

    Parameters
    ----------
    directions : array, shape (n_sensors, 3)
        The sensors' unit vectors (:func:`unit_directions`), at least two.

    Returns
    -------
    spacing : float
        The angle in radians.
    """
    cosines = np.clip(directions @ directions.T, -1.0, 1.0)
    np.fill_diagonal(cosines, -1.0)
    return float(np.median(np.arccos(cosines.max(axis=1))))


def spline_weights(pos_from, pos_to, center, alpha=None):
    """Return the spherical-spline interpolation matrix between two point sets.

    The splines of MNE's interpolation of bad EEG channels (Perrin et al.,
    1989, stiffness 4), on both sets projected onto the unit sphere around
    ``center``. Without ``alpha`` the spline passes through the values at the
    sensors, as a map of them must; MNE's bad-channel default (1e-5) smooths
    them noticeably for 20 sensors or more.

    Parameters
    ----------
    pos_from : array, shape (n_sensors, 3)
        Where the values are known (the sensors).
    pos_to : array, shape (n_points, 3)
        Where to interpolate (e.g. head vertices).
    center : array, shape (3,)
        The sphere's centre.
    alpha : None | float
        The regularisation added to the spline's diagonal (None: exact).

    Returns
    -------
    weights : array, shape (n_points, n_sensors)
        ``weights @ values`` interpolates one value per sensor to the points.
    """
    from mne.channels.interpolation import _make_interpolation_matrix

    return _make_interpolation_matrix(
        unit_directions(pos_from, center), unit_directions(pos_to, center), alpha
    )


def cap_projection(directions, axis):
    """Flatten directions onto a plane as a topomap does, around ``axis``.

    The azimuthal equidistant projection: a direction's distance from the
    origin of the plane is its angle from ``axis``, in radians.

    Parameters
    ----------
    directions : array, shape (n_points, 3)
        Unit vectors.
    axis : array, shape (3,)
        The unit vector that maps to the origin (e.g. the top of the head).

    Returns
    -------
    xy : array, shape (n_points, 2)
        The projected points.
    """
    # two unit vectors perpendicular to the axis, and to each other
    helper = np.eye(3)[np.argmin(np.abs(axis))]
    first = np.cross(axis, helper)
    first /= np.linalg.norm(first)
    second = np.cross(axis, first)
    angle = np.arccos(np.clip(directions @ axis, -1.0, 1.0))
    azimuth = np.arctan2(directions @ second, directions @ first)
    return angle[:, None] * np.c_[np.cos(azimuth), np.sin(azimuth)]


def _distance_outside(points, hull_xy):
    """Return how far each 2D point lies outside a convex polygon (0 inside)."""
    from matplotlib.path import Path

    inside = Path(hull_xy).contains_points(points, radius=1e-9)
    start, stop = hull_xy, np.roll(hull_xy, -1, axis=0)
    edge = stop - start
    # the nearest point of each edge segment to each point
    t = np.einsum("pek,ek->pe", points[:, None] - start[None], edge)
    t = np.clip(t / np.maximum(np.sum(edge**2, axis=1), 1e-24), 0.0, 1.0)
    nearest = start[None] + t[..., None] * edge[None]
    distance = np.linalg.norm(points[:, None] - nearest, axis=2).min(axis=1)
    return np.where(inside, 0.0, distance)


@fill_doc
def outline_distance(pos_from, pos_to, center):
    """Return how far points lie beyond the outline of the sensors, in sensor spacings.

    As on a topomap: seen from ``center``, sensors and points are flattened
    around the sensors' mean direction (:func:`cap_projection`, the top of
    the head for a cap of EEG sensors); the outline is the sensors' convex
    hull there, and distances are angles divided by the median
    nearest-neighbour sensor spacing (:func:`sensor_spacing`). When the
    sensors surround ``center`` every point is inside; when they span no
    outline (fewer than three, or all in a line) the distance is the one to
    the nearest sensor.

    Parameters
    ----------
    %(sensors_points_center)s

    Returns
    -------
    distance : array, shape (n_points,)
        0 inside the outline, positive beyond it.
    """
    from scipy.spatial import ConvexHull, QhullError

    sensors = unit_directions(pos_from, center)
    points = unit_directions(pos_to, center)
    spacing = max(sensor_spacing(sensors), 1e-6)
    axis = sensors.sum(axis=0)
    length = np.linalg.norm(axis)
    if length < 1e-6 * len(sensors):  # sensors all around: no top to flatten from
        return np.zeros(len(points))
    sensors_xy = cap_projection(sensors, axis / length)
    try:
        hull = ConvexHull(sensors_xy)
    except QhullError:
        nearest = np.arccos(np.clip(points @ sensors.T, -1.0, 1.0)).min(axis=1)
        return nearest / spacing
    points_xy = cap_projection(points, axis / length)
    return _distance_outside(points_xy, sensors_xy[hull.vertices]) / spacing


@fill_doc
def sensor_coverage(pos_from, pos_to, center, margin=0.5):
    """Return which points lie over the area of the scalp that the sensors cover.

    A point is covered when it lies inside the outline of the sensors, or
    less than ``margin`` sensor spacings beyond it (:func:`outline_distance`).
    Values there are interpolated between sensors; outside (face, neck) they
    would be extrapolated.

    Parameters
    ----------
    %(sensors_points_center)s
    margin : float
        How far beyond the outline still counts, in sensor spacings.

    Returns
    -------
    covered : array of bool, shape (n_points,)
        True where the points lie over the sensors' area.
    """
    return outline_distance(pos_from, pos_to, center) <= margin


def ray_surface_hits(center, directions, rr, tris):
    """Return where rays from ``center`` last leave a triangulated surface.

    Parameters
    ----------
    center : array, shape (3,)
        Where the rays start.
    directions : array, shape (n_rays, 3)
        Their unit vectors.
    rr : array, shape (n_vertices, 3)
        The surface's vertices.
    tris : array, shape (n_triangles, 3)
        Its triangles.

    Returns
    -------
    distance : array, shape (n_rays,)
        The distance from ``center`` to the furthest crossing of each ray,
        NaN for a ray that misses the surface.
    """
    # Moller-Trumbore, every ray against every triangle
    v0 = rr[tris[:, 0]] - center
    edge1, edge2 = rr[tris[:, 1]] - rr[tris[:, 0]], rr[tris[:, 2]] - rr[tris[:, 0]]
    p = np.cross(directions[:, None], edge2[None])
    det = np.einsum("rtk,tk->rt", p, edge1)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / det
        u = -np.einsum("rtk,tk->rt", p, v0) * inv
        q = np.cross(-v0, edge1)
        v = np.einsum("rk,tk->rt", directions, q) * inv
        t = np.einsum("tk,tk->t", q, edge2)[None] * inv
    hit = (np.abs(det) > 1e-15) & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 0)
    furthest = np.where(hit, t, -np.inf).max(axis=1)
    return np.where(np.isfinite(furthest), furthest, np.nan)


def onto_surface(pos, center, rr, tris, offset=0.0):
    """Move points along their rays from ``center`` onto a surface.

    Parameters
    ----------
    pos : array, shape (n_points, 3)
        The points (e.g. sensors, which a template head does not fit exactly).
    center : array, shape (3,)
        Where the rays start.
    rr : array, shape (n_vertices, 3)
        The surface's vertices.
    tris : array, shape (n_triangles, 3)
        Its triangles.
    offset : float
        How far outside the surface to put them, in metres.

    Returns
    -------
    moved : array, shape (n_points, 3)
        A new array; a point whose ray misses the surface stays where it is.
    """
    directions = unit_directions(pos, center)
    distance = ray_surface_hits(center, directions, rr, tris)
    moved = center + (distance + offset)[:, None] * directions
    return np.where(np.isnan(distance)[:, None], pos, moved)
