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

import numpy as np
from mne.utils import _check_option, _ensure_int, _validate_type, logger, verbose

from ._download import default_progressbar, fetch_file, make_fetcher, pooch_log_level
from ._eegmmidb_tasks import (
    CONDITIONS,
    EVENT_ID,
    N_RUNS,
    N_SUBJECTS,
    RUN_TASK,
    TASKS,
    resolve_task,
    run_conditions,
    runs_of,
    standard_ch_names,
)

__all__ = [
    "CONFIG_KEY",
    "EEGMMIDB_URL",
    "EVENT_ID",
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
_CUED_LENGTH = 4.0  # seconds of a cued trial used by default


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
    subject = _check_int(subject, "subject", N_SUBJECTS)
    run = _check_int(run, "run", N_RUNS)
    return f"S{subject:03d}/S{subject:03d}R{run:02d}.edf"


def _check_int(value, name, high):
    """Return ``value`` as an int within 1..high."""
    value = _ensure_int(value, name)
    if not 1 <= value <= high:
        raise ValueError(f"{name} must be an integer between 1 and {high}, got {value}")
    return value


def _check_int_list(values, name, high):
    """Return ``values`` (an int or iterable of ints) as a new list within 1..high."""
    if isinstance(values, int | np.integer) and not isinstance(values, bool):
        values = [values]
    elif isinstance(values, str) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be an int or a list of int, got {values!r}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} must not be empty, got {values!r}")
    bad_types = [
        v for v in values if isinstance(v, bool) or not isinstance(v, int | np.integer)
    ]
    if bad_types:
        raise TypeError(f"{name} must be integers, got {bad_types!r}")
    values = [int(v) for v in values]
    out_of_range = [v for v in values if not 1 <= v <= high]
    if out_of_range:
        raise ValueError(
            f"{name} must be integers between 1 and {high}, got {out_of_range}"
        )
    return list(dict.fromkeys(values))  # without duplicates, in the given order


