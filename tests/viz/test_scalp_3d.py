"""Tests of the scalp map in 3D: its geometry and its rendering.

The rendering tests use MNE's pyvistaqt renderer on the display that
conftest.py provides (the user's, or an Xvfb it starts), and skip without one,
saying what is missing (as in test_sensors_3d.py, whose image helpers they
use); one more test renders off screen in a process with no ``DISPLAY``. The
geometry tests need no display; the bad inputs are in the table of
test_bad_inputs.py.
"""

import mne
import numpy as np
import pytest

from mne_attention import AttentionEvoked
from mne_attention.viz import plot_scalp_attention_3d
from mne_attention.viz._geometry import (
    cap_projection,
    fsaverage_head,
    head_center,
    onto_surface,
    outline_distance,
    ray_surface_hits,
    sensor_coverage,
    sensor_spacing,
    spline_weights,
    unit_directions,
)
from mne_attention.viz.scalp_3d import COVERAGE_MARGIN, _window_label

from .test_sensors_3d import (
    _info,
    _purple,
    _render_off_screen,
    _screenshot,
    _skin,
    _texts,
    _yellow,
)

# the 10-20 system, and a denser 10-10 cap like the eegmmidb recordings
CH_1020 = "Fp1 Fp2 F7 F3 Fz F4 F8 T7 C3 Cz C4 T8 P7 P3 Pz P4 P8 O1 Oz O2".split()
CH_1010 = (
    CH_1020
    + (
        "AF3 AF4 FC5 FC1 FC2 FC6 CP5 CP1 CP2 CP6 PO3 PO4 F1 F2 C1 C2 P1 P2 FCz CPz"
    ).split()
)


def _positions(names=CH_1020):
    return np.array([ch["loc"][:3] for ch in _info(names=names)["chs"]])


def _occipital_bump(pos, names=CH_1020, width=0.04):
    """Values near 1 around Oz, near 0 elsewhere."""
    oz = pos[list(names).index("Oz")]
    return np.exp(-np.sum((pos - oz) ** 2, axis=1) / (2 * width**2))


def _windows_evoked():
    """Three 0.5 s windows (times at their centres): occipital, frontal, flat."""
    pos = _positions()
    back = _occipital_bump(pos)
    fz = pos[CH_1020.index("Fz")]
    front = np.exp(-np.sum((pos - fz) ** 2, axis=1) / (2 * 0.04**2))
    data = np.c_[back, front, np.full(len(pos), 0.5)]
    info = _info(names=CH_1020, sfreq=2.0)
    evoked = AttentionEvoked(data, info, comment="closed", verbose="error")
    return evoked.shift_time(0.25, relative=False)


# --------------------------------------------------------------------------
# geometry (no display needed)


def test_interpolation_reproduces_sensor_values():
    """The spline passes through the sensor values (up to its regularisation)."""
    pos = _positions(CH_1010)
    center = head_center(pos)
    values = np.random.default_rng(0).uniform(0, 1, len(pos))
    weights = spline_weights(pos, pos, center)
    assert weights.shape == (len(pos), len(pos))
    np.testing.assert_allclose(weights @ values, values, atol=1e-6)
    # MNE's bad-channel regularisation would smooth the sensors' own values away
    smoothed = spline_weights(pos, pos, center, alpha=1e-5) @ values
    assert np.abs(smoothed - values).max() > 0.1
    # a constant stays constant anywhere on the head (the weights sum to one)
    head_rr, _ = fsaverage_head()
    weights = spline_weights(pos, head_rr, center)
    assert weights.shape == (len(head_rr), len(pos))
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, atol=1e-6)


def test_interpolation_reproduces_a_smooth_field():
    """A field linear in the position on the sphere is reproduced between sensors."""
    pos = _positions(CH_1010)
    center = head_center(pos)
    gradient = np.array([0.3, -1.0, 0.5])

    def field(points):  # linear in the position projected onto the unit sphere
        return unit_directions(points, center) @ gradient

    head_rr, _ = fsaverage_head()
    covered = sensor_coverage(pos, head_rr, center)
    between = head_rr[covered]
    interpolated = spline_weights(pos, between, center) @ field(pos)
    truth = field(between)
    error = np.abs(interpolated - truth).max() / np.ptp(field(pos))
    assert error < 0.05, error
    # the error grows away from the sensors: extrapolation is what coverage avoids
    outside = head_rr[~covered]
    far_error = np.abs(
        spline_weights(pos, outside, center) @ field(pos) - field(outside)
    )
    assert far_error.max() > np.abs(interpolated - truth).max()


