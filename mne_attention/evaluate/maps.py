"""Attention maps read for evaluation: their values, channels and epochs, checked."""

import mne
import numpy as np
from mne.utils import _validate_type

from ..model.estimator import check_fitted_model
from ..utils._checks import check_real_array
from ..utils._input import epoch_labels, with_known_length

MAP_TYPES = (mne.BaseEpochs, mne.Evoked, np.ndarray)
MAP_KINDS = "AttentionEpochs, AttentionEvoked, mne.Evoked or array"


def finite_values(values, name, expected):
    """Return ``values`` as a new float array of finite real numbers, or raise.

    Parameters
    ----------
    values, name, expected
        As for :func:`~mne_attention.utils._checks.check_real_array`.

    Returns
    -------
    values : ndarray of float
        A copy.
    """
    values = check_real_array(values, name, expected)
    n_bad = int(np.sum(~np.isfinite(values)))
    if n_bad:
        raise ValueError(f"{name} must hold finite values, got {n_bad} NaN or infinite")
    return values


def map_values(attention, name="attention"):
    """Return the values of an attention map, its channel names and whether per epoch.

    Parameters
    ----------
    attention : instance of AttentionEpochs | AttentionEvoked | mne.Evoked | array
        The map; an array has shape ``(n_channels,)`` or ``(n_channels,
        n_windows)``.
    name : str
        The argument's name, for error messages.

    Returns
    -------
    values : ndarray of float
        A new array of shape (n_epochs, n_channels, n_windows) when
        ``per_epoch``, else (n_channels, n_windows).
    names : list of str | None
        The channel names (None for an array).
    per_epoch : bool
        Whether there is one map per epoch.
    """
    _validate_type(attention, MAP_TYPES, name, MAP_KINDS)
    if isinstance(attention, mne.BaseEpochs):
        attention = with_known_length(attention)
        values = attention.get_data()
        names, per_epoch = list(attention.ch_names), True
    elif isinstance(attention, mne.Evoked):
        values = attention.data
        names, per_epoch = list(attention.ch_names), False
    else:
        if attention.ndim not in (1, 2):
            raise ValueError(
                f"{name} must be an array of shape (n_channels,) or (n_channels, "
                f"n_windows) (use AttentionEpochs for one map per epoch), got shape "
                f"{attention.shape}"
            )
        values = attention if attention.ndim == 2 else attention[:, None]
        names, per_epoch = None, False
    if values.size == 0:
        raise ValueError(f"{name} must hold values, got shape {values.shape}")
    return finite_values(values, name, MAP_KINDS), names, per_epoch


def check_model_and_epochs(model, epochs):
    """Check a fitted model and its epochs.

    Parameters
    ----------
    model : instance of EEGTransformer
        Must be fitted.
    epochs : instance of mne.Epochs
        The epochs to evaluate on.

    Returns
    -------
    epochs : instance of mne.Epochs
        The epochs with a known length.
    batch_size : int
        The model's training batch size.
    """
    check_fitted_model(model)
    _validate_type(epochs, mne.BaseEpochs, "epochs", "mne.Epochs")
    return with_known_length(epochs), model.schedule_["batch_size"]


def maps_per_epoch(model, epochs, attention, *, name="attention"):
    """Return one map per epoch in the model's channel order.

    Parameters
    ----------
    model : instance of EEGTransformer
        A fitted model.
    epochs : instance of mne.Epochs
        The epochs, with a known length.
    attention : instance of AttentionEpochs | AttentionEvoked | mne.Evoked | array
        Maps of these epochs, or one map for all of them; named channels are
        matched to the model's by name.
    name : str
        The argument's name, for error messages.

    Returns
    -------
    maps : ndarray, shape (n_epochs, n_channels, n_windows)
        The maps (a read-only broadcast of one map when it serves every epoch).
    """
    values, names, per_epoch = map_values(attention, name)
    n_epochs = len(epochs)
    if per_epoch:
        attention = with_known_length(attention)
        if len(values) != n_epochs:
            raise ValueError(
                f"{name} must hold one map per epoch of epochs ({n_epochs}), got "
                f"{len(values)}: pass epochs[attention.selection] or the attention of "
                "these epochs"
            )
        if not np.array_equal(attention.events[:, [0, 2]], epochs.events[:, [0, 2]]):
            raise ValueError(
                f"{name} must belong to epochs: their events (sample and code) "
                "differ; compute the attention of these epochs"
            )
        values = np.moveaxis(values, 1, 0)  # channels first
    wanted = model.ch_names_
    if names is not None and wanted is not None:
        values = rows_by_name(values, names, list(wanted), name, "the model")
    elif len(values) != model.layout_.n_channels:
        raise ValueError(
            f"{name} must have one row per channel of the model "
            f"({model.layout_.n_channels}, in the order of model.ch_names_), got "
            f"{len(values)}"
        )
    if per_epoch:
        return np.moveaxis(values, 0, 1)
    return np.broadcast_to(values, (n_epochs,) + values.shape)


def rows_by_name(values, names, wanted, name, owner):
    """Return the rows (first axis) of ``values`` in the order of ``wanted``.

    Parameters
    ----------
    values : ndarray
        One row per channel of ``names``.
    names : list of str
        The channel of each row.
    wanted : list of str
        The channels to return, in order.
    name : str
        The argument's name, for the error message.
    owner : str
        Whose channels ``wanted`` are, for the error message.

    Returns
    -------
    rows : ndarray
        The rows of ``wanted``.
    """
    missing = [ch for ch in wanted if ch not in names]
    if missing:
        raise ValueError(
            f"{name} must have every channel of {owner}, missing {missing}"
        )
    return values[[names.index(ch) for ch in wanted]]


def true_classes(model, epochs):
    """Return the index of each epoch's condition among the model's classes.

    Parameters
    ----------
    model, epochs
        A fitted model and labelled epochs.

    Returns
    -------
    targets : ndarray of int, shape (n_epochs,)
        Indices into ``model.classes_``.
    """
    classes = model.classes_.tolist()
    labels = epoch_labels(epochs)
    unknown = sorted(set(labels.tolist()) - set(classes))
    if unknown:
        raise ValueError(
            f"epochs must hold only the model's classes {classes}, got conditions "
            f"{unknown}"
        )
    return np.array([classes.index(label) for label in labels])
