"""Checks of the arrays and names a ChannelAttention is built from.

Each check returns new objects and leaves the caller's as they were; the
messages name the argument, what was expected and what was given.
"""

import numpy as np
from mne.utils import _ensure_int, _validate_type

from ..utils._checks import check_real_array


def check_data(data, n_channels):
    """Return ``data`` as a new float array of attention matrices, or raise."""
    # a copy: the caller's array stays theirs
    data = check_real_array(
        data, "data", "array of shape (n_conditions, n_channels, n_channels)"
    )
    if data.ndim == 2:
        data = data[np.newaxis]
    if data.ndim != 3 or data.shape[1:] != (n_channels, n_channels):
        raise ValueError(
            "data must have shape (n_conditions, n_channels, n_channels) with "
            f"n_channels={n_channels} from info, got shape {data.shape}"
        )
    if data.shape[0] == 0:
        raise ValueError(f"data must hold at least one matrix, got shape {data.shape}")
    n_bad = int(np.sum(~np.isfinite(data)))
    if n_bad:
        raise ValueError(
            "data must be finite and non-negative attention values, got "
            f"{n_bad} NaN or infinite entries"
        )
    if np.any(data < 0):
        raise ValueError(
            "data must be finite and non-negative attention values, got minimum "
            f"{data.min():g}"
        )
    return data


def check_conditions(conditions, n_matrices):
    """Return ``conditions`` as a list of distinct names, one per matrix, or raise."""
    _validate_type(conditions, (str, list, tuple), "conditions", "str or list of str")
    conditions = [conditions] if isinstance(conditions, str) else list(conditions)
    for k, condition in enumerate(conditions):
        _validate_type(condition, str, f"conditions[{k}]")
        if not condition:
            raise ValueError(f"conditions[{k}] must be a non-empty name, got ''")
    if len(conditions) != n_matrices or len(set(conditions)) != len(conditions):
        raise ValueError(
            f"conditions must be {n_matrices} distinct names (one per matrix), "
            f"got {conditions}"
        )
    return conditions


def check_n_epochs(n_epochs, n_conditions):
    """Return ``n_epochs`` as a list of counts, one per condition (or None), or raise."""
    if n_epochs is not None:
        _validate_type(
            n_epochs, (list, tuple, np.ndarray), "n_epochs", "None or list of int"
        )
        n_epochs = [_ensure_int(n, f"n_epochs[{k}]") for k, n in enumerate(n_epochs)]
        if len(n_epochs) != n_conditions:
            raise ValueError(
                f"n_epochs must have one count per condition ({n_conditions}), "
                f"got {len(n_epochs)}"
            )
        if any(n < 0 for n in n_epochs):
            raise ValueError(f"n_epochs must be counts (>= 0), got {n_epochs}")
    return n_epochs


def check_sem(sem, shape):
    """Return ``sem`` as a new float array of ``shape``, or raise naming it."""
    array = check_real_array(sem, "sem", f"None or array of shape {shape} like data")
    if array.ndim == 2:
        array = array[np.newaxis]
    if array.shape != shape:
        raise ValueError(
            f"sem must have the shape of data {shape}, got shape {array.shape}"
        )
    if np.any(np.isinf(array)) or np.any(array < 0):
        raise ValueError(
            "sem must hold standard errors (finite and >= 0, or NaN where unknown), "
            f"got minimum {np.nanmin(array):g} and maximum {np.nanmax(array):g}"
        )
    for k, matrix in enumerate(array):
        n_nan = int(np.isnan(matrix).sum())
        if 0 < n_nan < matrix.size:
            raise ValueError(
                f"sem[{k}] must be all finite, or all NaN where the spread is "
                f"unknown, got {n_nan} NaN of {matrix.size}"
            )
    return array


def check_picks(picks, ch_names):
    """Refuse ``picks`` that are not distinct names among ``ch_names``."""
    _validate_type(picks, (list, tuple), "picks", "list of channel names")
    for k, name in enumerate(picks):
        _validate_type(name, str, f"picks[{k}]", "channel name (str)")
    if not picks:
        raise ValueError("picks must name at least one channel, got []")
    repeated = sorted({name for name in picks if picks.count(name) > 1})
    if repeated:
        raise ValueError(
            f"picks must name each channel once, got {repeated} more than once"
        )
    missing = [name for name in picks if name not in ch_names]
    if missing:
        raise ValueError(
            "picks must be channel names of this object "
            f"({', '.join(ch_names)}), got {missing}"
        )


def condition_index(condition, conditions):
    """Return the index of ``condition`` in ``conditions`` (None: the only one).

    Parameters
    ----------
    condition : None | str
        What the user passed.
    conditions : list of str
        The conditions of the container.

    Returns
    -------
    idx : int
        The index.
    """
    if condition is None:
        if len(conditions) != 1:
            raise ValueError(
                f"condition must be one of {conditions} when there is more than "
                "one, got None"
            )
        return 0
    _validate_type(condition, str, "condition")
    if condition not in conditions:
        raise ValueError(f"condition must be one of {conditions}, got {condition!r}")
    return conditions.index(condition)


def require_sem(sem, idx, needs, condition):
    """Refuse a test of condition ``idx`` whose standard errors are unknown.

    Parameters
    ----------
    sem : None | array, shape (n_conditions, n_channels, n_channels)
        The standard errors of the container.
    idx : int
        The condition's index.
    needs : str
        What needs them, e.g. ``"link_statistics needs the standard error"``.
    condition : str
        The condition's name.
    """
    if sem is None:
        raise ValueError(
            f"{needs} of each link across epochs (sem), and this ChannelAttention "
            "has none (sem=None): compute it with compute_channel_attention, or "
            "pass sem"
        )
    if np.isnan(sem[idx]).any():
        raise ValueError(
            f"{needs} of each link across epochs (sem), and condition {condition!r} "
            "has none (sem is NaN: fewer than two epochs)"
        )
