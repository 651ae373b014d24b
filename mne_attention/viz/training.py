"""Training curves and the confusion matrix."""

import numbers

import numpy as np
from mne.utils import _check_option, _validate_type

from ..utils._docs import fill_doc
from ._checks import check_cmap
from ._figures import plt_show, two_panels

# values that are plainly not a model (any other object may be one not yet fitted)
_PLAIN_VALUES = (str, bytes, numbers.Number, list, tuple, dict, set, np.ndarray)
_HISTORY_COLUMNS = ("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy")


def _get_history(model):
    import pandas as pd

    if isinstance(model, pd.DataFrame):
        history = model
    elif model is None or isinstance(model, _PLAIN_VALUES):
        raise TypeError(
            "model must be a fitted EEGTransformer or its history_ DataFrame, got "
            f"{type(model).__name__}"
        )
    else:
        history = getattr(model, "history_", None)
        if history is None:
            raise ValueError(
                f"model must be a fitted model with a history_ DataFrame (call fit "
                f"first) or that DataFrame, got {type(model).__name__} without history_"
            )
        _validate_type(history, pd.DataFrame, "model.history_", "pandas.DataFrame")
    missing = [col for col in _HISTORY_COLUMNS if col not in history.columns]
    if missing:
        raise ValueError(
            f"model.history_ must have the columns {list(_HISTORY_COLUMNS)}, "
            f"missing {missing}"
        )
    if len(history) == 0:
        raise ValueError("model.history_ is empty: the model trained for no epoch")
    return history


def _best_epoch(history):
    """Return the pass early stopping keeps, as training selects it.

    The highest validation accuracy, then the lowest validation loss; the
    first of equal passes.
    """
    accuracy = history["val_accuracy"].to_numpy(dtype=float)
    loss = history["val_loss"].to_numpy(dtype=float)
    valid = np.isfinite(accuracy) & np.isfinite(loss)
    # lexsort: the last key is the primary one; the stable sort keeps the first
    order = np.lexsort((loss[valid], -accuracy[valid]))
    return int(history["epoch"].to_numpy()[np.flatnonzero(valid)[order[0]]])


@fill_doc
def plot_history(model, *, axes=None, show=True):
    """Plot the training and validation loss and accuracy per epoch.

    Parameters
    ----------
    model : instance of mne_attention.EEGTransformer | pandas.DataFrame
        A fitted model (its ``history_``) or the history itself, with the
        columns ``epoch``, ``train_loss``, ``train_accuracy``, ``val_loss``,
        ``val_accuracy`` (validation columns may be NaN: then only the
        training curves are drawn).
    axes : None | array-like of 2 matplotlib.axes.Axes
        Where to draw the loss and the accuracy; a new figure when None.
    %(show)s

    Returns
    -------
    fig : instance of matplotlib.figure.Figure
        The figure. With validation data, a dashed line marks the epoch that
        early stopping keeps: the highest validation accuracy, ties broken by
        the lower validation loss (``best_epoch_`` of a fitted model), as the
        title says.
    """
    from matplotlib.ticker import MaxNLocator

    history = _get_history(model)
    _validate_type(show, bool, "show")
    fig, axes = two_panels(axes, "loss, accuracy")
    epoch = history["epoch"].to_numpy()
    has_val = bool(
        (
            np.isfinite(history["val_loss"].to_numpy(dtype=float))
            & np.isfinite(history["val_accuracy"].to_numpy(dtype=float))
        ).any()
    )
    for ax, kind, ylabel in zip(axes, ("loss", "accuracy"), ("Loss", "Accuracy")):
        ax.plot(
            epoch,
            history[f"train_{kind}"].to_numpy(dtype=float),
            label="train",
            color="C0",
            marker="." if len(epoch) < 30 else None,
        )
        val = history[f"val_{kind}"].to_numpy(dtype=float)
        if np.isfinite(val).any():
            ax.plot(
                epoch,
                val,
                label="validation",
                color="C1",
                marker="." if len(epoch) < 30 else None,
            )
        ax.set(xlabel="Epoch", ylabel=ylabel)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best")
    if has_val:
        best = getattr(model, "best_epoch_", None)
        if best is None or best not in epoch:
            best = _best_epoch(history)
        accuracy = float(
            history["val_accuracy"].to_numpy(dtype=float)[epoch == best][0]
        )
        for ax in axes:
            ax.axvline(best, color="0.4", linestyle="--", linewidth=1)
        axes[0].set_title(
            f"Early stopping keeps epoch {best}: best validation accuracy "
            f"{accuracy:.3f}"
        )
    else:
        axes[0].set_title("Training loss (no validation data)")
    axes[1].set_ylim(-0.02, 1.02)
    plt_show(show)
    return fig


