"""Turning the user's Epochs or arrays into checked float32 arrays and labels."""

from dataclasses import dataclass

import numpy as np
from mne import BaseEpochs
from mne._fiff.pick import _picks_to_idx
from mne.utils import _validate_type


@dataclass
class EpochsData:
    """Data taken from the user's input, never a view on it.

    Attributes
    ----------
    data : array, shape (n_epochs, n_channels, n_times), float32
        The samples.
    labels : array, shape (n_epochs,) | None
        Condition names for Epochs, the given ``y`` for arrays.
    ch_names : list of str | None
        Channel names (Epochs only).
    sfreq : float | None
        Sampling frequency (Epochs only).
    tmin : float
        Time of the first sample (0 for arrays).
    groups : array, shape (n_epochs,) | None
        Subject of each epoch, from ``metadata["subject"]`` or ``groups``.
    """

    data: np.ndarray
    labels: np.ndarray | None
    ch_names: list | None
    sfreq: float | None
    tmin: float
    groups: np.ndarray | None


def epoch_labels(epochs):
    """Return the ``event_id`` name of each epoch.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        The epochs.

    Returns
    -------
    labels : array of str, shape (n_epochs,)
        The condition names.
    """
    code_to_name = {}
    for name, code in epochs.event_id.items():
        code_to_name.setdefault(code, name)
    codes = epochs.events[:, 2]
    unnamed = sorted(set(codes.tolist()) - set(code_to_name))
    if unnamed:
        raise ValueError(
            f"X must be epochs whose event codes all have a name in event_id, codes "
            f"{unnamed} have none"
        )
    return np.array([code_to_name[code] for code in codes])


def epoch_subjects(epochs):
    """Return ``metadata["subject"]`` of each epoch, or None without that column.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        The epochs.

    Returns
    -------
    subjects : array, shape (n_epochs,) | None
        The subject of each epoch.
    """
    if epochs.metadata is None or "subject" not in epochs.metadata.columns:
        return None
    return epochs.metadata["subject"].to_numpy()


def read_input(X, y=None, groups=None, *, need_labels, picks=None):
    """Check the estimator's input and copy it to float32.

    Parameters
    ----------
    X : instance of mne.Epochs | array, shape (n_epochs, n_channels, n_times)
        The data.
    y : None | array-like, shape (n_epochs,)
        Labels for an array ``X``; ignored for Epochs.
    groups : None | array-like, shape (n_epochs,)
        Subject of each epoch for an array ``X``.
    need_labels : bool
        Whether labels are required (fitting and scoring).
    picks : None | list of str
        Channels to take from Epochs, in this order; None takes the good
        data channels.

    Returns
    -------
    epochs_data : EpochsData
        The checked data.
    """
    _validate_type(X, (BaseEpochs, np.ndarray, list, tuple), "X", "mne.Epochs or array")
    if isinstance(X, BaseEpochs):
        if picks is None:
            picks = _picks_to_idx(X.info, "data", exclude="bads")
        else:
            picks = [X.ch_names.index(name) for name in picks]
        data = _epochs_to_float32(X, picks)
        ch_names = [X.ch_names[i] for i in picks]
        labels = epoch_labels(X)
        groups = epoch_subjects(X)
        sfreq, tmin = float(X.info["sfreq"]), float(X.tmin)
    else:
        data = np.array(
            X, dtype=np.float32
        )  # copies, so the caller's array is untouched
        ch_names = sfreq = None
        tmin = 0.0
        labels = None if y is None else np.asarray(y)
        if need_labels and labels is None:
            raise ValueError("y must be given when X is an array, got None")
        if groups is not None:
            groups = np.asarray(groups)
    if data.ndim != 3:
        raise ValueError(
            "X must have 3 dimensions (n_epochs, n_channels, n_times), got shape "
            f"{data.shape}"
        )
    if len(data) == 0:
        raise ValueError("X must hold at least one epoch, got 0")
    if not np.isfinite(data).all():
        raise ValueError("X must hold only finite values, got NaN or inf")
    for name, values in (("y", labels), ("groups", groups)):
        if values is not None and (values.ndim != 1 or len(values) != len(data)):
            raise ValueError(
                f"{name} must have one entry per epoch ({len(data)}), got shape "
                f"{values.shape}"
            )
    return EpochsData(data, labels, ch_names, sfreq, tmin, groups)


def _epochs_to_float32(epochs, picks, chunk=256):
    """Copy epochs to float32 a chunk at a time (no full float64 copy in memory)."""
    data = np.empty((len(epochs), len(picks), len(epochs.times)), dtype=np.float32)
    for start in range(0, len(epochs), chunk):
        stop = min(start + chunk, len(epochs))
        data[start:stop] = epochs.get_data(picks=picks, item=slice(start, stop))
    return data
