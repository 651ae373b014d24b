"""Model files: weights plus JSON metadata, read without unpickling objects."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from mne.utils import _check_fname, verbose

from ..utils._files import atomic_path
from .tokens import TokenLayout

_FORMAT = "mne-attention-model"
# Version 2 added the token embedding choice, the spectral filter length, the
# resolved training schedule and the best epoch; version 1 files hold
# linear-embedding models.
_FORMAT_VERSION = 2
_SCHEDULE_KEYS = ("batch_size", "lr", "max_epochs", "warmup_epochs", "patience")
_STATE_KEYS = ("format", "format_version", "metadata", "mean", "std", "weights")
# The JSON type of each metadata field; the last three are not in version 1.
_METADATA_TYPES = dict(
    params=(dict,),
    classes=(list,),
    ch_names=(list, type(None)),
    sfreq=(int, float, type(None)),
    tmin=(int, float),
    n_times=(int,),
    filter_length=(int,),
    schedule=(dict,),
    best_epoch=(int, type(None)),
    history=(dict,),
)
_METADATA_SINCE_2 = ("filter_length", "schedule", "best_epoch")
_JSON_NAMES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    type(None): "null",
}
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Most samples per epoch a model file may describe (over 17 hours at 160 Hz):
# nothing is sized by a larger number read from a file.
_MAX_N_TIMES = 10**7
# Names listed in one message.
_N_SHOWN = 5


def write_model(model, fname, *, overwrite=False):
    """Write a fitted :class:`~mne_attention.EEGTransformer` to ``fname``.

    Parameters
    ----------
    model : instance of EEGTransformer
        A fitted model.
    fname : path-like
        The file to write; written to a temporary file first, then renamed.
    overwrite : bool
        Replace an existing file.
    """
    fname = _check_fname(fname, overwrite=overwrite)
    params = model.get_params()
    # Only JSON values are stored: a device object or a RandomState instance is
    # replaced by its plain equivalent.
    params["device"] = str(params["device"])
    if not isinstance(params["random_state"], int | None):
        params["random_state"] = None
    metadata = dict(
        params=params,
        classes=model.classes_.tolist(),
        ch_names=model.ch_names_,
        sfreq=model.sfreq_,
        tmin=model.tmin_,
        n_times=model.n_times_,
        filter_length=model.filter_length_,
        schedule=model.schedule_,
        best_epoch=model.best_epoch_,
        history=model.history_.to_dict(orient="list"),
    )
    state = {
        "format": _FORMAT,
        "format_version": _FORMAT_VERSION,
        "metadata": json.dumps(metadata),
        "mean": torch.from_numpy(model.mean_),
        "std": torch.from_numpy(model.std_),
        "weights": {
            key: value.cpu() for key, value in model.network_.state_dict().items()
        },
    }
    with atomic_path(fname) as tmp:
        torch.save(state, tmp)


@verbose
def read_model(fname, device="auto", verbose=None):
    """Read a model written by :meth:`EEGTransformer.save`.

    Every stored field is checked before anything is built from it: the
    hyper-parameters as :meth:`EEGTransformer.fit` checks them, the metadata,
    the standardisation statistics and the names, shapes and values of the
    weights against the network the hyper-parameters describe.

    Parameters
    ----------
    fname : path-like
        The model file.
    device : str | torch.device
        Where to put the network; ``"auto"`` uses CUDA when available.
    %(verbose)s

    Returns
    -------
    model : instance of EEGTransformer
        The fitted model.

    Raises
    ------
    ValueError
        When ``fname`` is not a model file written by
        :meth:`EEGTransformer.save` or any of its contents is invalid.
    """
    from .estimator import resolve_device

    fname = _check_fname(fname, overwrite="read", must_exist=True, name="fname")
    resolved = resolve_device(device)
    not_ours = f"fname must be a model file written by EEGTransformer.save, {Path(fname).name} "
    try:
        state = torch.load(fname, map_location="cpu", weights_only=True)
    except Exception as err:  # truncated, corrupted or foreign files
        raise ValueError(f"{not_ours}could not be read: {err}") from None
    if not isinstance(state, dict) or state.get("format") != _FORMAT:
        raise ValueError(f"{not_ours}is not one")
    version = state.get("format_version")
    if _is_int(version) and version > _FORMAT_VERSION:
        raise ValueError(
            f"{not_ours}uses format version {version}; this "
            f"mne-attention reads up to {_FORMAT_VERSION}: upgrade mne-attention"
        )
    try:
        model = _model_from_state(state)
    except _InvalidModel as err:
        raise ValueError(
            f"{not_ours}is not a valid mne-attention model file: {err}"
        ) from None
    model.set_params(device=device)
    model.device_ = resolved
    model.network_ = model.network_.to(resolved).eval()
    return model


class _InvalidModel(Exception):
    """One problem with a model file's contents."""