@fill_doc
def plot_confusion_matrix(
    y_true,
    y_pred,
    classes=None,
    normalize=True,
    *,
    cmap="Blues",
    axes=None,
    title=None,
    show=True,
):
    """Plot the confusion matrix of predicted against true labels.

    Parameters
    ----------
    y_true : array-like, shape (n_samples,)
        The true labels (e.g. the event names of the epochs).
    y_pred : array-like, shape (n_samples,)
        The predicted labels (e.g. ``model.predict(epochs)``).
    classes : None | list
        The labels, in display order; None uses the sorted labels found in
        ``y_true`` and ``y_pred``.
    normalize : bool | "true" | "pred" | "all"
        Show proportions: ``True`` or ``"true"`` divides each row by the
        number of true samples of that class (the diagonal is each class's
        recall), ``"pred"`` each column, ``"all"`` by the total; ``False``
        shows counts.
    %(cmap)s
    %(axes)s
    title : None | str
        Title; None writes the accuracy and the sample count.
    %(show)s

    Returns
    -------
    %(fig_return)s
    """
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from sklearn.metrics import confusion_matrix

    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        if isinstance(labels, str | bytes | dict | set) or np.ndim(labels) == 0:
            raise TypeError(
                f"{name} must be an array-like of labels, got {type(labels).__name__}"
            )
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_true.ndim != 1 or y_pred.ndim != 1 or len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true and y_pred must be 1D arrays of the same length, got shapes "
            f"{y_true.shape} and {y_pred.shape}"
        )
    if len(y_true) == 0:
        raise ValueError("y_true and y_pred must hold at least one sample, got none")
    if classes is None:
        classes = sorted(set(y_true.tolist()) | set(y_pred.tolist()), key=str)
    else:
        _validate_type(classes, (list, tuple, np.ndarray), "classes", "list of labels")
        classes = list(classes)
        unknown = sorted(
            (set(y_true.tolist()) | set(y_pred.tolist())) - set(classes), key=str
        )
        if len(classes) == 0 or len(set(classes)) != len(classes) or unknown:
            raise ValueError(
                f"classes must list every label of y_true and y_pred once, got "
                f"{classes} (missing: {unknown})"
            )
    _validate_type(normalize, (bool, str), "normalize")
    if isinstance(normalize, str):
        _check_option("normalize", normalize, ("true", "pred", "all"))
        how = normalize
    else:
        how = "true" if normalize else None
    check_cmap(cmap, "cmap")
    _validate_type(axes, (None, Axes), "axes", "None or matplotlib Axes")
    _validate_type(title, (None, str), "title")
    _validate_type(show, bool, "show")

    matrix = confusion_matrix(y_true, y_pred, labels=classes, normalize=how)
    if axes is None:
        size = 1.0 + 0.9 * len(classes)
        fig, axes = plt.subplots(figsize=(size + 1.5, size + 0.5), layout="constrained")
    fig = axes.figure
    vmax = 1.0 if how is not None else max(float(matrix.max()), 1.0)
    image = axes.imshow(matrix, cmap=cmap, vmin=0, vmax=vmax, interpolation="nearest")
    fig.colorbar(image, ax=axes, label="Proportion" if how else "Count")
    for i in range(len(classes)):
        for j in range(len(classes)):
            value = matrix[i, j]
            text = f"{value:.2f}" if how else f"{int(value)}"
            axes.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                color="white" if value > 0.6 * vmax else "black",
            )
    ticks = np.arange(len(classes))
    names = [str(c) for c in classes]
    axes.set(xticks=ticks, yticks=ticks, xlabel="Predicted label", ylabel="True label")
    axes.set_xticklabels(
        names,
        rotation=45 if max(map(len, names)) > 6 else 0,
        ha="right" if max(map(len, names)) > 6 else "center",
    )
    axes.set_yticklabels(names)
    if title is None:
        accuracy = float(np.mean(y_true == y_pred))
        title = f"Accuracy {100 * accuracy:.1f} % (n = {len(y_true)})"
    axes.set_title(title)
    plt_show(show)
    return fig
