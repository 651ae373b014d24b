"""Public attention functions: per-epoch class-token and channel-to-channel attention."""

import numbers

import mne
import numpy as np
import pandas as pd
from mne.utils import _check_option, _validate_type, logger, verbose

from ..containers.channel import ChannelAttention
from ..containers.epochs import AttentionEpochs, attention_description
from ..model.estimator import check_fitted_model
from ..utils._docs import fill_doc
from ..utils._input import epoch_labels, with_known_length
from .relevance import (
    ATTENTION_METHODS,
    METHODS,
    iter_layer_attention,
    iter_relevance,
)
from .rollout import HEAD_FUSIONS


def check_attention_options(method, methods, head_fusion, keep, min_confidence):
    """Check the options that do not depend on the model."""
    _check_option("method", method, methods)
    _check_option("head_fusion", head_fusion, HEAD_FUSIONS)
    _check_option("keep", keep, ("all", "correct"))
    if min_confidence is not None:
        if isinstance(min_confidence, bool):  # a bool is a numbers.Real
            raise TypeError(
                "min_confidence must be an instance of float or None, got <class "
                "'bool'>"
            )
        _validate_type(min_confidence, numbers.Real, "min_confidence", "float or None")
        if not 0 <= min_confidence <= 1:
            raise ValueError(f"min_confidence must be in [0, 1], got {min_confidence}")


def _check_model_options(model, epochs, method, layer, head, batch_size):
    """Check the options that depend on the model.

    Returns the epochs with a known length (see ``with_known_length``) and the
    batch size.
    """
    check_fitted_model(model)
    _validate_type(epochs, mne.BaseEpochs, "epochs", "mne.Epochs")
    _validate_type(layer, "int", "layer")
    if method != "raw" and (layer != -1 or head is not None):
        raise ValueError(
            f"layer and head select the attention of method='raw' only, got layer="
            f"{layer} and head={head} with method={method!r}: leave them at -1 and "
            "None"
        )
    n_layers = len(model.network_.layers)
    if not -n_layers <= layer < n_layers:
        raise ValueError(
            f"layer must be in [{-n_layers}, {n_layers - 1}] for this {n_layers}-layer "
            f"model, got {layer}"
        )
    if head is not None:
        _validate_type(head, "int", "head")
        if not 0 <= head < model.n_heads:
            raise ValueError(
                f"head must be in [0, {model.n_heads - 1}] or None, got {head}"
            )
    if batch_size is None:
        batch_size = model.schedule_["batch_size"]
    _validate_type(batch_size, "int", "batch_size")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    return with_known_length(epochs), batch_size


def prepare_epochs(model, epochs):
    """Check ``epochs`` against the model and standardise them (``model._prepare``)."""
    epoch_labels(epochs)  # every event code must name a condition
    return model._prepare(epochs, name="epochs")


def _kept(labels, predicted, confidence, keep, min_confidence):
    """Return a boolean mask of epochs to keep and the reason for each drop."""
    reasons = np.full(len(labels), "", dtype=object)
    if min_confidence is not None:
        reasons[confidence < min_confidence] = "LOW_CONFIDENCE"
    if keep == "correct":
        reasons[labels != predicted] = "MISCLASSIFIED"
    return reasons == "", reasons


ADDED_COLUMNS = ("predicted", "confidence", "correct")


def check_metadata_free(epochs, columns):
    """Refuse metadata that already has a column the attention adds."""
    taken = (
        [] if epochs.metadata is None else sorted(set(columns) & set(epochs.metadata))
    )
    if taken:
        raise ValueError(
            f"epochs.metadata must not have the columns {taken}: the attention adds "
            f"columns {list(columns)}; rename them first"
        )


def _attention_info(epochs, ch_names, sfreq, method, first_time):
    """Info of the model's channels at the rate of the time windows."""
    ch_types = epochs.get_channel_types(picks=ch_names)
    info = mne.create_info(ch_names, sfreq, ch_types)
    montage = epochs.get_montage()
    if montage is not None:
        info.set_montage(montage, on_missing="ignore")
    info["description"] = attention_description(method, first_time)
    return info


