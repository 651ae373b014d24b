"""The study: eegmmidb subjects -> cross-fitted models per band -> attention report."""

import re

import mne
import numpy as np
from mne.utils import _check_option, _validate_type, logger, verbose
from sklearn.utils import check_random_state

from ..attention.compute import compute_channel_attention
from ..attention.cross_fit import fit_attention
from ..datasets import eegmmidb
from ..datasets._eegmmidb_tasks import resolve_task, runs_of
from ..utils._checks import check_int, check_int_list
from ..utils._docs import fill_doc
from ..utils._input import epoch_labels, epoch_subjects
from . import sections

#: The original study's frequency bands (Hz); its broad band is the 0-30 Hz input.
BANDS = {
    "delta": (1.0, 4.0),
    "theta": (4.0, 8.0),
    "alpha": (8.0, 13.0),
    "beta": (13.0, 30.0),
}
#: The input of every model: low-passed at 30 Hz, T9, T10 and Iz left out.
H_FREQ = 30.0
EXCLUDE = ("T9", "T10", "Iz")
N_PERMUTATIONS = 1000
# the keyword arguments of eegmmidb.fetch_data that say where the recordings are
SOURCE_KEYS = ("path", "base_url", "registry")
_BAND_SPEC = re.compile(r"^([A-Za-z][\w-]*):([0-9.]+)-([0-9.]+)$")


def parse_bands(bands):
    """Return the bands of ``bands`` as ``{name: (l_freq, h_freq)}``.

    Parameters
    ----------
    bands : list of str
        Names of :data:`BANDS` or ``"name:low-high"`` in Hz (e.g.
        ``"mu:8-12"``), with ``0 < low < high <= 30``.

    Returns
    -------
    bands : dict
        The bands, in the given order.
    """
    _validate_type(bands, (list, tuple), "bands", "list of str")
    parsed = {}
    for spec in bands:
        _validate_type(spec, str, "bands", "list of str")
        match = _BAND_SPEC.match(spec)
        if spec in BANDS:
            name, band = spec, BANDS[spec]
        elif match is None:
            raise ValueError(
                f"bands must hold names of {', '.join(BANDS)} or 'name:low-high' "
                f"in Hz, got {spec!r}"
            )
        else:
            name = match.group(1)
            try:
                band = (float(match.group(2)), float(match.group(3)))
            except ValueError:
                raise ValueError(
                    f"bands must give numbers in Hz, got {spec!r}"
                ) from None
            if not 0 < band[0] < band[1] <= H_FREQ:
                raise ValueError(
                    f"bands must satisfy 0 < low < high <= {H_FREQ:g} Hz (the "
                    f"input's low-pass edge), got {spec!r}"
                )
        if name in parsed:
            raise ValueError(f"bands must name each band once, got {name!r} twice")
        parsed[name] = band
    return parsed


def study_runs(task):
    """Return the eegmmidb runs of ``task``.

    Parameters
    ----------
    task : str
        One of :data:`mne_attention.datasets.eegmmidb.TASKS`.

    Returns
    -------
    runs : list of int
        The runs the study reads.
    """
    return runs_of(resolve_task(task))


@fill_doc
def check_study_options(
    output,
    *,
    subjects,
    task,
    bands,
    cv,
    random_state,
    quick,
    model_params=None,
    source=None,
):
    """Check the options of :func:`run_study` before anything is downloaded.

    Parameters
    ----------
    output, subjects, task, bands, cv, random_state, quick, model_params, source
        As :func:`run_study` takes them.

    Returns
    -------
    output : pathlib.Path
        The output folder, ``~`` expanded.
    subjects : list of int
        The subjects, without duplicates.
    bands : dict
        The bands, ``{name: (l_freq, h_freq)}``.
    %(model_params_return)s

    Raises
    ------
    %(option_errors)s
    """
    subjects = check_int_list(
        subjects, "subjects", minimum=1, maximum=eegmmidb.N_SUBJECTS
    )
    if len(subjects) < 2:
        raise ValueError(
            f"subjects must hold at least 2 subjects (folds are grouped by "
            f"subject), got {subjects}"
        )
    _validate_type(task, str, "task")
    _check_option("task", task, tuple(eegmmidb.TASKS))
    bands = parse_bands(bands)
    cv = check_int(cv, "cv", minimum=2)
    if cv > len(subjects):
        raise ValueError(
            f"cv must be at most the number of subjects ({len(subjects)}) because "
            f"folds are grouped by subject, got {cv}"
        )
    _validate_type(source, (None, dict), "source")
    unknown = sorted(set(source or {}) - set(SOURCE_KEYS))
    if unknown:
        raise ValueError(f"source must have keys among {SOURCE_KEYS}, got {unknown}")
    try:
        eegmmidb.check_path((source or {}).get("path"))
    except NotADirectoryError as err:
        raise ValueError(str(err)) from None
    model_params = sections.check_model_options(quick, random_state, model_params)
    return sections.check_output_folder(output), subjects, bands, model_params


