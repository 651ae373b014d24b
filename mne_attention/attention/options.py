"""Checks of the attention options, and which epochs the keep/drop filter keeps."""

import mne
import numpy as np
import pandas as pd
from mne.utils import _check_option, _validate_type, logger

from ..model.estimator import check_fitted_model
from ..utils._checks import check_int, check_number
from ..utils._input import with_known_length
from .rollout import HEAD_FUSIONS

ADDED_COLUMNS = ("predicted", "confidence", "correct")
# drop reasons, in the order the epochs are dropped
DROP_REASONS = ("MISCLASSIFIED", "LOW_CONFIDENCE")


def check_attention_options(method, methods, head_fusion, keep, min_confidence):
    """Check the options that do not depend on the model.

    Parameters
    ----------
    method : str
        The requested method.
    methods : tuple of str
        The methods the caller accepts.
    head_fusion, keep, min_confidence
        See :func:`~mne_attention.compute_attention`.
    """
    _check_option("method", method, methods)
    _check_option("head_fusion", head_fusion, HEAD_FUSIONS)
    _check_option("keep", keep, ("all", "correct"))
    if min_confidence is not None:
        check_number(
            min_confidence, "min_confidence", low=0, high=1, must_be="float or None"
        )


def check_model_options(model, epochs, method, layer, head, batch_size):
    """Check the options that depend on the model.

    Parameters
    ----------
    model : instance of EEGTransformer
        Must be fitted.
    epochs : instance of mne.Epochs
        The epochs to compute attention on.
    method, layer, head, batch_size
        See :func:`~mne_attention.compute_attention`.

    Returns
    -------
    epochs : instance of mne.Epochs
        The epochs with a known length (see ``with_known_length``).
    batch_size : int
        The batch size (the model's training batch size for None).
    """
    check_fitted_model(model)
    _validate_type(epochs, mne.BaseEpochs, "epochs", "mne.Epochs")
    check_int(layer, "layer")
    if method != "raw" and (layer != -1 or head is not None):
        raise ValueError(
            f"layer and head select the attention of method='raw' only, got layer="
            f"{layer} and head={head} with method={method!r}: leave them at -1 and "
            "None"
        )
    n_layers = len(model.network_.layers)
    check_int(layer, "layer", minimum=-n_layers, maximum=n_layers - 1)
    if head is not None:
        check_int(
            head, "head", minimum=0, maximum=model.n_heads - 1, must_be="an int or None"
        )
    if batch_size is None:
        batch_size = model.schedule_["batch_size"]
    batch_size = check_int(
        batch_size, "batch_size", minimum=1, must_be="an int or None"
    )
    return with_known_length(epochs), batch_size


def check_metadata_free(epochs, columns):
    """Refuse metadata that already has a column the attention adds.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        The epochs whose metadata the attention extends.
    columns : list of str
        The columns the attention adds.
    """
    taken = (
        [] if epochs.metadata is None else sorted(set(columns) & set(epochs.metadata))
    )
    if taken:
        raise ValueError(
            f"epochs.metadata must not have the columns {taken}: the attention adds "
            f"columns {list(columns)}; rename them first"
        )


def drop_reasons(labels, predicted, confidence, keep, min_confidence):
    """Return why each epoch is dropped, ``""`` for the epochs that are kept.

    Parameters
    ----------
    labels, predicted : array of str, shape (n_epochs,)
        True and predicted conditions.
    confidence : array, shape (n_epochs,)
        Probability of the predicted condition.
    keep, min_confidence
        See :func:`~mne_attention.compute_attention`.

    Returns
    -------
    reasons : array of str, shape (n_epochs,)
        One of :data:`DROP_REASONS` or ``""`` per epoch; a misclassified epoch
        of low confidence counts as misclassified.
    """
    reasons = np.full(len(labels), "", dtype=object)
    if min_confidence is not None:
        reasons[confidence < min_confidence] = "LOW_CONFIDENCE"
    if keep == "correct":
        reasons[labels != predicted] = "MISCLASSIFIED"
    return reasons


def check_any_kept(kept, keep, min_confidence):
    """Refuse options that leave nothing to average.

    Parameters
    ----------
    kept : array of bool
        What is kept (epochs, or conditions with epochs).
    keep, min_confidence
        See :func:`~mne_attention.compute_attention`, for the message.
    """
    if not np.any(kept):
        raise ValueError(
            f"keep={keep!r} and min_confidence={min_confidence} left no epochs: "
            "relax them"
        )


def drop_epochs(attention, reasons, keep, min_confidence):
    """Drop the epochs that have a reason, in place, and log what was kept.

    Parameters
    ----------
    attention : instance of mne.Epochs
        One epoch per entry of ``reasons``.
    reasons : array of str, shape (n_epochs,)
        As returned by :func:`drop_reasons`.
    keep, min_confidence
        See :func:`~mne_attention.compute_attention`.
    """
    check_any_kept(reasons == "", keep, min_confidence)
    remaining = reasons
    for reason in DROP_REASONS:
        # drop() counts the epochs that are left, so each pass renumbers
        if np.any(remaining == reason):
            attention.drop(
                np.flatnonzero(remaining == reason), reason=reason, verbose=False
            )
            remaining = remaining[remaining != reason]
    log_kept(reasons, keep, min_confidence)


def log_kept(reasons, keep, min_confidence):
    """Log how many epochs were kept and why the others were dropped.

    Parameters
    ----------
    reasons : array of str, shape (n_epochs,)
        As returned by :func:`drop_reasons`.
    keep, min_confidence
        See :func:`~mne_attention.compute_attention`; nothing is logged when
        they keep every epoch.
    """
    if keep == "all" and min_confidence is None:
        return
    kept = reasons == ""
    dropped = pd.Series(reasons[~kept]).value_counts().to_dict()
    logger.info(
        f"Kept {kept.sum()} of {len(kept)} epochs"
        + (f" (dropped: {dropped})" if dropped else "")
    )
