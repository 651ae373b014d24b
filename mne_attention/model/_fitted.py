"""The estimator's fitted state, defined once: what fit sets, a model file holds and reading checks.

:data:`FITTED` lists every attribute that ``fit`` sets, in the order a file's
fields are read, with the field of a model file that holds it and the function
that checks that field. ``fit`` and ``read_model`` both go through
:func:`set_fitted`, which refuses a state that lacks one of them, and the
writer stores each of them that has a field: adding a fitted attribute means
adding its row here.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from sklearn.exceptions import NotFittedError

from ._file_checks import (
    InvalidModelFile,
    check_keys,
    first_items,
    is_int,
    is_number,
    read_float_tensor,
    read_network,
    short_repr,
)
from .embedding import FILTER_BANK_EMBEDDINGS
from .tokens import TokenLayout

# The resolved training settings, keys of ``schedule_``.
SCHEDULE_KEYS = ("batch_size", "lr", "max_epochs", "warmup_epochs", "patience")
# Most samples per epoch a model file may describe (over 17 hours at 160 Hz):
# nothing is sized by a larger number read from a file.
_MAX_N_TIMES = 10**7


def _as_is(value):
    return value


@dataclass(frozen=True)
class FittedAttribute:
    """One attribute that ``fit`` sets, and how a model file holds it.

    Attributes
    ----------
    name : str
        The attribute; it ends in ``_``.
    read : callable
        ``read(stored, fitted, params)`` checks the stored value against the
        hyper-parameters and the attributes read before it (``fitted``) and
        returns the attribute's value, or raises :class:`InvalidModelFile`.
        ``stored`` is None for an attribute without a field.
    field : str | None
        The field of a model file that holds it; None for one that is
        derived when the file is read.
    json : tuple of type | None
        The JSON types of a field of the file's JSON metadata; None for a
        field of tensors.
    since : int
        The version of the file format that added the field.
    write : callable
        Turns the attribute's value into the stored value.
    """

    name: str
    read: Callable
    field: str | None = None
    json: tuple | None = None
    since: int = 1
    write: Callable = _as_is


def _read_mean(value, fitted, params):
    return read_float_tensor(value, "mean")


def _read_std(value, fitted, params):
    std = read_float_tensor(value, "std")
    if len(std) != len(fitted["mean_"]):
        raise InvalidModelFile(
            f"mean and std must have a value per channel each, got "
            f"{len(fitted['mean_'])} and {len(std)} values"
        )
    if not (std > 0).all():
        raise InvalidModelFile("std must be positive, it holds values <= 0")
    return std


def _label_kind(label):
    """str, bool or number for a valid class label, None otherwise."""
    if isinstance(label, str | bool):
        return type(label)
    if is_number(label) and math.isfinite(label):
        return "number"
    return None


def _read_classes(classes, fitted, params):
    kinds = {_label_kind(label) for label in classes}
    if (
        len(classes) < 2
        or None in kinds
        or len(kinds) > 1
        or len(set(classes)) < len(classes)
    ):
        raise InvalidModelFile(
            f"classes must be a list of at least 2 distinct labels, all str, all "
            f"bool or all finite numbers, got {short_repr(classes)}"
        )
    return np.array(classes)


def _read_ch_names(ch_names, fitted, params):
    if ch_names is None:
        return None
    n_channels = len(fitted["mean_"])
    if not all(isinstance(name, str) for name in ch_names):
        raise InvalidModelFile(f"ch_names must hold str, got {short_repr(ch_names)}")
    if len(ch_names) != n_channels:
        raise InvalidModelFile(
            f"ch_names must name the {n_channels} channels of mean and std, got "
            f"{len(ch_names)} names"
        )
    if len(set(ch_names)) < len(ch_names):
        repeated = sorted({name for name in ch_names if ch_names.count(name) > 1})
        raise InvalidModelFile(
            f"ch_names must be distinct, got {first_items(repeated)} more than once"
        )
    return ch_names


def _read_sfreq(sfreq, fitted, params):
    if sfreq is not None and not (math.isfinite(sfreq) and sfreq > 0):
        raise InvalidModelFile(f"sfreq must be None or a positive number, got {sfreq}")
    return sfreq


def _read_tmin(tmin, fitted, params):
    if not math.isfinite(tmin):
        raise InvalidModelFile(f"tmin must be a finite number, got {tmin}")
    return tmin


def _read_n_times(n_times, fitted, params):
    n_windows = params["n_time_tokens"]
    if not n_windows <= n_times <= _MAX_N_TIMES:
        raise InvalidModelFile(
            f"n_times must be an int from n_time_tokens ({n_windows}) to "
            f"{_MAX_N_TIMES}, got {n_times}"
        )
    return n_times


def _read_filter_length(filter_length, fitted, params):
    embedding = params["embedding"]
    window_length = fitted["n_times_"] // params["n_time_tokens"]
    longest = window_length if embedding in FILTER_BANK_EMBEDDINGS else _MAX_N_TIMES
    if not 1 <= filter_length <= longest:
        raise InvalidModelFile(
            f"filter_length must be an int from 1 to the samples per token "
            f"({window_length}) for the {embedding} embedding, got {filter_length}"
        )
    if params["filter_length"] not in ("auto", filter_length):
        raise InvalidModelFile(
            f"filter_length ({filter_length}) must equal the hyper-parameter "
            f"filter_length ({params['filter_length']})"
        )
    return filter_length


def _read_schedule(schedule, fitted, params):
    """Check the resolved training settings: positive numbers that agree with params."""
    check_keys(schedule, SCHEDULE_KEYS, "schedule")
    for key in SCHEDULE_KEYS:
        value = schedule[key]
        if key == "lr":
            valid = is_number(value) and math.isfinite(value) and value > 0
            expected = "a positive number"
        else:
            minimum = 0 if key == "warmup_epochs" else 1
            valid = is_int(value) and value >= minimum
            expected = f"an int of at least {minimum}"
        if not valid:
            raise InvalidModelFile(
                f"schedule[{key!r}] must be {expected}, got {short_repr(value)}"
            )
        given = params[key]
        if given != "auto" and given != value:
            raise InvalidModelFile(
                f"schedule[{key!r}] ({value}) must equal the hyper-parameter "
                f"{key} ({given})"
            )
    return schedule


def _read_best_epoch(best_epoch, fitted, params):
    max_epochs = fitted["schedule_"]["max_epochs"]
    if best_epoch is not None and not 1 <= best_epoch <= max_epochs:
        raise InvalidModelFile(
            f"best_epoch must be None or an int from 1 to max_epochs "
            f"({max_epochs}), got {best_epoch}"
        )
    return best_epoch


def _read_history(history, fitted, params):
    """Per-pass training history: columns of scalars, all of the same length."""
    lengths = set()
    for key, column in history.items():
        if not isinstance(column, list) or not all(
            value is None or isinstance(value, str) or is_number(value)
            for value in column
        ):
            raise InvalidModelFile(
                f"history[{key!r}] must be a list of numbers, got {short_repr(column)}"
            )
        lengths.add(len(column))
    if len(lengths) > 1:
        found = {key: len(column) for key, column in history.items()}
        raise InvalidModelFile(
            f"history must hold lists of equal length, got lengths {short_repr(found)}"
        )
    return pd.DataFrame(history)


def _read_layout(_, fitted, params):
    return TokenLayout(
        len(fitted["mean_"]), fitted["n_times_"], params["n_time_tokens"]
    )


def _read_network(weights, fitted, params):
    return read_network(
        weights,
        params,
        fitted["layout_"],
        len(fitted["classes_"]),
        fitted["filter_length_"],
    )


FITTED = (
    FittedAttribute("mean_", _read_mean, "mean", write=torch.from_numpy),
    FittedAttribute("std_", _read_std, "std", write=torch.from_numpy),
    FittedAttribute(
        "classes_", _read_classes, "classes", (list,), write=np.ndarray.tolist
    ),
    FittedAttribute("ch_names_", _read_ch_names, "ch_names", (list, type(None))),
    FittedAttribute("sfreq_", _read_sfreq, "sfreq", (int, float, type(None))),
    FittedAttribute("tmin_", _read_tmin, "tmin", (int, float)),
    FittedAttribute("n_times_", _read_n_times, "n_times", (int,)),
    FittedAttribute(
        "filter_length_", _read_filter_length, "filter_length", (int,), since=2
    ),
    FittedAttribute("schedule_", _read_schedule, "schedule", (dict,), since=2),
    FittedAttribute(
        "best_epoch_", _read_best_epoch, "best_epoch", (int, type(None)), since=2
    ),
    FittedAttribute(
        "history_",
        _read_history,
        "history",
        (dict,),
        write=lambda history: history.to_dict(orient="list"),
    ),
    FittedAttribute("layout_", _read_layout),
    FittedAttribute(
        "network_",
        _read_network,
        "weights",
        write=lambda network: {
            key: value.cpu() for key, value in network.state_dict().items()
        },
    ),
    # a network read from a file is on the CPU until read_model moves it
    FittedAttribute("device_", lambda *_: torch.device("cpu")),
)


def check_is_fitted(model):
    """Raise :class:`~sklearn.exceptions.NotFittedError` unless ``model`` is fitted.

    Parameters
    ----------
    model : instance of EEGTransformer
        The estimator.
    """
    if not all(hasattr(model, attribute.name) for attribute in FITTED):
        raise NotFittedError(
            "This EEGTransformer is not fitted yet: call fit(epochs) first, or "
            "read a saved one with mne_attention.read_model()"
        )


def set_fitted(model, fitted):
    """Set the fitted state on ``model``: every attribute of :data:`FITTED`, no other.

    Parameters
    ----------
    model : instance of EEGTransformer
        The estimator.
    fitted : dict
        The value of each fitted attribute, by name.
    """
    names = [attribute.name for attribute in FITTED]
    if sorted(fitted) != sorted(names):  # a programming error, not a user's
        raise RuntimeError(
            f"The fitted state must set exactly {names}, got {sorted(fitted)}"
        )
    for name in names:
        setattr(model, name, fitted[name])


def get_fitted(model):
    """Return the fitted state of ``model``.

    Parameters
    ----------
    model : instance of EEGTransformer
        A fitted estimator.

    Returns
    -------
    fitted : dict
        The value of each fitted attribute, by name.
    """
    return {attribute.name: getattr(model, attribute.name) for attribute in FITTED}


def stored_fields(fitted):
    """Return the fields of a model file that hold a fitted state.

    Parameters
    ----------
    fitted : dict
        The value of each fitted attribute, by name.

    Returns
    -------
    fields : dict
        The stored value of each attribute that has a field, by field name.
    """
    return {
        attribute.field: attribute.write(fitted[attribute.name])
        for attribute in FITTED
        if attribute.field is not None
    }


def read_fitted(fields, params):
    """Check the stored fields of a model file and return the fitted state.

    Parameters
    ----------
    fields : dict
        The stored value of each field (JSON ones of their JSON type).
    params : dict
        The checked hyper-parameters, with the stored device replaced by the CPU.

    Returns
    -------
    fitted : dict
        The value of each fitted attribute, by name; the network is on the CPU.
    """
    fitted = {}
    for attribute in FITTED:
        stored = None if attribute.field is None else fields[attribute.field]
        fitted[attribute.name] = attribute.read(stored, fitted, params)
    return fitted
