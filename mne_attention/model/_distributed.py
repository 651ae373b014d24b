"""Training in several processes: the process group, each rank's share, summed metrics.

A script launched with ``torchrun --nproc-per-node N`` runs in N processes
(ranks) that find each other through the environment variables ``RANK``,
``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR`` and ``MASTER_PORT``. Each
rank trains the same network on its share of every pass's batches, and
:class:`~torch.nn.parallel.DistributedDataParallel` averages the gradients,
so that every rank ends with the same weights.
"""

import atexit
import os

import torch
from torch import distributed as dist
from torch.nn.parallel import DistributedDataParallel


def _group_initialised():
    return dist.is_available() and dist.is_initialized()


def world_size():
    """Return the number of training processes (1 outside ``torchrun``).

    Returns
    -------
    n_processes : int
        The size of the initialised process group, else ``WORLD_SIZE``.
    """
    if _group_initialised():
        return dist.get_world_size()
    return max(1, int(os.environ.get("WORLD_SIZE", 1)))


def rank():
    """Return the rank of this process (0 outside ``torchrun``).

    Returns
    -------
    rank : int
        The rank in the initialised process group, else ``RANK``.
    """
    if _group_initialised():
        return dist.get_rank()
    return int(os.environ.get("RANK", 0)) if world_size() > 1 else 0


def is_main_process():
    """Whether this process writes files: the only one, or rank 0 of several.

    Returns
    -------
    is_main : bool
        True unless this is a process of rank 1 or more.
    """
    return rank() == 0


def local_device(device):
    """Return the GPU of this process under ``torchrun``: ``cuda:LOCAL_RANK``.

    Parameters
    ----------
    device : torch.device
        The requested device.

    Returns
    -------
    device : torch.device
        ``device`` itself unless it is CUDA in a launch of several processes
        that sets ``LOCAL_RANK``.
    """
    if device.type != "cuda" or world_size() < 2 or "LOCAL_RANK" not in os.environ:
        return device
    return torch.device("cuda", int(os.environ["LOCAL_RANK"]))


def init_distributed(device):
    """Join the process group of a launch of several processes, starting it if needed.

    The group is started with the ``"nccl"`` backend for CUDA and ``"gloo"``
    otherwise, from the ``torchrun`` environment variables, and ended when
    the script exits. A group that the script initialised itself is used as
    it is.

    Parameters
    ----------
    device : torch.device
        Where this process trains (see :func:`local_device`).

    Returns
    -------
    distributed : bool
        Whether training runs in more than one process.
    """
    if world_size() < 2:
        return False
    if device.type == "cuda" and device.index is not None:
        torch.cuda.set_device(device)
    if not _group_initialised():
        if not dist.is_available():
            raise RuntimeError(
                f"WORLD_SIZE is {os.environ.get('WORLD_SIZE')} but this PyTorch "
                "build has no torch.distributed: run a single process"
            )
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        atexit.register(_end_group)
    return True


def _end_group():
    if _group_initialised():
        dist.destroy_process_group()


def wrap_network(network, device):
    """Return the network that the training steps call: DDP-wrapped when distributed.

    Parameters
    ----------
    network : instance of torch.nn.Module
        The network, on ``device``; its weights are replaced by those of
        rank 0, and it stays the module that holds the trained weights.
    device : torch.device
        Where this process trains.

    Returns
    -------
    module : instance of torch.nn.Module
        ``network`` itself in a single process.
    """
    if world_size() < 2:
        return network
    device_ids = (
        [device.index] if device.type == "cuda" and device.index is not None else None
    )
    return DistributedDataParallel(network, device_ids=device_ids)


def own_batches(batches):
    """Return this rank's share of a pass's batches, as many on every rank.

    Rank ``r`` of ``n`` takes batches ``r``, ``r + n``, ``r + 2n``, ...; the
    first batches are taken again by the ranks whose share would be short, so
    that every rank makes the same number of optimizer steps.

    Parameters
    ----------
    batches : list
        The indices of each batch of the pass, in order.

    Returns
    -------
    share : list
        The batches this rank trains on.
    """
    n_ranks = world_size()
    if n_ranks < 2:
        return batches
    n_steps = -(-len(batches) // n_ranks)
    padded = [batches[i % len(batches)] for i in range(n_steps * n_ranks)]
    return padded[rank() :: n_ranks]


def own_items(n_items):
    """Return the indices of this rank's share of ``n_items`` items.

    Parameters
    ----------
    n_items : int
        How many items.

    Returns
    -------
    index : torch.Tensor | None
        Every ``world_size()``-th item from ``rank()``; None (all of them) in
        a single process.
    """
    n_ranks = world_size()
    if n_ranks < 2:
        return None
    return torch.arange(rank(), n_items, n_ranks)


def sum_over_ranks(values):
    """Sum a tensor over the ranks, in place (nothing to do in a single process).

    Parameters
    ----------
    values : torch.Tensor
        This rank's values, on the device of its process group backend.

    Returns
    -------
    values : torch.Tensor
        The sums, the same on every rank.
    """
    if _group_initialised() and dist.get_world_size() > 1:
        dist.all_reduce(values, op=dist.ReduceOp.SUM)
    return values
