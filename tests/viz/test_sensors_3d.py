"""Tests of the 3D views: MNE's pyvistaqt renderer on an Xvfb display, and off screen.

The display: the user's ``DISPLAY``, or an ``Xvfb`` that conftest.py starts (the
Debian packages are installed by ``.ci/apt-viz.sh``). Without Xvfb, Qt or the
``viz`` extra the rendering tests skip, saying what is missing; with
``MNE_ATTENTION_REQUIRE_3D=true`` (CI) they fail instead. Without ``DISPLAY``
the views render off screen through VTK (EGL or OSMesa): a subprocess with no
``DISPLAY`` draws them. The validation tests need no display.
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
from mne_attention.containers.channel import ChannelAttention
from mne_attention.utils._montage import standard_1005_montage
from mne_attention.viz import (
    _figures,
    plot_channel_attention_3d,
    plot_sensor_attention_3d,
)
from mne_attention.viz._geometry import bezier_links, fsaverage_head, head_center

from ..conftest import skip_3d_test

CH_NAMES = ["T7", "C3", "Cz", "C4", "T8", "Oz"]


def _screenshot(fig):
    """Return the rendered image, shape (height, width, 3), as ints."""
    # MNE's testing context hides every actor (to speed up its own tests): show
    # the 3D ones again (tubes, sensors, head) in every subplot, not the colour
    # bar or text
    for renderer in fig.plotter.renderers:
        for actor in renderer.actors.values():
            if actor.IsA("vtkActor"):
                actor.SetVisibility(True)
    fig.plotter.render()
    image = np.asarray(fig.plotter.screenshot())
    assert image.ndim == 3 and image.shape[2] == 3
    return image.astype(int)


def _assert_not_blank(image):
    assert image.std() > 10, "the screenshot is blank"
    background = np.all(image == image[0, 0], axis=2)
    assert background.mean() < 0.995, "almost nothing drawn"


def _blue(image):  # the sender end, #2166ac, shaded
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (b > r + 50) & (b > g + 20)


def _red(image):  # the receiver end, #b2182b, shaded
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (r > g + 70) & (r > b + 50)


def _yellow(image, level=150):  # top of viridis
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (r > level) & (g > level) & (b < 90)


def _purple(image):  # bottom of viridis, #440154
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (b > g + 30) & (r > g + 20) & (r < 130)


def _skin(image):  # the plain head colour, shaded
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (r > 120) & (r > g) & (g > b) & (r - b > 30) & (r < 250)


def _info(montage=True, names=CH_NAMES, sfreq=160.0):
    info = mne.create_info(list(names), sfreq, "eeg")
    if montage:
        info.set_montage(standard_1005_montage())
    return info


def make_channel_attention():
    """T7 -> T8 is by far the strongest link; Oz has the most self-attention."""
    rng = np.random.default_rng(0)
    n = len(CH_NAMES)
    data = 0.01 + 0.01 * rng.random((2, n, n))
    t7, t8, oz = CH_NAMES.index("T7"), CH_NAMES.index("T8"), CH_NAMES.index("Oz")
    data[1, t8, t7] = 0.5  # receiver T8 (row) attends to sender T7 (column)
    data[1, oz, oz] = 0.4
    return ChannelAttention(_info(), data, ["eyes-open", "eyes-closed"], "rollout")


@pytest.fixture
def channel_attention():
    """T7 -> T8 is by far the strongest link; Oz has the most self-attention."""
    return make_channel_attention()


@pytest.fixture
def tested_attention():
    """Rows summing to one; with its per-epoch spread only T7 -> T8 beats uniform."""
    n = len(CH_NAMES)
    rng = np.random.default_rng(1)
    data = 0.1 + 0.002 * rng.standard_normal((2, n, n))
    for matrix in data:
        np.fill_diagonal(matrix, 0.5)
    t7, t8 = CH_NAMES.index("T7"), CH_NAMES.index("T8")
    data[0, t8, t7] = 0.3
    data /= data.sum(axis=2, keepdims=True)
    sem = np.full((2, n, n), 0.004)
    return ChannelAttention(
        _info(), data, ["planted", "uniform"], "rollout", [30, 30], sem=sem
    )


def _texts(fig, renderer=None):
    """The texts written on the figure (2D text actors), in one subplot.

    ``renderer`` is the subplot, the current one when None.
    """
    renderer = fig.plotter.renderer if renderer is None else renderer
    return [
        actor.GetInput()
        for actor in renderer.actors.values()
        if actor.IsA("vtkTextActor")
    ]


def _n_tubes(fig, n_sides=10, n_points=24):
    """The number of links drawn: points of the tube mesh / points per tube."""
    per_tube = n_sides * n_points
    counts = []
    for actor in fig.plotter.renderer.actors.values():
        if not actor.IsA("vtkActor"):
            continue
        mapper = actor.GetMapper()
        if mapper.GetInputAlgorithm() is not None:  # the mesh is built on update
            mapper.GetInputAlgorithm().Update()
        n = mapper.GetInputDataObject(0, 0).GetNumberOfPoints()
        # 6 sensor spheres (516 points) and the head (2033) are no multiple of 240
        if n % per_tube == 0:
            counts.append(n // per_tube)
    return sum(counts)


# --------------------------------------------------------------------------
# rendering (display needed)


def test_only_significant_links(renderer_3d, tested_attention):
    """The default draws the links that beat uniform attention and counts them."""
    fig = tested_attention.plot_3d("planted", top_k=30, head=False, verbose="error")
    assert _n_tubes(fig) == 1
    (text,) = _texts(fig)
    lines = text.split("\n")
    assert lines[:2] == [
        "planted (rollout attention)",
        "1 of 30 links above uniform attention (FDR 0.05)",
    ]
    t7, t8 = CH_NAMES.index("T7"), CH_NAMES.index("T8")
    value = tested_attention.data[0, t8, t7]
    ratio = value / tested_attention.link_statistics("planted").reference[t8]
    assert lines[2] == f"attention {value:.3g} ({ratio:.3g} x uniform)"
    assert lines[3] == "blue sender -> red receiver; thicker = further above uniform"
    image = _screenshot(fig)
    blue, red = _blue(image), _red(image)
    assert blue.sum() > 200 and red.sum() > 200, (blue.sum(), red.sum())
    assert np.nonzero(blue)[1].mean() < image.shape[1] / 2 < np.nonzero(red)[1].mean()

    # no link beats the reference: head and sensors only, and the figure says so
    fig = tested_attention.plot_3d("uniform", top_k=30, verbose="error")
    assert _n_tubes(fig) == 0
    assert _texts(fig) == [
        "uniform (rollout attention)\n0 of 30 links above uniform attention (FDR 0.05)"
    ]
    _assert_not_blank(_screenshot(fig))

    # links="top" draws top_k anyway and says how many of them passed
    fig = tested_attention.plot_3d(
        "planted", top_k=4, links="top", correction="bonferroni", verbose="error"
    )
    assert _n_tubes(fig) == 4
    assert _texts(fig)[0].split("\n")[1:3] == [
        "1 of 30 links above uniform attention (Bonferroni 0.05)",
        "strongest 4 drawn, 1 of them significant",
    ]
    # more significant links than top_k: the strongest are drawn, and it says so
    fig = tested_attention.plot_3d("planted", top_k=1, alpha=0.999, verbose="error")
    assert _n_tubes(fig) == 1
    lines = _texts(fig)[0].split("\n")
    assert lines[1].endswith("links above uniform attention (FDR 0.999)")
    assert lines[2] == "the strongest 1 drawn"


def test_untested_links_say_so(renderer_3d, channel_attention):
    """Without sem the strongest top_k are drawn, marked as not tested."""
    assert channel_attention.sem is None
    fig = plot_channel_attention_3d(
        channel_attention, "eyes-closed", top_k=3, head=False, verbose="error"
    )
    assert _n_tubes(fig) == 3
    assert _texts(fig)[0].split("\n")[:3] == [
        "eyes-closed (rollout attention)",
        "no per-epoch spread known:",
        "strongest 3 links, not tested",
    ]


def test_channel_attention_3d(renderer_3d, channel_attention):
    """Tubes from sender (blue) to receiver (red), self-attention on sensors."""
    before = channel_attention.data.copy()
    fig = channel_attention.plot_3d(
        condition="eyes-closed", top_k=1, head=False, sensor_names=True, verbose="error"
    )
    assert isinstance(fig, mne.viz.Figure3D)
    image = _screenshot(fig)
    _assert_not_blank(image)
    blue, red = _blue(image), _red(image)
    assert blue.sum() > 200 and red.sum() > 200, (blue.sum(), red.sum())
    # seen from above, nose up: the sender T7 is on the left, the receiver T8 right
    assert np.nonzero(blue)[1].mean() < image.shape[1] / 2 < np.nonzero(red)[1].mean()
    # the sensor with the most self-attention (Oz, at the back: bottom) is yellow
    yellow = _yellow(image)
    assert yellow.sum() > 50
    assert np.nonzero(yellow)[0].mean() > image.shape[0] / 2
    assert np.array_equal(channel_attention.data, before)

    # every link, with the head, into a figure of a given size
    n_links = len(CH_NAMES) * (len(CH_NAMES) - 1)
    fig = plot_channel_attention_3d(
        channel_attention, "eyes-open", top_k=n_links, size=(400, 300), verbose="error"
    )
    image = _screenshot(fig)
    assert image.shape[:2] == (300, 400)
    _assert_not_blank(image)
    assert _blue(image).sum() > 200 and _red(image).sum() > 200


def test_sensor_attention_3d(renderer_3d):
    """Per-channel attention as sensor colours on the head, with a colour bar."""
    values = np.linspace(0.01, 0.05, len(CH_NAMES))  # Oz (last) the highest
    evoked = mne.EvokedArray(
        np.c_[values, values], _info(), comment="eyes-closed", verbose="error"
    )
    fig = plot_sensor_attention_3d(
        evoked, head=False, sensor_names=True, verbose="error"
    )
    assert isinstance(fig, mne.viz.Figure3D)
    image = _screenshot(fig)
    _assert_not_blank(image)
    assert _yellow(image).sum() > 50 and _purple(image).sum() > 50
    assert np.array_equal(evoked.data, np.c_[values, values])
    # into an existing figure, with the head (skin-coloured pixels)
    out = plot_sensor_attention_3d(evoked, fig=fig, head=True, verbose="error")
    assert out is fig
    assert _skin(_screenshot(fig)).sum() > 1000


# --------------------------------------------------------------------------
# validation and geometry (no display needed)


def test_errors(channel_attention):
    """Clear errors, raised before any window opens."""
    ca = channel_attention
    no_montage = ChannelAttention(
        _info(montage=False), ca.data, ca.conditions, "rollout"
    )
    with pytest.raises(
        ValueError, match=r"set a montage first, e\.g\. epochs\.set_montage\("
    ):
        plot_channel_attention_3d(no_montage, "eyes-open", top_k=3)
    with pytest.raises(
        ValueError, match=r"condition must be one of \['eyes-open', 'eyes-closed'\]"
    ):
        plot_channel_attention_3d(ca, "rest")
    with pytest.raises(ValueError, match="condition must be one of .* got None"):
        ca.plot_3d()
    with pytest.raises(
        ValueError, match=r"top_k must be between 1 and .* \(30\), got 0"
    ):
        ca.plot_3d("eyes-open", top_k=0)
    with pytest.raises(
        ValueError, match=r"top_k must be between 1 and .* \(30\), got 31"
    ):
        ca.plot_3d("eyes-open", top_k=31)
    with pytest.raises(TypeError, match="top_k must be an int"):
        ca.plot_3d("eyes-open", top_k=2.5)
    with pytest.raises(TypeError, match="channel_attention must be an instance of"):
        plot_channel_attention_3d(ca.data, "eyes-open", top_k=3)
    with pytest.raises(ValueError, match="head must be a bool or an opacity"):
        ca.plot_3d("eyes-open", top_k=3, head=2)
    with pytest.raises(TypeError, match="fig must be"):
        ca.plot_3d("eyes-open", top_k=3, fig="figure")
    with pytest.raises(
        ValueError, match="direction_colors must be two matplotlib colours"
    ):
        ca.plot_3d("eyes-open", top_k=3, direction_colors=("blue", "notacolour"))
    with pytest.raises(ValueError, match="curvature must be a non-negative number"):
        ca.plot_3d("eyes-open", top_k=3, curvature=-1)
    with pytest.raises(ValueError, match="tube_radius must be a positive number"):
        ca.plot_3d("eyes-open", top_k=3, tube_radius=0)
    with pytest.raises(ValueError, match=r"size must be \(width, height\)"):
        ca.plot_3d("eyes-open", top_k=3, size=(400,))
    with pytest.raises(ValueError, match="bgcolor must be a matplotlib colour"):
        ca.plot_3d("eyes-open", top_k=3, bgcolor="nope")
    with pytest.raises(ValueError, match="Invalid value for the 'links' parameter"):
        ca.plot_3d("eyes-open", top_k=3, links="all")
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\), got 1\.5"):
        ca.plot_3d("eyes-open", top_k=3, alpha=1.5)
    with pytest.raises(
        ValueError, match="Invalid value for the 'correction' parameter"
    ):
        plot_channel_attention_3d(ca, "eyes-open", top_k=3, correction="none")

    evoked = mne.EvokedArray(np.ones((len(CH_NAMES), 1)), _info(), verbose="error")
    with pytest.raises(TypeError, match="evoked must be an instance of"):
        plot_sensor_attention_3d(ca)
    evoked_no_montage = mne.EvokedArray(
        np.ones((len(CH_NAMES), 1)), _info(montage=False), verbose="error"
    )
    with pytest.raises(
        ValueError, match="evoked.info has no sensor positions .*set a montage first"
    ):
        plot_sensor_attention_3d(evoked_no_montage)
    with pytest.raises(ValueError, match="vlim must have vmin < vmax"):
        plot_sensor_attention_3d(evoked, vlim=(1, 0))
    with pytest.raises(ValueError, match="sensor_scale must be a positive number"):
        plot_sensor_attention_3d(evoked, sensor_scale=-0.01)
    with pytest.raises(ValueError, match="times must be within"):
        plot_sensor_attention_3d(evoked, times=3.0)


def test_no_3d_backend(channel_attention, monkeypatch):
    """Without pyvista, or with no 3D backend MNE can load: say what to install."""
    from mne.viz.backends import renderer

    monkeypatch.setitem(sys.modules, "pyvista", None)  # import pyvista fails
    with pytest.raises(ImportError, match=r'pip install "mne-attention\[viz\]"'):
        channel_attention.plot_3d("eyes-open", top_k=3)
    monkeypatch.undo()

    def no_backend(*args, **kwargs):
        raise RuntimeError(
            "Could not load any valid 3D backend\npyvistaqt: No module named 'qtpy'"
            "\nnotebook: No module named 'ipywidgets'\n\n install pyvistaqt"
        )

    monkeypatch.setattr(renderer, "_get_3d_backend", no_backend)
    evoked = mne.EvokedArray(np.ones((len(CH_NAMES), 1)), _info(), verbose="error")
    with pytest.raises(
        ImportError,
        match=r'3D backends MNE supports.*"mne-attention\[viz\]" \(pyvistaqt: No '
        r"module named 'qtpy'; notebook: No module named 'ipywidgets'\)",
    ):
        plot_sensor_attention_3d(evoked)

    def no_library(*args, **kwargs):  # viz extra installed, Qt's libraries not
        raise RuntimeError(
            "Could not load any valid 3D backend\npyvistaqt: libxkbcommon.so.0: "
            "cannot open shared object file: No such file or directory"
        )

    monkeypatch.setattr(renderer, "_get_3d_backend", no_library)
    with pytest.raises(
        ImportError,
        match=r"cannot load a system library \(pyvistaqt: libxkbcommon.so.0: .*\): "
        r"on Debian/Ubuntu apt-get install libgl1 libegl1 libfontconfig1 "
        r"libglib2.0-0 libxkbcommon0",
    ):
        plot_sensor_attention_3d(evoked)


def test_off_screen_without_display(monkeypatch):
    """When Qt has no display to open, the renderer draws off screen."""
    from mne.viz.backends import renderer

    monkeypatch.setattr(renderer, "_get_3d_backend", lambda: "pyvistaqt")
    monkeypatch.setattr(_figures, "_off_screen_renderer", lambda **kw: ("off", kw))
    monkeypatch.setattr(renderer, "_get_renderer", lambda **kw: ("qt", kw))
    assert _figures.get_3d_renderer(size=(4, 3)) == ("qt", {"size": (4, 3)})

    def no_display(*args, **kwargs):  # MNE's answer without DISPLAY on Linux
        raise RuntimeError("Cannot connect to a valid display")

    monkeypatch.setattr(renderer, "_get_renderer", no_display)
    assert _figures.get_3d_renderer(size=(4, 3)) == ("off", {"size": (4, 3)})
    # the notebook backend needs no display: its errors are its own
    monkeypatch.setattr(renderer, "_get_3d_backend", lambda: "notebook")
    with pytest.raises(RuntimeError, match="Cannot connect"):
        _figures.get_3d_renderer(size=(4, 3))


def test_off_screen_impossible(monkeypatch):
    """When VTK cannot render off screen the error says what to install."""
    from mne.viz.backends import renderer

    def no_display(*args, **kwargs):
        raise RuntimeError("Cannot connect to a valid display")

    monkeypatch.setattr(renderer, "_get_3d_backend", lambda: "pyvistaqt")
    monkeypatch.setattr(renderer, "_get_renderer", no_display)
    monkeypatch.setattr(_figures, "_OFF_SCREEN_WINDOW", {})
    # what VTK prints before it crashes where neither EGL nor OSMesa works
    monkeypatch.setattr(
        _figures,
        "_OFF_SCREEN_PROBE",
        "import os, sys; sys.stderr.write('[WARN| libOSMesa not found. It appears "
        "that OSMesa is not installed\\n'); sys.stderr.flush(); os.abort()",
    )
    evoked = mne.EvokedArray(np.ones((len(CH_NAMES), 1)), _info(), verbose="error")
    with pytest.raises(
        RuntimeError,
        match=r"render off screen through VTK, which needs EGL or OSMesa: on "
        r"Debian/Ubuntu apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri \(EGL\) "
        r"or "
        r"apt-get install libosmesa6 \(OSMesa\), or run under Xvfb .*"
        r"\(libOSMesa not found",
    ):
        plot_sensor_attention_3d(evoked)
    assert _figures._OFF_SCREEN_WINDOW == {}  # asked again next time


_RENDER_OFF_SCREEN = """
import json, sys
import mne
import numpy as np
from mne_attention.viz import plot_channel_attention_3d, plot_sensor_attention_3d
from tests.viz.test_sensors_3d import CH_NAMES, _info, make_channel_attention

