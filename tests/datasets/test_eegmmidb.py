"""eegmmidb: pooch downloads from a local HTTP server, and labelled Epochs from them.

No test here touches the internet except the one marked ``network``, which
runs only with ``MNE_ATTENTION_TEST_NETWORK=true``.
"""

import collections
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import mne
import numpy as np
import pooch
import pytest
from mne.datasets.eegbci import standardize
from mne.utils import catch_logging

from mne_attention.datasets import eegmmidb
from mne_attention.datasets._eegmmidb_tasks import EDF_CH_NAMES, standard_ch_names
from mne_attention.utils._montage import standard_1005_montage

LAYOUT = ("MNE-eegbci-data", "files", "eegmmidb", "1.0.0")
BASELINE_S = 20.0  # seconds of the tiny baseline recordings (10 windows of 2 s)
CUED_S = 30.0  # cued recordings: T0, T1, T0, T2, T0, T1, T0
CUED = [(4.2, "T1"), (12.5, "T2"), (20.8, "T1")]  # (onset, description) of the cues


def _write_edf(fname, *, sfreq=160.0, cued=False, seed=0, ch_names=EDF_CH_NAMES):
    """Write a small eegmmidb-like EDF: the 64 PhysioNet labels, T0/T1/T2 annotations."""
    duration = CUED_S if cued else BASELINE_S
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((len(ch_names), int(duration * sfreq))) * 20e-6
    raw = mne.io.RawArray(
        data, mne.create_info(list(ch_names), sfreq, "eeg"), verbose=False
    )
    if cued:
        onsets = [0.0, 4.2, 8.3, 12.5, 16.6, 20.8, 24.9]
        descriptions = ["T0", "T1", "T0", "T2", "T0", "T1", "T0"]
        durations = [4.2 if d == "T0" else 4.1 for d in descriptions]
        raw.set_annotations(mne.Annotations(onsets, durations, descriptions))
    else:
        raw.set_annotations(mne.Annotations([0.0], [duration], ["T0"]))
    fname.parent.mkdir(parents=True, exist_ok=True)
    mne.export.export_raw(fname, raw, fmt="edf", verbose=False)


