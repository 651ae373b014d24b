"""The public attention functions: class-token, channel-to-channel and per-layer attention."""

import numpy as np
from mne.utils import verbose

from ..model._source import open_standardised
from ..utils._docs import fill_doc
from ..utils._input import epoch_labels
from .build import ConditionMoments, attention_info, build_attention_epochs
from .options import (
    ADDED_COLUMNS,
    check_any_kept,
    check_attention_options,
    check_metadata_free,
    check_model_options,
    drop_reasons,
    log_kept,
)
from .relevance import (
    ATTENTION_METHODS,
    METHODS,
    RelevanceOptions,
    iter_layer_attention,
    iter_relevance,
)


def prepare_epochs(model, epochs):
    """Check ``epochs`` against the model and standardise them (``model.prepare_input``)."""
    epoch_labels(epochs)  # every event code must name a condition
    return model.prepare_input(epochs, name="epochs")


def open_epochs(model, epochs):
    """Check ``epochs`` like :func:`prepare_epochs`; standardise them as they are read.

    Parameters
    ----------
    model : instance of EEGTransformer
        A fitted model.
    epochs : instance of mne.Epochs
        The epochs, loaded or lazy.

    Returns
    -------
    data : StandardisedEpochs
        The epochs, read a batch at a time.
    inputs : EpochsData
        What was read from ``epochs``.
    """
    epoch_labels(epochs)  # every event code must name a condition
    return open_standardised(model, epochs, name="epochs")


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
    %(method)s
    %(attention_options)s
    %(verbose)s

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
    epochs, batch_size = check_model_options(
        model, epochs, method, layer, head, batch_size
    )
    check_metadata_free(epochs, ADDED_COLUMNS)
    data, inputs = open_epochs(model, epochs)
    options = RelevanceOptions(method, head_fusion, layer, head)
    relevance, proba = token_relevance(model, data, options, batch_size)
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


def token_relevance(model, data, options, batch_size):
    """Return each epoch's class-token relevance and class probabilities.

    Parameters
    ----------
    model : instance of EEGTransformer
        A fitted model.
    data : torch.Tensor | StandardisedEpochs, shape (n_epochs, n_channels, n_times)
        Epochs standardised by :func:`prepare_epochs` or :func:`open_epochs`.
    options : RelevanceOptions
        The method and its options.
    batch_size : int
        Epochs per forward pass.

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
        model.network_, data, options, batch_size=batch_size, device=model.device_
    ):
        relevance[batch.index] = batch.class_token.numpy()
        proba[batch.index] = batch.proba.numpy()
    return relevance, proba


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
    %(method_attention)s
    %(attention_options)s
    %(verbose)s

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
    epochs, batch_size = check_model_options(
        model, epochs, method, layer, head, batch_size
    )
    data, inputs = open_epochs(model, epochs)
    n_channels, n_windows = model.layout_.n_channels, model.layout_.n_windows
    labels = epoch_labels(epochs)
    conditions = [name for name in epochs.event_id if name in set(labels)]
    moments = ConditionMoments(conditions, (n_channels, n_channels))
    reasons = np.empty(len(labels), dtype=object)
    options = RelevanceOptions(method, head_fusion, layer, head)
    for batch in iter_relevance(
        model.network_,
        data,
        options,
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
        predicted = model.classes_[proba.argmax(axis=1)]
        reasons[batch.index] = drop_reasons(
            batch_labels, predicted, proba.max(axis=1), keep, min_confidence
        )
        kept = reasons[batch.index] == ""
        for condition in conditions:
            moments.add(condition, matrices[kept & (batch_labels == condition)])
    log_kept(reasons, keep, min_confidence)
    check_any_kept(moments.counts > 0, keep, min_confidence)
    info = attention_info(epochs, inputs.ch_names, epochs.info["sfreq"], method, 0.0)
    return moments.channel_attention(info, method)


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
    epochs, batch_size = check_model_options(model, epochs, "raw", -1, None, batch_size)
    data, _ = open_epochs(model, epochs)
    network = model.network_
    shape = (len(data), len(network.layers), model.n_heads, model.layout_.n_tokens - 1)
    attention = np.empty(shape)
    for index, batch in iter_layer_attention(
        network, data, batch_size=batch_size, device=model.device_
    ):
        attention[index] = batch.numpy()
    return model.layout_.to_channel_window(attention)
