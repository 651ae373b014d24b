"""Tests of the scalp map in 3D: its geometry, its rendering and its bad inputs.

The rendering tests use MNE's pyvistaqt renderer on the display that
conftest.py provides (the user's, or an Xvfb it starts), and skip without one,
saying what is missing (as in test_sensors_3d.py); one more test renders off
screen in a process with no ``DISPLAY``. The geometry and bad-input tests need
no display.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import mne
import numpy as np
import pytest

import mne_attention
from mne_attention import AttentionEvoked
from mne_attention.utils._montage import standard_1005_montage
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
from mne_attention.viz.scalp_3d import COVERAGE_MARGIN, MAX_FRAMES, _window_label

from ..bad_inputs import Rows, call, check_refused
from ..conftest import skip_3d_test

# the 10-20 system, and a denser 10-10 cap like the eegmmidb recordings
CH_1020 = "Fp1 Fp2 F7 F3 Fz F4 F8 T7 C3 Cz C4 T8 P7 P3 Pz P4 P8 O1 Oz O2".split()
CH_1010 = (
    CH_1020
    + (
        "AF3 AF4 FC5 FC1 FC2 FC6 CP5 CP1 CP2 CP6 PO3 PO4 F1 F2 C1 C2 P1 P2 FCz CPz"
    ).split()
)


def _info(names=CH_1020, sfreq=2.0, montage=True):
    info = mne.create_info(list(names), sfreq, "eeg")
    if montage:
        info.set_montage(standard_1005_montage())
    return info


def _positions(names=CH_1020):
    return np.array([ch["loc"][:3] for ch in _info(names)["chs"]])


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
    evoked = AttentionEvoked(data, _info(), comment="closed", verbose="error")
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


def _show_actors(fig):
    """Show the 3D actors that MNE's testing context hides, in every subplot."""
    for renderer in fig.plotter.renderers:
        for actor in renderer.actors.values():
            if actor.IsA("vtkActor"):
                actor.SetVisibility(True)


def _screenshot(fig):
    """Return the rendered image, shape (height, width, 3), as ints."""
    _show_actors(fig)
    fig.plotter.render()
    image = np.asarray(fig.plotter.screenshot())
    assert image.ndim == 3 and image.shape[2] == 3
    return image.astype(int)


def _yellow(image):  # top of viridis
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (r > 180) & (g > 180) & (b < 90)


def _high(image):  # the upper third of viridis (green to yellow), however shaded
    g, b = image[..., 1], image[..., 2]
    return (g > 60) & (g > 2 * b)


def _purple(image):  # bottom of viridis, #440154
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (b > g + 30) & (r > g + 20) & (r < 130)


def _skin(image):  # the plain head colour, shaded
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (r > 120) & (r > g) & (g > b) & (r - b > 30) & (r < 250)


def _texts(renderer):
    return [
        actor.GetInput()
        for actor in renderer.actors.values()
        if actor.IsA("vtkTextActor")
    ]