def _model_from_state(state):
    """Check every field of a loaded model file and return the model, on the CPU."""
    _check_keys(state, _STATE_KEYS, "the file")
    version = state["format_version"]
    if not _is_int(version) or not 1 <= version <= _FORMAT_VERSION:
        raise _InvalidModel(
            f"format_version must be an int from 1 to {_FORMAT_VERSION}, got "
            f"{_short(version)} ({type(version).__name__})"
        )
    metadata = _read_metadata(state["metadata"], version)
    mean, std = _read_stats(state["mean"], state["std"])
    weights = _read_weights(state["weights"])
    if version == 1:
        metadata, weights = _upgrade_version_1(metadata, weights)
    model = _read_params(metadata["params"], version)
    n_times = _check_metadata(metadata, model, n_channels=len(mean))
    layout = TokenLayout(len(mean), n_times, model.n_time_tokens)
    model.network_ = _build_network(
        model, layout, len(metadata["classes"]), metadata["filter_length"], weights
    )
    model.layout_ = layout
    model.filter_length_ = metadata["filter_length"]
    model.schedule_ = metadata["schedule"]
    model.best_epoch_ = metadata["best_epoch"]
    model.classes_ = np.array(metadata["classes"])
    model.ch_names_ = metadata["ch_names"]
    model.sfreq_ = metadata["sfreq"]
    model.tmin_ = metadata["tmin"]
    model.n_times_ = n_times
    model.mean_ = mean
    model.std_ = std
    model.history_ = pd.DataFrame(metadata["history"])
    return model


def _read_metadata(text, version):
    """Parse the JSON metadata and check that each field has its JSON type."""
    if not isinstance(text, str):
        raise _InvalidModel(f"metadata must be a JSON str, got {type(text).__name__}")
    try:
        metadata = json.loads(text)
    except ValueError as err:  # JSONDecodeError, or a too deeply nested document
        raise _InvalidModel(f"metadata is not JSON: {err}") from None
    except RecursionError:
        raise _InvalidModel("metadata is not JSON: it is nested too deeply") from None
    if not isinstance(metadata, dict):
        raise _InvalidModel(
            f"metadata must be a JSON object, got a JSON {_json_type(metadata)}"
        )
    expected = {
        key: types
        for key, types in _METADATA_TYPES.items()
        if version >= 2 or key not in _METADATA_SINCE_2
    }
    _check_keys(metadata, expected, "metadata")
    for key, types in expected.items():
        if not isinstance(metadata[key], types) or isinstance(metadata[key], bool):
            names = " or ".join(_JSON_NAMES[kind] for kind in types)
            raise _InvalidModel(
                f"metadata[{key!r}] must be {names}, got a JSON "
                f"{_json_type(metadata[key])}"
            )
    return metadata


def _read_params(params, version):
    """Return an unfitted estimator with the stored hyper-parameters, checked as in fit."""
    from .estimator import EEGTransformer

    names = EEGTransformer._get_param_names()
    unknown = sorted(set(params) - set(names))
    if unknown:
        raise _InvalidModel(
            f"params holds unknown hyper-parameter(s) {_first(unknown)}"
        )
    missing = sorted(set(names) - set(params))
    if missing and version >= 2:  # version 1 predates some of them
        raise _InvalidModel(f"params lacks hyper-parameter(s) {_first(missing)}")
    if not isinstance(params.get("device", ""), str):
        raise _InvalidModel(
            f"params device must be a str, got {_short(params['device'])}"
        )
    random_state = params.get("random_state")
    if random_state is not None and not (
        _is_int(random_state) and 0 <= random_state < 2**32
    ):
        raise _InvalidModel(
            f"params random_state must be None or an int in [0, 2**32), got "
            f"{_short(random_state)}"
        )
    level = params.get("verbose")
    if not (
        level is None
        or isinstance(level, bool | int)
        or (isinstance(level, str) and level.upper() in _LOG_LEVELS)
    ):
        raise _InvalidModel(
            f"params verbose must be None, a bool, an int or one of "
            f"{list(_LOG_LEVELS)}, got {_short(level)}"
        )
    # The stored device may not exist here (a CUDA model read on a laptop):
    # the caller's device replaces it once the rest is checked.
    model = EEGTransformer(**dict(params, device="cpu"))
    try:
        model._check_params()
    except (TypeError, ValueError) as err:
        raise _InvalidModel(f"params: {err}") from None
    return model


