"""Writing files: output names checked before any work, atomic writes after it."""

import contextlib
import os
import tempfile
from pathlib import Path

from mne.utils import _validate_type


def check_output_path(
    fname, overwrite, name="fname", *, endings=None, overwrite_hint="overwrite=True"
):
    """Check a file name to write to before any work is done.

    Parameters
    ----------
    fname : path-like
        The file to write.
    overwrite : bool
        Whether an existing file may be replaced.
    name : str
        The argument's name, for error messages.
    endings : None | tuple of str
        The endings the file name may have; None for any.
    overwrite_hint : str
        How the caller allows replacing a file, for the message (e.g.
        ``"--overwrite is passed"`` on the command line).

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
    if endings is not None and not path.name.endswith(tuple(endings)):
        raise ValueError(f"{name} must end in {', '.join(endings)}, got {path.name}")
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"{name} must not exist unless {overwrite_hint}, got the existing file "
            f"{path}"
        )
    _check_folder(path, name)
    return path


def _check_folder(fname, name):
    """Refuse a file name whose folder is missing, not a folder or not writable."""
    folder = fname.absolute().parent
    if not folder.exists():
        raise FileNotFoundError(
            f"{name} must be a path in an existing folder, got {fname}: the folder "
            f"{folder} does not exist"
        )
    if not folder.is_dir():
        raise NotADirectoryError(
            f"{name} must be a path in an existing folder, got {fname}: {folder} "
            "is not a folder"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(
            f"{name} must be a path in a folder you can write to, got {fname}: "
            f"{folder} is not writable"
        )


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
    PermissionError
        When the folder of ``fname`` is not writable.
    """
    fname = Path(fname)
    _check_folder(fname, "fname")
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
