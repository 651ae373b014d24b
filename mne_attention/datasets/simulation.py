"""Simulated eegmmidb-like epochs whose class differences, and their location, are known."""

import numpy as np
from mne.utils import _check_option, _validate_type, check_random_state, logger, verbose

from ..utils._checks import check_int, check_number, check_seed
from ..utils._docs import fill_doc
from ._eegmmidb_tasks import EVENT_ID, standard_ch_names

_BACKGROUND_UV = 10.0  # RMS of the background at every channel, before the gain
_BASE_AMPLITUDE = 0.4  # rhythm amplitude (relative to the background) without effect
_LENGTH_CONSTANT = 0.06  # m; background correlation exp(-distance / length)
_SENSOR_NOISE = 0.3  # independent noise per channel (relative), beside the correlated
# log-normal spread across subjects of the overall gain and of the effect's
# strength, and across one subject's channels of the gain (electrode contact)
_SUBJECT_SPREAD = 0.4
_CHANNEL_GAIN_SPREAD = 0.2
_N_DISTRACTORS = 3  # class-independent rhythmic sources per subject
_MIN_SFREQ = 80.0  # the simulated rhythms reach 40 Hz
_MIN_TMAX = 0.5

# condition pair, centre channels of the effect and its spatial spread (m)
_TASKS = {
    "eyes": dict(
        conditions=("eyes-open", "eyes-closed"),
        task="eyes",
        runs=((1,), (2,)),
        centres=(("O1", "Oz", "O2"),),
        spread=0.035,
    ),
    "motor": dict(
        conditions=("left-fist", "right-fist"),
        task="fist",
        runs=((3, 7, 11), (3, 7, 11)),
        centres=(("C3",), ("C4",)),
        spread=0.03,
    ),
}


def _positions(info):
    return np.array([ch["loc"][:3] for ch in info["chs"]])


def _distances(pos):
    return np.linalg.norm(pos[:, None] - pos[None], axis=-1)


def _pattern(ch_names, distances, centres, spread):
    """Relevance in [0, 1]: 1 at the centre channels, Gaussian fall-off with distance."""
    idx = [ch_names.index(name) for name in centres]
    return np.exp(-(distances[idx].min(axis=0) ** 2) / (2 * spread**2))


def coloured_noise(rng, shape, amplitude, n_times):
    """Return Gaussian noise with spectral ``amplitude`` (over rfft frequencies), unit variance."""
    n_freqs = len(amplitude)
    spectrum = rng.standard_normal((*shape, n_freqs)) + 1j * rng.standard_normal(
        (*shape, n_freqs)
    )
    spectrum *= amplitude
    spectrum[..., 0] = 0.0  # no DC
    signal = np.fft.irfft(spectrum, n=n_times)
    return signal / signal.std()


def spectral_bump(freqs, centre, width):
    """Return a Gaussian spectral peak at ``centre`` Hz of standard deviation ``width``."""
    return np.exp(-((freqs - centre) ** 2) / (2 * width**2))


def _simulate_subject(
    rng, labels, spec, patterns, distances, mixing, freqs, n_times, snr
):
    """One subject's epochs, in volts: 1/f background, distractors and the class effect."""
    n_epochs, n_channels = len(labels), len(mixing)
    # per-subject variability
    gain = _BACKGROUND_UV * 1e-6 * np.exp(rng.normal(0.0, _SUBJECT_SPREAD))
    channel_gains = np.exp(rng.normal(0.0, _CHANNEL_GAIN_SPREAD, n_channels))
    exponent = rng.uniform(1.0, 1.6)
    peak = np.clip(rng.normal(10.0, 1.0), 8.0, 13.0)
    strength = np.exp(rng.normal(0.0, _SUBJECT_SPREAD))

    # background: 1/f noise, spatially correlated through the mixing matrix (one GEMM:
    # many small multithreaded BLAS calls crawl on a busy machine)
    pink = coloured_noise(
        rng, (n_channels, n_epochs), (1.0 + freqs) ** (-exponent / 2), n_times
    )
    data = (mixing @ pink.reshape(n_channels, -1)).reshape(pink.shape)
    data = np.ascontiguousarray(
        data.transpose(1, 0, 2)
    )  # (n_epochs, n_channels, n_times)
    data += _SENSOR_NOISE * rng.standard_normal(data.shape)
    data /= np.sqrt(1 + _SENSOR_NOISE**2)

    # a few class-independent rhythmic sources at random places
    centres = rng.integers(0, n_channels, _N_DISTRACTORS)
    topographies = np.exp(-(distances[centres] ** 2) / (2 * 0.04**2))
    for topography, freq in zip(topographies, rng.uniform(4.0, 35.0, _N_DISTRACTORS)):
        source = coloured_noise(
            rng, (n_epochs,), spectral_bump(freqs, freq, 2.0), n_times
        )
        data += 0.5 * topography[None, :, None] * source[:, None, :]

    # the class effect: a rhythm whose amplitude depends on the class
    if spec["task"] == "eyes":  # occipito-parietal alpha, stronger with eyes closed
        spectra = [spectral_bump(freqs, peak, 1.0)]
        active = [labels == 1]
    else:  # mu/beta at C3 and C4; the contralateral one desynchronises
        spectra = [
            spectral_bump(freqs, peak, 1.0) + 0.5 * spectral_bump(freqs, 2 * peak, 2.5)
        ] * 2
        active = [labels == 0, labels == 1]  # C3 synchronised in left-fist, C4 in right
    for pattern, spectrum, on in zip(patterns, spectra, active):
        source = coloured_noise(rng, (n_epochs,), spectrum, n_times)
        amplitude = (_BASE_AMPLITUDE + snr * strength * on) * np.exp(
            rng.normal(0.0, 0.25, n_epochs)
        )
        data += pattern[None, :, None] * (amplitude[:, None] * source)[:, None, :]
    return gain * channel_gains[:, None] * data


