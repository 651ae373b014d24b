"""Model files: weights plus JSON metadata, read without unpickling objects."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from mne.utils import _check_fname, verbose

from ._files import atomic_path
from .tokens import TokenLayout

_FORMAT = "mne-attention-model"
# Version 2 added the token embedding choice, the spectral filter length, the
# resolved training schedule and the best epoch; version 1 files hold
# linear-embedding models.
_FORMAT_VERSION = 2
_SCHEDULE_KEYS = ("batch_size", "lr", "max_epochs", "warmup_epochs", "patience")


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
    """
    from .estimator import EEGTransformer, resolve_device

    fname = _check_fname(fname, overwrite="read", must_exist=True)
    not_ours = f"fname must be a model file written by EEGTransformer.save, {Path(fname).name} "
    try:
        state = torch.load(fname, map_location="cpu", weights_only=True)
    except Exception as err:  # truncated, corrupted or foreign files
        raise ValueError(f"{not_ours}could not be read: {err}") from None
    if not isinstance(state, dict) or state.get("format") != _FORMAT:
        raise ValueError(f"{not_ours}is not one")
    if state["format_version"] > _FORMAT_VERSION:
        raise ValueError(
            f"{not_ours}uses format version {state['format_version']}; this "
            f"mne-attention reads up to {_FORMAT_VERSION}: upgrade mne-attention"
        )
    metadata = json.loads(state["metadata"])
    weights = state["weights"]
    if state["format_version"] == 1:
        metadata, weights = _upgrade_version_1(metadata, weights)
    model = EEGTransformer(**metadata["params"])
    model.set_params(device=device)
    layout = TokenLayout(
        len(state["mean"]), metadata["n_times"], metadata["params"]["n_time_tokens"]
    )
    network = model._build_network(
        layout, len(metadata["classes"]), metadata["filter_length"]
    )
    network.load_state_dict(weights)
    model.device_ = resolve_device(device)
    model.network_ = network.to(model.device_).eval()
    model.layout_ = layout
    model.filter_length_ = metadata["filter_length"]
    model.schedule_ = metadata["schedule"]
    model.best_epoch_ = metadata["best_epoch"]
    model.classes_ = np.array(metadata["classes"])
    model.ch_names_ = metadata["ch_names"]
    model.sfreq_ = metadata["sfreq"]
    model.tmin_ = metadata["tmin"]
    model.n_times_ = metadata["n_times"]
    model.mean_ = state["mean"].numpy()
    model.std_ = state["std"].numpy()
    model.history_ = pd.DataFrame(metadata["history"])
    return model


def _upgrade_version_1(metadata, weights):
    """Read a version 1 file: a linear-embedding model with numeric settings,
    the best network of its early-stopped run (no refit)."""
    params = dict(metadata["params"], embedding="linear", refit=False)
    metadata = dict(
        metadata,
        params=params,
        filter_length=1,  # unused by the linear embedding
        schedule={key: params[key] for key in _SCHEDULE_KEYS},
        best_epoch=None,  # not recorded
    )
    weights = {
        ("embedding." + key if key.startswith("projection.") else key): value
        for key, value in weights.items()
    }
    return metadata, weights
