"""Epochs of brain regions: EEG projected onto the cortex and averaged within each label."""

import mne
import numpy as np
from mne.utils import _check_option, _validate_type, logger, verbose, warn

from ..utils._docs import fill_doc
from .forward import forward_model, read_regions, resolve_subjects_dir

INVERSE_METHODS = ("eLORETA", "sLORETA", "dSPM", "MNE")
LABEL_MODES = ("mean_flip", "mean", "pca_flip")
_CHUNK = 256  # epochs read at once


def _check_epochs(epochs):
    _validate_type(epochs, mne.BaseEpochs, "epochs", "mne.Epochs")
    picks = mne.pick_types(epochs.info, eeg=True, exclude="bads")
    if len(picks) == 0:
        raise ValueError(
            f"epochs must hold good EEG channels to project onto the cortex, got "
            f"none among {len(epochs.ch_names)} channels"
        )
    montage = epochs.get_montage()
    placed = montage is not None and {
        name
        for name, pos in montage.get_positions()["ch_pos"].items()
        if np.all(np.isfinite(pos))
    } >= {epochs.ch_names[pick] for pick in picks}
    if not placed:
        raise ValueError(
            "epochs must have a montage placing every good EEG channel (the forward "
            "model needs the electrode positions), e.g. "
            'epochs.set_montage("standard_1005"); got '
            + ("no montage" if montage is None else "channels without positions")
        )
    return picks


def _eeg_info(epochs, picks):
    """Return the info of the EEG channels, with an average reference projector."""
    # a one-sample evoked: MNE's own way to add the projector, without the data
    evoked = mne.EvokedArray(
        np.zeros((len(picks), 1)), mne.pick_info(epochs.info, picks), verbose="error"
    )
    if not mne._fiff.proj._has_eeg_average_ref_proj(evoked.info):
        evoked.set_eeg_reference("average", projection=True, verbose="error")
    return evoked.info


def _noise_covariance(noise_cov, epochs, info):
    if isinstance(noise_cov, mne.Covariance):
        return noise_cov
    if noise_cov == "auto" and epochs.tmin >= 0:
        logger.info("No pre-stimulus period: a diagonal noise covariance is used")
        return mne.make_ad_hoc_cov(info, verbose="error")
    tmax = 0.0 if noise_cov == "auto" else None
    logger.info(
        "Noise covariance from the "
        + ("pre-stimulus period" if tmax == 0 else "epochs")
    )
    cov = mne.compute_covariance(epochs, tmax=tmax, method="shrunk", verbose="error")
    return mne.pick_channels_cov(cov, info["ch_names"], ordered=True, verbose="error")


def _region_kernel(info, inverse, labels, method, lambda2, mode):
    """Return the linear map from sensor data to region time courses.

    The inverse operator and the label averages (including the sign flips of
    ``"mean_flip"``) are linear and data-independent, so they are applied to
    the identity once instead of to every epoch.
    """
    identity = mne.EvokedArray(np.eye(len(info["ch_names"])), info, nave=1)
    kernel = mne.minimum_norm.apply_inverse(
        identity, inverse, lambda2, method, pick_ori="normal", verbose="error"
    )
    return mne.extract_label_time_course(
        kernel, labels, inverse["src"], mode=mode, verbose="error"
    )


def _drop_empty(labels, src):
    used = {hemi["id"]: hemi["vertno"] for hemi in src}
    hemi_id = {
        "lh": mne.io.constants.FIFF.FIFFV_MNE_SURF_LEFT_HEMI,
        "rh": mne.io.constants.FIFF.FIFFV_MNE_SURF_RIGHT_HEMI,
    }
    kept, dropped = [], []
    for label in labels:
        has_sources = np.isin(label.vertices, used[hemi_id[label.hemi]]).any()
        (kept if has_sources else dropped).append(label)
    if dropped:
        warn(
            f"{len(dropped)} region(s) hold no source of the model and are left out: "
            + ", ".join(label.name for label in dropped)
        )
    return kept


