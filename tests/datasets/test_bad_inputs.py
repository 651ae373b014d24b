"""Bad inputs to the data sets: simulate_epochs and eegmmidb.

One table: each row is a call of simulate_epochs, eegmmidb.remote_fname,
eegmmidb.fetch_data or eegmmidb.load_epochs with one wrong argument, the
exception it must raise and a pattern that the message must match (the
argument's name and what was expected, mostly also what was given). Every row
also checks that the call left what the user passed and the files in the test
folder unchanged and that nothing went to the network: bad input is refused
before any download (``tests/bad_inputs.py``).
"""

import numpy as np
import pytest

from mne_attention.datasets import eegmmidb, simulate_epochs

from ..bad_inputs import Forbidden, Rows, call, check_refused

pytestmark = pytest.mark.usefixtures("no_downloads_no_rendering")
ROWS = Rows()
add = ROWS.add

# datasets.simulate_epochs ---------------------------------------------------
T = "simulate_epochs"
for _name, _kwargs, _error, _match in [
    (
        "task-unknown",
        dict(task="walk"),
        ValueError,
        r"Invalid value for the 'task' parameter\. Allowed values are 'eyes' and "
        r"'motor', but got 'walk'",
    ),
    (
        "task-case",
        dict(task="Eyes"),
        ValueError,
        r"Invalid value for the 'task' parameter.*but got 'Eyes'",
    ),
    (
        "task-None",
        dict(task=None),
        TypeError,
        r"task must be an instance of str, got None",
    ),
    (
        "task-list",
        dict(task=["eyes"]),
        TypeError,
        r"task must be an instance of str, got <class 'list'>",
    ),
    (
        "n_subjects-zero",
        dict(n_subjects=0),
        ValueError,
        r"n_subjects must be at least 1, got 0",
    ),
    (
        "n_subjects-negative",
        dict(n_subjects=-2),
        ValueError,
        r"n_subjects must be at least 1, got -2",
    ),
    (
        "n_subjects-float",
        dict(n_subjects=1.5),
        TypeError,
        r"n_subjects must be an int, got <class 'float'>",
    ),
    (
        "n_subjects-str",
        dict(n_subjects="2"),
        TypeError,
        r"n_subjects must be an int, got <class 'str'>",
    ),
    (
        "n_subjects-bool",
        dict(n_subjects=True),
        TypeError,
        r"n_subjects must be an int, got <class 'bool'>",
    ),
    (
        "n_epochs_per_class-zero",
        dict(n_epochs_per_class=0),
        ValueError,
        r"n_epochs_per_class must be at least 1, got 0",
    ),
    (
        "n_epochs_per_class-None",
        dict(n_epochs_per_class=None),
        TypeError,
        r"n_epochs_per_class must be an int, got <class 'NoneType'>",
    ),
    (
        "sfreq-low",
        dict(sfreq=50),
        ValueError,
        r"sfreq must be in \[80, inf\], got 50",
    ),
    (
        "sfreq-inf",
        dict(sfreq=np.inf),
        ValueError,
        r"sfreq must be a finite number, got inf",
    ),
    (
        "sfreq-nan",
        dict(sfreq=np.nan),
        ValueError,
        r"sfreq must be a finite number, got nan",
    ),
    (
        "sfreq-str",
        dict(sfreq="160"),
        TypeError,
        r"sfreq must be an instance of float, got <class 'str'>",
    ),
    (
        "tmax-short",
        dict(tmax=0.1),
        ValueError,
        r"tmax must be at least 0\.5 s, got 0\.1",
    ),
    (
        "tmax-inf",
        dict(tmax=np.inf),
        ValueError,
        r"tmax must be a finite number, got inf",
    ),
    (
        "tmax-str",
        dict(tmax="2"),
        TypeError,
        r"tmax must be an instance of float or None, got <class 'str'>",
    ),
    ("snr-negative", dict(snr=-1), ValueError, r"snr must be in \[0, inf\], got -1"),
    ("snr-nan", dict(snr=np.nan), ValueError, r"snr must be a finite number, got nan"),
    ("snr-inf", dict(snr=np.inf), ValueError, r"snr must be a finite number, got inf"),
    (
        "snr-str",
        dict(snr="high"),
        TypeError,
        r"snr must be an instance of float, got <class 'str'>",
    ),
    (
        "random_state-str",
        dict(random_state="seed"),
        TypeError,
        r"random_state must be an instance of None, int or numpy\.random\.RandomState, "
        r"got <class 'str'>",
    ),
    (
        "random_state-float",
        dict(random_state=1.5),
        TypeError,
        r"random_state must be an instance of None, int .*got <class 'float'>",
    ),
    (
        "random_state-bool",
        dict(random_state=True),
        TypeError,
        r"random_state must be an instance of None, int .*got <class 'bool'>",
    ),
    (
        "random_state-negative",
        dict(random_state=-1),
        ValueError,
        r"random_state must be between 0 and 4294967295, got -1",
    ),
    (
        "random_state-huge",
        dict(random_state=2**40),
        ValueError,
        r"random_state must be between 0 and 4294967295, got 1099511627776",
    ),
    (
        "verbose",
        dict(verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    ),
    (
        "unknown-keyword",
        dict(n_channels=8),
        TypeError,
        r"unexpected keyword argument 'n_channels'",
    ),
]:
    add(T, _name, lambda ns, kw=_kwargs: call(simulate_epochs, **kw), _error, _match)

# datasets.eegmmidb.remote_fname(subject, run) -------------------------------
T = "eegmmidb.remote_fname"
for _name, _args, _error, _match in [
    (
        "subject-zero",
        (0, 1),
        ValueError,
        r"subject must be between 1 and 109, got 0",
    ),
    (
        "subject-too-large",
        (110, 1),
        ValueError,
        r"subject must be between 1 and 109, got 110",
    ),
    (
        "subject-negative",
        (-1, 1),
        ValueError,
        r"subject must be between 1 and 109, got -1",
    ),
    ("subject-str", ("1", 1), TypeError, r"subject must be an int, got <class 'str'>"),
    (
        "subject-float",
        (1.0, 1),
        TypeError,
        r"subject must be an int, got <class 'float'>",
    ),
    (
        "subject-None",
        (None, 1),
        TypeError,
        r"subject must be an int, got <class 'NoneType'>",
    ),
    (
        "subject-bool",
        (True, 1),
        TypeError,
        r"subject must be an int, got <class 'bool'>",
    ),
    (
        "subject-list",
        ([1], 1),
        TypeError,
        r"subject must be an int, got <class 'list'>",
    ),
    ("run-zero", (1, 0), ValueError, r"run must be between 1 and 14, got 0"),
    (
        "run-too-large",
        (1, 15),
        ValueError,
        r"run must be between 1 and 14, got 15",
    ),
    ("run-str", (1, "1"), TypeError, r"run must be an int, got <class 'str'>"),
    ("run-float", (1, 1.0), TypeError, r"run must be an int, got <class 'float'>"),
    (
        "run-numpy-float",
        (1, np.float64(1)),
        TypeError,
        r"run must be an int, got <class 'numpy\.float64'>",
    ),
    ("run-None", (1, None), TypeError, r"run must be an int, got <class 'NoneType'>"),
    ("run-tuple", (1, (1,)), TypeError, r"run must be an int, got <class 'tuple'>"),
]:
    add(T, _name, lambda ns, a=_args: call(eegmmidb.remote_fname, *a), _error, _match)

# datasets.eegmmidb.fetch_data(subjects, runs, path, base_url, ...) ----------
T = "eegmmidb.fetch_data"
_SUBJECTS_RUNS = [
    (
        "subjects-zero",
        dict(subjects=0),
        ValueError,
        r"subjects must be integers between 1 and 109, got \[0\]",
    ),
    (
        "subjects-too-large",
        dict(subjects=[1, 110]),
        ValueError,
        r"subjects must be integers between 1 and 109, got \[110\]",
    ),
    (
        "subjects-empty",
        dict(subjects=[]),
        ValueError,
        r"subjects must not be empty, got \[\]",
    ),
    (
        "subjects-str",
        dict(subjects="1"),
        TypeError,
        r"subjects must be an int or a list of int, got '1'",
    ),
    (
        "subjects-None",
        dict(subjects=None),
        TypeError,
        r"subjects must be an int or a list of int, got None",
    ),
    (
        "subjects-floats",
        dict(subjects=[1.5]),
        TypeError,
        r"subjects must be integers, got \[1\.5\]",
    ),
    (
        "subjects-bools",
        dict(subjects=[True]),
        TypeError,
        r"subjects must be integers, got \[True\]",
    ),
    (
        "runs-too-large",
        dict(runs=15),
        ValueError,
        r"runs must be integers between 1 and 14, got \[15\]",
    ),
    (
        "runs-strings",
        dict(runs=["1"]),
        TypeError,
        r"runs must be integers, got \['1'\]",
    ),
]
for _name, _kwargs, _error, _match in _SUBJECTS_RUNS + [
    (
        "runs-zero",
        dict(runs=[0, 1]),
        ValueError,
        r"runs must be integers between 1 and 14, got \[0\]",
    ),
    (
        "path-int",
        dict(path=123),
        TypeError,
        r"path must be an instance of None or path-like, got <class 'int'>",
    ),
    (
        "path-file",
        dict(path="{registry}"),
        NotADirectoryError,
        r"path must be a folder, got the file .*registry\.txt",
    ),
    (
        "base_url-int",
        dict(base_url=3),
        TypeError,
        r"base_url must be an instance of str, got <class 'int'>",
    ),
    (
        "base_url-no-scheme",
        dict(base_url="physionet.org/files"),
        ValueError,
        r"base_url must be a URL such as 'https://physionet\.org/files/eegmmidb/1\.0\.0/', "
        r"got 'physionet\.org/files'",
    ),
    (
        "registry-int",
        dict(registry=3),
        TypeError,
        r"registry must be an instance of None, dict, or path-like, got <class 'int'>",
    ),
    (
        "registry-empty",
        dict(registry={}),
        ValueError,
        r"S001/S001R01\.edf not in the registry of known sha256 hashes; pass a registry "
        r"that lists them",
    ),
    (
        "registry-hash-int",
        dict(registry={"S001/S001R01.edf": 123}),
        TypeError,
        r"registry\['S001/S001R01\.edf'\] must be an instance of sha256 hex digest "
        r"\(str\), got <class 'int'>",
    ),
    (
        "registry-name-int",
        dict(registry={1: "0" * 64}),
        TypeError,
        r"each file name in registry must be an instance of str, got <class 'int'>",
    ),
    (
        "registry-missing-file",
        dict(registry="{missing}"),
        FileNotFoundError,
        r"registry must be a dict or an existing registry file, got .*missing-chatt\.h5",
    ),
    (
        "force_update-str",
        dict(force_update="yes"),
        TypeError,
        r"force_update must be an instance of bool, got <class 'str'>",
    ),
    (
        "update_path-int",
        dict(update_path=1),
        TypeError,
        r"update_path must be an instance of bool, got <class 'int'>",
    ),
    (
        "progressbar-str",
        dict(progressbar="yes"),
        TypeError,
        r"progressbar must be an instance of None or bool, got <class 'str'>",
    ),
    (
        "verbose",
        dict(verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    ),
]:
    _kwargs = {"subjects": 1, "runs": 1, **_kwargs}
    add(
        T,
        _name,
        lambda ns, kw=_kwargs: call(eegmmidb.fetch_data, **_paths(ns, kw)),
        _error,
        _match,
    )


def _paths(ns, kwargs):
    """Fill ``"{name}"`` placeholders with the module's files."""
    return {
        key: getattr(ns.files, value[1:-1])
        if isinstance(value, str) and value.startswith("{")
        else value
        for key, value in kwargs.items()
    }


# datasets.eegmmidb.load_epochs(subjects, task, *, runs, ...) ----------------
T = "eegmmidb.load_epochs"
for _name, _kwargs, _error, _match in _SUBJECTS_RUNS + [
    (
        "task-unknown",
        dict(task="walk"),
        ValueError,
        r"task must be one of 'eyes', .*got 'walk'",
    ),
    ("task-int", dict(task=3), TypeError, r"task must be one of 'eyes', .*got 3"),
    (
        "task-empty",
        dict(task=[]),
        ValueError,
        r"task must name at least one condition, got \[\]",
    ),
    (
        "task-unknown-names",
        dict(task=["eyes-open", "jump"]),
        ValueError,
        r"task must be one of .*got unknown names \['jump'\]",
    ),
    (
        "runs-of-other-task",
        dict(runs=[3]),
        ValueError,
        r"runs must be runs of task 'eyes' \(\[1, 2\]\), got \[3\]",
    ),
    (
        "l_freq-negative",
        dict(l_freq=-1),
        ValueError,
        r"l_freq must be in \(0, inf\], got -1",
    ),
    (
        "l_freq-str",
        dict(l_freq="1"),
        TypeError,
        r"l_freq must be an instance of float or None, got <class 'str'>",
    ),
    (
        "h_freq-nan",
        dict(h_freq=np.nan),
        ValueError,
        r"h_freq must be a finite number, got nan",
    ),
    (
        "h_freq-zero",
        dict(h_freq=0),
        ValueError,
        r"h_freq must be in \(0, inf\], got 0",
    ),
    (
        "window-zero",
        dict(window=0),
        ValueError,
        r"window must be in \(0, inf\], got 0",
    ),
    (
        "window-str",
        dict(window="2"),
        TypeError,
        r"window must be an instance of float, got <class 'str'>",
    ),
    (
        "window-inf",
        dict(window=np.inf),
        ValueError,
        r"window must be a finite number, got inf",
    ),
    (
        "overlap-as-long",
        dict(overlap=2.0),
        ValueError,
        r"overlap must be smaller than window \(2 s\), got 2",
    ),
    (
        "overlap-negative",
        dict(overlap=-0.5),
        ValueError,
        r"overlap must be in \[0, inf\], got -0\.5",
    ),
    (
        "tmin-str",
        dict(task="fist", tmin="0"),
        TypeError,
        r"tmin must be an instance of float, got <class 'str'>",
    ),
    (
        "tmax-before-tmin",
        dict(task="fist", tmin=1.0, tmax=0.5),
        ValueError,
        r"tmax must be greater than tmin \(1\), got 0\.5",
    ),
    (
        "exclude-unknown",
        dict(exclude=["T9", "XX"]),
        ValueError,
        r"exclude must hold eegmmidb channel names .*got unknown \['XX'\]",
    ),
    (
        "exclude-int",
        dict(exclude=3),
        TypeError,
        r"exclude must be an instance of list or tuple, got <class 'int'>",
    ),
    (
        "exclude-ints",
        dict(exclude=[3]),
        TypeError,
        r"exclude\[0\] must be an instance of str, got <class 'int'>",
    ),
    (
        "sfreq-negative",
        dict(sfreq=-1),
        ValueError,
        r"sfreq must be in \(0, inf\], got -1",
    ),
    (
        "sfreq-str",
        dict(sfreq="160"),
        TypeError,
        r"sfreq must be an instance of float, got <class 'str'>",
    ),
    (
        "on_other_sfreq-unknown",
        dict(on_other_sfreq="drop"),
        ValueError,
        r"Invalid value for the 'on_other_sfreq' parameter\. Allowed values are "
        r"'resample' and 'exclude', but got 'drop'",
    ),
    (
        "on_other_sfreq-int",
        dict(on_other_sfreq=1),
        TypeError,
        r"on_other_sfreq must be an instance of str, got <class 'int'>",
    ),
    (
        "path-int",
        dict(path=123),
        TypeError,
        r"path must be an instance of None or path-like, got <class 'int'>",
    ),
    (
        "base_url-no-scheme",
        dict(base_url="physionet.org"),
        ValueError,
        r"base_url must be a URL such as .*got 'physionet\.org'",
    ),
    (
        "registry-int",
        dict(registry=3),
        TypeError,
        r"registry must be an instance of None, dict, or path-like, got <class 'int'>",
    ),
    (
        "force_update-str",
        dict(force_update="yes"),
        TypeError,
        r"force_update must be an instance of bool, got <class 'str'>",
    ),
    (
        "verbose",
        dict(verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    ),
]:
    _kwargs = {"subjects": 1, "task": "eyes", **_kwargs}
    add(
        T,
        _name,
        lambda ns, kw=_kwargs: call(eegmmidb.load_epochs, **_paths(ns, kw)),
        _error,
        _match,
    )


# --------------------------------------------------------------------------
# the tests


@pytest.mark.parametrize("target, make_call, error, match", ROWS)
def test_bad_input(bad_inputs, target, make_call, error, match):
    """The bad input is refused with a message naming it, and nothing changes."""
    check_refused(bad_inputs, make_call, error, match)


def test_rows_per_function():
    """Every public function and method here has enough bad inputs."""
    ROWS.check_per_function(
        [
            "simulate_epochs",
            "eegmmidb.remote_fname",
            "eegmmidb.fetch_data",
            "eegmmidb.load_epochs",
        ]
    )


def test_guards_catch_downloads(bad_inputs):
    """The guards of the table stop a valid download."""
    with pytest.raises(Forbidden, match="fetch_file"):
        eegmmidb.fetch_data(1, 1)