def _check_any_kept(kept, keep, min_confidence):
    if not np.any(kept):
        raise ValueError(
            f"keep={keep!r} and min_confidence={min_confidence} left no epochs: "
            "relax them"
        )


def _log_kept(kept, reasons, keep, min_confidence):
    if keep == "all" and min_confidence is None:
        return
    dropped = pd.Series(reasons[~kept]).value_counts().to_dict()
    logger.info(
        f"Kept {kept.sum()} of {len(kept)} epochs"
        + (f" (dropped: {dropped})" if dropped else "")
    )


@verbose
@fill_doc
def compute_attention(
    model,
    epochs,
    method="rollout",
    head_fusion="mean",
    *,
    layer=-1,
    head=None,
    keep="all",
    min_confidence=None,
    batch_size=None,
    verbose=None,
):
    """Compute per-epoch class-token attention over channels (and time windows).

    Parameters
    ----------
    %(model_fitted)s
    %(epochs_attention)s
    method : "raw" | "rollout" | "grad_rollout" | "study_rollout" | "occlusion"
        %(attention_methods)s
        ``"occlusion"``: drop of the predicted class's probability when a
        channel's window is replaced by its training mean (works for any
        model; the reference for the others).
    %(attention_options)s

    Returns
    -------
    attention : instance of AttentionEpochs
        One value per channel and time window per epoch, on a time axis of
        window centres, with the input's ``events``, ``event_id`` and
        ``metadata`` (plus columns ``predicted``, ``confidence`` and
        ``correct``). Dropped epochs are listed in ``attention.drop_log``.
        For attention methods each epoch's values sum to one.

    See Also
    --------
    compute_channel_attention, fit_attention
    """
    check_attention_options(method, METHODS, head_fusion, keep, min_confidence)
    epochs, batch_size = _check_model_options(
        model, epochs, method, layer, head, batch_size
    )
    check_metadata_free(epochs, ADDED_COLUMNS)
    data, inputs = prepare_epochs(model, epochs)
    relevance, proba = token_relevance(
        model,
        data,
        method=method,
        head_fusion=head_fusion,
        layer=layer,
        head=head,
        batch_size=batch_size,
    )
    return build_attention_epochs(
        epochs,
        inputs.ch_names,
        model.layout_,
        relevance,
        proba,
        model.classes_,
        method=method,
        keep=keep,
        min_confidence=min_confidence,
    )


def token_relevance(model, data, *, method, head_fusion, layer, head, batch_size):
    """Return each epoch's class-token relevance and class probabilities.

    Parameters
    ----------
    model : instance of EEGTransformer
        A fitted model.
    data : torch.Tensor, shape (n_epochs, n_channels, n_times)
        Epochs standardised by ``model._prepare``.
    method, head_fusion, layer, head, batch_size
        See :func:`compute_attention`.

    Returns
    -------
    relevance : array, shape (n_epochs, n_tokens - 1)
        Relevance of each channel token.
    proba : array, shape (n_epochs, n_classes)
        Class probabilities.
    """
    relevance = np.empty((len(data), model.layout_.n_tokens - 1))
    proba = np.empty((len(data), len(model.classes_)))
    for batch in iter_relevance(
        model.network_,
        data,
        method=method,
        head_fusion=head_fusion,
        layer=layer,
        head=head,
        batch_size=batch_size,
        device=model.device_,
    ):
        relevance[batch.index] = batch.class_token.numpy()
        proba[batch.index] = batch.proba.numpy()
    return relevance, proba


