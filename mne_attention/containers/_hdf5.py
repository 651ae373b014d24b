"""The HDF5 schema of channel-attention files: plain arrays and strings, checked on reading.

The layout is described in the Notes of
:func:`mne_attention.read_channel_attention`.
"""

import tempfile
from pathlib import Path

import numpy as np

from ..utils._files import atomic_path

FORMAT = "mne-attention-channel-attention"
FORMAT_VERSION = 2
_REQUIRED = ("data", "conditions", "method", "info")
# the optional datasets of each format version (version 2 added "sem")
_OPTIONAL = {1: ("n_epochs",), 2: ("n_epochs", "sem")}
# Early development versions wrote with h5io under this top-level group.
_OLD_TITLE = "mne_attention_channel_attention"


def write_state(fname, *, info, data, conditions, method, n_epochs, sem):
    """Write a channel attention's state to ``fname`` (replaced when complete).

    Parameters
    ----------
    fname : path-like
        The checked file name.
    info : instance of mne.Info
        The channels.
    data : array, shape (n_conditions, n_channels, n_channels)
        The attention.
    conditions : list of str
        The condition names.
    method : str
        The attention method.
    n_epochs : None | list of int
        The epoch counts.
    sem : None | array
        The standard errors, the shape of ``data``.
    """
    import h5py

    info_bytes = _info_to_bytes(info)
    strings = h5py.string_dtype("utf-8")
    with atomic_path(fname) as tmp, h5py.File(tmp, "w-") as fid:
        fid.attrs["format"] = FORMAT
        fid.attrs["format_version"] = np.int64(FORMAT_VERSION)
        fid.create_dataset("data", data=data.astype(np.float64))
        fid.create_dataset(
            "conditions", data=np.array(conditions, dtype=object), dtype=strings
        )
        fid.create_dataset("method", data=method, dtype=strings)
        if n_epochs is not None:
            fid.create_dataset("n_epochs", data=np.array(n_epochs, dtype=np.int64))
        if sem is not None:
            fid.create_dataset("sem", data=sem.astype(np.float64))
        fid.create_dataset("info", data=info_bytes)


def _info_to_bytes(info):
    """Return ``info`` as the bytes of a FIF file."""
    from mne.io import write_info

    with tempfile.TemporaryDirectory() as folder:
        fname = Path(folder) / "chatt-info.fif"
        write_info(fname, info)
        return np.frombuffer(fname.read_bytes(), dtype=np.uint8)


def _info_from_bytes(info_bytes):
    """Return the :class:`mne.Info` of FIF file bytes."""
    from mne.io import read_info

    with tempfile.TemporaryDirectory() as folder:
        fname = Path(folder) / "chatt-info.fif"
        fname.write_bytes(info_bytes.tobytes())
        return read_info(fname, verbose=False)


class SchemaError(Exception):
    """What is wrong with a channel-attention file."""


def _dataset(fid, key):
    """Return the plain dataset ``key`` of ``fid``, refusing links and groups."""
    import h5py

    link = fid.get(key, getlink=True)
    if not isinstance(link, h5py.HardLink):
        raise SchemaError(f"{key!r} must be stored in the file, got a link")
    node = fid[key]
    if not isinstance(node, h5py.Dataset):
        raise SchemaError(f"{key!r} must be a dataset, got a group")
    if node.external or node.is_virtual:
        raise SchemaError(f"{key!r} must hold its data in the file, got external data")
    if len(node.attrs):
        raise SchemaError(
            f"{key!r} must have no attributes, got {sorted(node.attrs.keys())}"
        )
    return node


def _check_dtype(node, key, kind, itemsize, expected):
    if node.dtype.kind != kind or node.dtype.itemsize != itemsize:
        raise SchemaError(f"{key!r} must be {expected}, got {node.dtype}")


def _strings(node, key):
    import h5py

    info = h5py.check_string_dtype(node.dtype)
    if info is None or info.encoding != "utf-8":
        raise SchemaError(f"{key!r} must be UTF-8 text, got {node.dtype}")
    return node.asstr()[()]


