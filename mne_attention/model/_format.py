"""The model file format: tensors and JSON metadata in a file read without unpickling.

A file holds the hyper-parameters and the fields of the fitted state that
:data:`~mne_attention.model._fitted.FITTED` lists; this module writes such a
file and reads one back, checking every field, and knows nothing of the
estimator that the state belongs to.
"""

import json
from pathlib import Path

import torch
from mne.utils import _check_fname

from ..utils._files import atomic_path
from ._file_checks import (
    InvalidModelFile,
    check_json_type,
    check_keys,
    first_items,
    is_int,
    json_type,
    short_repr,
)
from ._fitted import FITTED, SCHEDULE_KEYS, read_fitted, stored_fields
from ._params import check_params

_FORMAT = "mne-attention-model"
# Version 2 added the token embedding choice, the spectral filter length, the
# resolved training schedule and the best epoch; version 1 files hold
# linear-embedding models.
_FORMAT_VERSION = 2
# Hyper-parameters added since version 2 came out, which files of that version
# may lack: they take their default. None of them changes how a trained
# network predicts (``precision`` is that of training, float32 before it existed).
_LATER_PARAMS = ("precision",)
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# The fields held as tensors beside the JSON metadata.
_TENSOR_FIELDS = tuple(
    attribute.field
    for attribute in FITTED
    if attribute.field is not None and attribute.json is None
)


def write_model_file(fname, params, fitted, *, overwrite=False):
    """Write hyper-parameters and a fitted state to a model file.

    Parameters
    ----------
    fname : path-like
        The file to write; written to a temporary file first, then renamed.
    params : dict
        The hyper-parameters.
    fitted : dict
        The value of each fitted attribute, by name.
    overwrite : bool
        Replace an existing file.
    """
    fname = _check_fname(fname, overwrite=overwrite)
    params = dict(params)
    # Only JSON values are stored: a device object or a RandomState instance is
    # replaced by its plain equivalent.
    params["device"] = str(params["device"])
    if not isinstance(params["random_state"], int | None):
        params["random_state"] = None
    fields = stored_fields(fitted)
    metadata = dict(params=params)
    metadata.update(
        (key, value) for key, value in fields.items() if key not in _TENSOR_FIELDS
    )
    state = dict(
        format=_FORMAT, format_version=_FORMAT_VERSION, metadata=json.dumps(metadata)
    )
    state.update((key, fields[key]) for key in _TENSOR_FIELDS)
    with atomic_path(fname) as tmp:
        torch.save(state, tmp)


def read_model_file(fname, defaults):
    """Read a model file, checking every field before anything is built from it.

    Parameters
    ----------
    fname : path-like
        An existing file.
    defaults : dict
        The default value of every hyper-parameter: it names the valid ones
        and gives those that a version 1 file lacks.

    Returns
    -------
    params : dict
        The hyper-parameters, checked, the stored device replaced by ``"cpu"``.
    fitted : dict
        The fitted state, checked, the network on the CPU.

    Raises
    ------
    ValueError
        When ``fname`` is not a model file or any of its contents is invalid.
    """
    not_ours = f"fname must be a model file written by EEGTransformer.save, {Path(fname).name} "
    try:
        state = torch.load(fname, map_location="cpu", weights_only=True)
    except Exception as err:  # truncated, corrupted or foreign files
        raise ValueError(f"{not_ours}could not be read: {err}") from None
    if not isinstance(state, dict) or state.get("format") != _FORMAT:
        raise ValueError(f"{not_ours}is not one")
    version = state.get("format_version")
    if is_int(version) and version > _FORMAT_VERSION:
        raise ValueError(
            f"{not_ours}uses format version {version}; this "
            f"mne-attention reads up to {_FORMAT_VERSION}: upgrade mne-attention"
        )
    try:
        return _read_state(state, defaults)
    except InvalidModelFile as err:
        raise ValueError(
            f"{not_ours}is not a valid mne-attention model file: {err}"
        ) from None


