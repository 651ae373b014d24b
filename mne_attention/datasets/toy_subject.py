"""A small FreeSurfer-style subject written on the spot, for source-space work offline.

Real analyses use the fsaverage template (:func:`mne.datasets.fetch_fsaverage`,
the default of :func:`mne_attention.source_epochs`); this subject needs no
download, so that tests and examples run anywhere. Its two hemispheres are
smooth closed surfaces shaped after MNE's bundled fsaverage inner skull, placed
in the head frame of MNE's standard montages (its MRI and head frames are one:
``bem/<subject>-trans.fif`` is the identity), and its parcellation ``"lobes"``
splits each hemisphere into eight regions named like cortical areas.
"""

from pathlib import Path

import matplotlib
import mne
import numpy as np
from mne.utils import _validate_type, logger, verbose

from ..utils._docs import fill_doc
from ..utils._montage import standard_1005_montage
from ..utils._template_head import bundled_fsaverage_surface

PARCELLATION = "lobes"
# each region: the direction from the hemisphere's centre that it is centred on,
# (lateral, anterior, superior); "lateral" points away from the midline
REGION_DIRECTIONS = {
    "frontalpole": (0.0, 1.0, 0.1),
    "superiorfrontal": (0.0, 0.5, 0.85),
    "lateralfrontal": (1.0, 0.6, 0.1),
    "precentral": (0.5, 0.0, 0.85),
    "parietal": (0.4, -0.6, 0.7),
    "occipital": (0.0, -1.0, 0.1),
    "temporal": (0.8, 0.0, -0.6),
    "medial": (-1.0, 0.0, 0.0),
}
_ICO_GRADE = 4  # 2562 vertices per hemisphere; source spaces up to "ico4" fit exactly
_SURFACES = ("white", "pial", "inflated")


def fsaverage_inner_skull():
    """Return the vertices of MNE's bundled fsaverage inner skull, head frame (m)."""
    return bundled_fsaverage_surface("inner_skull-bem")[0]


def _template_sphere():
    """Return the centre and brain radius of the usual spherical head (head frame).

    The sphere :func:`mne.make_sphere_model` fits to MNE's 10-05 electrode
    positions; sources must lie inside its innermost layer.
    """
    montage = standard_1005_montage()
    info = mne.create_info(montage.ch_names, 100.0, "eeg")
    info.set_montage(montage)
    sphere = mne.make_sphere_model("auto", "auto", info, verbose="error")
    return sphere["r0"], sphere["layers"][0]["rad"]


def _brain_shape(directions):
    """Return a smooth brain-like closed surface inside fsaverage's inner skull.

    Parameters
    ----------
    directions : array, shape (n_vertices, 3)
        Unit vectors, one per vertex of the output.

    Returns
    -------
    rr : array, shape (n_vertices, 3)
        Vertex positions in the head frame of MNE's template montages (metres).
    """
    skull = fsaverage_inner_skull()
    center, brain_radius = _template_sphere()
    offsets = skull - center
    distance = np.linalg.norm(offsets, axis=1)
    # the skull's distance along each direction, from its vertex nearest in angle
    nearest = np.argmax(directions @ (offsets / distance[:, None]).T, axis=1)
    # a margin of cerebrospinal fluid and bone, and of the spherical model
    radius = np.minimum(0.8 * distance[nearest], 0.85 * brain_radius)
    return center + radius[:, None] * directions