def _check_metadata(metadata, model, n_channels):
    """Check the fitted values stored in the metadata; return ``n_times``."""
    classes = metadata["classes"]
    kinds = {_label_kind(label) for label in classes}
    if (
        len(classes) < 2
        or None in kinds
        or len(kinds) > 1
        or len(set(classes)) < len(classes)
    ):
        raise _InvalidModel(
            f"classes must be a list of at least 2 distinct labels, all str, all "
            f"bool or all finite numbers, got {_short(classes)}"
        )
    ch_names = metadata["ch_names"]
    if ch_names is not None:
        if not all(isinstance(name, str) for name in ch_names):
            raise _InvalidModel(f"ch_names must hold str, got {_short(ch_names)}")
        if len(ch_names) != n_channels:
            raise _InvalidModel(
                f"ch_names must name the {n_channels} channels of mean and std, got "
                f"{len(ch_names)} names"
            )
        if len(set(ch_names)) < len(ch_names):
            repeated = sorted({name for name in ch_names if ch_names.count(name) > 1})
            raise _InvalidModel(
                f"ch_names must be distinct, got {_first(repeated)} more than once"
            )
    sfreq = metadata["sfreq"]
    if sfreq is not None and not (math.isfinite(sfreq) and sfreq > 0):
        raise _InvalidModel(f"sfreq must be None or a positive number, got {sfreq}")
    if not math.isfinite(metadata["tmin"]):
        raise _InvalidModel(f"tmin must be a finite number, got {metadata['tmin']}")
    n_times, n_windows = metadata["n_times"], model.n_time_tokens
    if not n_windows <= n_times <= _MAX_N_TIMES:
        raise _InvalidModel(
            f"n_times must be an int from n_time_tokens ({n_windows}) to "
            f"{_MAX_N_TIMES}, got {n_times}"
        )
    filter_length = metadata["filter_length"]
    window_length = n_times // n_windows
    longest = window_length if model.embedding == "spectral" else _MAX_N_TIMES
    if not 1 <= filter_length <= longest:
        raise _InvalidModel(
            f"filter_length must be an int from 1 to the samples per token "
            f"({window_length}) for the {model.embedding} embedding, got {filter_length}"
        )
    if model.filter_length not in ("auto", filter_length):
        raise _InvalidModel(
            f"filter_length ({filter_length}) must equal the hyper-parameter "
            f"filter_length ({model.filter_length})"
        )
    schedule = metadata["schedule"]
    _check_schedule(schedule, model)
    best_epoch = metadata["best_epoch"]
    if best_epoch is not None and not 1 <= best_epoch <= schedule["max_epochs"]:
        raise _InvalidModel(
            f"best_epoch must be None or an int from 1 to max_epochs "
            f"({schedule['max_epochs']}), got {best_epoch}"
        )
    _check_history(metadata["history"])
    return n_times


def _check_schedule(schedule, model):
    """Check the resolved training settings: positive numbers that agree with params."""
    if not isinstance(schedule, dict):
        raise _InvalidModel(f"schedule must be a dict, got {_short(schedule)}")
    _check_keys(schedule, _SCHEDULE_KEYS, "schedule")
    for key in _SCHEDULE_KEYS:
        value = schedule[key]
        if key == "lr":
            valid = _is_number(value) and math.isfinite(value) and value > 0
            expected = "a positive number"
        else:
            minimum = 0 if key == "warmup_epochs" else 1
            valid = _is_int(value) and value >= minimum
            expected = f"an int of at least {minimum}"
        if not valid:
            raise _InvalidModel(
                f"schedule[{key!r}] must be {expected}, got {_short(value)}"
            )
        given = getattr(model, key)
        if given != "auto" and given != value:
            raise _InvalidModel(
                f"schedule[{key!r}] ({value}) must equal the hyper-parameter "
                f"{key} ({given})"
            )


def _check_history(history):
    """Per-pass training history: columns of scalars, all of the same length."""
    lengths = set()
    for key, column in history.items():
        if not isinstance(column, list) or not all(
            value is None or isinstance(value, str) or _is_number(value)
            for value in column
        ):
            raise _InvalidModel(
                f"history[{key!r}] must be a list of numbers, got {_short(column)}"
            )
        lengths.add(len(column))
    if len(lengths) > 1:
        found = {key: len(column) for key, column in history.items()}
        raise _InvalidModel(
            f"history must hold lists of equal length, got lengths {_short(found)}"
        )


def _read_stats(mean, std):
    """Return the per-channel standardisation statistics, as float64 arrays."""
    arrays = []
    for name, value in (("mean", mean), ("std", std)):
        if not isinstance(value, torch.Tensor) or not value.is_floating_point():
            kind = (
                value.dtype if isinstance(value, torch.Tensor) else type(value).__name__
            )
            raise _InvalidModel(f"{name} must be a float tensor, got {kind}")
        if value.ndim != 1 or len(value) < 1:
            raise _InvalidModel(
                f"{name} must be 1-D with a value per channel, got shape "
                f"{tuple(value.shape)}"
            )
        if not torch.isfinite(value).all():
            raise _InvalidModel(f"{name} must be finite, it holds NaN or inf")
        arrays.append(value.to(torch.float64).numpy())
    mean, std = arrays
    if len(mean) != len(std):
        raise _InvalidModel(
            f"mean and std must have a value per channel each, got {len(mean)} and "
            f"{len(std)} values"
        )
    if not (std > 0).all():
        raise _InvalidModel("std must be positive, it holds values <= 0")
    return mean, std