def test_coverage_leaves_face_and_neck_uncovered():
    """The scalp above and between the sensors is covered, the face and neck not."""
    head_rr, head_tris = fsaverage_head()
    for names in (CH_1020, CH_1010):
        pos = _positions(names)
        center = head_center(pos)
        covered = sensor_coverage(pos, head_rr, center)
        # over each sensor, and the top of the head
        over_sensors = onto_surface(pos, center, head_rr, head_tris)
        assert sensor_coverage(pos, over_sensors, center).all()
        assert covered[np.argmax(head_rr[:, 2])]
        # the tip of the nose, the chin, the neck
        assert not covered[np.argmax(head_rr[:, 1])]
        low = head_rr[:, 2] < pos[:, 2].min() - 0.04
        assert low.sum() > 100 and not covered[low].any()
        assert 0.3 < covered.mean() < 0.7
    # a larger margin covers more, never less
    wider = sensor_coverage(pos, head_rr, center, margin=2 * COVERAGE_MARGIN)
    assert wider.sum() > covered.sum() and wider[covered].all()


def test_outline_distance():
    """0 inside the sensors' outline, in sensor spacings beyond it; odd layouts."""
    # sensors on a ring 60 degrees from the top of a unit sphere, and the top
    ring = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    theta = np.radians(60)
    sensors = np.c_[
        np.sin(theta) * np.cos(ring), np.sin(theta) * np.sin(ring), np.full(12, 0.5)
    ]
    sensors = np.vstack([sensors, [0, 0, 1]])
    spacing = sensor_spacing(unit_directions(sensors, np.zeros(3)))
    # the nearest neighbours are the ring's: 25.9 degrees apart
    neighbours = np.arccos(0.25 + 0.75 * np.cos(np.radians(30)))
    np.testing.assert_allclose(spacing, neighbours, rtol=1e-9)
    angles = np.radians([0, 30, 55, 75, 90])
    points = np.c_[np.sin(angles), np.zeros(5), np.cos(angles)]
    distance = outline_distance(sensors, points, np.zeros(3))
    np.testing.assert_allclose(distance[:3], 0, atol=1e-9)
    # beyond a sensor of the ring (at azimuth 0): the angle over the spacing
    np.testing.assert_allclose(distance[3:], np.radians([15, 30]) / spacing)
    # sensors all around the centre: everything is inside
    around = np.vstack([np.eye(3), -np.eye(3)])
    assert np.all(outline_distance(around, points, np.zeros(3)) == 0)
    # sensors in a line span no outline: the distance to the nearest sensor
    line = np.c_[np.sin(angles[:3]), np.zeros(3), np.cos(angles[:3])]
    distance = outline_distance(line, points[[0, 4]], np.zeros(3))
    np.testing.assert_allclose(distance, [0, 35 / 25], atol=1e-9)


def test_cap_projection_and_surface_hits():
    """The flattening keeps angles from the axis; rays find a sphere's surface."""
    angles = np.radians([0, 45, 120])
    points = np.c_[np.zeros(3), np.sin(angles), np.cos(angles)]
    xy = cap_projection(points, np.array([0.0, 0.0, 1.0]))
    np.testing.assert_allclose(np.linalg.norm(xy, axis=1), angles, atol=1e-12)
    # a triangulated sphere of radius 0.1 around (0, 0, 0.05)
    from scipy.spatial import ConvexHull

    k = np.arange(400) + 0.5
    polar, azimuth = np.arccos(1 - 2 * k / 400), np.pi * (1 + 5**0.5) * k
    unit = np.c_[
        np.sin(polar) * np.cos(azimuth), np.sin(polar) * np.sin(azimuth), np.cos(polar)
    ]
    center = np.array([0.0, 0.0, 0.05])
    rr, tris = center + 0.1 * unit, ConvexHull(unit).simplices
    directions = unit_directions(np.random.default_rng(0).normal(size=(20, 3)), 0)
    hits = ray_surface_hits(center, directions, rr, tris)
    assert np.all((hits > 0.098) & (hits <= 0.1 + 1e-12))
    moved = onto_surface(center + 0.02 * directions, center, rr, tris, offset=0.01)
    np.testing.assert_allclose(
        np.linalg.norm(moved - center, axis=1), hits + 0.01, rtol=1e-12
    )
    # a ray that misses (the surface is only the upper half) leaves its point
    upper = tris[np.all(rr[tris, 2] > 0.05, axis=1)]
    below = center + np.array([[0.0, 0.0, -0.03]])
    assert np.isnan(ray_surface_hits(center, np.array([[0, 0, -1.0]]), rr, upper))
    np.testing.assert_array_equal(onto_surface(below, center, rr, upper), below)


def test_window_labels():
    """Windows as text from their centres and length, never '-0.00'."""
    # 80 samples at 160 Hz: the centre of the samples is 0.246875 s
    assert _window_label(0.246875, 0.246875, 0.5) == "0.00-0.50 s"
    assert _window_label(0.75, 0.75, 0.5) == "0.50-1.00 s"
    assert _window_label(0.246875, 1.746875, 0.5) == "0.00-2.00 s"
    assert _window_label(0.0, 0.0, 0.5) == "-0.25-0.25 s"
    # 20 samples at 160 Hz
    assert _window_label(0.184375, 0.184375, 0.125) == "0.125-0.250 s"
    assert _window_label(0.1025, 0.1025, 0.005) == "0.100-0.105 s"


# --------------------------------------------------------------------------
# rendering (display needed)


