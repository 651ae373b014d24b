"""Fitting: from the user's data to the fitted state (early stopping, refit, checkpoints)."""

import numbers
from functools import partial

import numpy as np
import pandas as pd
import torch
from mne import BaseEpochs
from mne.utils import logger
from sklearn.utils import check_random_state

from ..utils._input import open_input
from ._checkpoint import TrainingCheckpoint, fit_fingerprint
from ._classes import class_weights, encode_labels, validation_split
from ._device import check_training_memory, resolve_precision
from ._distributed import init_distributed, is_main_process, rank, world_size
from ._fitted import SCHEDULE_KEYS
from ._params import check_params, resolve_filter_length
from ._source import standardise_for_fit
from ._training import resolve_schedule, train_network
from .network import build_network
from .tokens import TokenLayout


def fit_state(params, X, y, groups, checkpoint):
    """Train the network that the hyper-parameters describe and return the fitted state.

    Parameters
    ----------
    params : dict
        The estimator's hyper-parameters (checked here).
    X, y, groups, checkpoint
        As given to :meth:`~mne_attention.EEGTransformer.fit`.

    Returns
    -------
    fitted : dict
        The value of each fitted attribute, by name (see
        :data:`~mne_attention.model._fitted.FITTED`).
    """
    device = check_params(params)
    if checkpoint is not None and not isinstance(
        params["random_state"], numbers.Integral
    ):
        raise ValueError(
            "random_state must be an int when a checkpoint is given, so that a "
            f"resumed fit continues the same run, got {params['random_state']!r}"
        )
    inputs = open_input(X, y, groups, need_labels=True, need_groups=True)
    classes, targets = encode_labels(
        inputs.labels, "the events of X" if isinstance(X, BaseEpochs) else "y"
    )
    layout = TokenLayout(
        inputs.data.shape[1], inputs.data.shape[2], params["n_time_tokens"]
    )
    rng = check_random_state(params["random_state"])
    train_idx, val_idx = validation_split(
        targets, inputs.groups, params["validation_size"], rng
    )
    targets = torch.from_numpy(targets)
    schedule = resolve_schedule(
        len(train_idx), **{key: params[key] for key in SCHEDULE_KEYS}
    )
    filter_length = resolve_filter_length(params, layout, inputs.sfreq)
    batch = min(schedule["batch_size"], len(targets))
    check_training_memory(params, layout, len(classes), filter_length, batch, device)
    logger.info(
        f"Training on {len(train_idx)} epochs, early stopping on {len(val_idx)} "
        f"({layout.n_tokens} tokens, {len(classes)} classes, device {device}, "
        f"{params['embedding']} embedding); "
        + ", ".join(f"{key}={value:.4g}" for key, value in schedule.items())
    )
    seed = int(rng.randint(np.iinfo(np.int32).max))
    refit = params["refit"] and len(val_idx) > 0
    source = inputs.data  # reads the epochs of X on demand, never changes them
    saver = saved = None
    if checkpoint is not None:
        fingerprint = fit_fingerprint(
            params, source, targets.numpy(), seed, (train_idx, val_idx)
        )
        saver = TrainingCheckpoint(checkpoint, fingerprint)
        saved = saver.load()
    standardised, stats, refit_stats = standardise_for_fit(
        source, train_idx, val_idx, refit, inputs.ch_names
    )
    train_once = partial(
        _train_network,
        params,
        standardised,
        targets,
        layout=layout,
        n_classes=len(classes),
        filter_length=filter_length,
        schedule=schedule,
        seed=seed,
        device=device,
    )
    resumes_refit = saved is not None and saved["stage"] == "refit"
    first_run = saved["first_run"] if resumes_refit else None
    if first_run is None:
        network, history, best_epoch = train_once(
            train_idx,
            val_idx,
            resume=None if saved is None else saved["loop"],
            save_state=_saving(saver, "early_stopping", None),
        )
        first_run = dict(history=history.to_dict(orient="list"), best_epoch=best_epoch)
        save_refit_start = _saving(saver, "refit", first_run) if refit else None
        if save_refit_start is not None:
            save_refit_start(None)
    else:
        history = pd.DataFrame(first_run["history"])
        best_epoch = first_run["best_epoch"]
    if refit:
        # The validation subjects chose how long to train; a network with
        # the same start and schedule now learns from every training epoch
        # for that long.
        logger.info(f"Refitting on all {len(targets)} epochs for {best_epoch} passes")
        standardised.restandardise(stats, refit_stats)
        stats = refit_stats
        everything = np.arange(len(targets))
        network, _, _ = train_once(
            everything,
            everything[:0],
            best_epoch,
            resume=saved["loop"] if resumes_refit else None,
            save_state=_saving(saver, "refit", first_run),
        )
    if saver is not None and is_main_process():
        saver.remove()
    return dict(
        classes_=classes,
        ch_names_=inputs.ch_names,
        sfreq_=inputs.sfreq,
        tmin_=inputs.tmin,
        n_times_=source.shape[2],
        layout_=layout,
        filter_length_=filter_length,
        schedule_=schedule,
        mean_=stats[0],
        std_=stats[1],
        network_=network,
        history_=history,
        best_epoch_=best_epoch,
        device_=device,
    )


def _train_network(
    params,
    standardised,
    targets,
    train_idx,
    val_idx,
    stop_after=None,
    *,
    resume=None,
    save_state=None,
    layout,
    n_classes,
    filter_length,
    schedule,
    seed,
    device,
):
    """Build one network and train it on ``train_idx``.

    Training stops on ``val_idx`` (early stopping) or after ``stop_after``
    passes. Under ``torchrun`` it runs in every process (the process group
    is started on first use), and every process ends with the same weights.
    """
    weights = class_weights(
        targets[train_idx].numpy(), n_classes, params["class_weight"]
    )
    precision = resolve_precision(params["precision"], device)
    processes = (
        f", process {rank()} of {world_size()}" if init_distributed(device) else ""
    )
    logger.info(f"Training in {precision}{processes}")
    devices = [device] if device.type == "cuda" else []
    # the precision is the estimator's, whatever autocast region fit runs in
    with (
        torch.random.fork_rng(devices=devices),
        torch.autocast(device.type, enabled=False),
    ):
        torch.manual_seed(seed)
        network = build_network(params, layout, n_classes, filter_length)
        network = network.to(device)
        history, best_epoch = train_network(
            network,
            (standardised.subset(train_idx), targets[train_idx]),
            (standardised.subset(val_idx), targets[val_idx]) if len(val_idx) else None,
            class_weights=torch.as_tensor(weights, dtype=torch.float32),
            weight_decay=params["weight_decay"],
            **schedule,
            noise_std=params["noise_std"],
            device=device,
            generator=torch.Generator().manual_seed(seed),
            precision=precision,
            stop_after=stop_after,
            resume=resume,
            save_state=save_state,
        )
    return network, history, best_epoch


def _saving(saver, stage, first_run):
    """Return the ``save_state`` callback of a training run.

    None without checkpoint, and in every process but the first of several:
    one process writes the checkpoint.
    """
    if saver is None or not is_main_process():
        return None
    return lambda loop: saver.save(stage=stage, first_run=first_run, loop=loop)
