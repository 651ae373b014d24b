"""MNE's bundled fsaverage surfaces (scalp, inner skull), in the head frame of its montages."""

from functools import lru_cache
from pathlib import Path

import mne
import numpy as np


@lru_cache(maxsize=2)
def bundled_fsaverage_surface(name):
    """Return one of the low-resolution fsaverage surfaces MNE ships, in head coordinates.

    Parameters
    ----------
    name : "head" | "inner_skull-bem"
        The file ``mne/data/fsaverage/fsaverage-<name>.fif``.

    Returns
    -------
    rr : array, shape (n_vertices, 3)
        Vertex positions in metres, head frame (read-only).
    tris : array, shape (n_triangles, 3)
        Triangles (read-only).
    """
    data_dir = Path(mne.__file__).parent / "data" / "fsaverage"
    with mne.utils.use_log_level("error"):
        surf = mne.read_bem_surfaces(data_dir / f"fsaverage-{name}.fif")[0]
        head_mri_t = mne.read_trans(data_dir / "fsaverage-trans.fif")
    # the surface is in fsaverage MRI coordinates; montages are set in the head frame
    rr = mne.transforms.apply_trans(
        mne.transforms.invert_transform(head_mri_t), surf["rr"]
    )
    tris = np.array(surf["tris"], dtype=np.int64)
    rr.flags.writeable = False
    tris.flags.writeable = False
    return rr, tris
