"""What the bad-input tables of containers, datasets and viz share.

Each of ``tests/containers/test_bad_inputs.py``, ``tests/datasets/test_bad_inputs.py``
and ``tests/viz/test_bad_inputs.py`` is one table of :class:`Rows`: each row is a
call with one wrong argument, the exception it must raise and a pattern that the
message must match (the argument's name and what was expected, mostly also what
was given). :func:`check_refused` runs a row and also checks that the call left
what the user passed (info, arrays, lists, Epochs, Evoked, containers, the object
of a method, the files in the test folder) unchanged. The ``bad_inputs`` fixture
(:func:`make_inputs`, built once per module) holds what the rows pass, and the
``no_downloads_no_rendering`` fixture (:func:`forbid_downloads_and_rendering`)
fails a row that goes to the network or starts a 3D renderer: bad input is
refused first. Both fixtures are in ``tests/conftest.py``.
"""

import socket
from types import SimpleNamespace

import h5py
import mne
import numpy as np
import pandas as pd
import pytest

from mne_attention import AttentionEpochs, AttentionEvoked, ChannelAttention
from mne_attention.containers.epochs import attention_description
from mne_attention.datasets import eegmmidb
from mne_attention.utils._montage import standard_1005_montage

from .conftest import assert_unchanged, snapshot

CH_NAMES = ["Fz", "Cz", "C3", "C4", "O1", "O2"]
CONDITIONS = ["open", "closed"]
MIN_ROWS = 15


class Bogus:
    """An object of no expected type (equal to any other Bogus, for snapshots)."""

    def __eq__(self, other):
        return type(other) is Bogus

    __hash__ = object.__hash__

    def __repr__(self):
        return "Bogus()"


BOGUS = Bogus()


class FakeModel:
    """Has ``history_`` like a fitted model, holding whatever a row needs."""

    def __init__(self, history):
        self.history_ = history


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


def make_inputs(folder):
    """Everything the rows pass: small containers, evokeds, epochs and files.

    The files are written under ``folder``.
    """
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
        ns.folder = folder
        ns.files = _write_files(folder, ns)
        ns.data_folder = folder / "mne_data"
        ns.data_folder.mkdir()
    return ns


# --------------------------------------------------------------------------
# no network, no rendering


class Forbidden(AssertionError):
    """Raised when a bad-input row reaches the network or the renderer."""


def _forbid(what):
    def forbidden(*args, **kwargs):
        raise Forbidden(f"a bad input reached {what}")

    return forbidden


def forbid_downloads_and_rendering(monkeypatch, inputs):
    """Fail any call that downloads, opens a socket or starts a 3D renderer.

    The data sets' folder and MNE's home are set to folders of ``inputs``.
    """
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
# the tables


def call(func, *args, **kwargs):
    """A row's call: what to run, with which arguments."""
    return func, args, kwargs


class Rows(list):
    """A table of rows, each ``pytest.param(target, make_call, error, match)``."""

    def add(self, target, name, make_call, error, match, marks=()):
        """Add a row: ``make_call(inputs)`` returns ``call(func, *args, **kwargs)``."""
        self.append(
            pytest.param(
                target, make_call, error, match, id=f"{target}:{name}", marks=marks
            )
        )

    def check_per_function(self, targets):
        """Each of ``targets``, and nothing else, has at least MIN_ROWS rows."""
        counts = {}
        for row in self:
            target = row.values[0]
            counts[target] = counts.get(target, 0) + 1
        assert sorted(counts) == sorted(targets)
        few = {target: n for target, n in counts.items() if n < MIN_ROWS}
        assert not few, f"fewer than {MIN_ROWS} bad inputs: {few}"


# Options of ChannelAttention.plot_3d and viz.plot_channel_attention_3d (the same
# checks, so the same rows): each is added to condition="open", top_k=10.
BAD_3D_OPTIONS = [
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


# --------------------------------------------------------------------------
# running a row


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
            FakeModel,
        ),
    )


def _files(folder):
    """Names, sizes and modification times of every file under ``folder``."""
    return sorted(
        (str(path.relative_to(folder)), path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
    )


def check_refused(inputs, make_call, error, match):
    """The row's call raises ``error`` matching ``match``, and nothing changes."""
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
