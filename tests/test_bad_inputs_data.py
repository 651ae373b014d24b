"""Bad inputs to the containers, their readers, the data sets and the figures.

One table: each row is a call with one wrong argument, the exception it must
raise and a pattern that the message must match (the argument's name and what
was expected, mostly also what was given). Every row also checks that the call
left what the user passed (info, arrays, lists, Epochs, Evoked, containers, the
object of a method, the files in the test folder) unchanged, that nothing went
to the network and that no 3D rendering started: bad input is refused first.
"""

import importlib.util
import socket
from types import SimpleNamespace

import h5py
import matplotlib.pyplot as plt
import mne
import numpy as np
import pandas as pd
import pytest

from mne_attention import (
    AttentionEpochs,
    AttentionEvoked,
    ChannelAttention,
    read_attention_epochs,
    read_attention_evokeds,
    read_channel_attention,
)
from mne_attention.containers.epochs import attention_description
from mne_attention.datasets import eegmmidb, simulate_epochs
from mne_attention.utils._montage import standard_1005_montage
from mne_attention.viz import (
    plot_attention_topomaps,
    plot_channel_attention_3d,
    plot_confusion_matrix,
    plot_history,
    plot_sensor_attention_3d,
)

from .conftest import assert_unchanged, snapshot

CH_NAMES = ["Fz", "Cz", "C3", "C4", "O1", "O2"]
CONDITIONS = ["open", "closed"]
HAS_CONNECTIVITY = importlib.util.find_spec("mne_connectivity") is not None
MIN_ROWS = 15


class Bogus:
    """An object of no expected type (equal to any other Bogus, for snapshots)."""

    def __eq__(self, other):
        return type(other) is Bogus

    __hash__ = object.__hash__

    def __repr__(self):
        return "Bogus()"


BOGUS = Bogus()


class _FakeModel:
    """Has ``history_`` like a fitted model, holding whatever a row needs."""

    def __init__(self, history):
        self.history_ = history


class _UnfittedModel:
    """An estimator-like object without ``history_`` (as before ``fit``)."""

    def fit(self, X, y=None):
        return self


# --------------------------------------------------------------------------
# inputs, built once per module


def _info(sfreq=160.0, montage=True):
    info = mne.create_info(CH_NAMES, sfreq, "eeg")
    if montage:
        info.set_montage(standard_1005_montage())
    return info


def _history(n_epochs=4):
    return pd.DataFrame(
        dict(
            epoch=np.arange(1, n_epochs + 1),
            train_loss=np.linspace(1.0, 0.5, n_epochs),
            train_accuracy=np.linspace(0.5, 0.8, n_epochs),
            val_loss=np.linspace(1.0, 0.6, n_epochs),
            val_accuracy=np.linspace(0.5, 0.7, n_epochs),
        )
    )


