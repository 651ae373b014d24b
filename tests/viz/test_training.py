"""Tests of the training curves and the confusion matrix (matplotlib, Agg)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from mne_attention.viz import plot_confusion_matrix, plot_history


def _history(n_epochs=8, validation=True):
    epoch = np.arange(1, n_epochs + 1)
    val_loss = np.r_[np.linspace(1.0, 0.5, n_epochs - 3), [0.55, 0.6, 0.7]]
    return pd.DataFrame(
        dict(
            epoch=epoch,
            train_loss=np.linspace(1.0, 0.2, n_epochs),
            train_accuracy=np.linspace(0.5, 0.95, n_epochs),
            val_loss=val_loss if validation else np.nan,
            val_accuracy=np.linspace(0.5, 0.8, n_epochs) if validation else np.nan,
            lr=1e-3,
        )
    )


class _Model:
    """Stands in for a fitted EEGTransformer (only ``history_`` is used)."""

    def __init__(self, history):
        self.history_ = history


def test_plot_history():
    """Loss and accuracy, train and validation, best epoch marked."""
    history = _history()
    before = history.copy()
    fig = plot_history(_Model(history), show=False)
    loss_ax, acc_ax = fig.axes
    assert loss_ax.get_ylabel() == "Loss" and acc_ax.get_ylabel() == "Accuracy"
    labels = [line.get_label() for line in loss_ax.get_lines()]
    assert labels[:2] == ["train", "validation"]
    assert np.allclose(loss_ax.get_lines()[1].get_ydata(), history["val_loss"])
    # early stopping keeps the best validation accuracy (the last pass here),
    # not the lowest validation loss (pass 5)
    assert loss_ax.get_title() == (
        "Early stopping keeps epoch 8: best validation accuracy 0.800"
    )
    assert any(
        np.allclose(line.get_xdata(), 8) for line in acc_ax.get_lines()[2:]
    )  # dashed marker line
    pd.testing.assert_frame_equal(history, before)

    # a DataFrame directly, no validation, user axes, show=True under Agg
    fig, axes = plt.subplots(2, 1)
    out = plot_history(_history(validation=False), axes=axes, show=True)
    assert out is fig
    assert [line.get_label() for line in axes[0].get_lines()] == ["train"]
    assert "no validation" in axes[0].get_title()


def test_plot_history_marks_what_early_stopping_keeps():
    """Ties of validation accuracy go to the lower loss, the first of equals,
    and a fitted model's ``best_epoch_`` is what is marked.
    """
    history = _history()
    history["val_accuracy"] = [0.5, 0.7, 0.7, 0.7, 0.6, 0.7, 0.5, 0.5]
    history["val_loss"] = [0.9, 0.8, 0.6, 0.7, 0.5, 0.6, 0.4, 0.4]
    title = plot_history(history, show=False).axes[0].get_title()
    assert title == "Early stopping keeps epoch 3: best validation accuracy 0.700"
    model = _Model(history)
    model.best_epoch_ = 4
    title = plot_history(model, show=False).axes[0].get_title()
    assert title.startswith("Early stopping keeps epoch 4:")


def test_plot_history_errors():
    """Unfitted model, wrong history, wrong axes."""
    with pytest.raises(
        ValueError, match="model must be a fitted model with a history_"
    ):
        plot_history(object(), show=False)
    with pytest.raises(TypeError, match="model.history_ must be"):
        plot_history(_Model({"epoch": [1]}), show=False)
    with pytest.raises(ValueError, match=r"missing \['val_loss', 'val_accuracy'\]"):
        plot_history(_history().drop(columns=["val_loss", "val_accuracy"]), show=False)
    with pytest.raises(ValueError, match="history_ is empty"):
        plot_history(_history().iloc[:0], show=False)
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="axes must be two matplotlib Axes"):
        plot_history(_history(), axes=[ax], show=False)


def test_plot_confusion_matrix():
    """Row-normalised proportions by default, counts on request, class order kept."""
    y_true = np.array(["open"] * 4 + ["closed"] * 6)
    y_pred = np.array(["open", "open", "open", "closed"] + ["closed"] * 5 + ["open"])
    before = y_pred.copy()
    fig = plot_confusion_matrix(y_true, y_pred, show=False)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["closed", "open"]
    texts = [t.get_text() for t in ax.texts]
    # rows: true closed (5/6 right), true open (3/4 right)
    assert texts == ["0.83", "0.17", "0.25", "0.75"]
    assert ax.get_title() == "Accuracy 80.0 % (n = 10)"
    assert np.array_equal(y_pred, before)

    fig = plot_confusion_matrix(
        y_true,
        y_pred,
        classes=["open", "closed"],
        normalize=False,
        title="Counts",
        show=False,
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["open", "closed"]
    assert [t.get_text() for t in ax.texts] == ["3", "1", "1", "5"]
    assert ax.get_title() == "Counts"
    fig = plot_confusion_matrix([0, 1, 1], [0, 1, 0], normalize="pred", show=False)
    assert [t.get_text() for t in fig.axes[0].texts] == ["0.50", "0.00", "0.50", "1.00"]

    _, ax = plt.subplots()
    assert plot_confusion_matrix([1, 2], [1, 2], axes=ax, show=True) is ax.figure


def test_plot_confusion_matrix_errors():
    """Mismatched inputs, unknown labels, wrong options."""
    with pytest.raises(ValueError, match="same length"):
        plot_confusion_matrix([0, 1], [0], show=False)
    with pytest.raises(ValueError, match="at least one sample"):
        plot_confusion_matrix([], [], show=False)
    with pytest.raises(
        ValueError, match=r"classes must list every label .*missing: \[2\]"
    ):
        plot_confusion_matrix([0, 1], [0, 2], classes=[0, 1], show=False)
    with pytest.raises(TypeError, match="classes must be"):
        plot_confusion_matrix([0, 1], [0, 1], classes="01", show=False)
    with pytest.raises(ValueError, match="Invalid value for the 'normalize' parameter"):
        plot_confusion_matrix([0, 1], [0, 1], normalize="rows", show=False)
    with pytest.raises(TypeError, match="normalize must be"):
        plot_confusion_matrix([0, 1], [0, 1], normalize=None, show=False)
    with pytest.raises(TypeError, match="axes must be"):
        plot_confusion_matrix([0, 1], [0, 1], axes="left", show=False)
