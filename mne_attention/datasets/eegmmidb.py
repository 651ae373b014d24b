"""PhysioNet EEG Motor Movement/Imagery data set (eegmmidb) as labelled :class:`mne.Epochs`.

109 subjects, 64 EEG channels at 160 Hz (subjects 88, 92 and 100 at 128 Hz),
14 runs each (Schalk et al., 2004; Goldberger et al., 2000). Files are stored
exactly where :func:`mne.datasets.eegbci.load_data` stores them, so either
package reuses what the other downloaded.

=========  ========================  ===========================================================
runs       ``task``                  conditions (annotation)
=========  ========================  ===========================================================
1          ``"eyes"``                ``"eyes-open"`` (whole run)
2          ``"eyes"``                ``"eyes-closed"`` (whole run)
3, 7, 11   ``"fist"``                ``"left-fist"`` (T1), ``"right-fist"`` (T2)
4, 8, 12   ``"fist-imagery"``        ``"left-fist-imagery"`` (T1), ``"right-fist-imagery"`` (T2)
5, 9, 13   ``"fists-feet"``          ``"both-fists"`` (T1), ``"both-feet"`` (T2)
6, 10, 14  ``"fists-feet-imagery"``  ``"both-fists-imagery"`` (T1), ``"both-feet-imagery"`` (T2)
=========  ========================  ===========================================================

T0 (rest between cues) is not used. :data:`EVENT_ID` gives every condition a
fixed integer code.
"""

import time
from pathlib import Path

from mne.utils import _check_option, _validate_type, logger, verbose

from ..utils._checks import check_int, check_int_list, check_number
from ._download import default_progressbar, fetch_file, make_fetcher, pooch_log_level
from ._eegmmidb_epochs import check_epoch_timing, read_recordings
from ._eegmmidb_tasks import (
    EVENT_ID,
    N_RUNS,
    N_SUBJECTS,
    SFREQ,
    TASKS,
    resolve_task,
    runs_of,
    standard_ch_names,
)

__all__ = [
    "CONFIG_KEY",
    "EEGMMIDB_URL",
    "EVENT_ID",
    "N_RUNS",
    "N_SUBJECTS",
    "SFREQ",
    "TASKS",
    "fetch_data",
    "load_epochs",
    "remote_fname",
]

#: Where PhysioNet serves the files (the URL MNE uses).
EEGMMIDB_URL = "https://physionet.org/files/eegmmidb/1.0.0/"
#: The MNE config key (or environment variable) naming the download folder.
CONFIG_KEY = "MNE_DATASETS_EEGBCI_PATH"
# MNE's layout under that folder: <path>/MNE-eegbci-data/files/eegmmidb/1.0.0/S001/S001R01.edf
_SUBFOLDER = ("MNE-eegbci-data", "files", "eegmmidb", "1.0.0")


def remote_fname(subject, run):
    """Return the file name of one recording relative to the data set's root.

    Parameters
    ----------
    subject : int
        Subject, 1 to 109.
    run : int
        Run, 1 to 14.

    Returns
    -------
    fname : str
        E.g. ``"S001/S001R01.edf"``.
    """
    subject = check_int(subject, "subject", minimum=1, maximum=N_SUBJECTS)
    run = check_int(run, "run", minimum=1, maximum=N_RUNS)
    return f"S{subject:03d}/S{subject:03d}R{run:02d}.edf"


