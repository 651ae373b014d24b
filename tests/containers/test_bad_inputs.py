"""Bad inputs to the containers and their readers.

One table: each row is a call of ChannelAttention (its constructor and
methods), AttentionEpochs.average, AttentionEvoked.plot_joint/plot_topomap or
read_channel_attention/read_attention_epochs/read_attention_evokeds with one
wrong argument, the exception it must raise and a pattern that the message must
match (the argument's name and what was expected, mostly also what was given).
Every row also checks that the call left what the user passed (info, arrays,
lists, Epochs, Evoked, containers, the object of a method, the files in the test
folder) unchanged, that nothing went to the network and that no 3D rendering
started: bad input is refused first (``tests/bad_inputs.py``).
"""

import importlib.util

import matplotlib.pyplot as plt
import mne
import numpy as np
import pytest

from mne_attention import (
    ChannelAttention,
    read_attention_epochs,
    read_attention_evokeds,
    read_channel_attention,
)

from ..bad_inputs import (
    BAD_3D_OPTIONS,
    BOGUS,
    CH_NAMES,
    CONDITIONS,
    Forbidden,
    Rows,
    call,
    check_refused,
)

HAS_CONNECTIVITY = importlib.util.find_spec("mne_connectivity") is not None

pytestmark = pytest.mark.usefixtures("no_downloads_no_rendering")
ROWS = Rows()
add = ROWS.add


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

# ChannelAttention.plot_3d(condition, top_k, *, links, alpha, ...) ------------
for _name, _kwargs, _error, _match in BAD_3D_OPTIONS:
    _kwargs = {"condition": "open", "top_k": 10, **_kwargs}
    add(
        "ChannelAttention.plot_3d",
        _name,
        lambda ns, kw=_kwargs: call(ns.chan.plot_3d, **kw),
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
            "ChannelAttention",
            "ChannelAttention.get_data",
            "ChannelAttention.to_connectivity",
            "ChannelAttention.link_statistics",
            "ChannelAttention.pick",
            "ChannelAttention.plot_matrix",
            "ChannelAttention.plot_3d",
            "ChannelAttention.save",
            "read_channel_attention",
            "read_attention_epochs",
            "read_attention_evokeds",
            "AttentionEpochs.average",
            "AttentionEvoked.plot_joint",
            "AttentionEvoked.plot_topomap",
        ]
    )


def test_guards_catch_rendering(bad_inputs):
    """The guards of the table stop a valid 3D plot of a container."""
    with pytest.raises(Forbidden, match="the 3D renderer"):
        bad_inputs.chan.plot_3d("open", top_k=5)
