"""Geometry of the 3D views, without drawing: the head surface, its centre, curved links."""

from functools import lru_cache
from pathlib import Path

import mne
import numpy as np


@lru_cache(maxsize=1)
def fsaverage_head():
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