def test_hot_back_of_the_head(renderer_3d):
    """A hot occipital map is yellow at the back of the head, not at the front."""
    evoked = _windows_evoked()
    before = evoked.data.copy()
    fig = plot_scalp_attention_3d(evoked, times=0.25, verbose="error")
    assert isinstance(fig, mne.viz.Figure3D)
    assert len(fig.plotter.renderers) == 1
    assert _texts(fig.plotter.renderer) == ["closed\n0.00-0.50 s"]
    assert "Attention (a.u.)" in fig.plotter.scalar_bars
    views = {}
    for name, azimuth in (("back", -90), ("front", 90)):
        mne.viz.set_3d_view(fig, azimuth=azimuth, elevation=90, distance=0.55)
        views[name] = _screenshot(fig)
    back, front = views["back"], views["front"]
    assert _yellow(back).sum() > 2000, _yellow(back).sum()
    assert _yellow(front).sum() == 0
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
    titles = [_texts(renderer) for renderer in fig.plotter.renderers]
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
    assert _texts(fig.plotter.renderer) == ["closed\nmean of 0.00-1.50 s"]
    fig = plot_scalp_attention_3d(
        evoked, times=[1.2, 0.3], size=(500, 300), verbose="error"
    )
    assert [_texts(renderer)[-1][-11:] for renderer in fig.plotter.renderers] == [
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
    for name in ("pyvista", "pyvistaqt", "qtpy"):
        pytest.importorskip(name, reason=f'needs {name}: "mne-attention[viz]"')
    root = Path(mne_attention.__file__).parents[1]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "MPLBACKEND")}
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
    process = subprocess.run(
        [sys.executable, "-c", _RENDER_OFF_SCREEN, str(tmp_path / "frames.npy")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if process.returncode == 3:
        skip_3d_test(process.stdout.strip())
    assert process.returncode == 0, process.stdout + process.stderr[-3000:]
    result = json.loads(process.stdout.strip().splitlines()[-1])
    assert result["n_renderers"] == 3
    assert result["window"] in ("vtkEGLRenderWindow", "vtkOSOpenGLRenderWindow")
    image = np.load(tmp_path / "frames.npy").astype(int)
    assert image.shape == (300, 600, 3)
    assert _high(image[:, :200]).sum() > 20  # the occipital frame
    assert _purple(image).sum() > 50


# --------------------------------------------------------------------------
# bad inputs (no display needed): refused before any rendering starts

ROWS = Rows()
_T = "plot_scalp_attention_3d"
for _name, _evoked, _kwargs, _error, _match in [
    (
        "evoked-None",
        lambda ns: None,
        {},
        TypeError,
        r"evoked must be an instance of mne\.Evoked, got None",
    ),
    (
        "evoked-epochs",
        lambda ns: ns.attention_epochs,
        {},
        TypeError,
        r"evoked must be an instance of mne\.Evoked, got <class "
        r"'mne_attention\.containers\.epochs\.AttentionEpochs'>",
    ),
    (
        "evoked-no-montage",
        lambda ns: ns.evoked_nopos,
        {},
        ValueError,
        r"evoked\.info has no sensor positions for 6 of 6 channels .*set a montage "
        r"first, e\.g\. epochs\.set_montage\(",
    ),
    (
        "evoked-two-channels",
        lambda ns: ns.evoked.copy().pick(["C3", "C4"]),
        {},
        ValueError,
        r"evoked must hold at least 3 channels to interpolate between, got 2",
    ),
    (
        "evoked-nan",
        lambda ns: mne.EvokedArray(
            np.where(np.eye(6, 2) > 0, np.nan, 1.0), ns.evoked.info, verbose="error"
        ),
        {},
        ValueError,
        r"evoked must hold finite values at the times shown, got NaN",
    ),
    (
        "times-unknown-str",
        lambda ns: ns.evoked,
        dict(times="all"),
        ValueError,
        r"Invalid value for the 'times' parameter\. .*'windows', but got 'all'",
    ),
    (
        "times-bool",
        lambda ns: ns.evoked,
        dict(times=True),
        TypeError,
        r"times must be an instance of 'windows', None, a number or a list of "
        r"numbers, got <class 'bool'>",
    ),
    (
        "times-dict",
        lambda ns: ns.evoked,
        dict(times={0: 1}),
        TypeError,
        r"times must be an instance of 'windows', None, a number .*got <class 'dict'>",
    ),
    (
        "times-str-entry",
        lambda ns: ns.evoked,
        dict(times=[0.0, "0.5"]),
        TypeError,
        r"each entry of times must be an instance of numeric, got <class 'str'>",
    ),
    (
        "times-empty",
        lambda ns: ns.evoked,
        dict(times=[]),
        ValueError,
        r"times must be 'windows', None, a number or a list of numbers, got an array "
        r"of shape \(0,\)",
    ),
    (
        "times-2d",
        lambda ns: ns.evoked,
        dict(times=[[0.0, 0.5]]),
        ValueError,
        r"times must be .*got an array of shape \(1, 2\)",
    ),
    (
        "times-outside",
        lambda ns: ns.evoked,
        dict(times=[0.0, 100]),
        ValueError,
        r"times must be within the time range of evoked \(0 to 0\.5 s\), got 100",
    ),
    (
        "times-too-many",
        lambda ns: ns.evoked,
        dict(times=[0.0] * (MAX_FRAMES + 1)),
        ValueError,
        rf"times must hold at most {MAX_FRAMES} time points .*got {MAX_FRAMES + 1}",
    ),
    (
        "times-windows-too-many",
        lambda ns: mne.EvokedArray(np.ones((6, 20)), ns.evoked.info, verbose="error"),
        {},
        ValueError,
        rf"times='windows' draws one frame per time point of evoked, and at most "
        rf"{MAX_FRAMES} fit side by side, got 20 time points: pass up to",
    ),
    (
        "cmap-int",
        lambda ns: ns.evoked,
        dict(cmap=3),
        TypeError,
        r"cmap must be an instance of str or matplotlib Colormap, got <class 'int'>",
    ),
    (
        "cmap-unknown",
        lambda ns: ns.evoked,
        dict(cmap="no-such-map"),
        ValueError,
        r"cmap must be the name of a matplotlib colour map .*got 'no-such-map'",
    ),
    (
        "vlim-reversed",
        lambda ns: ns.evoked,
        dict(vlim=(2, 1)),
        ValueError,
        r"vlim must have vmin < vmax, got \(2, 1\)",
    ),
    (
        "vlim-str",
        lambda ns: ns.evoked,
        dict(vlim="x"),
        TypeError,
        r"vlim must be an instance of tuple \(vmin, vmax\), got <class 'str'>",
    ),
    (
        "vlim-nan",
        lambda ns: ns.evoked,
        dict(vlim=(np.nan, 1.0)),
        ValueError,
        r"vlim must hold finite numbers or None, got \(nan, 1\.0\)",
    ),
    (
        "sensors-int",
        lambda ns: ns.evoked,
        dict(sensors=1),
        TypeError,
        r"sensors must be an instance of bool, got <class 'int'>",
    ),
    (
        "sensor_names-str",
        lambda ns: ns.evoked,
        dict(sensor_names="yes"),
        TypeError,
        r"sensor_names must be an instance of bool, got <class 'str'>",
    ),
    (
        "bgcolor-unknown",
        lambda ns: ns.evoked,
        dict(bgcolor="nocolour"),
        ValueError,
        r"bgcolor must be a matplotlib colour, got 'nocolour'",
    ),
    (
        "size-negative",
        lambda ns: ns.evoked,
        dict(size=(800, -1)),
        ValueError,
        r"size must be \(width, height\) in pixels, both positive, got \(800, -1\)",
    ),
    (
        "fig-int",
        lambda ns: ns.evoked,
        dict(fig=1),
        TypeError,
        r"fig must be an instance of None or mne\.viz\.Figure3D, got <class 'int'>",
    ),
    (
        "verbose",
        lambda ns: ns.evoked,
        dict(verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    ),
]:
    ROWS.add(
        _T,
        _name,
        lambda ns, e=_evoked, kw=_kwargs: call(plot_scalp_attention_3d, e(ns), **kw),
        _error,
        _match,
    )


def test_rows_cover_the_function():
    ROWS.check_per_function([_T])


@pytest.mark.usefixtures("no_downloads_no_rendering")
@pytest.mark.parametrize("target, make_call, error, match", ROWS)
def test_bad_input(bad_inputs, target, make_call, error, match):
    """Each bad argument is refused by name, nothing changes, nothing renders."""
    check_refused(bad_inputs, make_call, error, match)
