"""The head model of a FreeSurfer subject: its regions, source space and EEG forward model."""

from pathlib import Path

import mne
from mne.utils import logger

# FreeSurfer's names for vertices outside every region
_UNLABELLED = ("unknown", "???", "Unknown", "Medial_wall")


def resolve_subjects_dir(subject, subjects_dir):
    """Return the subjects directory; fsaverage is fetched when none is given."""
    if subjects_dir is None and subject == "fsaverage":
        logger.info("Using the fsaverage template (downloaded on first use)")
        return Path(mne.datasets.fetch_fsaverage(verbose=False)).parent
    subjects_dir = mne.utils.get_subjects_dir(subjects_dir, raise_error=True)
    if not (subjects_dir / subject).is_dir():
        raise ValueError(
            f"subject must be a folder of subjects_dir, got {subject!r}, which "
            f"{subjects_dir} does not hold"
        )
    return subjects_dir


def read_regions(subject, subjects_dir, parc):
    """Return the labelled regions of the parcellation ``parc``."""
    label_dir = subjects_dir / subject / "label"
    if not all((label_dir / f"{hemi}.{parc}.annot").is_file() for hemi in ("lh", "rh")):
        found = sorted({path.name[3:-6] for path in label_dir.glob("?h.*.annot")})
        raise ValueError(
            f"parc must name a parcellation of {subject!r} (label/lh.<parc>.annot "
            f"and label/rh.<parc>.annot), got {parc!r}; found: {found}"
        )
    labels = mne.read_labels_from_annot(
        subject, parc, subjects_dir=subjects_dir, verbose="error"
    )
    labels = [label for label in labels if not label.name.startswith(_UNLABELLED)]
    if not labels:
        raise ValueError(f"parc {parc!r} of {subject!r} holds no labelled region")
    return labels


def _transform(trans, subject, subjects_dir):
    if not (isinstance(trans, str) and trans == "auto"):
        return trans
    if subject == "fsaverage":
        return "fsaverage"
    fname = subjects_dir / subject / "bem" / f"{subject}-trans.fif"
    if not fname.is_file():
        raise ValueError(
            f'trans="auto" needs {fname} for subject {subject!r}, which does not '
            "exist: pass the head <-> MRI transform of the coregistration"
        )
    return fname


def _conductor(bem, subject, subjects_dir, info):
    if bem is not None:
        return bem
    template = subjects_dir / subject / "bem" / f"{subject}-5120-5120-5120-bem-sol.fif"
    if template.is_file():
        return template
    logger.info(f"No BEM solution for {subject!r}: a spherical head model is used")
    return mne.make_sphere_model("auto", "auto", info, verbose="error")


def forward_model(info, subject, subjects_dir, *, trans="auto", bem=None, spacing):
    """Return the EEG forward model of a subject's cortical surface.

    Parameters
    ----------
    info : instance of mne.Info
        The EEG channels, with positions.
    subject : str
        The FreeSurfer subject.
    subjects_dir : pathlib.Path
        Its subjects directory.
    trans : "auto" | str | path-like | instance of mne.transforms.Transform
        The head <-> MRI transform (see :func:`mne_attention.source_epochs`).
    bem : None | path-like | instance of mne.bem.ConductorModel
        The head model; None: the subject's BEM solution, or a sphere.
    spacing : str
        The source space spacing.

    Returns
    -------
    forward : instance of mne.Forward
        Free-orientation forward solution.
    """
    src = mne.setup_source_space(
        subject, spacing, subjects_dir=subjects_dir, add_dist=False, verbose="error"
    )
    return mne.make_forward_solution(
        info,
        _transform(trans, subject, subjects_dir),
        src,
        _conductor(bem, subject, subjects_dir, info),
        meg=False,
        eeg=True,
        verbose="error",
    )
