"""Relevance wrapped as MNE objects: AttentionEpochs and per-condition ChannelAttention."""

import mne
import numpy as np
import pandas as pd

from ..containers.channel import ChannelAttention
from ..containers.epochs import AttentionEpochs, attention_description
from ..utils._input import epoch_labels
from .options import ADDED_COLUMNS, check_metadata_free, drop_epochs, drop_reasons


def attention_info(epochs, ch_names, sfreq, method, first_time):
    """Return the info of the model's channels at the rate of the time windows.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        The epochs the attention belongs to (channel types, montage).
    ch_names : list of str
        The model's channels, in token order.
    sfreq : float
        The sampling rate of the attention values.
    method : str
        The attention method, recorded in ``info["description"]``.
    first_time : float
        The time of the first value, recorded with it.

    Returns
    -------
    info : instance of mne.Info
        The new info.
    """
    ch_types = epochs.get_channel_types(picks=ch_names)
    info = mne.create_info(ch_names, sfreq, ch_types)
    montage = epochs.get_montage()
    if montage is not None:
        info.set_montage(montage, on_missing="ignore")
    info["description"] = attention_description(method, first_time)
    return info


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
        See :func:`~mne_attention.compute_attention`.
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
    check_metadata_free(epochs, [*ADDED_COLUMNS, *(extra_metadata or {})])
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
    sfreq = epochs.info["sfreq"]
    first_time = layout.window_centers(sfreq, tmin=epochs.tmin)[0]
    info = attention_info(
        epochs, ch_names, sfreq / layout.window_length, method, first_time
    )
    attention = AttentionEpochs(
        layout.to_channel_window(relevance),
        info,
        events=epochs.events.copy(),
        event_id=dict(epochs.event_id),
        metadata=metadata,
        verbose=False,
    ).shift_time(first_time, relative=False)  # window centres, off MNE's sample grid
    reasons = drop_reasons(labels, predicted, confidence, keep, min_confidence)
    drop_epochs(attention, reasons, keep, min_confidence)
    return attention


class ConditionMoments:
    """Running count, mean and squared deviations of matrices per condition.

    Chan et al.'s pairwise update of Welford's algorithm, in float64, so that
    batches of epochs can be added one at a time.

    Parameters
    ----------
    conditions : list of str
        The conditions, in order.
    shape : tuple of int
        The shape of one matrix.
    """

    def __init__(self, conditions, shape):
        self.conditions = list(conditions)
        self.counts = np.zeros(len(conditions), dtype=int)
        self.means = np.zeros((len(conditions), *shape))
        self.squares = np.zeros((len(conditions), *shape))

    def add(self, condition, values):
        """Add matrices to a condition's count, mean and squared deviations.

        Parameters
        ----------
        condition : str
            One of the conditions.
        values : array, shape (n_matrices, *shape)
            The matrices (none is fine).
        """
        if not len(values):
            return
        k = self.conditions.index(condition)
        n_old, n_new = self.counts[k], len(values)
        batch_mean = values.mean(axis=0)
        batch_squares = ((values - batch_mean) ** 2).sum(axis=0)
        total = n_old + n_new
        delta = batch_mean - self.means[k]
        self.means[k] += delta * (n_new / total)
        self.squares[k] += batch_squares + delta**2 * (n_old * n_new / total)
        self.counts[k] = total

    def channel_attention(self, info, method):
        """Return the conditions with matrices as :class:`ChannelAttention`.

        Parameters
        ----------
        info : instance of mne.Info
            The channels of the matrices.
        method : str
            The attention method.

        Returns
        -------
        channel_attention : instance of ChannelAttention
            The means, with ``n_epochs`` and the standard error ``sem`` (NaN
            for a condition with a single matrix).
        """
        present = self.counts > 0
        n = self.counts[present, None, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            sem = np.where(n > 1, np.sqrt(self.squares[present] / (n - 1) / n), np.nan)
        return ChannelAttention(
            info,
            self.means[present],
            [c for c, p in zip(self.conditions, present) if p],
            method,
            n_epochs=self.counts[present].tolist(),
            sem=sem,
        )