def build_attention_epochs(
    epochs,
    ch_names,
    layout,
    relevance,
    proba,
    classes,
    *,
    method,
    keep,
    min_confidence,
    extra_metadata=None,
):
    """Wrap per-epoch token relevance as :class:`AttentionEpochs`.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        The epochs the relevance belongs to (events, metadata, montage).
    ch_names : list of str
        The model's channels, in token order.
    layout : TokenLayout
        The model's token layout.
    relevance : array, shape (n_epochs, n_tokens - 1)
        Relevance of each channel token.
    proba : array, shape (n_epochs, n_classes)
        Class probabilities.
    classes : array, shape (n_classes,)
        The model's class labels.
    method, keep, min_confidence
        See :func:`compute_attention`.
    extra_metadata : None | dict
        More metadata columns (name -> values per epoch).

    Returns
    -------
    attention : instance of AttentionEpochs
        The attention, with unwanted epochs dropped (see ``drop_log``).
    """
    labels = epoch_labels(epochs)
    predicted = classes[proba.argmax(axis=1)]
    confidence = proba.max(axis=1)
    added = [*ADDED_COLUMNS, *(extra_metadata or {})]
    check_metadata_free(epochs, added)
    metadata = (
        epochs.metadata.reset_index(drop=True)
        if epochs.metadata is not None
        else pd.DataFrame(index=range(len(epochs)))
    )
    metadata = metadata.assign(
        predicted=predicted,
        confidence=confidence,
        correct=labels == predicted,
        **(extra_metadata or {}),
    )
    first_time = layout.window_centers(epochs.info["sfreq"], tmin=epochs.tmin)[0]
    info = _attention_info(
        epochs,
        ch_names,
        epochs.info["sfreq"] / layout.window_length,
        method,
        first_time,
    )
    attention = AttentionEpochs(
        layout.to_channel_window(relevance),
        info,
        events=epochs.events.copy(),
        event_id=dict(epochs.event_id),
        metadata=metadata,
        verbose=False,
    ).shift_time(first_time, relative=False)  # window centres, off MNE's sample grid
    kept, reasons = _kept(labels, predicted, confidence, keep, min_confidence)
    _check_any_kept(kept, keep, min_confidence)
    remaining = reasons
    for reason in ("MISCLASSIFIED", "LOW_CONFIDENCE"):
        # drop() counts the epochs that are left, so each pass renumbers
        if np.any(remaining == reason):
            attention.drop(
                np.flatnonzero(remaining == reason), reason=reason, verbose=False
            )
            remaining = remaining[remaining != reason]
    _log_kept(kept, reasons, keep, min_confidence)
    return attention