def _attention_epochs(description, n_epochs=8, montage=True):
    rng = np.random.default_rng(1)
    info = _info(2.0, montage)
    info["description"] = description
    events = np.c_[
        np.arange(n_epochs), np.zeros(n_epochs, int), np.arange(n_epochs) % 2 + 1
    ]
    return AttentionEpochs(
        rng.uniform(0, 1, (n_epochs, len(CH_NAMES), 2)),
        info,
        events,
        tmin=0.0,
        event_id={"open": 1, "closed": 2},
        metadata=pd.DataFrame({"subject": np.repeat([1, 2], n_epochs // 2)}),
        verbose=False,
    )


def _write_files(folder, ns):
    """Good and bad files for the readers, and paths for the writers."""
    files = SimpleNamespace()
    files.chatt = folder / "good-chatt.h5"
    ns.chan.save(files.chatt)
    files.text = folder / "notes-chatt.h5"
    files.text.write_text("not an HDF5 file\n")
    files.empty = folder / "empty-chatt.h5"
    files.empty.write_bytes(b"")
    files.other_h5 = folder / "other-chatt.h5"
    with h5py.File(files.other_h5, "w") as fid:
        fid.create_dataset("x", data=np.arange(3))
    files.future = folder / "future-chatt.h5"
    files.future.write_bytes(files.chatt.read_bytes())
    with h5py.File(files.future, "r+") as fid:
        fid.attrs["format_version"] = np.int64(99)
    files.v1_with_sem = folder / "v1-chatt.h5"
    files.v1_with_sem.write_bytes(files.chatt.read_bytes())
    with h5py.File(files.v1_with_sem, "r+") as fid:
        fid.attrs["format_version"] = np.int64(1)
    files.truncated = folder / "truncated-chatt.h5"
    files.truncated.write_bytes(files.chatt.read_bytes()[:1000])

    files.epo = folder / "attention-epo.fif"
    ns.attention_epochs.save(files.epo)
    files.ave = folder / "attention-ave.fif"
    mne.write_evokeds(files.ave, ns.evokeds)
    plain = mne.EpochsArray(ns.attention_epochs.get_data(), _info(2.0), verbose=False)
    files.plain_epo = folder / "plain-epo.fif"
    plain.save(files.plain_epo)
    files.plain_ave = folder / "plain-ave.fif"
    mne.write_evokeds(files.plain_ave, plain.average())
    files.raw = folder / "plain_raw.fif"
    mne.io.RawArray(np.zeros((len(CH_NAMES), 10)), _info(), verbose=False).save(
        files.raw
    )
    files.junk_fif = folder / "junk-epo.fif"
    files.junk_fif.write_bytes(b"\x00" * 64)
    for name, description in (
        ("not-json", "mne-attention: {"),
        ("not-object", "mne-attention: [1, 2]"),
        ("no-method", 'mne-attention: {"first_time": 0.0}'),
        ("no-first-time", 'mne-attention: {"method": "rollout"}'),
        ("bad-first-time", 'mne-attention: {"method": "rollout", "first_time": "x"}'),
        ("far-first-time", 'mne-attention: {"method": "rollout", "first_time": 9.0}'),
    ):
        epochs = _attention_epochs(description)
        fname = folder / f"{name}-epo.fif"
        mne.EpochsArray.save(epochs, fname)
        setattr(files, name.replace("-", "_") + "_epo", fname)
        fname = folder / f"{name}-ave.fif"
        mne.write_evokeds(fname, mne.EpochsArray.average(epochs), verbose=False)
        setattr(files, name.replace("-", "_") + "_ave", fname)

    files.folder = folder / "folder-chatt.h5"
    files.folder.mkdir()
    files.missing = folder / "missing-chatt.h5"
    files.missing_folder = folder / "no-such-folder" / "out-chatt.h5"
    files.under_file = files.text / "out-chatt.h5"
    files.registry = folder / "registry.txt"
    files.registry.write_text("S001/S001R01.edf " + "0" * 64 + "\n")
    return files


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """Everything the rows pass: small containers, evokeds, epochs and files."""
    with mne.utils.use_log_level("warning"):
        rng = np.random.default_rng(0)
        ns = SimpleNamespace()
        ns.info = _info()
        ns.info_nopos = _info(montage=False)
        ns.data = rng.uniform(0, 1, (2, len(CH_NAMES), len(CH_NAMES)))
        ns.sem = rng.uniform(0.001, 0.01, ns.data.shape)
        ns.chan = ChannelAttention(
            ns.info, ns.data, CONDITIONS, "rollout", [10, 12], sem=ns.sem
        )
        ns.chan_nopos = ChannelAttention(ns.info_nopos, ns.data, CONDITIONS, "rollout")
        ns.attention_epochs = _attention_epochs(attention_description("rollout", 0.0))
        ns.evokeds = ns.attention_epochs.average(by_event_type=True)
        ns.evoked = ns.evokeds[0]
        ns.evoked_nopos = AttentionEvoked.from_evoked(
            _attention_epochs(
                attention_description("rollout", 0.0), montage=False
            ).average()
        )
        ns.history = _history()
        ns.y_true = np.array(["open", "closed", "open", "closed"])
        ns.y_pred = np.array(["open", "open", "open", "closed"])
        folder = tmp_path_factory.mktemp("bad-inputs")
        ns.folder = folder
        ns.files = _write_files(folder, ns)
        ns.data_folder = folder / "mne_data"
        ns.data_folder.mkdir()
    return ns


# --------------------------------------------------------------------------
# no network, no rendering


class _Forbidden(AssertionError):
    """Raised when a bad-input row reaches the network or the renderer."""


def _forbid(what):
    def forbidden(*args, **kwargs):
        raise _Forbidden(f"a bad input reached {what}")

    return forbidden


@pytest.fixture(autouse=True)
def _no_network_no_rendering(inputs, monkeypatch):
    """Fail any row that downloads, opens a socket or starts a 3D renderer."""
    import pooch

    from mne.viz.backends import renderer

    from mne_attention.datasets import _download

    monkeypatch.setattr(socket.socket, "connect", _forbid("socket.connect"))
    monkeypatch.setattr(socket, "create_connection", _forbid("the network"))
    monkeypatch.setattr(pooch, "retrieve", _forbid("pooch.retrieve"))
    monkeypatch.setattr(pooch.Pooch, "fetch", _forbid("pooch.Pooch.fetch"))
    monkeypatch.setattr(pooch.HTTPDownloader, "__call__", _forbid("a download"))
    monkeypatch.setattr(_download, "fetch_file", _forbid("fetch_file"))
    monkeypatch.setattr(eegmmidb, "fetch_file", _forbid("fetch_file"))
    monkeypatch.setattr(renderer, "_get_renderer", _forbid("the 3D renderer"))
    monkeypatch.setenv(eegmmidb.CONFIG_KEY, str(inputs.data_folder))
    monkeypatch.setenv("_MNE_FAKE_HOME_DIR", str(inputs.folder))


# --------------------------------------------------------------------------
# the table

ROWS = []


def call(func, *args, **kwargs):
    """A row's call: what to run, with which arguments."""
    return func, args, kwargs


def add(target, name, make_call, error, match, marks=()):
    """Add a row: ``make_call(inputs)`` returns ``call(func, *args, **kwargs)``."""
    ROWS.append(
        pytest.param(
            target, make_call, error, match, id=f"{target}:{name}", marks=marks
        )
    )


def _chan(info=None, data=None, conditions=CONDITIONS, method="rollout", **kw):
    """A ChannelAttention call with the good inputs except those given."""
    return lambda ns: call(
        ChannelAttention,
        ns.info if info is None else info(ns),
        ns.data if data is None else data(ns),
        conditions,
        method,
        **kw,
    )


# ChannelAttention(info, data, conditions, method, n_epochs) ------------------
T = "ChannelAttention"
add(
    T,
    "info-None",
    _chan(info=lambda ns: None),
    TypeError,
    r"info must be an instance of mne\.Info, got None",
)
add(
    T,
    "info-dict",
    _chan(info=lambda ns: {"ch_names": CH_NAMES, "sfreq": 160.0}),
    TypeError,
    r"info must be an instance of mne\.Info, got <class 'dict'>",
)
add(
    T,
    "info-names",
    _chan(info=lambda ns: list(CH_NAMES)),
    TypeError,
    r"info must be an instance of mne\.Info, got <class 'list'>",
)
add(
    T,
    "info-other-channels",
    _chan(info=lambda ns: mne.create_info(3, 160.0)),
    ValueError,
    r"data must have shape \(n_conditions, n_channels, n_channels\) "
    r"with n_channels=3 from info, got shape \(2, 6, 6\)",
)
add(
    T,
    "data-None",
    _chan(data=lambda ns: None),
    TypeError,
    r"data must be an instance of array of shape .*got None",
)
add(
    T,
    "data-str",
    _chan(data=lambda ns: "matrix"),
    TypeError,
    r"data must be an instance of array of shape .*got <class 'str'>",
)
add(
    T,
    "data-strings",
    _chan(data=lambda ns: np.full((2, 6, 6), "a")),
    TypeError,
    r"data must hold real numbers, got an array of dtype <U1",
)
add(
    T,
    "data-complex",
    _chan(data=lambda ns: ns.data + 1j),
    TypeError,
    r"data must hold real numbers, got an array of dtype complex128",
)
add(
    T,
    "data-objects",
    _chan(data=lambda ns: np.full((2, 6, 6), None)),
    TypeError,
    r"data must hold real numbers, got an array of dtype object",
)
add(
    T,
    "data-ragged",
    _chan(data=lambda ns: [[[0.5] * 6] * 6, [[0.5] * 5] * 6]),
    ValueError,
    r"data must be a regular array \(array of shape \(n_conditions, n_channels, "
    r"n_channels\)\), got a ragged nested sequence",
)
add(
    T,
    "data-1d",
    _chan(data=lambda ns: np.ones(6)),
    ValueError,
    r"data must have shape \(n_conditions, n_channels, n_channels\) .*"
    r"got shape \(6,\)",
)
add(
    T,
    "data-4d",
    _chan(data=lambda ns: np.ones((1, 2, 6, 6))),
    ValueError,
    r"data must have shape .*got shape \(1, 2, 6, 6\)",
)
add(
    T,
    "data-wrong-channels",
    _chan(data=lambda ns: np.ones((2, 5, 5))),
    ValueError,
    r"data must have shape .*n_channels=6 from info, got shape \(2, 5, 5\)",
)
add(
    T,
    "data-empty",
    _chan(data=lambda ns: np.ones((0, 6, 6)), conditions=[]),
    ValueError,
    r"data must hold at least one matrix, got shape \(0, 6, 6\)",
)
add(
    T,
    "data-nan",
    _chan(data=lambda ns: np.where(np.eye(6, dtype=bool), np.nan, ns.data)),
    ValueError,
    r"data must be finite and non-negative attention values, "
    r"got 12 NaN or infinite entries",
)
add(
    T,
    "data-inf",
    _chan(data=lambda ns: np.full((2, 6, 6), np.inf)),
    ValueError,
    r"data must be finite and non-negative .*got 72 NaN or infinite entries",
)
add(
    T,
    "data-negative",
    _chan(data=lambda ns: ns.data - 2.0),
    ValueError,
    r"data must be finite and non-negative attention values, got minimum -1\.",
)
add(
    T,
    "conditions-None",
    _chan(conditions=None),
    TypeError,
    r"conditions must be an instance of str or list of str, got None",
)
add(
    T,
    "conditions-dict",
    _chan(conditions={"open": 1, "closed": 2}),
    TypeError,
    r"conditions must be an instance of str or list of str, got <class 'dict'>",
)
add(
    T,
    "conditions-int",
    _chan(conditions=[1, 2]),
    TypeError,
    r"conditions\[0\] must be an instance of str, got <class 'int'>",
)
add(
    T,
    "conditions-count",
    _chan(conditions=["open"]),
    ValueError,
    r"conditions must be 2 distinct names \(one per matrix\), got \['open'\]",
)
add(
    T,
    "conditions-repeated",
    _chan(conditions=["open", "open"]),
    ValueError,
    r"conditions must be 2 distinct names .*got \['open', 'open'\]",
)
add(
    T,
    "conditions-empty-name",
    _chan(conditions=["open", ""]),
    ValueError,
    r"conditions\[1\] must be a non-empty name, got ''",
)
add(
    T,
    "method-None",
    _chan(method=None),
    TypeError,
    r"method must be an instance of str, got None",
)
add(
    T,
    "method-int",
    _chan(method=3),
    TypeError,
    r"method must be an instance of str, got <class 'int'>",
)
add(
    T,
    "method-empty",
    _chan(method=""),
    ValueError,
    r"method must be a non-empty string such as 'rollout', got ''",
)
add(
    T,
    "n_epochs-int",
    _chan(n_epochs=10),
    TypeError,
    r"n_epochs must be an instance of None or list of int, got <class 'int'>",
)
add(
    T,
    "n_epochs-str",
    _chan(n_epochs="10"),
    TypeError,
    r"n_epochs must be an instance of None or list of int, got <class 'str'>",
)
add(
    T,
    "n_epochs-float",
    _chan(n_epochs=[1.5, 2]),
    TypeError,
    r"n_epochs\[0\] must be an int, got <class 'float'>",
)
add(
    T,
    "n_epochs-names",
    _chan(n_epochs=["a", "b"]),
    TypeError,
    r"n_epochs\[0\] must be an int, got <class 'str'>",
)
add(
    T,
    "n_epochs-count",
    _chan(n_epochs=[1]),
    ValueError,
    r"n_epochs must have one count per condition \(2\), got 1",
)
add(
    T,
    "n_epochs-negative",
    _chan(n_epochs=[-1, 3]),
    ValueError,
    r"n_epochs must be counts \(>= 0\), got \[-1, 3\]",
)

for _name, _sem, _error, _match in [
    ("str", lambda ns: "0.01", TypeError, r"sem must be an instance of None or array"),
    (
        "strings",
        lambda ns: np.full((2, 6, 6), "a"),
        TypeError,
        r"sem must hold real numbers, got an array of dtype <U1",
    ),
    (
        "ragged",
        lambda ns: [[[0.1] * 6] * 6, [[0.1] * 5] * 6],
        ValueError,
        r"sem must be a regular array \(None or array of shape \(2, 6, 6\) like "
        r"data\), got a ragged",
    ),
    (
        "shape",
        lambda ns: ns.sem[:1],
        ValueError,
        r"sem must have the shape of data \(2, 6, 6\), got shape \(1, 6, 6\)",
    ),
    (
        "negative",
        lambda ns: -ns.sem,
        ValueError,
        r"sem must hold standard errors \(finite and >= 0, or NaN where unknown\)",
    ),
    (
        "inf",
        lambda ns: np.full((2, 6, 6), np.inf),
        ValueError,
        r"sem must hold standard errors .*maximum inf",
    ),
    (
        "partly-nan",
        lambda ns: np.where(np.eye(6, dtype=bool), np.nan, ns.sem),
        ValueError,
        r"sem\[0\] must be all finite, or all NaN .*got 6 NaN of 36",
    ),
]:
    add(
        T,
        f"sem-{_name}",
        lambda ns, v=_sem: call(
            ChannelAttention, ns.info, ns.data, CONDITIONS, "rollout", sem=v(ns)
        ),
        _error,
        _match,
    )

# ChannelAttention.get_data / to_connectivity (condition) ---------------------
_BAD_CONDITIONS = [
    (
        "None-two-conditions",
        None,
        ValueError,
        r"condition must be one of \['open', 'closed'\] when there is more than one, "
        r"got None",
    ),
    ("int", 0, TypeError, r"condition must be an instance of str, got <class 'int'>"),
    (
        "numpy-int",
        np.int64(0),
        TypeError,
        r"condition must be an instance of str, got <class 'numpy\.int64'>",
    ),
    (
        "float",
        1.0,
        TypeError,
        r"condition must be an instance of str, got <class 'float'>",
    ),
    (
        "bool",
        True,
        TypeError,
        r"condition must be an instance of str, got <class 'bool'>",
    ),
    (
        "bytes",
        b"open",
        TypeError,
        r"condition must be an instance of str, got <class 'bytes'>",
    ),
    (
        "list",
        ["open"],
        TypeError,
        r"condition must be an instance of str, got <class 'list'>",
    ),
    (
        "tuple",
        ("open",),
        TypeError,
        r"condition must be an instance of str, got <class 'tuple'>",
    ),
    (
        "set",
        {"open"},
        TypeError,
        r"condition must be an instance of str, got <class 'set'>",
    ),
    (
        "dict",
        {"open": 1},
        TypeError,
        r"condition must be an instance of str, got <class 'dict'>",
    ),
    (
        "slice",
        slice(None),
        TypeError,
        r"condition must be an instance of str, got <class 'slice'>",
    ),
    ("object", BOGUS, TypeError, r"condition must be an instance of str, got <class"),
    (
        "case",
        "Open",
        ValueError,
        r"condition must be one of \['open', 'closed'\], got 'Open'",
    ),
    ("empty", "", ValueError, r"condition must be one of \['open', 'closed'\], got ''"),
    (
        "unknown",
        "opened",
        ValueError,
        r"condition must be one of \['open', 'closed'\], got 'opened'",
    ),
    (
        "spaces",
        " open",
        ValueError,
        r"condition must be one of \['open', 'closed'\], got ' open'",
    ),
]
_CONNECTIVITY = pytest.mark.skipif(
    not HAS_CONNECTIVITY, reason="to_connectivity needs mne-connectivity"
)
for _name, _value, _error, _match in _BAD_CONDITIONS:
    add(
        "ChannelAttention.get_data",
        _name,
        lambda ns, v=_value: call(ns.chan.get_data, v),
        _error,
        _match,
    )
    add(
        "ChannelAttention.to_connectivity",
        _name,
        lambda ns, v=_value: call(ns.chan.to_connectivity, v),
        _error,
        _match,
        marks=_CONNECTIVITY,
    )
    add(
        "ChannelAttention.link_statistics",
        _name,
        lambda ns, v=_value: call(ns.chan.link_statistics, v),
        _error,
        _match,
    )

# ChannelAttention.link_statistics(condition, *, alpha, correction) -----------
T = "ChannelAttention.link_statistics"
for _name, _kwargs, _error, _match in [
    ("alpha-zero", dict(alpha=0), ValueError, r"alpha must be in \(0, 1\), got 0"),
    ("alpha-one", dict(alpha=1.0), ValueError, r"alpha must be in \(0, 1\), got 1"),
    ("alpha-nan", dict(alpha=np.nan), ValueError, r"alpha must be a finite .*got nan"),
    (
        "alpha-str",
        dict(alpha="0.05"),
        TypeError,
        r"alpha must be an instance of float, got <class 'str'>",
    ),
    (
        "alpha-bool",
        dict(alpha=True),
        TypeError,
        r"alpha must be an instance of float, got <class 'bool'>",
    ),
    ("alpha-None", dict(alpha=None), TypeError, r"alpha must be an instance of float"),
    (
        "correction-unknown",
        dict(correction="holm"),
        ValueError,
        r"Invalid value for the 'correction' parameter\. Allowed values are 'fdr' "
        r"and 'bonferroni', but got 'holm'",
    ),
    (
        "correction-None",
        dict(correction=None),
        ValueError,
        r"Invalid value for the 'correction' parameter.* but got None",
    ),
]:
    add(
        T,
        _name,
        lambda ns, kw=_kwargs: call(ns.chan.link_statistics, "open", **kw),
        _error,
        _match,
    )
add(
    T,
    "no-sem",
    lambda ns: call(ns.chan_nopos.link_statistics, "open"),
    ValueError,
    r"link_statistics needs the standard error of each link across epochs \(sem\), "
    r"and this ChannelAttention has none \(sem=None\)",
)

# ChannelAttention.pick(picks) ------------------------------------------------
T = "ChannelAttention.pick"
for _name, _value, _error, _match in [
    (
        "None",
        None,
        TypeError,
        r"picks must be an instance of list of channel names, got None",
    ),
    (
        "str",
        "Fz",
        TypeError,
        r"picks must be an instance of list of channel names, got <class 'str'>",
    ),
    (
        "int",
        0,
        TypeError,
        r"picks must be an instance of list of channel names, got <class 'int'>",
    ),
    (
        "float",
        1.5,
        TypeError,
        r"picks must be an instance of list of channel names, got <class 'float'>",
    ),
    (
        "set",
        {"Fz"},
        TypeError,
        r"picks must be an instance of list of channel names, got <class 'set'>",
    ),
    (
        "dict",
        {"Fz": 0},
        TypeError,
        r"picks must be an instance of list of channel names, got <class 'dict'>",
    ),
    (
        "slice",
        slice(0, 2),
        TypeError,
        r"picks must be an instance of list of channel names, got <class 'slice'>",
    ),
    (
        "array",
        np.array(["Fz"]),
        TypeError,
        r"picks must be an instance of list of channel names, got <class 'numpy",
    ),
    (
        "indices",
        [0, 1],
        TypeError,
        r"picks\[0\] must be an instance of channel name \(str\), got <class 'int'>",
    ),
    (
        "None-item",
        ["Fz", None],
        TypeError,
        r"picks\[1\] must be an instance of channel name \(str\), got None",
    ),
    (
        "bytes-item",
        [b"Fz"],
        TypeError,
        r"picks\[0\] must be an instance of channel name \(str\), got <class 'bytes'>",
    ),
    (
        "nested",
        [["Fz"]],
        TypeError,
        r"picks\[0\] must be an instance of channel name \(str\), got <class 'list'>",
    ),
    ("empty", [], ValueError, r"picks must name at least one channel, got \[\]"),
    (
        "repeated",
        ["Fz", "Cz", "Fz"],
        ValueError,
        r"picks must name each channel once, got \['Fz'\] more than once",
    ),
    (
        "unknown",
        ["Fz", "Oz"],
        ValueError,
        r"picks must be channel names of this object .*got \['Oz'\]",
    ),
    (
        "case",
        ["fz"],
        ValueError,
        r"picks must be channel names of this object .*\['fz'\]",
    ),
    ("type-name", ["eeg"], ValueError, r"picks must be channel names .*\['eeg'\]"),
]:
    add(T, _name, lambda ns, v=_value: call(ns.chan.pick, v), _error, _match)

# ChannelAttention.plot_matrix(condition, *, cmap, axes, show) ---------------
T = "ChannelAttention.plot_matrix"
_CHOOSE = dict(condition="open")
for _name, _kwargs, _error, _match in [
    (
        "condition-None",
        dict(condition=None),
        ValueError,
        r"condition must be one of \['open', 'closed'\] when there is more than one",
    ),
    (
        "condition-int",
        dict(condition=1),
        TypeError,
        r"condition must be an instance of str, got <class 'int'>",
    ),
    (
        "condition-unknown",
        dict(condition="nope"),
        ValueError,
        r"condition must be one of \['open', 'closed'\], got 'nope'",
    ),
    (
        "condition-list",
        dict(condition=["open"]),
        TypeError,
        r"condition must be an instance of str, got <class 'list'>",
    ),
    (
        "cmap-int",
        dict(_CHOOSE, cmap=3),
        TypeError,
        r"cmap must be an instance of str or matplotlib Colormap, got <class 'int'>",
    ),
    (
        "cmap-None",
        dict(_CHOOSE, cmap=None),
        TypeError,
        r"cmap must be an instance of str or matplotlib Colormap, got None",
    ),
    (
        "cmap-list",
        dict(_CHOOSE, cmap=["red", "blue"]),
        TypeError,
        r"cmap must be an instance of str or matplotlib Colormap, got <class 'list'>",
    ),
    (
        "cmap-unknown",
        dict(_CHOOSE, cmap="no-such-map"),
        ValueError,
        r"cmap must be the name of a matplotlib colour map such as 'viridis', "
        r"got 'no-such-map'",
    ),
    (
        "axes-str",
        dict(_CHOOSE, axes="ax"),
        TypeError,
        r"axes must be an instance of None or matplotlib Axes, got <class 'str'>",
    ),
    (
        "axes-int",
        dict(_CHOOSE, axes=1),
        TypeError,
        r"axes must be an instance of None or matplotlib Axes, got <class 'int'>",
    ),
    (
        "axes-list",
        dict(_CHOOSE, axes=[None]),
        TypeError,
        r"axes must be an instance of None or matplotlib Axes, got <class 'list'>",
    ),
    (
        "show-str",
        dict(_CHOOSE, show="yes"),
        TypeError,
        r"show must be an instance of bool, got <class 'str'>",
    ),
    (
        "show-None",
        dict(_CHOOSE, show=None),
        TypeError,
        r"show must be an instance of bool, got None",
    ),
    (
        "show-int",
        dict(_CHOOSE, show=1),
        TypeError,
        r"show must be an instance of bool, got <class 'int'>",
    ),
    (
        "show-array",
        dict(_CHOOSE, show=np.array([True])),
        TypeError,
        r"show must be an instance of bool, got <class 'numpy\.ndarray'>",
    ),
    (
        "values-unknown",
        dict(_CHOOSE, values="p"),
        ValueError,
        r"Invalid value for the 'values' parameter\. Allowed values are "
        r"'attention' and 'z', but got 'p'",
    ),
    (
        "values-None",
        dict(_CHOOSE, values=None),
        ValueError,
        r"Invalid value for the 'values' parameter.* but got None",
    ),
    (
        "diagonal-str",
        dict(_CHOOSE, diagonal="no"),
        TypeError,
        r"diagonal must be an instance of bool, got <class 'str'>",
    ),
    (
        "diagonal-None",
        dict(_CHOOSE, diagonal=None),
        TypeError,
        r"diagonal must be an instance of bool, got None",
    ),
    (
        "z-with-diagonal",
        dict(_CHOOSE, values="z", diagonal=True),
        ValueError,
        r"diagonal must be False with values='z': self-attention has no reference",
    ),
    (
        "unknown-keyword",
        dict(_CHOOSE, colormap="viridis"),
        TypeError,
        r"got an unexpected keyword argument 'colormap'",
    ),
]:
    add(
        T, _name, lambda ns, kw=_kwargs: call(ns.chan.plot_matrix, **kw), _error, _match
    )


def _figure_axes(ns):
    """A row passing a Figure where Axes are expected (closed after the test)."""
    fig = plt.figure()
    return call(ns.chan.plot_matrix, "open", axes=fig, show=False)


add(
    T,
    "z-without-sem",
    lambda ns: call(ns.chan_nopos.plot_matrix, "open", values="z", show=False),
    ValueError,
    r"values='z' needs the standard error of each link across epochs \(sem\)",
)
add(
    T,
    "axes-figure",
    _figure_axes,
    TypeError,
    r"axes must be an instance of None or matplotlib Axes, got <class "
    r"'matplotlib\.figure\.Figure'>",
)

# ChannelAttention.plot_3d / viz.plot_channel_attention_3d -------------------
_BAD_3D = [
    (
        "condition-None",
        dict(condition=None),
        ValueError,
        r"condition must be one of \['open', 'closed'\] when there is more than one",
    ),
    (
        "condition-unknown",
        dict(condition="up"),
        ValueError,
        r"condition must be one of \['open', 'closed'\], got 'up'",
    ),
    (
        "condition-int",
        dict(condition=0),
        TypeError,
        r"condition must be an instance of str, got <class 'int'>",
    ),
    (
        "top_k-zero",
        dict(top_k=0),
        ValueError,
        r"top_k must be between 1 and the number of directed links between 6 "
        r"channels \(30\), got 0",
    ),
    (
        "top_k-too-many",
        dict(top_k=31),
        ValueError,
        r"top_k must be between 1 and .* \(30\), got 31",
    ),
    (
        "top_k-negative",
        dict(top_k=-5),
        ValueError,
        r"top_k must be between 1 and .*got -5",
    ),
    (
        "top_k-float",
        dict(top_k=2.5),
        TypeError,
        r"top_k must be an int, got <class 'float'>",
    ),
    (
        "top_k-str",
        dict(top_k="5"),
        TypeError,
        r"top_k must be an int, got <class 'str'>",
    ),
    (
        "top_k-None",
        dict(top_k=None),
        TypeError,
        r"top_k must be an int, got <class 'NoneType'>",
    ),
    (
        "links-unknown",
        dict(links="all"),
        ValueError,
        r"Invalid value for the 'links' parameter\. Allowed values are "
        r"'significant' and 'top', but got 'all'",
    ),
    (
        "links-None",
        dict(links=None),
        ValueError,
        r"Invalid value for the 'links' parameter.* but got None",
    ),
    (
        "alpha-zero",
        dict(alpha=0),
        ValueError,
        r"alpha must be in \(0, 1\), got 0",
    ),
    (
        "alpha-str",
        dict(alpha="0.05"),
        TypeError,
        r"alpha must be an instance of float, got <class 'str'>",
    ),
    (
        "correction-unknown",
        dict(correction="holm"),
        ValueError,
        r"Invalid value for the 'correction' parameter.* but got 'holm'",
    ),
    (
        "head-opacity",
        dict(head=2.0),
        ValueError,
        r"head must be a bool or an opacity between 0 and 1, got 2\.0",
    ),
    (
        "head-str",
        dict(head="yes"),
        TypeError,
        r"head must be an instance of bool or opacity between 0 and 1, got <class 'str'>",
    ),
    (
        "sensor_names-int",
        dict(sensor_names=1),
        TypeError,
        r"sensor_names must be an instance of bool, got <class 'int'>",
    ),
    (
        "curvature-negative",
        dict(curvature=-1),
        ValueError,
        r"curvature must be a non-negative number, got -1",
    ),
    (
        "curvature-str",
        dict(curvature="1"),
        TypeError,
        r"curvature must be an instance of numeric, got <class 'str'>",
    ),
    (
        "tube_radius-zero",
        dict(tube_radius=0),
        ValueError,
        r"tube_radius must be a positive number, got 0",
    ),
    (
        "sensor_scale-nan",
        dict(sensor_scale=np.nan),
        ValueError,
        r"sensor_scale must be a positive number, got nan",
    ),
    (
        "direction_colors-str",
        dict(direction_colors="red"),
        TypeError,
        r"direction_colors must be an instance of tuple or list, got <class 'str'>",
    ),
    (
        "direction_colors-one",
        dict(direction_colors=("red",)),
        ValueError,
        r"direction_colors must be two matplotlib colours \(sender, receiver\), "
        r"got \('red',\)",
    ),
    (
        "direction_colors-unknown",
        dict(direction_colors=("red", "nocolour")),
        ValueError,
        r"direction_colors must be two matplotlib colours .*'nocolour'",
    ),
    (
        "cmap-unknown",
        dict(cmap="no-such-map"),
        ValueError,
        r"cmap must be the name of a matplotlib colour map such as 'viridis', "
        r"got 'no-such-map'",
    ),
    (
        "cmap-int",
        dict(cmap=3),
        TypeError,
        r"cmap must be an instance of str or matplotlib Colormap, got <class 'int'>",
    ),
    (
        "bgcolor-unknown",
        dict(bgcolor="nocolour"),
        ValueError,
        r"bgcolor must be a matplotlib colour, got 'nocolour'",
    ),
    (
        "size-one",
        dict(size=(800,)),
        ValueError,
        r"size must be \(width, height\) in pixels, got \(800,\)",
    ),
    (
        "size-int",
        dict(size=800),
        TypeError,
        r"size must be an instance of tuple \(width, height\), got <class 'int'>",
    ),
    (
        "size-str-entries",
        dict(size=("800", "600")),
        TypeError,
        r"size\[0\] must be an int, got <class 'str'>",
    ),
    (
        "size-zero",
        dict(size=(0, 600)),
        ValueError,
        r"size must be \(width, height\) in pixels, both positive, got \(0, 600\)",
    ),
    (
        "fig-str",
        dict(fig="figure"),
        TypeError,
        r"fig must be an instance of None or mne\.viz\.Figure3D, got <class 'str'>",
    ),
    (
        "unknown-keyword",
        dict(colour="red"),
        TypeError,
        r"got an unexpected keyword argument 'colour'",
    ),
    (
        "verbose",
        dict(verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    ),
]
for _name, _kwargs, _error, _match in _BAD_3D:
    _kwargs = {"condition": "open", "top_k": 10, **_kwargs}
    add(
        "ChannelAttention.plot_3d",
        _name,
        lambda ns, kw=_kwargs: call(ns.chan.plot_3d, **kw),
        _error,
        _match,
    )
    add(
        "plot_channel_attention_3d",
        _name,
        lambda ns, kw=_kwargs: call(plot_channel_attention_3d, ns.chan, **kw),
        _error,
        _match,
    )
add(
    "ChannelAttention.plot_3d",
    "no-montage",
    lambda ns: call(ns.chan_nopos.plot_3d, "open"),
    ValueError,
    r"channel_attention\.info has no sensor positions for 6 of 6 channels "
    r"\(Fz, Cz, C3, C4, O1, \.\.\.\): set a montage first",
)
T = "plot_channel_attention_3d"
for _name, _value, _error, _match in [
    (
        "None",
        lambda ns: None,
        TypeError,
        r"channel_attention must be an instance of ChannelAttention, got None",
    ),
    (
        "evoked",
        lambda ns: ns.evoked,
        TypeError,
        r"channel_attention must be an instance of ChannelAttention, got <class "
        r"'mne_attention\.containers\.epochs\.AttentionEvoked'>",
    ),
    (
        "array",
        lambda ns: ns.data,
        TypeError,
        r"channel_attention must be an instance of ChannelAttention, got <class "
        r"'numpy\.ndarray'>",
    ),
    (
        "no-montage",
        lambda ns: ns.chan_nopos,
        ValueError,
        r"channel_attention\.info has no sensor positions .*set a montage first",
    ),
]:
    add(
        T,
        _name,
        lambda ns, v=_value: call(plot_channel_attention_3d, v(ns), "open"),
        _error,
        _match,
    )

# ChannelAttention.save(fname, *, overwrite, verbose) ------------------------
T = "ChannelAttention.save"
for _name, _fname, _kwargs, _error, _match in [
    (
        "None",
        lambda f: None,
        {},
        TypeError,
        r"fname must be an instance of path-like, got None",
    ),
    (
        "int",
        lambda f: 1,
        {},
        TypeError,
        r"fname must be an instance of path-like, got <class 'int'>",
    ),
    (
        "float",
        lambda f: 1.5,
        {},
        TypeError,
        r"fname must be an instance of path-like, got <class 'float'>",
    ),
    (
        "list",
        lambda f: [str(f.missing)],
        {},
        TypeError,
        r"fname must be an instance of path-like, got <class 'list'>",
    ),
    (
        "bytes",
        lambda f: bytes(f.missing),
        {},
        TypeError,
        r"fname must be an instance of path-like, got <class 'bytes'>",
    ),
    (
        "exists",
        lambda f: f.chatt,
        {},
        FileExistsError,
        r"fname must not exist unless overwrite=True, got the existing file "
        r".*good-chatt\.h5",
    ),
    (
        "exists-overwrite-False",
        lambda f: f.chatt,
        dict(overwrite=False),
        FileExistsError,
        r"fname must not exist unless overwrite=True, got .*good-chatt",
    ),
    (
        "folder",
        lambda f: f.folder,
        dict(overwrite=True),
        IsADirectoryError,
        r"fname must be a file name, got the folder .*folder-chatt\.h5",
    ),
    (
        "missing-folder",
        lambda f: f.missing_folder,
        {},
        FileNotFoundError,
        r"fname must be a path in an existing folder, got .*out-chatt\.h5: the folder "
        r".*no-such-folder does not exist",
    ),
    (
        "under-a-file",
        lambda f: f.under_file,
        {},
        NotADirectoryError,
        r"fname must be a path in an existing folder, got .*: .*notes-chatt\.h5 is "
        r"not a folder",
    ),
    (
        "overwrite-str",
        lambda f: f.chatt,
        dict(overwrite="yes"),
        TypeError,
        r"overwrite must be an instance of bool, got <class 'str'>",
    ),
    (
        "overwrite-read",
        lambda f: f.chatt,
        dict(overwrite="read"),
        TypeError,
        r"overwrite must be an instance of bool, got <class 'str'>",
    ),
    (
        "overwrite-None",
        lambda f: f.missing,
        dict(overwrite=None),
        TypeError,
        r"overwrite must be an instance of bool, got None",
    ),
    (
        "overwrite-int",
        lambda f: f.chatt,
        dict(overwrite=1),
        TypeError,
        r"overwrite must be an instance of bool, got <class 'int'>",
    ),
    (
        "verbose",
        lambda f: f.missing,
        dict(verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    ),
    (
        "unknown-keyword",
        lambda f: f.missing,
        dict(compress=True),
        TypeError,
        r"got an unexpected keyword argument 'compress'",
    ),
]:
    add(
        T,
        _name,
        lambda ns, f=_fname, kw=_kwargs: call(ns.chan.save, f(ns.files), **kw),
        _error,
        _match,
    )

# read_channel_attention / read_attention_epochs / read_attention_evokeds ----
_BAD_PATHS = [
    (
        "None",
        lambda f: None,
        TypeError,
        r"fname must be an instance of path-like, got None",
    ),
    (
        "int",
        lambda f: 3,
        TypeError,
        r"fname must be an instance of path-like, got <class 'int'>",
    ),
    (
        "list",
        lambda f: [str(f.chatt)],
        TypeError,
        r"fname must be an instance of path-like, got <class 'list'>",
    ),
    (
        "bytes",
        lambda f: bytes(f.chatt),
        TypeError,
        r"fname must be an instance of path-like, got <class 'bytes'>",
    ),
    (
        "dict",
        lambda f: {"fname": f.chatt},
        TypeError,
        r"fname must be an instance of path-like, got <class 'dict'>",
    ),
    (
        "missing",
        lambda f: f.missing,
        FileNotFoundError,
        r"fname does not exist: .*missing-chatt\.h5",
    ),
    (
        "missing-folder",
        lambda f: f.missing_folder,
        FileNotFoundError,
        r"fname does not exist: .*no-such-folder",
    ),
    (
        "folder",
        lambda f: f.folder,
        OSError,
        r"Need a file for fname but found a directory at .*folder-chatt\.h5",
    ),
]
for _target, _reader in [
    ("read_channel_attention", read_channel_attention),
    ("read_attention_epochs", read_attention_epochs),
    ("read_attention_evokeds", read_attention_evokeds),
]:
    for _name, _fname, _error, _match in _BAD_PATHS:
        add(
            _target,
            _name,
            lambda ns, r=_reader, f=_fname: call(r, f(ns.files)),
            _error,
            _match,
        )
    add(
        _target,
        "verbose",
        lambda ns, r=_reader: call(r, ns.files.chatt, verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    )

T = "read_channel_attention"
_NOT_OURS = (
    r"fname must be a channel-attention file written by ChannelAttention\.save, "
)
for _name, _file, _match in [
    ("text", "text", r"notes-chatt\.h5 is not an HDF5 file"),
    ("empty", "empty", r"empty-chatt\.h5 is not an HDF5 file"),
    ("truncated", "truncated", r"truncated-chatt\.h5 is not an HDF5 file"),
    (
        "other-hdf5",
        "other_h5",
        r"other-chatt\.h5 is not valid: it has no "
        r"channel-attention format marker",
    ),
    (
        "future-version",
        "future",
        r"future-chatt\.h5 is not valid: it uses format "
        r"version 99; this mne-attention reads up to 2",
    ),
    (
        "version-1-with-sem",
        "v1_with_sem",
        r"v1-chatt\.h5 is not valid: it holds unexpected entries \['sem'\] for "
        r"format version 1",
    ),
    ("epochs-fif", "epo", r"attention-epo\.fif is not an HDF5 file"),
    ("evoked-fif", "ave", r"attention-ave\.fif is not an HDF5 file"),
    ("raw-fif", "raw", r"plain_raw\.fif is not an HDF5 file"),
]:
    add(
        T,
        _name,
        lambda ns, f=_file: call(read_channel_attention, getattr(ns.files, f)),
        ValueError,
        _NOT_OURS + _match,
    )

T = "read_attention_epochs"
_DAMAGED = r"fname must be an attention file written by mne-attention, {} has a "
_DAMAGED += r"damaged marker in info\['description'\]: "
for _name, _file, _match in [
    (
        "text",
        "text",
        r"fname must be a FIF file written by MNE, could not read "
        r"notes-chatt\.h5",
    ),
    (
        "hdf5",
        "chatt",
        r"fname must be a FIF file written by MNE, could not read "
        r"good-chatt\.h5",
    ),
    (
        "junk-fif",
        "junk_fif",
        r"fname must be a FIF file written by MNE, could not "
        r"read junk-epo\.fif",
    ),
    (
        "evoked",
        "ave",
        r"fname must be an epochs attention file \(-epo\.fif\), got an "
        r"evoked file, attention-ave\.fif \(read it with read_attention_evokeds\)",
    ),
    (
        "raw",
        "raw",
        r"fname must be an epochs attention file \(-epo\.fif\), "
        r"plain_raw\.fif holds neither epochs nor evoked data",
    ),
    (
        "plain-epochs",
        "plain_epo",
        r"fname must be an attention file written by "
        r"mne-attention, plain-epo\.fif holds ordinary MNE data",
    ),
    (
        "marker-not-json",
        "not_json_epo",
        _DAMAGED.format(r"not-json-epo\.fif") + "it is not JSON",
    ),
    (
        "marker-not-object",
        "not_object_epo",
        _DAMAGED.format(r"not-object-epo\.fif")
        + r"it must be a JSON object, got \[1, 2\]",
    ),
    (
        "marker-no-method",
        "no_method_epo",
        _DAMAGED.format(r"no-method-epo\.fif")
        + r"its field 'method' must be a non-empty string, got None",
    ),
    (
        "marker-no-first-time",
        "no_first_time_epo",
        _DAMAGED.format(r"no-first-time-epo\.fif") + r"it lacks the field 'first_time'",
    ),
    (
        "marker-bad-first-time",
        "bad_first_time_epo",
        _DAMAGED.format(r"bad-first-time-epo\.fif")
        + r"its field 'first_time' must be a finite number of seconds, got 'x'",
    ),
    (
        "marker-far-first-time",
        "far_first_time_epo",
        _DAMAGED.format(r"far-first-time-epo\.fif")
        + r"its field 'first_time' must lie "
        r"within half a sample \(1 / 2 Hz\) of the first time point 0 s, got 9\.0",
    ),
]:
    add(
        T,
        _name,
        lambda ns, f=_file: call(read_attention_epochs, getattr(ns.files, f)),
        ValueError,
        _match,
    )

T = "read_attention_evokeds"
for _name, _file, _match in [
    (
        "text",
        "text",
        r"fname must be a FIF file written by MNE, could not read "
        r"notes-chatt\.h5",
    ),
    (
        "hdf5",
        "chatt",
        r"fname must be a FIF file written by MNE, could not read "
        r"good-chatt\.h5",
    ),
    (
        "junk-fif",
        "junk_fif",
        r"fname must be a FIF file written by MNE, could not "
        r"read junk-epo\.fif",
    ),
    (
        "epochs",
        "epo",
        r"fname must be an evoked attention file \(-ave\.fif\), got an "
        r"epochs file, attention-epo\.fif \(read it with read_attention_epochs\)",
    ),
    (
        "raw",
        "raw",
        r"fname must be an evoked attention file \(-ave\.fif\), "
        r"plain_raw\.fif holds neither epochs nor evoked data",
    ),
    (
        "plain-evoked",
        "plain_ave",
        r"fname must be an attention file written by "
        r"mne-attention, plain-ave\.fif holds ordinary MNE data",
    ),
    (
        "marker-not-json",
        "not_json_ave",
        _DAMAGED.format(r"not-json-ave\.fif") + "it is not JSON",
    ),
    (
        "marker-not-object",
        "not_object_ave",
        _DAMAGED.format(r"not-object-ave\.fif")
        + r"it must be a JSON object, got \[1, 2\]",
    ),
    (
        "marker-no-method",
        "no_method_ave",
        _DAMAGED.format(r"no-method-ave\.fif")
        + r"its field 'method' must be a non-empty string, got None",
    ),
    (
        "marker-no-first-time",
        "no_first_time_ave",
        _DAMAGED.format(r"no-first-time-ave\.fif") + r"it lacks the field 'first_time'",
    ),
    (
        "marker-bad-first-time",
        "bad_first_time_ave",
        _DAMAGED.format(r"bad-first-time-ave\.fif")
        + r"its field 'first_time' must be a finite number of seconds, got 'x'",
    ),
]:
    add(
        T,
        _name,
        lambda ns, f=_file: call(read_attention_evokeds, getattr(ns.files, f)),
        ValueError,
        _match,
    )

# AttentionEpochs.average(picks, method, by_event_type) ----------------------
T = "AttentionEpochs.average"
_PICKS = r"picks must be channel names, indices or channel types of these epochs, "
for _name, _kwargs, _error, _match in [
    ("picks-unknown-name", dict(picks="nope"), ValueError, _PICKS + r"got 'nope'"),
    (
        "picks-unknown-names",
        dict(picks=["Fz", "nope"]),
        ValueError,
        _PICKS + r"got \['Fz', 'nope'\]",
    ),
    ("picks-unknown-type", dict(picks="meg"), ValueError, _PICKS + r"got 'meg'"),
    (
        "picks-index-too-large",
        dict(picks=[100]),
        ValueError,
        _PICKS + r"got \[100\]: All picks must be < n_channels \(6\)",
    ),
    ("picks-index-too-small", dict(picks=[-100]), ValueError, _PICKS + r"got \[-100\]"),
    ("picks-float", dict(picks=1.5), TypeError, _PICKS + r"got 1\.5"),
    ("picks-set", dict(picks={"Fz"}), TypeError, _PICKS + r"got \{'Fz'\}"),
    ("picks-mixed", dict(picks=["Fz", 1]), ValueError, _PICKS + r"got \['Fz', 1\]"),
    (
        "picks-2d",
        dict(picks=np.array([[0, 1]])),
        ValueError,
        _PICKS + r"got array\(\[\[0, 1\]\]\)",
    ),
    ("picks-empty", dict(picks=[]), ValueError, _PICKS + r"got \[\]"),
    (
        "picks-repeated",
        dict(picks=["Fz", "Fz"]),
        ValueError,
        r"picks must select each channel once, got \['Fz', 'Fz'\]",
    ),
    (
        "method-unknown",
        dict(method="median2"),
        ValueError,
        r"Invalid value for the 'method' parameter\. Allowed values are 'mean', "
        r"'median', and 'std', but got 'median2'",
    ),
    (
        "method-int",
        dict(method=3),
        TypeError,
        r"method must be an instance of \"mean\", \"median\", \"std\" or callable, "
        r"got <class 'int'>",
    ),
    (
        "method-None",
        dict(method=None),
        TypeError,
        r"method must be an instance of \"mean\", .* got None",
    ),
    (
        "method-list",
        dict(method=["mean"]),
        TypeError,
        r"method must be an instance of \"mean\", .* got <class 'list'>",
    ),
    (
        "by_event_type-str",
        dict(by_event_type="yes"),
        TypeError,
        r"by_event_type must be an instance of bool, got <class 'str'>",
    ),
    (
        "by_event_type-None",
        dict(by_event_type=None),
        TypeError,
        r"by_event_type must be an instance of bool, got None",
    ),
    (
        "by_event_type-int",
        dict(by_event_type=1),
        TypeError,
        r"by_event_type must be an instance of bool, got <class 'int'>",
    ),
]:
    add(
        T,
        _name,
        lambda ns, kw=_kwargs: call(ns.attention_epochs.average, **kw),
        _error,
        _match,
    )

# AttentionEvoked.plot_joint(times, ..., ts_args, topomap_args) --------------
T = "AttentionEvoked.plot_joint"
for _name, _kwargs, _error, _match in [
    (
        "ts_args-list",
        dict(ts_args=[1]),
        TypeError,
        r"ts_args must be an instance of None or dict, got <class 'list'>",
    ),
    (
        "ts_args-str",
        dict(ts_args="x"),
        TypeError,
        r"ts_args must be an instance of None or dict, got <class 'str'>",
    ),
    (
        "ts_args-True",
        dict(ts_args=True),
        TypeError,
        r"ts_args must be an instance of None or dict, got <class 'bool'>",
    ),
    (
        "ts_args-tuple",
        dict(ts_args=(("xlim", (0, 1)),)),
        TypeError,
        r"ts_args must be an instance of None or dict, got <class 'tuple'>",
    ),
    (
        "topomap_args-list",
        dict(topomap_args=[1]),
        TypeError,
        r"topomap_args must be an instance of None or dict, got <class 'list'>",
    ),
    (
        "topomap_args-str",
        dict(topomap_args="x"),
        TypeError,
        r"topomap_args must be an instance of None or dict, got <class 'str'>",
    ),
    (
        "topomap_args-int",
        dict(topomap_args=3),
        TypeError,
        r"topomap_args must be an instance of None or dict, got <class 'int'>",
    ),
    (
        "topomap_args-True",
        dict(topomap_args=True),
        TypeError,
        r"topomap_args must be an instance of None or dict, got <class 'bool'>",
    ),
    (
        "ts_args-unknown-key",
        dict(ts_args=dict(bogus=1)),
        TypeError,
        r"unexpected keyword argument 'bogus'",
    ),
    (
        "topomap_args-unknown-key",
        dict(topomap_args=dict(bogus=1)),
        TypeError,
        r"unexpected keyword argument 'bogus'",
    ),
    (
        "topomap_args-axes-alone",
        dict(topomap_args=dict(axes=1)),
        ValueError,
        r"If one of `ts_args` and `topomap_args` contains 'axes', the other must",
    ),
    (
        "ts_args-axes-alone",
        dict(ts_args=dict(axes=1)),
        ValueError,
        r"If one of `ts_args` and `topomap_args` contains 'axes', the other must",
    ),
    (
        "times-str",
        dict(times="foo"),
        ValueError,
        r"unrecognized method for `times`\. Only 'peaks', 'auto' and 'interactive' "
        r"are supported",
    ),
    (
        "times-outside",
        dict(times=-10.0),
        ValueError,
        r"Times should be between 0\.0 and 0\.5",
    ),
    (
        "picks-unknown",
        dict(picks="nope"),
        ValueError,
        r"picks \('nope'\) could not be interpreted as channel names",
    ),
    (
        "exclude-str",
        dict(exclude="x"),
        ValueError,
        r"include/exclude must be list, tuple, ndarray, or \"bads\"\. You provided "
        r"type <class 'str'>",
    ),
]:
    add(
        T,
        _name,
        lambda ns, kw=_kwargs: call(ns.evoked.plot_joint, show=False, **kw),
        _error,
        _match,
    )

# AttentionEvoked.plot_topomap(times, ...) with the attention defaults ---------
T = "AttentionEvoked.plot_topomap"
for _name, _kwargs, _error, _match in [
    (
        "times-str",
        dict(times="foo"),
        ValueError,
        r"unrecognized method for `times`\. Only 'peaks', 'auto' and 'interactive'",
    ),
    (
        "times-outside",
        dict(times=[100.0]),
        ValueError,
        r"Times should be between 0\.0 and 0\.5",
    ),
    ("times-negative", dict(times=-5), ValueError, r"Times should be between 0\.0"),
    ("times-None", dict(times=None), ValueError, r"times must be 1D, got 0 dimensions"),
    (
        "times-2d",
        dict(times=[[0.0]]),
        ValueError,
        r"times must be 1D, got 2 dimensions",
    ),
    (
        "ch_type-unknown",
        dict(ch_type="meg"),
        ValueError,
        r"Invalid value for the 'ch_type' parameter.*'eeg'.*but got 'meg'",
    ),
    (
        "ch_type-int",
        dict(ch_type=3),
        TypeError,
        r"ch_type must be an instance of None or str, got <class 'int'>",
    ),
    (
        "colorbar-str",
        dict(colorbar="yes"),
        TypeError,
        r"colorbar must be an instance of bool, got <class 'str'>",
    ),
    (
        "average-negative",
        dict(average=-1),
        ValueError,
        r"\"average\" must be `None`, a positive number of seconds",
    ),
    (
        "average-str",
        dict(average="x"),
        TypeError,
        r"\"average\" must be `None`, a positive number of seconds.*got type: <class "
        r"'str'>",
    ),
    (
        "time_unit",
        dict(time_unit="min"),
        ValueError,
        r"time_unit must be 's' or 'ms', got 'min'",
    ),
    (
        "sphere",
        dict(sphere="x"),
        ValueError,
        r"Invalid value for the 'sphere' parameter.*but got 'x'",
    ),
    (
        "extrapolate",
        dict(extrapolate="x"),
        ValueError,
        r"Invalid value for the 'extrapolate' parameter.*but got 'x'",
    ),
    (
        "border",
        dict(border="x"),
        ValueError,
        r"Invalid value for the 'border' parameter when a string.*but got 'x'",
    ),
    (
        "proj",
        dict(proj="x"),
        ValueError,
        r"Invalid value for the 'proj' parameter.*but got 'x'",
    ),
    (
        "time_format-int",
        dict(time_format=3),
        TypeError,
        r"time_format must be an instance of None or str, got <class 'int'>",
    ),
    (
        "unknown-keyword",
        dict(title="x"),
        TypeError,
        r"unexpected keyword argument 'title'",
    ),
]:
    add(
        T,
        _name,
        lambda ns, kw=_kwargs: call(ns.evoked.plot_topomap, show=False, **kw),
        _error,
        _match,
    )

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

# viz.plot_attention_topomaps(evokeds, contrast, *, ...) ---------------------
T = "plot_attention_topomaps"
_PAIR = ("open", "closed")
for _name, _evokeds, _kwargs, _error, _match in [
    (
        "evokeds-None",
        lambda ns: None,
        {},
        TypeError,
        r"evokeds must be an instance of mne\.Evoked, list of mne\.Evoked, or dict of "
        r"band name -> list of mne\.Evoked, got None",
    ),
    (
        "evokeds-array",
        lambda ns: ns.evoked.data,
        {},
        TypeError,
        r"evokeds must be an instance of mne\.Evoked, list of .*got <class "
        r"'numpy\.ndarray'>",
    ),
    (
        "evokeds-epochs",
        lambda ns: ns.attention_epochs,
        {},
        TypeError,
        r"evokeds must be an instance of mne\.Evoked, list of .*got <class "
        r"'mne_attention\.containers\.epochs\.AttentionEpochs'>",
    ),
    (
        "evokeds-empty",
        lambda ns: [],
        {},
        ValueError,
        r"evokeds must hold at least one mne\.Evoked, got none",
    ),
    (
        "evokeds-empty-dict",
        lambda ns: {},
        {},
        ValueError,
        r"evokeds must not be an empty dict",
    ),
    (
        "evokeds-items",
        lambda ns: [ns.evoked, 3],
        {},
        TypeError,
        r"evokeds\[1\] must be an instance of mne\.Evoked, got <class 'int'>",
    ),
    (
        "evokeds-band-key",
        lambda ns: {1: ns.evokeds},
        {},
        TypeError,
        r"each key of evokeds must be an instance of band name \(str\), got <class "
        r"'int'>",
    ),
    (
        "evokeds-band-row",
        lambda ns: {"alpha": 3},
        {},
        TypeError,
        r"evokeds\['alpha'\] must be an instance of list of mne\.Evoked, got <class "
        r"'int'>",
    ),
    (
        "evokeds-no-montage",
        lambda ns: [ns.evoked_nopos],
        {},
        ValueError,
        r"evokeds\[0\]\.info has no sensor positions for 6 of 6 channels .*set a "
        r"montage first",
    ),
    (
        "evokeds-same-condition",
        lambda ns: [ns.evoked, ns.evoked],
        {},
        ValueError,
        r"evokeds must hold one mne\.Evoked per condition \(evoked\.comment\), got "
        r"'open' twice",
    ),
    (
        "contrast-str",
        lambda ns: ns.evokeds,
        dict(contrast="open"),
        TypeError,
        r"contrast must be an instance of tuple of two condition names, got <class "
        r"'str'>",
    ),
    (
        "contrast-one",
        lambda ns: ns.evokeds,
        dict(contrast=("open",)),
        ValueError,
        r"contrast must be two distinct condition names, got \('open',\)",
    ),
    (
        "contrast-same",
        lambda ns: ns.evokeds,
        dict(contrast=("open", "open")),
        ValueError,
        r"contrast must be two distinct condition names, got "
        r"\('open', 'open'\)",
    ),
    (
        "contrast-unknown",
        lambda ns: ns.evokeds,
        dict(contrast=("open", "up")),
        ValueError,
        r"contrast must name conditions found in evokeds \(evoked\.comment\): "
        r"\['open', 'closed'\], got \('open', 'up'\) \(\['up'\] not found\)",
    ),
    (
        "contrast-ints",
        lambda ns: ns.evokeds,
        dict(contrast=(1, 2)),
        TypeError,
        r"each condition in contrast must be an instance of str, got <class 'int'>",
    ),
    (
        "times-str",
        lambda ns: ns.evokeds,
        dict(times="0.25"),
        TypeError,
        r"times must be an instance of None or numeric, got <class 'str'>",
    ),
    (
        "times-outside",
        lambda ns: ns.evokeds,
        dict(times=100),
        ValueError,
        r"times must be within the time range of evokeds\[0\] \(0 to 0\.5 s\), got 100",
    ),
    (
        "mask-without-contrast",
        lambda ns: ns.evokeds,
        dict(mask=np.ones(6, bool)),
        ValueError,
        r"mask marks channels on the difference map: give contrast too",
    ),
    (
        "mask-shape",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, mask=np.ones(5, bool)),
        ValueError,
        r"mask must be a boolean array of shape \(6,\) \(one entry per "
        r"channel\), got dtype bool and shape \(5,\)",
    ),
    (
        "mask-dtype",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, mask=np.ones(6)),
        ValueError,
        r"mask must be a boolean array of shape \(6,\) .*got dtype float64",
    ),
    (
        "mask-str",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, mask="Fz"),
        TypeError,
        r"mask must be an instance of None, ndarray, list, tuple, or dict, got "
        r"<class 'str'>",
    ),
    (
        "mask_params-list",
        lambda ns: ns.evokeds,
        dict(mask_params=[]),
        TypeError,
        r"mask_params must be an instance of None or dict, got <class 'list'>",
    ),
    (
        "cmap-unknown",
        lambda ns: ns.evokeds,
        dict(cmap="no-such-map"),
        ValueError,
        r"cmap must be the name of a matplotlib colour map such as 'viridis', got "
        r"'no-such-map'",
    ),
    (
        "diff_cmap-int",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, diff_cmap=3),
        TypeError,
        r"diff_cmap must be an instance of str or matplotlib Colormap, got "
        r"<class 'int'>",
    ),
    (
        "vlim-one",
        lambda ns: ns.evokeds,
        dict(vlim=(1,)),
        ValueError,
        r"vlim must be \(vmin, vmax\), got \(1,\)",
    ),
    (
        "vlim-reversed",
        lambda ns: ns.evokeds,
        dict(vlim=(2, 1)),
        ValueError,
        r"vlim must have vmin < vmax, got \(2, 1\)",
    ),
    (
        "vlim-str",
        lambda ns: ns.evokeds,
        dict(vlim="auto"),
        TypeError,
        r"vlim must be an instance of tuple \(vmin, vmax\), got <class 'str'>",
    ),
    (
        "vlim-nan",
        lambda ns: ns.evokeds,
        dict(vlim=(np.nan, 1.0)),
        ValueError,
        r"vlim must hold finite numbers or None, got \(nan, 1\.0\)",
    ),
    (
        "diff_vlim-zero",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, diff_vlim=0),
        ValueError,
        r"diff_vlim must be a positive number \(finite\), got 0",
    ),
    (
        "diff_vlim-inf",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, diff_vlim=np.inf),
        ValueError,
        r"diff_vlim must be a positive number \(finite\), got inf",
    ),
    (
        "diff_vlim-str",
        lambda ns: ns.evokeds,
        dict(diff_vlim="1"),
        TypeError,
        r"diff_vlim must be an instance of None or numeric, got <class 'str'>",
    ),
    (
        "sensors-str",
        lambda ns: ns.evokeds,
        dict(sensors="yes"),
        TypeError,
        r"sensors must be an instance of bool, got <class 'str'>",
    ),
    (
        "contours-str",
        lambda ns: ns.evokeds,
        dict(contours="6"),
        TypeError,
        r"contours must be an instance of int-like, got <class 'str'>",
    ),
    (
        "contours-negative",
        lambda ns: ns.evokeds,
        dict(contours=-1),
        ValueError,
        r"contours must be a number of contour lines >= 0, got -1",
    ),
    (
        "title-int",
        lambda ns: ns.evokeds,
        dict(title=3),
        TypeError,
        r"title must be an instance of None or str, got <class 'int'>",
    ),
    (
        "show-str",
        lambda ns: ns.evokeds,
        dict(show="yes"),
        TypeError,
        r"show must be an instance of bool, got <class 'str'>",
    ),
    (
        "verbose",
        lambda ns: ns.evokeds,
        dict(verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    ),
]:
    add(
        T,
        _name,
        lambda ns, e=_evokeds, kw=_kwargs: call(
            plot_attention_topomaps, e(ns), **{"show": False, **kw}
        ),
        _error,
        _match,
    )

# viz.plot_sensor_attention_3d(evoked, *, ...) -------------------------------
T = "plot_sensor_attention_3d"
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
        "evoked-channel-attention",
        lambda ns: ns.chan,
        {},
        TypeError,
        r"evoked must be an instance of mne\.Evoked, got <class "
        r"'mne_attention\.containers\.channel\.ChannelAttention'>",
    ),
    (
        "evoked-list",
        lambda ns: ns.evokeds,
        {},
        TypeError,
        r"evoked must be an instance of mne\.Evoked, got <class 'list'>",
    ),
    (
        "evoked-no-montage",
        lambda ns: ns.evoked_nopos,
        {},
        ValueError,
        r"evoked\.info has no sensor positions for 6 of 6 channels .*set a montage first",
    ),
    (
        "times-str",
        lambda ns: ns.evoked,
        dict(times="0"),
        TypeError,
        r"times must be an instance of None or numeric, got <class 'str'>",
    ),
    (
        "times-outside",
        lambda ns: ns.evoked,
        dict(times=100),
        ValueError,
        r"times must be within the time range of evoked \(0 to 0\.5 s\), got 100",
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
        "vlim-one",
        lambda ns: ns.evoked,
        dict(vlim=(1,)),
        ValueError,
        r"vlim must be \(vmin, vmax\), got \(1,\)",
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
        "vlim-str-entry",
        lambda ns: ns.evoked,
        dict(vlim=("a", 1)),
        TypeError,
        r"each entry of vlim must be an instance of None or numeric, got <class 'str'>",
    ),
    (
        "vlim-nan",
        lambda ns: ns.evoked,
        dict(vlim=(np.nan, 1.0)),
        ValueError,
        r"vlim must hold finite numbers or None, got \(nan, 1\.0\)",
    ),
    (
        "head-negative",
        lambda ns: ns.evoked,
        dict(head=-1),
        ValueError,
        r"head must be a bool or an opacity between 0 and 1, got -1",
    ),
    (
        "sensor_names-int",
        lambda ns: ns.evoked,
        dict(sensor_names=1),
        TypeError,
        r"sensor_names must be an instance of bool, got <class 'int'>",
    ),
    (
        "sensor_scale-zero",
        lambda ns: ns.evoked,
        dict(sensor_scale=0),
        ValueError,
        r"sensor_scale must be a positive number, got 0",
    ),
    (
        "sensor_scale-str",
        lambda ns: ns.evoked,
        dict(sensor_scale="1"),
        TypeError,
        r"sensor_scale must be an instance of numeric, got <class 'str'>",
    ),
    (
        "bgcolor-unknown",
        lambda ns: ns.evoked,
        dict(bgcolor="nocolour"),
        ValueError,
        r"bgcolor must be a matplotlib colour, got 'nocolour'",
    ),
    (
        "size-int",
        lambda ns: ns.evoked,
        dict(size=800),
        TypeError,
        r"size must be an instance of tuple \(width, height\), got <class 'int'>",
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
    add(
        T,
        _name,
        lambda ns, e=_evoked, kw=_kwargs: call(plot_sensor_attention_3d, e(ns), **kw),
        _error,
        _match,
    )

# viz.plot_confusion_matrix(y_true, y_pred, classes, normalize, *, ...) ------
T = "plot_confusion_matrix"
for _name, _args, _kwargs, _error, _match in [
    (
        "y_true-None",
        lambda ns: (None, ns.y_pred),
        {},
        TypeError,
        r"y_true must be an array-like of labels, got NoneType",
    ),
    (
        "y_pred-int",
        lambda ns: (ns.y_true, 3),
        {},
        TypeError,
        r"y_pred must be an array-like of labels, got int",
    ),
    (
        "y_true-str",
        lambda ns: ("oocc", ns.y_pred),
        {},
        TypeError,
        r"y_true must be an array-like of labels, got str",
    ),
    (
        "y_pred-dict",
        lambda ns: (ns.y_true, {"a": 1}),
        {},
        TypeError,
        r"y_pred must be an array-like of labels, got dict",
    ),
    (
        "y_true-2d",
        lambda ns: (ns.y_true[:, None], ns.y_pred),
        {},
        ValueError,
        r"y_true and y_pred must be 1D arrays of the same length, got shapes "
        r"\(4, 1\) and \(4,\)",
    ),
    (
        "lengths",
        lambda ns: (ns.y_true, ns.y_pred[:3]),
        {},
        ValueError,
        r"y_true and y_pred must be 1D arrays of the same length, got shapes "
        r"\(4,\) and \(3,\)",
    ),
    (
        "empty",
        lambda ns: ([], []),
        {},
        ValueError,
        r"y_true and y_pred must hold at least one sample, got none",
    ),
    (
        "classes-str",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(classes="oc"),
        TypeError,
        r"classes must be an instance of list of labels, got <class 'str'>",
    ),
    (
        "classes-missing",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(classes=["open"]),
        ValueError,
        r"classes must list every label of y_true and y_pred once, got "
        r"\['open'\] \(missing: \['closed'\]\)",
    ),
    (
        "classes-repeated",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(classes=["open", "closed", "open"]),
        ValueError,
        r"classes must list every label of y_true and y_pred once, got "
        r"\['open', 'closed', 'open'\]",
    ),
    (
        "classes-empty",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(classes=[]),
        ValueError,
        r"classes must list every label of y_true and y_pred once, got \[\]",
    ),
    (
        "normalize-unknown",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(normalize="rows"),
        ValueError,
        r"Invalid value for the 'normalize' parameter\. Allowed values are "
        r"'true', 'pred', and 'all', but got 'rows'",
    ),
    (
        "normalize-int",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(normalize=1),
        TypeError,
        r"normalize must be an instance of bool or str, got <class 'int'>",
    ),
    (
        "normalize-None",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(normalize=None),
        TypeError,
        r"normalize must be an instance of bool or str, got None",
    ),
    (
        "cmap-int",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(cmap=3),
        TypeError,
        r"cmap must be an instance of str or matplotlib Colormap, got <class 'int'>",
    ),
    (
        "cmap-unknown",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(cmap="no-such-map"),
        ValueError,
        r"cmap must be the name of a matplotlib colour map .*'no-such-map'",
    ),
    (
        "axes-str",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(axes="ax"),
        TypeError,
        r"axes must be an instance of None or matplotlib Axes, got <class 'str'>",
    ),
    (
        "title-int",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(title=3),
        TypeError,
        r"title must be an instance of None or str, got <class 'int'>",
    ),
    (
        "show-str",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(show="yes"),
        TypeError,
        r"show must be an instance of bool, got <class 'str'>",
    ),
]:
    add(
        T,
        _name,
        lambda ns, a=_args, kw=_kwargs: call(
            plot_confusion_matrix, *a(ns), **{"show": False, **kw}
        ),
        _error,
        _match,
    )

# viz.plot_history(model, *, axes, show) -------------------------------------
T = "plot_history"
_MODEL = r"model must be a fitted EEGTransformer or its history_ DataFrame, got "
for _name, _model, _kwargs, _error, _match in [
    ("None", lambda ns: None, {}, TypeError, _MODEL + "NoneType"),
    ("int", lambda ns: 3, {}, TypeError, _MODEL + "int"),
    ("str", lambda ns: "model.mnea", {}, TypeError, _MODEL + "str"),
    ("dict", lambda ns: ns.history.to_dict("list"), {}, TypeError, _MODEL + "dict"),
    ("list", lambda ns: [ns.history], {}, TypeError, _MODEL + "list"),
    ("array", lambda ns: ns.history.to_numpy(), {}, TypeError, _MODEL + "ndarray"),
    (
        "unfitted",
        lambda ns: _UnfittedModel(),
        {},
        ValueError,
        r"model must be a fitted model with a history_ DataFrame \(call fit first\) or "
        r"that DataFrame, got _UnfittedModel without history_",
    ),
    (
        "history-dict",
        lambda ns: _FakeModel({"epoch": [1]}),
        {},
        TypeError,
        r"model\.history_ must be an instance of pandas\.DataFrame, got <class 'dict'>",
    ),
    (
        "history-columns",
        lambda ns: ns.history.drop(columns=["val_loss"]),
        {},
        ValueError,
        r"model\.history_ must have the columns \['epoch', 'train_loss', "
        r"'train_accuracy', 'val_loss', 'val_accuracy'\], missing \['val_loss'\]",
    ),
    (
        "history-empty",
        lambda ns: ns.history.iloc[:0],
        {},
        ValueError,
        r"model\.history_ is empty: the model trained for no epoch",
    ),
    (
        "axes-one",
        lambda ns: ns.history,
        dict(axes=[None]),
        ValueError,
        r"axes must be two matplotlib Axes \(loss, accuracy\), got 1 objects "
        r"\(NoneType\)",
    ),
    (
        "axes-str",
        lambda ns: ns.history,
        dict(axes="ab"),
        ValueError,
        r"axes must be two matplotlib Axes \(loss, accuracy\), got 1 objects \(str\)",
    ),
    (
        "axes-ints",
        lambda ns: ns.history,
        dict(axes=[1, 2]),
        ValueError,
        r"axes must be two matplotlib Axes \(loss, accuracy\), got 2 objects "
        r"\(int, int\)",
    ),
    (
        "show-str",
        lambda ns: ns.history,
        dict(show="yes"),
        TypeError,
        r"show must be an instance of bool, got <class 'str'>",
    ),
    (
        "show-None",
        lambda ns: ns.history,
        dict(show=None),
        TypeError,
        r"show must be an instance of bool, got None",
    ),
    (
        "unknown-keyword",
        lambda ns: ns.history,
        dict(title="x"),
        TypeError,
        r"unexpected keyword argument 'title'",
    ),
]:
    add(
        T,
        _name,
        lambda ns, m=_model, kw=_kwargs: call(
            plot_history, m(ns), **{"show": False, **kw}
        ),
        _error,
        _match,
    )


# --------------------------------------------------------------------------
# the tests


def _watched(value):
    """Whether a call could change ``value`` in place (so it is compared after)."""
    if isinstance(value, tuple):
        return any(_watched(item) for item in value)
    return isinstance(
        value,
        (
            list,
            dict,
            set,
            np.ndarray,
            pd.DataFrame,
            pd.Series,
            mne.Info,
            mne.BaseEpochs,
            mne.Evoked,
            ChannelAttention,
            _FakeModel,
        ),
    )


def _files(folder):
    """Names, sizes and modification times of every file under ``folder``."""
    return sorted(
        (str(path.relative_to(folder)), path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
    )


@pytest.mark.parametrize("target, make_call, error, match", ROWS)
def test_bad_input(inputs, target, make_call, error, match):
    """The bad input is refused with a message naming it, and nothing changes."""
    func, args, kwargs = make_call(inputs)
    owner = getattr(func, "__self__", None)
    watched = {
        name: value
        for name, value in [("self", owner)]
        + [(f"args[{k}]", arg) for k, arg in enumerate(args)]
        + [(f"kwargs[{key!r}]", value) for key, value in kwargs.items()]
        if _watched(value)
    }
    before, files = snapshot(watched), _files(inputs.folder)
    with pytest.raises(error, match=match):
        func(*args, **kwargs)
    assert_unchanged(before, watched)
    assert _files(inputs.folder) == files


def test_rows_per_function():
    """Every public function and method in the table has enough bad inputs."""
    counts = {}
    for row in ROWS:
        target = row.values[0]
        counts[target] = counts.get(target, 0) + 1
    few = {target: n for target, n in counts.items() if n < MIN_ROWS}
    assert not few, f"fewer than {MIN_ROWS} bad inputs: {few}"
    assert len(counts) == 23, sorted(counts)


def test_guards_catch_downloads_and_rendering(inputs):
    """The guards of the table stop a valid download and a valid 3D plot."""
    with pytest.raises(_Forbidden, match="fetch_file"):
        eegmmidb.fetch_data(1, 1)
    with pytest.raises(_Forbidden, match="the 3D renderer"):
        plot_sensor_attention_3d(inputs.evoked)
    with pytest.raises(_Forbidden, match="the 3D renderer"):
        inputs.chan.plot_3d("open", top_k=5)
