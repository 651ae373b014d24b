"""The eegmmidb vocabulary: channels, runs, tasks, conditions and their event codes.

One fixed table, shared by :mod:`~mne_attention.datasets.eegmmidb` and
:func:`~mne_attention.datasets.simulate_epochs`, so that a condition always has
the same name and the same integer code.
"""

import functools

import numpy as np

#: Subjects, numbered from 1.
N_SUBJECTS = 109
#: Runs of every subject, numbered from 1.
N_RUNS = 14
#: The sampling rate of the recordings (but subjects 88, 92 and 100: 128 Hz).
SFREQ = 160.0

# Channel labels as stored in the PhysioNet EDF files, in file order.
EDF_CH_NAMES = (
    "Fc5. Fc3. Fc1. Fcz. Fc2. Fc4. Fc6. C5.. C3.. C1.. Cz.. C2.. C4.. C6.. "
    "Cp5. Cp3. Cp1. Cpz. Cp2. Cp4. Cp6. Fp1. Fpz. Fp2. Af7. Af3. Afz. Af4. "
    "Af8. F7.. F5.. F3.. F1.. Fz.. F2.. F4.. F6.. F8.. Ft7. Ft8. T7.. T8.. "
    "T9.. T10. Tp7. Tp8. P7.. P5.. P3.. P1.. Pz.. P2.. P4.. P6.. P8.. Po7. "
    "Po3. Poz. Po4. Po8. O1.. Oz.. O2.. Iz.."
).split()

# condition: (task, runs, annotation marking its trials or None for a whole run, code)
CONDITIONS = {
    "eyes-open": ("eyes", (1,), None, 1),
    "eyes-closed": ("eyes", (2,), None, 2),
    "left-fist": ("fist", (3, 7, 11), "T1", 3),
    "right-fist": ("fist", (3, 7, 11), "T2", 4),
    "left-fist-imagery": ("fist-imagery", (4, 8, 12), "T1", 5),
    "right-fist-imagery": ("fist-imagery", (4, 8, 12), "T2", 6),
    "both-fists": ("fists-feet", (5, 9, 13), "T1", 7),
    "both-feet": ("fists-feet", (5, 9, 13), "T2", 8),
    "both-fists-imagery": ("fists-feet-imagery", (6, 10, 14), "T1", 9),
    "both-feet-imagery": ("fists-feet-imagery", (6, 10, 14), "T2", 10),
}

#: The integer event code of every condition (stable across calls and data sets).
EVENT_ID = {name: spec[3] for name, spec in CONDITIONS.items()}

#: The conditions of every task, in code order.
TASKS = {
    task: tuple(name for name, spec in CONDITIONS.items() if spec[0] == task)
    for task in dict.fromkeys(spec[0] for spec in CONDITIONS.values())
}

#: The task recorded in every run.
RUN_TASK = {run: task for task, runs, *_ in CONDITIONS.values() for run in runs}


@functools.cache
def _standard_ch_names():
    import mne
    from mne.datasets.eegbci import standardize

    info = mne.create_info(list(EDF_CH_NAMES), SFREQ, "eeg")
    raw = mne.io.RawArray(np.zeros((len(EDF_CH_NAMES), 1)), info, verbose=False)
    standardize(raw)
    return tuple(raw.ch_names)


def standard_ch_names():
    """Return the 64 eegmmidb channel names as :func:`mne.datasets.eegbci.standardize` writes them.

    Returns
    -------
    ch_names : list of str
        E.g. ``"FC5"``, ``"Fp1"``, ``"AFz"``, ``"POz"``, in file order.
    """
    return list(_standard_ch_names())


def resolve_task(task):
    """Turn a task name, a condition name or a list of condition names into conditions.

    Parameters
    ----------
    task : str | list of str
        A key of :data:`TASKS`, a key of :data:`CONDITIONS`, or a list of
        condition names (tasks may be mixed).

    Returns
    -------
    conditions : list of str
        The condition names, in code order, without duplicates.
    """
    tasks_text = ", ".join(repr(name) for name in TASKS)
    conditions_text = ", ".join(repr(name) for name in CONDITIONS)
    expected = (
        f"one of {tasks_text}, or a condition name or list of condition names "
        f"among {conditions_text}"
    )
    if isinstance(task, str):
        names = list(TASKS[task]) if task in TASKS else [task]
    elif isinstance(task, list | tuple) and not len(task):
        raise ValueError(f"task must name at least one condition, got {task!r}")
    elif (
        isinstance(task, list | tuple)
        and len(task)
        and all(isinstance(name, str) for name in task)
    ):
        names = list(task)
    else:
        raise TypeError(f"task must be {expected}, got {task!r}")
    unknown = [name for name in names if name not in CONDITIONS]
    if unknown:
        what = repr(task) if isinstance(task, str) else f"unknown names {unknown}"
        raise ValueError(f"task must be {expected}, got {what}")
    return sorted(set(names), key=EVENT_ID.__getitem__)


def runs_of(conditions):
    """Return the runs that hold ``conditions``, sorted.

    Parameters
    ----------
    conditions : list of str
        Condition names.

    Returns
    -------
    runs : list of int
        The runs.
    """
    return sorted({run for name in conditions for run in CONDITIONS[name][1]})


def run_conditions(run, conditions):
    """Return what to cut from ``run`` for the wanted ``conditions``.

    Parameters
    ----------
    run : int
        The run.
    conditions : list of str
        The wanted condition names.

    Returns
    -------
    whole : str | None
        The condition of a baseline run (cut into fixed-length windows), or None.
    cued : dict
        Annotation description (``"T1"``/``"T2"``) -> condition, for cued runs.
    """
    whole, cued = None, {}
    for name in conditions:
        _, runs, annotation, _ = CONDITIONS[name]
        if run not in runs:
            continue
        if annotation is None:
            whole = name
        else:
            cued[annotation] = name
    return whole, cued