@verbose
@fill_doc
def compute_channel_attention(
    model,
    epochs,
    method="rollout",
    head_fusion="mean",
    *,
    layer=-1,
    head=None,
    keep="all",
    min_confidence=None,
    batch_size=None,
    verbose=None,
):
    """Compute channel-to-channel attention, averaged per condition.

    For each epoch the channel-token block of the attention matrix is summed
    over key windows, averaged over query windows and renormalised so each
    receiver's row sums to one; epochs are then averaged per condition, and
    the standard error of each entry across those epochs is kept (``sem``),
    so that every link can be tested against uniform attention among the
    other channels (:meth:`ChannelAttention.link_statistics`).

    Parameters
    ----------
    %(model_fitted)s
    %(epochs_attention)s
    method : "raw" | "rollout" | "grad_rollout" | "study_rollout"
        %(attention_methods)s
    %(attention_options)s

    Returns
    -------
    channel_attention : instance of ChannelAttention
        One channel x channel matrix per condition present in ``epochs``,
        with ``n_epochs`` and ``sem`` (the across-epoch standard deviation
        over ``sqrt(n_epochs)``, in float64; NaN for a condition with a single
        epoch).

    See Also
    --------
    compute_attention
    """
    check_attention_options(
        method, ATTENTION_METHODS, head_fusion, keep, min_confidence
    )
    epochs, batch_size = _check_model_options(
        model, epochs, method, layer, head, batch_size
    )
    data, inputs = prepare_epochs(model, epochs)
    layout = model.layout_
    n_channels, n_windows = layout.n_channels, layout.n_windows
    labels = epoch_labels(epochs)
    conditions = [name for name in epochs.event_id if name in set(labels)]
    # per condition: epoch count, running mean and sum of squared deviations
    # (Chan et al.'s pairwise update of Welford's algorithm, in float64)
    counts = np.zeros(len(conditions), dtype=int)
    means = np.zeros((len(conditions), n_channels, n_channels))
    squares = np.zeros((len(conditions), n_channels, n_channels))
    all_kept, all_reasons = [], []
    for batch in iter_relevance(
        model.network_,
        data,
        method=method,
        head_fusion=head_fusion,
        layer=layer,
        head=head,
        batch_size=batch_size,
        device=model.device_,
        tokens=True,
    ):
        tokens = batch.tokens.numpy().reshape(
            -1, n_channels, n_windows, n_channels, n_windows
        )
        # rows still sum to one
        matrices = tokens.sum(axis=4).mean(axis=2).astype(np.float64)
        proba = batch.proba.numpy()
        batch_labels = labels[batch.index]
        kept, reasons = _kept(
            batch_labels,
            model.classes_[proba.argmax(axis=1)],
            proba.max(axis=1),
            keep,
            min_confidence,
        )
        all_kept.append(kept)
        all_reasons.append(reasons)
        for k, condition in enumerate(conditions):
            selected = matrices[kept & (batch_labels == condition)]
            if len(selected):
                _accumulate(counts, means, squares, k, selected)
    _log_kept(
        np.concatenate(all_kept), np.concatenate(all_reasons), keep, min_confidence
    )
    present = counts > 0
    _check_any_kept(present, keep, min_confidence)
    info = _attention_info(epochs, inputs.ch_names, epochs.info["sfreq"], method, 0.0)
    n = counts[present, None, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        sem = np.where(n > 1, np.sqrt(squares[present] / (n - 1) / n), np.nan)
    return ChannelAttention(
        info,
        means[present],
        [c for c, p in zip(conditions, present) if p],
        method,
        n_epochs=counts[present].tolist(),
        sem=sem,
    )


def _accumulate(counts, means, squares, k, values):
    """Add ``values`` (n, ...) to condition ``k``'s count, mean and squared deviations."""
    n_old, n_new = counts[k], len(values)
    batch_mean = values.mean(axis=0)
    batch_squares = ((values - batch_mean) ** 2).sum(axis=0)
    total = n_old + n_new
    delta = batch_mean - means[k]
    means[k] += delta * (n_new / total)
    squares[k] += batch_squares + delta**2 * (n_old * n_new / total)
    counts[k] = total


@verbose
@fill_doc
def compute_layer_attention(model, epochs, *, batch_size=None, verbose=None):
    """Return the class token's raw attention in every layer and head as an array.

    The unprocessed material behind ``method="raw"``: no head fusion, no
    rollout, each layer and head apart.

    Parameters
    ----------
    %(model_fitted)s
    %(epochs_attention)s
    batch_size : None | int
        Epochs per forward pass (None: the model's training batch size).
    %(verbose)s

    Returns
    -------
    attention : array, shape (n_epochs, n_layers, n_heads, n_channels, n_windows)
        Attention of the class token to each (channel, window) token,
        renormalised over channel tokens to sum to one per epoch, layer and
        head. Channels are in the model's order (``model.ch_names_``).

    See Also
    --------
    compute_attention
    """
    epochs, batch_size = _check_model_options(
        model, epochs, "raw", -1, None, batch_size
    )
    data, _ = prepare_epochs(model, epochs)
    network = model.network_
    shape = (len(data), len(network.layers), model.n_heads, model.layout_.n_tokens - 1)
    attention = np.empty(shape)
    for index, batch in iter_layer_attention(
        network, data, batch_size=batch_size, device=model.device_
    ):
        attention[index] = batch.numpy()
    return model.layout_.to_channel_window(attention)