class _Server:
    """A PhysioNet look-alike on 127.0.0.1 that counts the requests per path."""

    def __init__(self, root):
        self.root = root
        self.requests = collections.Counter()
        lock = threading.Lock()
        requests = self.requests

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                with lock:
                    requests[self.path] += 1
                super().do_GET()

            def log_message(self, *args):
                pass

        handler = functools.partial(Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        # Hashes of the files served, plus two entries that go wrong.
        self.registry = {
            path.relative_to(root).as_posix(): pooch.file_hash(str(path))
            for path in sorted(root.rglob("*.edf"))
        }
        self.registry["S003/S003R01.edf"] = "0" * 64  # served, but hash does not match
        self.registry["S004/S004R01.edf"] = "0" * 64  # not served: 404

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture(scope="module")
def _served(tmp_path_factory):
    root = tmp_path_factory.mktemp("physionet")
    for subject in (1, 2):
        for run in (1, 2):
            _write_edf(
                root / eegmmidb.remote_fname(subject, run), seed=10 * subject + run
            )
        for run in (3, 7, 11):
            _write_edf(
                root / eegmmidb.remote_fname(subject, run),
                cued=True,
                seed=10 * subject + run,
            )
    for run in (1, 2):  # like subject 88 of the real data set
        _write_edf(root / eegmmidb.remote_fname(88, run), sfreq=128.0, seed=run)
    _write_edf(root / eegmmidb.remote_fname(3, 1), seed=3)
    _write_edf(root / eegmmidb.remote_fname(5, 1), seed=5, ch_names=EDF_CH_NAMES[::-1])
    _write_edf(
        root / eegmmidb.remote_fname(6, 1), seed=6, ch_names=EDF_CH_NAMES[:-1]
    )  # no Iz
    server = _Server(root)
    yield server
    server.close()


@pytest.fixture
def server(_served):
    """The module's server, its request counts reset."""
    _served.requests.clear()
    return _served


def _kwargs(server, path):
    return dict(path=path, base_url=server.url, registry=server.registry)


def _local(path, fname):
    return Path(path, *LAYOUT, fname)


def test_fetch_downloads_then_hits_cache(server, tmp_path):
    """A fresh download lands in MNE's layout; a second call sends no request."""
    paths = eegmmidb.fetch_data([1], [1, 2], **_kwargs(server, tmp_path))
    expected = [
        _local(tmp_path, "S001/S001R01.edf"),
        _local(tmp_path, "S001/S001R02.edf"),
    ]
    assert paths == expected
    for path in paths:
        served = server.root / path.relative_to(Path(tmp_path, *LAYOUT))
        assert path.read_bytes() == served.read_bytes()
    assert server.requests == {"/S001/S001R01.edf": 1, "/S001/S001R02.edf": 1}
    assert eegmmidb.fetch_data(1, [1, 2], **_kwargs(server, tmp_path)) == expected
    assert sum(server.requests.values()) == 2  # cache hit: no request
    # MNE's own loader finds the same files without downloading anything
    mne_paths = mne.datasets.eegbci.load_data(
        1, [1, 2], path=tmp_path, update_path=False
    )
    assert [Path(path) for path in mne_paths] == expected
    assert sum(server.requests.values()) == 2


def test_fetch_reuses_files_downloaded_by_mne(server, tmp_path):
    """Files already in MNE's layout (e.g. from mne.datasets.eegbci) are not fetched again."""
    local = _local(tmp_path, "S002/S002R01.edf")
    local.parent.mkdir(parents=True)
    shutil.copyfile(server.root / "S002/S002R01.edf", local)
    assert eegmmidb.fetch_data(2, 1, **_kwargs(server, tmp_path)) == [local]
    assert not server.requests


def test_fetch_default_path_from_mne_config(server, tmp_path, monkeypatch):
    """path=None uses MNE_DATASETS_EEGBCI_PATH, like mne.datasets.eegbci."""
    monkeypatch.setenv("MNE_DATASETS_EEGBCI_PATH", str(tmp_path))
    paths = eegmmidb.fetch_data(1, 1, base_url=server.url, registry=server.registry)
    assert paths == [_local(tmp_path, "S001/S001R01.edf")]


def test_fetch_update_path_sets_mne_config(server, tmp_path, monkeypatch):
    """update_path=True stores the data folder under MNE's config key."""
    monkeypatch.setenv("_MNE_FAKE_HOME_DIR", str(tmp_path / "home"))
    monkeypatch.delenv("MNE_DATASETS_EEGBCI_PATH", raising=False)
    (tmp_path / "home").mkdir()
    data = tmp_path / "data"
    eegmmidb.fetch_data(1, 1, **_kwargs(server, data), update_path=True)
    assert mne.get_config("MNE_DATASETS_EEGBCI_PATH", use_env=False) == str(data)


def test_fetch_refetches_corrupted_local_file(server, tmp_path):
    """A local file whose sha256 does not match is downloaded again."""
    (path,) = eegmmidb.fetch_data(1, 2, **_kwargs(server, tmp_path))
    good = path.read_bytes()
    path.write_bytes(b"not an EDF file")
    assert eegmmidb.fetch_data(1, 2, **_kwargs(server, tmp_path)) == [path]
    assert path.read_bytes() == good
    assert server.requests == {"/S001/S001R02.edf": 2}


def test_fetch_wrong_hash_retries_once_then_names_file(server, tmp_path):
    """A download that fails its hash check is tried once more, then the error names it."""
    with (
        catch_logging() as log,
        pytest.raises(
            ValueError, match=r"S003/S003R01\.edf downloaded twice .* sha256"
        ),
    ):
        eegmmidb.fetch_data(3, 1, **_kwargs(server, tmp_path), verbose=True)
    assert "Downloading S003/S003R01.edf failed" in log.getvalue()
    assert server.requests == {"/S003/S003R01.edf": 2}
    folder = _local(tmp_path, "S003")
    assert not folder.exists() or not any(folder.iterdir())  # no partial or temp file


def test_fetch_shows_progress_bar(server, tmp_path, capsys):
    """progressbar=True shows pooch's (tqdm) progress bar while downloading."""
    eegmmidb.fetch_data(2, 2, **_kwargs(server, tmp_path), progressbar=True)
    assert "100%" in capsys.readouterr().err


def test_fetch_missing_file(server, tmp_path):
    """A file the server does not have gives an error naming it, without a retry."""
    with pytest.raises(FileNotFoundError, match=r"S004/S004R01\.edf .*HTTP 404"):
        eegmmidb.fetch_data(4, 1, **_kwargs(server, tmp_path))
    assert server.requests == {"/S004/S004R01.edf": 1}


def test_fetch_unreachable_server(server, tmp_path):
    """A server that cannot be reached gives an error naming the file, after one retry."""
    url = "http://127.0.0.1:9/"  # the discard port: nothing listens
    with pytest.raises(
        ConnectionError, match=r"S001/S001R01\.edf could not be downloaded from"
    ):
        eegmmidb.fetch_data(1, 1, path=tmp_path, base_url=url, registry=server.registry)


def test_fetch_file_not_in_registry(server, tmp_path):
    """A file without a known hash is refused before any request."""
    with pytest.raises(ValueError, match=r"S009/S009R01\.edf not in the registry"):
        eegmmidb.fetch_data(9, 1, **_kwargs(server, tmp_path))
    assert not server.requests


def test_mne_registry_is_read_at_run_time(tmp_path):
    """The default registry is the one MNE ships, covering all 109 x 14 recordings."""
    from mne_attention.datasets._download import make_fetcher, mne_eegbci_registry

    fetcher = make_fetcher(tmp_path, eegmmidb.EEGMMIDB_URL)
    assert mne_eegbci_registry().is_file()
    for subject in range(1, 110):
        for run in range(1, 15):
            known = fetcher.registry[eegmmidb.remote_fname(subject, run)]
            assert len(known) == 64 and int(known, 16) >= 0
    assert not list(tmp_path.iterdir())  # nothing written, nothing fetched


def test_load_epochs_eyes(server, tmp_path):
    """task="eyes": 2 s windows labelled by run, metadata, names and montage."""
    epochs = eegmmidb.load_epochs([2, 1], "eyes", **_kwargs(server, tmp_path))
    assert isinstance(epochs, mne.BaseEpochs)
    assert epochs.event_id == {"eyes-open": 1, "eyes-closed": 2}
    assert epochs.info["sfreq"] == 160.0
    assert epochs.get_data().shape == (2 * 2 * 10, 64, 320)
    assert epochs.ch_names == standard_ch_names()
    assert epochs.ch_names[:3] == ["FC5", "FC3", "FC1"] and "Fp1" in epochs.ch_names
    metadata = epochs.metadata
    assert list(metadata.columns) == ["subject", "run", "condition", "task"]
    assert metadata["subject"].tolist() == [2] * 20 + [1] * 20
    assert metadata["run"].tolist() == ([1] * 10 + [2] * 10) * 2
    assert (
        metadata["condition"] == metadata["run"].map({1: "eyes-open", 2: "eyes-closed"})
    ).all()
    assert (metadata["task"] == "eyes").all()
    codes = metadata["condition"].map(eegmmidb.EVENT_ID).to_numpy()
    np.testing.assert_array_equal(epochs.events[:, 2], codes)
    assert np.all(np.diff(epochs.events[:, 0]) > 0)
    # standard 10-05 positions on every channel
    template = mne.create_info(epochs.ch_names, 160.0, "eeg")
    template.set_montage(standard_1005_montage())
    for ch, expected in zip(epochs.info["chs"], template["chs"]):
        assert np.isfinite(ch["loc"][:3]).all() and np.linalg.norm(ch["loc"][:3]) > 0.05
        np.testing.assert_allclose(ch["loc"][:3], expected["loc"][:3])
    # the samples are the recording's (through float32)
    raw = mne.io.read_raw_edf(
        _local(tmp_path, "S002/S002R02.edf"), preload=True, verbose=False
    )
    standardize(raw)
    np.testing.assert_allclose(
        epochs["eyes-closed"].get_data()[1],
        raw.get_data()[:, 320:640],
        rtol=1e-6,
        atol=1e-12,
    )
    # overlapping windows
    overlapping = eegmmidb.load_epochs(
        1, "eyes", overlap=1.0, **_kwargs(server, tmp_path)
    )
    assert len(overlapping) == 2 * 19


def test_load_epochs_cued(server, tmp_path):
    """task="fist": T1/T2 epochs named left/right, 4 s long, starting at the cue."""
    epochs = eegmmidb.load_epochs(1, "fist", **_kwargs(server, tmp_path))
    assert epochs.event_id == {"left-fist": 3, "right-fist": 4}
    assert epochs.get_data().shape == (9, 64, 640)
    assert epochs.tmin == 0.0
    metadata = epochs.metadata
    expected = ["left-fist" if d == "T1" else "right-fist" for _, d in CUED]
    assert metadata["condition"].tolist() == expected * 3
    assert metadata["run"].tolist() == [3] * 3 + [7] * 3 + [11] * 3
    assert (metadata["task"] == "fist").all()
    raw = mne.io.read_raw_edf(
        _local(tmp_path, "S001/S001R07.edf"), preload=True, verbose=False
    )
    onset = int(round(CUED[1][0] * 160))
    np.testing.assert_allclose(
        epochs.get_data()[4],
        raw.get_data()[:, onset : onset + 640],
        rtol=1e-6,
        atol=1e-12,
    )
    # one run only, and an earlier tmin with the default tmax (4 s after the cue)
    epochs = eegmmidb.load_epochs(
        1, "fist", runs=[7], tmin=-0.5, **_kwargs(server, tmp_path)
    )
    assert epochs.metadata["run"].tolist() == [7] * 3
    assert epochs.tmin == -0.5 and len(epochs.times) == 720


def test_load_epochs_mixed_conditions_filter_exclude(server, tmp_path):
    """A list of condition names from two tasks, with filtering and channels left out."""
    epochs = eegmmidb.load_epochs(
        [1],
        ["right-fist", "eyes-closed"],
        window=4.0,
        h_freq=30.0,
        exclude=["T9", "T10", "Iz"],
        **_kwargs(server, tmp_path),
    )
    assert epochs.event_id == {"eyes-closed": 2, "right-fist": 4}
    assert len(epochs.ch_names) == 61 and not {"T9", "T10", "Iz"} & set(epochs.ch_names)
    assert epochs.info["lowpass"] == 30.0
    assert len(epochs.times) == 640
    metadata = epochs.metadata
    assert metadata["run"].tolist() == [2] * 5 + [3, 7, 11]
    assert metadata["task"].tolist() == ["eyes"] * 5 + ["fist"] * 3
    assert set(metadata["condition"]) == {"eyes-closed", "right-fist"}
    unfiltered = eegmmidb.load_epochs(1, "eyes-closed", **_kwargs(server, tmp_path))
    assert (
        unfiltered.event_id == {"eyes-closed": 2} and unfiltered.info["lowpass"] == 80.0
    )


def test_load_epochs_other_sfreq(server, tmp_path):
    """A 128 Hz recording is resampled (with a note), or its subject left out."""
    with catch_logging() as log:
        epochs = eegmmidb.load_epochs(
            [1, 88], "eyes", **_kwargs(server, tmp_path), verbose=True
        )
    assert "Resampling S088R01.edf from 128 Hz to 160 Hz" in log.getvalue()
    assert epochs.info["sfreq"] == 160.0
    assert epochs.metadata["subject"].value_counts().to_dict() == {1: 20, 88: 20}
    with catch_logging() as log:
        epochs = eegmmidb.load_epochs(
            [1, 88],
            "eyes",
            on_other_sfreq="exclude",
            **_kwargs(server, tmp_path),
            verbose=True,
        )
    assert "Leaving out subject 88" in log.getvalue()
    assert set(epochs.metadata["subject"]) == {1}
    with pytest.raises(ValueError, match="No epochs for task 'eyes'"):
        eegmmidb.load_epochs(
            88, "eyes", on_other_sfreq="exclude", **_kwargs(server, tmp_path)
        )


BAD_ARGUMENTS = [
    (
        dict(subjects=[0, 1, 110]),
        ValueError,
        r"subjects must be integers between 1 and 109, got \[0, 110\]",
    ),
    (dict(subjects=[]), ValueError, "subjects must not be empty"),
    (
        dict(subjects="1"),
        TypeError,
        "subjects must be an int or a list of int, got '1'",
    ),
    (dict(subjects=[1.0]), TypeError, r"subjects must be integers, got \[1.0\]"),
    (dict(task="walk"), ValueError, "task must be one of 'eyes', .*got 'walk'"),
    (dict(task=["eyes-open", "jump"]), ValueError, r"unknown names \['jump'\]"),
    (dict(task=3), TypeError, "task must be one of"),
    (
        dict(task="fist", runs=[1, 3]),
        ValueError,
        r"runs must be runs of task 'fist' \(\[3, 7, 11\]\), got \[1\]",
    ),
    (dict(runs=15), ValueError, r"runs must be integers between 1 and 14, got \[15\]"),
    (
        dict(exclude=["T9", "XX"]),
        ValueError,
        r"exclude must hold eegmmidb channel names .*got unknown \['XX'\]",
    ),
    (dict(on_other_sfreq="drop"), ValueError, "on_other_sfreq"),
    (dict(window=0), ValueError, r"window must be in \(0, inf\], got 0"),
    (
        dict(overlap=2.0),
        ValueError,
        r"overlap must be smaller than window \(2 s\), got 2",
    ),
    (
        dict(task="fist", tmin=1.0, tmax=0.5),
        ValueError,
        "tmax must be greater than tmin",
    ),
    (
        dict(task=["eyes-open", "left-fist"], tmax=3.0),
        ValueError,
        "tmax must give epochs as long as window",
    ),
    (dict(sfreq=-1), ValueError, r"sfreq must be in \(0, inf\], got -1"),
    (dict(base_url="physionet.org"), ValueError, "base_url must be a URL"),
    (dict(registry=3), TypeError, "registry"),
]


def test_load_epochs_channel_order_and_sets(server, tmp_path):
    """Channels in another order are reordered; a different channel set is an error."""
    epochs = eegmmidb.load_epochs([1, 5], "eyes-open", **_kwargs(server, tmp_path))
    assert epochs.ch_names == standard_ch_names()
    raw = mne.io.read_raw_edf(
        _local(tmp_path, "S005/S005R01.edf"), preload=True, verbose=False
    )
    standardize(raw)
    np.testing.assert_allclose(
        epochs.get_data()[10],
        raw.get_data(picks=standard_ch_names())[:, :320],
        rtol=1e-6,
    )
    with pytest.raises(
        ValueError, match=r"S006R01\.edf has other channels .*missing \['Iz'\]"
    ):
        eegmmidb.load_epochs([1, 6], "eyes-open", **_kwargs(server, tmp_path))
    epochs = eegmmidb.load_epochs(
        [1, 6], "eyes-open", exclude=["Iz"], **_kwargs(server, tmp_path)
    )
    assert len(epochs.ch_names) == 63 and "Iz" not in epochs.ch_names


@pytest.mark.parametrize("kwargs, error, match", BAD_ARGUMENTS)
def test_load_epochs_bad_arguments(kwargs, error, match, tmp_path):
    """Wrong arguments raise before anything is downloaded."""
    defaults = dict(
        subjects=1, task="eyes", path=tmp_path, base_url="http://127.0.0.1:9/"
    )
    kwargs = dict(defaults, **kwargs)
    with pytest.raises(error, match=match):
        eegmmidb.load_epochs(kwargs.pop("subjects"), kwargs.pop("task"), **kwargs)
    assert not list(tmp_path.iterdir())


def test_fetch_data_bad_arguments(tmp_path):
    """fetch_data checks its arguments before any request."""
    with pytest.raises(
        ValueError, match=r"runs must be integers between 1 and 14, got \[0\]"
    ):
        eegmmidb.fetch_data(1, [0, 1], path=tmp_path)
    with pytest.raises(TypeError, match="progressbar"):
        eegmmidb.fetch_data(1, 1, path=tmp_path, progressbar="yes")


@pytest.mark.network
@pytest.mark.skipif(
    os.getenv("MNE_ATTENTION_TEST_NETWORK", "").lower() != "true",
    reason="touches the internet; set MNE_ATTENTION_TEST_NETWORK=true",
)
def test_fetch_from_physionet(tmp_path):
    """One real file from PhysioNet, checked against MNE's registry."""
    (path,) = eegmmidb.fetch_data(1, 1, path=tmp_path)
    assert path == _local(tmp_path, "S001/S001R01.edf") and path.stat().st_size > 1e6
    epochs = eegmmidb.load_epochs(1, "eyes-open", path=tmp_path)
    assert len(epochs) == 30 and len(epochs.ch_names) == 64
