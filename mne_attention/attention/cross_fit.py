"""Train with cross-fitting and return attention that no model trained on."""

import numbers

import mne
import numpy as np
from mne.utils import _validate_type, logger, verbose
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.utils import check_random_state

from ..model._params import check_params
from ..model._source import open_standardised
from ..model.estimator import EEGTransformer
from ..utils._checks import check_random_state_argument
from ..utils._docs import fill_doc
from ..utils._input import epoch_subjects, open_input, with_known_length
from ..utils._rows import check_values
from .build import build_attention_epochs
from .compute import token_relevance
from .options import ADDED_COLUMNS, check_attention_options, check_metadata_free
from .relevance import METHODS, RelevanceOptions


class AttentionResult:
    """Cross-fitted attention with the models and scores that produced it.

    Returned by :func:`fit_attention`; not made by hand.

    Attributes
    ----------
    attention : AttentionEpochs
        Each epoch's attention, computed by the fold model that did not train
        on it; ``metadata["fold"]`` says which.
    models : list of EEGTransformer
        One fitted model per fold.
    folds : list of array of int
        The held-out epoch indices of each fold.
    fold_scores : array, shape (n_folds,)
        Held-out accuracy of each fold's model.
    band : None | tuple of (float | None, float | None)
        The pass band the models were trained on, if any.
    """

    def __init__(self, attention, models, folds, fold_scores, band=None):
        self.attention = attention
        self.models = models
        self.folds = folds
        self.fold_scores = np.asarray(fold_scores)
        self.band = band

    @property
    def mean_score(self):
        """Mean held-out accuracy over folds."""
        return float(self.fold_scores.mean())

    def average(self, by_event_type=True):
        """Average the cross-fitted attention (see :meth:`AttentionEpochs.average`).

        Parameters
        ----------
        by_event_type : bool
            One evoked per condition (default) or one over all epochs.

        Returns
        -------
        evoked : AttentionEvoked | list of AttentionEvoked
            The averaged attention.
        """
        _validate_type(by_event_type, bool, "by_event_type")
        return self.attention.average(by_event_type=by_event_type)

    def __repr__(self):
        """Summarise the result."""
        band = "" if self.band is None else f", band={self.band}"
        return (
            f"<AttentionResult | {len(self.models)} folds, held-out accuracy "
            f"{self.mean_score:.3f} ± {self.fold_scores.std():.3f}{band}>"
        )


def _make_folds(epochs, labels, cv, rng):
    """Split epoch indices into cross-fitting folds, by subject when known."""
    subjects = epoch_subjects(epochs)
    indices = np.arange(len(epochs))
    if not isinstance(cv, numbers.Integral):
        try:
            folds = [
                np.asarray(test) for _, test in cv.split(indices, labels, subjects)
            ]
        except ValueError as err:
            raise ValueError(
                f"cv could not split the {len(indices)} epochs: {err}"
            ) from None
        _check_partition(folds, len(indices))
        return folds
    if cv < 2:
        raise ValueError(f"cv must be at least 2, got {cv}")
    seed = rng.randint(np.iinfo(np.int32).max)
    if subjects is not None:
        n_subjects = len(np.unique(subjects))
        if n_subjects < cv:
            raise ValueError(
                f"cv must be at most the number of subjects ({n_subjects}) because "
                f"folds are grouped by metadata['subject'], got {cv}"
            )
        splitter = GroupKFold(n_splits=cv, shuffle=True, random_state=seed)
        return [test for _, test in splitter.split(indices, labels, subjects)]
    splitter = StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed)
    return [test for _, test in splitter.split(indices, labels)]


def _check_partition(folds, n_epochs):
    """Refuse test folds that leave epochs out or hold an epoch twice."""
    if len(folds) < 2:
        raise ValueError(f"cv must yield at least 2 folds, got {len(folds)}")
    for test in folds:
        if test.size and test.dtype.kind not in "iu":
            raise TypeError(f"cv must yield integer test indices, got {test.dtype}")
    held_out = np.concatenate(folds).astype(int)
    if held_out.size and (held_out.min() < 0 or held_out.max() >= n_epochs):
        raise ValueError(
            f"cv must yield test indices in [0, {n_epochs - 1}], got "
            f"{held_out.min()} to {held_out.max()}"
        )
    counts = np.bincount(held_out, minlength=n_epochs)
    uncovered, repeated = np.flatnonzero(counts == 0), np.flatnonzero(counts > 1)
    if len(uncovered) or len(repeated):
        problem = (
            f"epochs {uncovered[:10].tolist()} are in no test fold"
            if len(uncovered)
            else f"epochs {repeated[:10].tolist()} are in more than one test fold"
        )
        raise ValueError(
            "cv must put every epoch in exactly one test fold (each epoch's "
            f"attention comes from the one model that did not train on it), but "
            f"{problem}"
        )