def _read_state(state, defaults):
    """Check every field of a loaded model file; return the params and fitted state."""
    check_keys(
        state, ("format", "format_version", "metadata", *_TENSOR_FIELDS), "the file"
    )
    version = state["format_version"]
    if not is_int(version) or not 1 <= version <= _FORMAT_VERSION:
        raise InvalidModelFile(
            f"format_version must be an int from 1 to {_FORMAT_VERSION}, got "
            f"{short_repr(version)} ({type(version).__name__})"
        )
    fields = _read_metadata(state["metadata"], version)
    fields.update((key, state[key]) for key in _TENSOR_FIELDS)
    if version == 1:
        fields = _upgrade_version_1(fields)
    params = _read_params(fields.pop("params"), version, defaults)
    return params, read_fitted(fields, params)


def _read_metadata(text, version):
    """Parse the JSON metadata and check that each field has its JSON type."""
    if not isinstance(text, str):
        raise InvalidModelFile(
            f"metadata must be a JSON str, got {type(text).__name__}"
        )
    try:
        metadata = json.loads(text)
    except ValueError as err:  # JSONDecodeError, or a too deeply nested document
        raise InvalidModelFile(f"metadata is not JSON: {err}") from None
    except RecursionError:
        raise InvalidModelFile(
            "metadata is not JSON: it is nested too deeply"
        ) from None
    if not isinstance(metadata, dict):
        raise InvalidModelFile(
            f"metadata must be a JSON object, got a JSON {json_type(metadata)}"
        )
    expected = dict(params=(dict,))
    expected.update(
        (attribute.field, attribute.json)
        for attribute in FITTED
        if attribute.json is not None and attribute.since <= version
    )
    check_keys(metadata, expected, "metadata")
    for key, types in expected.items():
        check_json_type(metadata[key], types, f"metadata[{key!r}]")
    return metadata


def _read_params(params, version, defaults):
    """Return the stored hyper-parameters, checked as fit checks them."""
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        raise InvalidModelFile(
            f"params holds unknown hyper-parameter(s) {first_items(unknown)}"
        )
    missing = sorted(set(defaults) - set(params) - set(_LATER_PARAMS))
    if missing and version >= 2:  # version 1 predates some of them
        raise InvalidModelFile(
            f"params lacks hyper-parameter(s) {first_items(missing)}"
        )
    if not isinstance(params.get("device", ""), str):
        raise InvalidModelFile(
            f"params device must be a str, got {short_repr(params['device'])}"
        )
    random_state = params.get("random_state")
    if random_state is not None and not (
        is_int(random_state) and 0 <= random_state < 2**32
    ):
        raise InvalidModelFile(
            f"params random_state must be None or an int in [0, 2**32), got "
            f"{short_repr(random_state)}"
        )
    level = params.get("verbose")
    if not (
        level is None
        or isinstance(level, bool | int)
        or (isinstance(level, str) and level.upper() in _LOG_LEVELS)
    ):
        raise InvalidModelFile(
            f"params verbose must be None, a bool, an int or one of "
            f"{list(_LOG_LEVELS)}, got {short_repr(level)}"
        )
    # The stored device may not exist here (a CUDA model read on a laptop):
    # the reader's device replaces it once the rest is checked.
    params = {**defaults, **params, "device": "cpu"}
    try:
        check_params(params)
    except (TypeError, ValueError) as err:
        raise InvalidModelFile(f"params: {err}") from None
    return params


def _upgrade_version_1(fields):
    """Read the fields of a version 1 file as those of the current version.

    Such a file holds a linear-embedding model with numeric settings, the best
    network of its early-stopped run (no refit).
    """
    params = dict(fields["params"], embedding="linear", refit=False)
    weights = fields["weights"]
    if isinstance(weights, dict):  # anything else is refused when read
        weights = {
            (
                "embedding." + key
                if isinstance(key, str) and key.startswith("projection.")
                else key
            ): value
            for key, value in weights.items()
        }
    return dict(
        fields,
        params=params,
        filter_length=1,  # unused by the linear embedding
        schedule={key: params.get(key) for key in SCHEDULE_KEYS},
        best_epoch=None,  # not recorded
        weights=weights,
    )
