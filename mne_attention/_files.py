"""Atomic file writing: nothing half-written is ever left under the target name."""

import contextlib
import os
import tempfile
from pathlib import Path


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
    """
    fname = Path(fname)
    fd, tmp = tempfile.mkstemp(
        dir=fname.parent, prefix=f".{fname.name}.", suffix=".tmp"
    )
    os.close(fd)
    os.remove(tmp)  # writers such as h5io refuse to open an existing file
    tmp = Path(tmp)
    try:
        yield tmp
        os.replace(tmp, fname)
    finally:
        tmp.unlink(missing_ok=True)