def _high(image):  # the upper third of viridis (green to yellow), however shaded
    g, b = image[..., 1], image[..., 2]
    return (g > 60) & (g > 2 * b)


def test_hot_back_of_the_head(renderer_3d):
    """A hot occipital map is yellow at the back of the head, not at the front."""
    evoked = _windows_evoked()
    before = evoked.data.copy()
    fig = plot_scalp_attention_3d(evoked, times=0.25, verbose="error")
    assert isinstance(fig, mne.viz.Figure3D)
    assert len(fig.plotter.renderers) == 1
    assert _texts(fig) == ["closed\n0.00-0.50 s"]
    assert "Attention (a.u.)" in fig.plotter.scalar_bars
    views = {}
    for name, azimuth in (("back", -90), ("front", 90)):
        mne.viz.set_3d_view(fig, azimuth=azimuth, elevation=90, distance=0.55)
        views[name] = _screenshot(fig)
    back, front = views["back"], views["front"]
    bright_back, bright_front = _yellow(back, level=180), _yellow(front, level=180)
    assert bright_back.sum() > 2000, bright_back.sum()
    assert bright_front.sum() == 0
    assert _purple(front).sum() > 2000  # the forehead, far from the hot sensors
    # the face below the sensors keeps the plain head colour
    assert _skin(front)[front.shape[0] // 2 :].sum() > 20000
    # from above (the default view, nose up) the yellow is at the bottom
    mne.viz.set_3d_view(fig, azimuth=90, elevation=0, distance=0.55)
    top = _screenshot(fig)
    rows = np.nonzero(_high(top))[0]
    assert len(rows) > 200 and rows.mean() > 0.6 * top.shape[0]
    assert np.array_equal(evoked.data, before)


def test_one_frame_per_window(renderer_3d):
    """times="windows": one subplot per window, titled, all in one colour scale."""
    evoked = _windows_evoked()
    fig = plot_scalp_attention_3d(
        evoked, sensor_names=True, cmap="viridis", verbose="error"
    )
    assert len(fig.plotter.renderers) == 3
    titles = [_texts(fig, renderer) for renderer in fig.plotter.renderers]
    assert titles == [["closed\n0.00-0.50 s"], ["0.50-1.00 s"], ["1.00-1.50 s"]]
    image = _screenshot(fig)
    assert image.shape[:2] == (500, 1200)
    # the occipital window is yellow at the bottom of its frame (from above),
    # the frontal one at the top; the flat one is one colour between the ends
    for frame, low in ((0, True), (1, False)):
        rows = np.nonzero(_high(image[:, 400 * frame : 400 * (frame + 1)]))[0]
        assert len(rows) > 100
        assert (rows.mean() > 250) == low
    flat = image[:440, 800:]  # above the colour bar
    assert _high(flat).sum() == 0 and _purple(flat).sum() == 0

    # times=None: one frame of the mean; a list of times, one frame each
    fig = plot_scalp_attention_3d(evoked, times=None, sensors=False, verbose="error")
    assert _texts(fig) == ["closed\nmean of 0.00-1.50 s"]
    fig = plot_scalp_attention_3d(
        evoked, times=[1.2, 0.3], size=(500, 300), verbose="error"
    )
    assert [_texts(fig, ren)[-1][-11:] for ren in fig.plotter.renderers] == [
        "1.00-1.50 s",
        "0.00-0.50 s",
    ]
    assert _screenshot(fig).shape[:2] == (300, 500)
    # into an existing figure: only one with a subplot per frame
    out = plot_scalp_attention_3d(evoked, times=[0.3, 0.8], fig=fig, verbose="error")
    assert out is fig
    with pytest.raises(
        ValueError,
        match=r"fig must have one subplot per frame side by side, shape "
        r"\(1, 3\), got a figure of shape \(1, 2\)",
    ):
        plot_scalp_attention_3d(evoked, fig=fig)


_RENDER_OFF_SCREEN = """
import json, sys
import mne
from mne_attention.viz import plot_scalp_attention_3d
from tests.viz.test_scalp_3d import _windows_evoked

try:
    fig = plot_scalp_attention_3d(_windows_evoked(), size=(600, 300))
except RuntimeError as err:
    print(err)
    sys.exit(3)
import numpy as np
np.save(sys.argv[1], fig.plotter.screenshot())
print(json.dumps({"n_renderers": len(fig.plotter.renderers),
                  "window": fig.plotter.ren_win.GetClassName()}))
mne.viz.close_all_3d_figures()
"""


def test_frames_render_without_display(tmp_path):
    """Side-by-side frames also render off screen, with no DISPLAY."""
    result, _ = _render_off_screen(_RENDER_OFF_SCREEN, str(tmp_path / "frames.npy"))
    assert result["n_renderers"] == 3
    assert result["window"] in ("vtkEGLRenderWindow", "vtkOSOpenGLRenderWindow")
    image = np.load(tmp_path / "frames.npy").astype(int)
    assert image.shape == (300, 600, 3)
    assert _high(image[:, :200]).sum() > 20  # the occipital frame
    assert _purple(image).sum() > 50
