"""Atomic file writing: nothing half-written is ever left under the target name."""

import contextlib
import os
import tempfile
from pathlib import Path

from mne.utils import _validate_type


def check_output_path(fname, overwrite, name="fname"):
    """Check a file name to write to before any work is done.

    Parameters
    ----------
    fname : path-like
        The file to write.
    overwrite : bool
        Whether an existing file may be replaced.
    name : str
        The argument's name, for error messages.

    Returns
    -------
    path : pathlib.Path
        ``fname`` with ``~`` expanded.
    """
    _validate_type(fname, "path-like", name)
    _validate_type(overwrite, bool, "overwrite")
    path = Path(fname).expanduser()
    if path.is_dir():
        raise IsADirectoryError(f"{name} must be a file name, got the folder {path}")
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"{name} must not exist unless overwrite=True, got the existing file {path}"
        )
    return path


@contextlib.contextmanager
def atomic_path(fname):
    """Yield a temporary path beside ``fname`` that replaces it on success.

    Parameters
    ----------
    fname : path-like
        The final file name.

    Yields
    ------
    tmp : pathlib.Path
        Where to write; renamed to ``fname`` when the block exits cleanly and
        removed when it raises.

    Raises
    ------
    FileNotFoundError
        When the folder of ``fname`` does not exist (nothing is written).
    NotADirectoryError
        When the parent of ``fname`` is not a folder.
    """
    fname = Path(fname)
    folder = fname.parent
    if not folder.exists():
        raise FileNotFoundError(
            f"fname must be a path in an existing folder, got {fname}: the folder "
            f"{folder} does not exist"
        )
    if not folder.is_dir():
        raise NotADirectoryError(
            f"fname must be a path in an existing folder, got {fname}: {folder} "
            "is not a folder"
        )
    fd, tmp = tempfile.mkstemp(
        dir=fname.parent, prefix=f".{fname.name}.", suffix=".tmp"
    )
    os.close(fd)
    os.remove(tmp)  # some writers refuse to open an existing file
    tmp = Path(tmp)
    try:
        yield tmp
        os.replace(tmp, fname)
    finally:
        tmp.unlink(missing_ok=True)