def permutation_reference(attention, n_permutations=N_PERMUTATIONS, random_state=0):
    """Compare held-out accuracy with that of labels shuffled within subjects.

    The fold models' predictions are kept and the true labels permuted
    within each subject (no model is retrained), ``n_permutations`` times.

    Parameters
    ----------
    attention : AttentionEpochs
        Cross-fitted attention, with ``metadata["predicted"]`` and
        ``metadata["fold"]``.
    n_permutations : int
        Permutations.
    random_state : None | int
        Seed.

    Returns
    -------
    chance : array, shape (n_folds,)
        The share of each fold's most frequent condition.
    reference : array, shape (n_folds,)
        The 95th percentile of each fold's accuracy over the permutations.
    p_value : float
        The share of permutations whose pooled accuracy reaches the pooled
        held-out accuracy (the observed labels counted as one).
    """
    labels = epoch_labels(attention)
    predicted = attention.metadata["predicted"].to_numpy()
    fold = attention.metadata["fold"].to_numpy()
    subjects = np.asarray(epoch_subjects(attention))
    rng = check_random_state(random_state)
    groups = [np.flatnonzero(subjects == s) for s in np.unique(subjects)]
    hits = np.empty((n_permutations, len(labels)), bool)
    for k in range(n_permutations):
        shuffled = labels.copy()
        for group in groups:
            shuffled[group] = labels[rng.permutation(group)]
        hits[k] = shuffled == predicted
    folds = np.unique(fold)
    chance = np.array(
        [np.unique(labels[fold == k], return_counts=True)[1].max() for k in folds]
    ) / np.array([np.sum(fold == k) for k in folds])
    reference = np.array(
        [np.percentile(hits[:, fold == k].mean(axis=1), 95) for k in folds]
    )
    observed = np.mean(labels == predicted)
    p_value = (1 + np.sum(hits.mean(axis=1) >= observed)) / (1 + n_permutations)
    return chance, reference, float(p_value)


@verbose
def run_study(
    subjects,
    task="eyes",
    *,
    bands=tuple(BANDS),
    output="mne-attention-study",
    cv=5,
    quick=False,
    random_state=0,
    model_params=None,
    source=None,
    verbose=None,
):
    """Re-run the original study on eegmmidb subjects and write an :class:`mne.Report`.

    Every option is checked before anything is downloaded or trained. The
    recordings are fetched (or found) where :mod:`mne.datasets.eegbci` keeps
    them, low-passed at 30 Hz with T9, T10 and Iz left out as in the
    original study, and cut into the task's epochs; models are cross-fitted
    with folds grouped by subject, on the 0-30 Hz input and on each band.

    Parameters
    ----------
    subjects : list of int
        eegmmidb subjects (1 to 109), at least 2.
    task : str
        One of :data:`mne_attention.datasets.eegmmidb.TASKS`.
    bands : list of str
        Band names of :data:`BANDS` or ``"name:low-high"`` in Hz; one set of
        cross-fitted models each, on band-pass filtered epochs, with
        ``embedding="spectral_level"`` unless ``model_params`` names another
        (each token then has the band's shape: the classes differ in its
        power). Empty: none.
    output : path-like
        Folder for the report and the saved results (created if needed; the
        study's files in it are replaced).
    cv : int
        Cross-fitting folds, from 2 to the number of subjects.
    quick : bool
        Use small models (``d_model=64, n_heads=4, n_layers=2,
        max_epochs=20``); otherwise the estimator's defaults.
    random_state : None | int
        Seed for folds, models and the permutations.
    model_params : None | dict
        :class:`~mne_attention.EEGTransformer` hyper-parameters that replace
        the study's.
    source : None | dict
        Where the recordings come from, as the keyword arguments ``path``
        (data folder), ``base_url`` (a mirror of PhysioNet) and ``registry``
        (its sha256 hashes) of
        :func:`~mne_attention.datasets.eegmmidb.fetch_data`; None: PhysioNet,
        into MNE's eegbci folder.
    %(verbose)s

    Returns
    -------
    report_path : pathlib.Path
        The HTML report.

    Notes
    -----
    The chance reference of each fold is the share of its most frequent
    condition; the permutation reference keeps the fold models' held-out
    predictions and shuffles the true labels within each subject
    (:data:`N_PERMUTATIONS` times, no retraining), giving each fold's 95th
    percentile of accuracy and a p-value of the pooled accuracy.
    """
    output, subjects, bands, model_params = check_study_options(
        output,
        subjects=subjects,
        task=task,
        bands=bands,
        cv=cv,
        random_state=random_state,
        quick=quick,
        model_params=model_params,
        source=source,
    )
    epochs = eegmmidb.load_epochs(
        subjects, task, h_freq=H_FREQ, exclude=list(EXCLUDE), **(source or {})
    )
    options = dict(cv=cv, random_state=random_state, **model_params)
    with sections.output_folder(output):
        logger.info(f"Cross-fitting {cv} models on {len(epochs)} epochs (0-30 Hz)")
        result = fit_attention(epochs, **options)
        # band-passed tokens all have the band's spectral shape: the classes
        # differ in their power, which "spectral_level" keeps
        band_options = {"embedding": "spectral_level", **options}
        band_results = (
            fit_attention(epochs, bands=bands, **band_options) if bands else {}
        )
        report = _report(output, task, epochs, result, band_results, random_state)
        report_path = output / "report.html"
        report.save(report_path, overwrite=True, open_browser=False)
    return report_path


