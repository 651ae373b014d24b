"""Devices: the ``device`` hyper-parameter resolved, and whether training fits in memory."""

import os

import torch
from mne.utils import _validate_type

from .network import build_network


def resolve_device(device):
    """Turn ``"auto"``, a device name or a :class:`torch.device` into a device.

    Parameters
    ----------
    device : str | torch.device
        The requested device.

    Returns
    -------
    device : torch.device
        CUDA for ``"auto"`` when available, else the CPU.
    """
    _validate_type(device, (str, torch.device), "device", "str or torch.device")
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        resolved = torch.device(device)
    except RuntimeError:
        raise ValueError(
            f"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got {device!r}"
        ) from None
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device must be 'auto' or 'cpu' here (CUDA is not available), got {device!r}"
        )
    return resolved


def check_training_memory(params, layout, n_classes, filter_length, batch_size, device):
    """Refuse settings whose training could not fit in the device's memory.

    Parameters
    ----------
    params : dict
        The estimator's (checked) hyper-parameters.
    layout : instance of TokenLayout
        How epochs are cut into tokens.
    n_classes : int
        Number of classes.
    filter_length : int
        Taps of the spectral filters (resolved).
    batch_size : int
        Epochs per training batch.
    device : torch.device
        Where training runs.
    """
    with torch.device("meta"):  # counts parameters without allocating them
        network = build_network(params, layout, n_classes, filter_length)
    n_parameters = sum(p.numel() for p in network.parameters())
    n_tokens = layout.n_tokens
    # Per epoch and layer: attention weights (kept for backward, with their
    # softmax input and dropout mask) and about a dozen token-sized states.
    activations = params["n_layers"] * (
        3 * params["n_heads"] * n_tokens**2 + 12 * n_tokens * params["d_model"]
    )
    # float32 weights, gradients and AdamW's two moments, plus one batch
    needed = 4 * (4 * n_parameters + batch_size * activations)
    available = _device_memory(device)
    if available is not None and needed > available:
        raise ValueError(
            f"The model and batch need about {needed / 2**30:.3g} GiB to train "
            f"({n_parameters:.3g} parameters, {n_tokens} tokens, batches of "
            f"{batch_size} epochs) but {device} has {available / 2**30:.3g} "
            "GiB: lower d_model, n_layers, n_time_tokens or batch_size"
        )


def _device_memory(device):
    """Total memory of ``device`` in bytes, or None when it cannot be told."""
    if device.type == "cuda":
        return torch.cuda.get_device_properties(device).total_memory
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        return None