def _read_weights(weights):
    """Return the network's state: a dict of finite float tensors."""
    if not isinstance(weights, dict):
        raise _InvalidModel(f"weights must be a dict, got {type(weights).__name__}")
    for name, value in weights.items():
        if not isinstance(name, str):
            raise _InvalidModel(f"weights must be named by str, got {_short(name)}")
        if not isinstance(value, torch.Tensor) or not value.is_floating_point():
            kind = (
                value.dtype if isinstance(value, torch.Tensor) else type(value).__name__
            )
            raise _InvalidModel(f"weights[{name!r}] must be a float tensor, got {kind}")
        if not torch.isfinite(value).all():
            raise _InvalidModel(f"weights[{name!r}] holds NaN or inf")
    return weights


def _build_network(model, layout, n_classes, filter_length, weights):
    """Build the network and load ``weights`` once their names and shapes match it.

    The expected names and shapes come from a network on the meta device,
    which allocates no memory, so that hyper-parameters describing a huge
    network are refused before anything of that size is made.
    """
    mismatch = "weights do not match the network of its hyper-parameters: "
    if model.n_layers > len(weights):  # each layer holds several tensors
        raise _InvalidModel(
            f"{mismatch}n_layers={model.n_layers} but the file holds only "
            f"{len(weights)} weights"
        )
    try:
        with torch.device("meta"):
            template = model._build_network(layout, n_classes, filter_length)
    except ValueError as err:
        raise _InvalidModel(str(err)) from None
    expected = {key: tuple(value.shape) for key, value in template.state_dict().items()}
    found = {key: tuple(value.shape) for key, value in weights.items()}
    problems = []
    missing = [key for key in expected if key not in found]
    if missing:
        problems.append(f"missing {_first(missing)}")
    unexpected = [key for key in found if key not in expected]
    if unexpected:
        problems.append(f"unexpected {_first(unexpected)}")
    shapes = [
        f"{key} has shape {found[key]}, expected {shape}"
        for key, shape in expected.items()
        if key in found and found[key] != shape
    ]
    if shapes:
        problems.append(
            "; ".join(shapes[:_N_SHOWN]) + (" ..." if len(shapes) > _N_SHOWN else "")
        )
    if problems:
        raise _InvalidModel(mismatch + "; ".join(problems))
    # Building initialises weights randomly: leave the caller's random stream alone.
    with torch.random.fork_rng(devices=[]):
        network = model._build_network(layout, n_classes, filter_length)
    network.load_state_dict(weights)
    return network.eval()


def _upgrade_version_1(metadata, weights):
    """Read a version 1 file.

    Such a file holds a linear-embedding model with numeric settings, the best
    network of its early-stopped run (no refit).
    """
    params = dict(metadata["params"], embedding="linear", refit=False)
    metadata = dict(
        metadata,
        params=params,
        filter_length=1,  # unused by the linear embedding
        schedule={key: params.get(key) for key in _SCHEDULE_KEYS},
        best_epoch=None,  # not recorded
    )
    weights = {
        ("embedding." + key if key.startswith("projection.") else key): value
        for key, value in weights.items()
    }
    return metadata, weights


def _check_keys(mapping, expected, what):
    """Check that ``mapping`` holds exactly the ``expected`` keys."""
    missing = [key for key in expected if key not in mapping]
    if missing:
        raise _InvalidModel(f"{what} lacks the key(s) {_first(missing)}")
    unexpected = [key for key in mapping if key not in expected]
    if unexpected:
        raise _InvalidModel(f"{what} holds unexpected key(s) {_first(unexpected)}")


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _label_kind(label):
    """str, bool or number for a valid class label, None otherwise."""
    if isinstance(label, str | bool):
        return type(label)
    if _is_number(label) and math.isfinite(label):
        return "number"
    return None


def _json_type(value):
    """Return the JSON name of a parsed value's type."""
    if isinstance(value, bool):
        return "boolean"
    for kind, name in _JSON_NAMES.items():
        if isinstance(value, kind):
            return name.split(" ")[-1]
    return type(value).__name__


def _first(items):
    """Return the first few items of a list, for a message."""
    shown = ", ".join(repr(item) for item in items[:_N_SHOWN])
    return f"[{shown}{', ...' if len(items) > _N_SHOWN else ''}]"


def _short(value, limit=80):
    """``repr(value)``, shortened for a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