def _check_training_sets(folds, labels):
    """Refuse folds whose training set lacks a condition (checked before training)."""
    conditions = np.unique(labels)
    for k, test in enumerate(folds):
        train = np.setdiff1d(np.arange(len(labels)), test)
        counts = {str(c): int(np.sum(labels[train] == c)) for c in conditions}
        if min(counts.values()) < 2:
            present = {c: n for c, n in counts.items() if n}
            raise ValueError(
                "cv must leave at least 2 epochs of every condition in each training "
                f"set, got a training set of fold {k} with {present}"
            )


def _check_bands(bands, sfreq):
    _validate_type(bands, dict, "bands", "dict of name -> (l_freq, h_freq)")
    if not bands:
        raise ValueError(f"bands must hold at least one band, got {bands}")
    for name, band in bands.items():
        _validate_type(name, str, "each band name")
        if not isinstance(band, tuple | list) or len(band) != 2:
            raise ValueError(
                f"bands[{name!r}] must be a (l_freq, h_freq) pair, got {band!r}"
            )
        l_freq, h_freq = band
        edges = [f for f in band if f is not None]
        if any(isinstance(f, bool) or not isinstance(f, numbers.Real) for f in edges):
            raise TypeError(f"bands[{name!r}] must hold numbers or None, got {band!r}")
        if (
            not edges
            or any(not 0 < f < sfreq / 2 for f in edges)
            or (None not in band and l_freq >= h_freq)
        ):
            raise ValueError(
                f"bands[{name!r}] must satisfy 0 < l_freq < h_freq < Nyquist "
                f"({sfreq / 2} Hz), either may be None, got {band!r}"
            )


def _band_filtered(epochs, band):
    """Band-pass the epochs with MNE's zero-phase IIR filter (works on short epochs)."""
    l_freq, h_freq = band
    return (
        epochs.copy()
        .load_data()
        .filter(
            l_freq,
            h_freq,
            method="iir",
            iir_params=dict(order=4, ftype="butter"),
            verbose=False,
        )
    )


def _cross_fit(
    epochs,
    labels,
    folds,
    seeds,
    method,
    head_fusion,
    keep,
    min_confidence,
    model_params,
    band,
):
    n_epochs = len(epochs)
    models, scores, relevance, proba, fold_of = (
        [],
        [],
        None,
        None,
        np.empty(n_epochs, int),
    )
    for k, (test, seed) in enumerate(zip(folds, seeds)):
        train = np.setdiff1d(np.arange(n_epochs), test)
        model = EEGTransformer(random_state=seed, **model_params).fit(epochs[train])
        held_out = epochs[test]
        data, inputs = open_standardised(model, held_out)
        fold_relevance, fold_proba = token_relevance(
            model,
            data,
            RelevanceOptions(method, head_fusion),
            model.schedule_["batch_size"],
        )
        if relevance is None:
            relevance = np.empty((n_epochs, fold_relevance.shape[1]))
            proba = np.empty((n_epochs, fold_proba.shape[1]))
        relevance[test], proba[test], fold_of[test] = fold_relevance, fold_proba, k
        scores.append(
            float(np.mean(model.classes_[fold_proba.argmax(1)] == labels[test]))
        )
        models.append(model)
        logger.info(f"Fold {k + 1}/{len(folds)}: held-out accuracy {scores[-1]:.3f}")
    attention = build_attention_epochs(
        epochs,
        inputs.ch_names,
        models[0].layout_,
        relevance,
        proba,
        models[0].classes_,
        method=method,
        keep=keep,
        min_confidence=min_confidence,
        extra_metadata=dict(fold=fold_of),
    )
    return AttentionResult(attention, models, folds, scores, band=band)