def _check_base_url(base_url):
    if base_url is None:
        return EEGMMIDB_URL
    _validate_type(base_url, str, "base_url")
    if "://" not in base_url:
        raise ValueError(
            f"base_url must be a URL such as {EEGMMIDB_URL!r}, got {base_url!r}"
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def check_path(path):
    """Refuse a data folder that is not a path or names a file.

    Parameters
    ----------
    path : None | path-like
        The ``path`` of :func:`fetch_data` (not created here).
    """
    _validate_type(path, (None, "path-like"), "path")
    if path is not None and Path(path).expanduser().is_file():
        raise NotADirectoryError(f"path must be a folder, got the file {path}")


def _local_folder(path):
    """Return ``<path>/MNE-eegbci-data/files/eegmmidb/1.0.0`` (MNE's layout and config key)."""
    from mne.datasets.utils import _get_path

    check_path(path)
    return Path(_get_path(path, CONFIG_KEY, "EEGBCI"), *_SUBFOLDER)


@verbose
def fetch_data(
    subjects,
    runs,
    path=None,
    base_url=None,
    *,
    registry=None,
    force_update=False,
    update_path=False,
    progressbar=None,
    verbose=None,
):
    """Download eegmmidb EDF files (if needed), checking each against its sha256.

    Files go to ``<path>/MNE-eegbci-data/files/eegmmidb/1.0.0/S001/S001R01.edf``,
    the layout of :func:`mne.datasets.eegbci.load_data`, so files either
    downloaded are reused by the other. A local file whose sha256 matches
    costs no network request; one that does not match is downloaded again. A
    download is written to a temporary file and renamed only once its hash
    matches; a failed download is tried once more, then an error names the
    file.

    Parameters
    ----------
    subjects : int | list of int
        Subjects, 1 to 109.
    runs : int | list of int
        Runs, 1 to 14 (see :mod:`mne_attention.datasets.eegmmidb`).
    path : None | path-like
        Data folder. None uses the MNE config key or environment variable
        ``MNE_DATASETS_EEGBCI_PATH``, then ``MNE_DATA``, then ``~/mne_data``
        (as MNE does).
    base_url : None | str
        Where the files are served, laid out as ``S001/S001R01.edf``. None uses
        PhysioNet (:data:`EEGMMIDB_URL`); a mirror or a test server also works.
    registry : None | dict | path-like
        Known hashes. None reads the registry MNE ships for this data set
        (``mne/data/eegbci_checksums.txt``). A dict maps file names such as
        ``"S001/S001R01.edf"`` to sha256 hex digests; a path names a file in
        pooch's registry format.
    force_update : bool
        Download even when a valid local copy exists.
    update_path : bool
        If True, store the data folder under ``MNE_DATASETS_EEGBCI_PATH`` in the
        MNE config.
    progressbar : None | bool
        Show a progress bar while downloading. None shows one at info
        verbosity unless ``MNE_TQDM`` is ``"off"``.
    %(verbose)s

    Returns
    -------
    paths : list of pathlib.Path
        The local files, subject by subject, runs in the given order.

    Raises
    ------
    ValueError
        A subject or run out of range, a file missing from the registry, or a
        file whose download twice failed its hash check.
    FileNotFoundError
        The server does not have a file (HTTP 4xx).
    ConnectionError
        A file could not be downloaded twice in a row (network, HTTP 5xx).
    """
    subjects = check_int_list(subjects, "subjects", minimum=1, maximum=N_SUBJECTS)
    runs = check_int_list(runs, "runs", minimum=1, maximum=N_RUNS)
    base_url = _check_base_url(base_url)
    _validate_type(force_update, bool, "force_update")
    _validate_type(update_path, bool, "update_path")
    _validate_type(progressbar, (None, bool), "progressbar")
    if progressbar is None:
        progressbar = default_progressbar()
    folder = _local_folder(path)
    fetcher = make_fetcher(folder, base_url, registry)
    fnames = [remote_fname(subject, run) for subject in subjects for run in runs]
    missing = [fname for fname in fnames if fname not in fetcher.registry]
    if missing:
        raise ValueError(
            f"{', '.join(missing)} not in the registry of known sha256 hashes; pass a "
            "registry that lists them"
        )

    t0, n_bytes, paths = time.perf_counter(), 0, []
    with pooch_log_level():
        for fname in fnames:
            local = folder / fname
            if force_update:
                local.unlink(missing_ok=True)
            before = local.stat().st_mtime_ns if local.exists() else None
            local = fetch_file(fetcher, fname, progressbar=progressbar)
            if before is None or local.stat().st_mtime_ns != before:
                n_bytes += local.stat().st_size
            paths.append(local)
    if n_bytes:
        logger.info(
            f"Downloaded {n_bytes / 1e6:.1f} MB of eegmmidb data to {folder} "
            f"in {time.perf_counter() - t0:.1f} s"
        )
    if update_path:
        from mne import set_config

        set_config(CONFIG_KEY, str(folder.parents[len(_SUBFOLDER) - 1]), set_env=False)
    return paths


def _check_frequency(value, name):
    if value is None:
        return None
    return check_number(value, name, low=0, closed="right", must_be="float or None")


def _check_exclude(exclude):
    if isinstance(exclude, str):
        exclude = [exclude]
    _validate_type(exclude, (list, tuple), "exclude")
    exclude = list(exclude)
    for k, name in enumerate(exclude):
        _validate_type(name, str, f"exclude[{k}]")
    known = standard_ch_names()
    unknown = [name for name in exclude if name not in known]
    if unknown:
        raise ValueError(
            f"exclude must hold eegmmidb channel names ({', '.join(known)}), "
            f"got unknown {unknown}"
        )
    if len(set(exclude)) == len(known):
        raise ValueError("exclude must leave at least one channel, got all 64")
    return exclude


@verbose
def load_epochs(
    subjects,
    task,
    *,
    runs=None,
    l_freq=None,
    h_freq=None,
    window=2.0,
    overlap=0.0,
    tmin=0.0,
    tmax=None,
    exclude=(),
    sfreq=SFREQ,
    on_other_sfreq="resample",
    path=None,
    base_url=None,
    registry=None,
    force_update=False,
    verbose=None,
):
    """Load eegmmidb recordings as one labelled :class:`mne.Epochs` (downloading if needed).

    Each recording is read, its channel names standardised
    (:func:`mne.datasets.eegbci.standardize`), ``exclude`` dropped, optionally
    band-pass filtered (on the continuous recording, before epoching),
    resampled to ``sfreq`` if needed, and cut into epochs written into the
    result before the next recording is read, so the recordings are never all
    in memory at once.

    Parameters
    ----------
    subjects : int | list of int
        Subjects, 1 to 109.
    task : str | list of str
        ``"eyes"`` (runs 1 and 2: eyes-open, eyes-closed), ``"fist"``
        (runs 3, 7, 11: left-fist, right-fist), ``"fist-imagery"`` (4, 8, 12),
        ``"fists-feet"`` (5, 9, 13: both-fists, both-feet) or
        ``"fists-feet-imagery"`` (6, 10, 14); or a condition name, or a list of
        condition names (see :data:`EVENT_ID`) that may mix tasks, e.g.
        ``["eyes-closed", "left-fist"]``.
    runs : None | int | list of int
        Load only these runs of the task (default: all its runs).
    l_freq, h_freq : None | float
        Band-pass edges in Hz, applied with :meth:`mne.io.Raw.filter` to each
        continuous recording before epoching. None for both: no filtering.
    window : float
        Length in seconds of the windows cut from the baseline runs (1 and 2).
    overlap : float
        Overlap in seconds of consecutive baseline windows (``0 <= overlap <
        window``).
    tmin : float
        Start of cued epochs relative to the T1/T2 onset, in seconds.
    tmax : None | float
        End of cued epochs (included). None gives 4 s of data,
        ``4 - 1 / sfreq``, so that every epoch has the same number of samples
        (640 at 160 Hz). When baseline and cued conditions are mixed, epochs
        must have the same length: None then gives ``tmin + window - 1 / sfreq``.
    exclude : list of str
        Channels to drop (standardised names), e.g. ``["T9", "T10", "Iz"]`` as
        in the original study. All recordings must have the same channels
        once these are dropped.
    sfreq : float
        The sampling frequency of the result.
    on_other_sfreq : "resample" | "exclude"
        What to do with recordings not at ``sfreq`` (in eegmmidb, subjects 88,
        92 and 100 are at 128 Hz): resample them (noted in the log), or leave
        out every subject that has one.
    path : None | path-like
        Data folder; None uses ``MNE_DATASETS_EEGBCI_PATH`` (see
        :func:`fetch_data`).
    base_url : None | str
        Where to download from; None is PhysioNet (see :func:`fetch_data`).
    registry : None | dict | path-like
        Known sha256 hashes; None is MNE's registry (see :func:`fetch_data`).
    force_update : bool
        Download even the files already present.
    %(verbose)s

    Returns
    -------
    epochs : instance of mne.EpochsArray
        The epochs of all subjects, in the order subject, run, time. ``event_id``
        maps the condition names found to their fixed codes (:data:`EVENT_ID`);
        ``metadata`` has columns ``subject``, ``run``, ``condition`` and
        ``task``. Channels carry the 10-05 template montage. No baseline
        correction is applied. Baseline-run epochs start at ``tmin`` on the
        time axis when mixed with cued conditions (their windows are not
        time-locked to anything).

    Notes
    -----
    Memory: a first pass reads only the file headers, to check channels and
    sampling rates and to size the result; the second loads one recording at
    a time and writes its epochs straight into the (float64) result. Peak
    memory is thus about the size of the returned epochs plus one recording
    (a few tens of MB). Twenty subjects of ``task="eyes"`` (2 x 30 windows of
    64 x 320 samples each) make epochs of about 200 MB.
    """
    subjects = check_int_list(subjects, "subjects", minimum=1, maximum=N_SUBJECTS)
    conditions = resolve_task(task)
    task_runs = runs_of(conditions)
    if runs is None:
        runs = task_runs
    else:
        runs = check_int_list(runs, "runs", minimum=1, maximum=N_RUNS)
        foreign = [run for run in runs if run not in task_runs]
        if foreign:
            raise ValueError(
                f"runs must be runs of task {task!r} ({task_runs}), got {foreign}"
            )
    sfreq = check_number(sfreq, "sfreq", low=0, closed="right")
    _validate_type(on_other_sfreq, str, "on_other_sfreq")
    _check_option("on_other_sfreq", on_other_sfreq, ("resample", "exclude"))
    options = dict(
        task=task,
        exclude=_check_exclude(exclude),
        l_freq=_check_frequency(l_freq, "l_freq"),
        h_freq=_check_frequency(h_freq, "h_freq"),
        sfreq=sfreq,
        on_other_sfreq=on_other_sfreq,
    )
    plan = check_epoch_timing(conditions, window, overlap, tmin, tmax, sfreq)
    paths = fetch_data(
        subjects,
        runs,
        path=path,
        base_url=base_url,
        registry=registry,
        force_update=force_update,
    )
    return read_recordings(paths, subjects, runs, conditions, plan, options)
