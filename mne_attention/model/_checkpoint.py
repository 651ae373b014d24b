"""Training checkpoints: the state of a fit written after every pass, to resume it."""

import hashlib
import json
from pathlib import Path

import numpy as np
import torch
from mne.utils import _validate_type, logger

from ..utils._files import atomic_path

_FORMAT = "mne-attention-checkpoint"
_FORMAT_VERSION = 1


def fit_fingerprint(params, data, targets, seed, split):
    """Return a digest of everything that decides the course of a fit.

    Parameters
    ----------
    params : dict
        The estimator's hyper-parameters.
    data : Rows
        The reader of the training epochs, hashed as float32 a chunk at a
        time (their values are checked).
    targets : array of int, shape (n_epochs,)
        The class index of each epoch.
    seed : int
        The seed of the network's initialisation and batch order.
    split : tuple of array of int
        The training and validation indices.

    Returns
    -------
    fingerprint : str
        A hexadecimal SHA-256 digest.
    """
    digest = hashlib.sha256()
    settings = {key: repr(value) for key, value in sorted(params.items())}
    settings.pop("verbose", None)
    settings.pop("device", None)  # a fit may resume on another device
    digest.update(json.dumps([settings, seed]).encode())
    # the digest of the whole float32 array, never held in memory at once
    digest.update(str((np.dtype(np.float32), data.shape)).encode())
    for chunk in data.chunks(name="X"):
        digest.update(np.ascontiguousarray(chunk).data)
    for array in (targets, *split):
        array = np.ascontiguousarray(array)
        digest.update(str((array.dtype, array.shape)).encode())
        digest.update(array.data)
    return digest.hexdigest()


class TrainingCheckpoint:
    """The file that holds a fit's state between passes.

    The content is a dict of tensors, numbers, strings, lists and dicts,
    written atomically with :func:`torch.save` and read with
    ``weights_only=True`` (nothing in the file can run code).

    Parameters
    ----------
    fname : path-like
        Where the state is kept.
    fingerprint : str
        The :func:`fit_fingerprint` of the fit; a file written by another fit
        is refused rather than resumed or overwritten.
    """

    def __init__(self, fname, fingerprint):
        _validate_type(fname, "path-like", "checkpoint")
        self.fname = Path(fname).expanduser().resolve()
        if self.fname.is_dir():
            raise ValueError(
                f"checkpoint must be a file name, got the folder {self.fname}"
            )
        if not self.fname.parent.is_dir():
            raise FileNotFoundError(
                f"checkpoint must be a path in an existing folder, got {self.fname}: "
                f"the folder {self.fname.parent} does not exist"
            )
        self.fingerprint = fingerprint

    def load(self):
        """Return the saved state, or None when there is no checkpoint yet.

        Returns
        -------
        state : dict | None
            ``stage`` ("early_stopping" or "refit"), ``first_run`` (the
            history and best pass of a finished early-stopping run, or None)
            and ``loop`` (the training loop's state, or None).
        """
        if not self.fname.exists():
            return None
        not_ours = (
            f"checkpoint must be a file written by EEGTransformer.fit, {self.fname}"
        )
        try:
            state = torch.load(self.fname, map_location="cpu", weights_only=True)
        except Exception as err:
            raise ValueError(f"{not_ours} could not be read: {err}") from None
        if (
            not isinstance(state, dict)
            or state.get("format") != _FORMAT
            or state.get("format_version") != _FORMAT_VERSION
        ):
            raise ValueError(f"{not_ours} is not one")
        if state.get("fingerprint") != self.fingerprint:
            raise ValueError(
                f"checkpoint {self.fname} holds a fit of other data, settings or "
                "random_state; remove it or give another path"
            )
        logger.info(f"Resuming the fit saved in {self.fname}")
        return state

    def save(self, *, stage, first_run, loop):
        """Write the state, replacing the previous one atomically.

        Parameters
        ----------
        stage : "early_stopping" | "refit"
            Which training run the state belongs to.
        first_run : dict | None
            ``history`` (dict of lists) and ``best_epoch`` of the finished
            early-stopping run, once the refit has started.
        loop : dict | None
            The loop state from :func:`mne_attention.model._training.train_network`.
        """
        state = dict(
            format=_FORMAT,
            format_version=_FORMAT_VERSION,
            fingerprint=self.fingerprint,
            stage=stage,
            first_run=first_run,
            loop=loop,
        )
        with atomic_path(self.fname) as tmp:
            torch.save(state, tmp)

    def remove(self):
        """Delete the checkpoint (the fit it served has finished)."""
        self.fname.unlink(missing_ok=True)
