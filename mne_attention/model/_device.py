"""Devices: the ``device`` and ``precision`` hyper-parameters resolved, and memory."""

import os

import torch
from mne.utils import _validate_type

from ._distributed import local_device
from .network import build_network

#: The values of the ``precision`` hyper-parameter.
PRECISIONS = ("float32", "bfloat16", "auto")


def resolve_device(device):
    """Turn ``"auto"``, a device name or a :class:`torch.device` into a device.

    Parameters
    ----------
    device : str | torch.device
        The requested device.

    Returns
    -------
    device : torch.device
        CUDA for ``"auto"`` when available, else the CPU; under ``torchrun``
        each process takes the GPU ``cuda:LOCAL_RANK``.
    """
    _validate_type(device, (str, torch.device), "device", "str or torch.device")
    if device == "auto":
        return local_device(
            torch.device("cuda" if torch.cuda.is_available() else "cpu")
        )
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
    return local_device(resolved)


def resolve_precision(precision, device):
    """Turn the ``precision`` hyper-parameter into the precision of training.

    Parameters
    ----------
    precision : "auto" | "float32" | "bfloat16"
        The requested precision (checked).
    device : torch.device
        Where training runs.

    Returns
    -------
    precision : "float32" | "bfloat16"
        ``"auto"`` is bfloat16 on a device that computes it natively
        (:func:`computes_bfloat16`), else float32.
    """
    if precision == "auto":
        return "bfloat16" if computes_bfloat16(device) else "float32"
    if (
        precision == "bfloat16"
        and device.type == "cuda"
        and not torch.cuda.is_bf16_supported(including_emulation=True)
    ):
        raise ValueError(
            f"precision must be 'auto' or 'float32' on {device} "
            f"({torch.cuda.get_device_name(device)} has no bfloat16), got 'bfloat16'"
        )
    return precision


def computes_bfloat16(device):
    """Whether ``device`` has bfloat16 arithmetic units, so that bfloat16 is faster.

    That is a CUDA GPU of compute capability 8.0 (Ampere) or later, or a CPU
    with the AVX512-BF16 or AMX instructions (and oneDNN to use them). Where
    this cannot be told, the answer is False.

    Parameters
    ----------
    device : torch.device
        Where training runs.

    Returns
    -------
    native : bool
        Whether bfloat16 is native there.
    """
    try:
        if device.type == "cuda":
            with torch.cuda.device(device):
                return torch.cuda.is_bf16_supported(including_emulation=False)
        if device.type == "cpu":
            return torch.backends.mkldnn.is_available() and bool(
                torch.cpu._is_avx512_bf16_supported()
                or torch.cpu._is_amx_tile_supported()
            )
    except (AttributeError, RuntimeError):  # a torch without these probes
        pass
    return False


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


def to_device(batch, device):
    """Copy a CPU batch to ``device``; on CUDA through pinned memory, without waiting.

    Parameters
    ----------
    batch : torch.Tensor
        A batch on the CPU.
    device : torch.device
        Where to compute.

    Returns
    -------
    batch : torch.Tensor
        The batch on ``device`` (the same tensor on the CPU).
    """
    if device.type != "cuda":
        return batch.to(device)
    return batch.pin_memory().to(device, non_blocking=True)


def sum_dtype(device):
    """Return the dtype of sums of per-batch values on ``device``: float64 where it exists.

    Parameters
    ----------
    device : torch.device
        Where the sums are kept.

    Returns
    -------
    dtype : torch.dtype
        float64, or float32 on Apple's GPUs (which have no float64).
    """
    return torch.float32 if device.type == "mps" else torch.float64