def _report(output, task, epochs, result, band_results, random_state):
    """Save the results into ``output`` and return the report."""
    import matplotlib.pyplot as plt

    from ..viz import plot_attention_topomaps

    conditions = tuple(epochs.event_id)
    contrast = conditions if len(conditions) == 2 else None
    evokeds = result.average()
    mne.write_evokeds(output / "attention-ave.fif", evokeds, overwrite=True)
    for k, model in enumerate(result.models):
        model.save(output / f"model-fold{k + 1}.mnea", overwrite=True)
    n_subjects = len(set(epoch_subjects(epochs)))
    report = mne.Report(title=f"mne-attention study: eegmmidb, task {task}")
    chance, reference, p_value = permutation_reference(
        result.attention, random_state=random_state
    )
    table = sections.score_table(
        result,
        {
            "Chance": (chance, chance.mean()),
            "Permutation 95 %": (reference, reference.mean()),
        },
    )
    report.add_html(
        f"<p>{len(epochs)} epochs ({', '.join(conditions)}) from {n_subjects} "
        f"subjects, 0-30 Hz, {len(result.folds)} cross-fitting folds grouped by "
        "subject. <b>Chance</b>: the share of the fold's most frequent "
        "condition. <b>Permutation 95 %</b>: the 95th percentile of the fold's "
        "accuracy when its held-out predictions are kept and the true labels "
        f"are shuffled within each subject ({N_PERMUTATIONS} permutations, no "
        f"retraining); pooled accuracy p = {p_value:.3g}.</p>" + table,
        title="Held-out accuracy",
    )
    if contrast is not None:
        sections.add_topomaps(report, result.attention, evokeds, contrast, random_state)
    if band_results:
        rows = "".join(
            f"<tr><td>{name}</td><td>{band.band[0]:g}-{band.band[1]:g} Hz</td>"
            f"<td>{band.mean_score:.3f}</td></tr>"
            for name, band in band_results.items()
        )
        report.add_figure(
            plot_attention_topomaps(
                {name: band.average() for name, band in band_results.items()},
                contrast=contrast,
                scale="uniform",
                show=False,
            ),
            title="Band maps",
            caption="One set of cross-fitted models per band, trained on "
            "band-pass filtered epochs (zero-phase Butterworth); rows: bands.",
        )
        report.add_html(
            "<table class='table table-sm'><tr><th>Band</th><th>Pass band</th>"
            f"<th>Held-out accuracy</th></tr>{rows}</table>",
            title="Band accuracy",
        )
    sections.add_training_curves(report, result.models)
    first_fold = result.folds[0]
    channel_attention = compute_channel_attention(result.models[0], epochs[first_fold])
    shown = next(e for e in evokeds if e.comment == conditions[-1])
    sections.add_3d_figures(report, channel_attention, shown)
    plt.close("all")
    return report