def _check_base_url(base_url):
    if base_url is None:
        return EEGMMIDB_URL
    _validate_type(base_url, str, "base_url")
    if "://" not in base_url:
        raise ValueError(
            f"base_url must be a URL such as {EEGMMIDB_URL!r}, got {base_url!r}"
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def _local_folder(path):
    """Return ``<path>/MNE-eegbci-data/files/eegmmidb/1.0.0`` (MNE's layout and config key)."""
    from mne.datasets.utils import _get_path

    _validate_type(path, (None, "path-like"), "path")
    if path is not None and Path(path).expanduser().is_file():
        raise NotADirectoryError(f"path must be a folder, got the file {path}")
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
    subjects = _check_int_list(subjects, "subjects", N_SUBJECTS)
    runs = _check_int_list(runs, "runs", N_RUNS)
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


def _check_number(value, name, *, minimum=None, allow_none=False):
    _validate_type(value, ("numeric", None) if allow_none else "numeric", name)
    if value is None:
        return None
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    if minimum is not None and not value > minimum:
        raise ValueError(f"{name} must be greater than {minimum}, got {value}")
    return value


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


def _epoch_lengths(conditions, window, overlap, tmin, tmax, sfreq):
    """Check the epoch timing and return (window, overlap, tmin, tmax, n_times)."""
    baseline = any(CONDITIONS[name][2] is None for name in conditions)
    cued = any(CONDITIONS[name][2] is not None for name in conditions)
    window = _check_number(window, "window", minimum=0)
    overlap = _check_number(overlap, "overlap")
    if not 0 <= overlap < window:
        raise ValueError(
            f"overlap must be >= 0 and smaller than window ({window} s), got {overlap}"
        )
    n_window = int(round(window * sfreq))
    if n_window < 2:
        raise ValueError(f"window must span at least 2 samples, got {window} s")
    tmin = _check_number(tmin, "tmin")
    tmax = _check_number(tmax, "tmax", allow_none=True)
    if tmax is None:
        tmax = tmin + window - 1 / sfreq if baseline else _CUED_LENGTH - 1 / sfreq
    if not tmax > tmin:
        raise ValueError(f"tmax must be greater than tmin ({tmin}), got {tmax}")
    n_cued = int(round((tmax - tmin) * sfreq)) + 1
    if baseline and cued and n_cued != n_window:
        raise ValueError(
            f"tmax must give epochs as long as window when baseline and cued conditions "
            f"are mixed: window={window} s is {n_window} samples, tmin={tmin} and "
            f"tmax={tmax} give {n_cued}; pass tmax={tmin + (n_window - 1) / sfreq!r}"
        )
    n_times = n_cued if cued else n_window
    return window, overlap, tmin, tmax, n_times


def _read_raw(fname, exclude):
    """Read one EDF header, standardise its channel names and drop ``exclude``."""
    import mne
    from mne.datasets.eegbci import standardize

    raw = mne.io.read_raw_edf(fname, preload=False, verbose=False)
    standardize(raw)
    raw.drop_channels(exclude, on_missing="ignore")
    return raw


def _plan_recordings(
    subjects, runs, paths, conditions, plan, exclude, sfreq, on_other_sfreq
):
    """First pass, headers only: which recordings to load, and at most how many epochs each.

    Checks that all recordings have the same channels (after ``exclude``) and
    leaves out subjects with other sampling rates if asked. Keeps no header.
    """
    recordings, ch_names = [], None
    for i, subject in enumerate(subjects):
        fnames = paths[i * len(runs) : (i + 1) * len(runs)]
        raws = [_read_raw(fname, exclude) for fname in fnames]
        rates = sorted({raw.info["sfreq"] for raw in raws})
        if on_other_sfreq == "exclude" and any(
            not np.isclose(rate, sfreq) for rate in rates
        ):
            logger.info(
                f"Leaving out subject {subject}: recorded at "
                f"{', '.join(f'{rate:g}' for rate in rates)} Hz, not {sfreq:g} Hz"
            )
            continue
        for run, fname, raw in zip(runs, fnames, raws):
            if ch_names is None:
                ch_names = raw.ch_names
            elif set(raw.ch_names) != set(ch_names):
                raise ValueError(
                    f"{fname.name} has other channels than the first recording: "
                    f"missing {sorted(set(ch_names) - set(raw.ch_names))}, "
                    f"extra {sorted(set(raw.ch_names) - set(ch_names))}"
                )
            n_max = _max_epochs(raw, run, conditions, plan, sfreq)
            recordings.append((subject, run, fname, n_max))
    return recordings, ch_names


def _max_epochs(raw, run, conditions, plan, sfreq):
    """Return an upper bound on the epochs of one recording, from its header."""
    whole, cued = run_conditions(run, conditions)
    if whole is None:
        return int(np.isin(raw.annotations.description, list(cued)).sum())
    n_samples = int(np.ceil(raw.n_times * sfreq / raw.info["sfreq"]))
    last_start = n_samples - plan["n_times"]  # as mne.make_fixed_length_events counts
    if last_start < 0:
        return 0
    return len(np.arange(0, last_start + 1, (plan["window"] - plan["overlap"]) * sfreq))


def _load_filter_resample(raw, l_freq, h_freq, sfreq):
    """Load one recording, band-pass filter it if asked, resample it if needed (in place)."""
    raw.load_data(verbose=False)
    if l_freq is not None or h_freq is not None:
        raw.filter(l_freq, h_freq, picks="eeg", verbose=False)
    if not np.isclose(raw.info["sfreq"], sfreq):
        logger.info(
            f"Resampling {Path(raw.filenames[0]).name} from {raw.info['sfreq']:g} Hz "
            f"to {sfreq:g} Hz"
        )
        raw.resample(sfreq, verbose=False)


def _epochs_of_recording(raw, run, conditions, plan):
    """Cut one (loaded, filtered, resampled) recording into epochs."""
    import mne

    whole, cued = run_conditions(run, conditions)
    sfreq = raw.info["sfreq"]
    if whole is not None:
        if raw.n_times < plan["n_times"]:
            return None  # shorter than one window
        code = EVENT_ID[whole]
        events = mne.make_fixed_length_events(
            raw, id=code, duration=plan["window"], overlap=plan["overlap"]
        )
        event_id = {whole: code}
        tmin = 0.0
    else:
        event_id = {name: EVENT_ID[name] for name in cued.values()}
        events, _ = mne.events_from_annotations(
            raw,
            event_id={ann: EVENT_ID[name] for ann, name in cued.items()},
            verbose=False,
        )
        tmin = plan["tmin"]
        if not len(events):
            return None
    epochs = mne.Epochs(
        raw,
        events,
        event_id=event_id,
        tmin=tmin,
        tmax=tmin + (plan["n_times"] - 1) / sfreq,
        baseline=None,
        proj=False,
        preload=True,
        on_missing="ignore",
        verbose=False,
    )
    if not len(epochs):
        return None
    assert len(epochs.times) == plan["n_times"]
    return epochs


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
    sfreq=160.0,
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
    import mne
    import pandas as pd

    from ..utils._montage import standard_1005_montage

    subjects = _check_int_list(subjects, "subjects", N_SUBJECTS)
    conditions = resolve_task(task)
    task_runs = runs_of(conditions)
    if runs is None:
        runs = task_runs
    else:
        runs = _check_int_list(runs, "runs", N_RUNS)
        foreign = [run for run in runs if run not in task_runs]
        if foreign:
            raise ValueError(
                f"runs must be runs of task {task!r} ({task_runs}), got {foreign}"
            )
    sfreq = _check_number(sfreq, "sfreq", minimum=0)
    _validate_type(on_other_sfreq, str, "on_other_sfreq")
    _check_option("on_other_sfreq", on_other_sfreq, ("resample", "exclude"))
    exclude = _check_exclude(exclude)
    l_freq = _check_number(l_freq, "l_freq", minimum=0, allow_none=True)
    h_freq = _check_number(h_freq, "h_freq", minimum=0, allow_none=True)
    window, overlap, tmin, tmax, n_times = _epoch_lengths(
        conditions, window, overlap, tmin, tmax, sfreq
    )
    plan = dict(window=window, overlap=overlap, tmin=tmin, n_times=n_times)

    paths = fetch_data(
        subjects,
        runs,
        path=path,
        base_url=base_url,
        registry=registry,
        force_update=force_update,
    )
    recordings, ch_names = _plan_recordings(
        subjects, runs, paths, conditions, plan, exclude, sfreq, on_other_sfreq
    )
    if not recordings:
        raise ValueError(
            f"No epochs for task {task!r} from subjects {subjects} "
            f"(on_other_sfreq={on_other_sfreq!r})"
        )
    # The result is written recording by recording into one float64 array, sized
    # from the headers (an upper bound: pages past the last epoch are never touched).
    n_max = sum(recording[-1] for recording in recordings)
    data = np.empty((n_max, len(ch_names), n_times))
    n_epochs, events, rows, highpass, lowpass, offset = 0, [], [], 0.0, np.inf, 0
    with mne.utils.ProgressBar(len(recordings), mesg="Loading eegmmidb") as progress:
        for subject, run, fname, _ in recordings:
            raw = _read_raw(fname, exclude)
            raw.reorder_channels(ch_names)
            _load_filter_resample(raw, l_freq, h_freq, sfreq)
            epochs = _epochs_of_recording(raw, run, conditions, plan)
            if epochs is not None:
                stop = n_epochs + len(epochs)
                assert stop <= n_max  # the header-based bound holds
                data[n_epochs:stop] = epochs.get_data(copy=False)
                n_epochs = stop
                ev = epochs.events.copy()
                ev[:, 0] += offset - raw.first_samp
                events.append(ev)
                codes = {code: name for name, code in epochs.event_id.items()}
                rows.extend(
                    (subject, run, codes[code], RUN_TASK[run]) for code in ev[:, 2]
                )
                highpass = max(highpass, epochs.info["highpass"])
                lowpass = min(lowpass, epochs.info["lowpass"])
            offset += raw.n_times
            del raw, epochs
            progress.update_with_increment_value(1)

    if not n_epochs:
        raise ValueError(f"No epochs for task {task!r} from subjects {subjects}")
    events = np.concatenate(events)
    metadata = pd.DataFrame(rows, columns=["subject", "run", "condition", "task"])
    found = set(metadata["condition"])
    for name in conditions:
        if name not in found:
            mne.utils.warn(f"No epochs of condition {name!r} in subjects {subjects}")
    info = mne.create_info(ch_names, sfreq, "eeg")
    info.set_montage(standard_1005_montage())
    with info._unlock():
        info["highpass"], info["lowpass"] = highpass, lowpass
    cued = any(CONDITIONS[name][2] is not None for name in conditions)
    return mne.EpochsArray(
        data[:n_epochs],  # a view: no copy
        info,
        events,
        tmin=tmin if cued else 0.0,
        event_id={name: EVENT_ID[name] for name in conditions if name in found},
        metadata=metadata,
        verbose=False,
    )