@verbose
@fill_doc
def source_epochs(
    epochs,
    subjects_dir=None,
    parc="aparc",
    method="eLORETA",
    *,
    subject="fsaverage",
    trans="auto",
    bem=None,
    spacing="ico4",
    noise_cov="auto",
    snr=3.0,
    mode="mean_flip",
    verbose=None,
):
    """Project EEG epochs onto the cortex and average them within brain regions.

    The result is an Epochs object whose "channels" are the regions of a
    parcellation, so that :class:`mne_attention.EEGTransformer` trains on it
    unchanged (one token per region and time window) and
    :func:`mne_attention.compute_attention` returns attention per region
    (:meth:`mne_attention.AttentionEvoked.to_source_estimate` then puts it on
    the cortex).

    The steps, all MNE's: a surface source space
    (:func:`mne.setup_source_space`), the forward model
    (:func:`mne.make_forward_solution`) through the subject's BEM or a
    spherical head model, an inverse operator
    (:func:`mne.minimum_norm.make_inverse_operator`) from the epochs' noise
    covariance, with an average reference projection, and the label time
    courses (:func:`mne.extract_label_time_course`). Inverse and label
    average are linear, so their product is computed once and applied to the
    epochs a chunk at a time.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        EEG epochs with a montage. They are not modified.
    subjects_dir : None | path-like
        The FreeSurfer subjects directory. None with ``subject="fsaverage"``
        fetches the template with :func:`mne.datasets.fetch_fsaverage` (into
        MNE's data folder, once); otherwise None reads ``SUBJECTS_DIR``.
    parc : str
        The parcellation, ``label/{lh,rh}.{parc}.annot`` of the subject
        (e.g. ``"aparc"``, ``"aparc.a2009s"``). Unlabelled vertices
        (``"unknown"``) are left out.
    method : "eLORETA" | "sLORETA" | "dSPM" | "MNE"
        The inverse method.
    subject : str
        The FreeSurfer subject; the default uses the fsaverage template, for
        data without an individual MRI.
    trans : "auto" | str | path-like | instance of mne.transforms.Transform
        The head <-> MRI transform. ``"auto"``: MNE's ``"fsaverage"`` for the
        template, otherwise ``bem/<subject>-trans.fif`` of the subject
        (:func:`mne_attention.datasets.write_toy_subject` writes one).
    bem : None | path-like | instance of mne.bem.ConductorModel
        The head model. None uses the subject's
        ``bem/{subject}-5120-5120-5120-bem-sol.fif`` (fsaverage has one), or
        else a spherical model fitted to the electrode positions.
    spacing : str
        The source space spacing, as in :func:`mne.setup_source_space`
        (``"ico4"``: 2562 sources per hemisphere, plenty for regional
        averages).
    noise_cov : "auto" | "epochs" | instance of mne.Covariance
        The noise covariance that whitens the data. ``"auto"``: the epochs'
        pre-stimulus covariance (shrunk) when they start before 0 s, else a
        diagonal one (:func:`mne.make_ad_hoc_cov`), because a covariance
        over whole epochs holds the very activity that tells the classes
        apart, and whitening would suppress it. ``"epochs"``: the shrunk
        covariance of the whole epochs, for data whose epochs are noise.
    snr : float
        The assumed signal-to-noise ratio; the regularisation is
        ``lambda2 = 1 / snr ** 2``.
    mode : "mean_flip" | "mean" | "pca_flip"
        How the time courses within a region are combined
        (:func:`mne.extract_label_time_course`); ``"mean_flip"`` keeps the
        sources of opposite orientation from cancelling.
    %(verbose)s

    Returns
    -------
    region_epochs : instance of mne.EpochsArray
        One channel of type ``"dipole"`` per region, named after its label
        (``"precentral-lh"``), holding the region's current (A m, or
        unitless for ``"dSPM"`` and ``"sLORETA"``); the same events,
        ``event_id``, times and metadata as ``epochs``. Read the regions
        with ``mne.read_labels_from_annot(subject, parc, subjects_dir=...)``.
        MNE counts dipole channels as non-data channels: pass
        ``picks="all"`` where an MNE method would pick data channels
        (``region_epochs.average(picks="all")``,
        ``compute_psd(picks="all")``).

    See Also
    --------
    mne_attention.AttentionEvoked.to_source_estimate
    mne_attention.datasets.write_toy_subject
    """
    picks = _check_epochs(epochs)
    _validate_type(subject, str, "subject")
    _validate_type(parc, str, "parc")
    _check_option("method", method, INVERSE_METHODS)
    _check_option("mode", mode, LABEL_MODES)
    _validate_type(spacing, str, "spacing")
    _validate_type(noise_cov, (str, mne.Covariance), "noise_cov")
    if isinstance(noise_cov, str):
        _check_option("noise_cov", noise_cov, ("auto", "epochs"))
    _validate_type(snr, "numeric", "snr")
    if not np.isfinite(snr) or snr <= 0:
        raise ValueError(f"snr must be a positive number, got {snr}")
    subjects_dir = resolve_subjects_dir(subject, subjects_dir)
    labels = read_regions(subject, subjects_dir, parc)

    info = _eeg_info(epochs, picks)
    noise_cov = _noise_covariance(noise_cov, epochs, info)
    forward = forward_model(
        info, subject, subjects_dir, trans=trans, bem=bem, spacing=spacing
    )
    inverse = mne.minimum_norm.make_inverse_operator(
        info, forward, noise_cov, loose=0.2, depth=0.8, verbose="error"
    )
    labels = _drop_empty(labels, inverse["src"])
    kernel = _region_kernel(info, inverse, labels, method, 1.0 / snr**2, mode)

    data = np.empty((len(epochs), len(labels), len(epochs.times)))
    for start in range(0, len(epochs), _CHUNK):
        chunk = epochs.get_data(picks=picks, item=slice(start, start + _CHUNK))
        data[start : start + len(chunk)] = np.einsum("rc,ect->ert", kernel, chunk)
    region_info = mne.create_info(
        [label.name for label in labels], epochs.info["sfreq"], "dipole"
    )
    region_info["description"] = (
        f"{parc} regions of {subject}, {method} ({mode}) from {len(picks)} EEG channels"
    )
    logger.info(f"{len(labels)} regions of {parc!r} from {len(picks)} EEG channels")
    return mne.EpochsArray(
        data,
        region_info,
        events=epochs.events,
        tmin=epochs.tmin,
        event_id=epochs.event_id,
        metadata=epochs.metadata,
        verbose="error",
    )