def read_state(fid):
    """Read and check everything of an open HDF5 file.

    Parameters
    ----------
    fid : instance of h5py.File
        The open file.

    Returns
    -------
    state : dict
        The keyword arguments of :class:`ChannelAttention`.

    Raises
    ------
    SchemaError
        When the file does not follow the schema; the message says how.
    """
    attrs = dict(fid.attrs)
    if "format" not in attrs:
        if _OLD_TITLE in fid:
            raise SchemaError(
                "was written by an earlier development version of mne-attention "
                "in a format that is no longer read; re-compute the channel "
                "attention and save it again"
            )
        raise SchemaError("has no channel-attention format marker")
    if set(attrs) != {"format", "format_version"}:
        raise SchemaError(
            "must have the root attributes ['format', 'format_version'], "
            f"got {sorted(attrs)}"
        )
    name, version = attrs["format"], attrs["format_version"]
    if isinstance(name, bytes):
        name = name.decode("utf-8", errors="replace")
    if not isinstance(name, str) or name != FORMAT:
        raise SchemaError(f"has format {name!r}, not {FORMAT!r}")
    if not (isinstance(version, np.integer | int) and not isinstance(version, bool)):
        raise SchemaError(f"has a non-integer format version {version!r}")
    if version < 1:
        raise SchemaError(f"has an invalid format version {int(version)}")
    if version > FORMAT_VERSION:
        raise SchemaError(
            f"uses format version {int(version)}; this mne-attention reads up to "
            f"{FORMAT_VERSION}: upgrade mne-attention"
        )
    keys = set(fid.keys())
    missing = sorted(set(_REQUIRED) - keys)
    if missing:
        raise SchemaError(f"lacks {missing}")
    extra = sorted(keys - set(_REQUIRED) - set(_OPTIONAL[int(version)]))
    if extra:
        raise SchemaError(
            f"holds unexpected entries {extra} for format version {int(version)}"
        )
    nodes = {key: _dataset(fid, key) for key in sorted(keys)}

    data = nodes["data"]
    _check_dtype(data, "data", "f", 8, "float64")
    if data.ndim != 3 or data.shape[1] != data.shape[2] or data.shape[0] < 1:
        raise SchemaError(
            "'data' must have shape (n_conditions, n_channels, n_channels), "
            f"got {data.shape}"
        )
    n_conditions, n_channels = data.shape[:2]
    conditions = nodes["conditions"]
    if conditions.shape != (n_conditions,):
        raise SchemaError(
            f"'conditions' must have shape ({n_conditions},) like 'data', "
            f"got {conditions.shape}"
        )
    conditions = [str(condition) for condition in _strings(conditions, "conditions")]
    method = nodes["method"]
    if method.shape != ():
        raise SchemaError(f"'method' must be one string, got shape {method.shape}")
    method = str(_strings(method, "method"))
    n_epochs = None
    if "n_epochs" in nodes:
        node = nodes["n_epochs"]
        _check_dtype(node, "n_epochs", "i", 8, "int64")
        if node.shape != (n_conditions,):
            raise SchemaError(
                f"'n_epochs' must have shape ({n_conditions},) like 'data', "
                f"got {node.shape}"
            )
        n_epochs = node[()]
        if np.any(n_epochs < 0):
            raise SchemaError(f"'n_epochs' must be counts, got {n_epochs.tolist()}")
        n_epochs = n_epochs.tolist()
    sem = None
    if "sem" in nodes:
        node = nodes["sem"]
        _check_dtype(node, "sem", "f", 8, "float64")
        if node.shape != data.shape:
            raise SchemaError(
                f"'sem' must have the shape of 'data' {data.shape}, got {node.shape}"
            )
        sem = node[()]
    info_bytes = nodes["info"]
    _check_dtype(info_bytes, "info", "u", 1, "uint8")
    if info_bytes.ndim != 1 or info_bytes.size == 0:
        raise SchemaError(
            f"'info' must be the non-empty bytes of a FIF file, got shape "
            f"{info_bytes.shape}"
        )
    try:
        info = _info_from_bytes(info_bytes[()])
    except Exception as err:
        raise SchemaError(
            f"'info' is not a readable FIF measurement info: {err}"
        ) from None
    if len(info["ch_names"]) != n_channels:
        raise SchemaError(
            f"'info' must describe the {n_channels} channels of 'data', got "
            f"{len(info['ch_names'])}"
        )
    return dict(
        info=info,
        data=data[()],
        conditions=conditions,
        method=method,
        n_epochs=n_epochs,
        sem=sem,
    )
