"""Reading eegmmidb recordings into one labelled :class:`mne.Epochs`, a recording at a time."""

from pathlib import Path

import numpy as np
from mne.utils import logger

from ..utils._checks import check_number
from ..utils._montage import standard_1005_montage
from ._eegmmidb_tasks import CONDITIONS, EVENT_ID, RUN_TASK, run_conditions

CUED_LENGTH = 4.0  # seconds of a cued trial used by default


def check_epoch_timing(conditions, window, overlap, tmin, tmax, sfreq):
    """Check the epoch timing of :func:`~mne_attention.datasets.eegmmidb.load_epochs`.

    Parameters
    ----------
    conditions : list of str
        The wanted condition names.
    window, overlap, tmin, tmax, sfreq
        As passed to ``load_epochs`` (``sfreq`` already checked).

    Returns
    -------
    plan : dict
        ``window``, ``overlap``, ``tmin`` (floats) and ``n_times``, the
        samples of every epoch.
    """
    baseline = any(CONDITIONS[name][2] is None for name in conditions)
    cued = any(CONDITIONS[name][2] is not None for name in conditions)
    window = check_number(window, "window", low=0, closed="right")
    overlap = check_number(overlap, "overlap", low=0)
    if overlap >= window:
        raise ValueError(
            f"overlap must be smaller than window ({window:g} s), got {overlap:g}"
        )
    n_window = int(round(window * sfreq))
    if n_window < 2:
        raise ValueError(f"window must span at least 2 samples, got {window} s")
    tmin = check_number(tmin, "tmin")
    if tmax is None:
        tmax = tmin + window - 1 / sfreq if baseline else CUED_LENGTH - 1 / sfreq
    tmax = check_number(tmax, "tmax", must_be="float or None")
    if not tmax > tmin:
        raise ValueError(f"tmax must be greater than tmin ({tmin:g}), got {tmax:g}")
    n_cued = int(round((tmax - tmin) * sfreq)) + 1
    if baseline and cued and n_cued != n_window:
        raise ValueError(
            f"tmax must give epochs as long as window when baseline and cued conditions "
            f"are mixed: window={window} s is {n_window} samples, tmin={tmin} and "
            f"tmax={tmax} give {n_cued}; pass tmax={tmin + (n_window - 1) / sfreq!r}"
        )
    n_times = n_cued if cued else n_window
    return dict(window=window, overlap=overlap, tmin=tmin, n_times=n_times)


def _read_raw(fname, exclude):
    """Read one EDF header, standardise its channel names and drop ``exclude``."""
    import mne
    from mne.datasets.eegbci import standardize

    raw = mne.io.read_raw_edf(fname, preload=False, verbose=False)
    standardize(raw)
    raw.drop_channels(exclude, on_missing="ignore")
    return raw


def _plan_recordings(subjects, runs, paths, conditions, plan, exclude, sfreq, other):
    """First pass, headers only: which recordings to load, and at most how many epochs each.

    Checks that all recordings have the same channels (after ``exclude``) and
    leaves out subjects with other sampling rates if asked. Keeps no header.
    """
    recordings, ch_names = [], None
    for i, subject in enumerate(subjects):
        fnames = paths[i * len(runs) : (i + 1) * len(runs)]
        raws = [_read_raw(fname, exclude) for fname in fnames]
        rates = sorted({raw.info["sfreq"] for raw in raws})
        if other == "exclude" and any(not np.isclose(rate, sfreq) for rate in rates):
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


def read_recordings(paths, subjects, runs, conditions, plan, options):
    """Read the fetched recordings into one labelled :class:`mne.EpochsArray`.

    A first pass reads only the headers, to check channels and sampling rates
    and to size the result; the second loads one recording at a time and
    writes its epochs straight into the result.

    Parameters
    ----------
    paths : list of pathlib.Path
        The EDF files, subject by subject, runs in the order of ``runs``.
    subjects, runs : list of int
        The checked subjects and runs.
    conditions : list of str
        The wanted condition names.
    plan : dict
        From :func:`check_epoch_timing`.
    options : dict
        The checked ``task``, ``exclude``, ``l_freq``, ``h_freq``, ``sfreq``
        and ``on_other_sfreq`` of ``load_epochs``.

    Returns
    -------
    epochs : instance of mne.EpochsArray
        As :func:`~mne_attention.datasets.eegmmidb.load_epochs` describes.
    """
    import mne
    import pandas as pd

    exclude, sfreq = options["exclude"], options["sfreq"]
    recordings, ch_names = _plan_recordings(
        subjects,
        runs,
        paths,
        conditions,
        plan,
        exclude,
        sfreq,
        options["on_other_sfreq"],
    )
    what = f"task {options['task']!r} from subjects {subjects}"
    if not recordings:
        raise ValueError(
            f"No epochs for {what} (on_other_sfreq={options['on_other_sfreq']!r})"
        )
    # The result is written recording by recording into one float64 array, sized
    # from the headers (an upper bound: pages past the last epoch are never touched).
    n_max = sum(recording[-1] for recording in recordings)
    data = np.empty((n_max, len(ch_names), plan["n_times"]))
    n_epochs, events, rows, highpass, lowpass, offset = 0, [], [], 0.0, np.inf, 0
    with mne.utils.ProgressBar(len(recordings), mesg="Loading eegmmidb") as progress:
        for subject, run, fname, _ in recordings:
            raw = _read_raw(fname, exclude)
            raw.reorder_channels(ch_names)
            _load_filter_resample(raw, options["l_freq"], options["h_freq"], sfreq)
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
        raise ValueError(f"No epochs for {what}")
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
        np.concatenate(events),
        tmin=plan["tmin"] if cued else 0.0,
        event_id={name: EVENT_ID[name] for name in conditions if name in found},
        metadata=metadata,
        verbose=False,
    )