def check_model_params(model_params):
    """Refuse what is not a valid set of EEGTransformer hyper-parameters.

    Parameters
    ----------
    model_params : dict
        Hyper-parameters of :class:`~mne_attention.EEGTransformer`, checked as
        ``fit`` checks them, before anything is trained.
    """
    unknown = sorted(set(model_params) - set(EEGTransformer().get_params()))
    if unknown:
        raise TypeError(
            f"model_params must be EEGTransformer hyper-parameters, got {unknown}"
        )
    check_params(EEGTransformer(**model_params).get_params())


@verbose
@fill_doc
def fit_attention(
    epochs,
    cv=5,
    *,
    method="rollout",
    head_fusion="mean",
    keep="all",
    min_confidence=None,
    bands=None,
    random_state=None,
    verbose=None,
    **model_params,
):
    """Train models with cross-fitting and return each epoch's held-out attention.

    The epochs are split into ``cv`` folds (grouped by
    ``metadata["subject"]`` when present, else stratified by condition). For
    each fold a model trains on the other folds (with its own early-stopping
    split inside them) and computes the attention of the held-out epochs, so
    no epoch's attention comes from a model that saw it.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        Labelled epochs with at least two conditions.
    cv : int | scikit-learn splitter
        Number of folds, or a splitter whose ``split(X, y, groups)`` yields
        (train, test) index pairs.
    %(method)s

        ``"raw"`` reads the last layer, heads fused.
    head_fusion : "mean" | "max" | "min"
        How heads are combined.
    keep : "all" | "correct"
        Keep every epoch, or only correctly classified ones.
    min_confidence : None | float
        Also drop epochs whose predicted-class probability is below this.
    bands : None | dict
        Frequency bands as ``{"alpha": (8, 12), ...}`` (either edge may be
        None). One set of models is trained per band on band-pass filtered
        epochs (MNE's zero-phase Butterworth IIR filter, on epochs loaded
        into memory), as in the original study's band figure. Pass
        ``embedding="spectral_level"`` for such models: their tokens differ
        in power, not in spectral shape.
    %(random_state)s
    %(verbose)s
    **model_params
        Hyper-parameters of :class:`EEGTransformer`; each fold's model gets
        its own seed drawn from ``random_state``.

    Returns
    -------
    result : AttentionResult | dict of str -> AttentionResult
        The cross-fitted attention, fold models and held-out accuracies;
        with ``bands``, one result per band.
    """
    _validate_type(epochs, mne.BaseEpochs, "epochs", "mne.Epochs")
    epochs = with_known_length(epochs)
    is_splitter = hasattr(cv, "split") and hasattr(cv, "get_n_splits")
    is_int = isinstance(cv, numbers.Integral) and not isinstance(cv, bool)
    if not is_int and not is_splitter:
        raise TypeError(f"cv must be an int or a scikit-learn splitter, got {cv!r}")
    check_attention_options(method, METHODS, head_fusion, keep, min_confidence)
    check_model_params(model_params)
    check_random_state_argument(random_state)
    if bands is not None:
        _check_bands(bands, epochs.info["sfreq"])
    check_metadata_free(epochs, [*ADDED_COLUMNS, "fold"])
    # values, conditions and subjects are checked before any training
    inputs = open_input(epochs, need_labels=True, need_groups=True, name="epochs")
    check_values(inputs.data, "epochs")  # a chunk at a time
    labels = inputs.labels
    conditions = np.unique(labels).tolist()
    if len(conditions) < 2:
        raise ValueError(
            "epochs must hold at least 2 conditions to learn from, got only "
            f"{conditions}"
        )
    rng = check_random_state(random_state)
    folds = _make_folds(epochs, labels, cv, rng)
    _check_training_sets(folds, labels)
    seeds = rng.randint(np.iinfo(np.int32).max, size=len(folds)).tolist()
    options = (method, head_fusion, keep, min_confidence, model_params)
    if bands is None:
        return _cross_fit(epochs, labels, folds, seeds, *options, band=None)
    results = {}
    for name, band in bands.items():
        logger.info(f"Band {name}: {band[0]}-{band[1]} Hz")
        filtered = _band_filtered(epochs, tuple(band))
        results[name] = _cross_fit(
            filtered, labels, folds, seeds, *options, band=tuple(band)
        )
    return results