@verbose
@fill_doc
def write_toy_subject(
    subjects_dir, subject="mnea-toy", *, overwrite=False, verbose=None
):
    """Write a small offline subject: two hemispheres and an eight-region parcellation.

    For tests and examples that must run without downloads. The surfaces are
    closed and smooth, not folded like a cortex: use the fsaverage template
    (:func:`mne.datasets.fetch_fsaverage`) for real data.

    Parameters
    ----------
    subjects_dir : path-like
        The FreeSurfer subjects directory to write into (created if needed).
    subject : str
        The subject's name (its folder in ``subjects_dir``).
    overwrite : bool
        Whether to replace an existing subject of that name.
    %(verbose)s

    Returns
    -------
    subject_dir : pathlib.Path
        The subject's folder, holding ``surf/{lh,rh}.{white,pial,inflated,sphere}``
        (icosahedral meshes of 2562 vertices) and
        ``label/{lh,rh}.lobes.annot`` and ``bem/<subject>-trans.fif``. Read
        its regions with ``mne.read_labels_from_annot(subject, "lobes",
        subjects_dir=...)``. It lies in the head frame of MNE's standard
        montages, inside the spherical head model fitted to them
        (:func:`mne.make_sphere_model`), which
        :func:`mne_attention.source_epochs` uses for a subject without a BEM.

    Notes
    -----
    The regions, per hemisphere: frontalpole, superiorfrontal,
    lateralfrontal, precentral, parietal, occipital, temporal and medial,
    named with the hemisphere appended as in FreeSurfer's parcellations
    (``"occipital-lh"``).
    """
    _validate_type(subjects_dir, "path-like", "subjects_dir")
    _validate_type(subject, str, "subject")
    _validate_type(overwrite, bool, "overwrite")
    if not subject or Path(subject).name != subject:
        raise ValueError(f"subject must be a plain folder name, got {subject!r}")
    subject_dir = Path(subjects_dir).expanduser() / subject
    if subject_dir.exists() and not overwrite:
        raise FileExistsError(
            f"{subject_dir} exists; pass overwrite=True to replace the subject"
        )
    from mne.surface import _get_ico_surface

    ico = _get_ico_surface(_ICO_GRADE)
    directions = ico["rr"] / np.linalg.norm(ico["rr"], axis=1, keepdims=True)
    brain = _brain_shape(directions)
    center_x = brain[:, 0].mean()
    half_width = np.ptp(brain[:, 0]) / 2
    colors = matplotlib.colormaps["tab20"](
        np.linspace(0, 1, 2 * len(REGION_DIRECTIONS))
    )
    labels = []
    (subject_dir / "surf").mkdir(parents=True, exist_ok=True)
    (subject_dir / "label").mkdir(exist_ok=True)
    for side, hemi in ((-1, "lh"), (1, "rh")):
        # each hemisphere: the brain shape halved in width, 2 mm off the midline
        rr = brain.copy()
        rr[:, 0] = (
            center_x + side * (half_width / 2 + 0.002) + (brain[:, 0] - center_x) / 2
        )
        for name in _SURFACES:
            mne.write_surface(
                subject_dir / "surf" / f"{hemi}.{name}",
                rr * 1000,  # FreeSurfer surfaces are in millimetres
                ico["tris"],
                overwrite=True,
            )
        mne.write_surface(
            subject_dir / "surf" / f"{hemi}.sphere",
            directions * 100,
            ico["tris"],
            overwrite=True,
        )
        centres = np.array(list(REGION_DIRECTIONS.values()), float)
        centres[:, 0] *= side
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        region = np.argmax(directions @ centres.T, axis=1)
        for index, name in enumerate(REGION_DIRECTIONS):
            labels.append(
                mne.Label(
                    np.flatnonzero(region == index),
                    hemi=hemi,
                    name=f"{name}-{hemi}",
                    subject=subject,
                    color=colors[len(labels)],
                )
            )
    (subject_dir / "bem").mkdir(exist_ok=True)
    mne.write_trans(
        subject_dir / "bem" / f"{subject}-trans.fif",
        mne.transforms.Transform("head", "mri"),
        overwrite=True,
    )
    mne.write_labels_to_annot(
        labels,
        subject,
        PARCELLATION,
        subjects_dir=Path(subjects_dir).expanduser(),
        overwrite=True,
        verbose="error",
    )
    logger.info(f"Wrote subject {subject!r} ({len(labels)} regions) to {subject_dir}")
    return subject_dir