try:
    links = plot_channel_attention_3d(
        make_channel_attention(), "eyes-closed", top_k=1, head=False, size=(600, 450)
    )
except RuntimeError as err:
    print(err)
    sys.exit(3)
values = np.linspace(0.01, 0.05, len(CH_NAMES))
evoked = mne.EvokedArray(values[:, None], _info(), verbose="error")
sensors = plot_sensor_attention_3d(evoked, head=False)
for name, fig in (("links", links), ("sensors", sensors)):
    np.save(sys.argv[1] + name + ".npy", fig.plotter.screenshot())
windows = [fig.plotter.ren_win.GetClassName() for fig in (links, sensors)]
print(json.dumps({"windows": windows, "kind": type(links).__name__}))
mne.viz.close_all_3d_figures()
"""


def _render_off_screen(script, out):
    """Run ``script`` in a process with no DISPLAY, writing to ``out``.

    The script exits with 3, printing why, where 3D rendering is impossible:
    the test skips, saying which packages to install. Returns the script's last
    line of output, read as JSON, and what it wrote to stderr.
    """
    for name in ("pyvista", "pyvistaqt", "qtpy"):
        pytest.importorskip(name, reason=f'needs {name}: "mne-attention[viz]"')
    root = Path(mne_attention.__file__).parents[1]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "MPLBACKEND")}
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
    process = subprocess.run(
        [sys.executable, "-c", script, out],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if process.returncode == 3:
        skip_3d_test(process.stdout.strip())
    assert process.returncode == 0, process.stdout + process.stderr[-3000:]
    return json.loads(process.stdout.strip().splitlines()[-1]), process.stderr


def test_renders_without_display(tmp_path):
    """A process with no DISPLAY draws both 3D views off screen (EGL or OSMesa)."""
    result, stderr = _render_off_screen(_RENDER_OFF_SCREEN, str(tmp_path) + os.sep)
    assert "bad X server connection" not in stderr  # X not even tried
    assert result["kind"] == "PyVistaFigure"
    assert set(result["windows"]) <= {"vtkEGLRenderWindow", "vtkOSOpenGLRenderWindow"}
    image = np.load(tmp_path / "links.npy").astype(int)
    assert image.shape == (450, 600, 3)
    _assert_not_blank(image)
    head = image[:, :480]  # left of the colour bar (viridis has blues)
    blue, red = _blue(head), _red(head)
    assert blue.sum() > 200 and red.sum() > 200, (blue.sum(), red.sum())
    assert np.nonzero(blue)[1].mean() < 300 < np.nonzero(red)[1].mean()  # T7 -> T8
    image = np.load(tmp_path / "sensors.npy").astype(int)
    _assert_not_blank(image)
    assert _yellow(image).sum() > 50 and _purple(image).sum() > 50


def test_geometry():
    """Curves run from sender to receiver, bend inwards, and pairs do not overlap."""
    senders = np.array([[-0.08, 0.0, 0.04], [0.08, 0.0, 0.04]])
    receivers = senders[::-1].copy()
    center = np.array([0.0, 0.0, 0.0])
    points = bezier_links(senders, receivers, center, 0.5)
    assert np.allclose(points[:, 0], senders) and np.allclose(points[:, -1], receivers)
    middle = points[:, points.shape[1] // 2]
    assert np.all(
        np.linalg.norm(middle - center, axis=1)
        < np.linalg.norm(senders, axis=1).min() - 0.01
    )
    assert np.linalg.norm(middle[0] - middle[1]) > 0.005  # i -> j beside j -> i
    straight = bezier_links(senders, receivers, center, 0.0)
    assert np.all(np.isfinite(straight))
    # the head centre: the centre of a sphere through the sensors
    sphere = np.array([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, 0, 1], [0, -1, 0.0]])
    np.testing.assert_allclose(
        head_center(0.09 * sphere + [0, 0.01, 0.02]), [0, 0.01, 0.02], atol=1e-12
    )
    head_rr, head_tris = fsaverage_head()
    assert head_rr.shape[1] == 3 and head_tris.max() < len(head_rr)
    assert 0.05 < np.ptp(head_rr[:, 0]) < 0.25  # metres, a head's width
