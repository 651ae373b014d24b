"""Simulated EEG whose class difference lives in known brain regions (mne.simulation)."""

import mne
import numpy as np
import pandas as pd
from mne.utils import _validate_type, check_random_state, logger, verbose

from ..source.forward import forward_model, read_regions, resolve_subjects_dir
from ..utils._checks import check_int, check_number, check_seed
from ..utils._docs import fill_doc
from ..utils._montage import standard_1005_montage
from ._eegmmidb_tasks import EVENT_ID, standard_ch_names
from .simulation import coloured_noise, spectral_bump

_CONDITIONS = ("eyes-open", "eyes-closed")
_SOURCE_SPACING = "ico3"  # coarser than source_epochs' default: no inverse crime
_REGION_AMPLITUDE = 1e-9  # A m per source: RMS of each region's background
_BASE_AMPLITUDE = 0.4  # the rhythm (relative to the background) without the effect
_N_DISTRACTORS = 2  # class-independent rhythms in other regions, per subject
_SENSOR_NOISE = 0.3  # white noise per channel, relative to the sensor RMS
_SUBJECT_SPREAD = 0.4  # log-normal spread of gains and effect strength


def _region_waveforms(rng, names, active, labels, freqs, n_times, snr):
    """Return each region's waveform per epoch, shape (n_regions, n_epochs, n_times)."""
    n_epochs = len(labels)
    exponent = rng.uniform(1.0, 1.6)
    gains = np.exp(rng.normal(0.0, _SUBJECT_SPREAD, len(names)))
    waveforms = coloured_noise(
        rng, (len(names), n_epochs), (1.0 + freqs) ** (-exponent / 2), n_times
    )
    waveforms *= gains[:, None, None]
    peak = np.clip(rng.normal(10.0, 1.0), 8.0, 13.0)
    strength = np.exp(rng.normal(0.0, _SUBJECT_SPREAD))
    for index in (names.index(name) for name in active):
        rhythm = coloured_noise(
            rng, (n_epochs,), spectral_bump(freqs, peak, 1.0), n_times
        )
        amplitude = (_BASE_AMPLITUDE + snr * strength * labels) * np.exp(
            rng.normal(0.0, 0.25, n_epochs)
        )
        waveforms[index] += amplitude[:, None] * rhythm
    others = [i for i, name in enumerate(names) if name not in active]
    for index in rng.choice(others, _N_DISTRACTORS, replace=False):
        freq = rng.uniform(4.0, 30.0)
        waveforms[index] += coloured_noise(
            rng, (n_epochs,), spectral_bump(freqs, freq, 2.0), n_times
        )
    return _REGION_AMPLITUDE * waveforms


def _region_topographies(forward, regions, info):
    """Return the EEG topography of each region at 1 A m per source, (n_channels, n_regions).

    :func:`mne.simulation.simulate_stc` puts region ``k`` alone at time
    ``k``, and :func:`mne.apply_forward` projects it: the columns of the
    result. The sensor data are linear in the region waveforms, so the
    topographies are all that is needed.
    """
    fixed = mne.convert_forward_solution(
        forward, surf_ori=True, force_fixed=True, verbose="error"
    )
    stc = mne.simulation.simulate_stc(
        fixed["src"], regions, np.eye(len(regions)), tmin=0.0, tstep=1.0
    )
    return mne.apply_forward(fixed, stc, info, verbose="error").data


def _simulate_subject(rng, topographies, names, active, sfreq, n_epochs_per_class, snr):
    n_times = int(round(2.0 * sfreq))
    freqs = np.fft.rfftfreq(n_times, 1.0 / sfreq)
    labels = rng.permutation(np.repeat([0, 1], n_epochs_per_class))
    waveforms = _region_waveforms(rng, names, active, labels, freqs, n_times, snr)
    data = np.einsum("cr,ret->ect", topographies, waveforms)
    data += _SENSOR_NOISE * data.std() * rng.standard_normal(data.shape)
    return data * np.exp(rng.normal(0.0, _SUBJECT_SPREAD)), labels


