"""Turning the user's Epochs or arrays into checked labels and epochs read as float32."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from mne import BaseEpochs
from mne._fiff.pick import _picks_to_idx, pick_types
from mne.utils import _validate_type

from ._checks import as_regular_array, check_float32_values
from ._rows import EpochsRows, array_rows, read_all


@dataclass
class EpochsData:
    """Data taken from the user's input, never a view on it.

    Attributes
    ----------
    data : Rows | array, shape (n_epochs, n_channels, n_times), float32
        The samples: read on demand (:func:`open_input`) or a float32 copy
        (:func:`read_input`).
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


def epoch_labels(epochs, name="epochs"):
    """Return the ``event_id`` name of each epoch.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        The epochs.
    name : str
        The argument's name, for error messages.

    Returns
    -------
    labels : array of str, shape (n_epochs,)
        The condition names.
    """
    # a code with several names takes the first
    code_to_name = {
        code: condition for condition, code in reversed(epochs.event_id.items())
    }
    codes = epochs.events[:, 2]
    unnamed = np.setdiff1d(codes, list(code_to_name))
    if len(unnamed):
        raise ValueError(
            f"{name} must have a name in event_id for every event code, got codes "
            f"{unnamed.tolist()} without one"
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


def model_channels(info):
    """Return the channels a model takes from Epochs: the good data channels.

    Epochs of brain regions (:func:`mne_attention.source_epochs`) hold no data
    channel but one ``"dipole"`` channel per region: then those.

    Parameters
    ----------
    info : instance of mne.Info
        The epochs' info.

    Returns
    -------
    picks : array of int
        The channel indices (may be empty).
    """
    picks = _picks_to_idx(info, "data", exclude="bads", allow_empty=True)
    if len(picks) == 0:
        picks = pick_types(info, meg=False, dipole=True, exclude="bads")
    return picks


def with_known_length(epochs):
    """Return loaded ``epochs`` as they are, lazy ones as a copy with bad epochs dropped.

    Lazy epochs (``preload=False``) have no known length until their bad
    epochs are dropped, which reads the data once; the caller's object stays
    as it was.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        The epochs, loaded or lazy.

    Returns
    -------
    epochs : instance of mne.Epochs
        Epochs whose ``len()``, ``events`` and ``metadata`` are final.
    """
    if epochs.preload:
        return epochs
    # copying lazy epochs copies no data, and dropping is done only once
    return epochs.copy().drop_bad(verbose=False)


def read_input(
    X, y=None, groups=None, *, need_labels, picks=None, need_groups=False, name="X"
):
    """Check the estimator's input and copy it to float32.

    Parameters and return value as for :func:`open_input`; ``data`` is a
    float32 copy of every epoch, its values checked.
    """
    inputs = open_input(
        X,
        y,
        groups,
        need_labels=need_labels,
        picks=picks,
        need_groups=need_groups,
        name=name,
    )
    inputs.data = read_all(inputs.data, name)
    return inputs


def open_input(
    X, y=None, groups=None, *, need_labels, picks=None, need_groups=False, name="X"
):
    """Check the estimator's input, leaving its samples where they are.

    The samples are read later, on demand (see :class:`Rows`); only their
    type is checked here, their values when they are read.

    Parameters
    ----------
    X : instance of mne.Epochs | array, shape (n_epochs, n_channels, n_times)
        The data.
    y : None | array-like, shape (n_epochs,)
        Labels for an array ``X``; ignored for Epochs.
    groups : None | array-like, shape (n_epochs,)
        Subject of each epoch for an array ``X``; must be None for Epochs,
        whose ``metadata["subject"]`` gives it.
    need_labels : bool
        Whether labels are required (fitting and scoring); the labels of
        Epochs are read only then.
    picks : None | list of str
        Channels to take from Epochs, in this order; None takes the good
        data channels.
    need_groups : bool
        Whether to read the subjects of Epochs (fitting).
    name : str
        The argument's name in the caller, for error messages.

    Returns
    -------
    epochs_data : EpochsData
        The checked data; ``data`` reads the epochs of ``X`` (float32).
    """
    _validate_type(
        X, (BaseEpochs, np.ndarray, list, tuple), name, "mne.Epochs or array"
    )
    if isinstance(X, BaseEpochs):
        if groups is not None:
            raise ValueError(
                f"groups must be None when {name} is mne.Epochs (the subjects come "
                f"from {name}.metadata['subject']), got {type(groups).__name__}"
            )
        X = with_known_length(X)
        if picks is None:
            picks = model_channels(X.info)
            if len(picks) == 0:
                raise ValueError(
                    f"{name} must have at least one good data channel (or region "
                    "channel of type 'dipole'), got none: "
                    f"{len(X.ch_names)} channels, info['bads'] = {X.info['bads']}"
                )
        else:
            picks = np.array([X.ch_names.index(ch) for ch in picks], dtype=int)
        data = EpochsRows(X, picks)
        ch_names = [X.ch_names[i] for i in picks]
        labels = epoch_labels(X, name) if need_labels else None
        groups = epoch_subjects(X) if need_groups else None
        sfreq, tmin = float(X.info["sfreq"]), float(X.tmin)
    else:
        data = as_regular_array(X, name, "(n_epochs, n_channels, n_times) array")
        # the type only: the values are checked as they are read
        check_float32_values(np.empty(0, data.dtype), name)
        ch_names = sfreq = None
        tmin = 0.0
        labels = None if y is None else as_regular_array(y, "y")
        if need_labels and labels is None:
            raise ValueError(f"y must be given when {name} is an array, got None")
        if groups is not None:
            groups = as_regular_array(groups, "groups")
    if len(data.shape) != 3:
        raise ValueError(
            f"{name} must have 3 dimensions (n_epochs, n_channels, n_times), got shape "
            f"{data.shape}"
        )
    if not isinstance(data, EpochsRows):
        data = array_rows(data)
    if len(data) == 0:
        raise ValueError(f"{name} must hold at least one epoch, got 0")
    for argument, values in (("y", labels), ("groups", groups)):
        if values is not None and (values.ndim != 1 or len(values) != len(data)):
            raise ValueError(
                f"{argument} must have one entry per epoch ({len(data)}), got shape "
                f"{values.shape}"
            )
    if groups is not None:
        _check_groups(groups)
    return EpochsData(data, labels, ch_names, sfreq, tmin, groups)


def _check_groups(groups):
    """Refuse missing or mutually incomparable subject identifiers."""
    missing = np.flatnonzero(pd.isna(groups))
    if len(missing):
        raise ValueError(
            "groups (metadata['subject']) must name the subject of every epoch, got "
            f"missing values for epochs {missing[:10].tolist()}"
        )
    try:
        np.unique(groups)
    except TypeError:
        kinds = sorted({type(g).__name__ for g in groups})
        raise TypeError(
            "groups (metadata['subject']) must be subject identifiers of one type, "
            f"got a mix of {kinds}"
        ) from None
