"""Test configuration: Agg backend, no stray figures, quiet MNE."""

import os
import select
import shutil
import subprocess
import sys
import tempfile

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("MNE_TQDM", "off")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import mne  # noqa: E402
import pytest  # noqa: E402


def pytest_addoption(parser):
    parser.addoption(
        "--run-slow",
        action="store_true",
        help="also run the tests marked slow (default-sized models; CI runs them)",
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened."""
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _quiet_mne():
    """Keep MNE at warning level so tests do not print info messages."""
    with mne.utils.use_log_level("warning"):
        yield


import numpy as np  # noqa: E402


@pytest.fixture
def tiny_epochs():
    """Small labelled epochs: 6 EEG channels with a montage, two classes, 3 subjects.

    Class "closed" has a 10 Hz oscillation on O1/O2, so even a tiny model learns
    something; everything else is white noise.
    """
    from mne_attention.utils._montage import standard_1005_montage

    rng = np.random.default_rng(42)
    ch_names = ["Fz", "Cz", "C3", "C4", "O1", "O2"]
    info = mne.create_info(ch_names, 160.0, "eeg")
    info.set_montage(standard_1005_montage())
    n_epochs, n_times = 48, 160
    labels = np.arange(n_epochs) % 2
    data = rng.standard_normal((n_epochs, len(ch_names), n_times)) * 1e-6
    times = np.arange(n_times) / info["sfreq"]
    alpha = np.sin(2 * np.pi * 10 * times + rng.uniform(0, 2 * np.pi, (n_epochs, 1)))
    data[:, 4:] += 3e-6 * (labels[:, None] * alpha)[:, None, :]
    events = np.c_[np.arange(n_epochs) * n_times, np.zeros(n_epochs, int), labels + 1]
    import pandas as pd

    metadata = pd.DataFrame({"subject": np.repeat([1, 2, 3], n_epochs // 3)})
    return mne.EpochsArray(
        data,
        info,
        events,
        event_id={"open": 1, "closed": 2},
        metadata=metadata,
        verbose=False,
    )


def lazy_copy(epochs, extra_events=()):
    """The same epochs cut from a continuous recording with ``preload=False``.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        Preloaded epochs, laid end to end in the recording.
    extra_events : sequence of int
        Indices of events to move to the end of the recording, where they
        run past it and are dropped as bad when the data are read.
    """
    raw = mne.io.RawArray(
        np.concatenate(list(epochs.get_data()), axis=1), epochs.info, verbose=False
    )
    events = epochs.events.copy()
    events[list(extra_events), 0] = raw.n_times - 10
    return mne.Epochs(
        raw,
        events,
        epochs.event_id,
        tmin=0,
        tmax=epochs.tmax,
        baseline=None,
        preload=False,
        metadata=epochs.metadata,
        verbose=False,
    )


TINY_PARAMS = dict(
    d_model=16,
    n_heads=2,
    n_layers=1,
    max_epochs=3,
    batch_size=16,
    warmup_epochs=1,
    random_state=0,
)


@pytest.fixture
def tiny_params():
    """Hyper-parameters of a model small enough to train in a second."""
    return dict(TINY_PARAMS)


@pytest.fixture(scope="session")
def eyes_model():
    """The default model trained on simulated eyes-open/closed data of 6 subjects.

    Subjects 7 and 8 are held out. Trained once per test session (a few
    minutes on two cores) and shared by the slow accuracy and attention tests.
    """
    from types import SimpleNamespace

    from mne_attention import EEGTransformer
    from mne_attention.datasets import simulate_epochs

    with mne.utils.use_log_level("warning"):
        epochs, truth = simulate_epochs(
            task="eyes", n_subjects=8, snr=1.5, random_state=0
        )
        held_out = epochs.metadata["subject"].isin([7, 8]).to_numpy()
        model = EEGTransformer(random_state=0)
        model.fit(epochs[~held_out])
    return SimpleNamespace(
        model=model, train=epochs[~held_out], test=epochs[held_out], truth=truth
    )


def snapshot(value):
    """A deep copy of an input, to check later that a call left it unchanged."""
    import copy

    return copy.deepcopy(value)


def assert_unchanged(before, after):
    """Assert that ``after`` equals the :func:`snapshot` ``before`` of it.

    Compares Epochs (data, info, events, event_id, metadata, bads, drop log),
    Info, arrays, DataFrames, containers of them, and plain values.
    """
    import pandas as pd

    if isinstance(before, mne.BaseEpochs):
        assert before.preload == after.preload
        if before.preload:
            np.testing.assert_array_equal(before._data, after._data)
        np.testing.assert_array_equal(before.events, after.events)
        assert before.event_id == after.event_id
        assert before.drop_log == after.drop_log
        assert before.tmin == after.tmin
        assert_unchanged(before.info, after.info)
        assert_unchanged(before.metadata, after.metadata)
    elif isinstance(before, mne.Info):
        assert before.ch_names == after.ch_names
        assert before["bads"] == after["bads"]
        assert before["sfreq"] == after["sfreq"]
        assert before.get_channel_types() == after.get_channel_types()
        assert before["description"] == after["description"]
        before_dig, after_dig = before["dig"] or [], after["dig"] or []
        assert len(before_dig) == len(after_dig)
        for a, b in zip(before_dig, after_dig):
            np.testing.assert_array_equal(a["r"], b["r"])
    elif isinstance(before, np.ndarray):
        assert before.dtype == after.dtype and before.shape == after.shape
        np.testing.assert_array_equal(before, after)
    elif isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(before, after)
    elif isinstance(before, pd.Series):
        pd.testing.assert_series_equal(before, after)
    elif isinstance(before, dict):
        assert before.keys() == after.keys()
        for key in before:
            assert_unchanged(before[key], after[key])
    elif isinstance(before, list | tuple):
        assert type(before) is type(after) and len(before) == len(after)
        for a, b in zip(before, after):
            assert_unchanged(a, b)
    elif hasattr(before, "__dict__") and not isinstance(before, type):
        assert_unchanged(vars(before), vars(after))
    elif isinstance(before, float) and np.isnan(before):
        assert isinstance(after, float) and np.isnan(after)
    else:
        assert before is None and after is None or before == after


class FixedFolds:
    """A splitter that yields the given test folds."""

    def __init__(self, *tests):
        self.tests = [np.asarray(test) for test in tests]

    def get_n_splits(self, *args, **kwargs):
        return len(self.tests)

    def split(self, X, y=None, groups=None):
        indices = np.arange(len(X))
        for test in self.tests:
            yield np.setdiff1d(indices, test), test


# ------------------------------------------------------- a display for 3D tests
_REQUIRE = os.environ.get("MNE_ATTENTION_REQUIRE_3D", "false").lower() == "true"
_XVFB = {}  # the display number of the Xvfb started for this test session


def skip_3d_test(reason):
    """Skip a 3D test that cannot run here; fail it when 3D is required (CI)."""
    if _REQUIRE:
        pytest.fail(f"{reason} (MNE_ATTENTION_REQUIRE_3D=true)")
    pytest.skip(reason)


def _start_xvfb():
    """Start Xvfb on a free display number and return that number.

    A watchdog shell stops Xvfb once this test process has exited: stopping it
    earlier, while Qt is connected, would make Qt end the process with an error.
    """
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        skip_3d_test(
            "3D tests need a display: Xvfb is not installed (run .ci/apt-viz.sh, "
            "or apt-get install xvfb) and DISPLAY is not set"
        )
    read_fd, write_fd = os.pipe()
    err_file = tempfile.NamedTemporaryFile(prefix="xvfb-", suffix=".log", delete=False)
    err_file.close()
    # -displayfd: Xvfb picks a free display and writes its number to the pipe
    script = (
        f'( "$0" -displayfd {write_fd} -screen 0 1280x1024x24 -nolisten tcp '
        f'2>"$2" & x=$!; while kill -0 "$1" 2>/dev/null && kill -0 "$x" '
        '2>/dev/null; do sleep 1; done; kill "$x" 2>/dev/null ) '
        "</dev/null >/dev/null 2>&1 &"
    )
    subprocess.run(
        ["sh", "-c", script, xvfb, str(os.getpid()), err_file.name],
        pass_fds=(write_fd,),
        check=True,
    )
    os.close(write_fd)
    number = b""
    while not number.endswith(b"\n"):  # Xvfb fails if the pipe closes too early
        ready, _, _ = select.select([read_fd], [], [], 30)
        chunk = os.read(read_fd, 16) if ready else b""
        if not chunk:
            break
        number += chunk
    os.close(read_fd)
    with open(err_file.name) as fid:
        log = fid.read()
    os.unlink(err_file.name)  # Xvfb keeps writing to the unlinked file
    if not number.strip():
        skip_3d_test(f"Xvfb did not start: {log[-500:]}")
    return number.decode().strip()


@pytest.fixture(scope="module")
def display():
    """A display that Qt can open, and the viz extra installed."""
    for name in ("pyvista", "pyvistaqt", "qtpy"):
        try:
            __import__(name)
        except ImportError:
            skip_3d_test(f'3D tests need {name}: pip install "mne-attention[viz]"')
    env = {}
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        if "number" not in _XVFB:  # one Xvfb per test session
            _XVFB["number"] = _start_xvfb()
        env["DISPLAY"] = f":{_XVFB['number']}"
        env["QT_QPA_PLATFORM"] = "xcb"
    original = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        # a Qt that cannot load its platform plugin aborts the process: try apart
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "from qtpy.QtWidgets import QApplication; QApplication([])",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if probe.returncode != 0:
            skip_3d_test(
                "Qt cannot open the display (missing system libraries? run "
                f".ci/apt-viz.sh): {probe.stderr.strip()[-800:]}"
            )
        yield os.environ.get("DISPLAY")
    finally:
        for key, value in original.items():  # Qt keeps its connection
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def renderer_3d(display):
    """MNE's 3D testing context with pyvistaqt, windows on the (virtual) display.

    ``interactive=True``: pyvistaqt >= 0.13 renders through a QOpenGLWidget
    whose off-screen mode gives no usable screenshot; on Xvfb the window is
    invisible anyway.
    """
    from mne.viz.backends.renderer import _use_test_3d_backend

    with _use_test_3d_backend("pyvistaqt", interactive=True):
        yield
    mne.viz.close_all_3d_figures()


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory):
    """What the bad-input rows of containers, datasets and viz pass.

    Small containers, evokeds, epochs and good and bad files, built once per
    module (see ``tests/bad_inputs.py``).
    """
    from .bad_inputs import make_inputs

    return make_inputs(tmp_path_factory.mktemp("bad-inputs"))


@pytest.fixture
def no_downloads_no_rendering(bad_inputs, monkeypatch):
    """Fail the test if it downloads, opens a socket or starts a 3D renderer."""
    from .bad_inputs import forbid_downloads_and_rendering

    forbid_downloads_and_rendering(monkeypatch, bad_inputs)