@verbose
@fill_doc
def simulate_source_epochs(
    subjects_dir=None,
    subject="fsaverage",
    *,
    parc="aparc",
    active=None,
    n_subjects=4,
    n_epochs_per_class=40,
    sfreq=100.0,
    snr=1.0,
    random_state=None,
    verbose=None,
):
    """Simulate EEG epochs whose class difference comes from known brain regions.

    Built with :mod:`mne.simulation`: every region of the parcellation
    carries its own 1/f activity (one waveform per region and epoch, the
    same at all the region's sources, as :func:`mne.simulation.simulate_stc`
    places it), the ``active`` regions also carry an alpha rhythm (peak near
    10 Hz) that is stronger in ``"eyes-closed"`` than in ``"eyes-open"``, two
    other regions carry class-independent rhythms, and the subject's forward
    model (:func:`mne.apply_forward`, fixed orientations on a coarser source
    space than :func:`mne_attention.source_epochs` uses) projects it all to
    64 EEG channels (10-05 template positions), before white sensor noise is
    added. Subjects differ in overall
    gain, region gains, 1/f exponent, alpha peak (8-13 Hz), effect strength
    and which regions hold the distractors.

    Parameters
    ----------
    subjects_dir : None | path-like
        The FreeSurfer subjects directory (None: as in
        :func:`mne_attention.source_epochs`).
    subject : str
        The subject whose cortex generates the data, e.g. one written by
        :func:`write_toy_subject` (no download).
    parc : str
        The parcellation whose regions carry the activity.
    active : None | list of str
        The regions of the class effect; None: the two regions whose names
        start with ``"lateraloccipital"`` or, failing that, ``"occipital"``.
    n_subjects : int
        Number of subjects.
    n_epochs_per_class : int
        Epochs per class and subject (2 s each).
    sfreq : float
        Sampling frequency in Hz, at least 80.
    snr : float
        Strength of the class effect: the alpha rhythm's amplitude in
        ``"eyes-closed"`` over that of a region's background (0: no
        difference).
    %(random_state)s
    %(verbose)s

    Returns
    -------
    epochs : instance of mne.EpochsArray
        ``n_subjects * 2 * n_epochs_per_class`` EEG epochs with a montage,
        ``event_id={"eyes-open": 1, "eyes-closed": 2}`` and ``metadata``
        columns ``subject`` and ``condition``.
    active : list of str
        The names of the regions of the class effect: the ground truth for
        attention over regions (:func:`mne_attention.source_epochs`).
    """
    subjects_dir = resolve_subjects_dir(subject, subjects_dir)
    regions = read_regions(subject, subjects_dir, parc)
    names = [region.name for region in regions]
    if active is None:
        active = [n for n in names if n.startswith("lateraloccipital")] or [
            n for n in names if n.startswith("occipital")
        ]
    _validate_type(active, (list, tuple), "active", "list of str")
    unknown = [name for name in active if name not in names]
    if unknown or not active:
        raise ValueError(
            f"active must name regions of {parc!r}, got {list(active)!r}; the "
            f"regions are {names}"
        )
    n_subjects = check_int(n_subjects, "n_subjects", minimum=1)
    n_epochs_per_class = check_int(n_epochs_per_class, "n_epochs_per_class", minimum=1)
    sfreq = check_number(sfreq, "sfreq", low=80.0)
    snr = check_number(snr, "snr", low=0)
    check_seed(random_state)

    info = mne.create_info(standard_ch_names(), sfreq, "eeg")
    info.set_montage(standard_1005_montage())
    forward = forward_model(info, subject, subjects_dir, spacing=_SOURCE_SPACING)
    topographies = _region_topographies(forward, regions, info)
    logger.info(
        f"Simulating {n_subjects} subjects x {2 * n_epochs_per_class} epochs from "
        f"{len(regions)} regions of {subject!r}; effect in {', '.join(active)}"
    )
    seeds = check_random_state(random_state).randint(0, 2**31 - 1, n_subjects)
    data, labels = zip(
        *(
            _simulate_subject(
                np.random.default_rng(seed),
                topographies,
                names,
                list(active),
                sfreq,
                n_epochs_per_class,
                snr,
            )
            for seed in seeds
        )
    )
    labels = np.concatenate(labels)
    n_times = data[0].shape[-1]
    event_id = {name: EVENT_ID[name] for name in _CONDITIONS}
    codes = np.array([event_id[name] for name in _CONDITIONS])[labels]
    events = np.c_[np.arange(len(labels)) * n_times, np.zeros(len(labels), int), codes]
    metadata = pd.DataFrame(
        dict(
            subject=np.repeat(np.arange(1, n_subjects + 1), 2 * n_epochs_per_class),
            condition=np.asarray(_CONDITIONS)[labels].tolist(),
        )
    )
    epochs = mne.EpochsArray(
        np.concatenate(data),
        info,
        events,
        event_id=event_id,
        metadata=metadata,
        verbose=False,
    )
    return epochs, list(active)