@verbose
@fill_doc
def simulate_epochs(
    task="eyes",
    n_subjects=8,
    n_epochs_per_class=40,
    sfreq=160.0,
    tmax=None,
    snr=1.0,
    random_state=None,
    verbose=None,
):
    """Simulate eegmmidb-like epochs of several subjects with a known class effect.

    Every epoch is 64-channel EEG (the eegmmidb channels, standardised names,
    10-05 template montage): a spatially correlated 1/f background
    (correlation ``exp(-distance / 6 cm)`` plus independent sensor noise), a
    few class-independent rhythmic sources at random places, and a class
    effect at a known place:

    - ``task="eyes"``: alpha (subject's peak frequency near 10 Hz) over
      occipito-parietal sensors (centred on O1, Oz, O2), stronger for
      ``"eyes-closed"`` than ``"eyes-open"``.
    - ``task="motor"``: 8-30 Hz mu/beta rhythms at C3 and C4 that
      desynchronise contralaterally: weaker at C3 for ``"right-fist"``,
      weaker at C4 for ``"left-fist"``.

    Subjects differ in background gain, gain of each channel (electrode
    contact), 1/f exponent, alpha peak frequency (8-13 Hz), effect strength
    and distractor sources; epochs differ in rhythm amplitude.

    Parameters
    ----------
    task : "eyes" | "motor"
        The class effect to simulate.
    n_subjects : int
        Number of subjects.
    n_epochs_per_class : int
        Epochs per class and subject.
    sfreq : float
        Sampling frequency in Hz, at least 80 (the simulated rhythms reach 40 Hz).
    tmax : None | float
        Time of the last sample (epochs start at 0). None gives 2 s epochs,
        ``2 - 1 / sfreq`` (320 samples at 160 Hz).
    snr : float
        Strength of the class effect: how much larger the rhythm's RMS
        amplitude is at the effect's centre channels in the class where it is
        present, relative to the background's RMS amplitude. The default
        leaves the task hard but learnable across subjects: a logistic
        regression on log power spectra scores about 0.8 to 0.9 on held-out
        subjects (``benchmarks/bench_accuracy.py``); 0 gives no class
        difference at all.
    %(random_state)s
        Subject ``k``'s data do not depend on ``n_subjects``.
    %(verbose)s

    Returns
    -------
    epochs : instance of mne.EpochsArray
        ``n_subjects * 2 * n_epochs_per_class`` epochs, subject by subject, the
        classes in random order. ``event_id`` is ``{"eyes-open": 1,
        "eyes-closed": 2}`` or ``{"left-fist": 3, "right-fist": 4}`` (the codes
        of :func:`~mne_attention.datasets.eegmmidb.load_epochs`); ``metadata``
        has columns ``subject`` (1 to ``n_subjects``), ``run`` (eegmmidb runs:
        1/2 for eyes, 3/7/11 for motor), ``condition`` and ``task`` (the
        eegmmidb task: ``"eyes"`` or ``"fist"``).
    truth : instance of mne.EvokedArray
        Ground-truth relevance of every channel for the class difference
        (unitless, in [0, 1], not volts): 1 at the effect's centre channels
        (O1, Oz, O2 for eyes; C3 and C4 for motor), falling off as a Gaussian
        of the distance (3.5 cm or 3 cm). One time point; the same channels
        and montage as ``epochs``. Plot it with e.g.
        ``truth.plot_topomap(times=0, scalings=1, units="relevance")``.
    """
    import mne
    import pandas as pd

    from ..utils._montage import standard_1005_montage

    _validate_type(task, str, "task")
    _check_option("task", task, tuple(_TASKS))
    n_subjects = check_int(n_subjects, "n_subjects", minimum=1)
    n_epochs_per_class = check_int(n_epochs_per_class, "n_epochs_per_class", minimum=1)
    sfreq = check_number(sfreq, "sfreq", low=_MIN_SFREQ)
    if tmax is None:
        tmax = 2.0 - 1.0 / sfreq
    tmax = check_number(tmax, "tmax", must_be="float or None")
    if not tmax >= _MIN_TMAX - 1.0 / sfreq:
        raise ValueError(f"tmax must be at least {_MIN_TMAX} s, got {tmax}")
    snr = check_number(snr, "snr", low=0)
    if not isinstance(random_state, np.random.Generator):  # NumPy's new generators too
        check_seed(random_state)
    spec = _TASKS[task]
    rng_seeds = check_random_state(random_state)

    ch_names = standard_ch_names()
    info = mne.create_info(ch_names, sfreq, "eeg")
    info.set_montage(standard_1005_montage())
    distances = _distances(_positions(info))
    mixing = np.linalg.cholesky(np.exp(-distances / _LENGTH_CONSTANT))
    patterns = [
        _pattern(ch_names, distances, centres, spec["spread"])
        for centres in spec["centres"]
    ]
    n_times = int(round(tmax * sfreq)) + 1
    freqs = np.fft.rfftfreq(n_times, 1.0 / sfreq)
    n_per_subject = 2 * n_epochs_per_class
    logger.info(
        f"Simulating {n_subjects} subjects x {n_per_subject} epochs of task {task!r} "
        f"({n_times} samples at {sfreq:g} Hz, snr={snr:g})"
    )

    # one seed per subject, drawn in order: subject k does not depend on n_subjects
    draw = (
        rng_seeds.integers
        if isinstance(rng_seeds, np.random.Generator)
        else rng_seeds.randint
    )
    seeds = draw(0, 2**31 - 1, size=n_subjects)
    data = np.empty((n_subjects * n_per_subject, len(ch_names), n_times))
    labels = np.empty(n_subjects * n_per_subject, int)
    runs = np.empty(n_subjects * n_per_subject, int)
    for subject, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        sl = slice(subject * n_per_subject, (subject + 1) * n_per_subject)
        labels[sl] = rng.permutation(np.repeat([0, 1], n_epochs_per_class))
        data[sl] = _simulate_subject(
            rng, labels[sl], spec, patterns, distances, mixing, freqs, n_times, snr
        )
        for label in (0, 1):  # split each class over its runs, in order
            run_choices = spec["runs"][label]
            position = (
                np.arange(n_epochs_per_class) * len(run_choices) // n_epochs_per_class
            )
            runs[sl][labels[sl] == label] = np.asarray(run_choices)[position]

    conditions = np.asarray(spec["conditions"])[labels]
    event_id = {name: EVENT_ID[name] for name in spec["conditions"]}
    events = np.c_[
        np.arange(len(labels)) * n_times,
        np.zeros(len(labels), int),
        [event_id[name] for name in conditions],
    ]
    metadata = pd.DataFrame(
        dict(
            subject=np.repeat(np.arange(1, n_subjects + 1), n_per_subject),
            run=runs,
            condition=conditions.tolist(),
            task=spec["task"],
        )
    )
    epochs = mne.EpochsArray(
        data,
        info,
        events,
        tmin=0.0,
        event_id=event_id,
        metadata=metadata,
        verbose=False,
    )

    relevance = np.max(patterns, axis=0)
    truth_info = info.copy()
    truth_info["description"] = (
        "Ground-truth channel relevance in [0, 1] (unitless, not volts)"
    )
    truth = mne.EvokedArray(
        relevance[:, None],
        truth_info,
        tmin=0.0,
        comment=f"ground-truth relevance ({task}): " + " vs ".join(spec["conditions"]),
        nave=1,
        verbose=False,
    )
    return epochs, truth
