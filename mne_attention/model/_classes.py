"""Labels and classes: class indices, the early-stopping split, class and sample weights."""

import math

import numpy as np
from sklearn.model_selection import GroupShuffleSplit, StratifiedShuffleSplit

from ..utils._checks import as_regular_array

# Values listed in one message.
_N_SHOWN = 5


def encode_labels(labels, name):
    """Return the classes and each epoch's class index, refusing too few to learn.

    Parameters
    ----------
    labels : array, shape (n_epochs,)
        The label of each training epoch.
    name : str
        Where the labels come from, for error messages (``"y"`` or ``"the
        events of X"``).

    Returns
    -------
    classes : array, shape (n_classes,)
        The sorted distinct labels.
    targets : array of int, shape (n_epochs,)
        The index in ``classes`` of each epoch's label.
    """
    classes, targets = np.unique(labels, return_inverse=True)
    counts = np.bincount(targets, minlength=len(classes))
    if len(classes) < 2:
        raise ValueError(
            f"{name} must hold at least 2 classes to learn from, got only "
            f"{classes.tolist()}"
        )
    if counts.min() < 2:
        rare = [str(c) for c, n in zip(classes, counts) if n < 2]
        raise ValueError(
            f"{name} must give each class at least 2 epochs, got fewer for {rare}"
        )
    return classes, targets


def check_known_labels(labels, classes, n_epochs, name):
    """Refuse labels to score against that are misshapen or not among ``classes``.

    Parameters
    ----------
    labels : array
        The labels given (or read from the events).
    classes : array, shape (n_classes,)
        The model's classes.
    n_epochs : int
        The epochs of X.
    name : str
        Where the labels come from, for error messages.
    """
    if labels.ndim != 1 or len(labels) != n_epochs:
        raise ValueError(
            f"y must have one label per epoch of X ({n_epochs}), got shape "
            f"{labels.shape}"
        )
    known = set(classes.tolist())
    unknown = sorted(
        {label for label in labels.tolist() if label not in known}, key=str
    )
    if unknown:
        raise ValueError(
            f"{name} must hold labels from classes_ {classes.tolist()}, got "
            f"others: {unknown[:_N_SHOWN]}"
        )


def check_sample_weight(sample_weight, n_epochs):
    """Return ``sample_weight`` as a checked float array of one weight per epoch.

    Parameters
    ----------
    sample_weight : array-like, shape (n_epochs,)
        What the user passed.
    n_epochs : int
        The epochs of X.

    Returns
    -------
    weights : array, shape (n_epochs,)
        Finite non-negative weights with a positive sum.
    """
    weights = as_regular_array(sample_weight, "sample_weight")
    if weights.dtype.kind not in "iuf":
        raise TypeError(
            f"sample_weight must hold numbers, got an array of dtype {weights.dtype}"
        )
    if weights.shape != (n_epochs,):
        raise ValueError(
            f"sample_weight must have one weight per epoch of X ({n_epochs}), got "
            f"shape {weights.shape}"
        )
    bad = ~np.isfinite(weights) | (weights < 0)
    if bad.any():
        raise ValueError(
            "sample_weight must hold finite non-negative weights, got "
            f"{weights[bad][:_N_SHOWN].tolist()}"
        )
    if weights.sum() <= 0:
        raise ValueError(
            f"sample_weight must have a positive sum, got {weights.sum():g}"
        )
    return weights


def class_weights(targets, n_classes, class_weight):
    """Return inverse-frequency class weights (``"balanced"``) or ones (None).

    Parameters
    ----------
    targets : array of int, shape (n_epochs,)
        The class index of each training epoch.
    n_classes : int
        Number of classes.
    class_weight : "balanced" | None
        The hyper-parameter.

    Returns
    -------
    weights : array, shape (n_classes,)
        The weight of each class in the loss.
    """
    if class_weight is None:
        return np.ones(n_classes)
    counts = np.bincount(targets, minlength=n_classes).clip(1)
    return len(targets) / (n_classes * counts)


def validation_split(targets, groups, validation_size, rng):
    """Split epoch indices into training and early-stopping validation sets.

    By group (subject) when there are at least two groups, otherwise
    stratified by class. The training set keeps every class.

    Parameters
    ----------
    targets : array of int, shape (n_epochs,)
        The class index of each epoch.
    groups : array, shape (n_epochs,) | None
        The subject of each epoch.
    validation_size : float
        Fraction held out, in [0, 1); 0 holds out nothing.
    rng : instance of numpy.random.RandomState
        Draws the split's seed.

    Returns
    -------
    train_idx, val_idx : array of int
        The indices of the two sets.
    """
    all_idx = np.arange(len(targets))
    if validation_size == 0:
        return all_idx, all_idx[:0]
    n_classes = targets.max() + 1
    n_groups = 0 if groups is None else len(np.unique(groups))
    if n_groups >= 2:
        n_val_groups = math.ceil(validation_size * n_groups)
        if n_val_groups >= n_groups:
            raise ValueError(
                "validation_size must leave at least one subject to train on, got "
                f"{validation_size}, which holds out {n_val_groups} of the "
                f"{n_groups} subjects: lower it, or set it to 0 to train without "
                "early stopping"
            )
        splitter = GroupShuffleSplit(
            n_splits=20, test_size=validation_size, random_state=rng.randint(2**31)
        )
        for train_idx, val_idx in splitter.split(all_idx, targets, groups):
            if len(np.unique(targets[train_idx])) == n_classes:
                return train_idx, val_idx
        raise ValueError(
            "groups (metadata['subject']) must allow a by-subject validation split "
            "that leaves every class in the training set; set validation_size=0 to "
            "train without early stopping"
        )
    n_val = max(n_classes, int(round(validation_size * len(targets))))
    n_val = min(n_val, len(targets) - n_classes)
    splitter = StratifiedShuffleSplit(
        n_splits=1, test_size=n_val, random_state=rng.randint(2**31)
    )
    return next(splitter.split(all_idx, targets))
