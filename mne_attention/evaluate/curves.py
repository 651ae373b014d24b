"""Deletion and insertion curves: how the fit changes as channels are replaced in a map's order.

A map is *faithful* when the channels it ranks first are the ones the model
needs: replacing them by their training mean (zero after standardisation)
should hurt the prediction more than replacing channels in a random order
(deletion), and restoring them first should bring the prediction back sooner
(insertion).
"""

from dataclasses import dataclass

import numpy as np
import torch
from mne.utils import ProgressBar, _check_option, _validate_type, logger, verbose
from sklearn.utils import check_random_state

from ..attention.compute import prepare_epochs
from ..attention.relevance import keep_samples
from ..model._training import iterate_batches
from ..utils._checks import check_int, check_seed
from ..utils._docs import fill_doc
from .maps import check_model_and_epochs, maps_per_epoch, true_classes


@dataclass(frozen=True, eq=False, repr=False)
class CurveResult:
    """A deletion or insertion curve of an attention map and of random orders.

    Returned by :func:`deletion_curve` and :func:`insertion_curve`; not made
    by hand.

    Attributes
    ----------
    kind : "deletion" | "insertion"
        Which curve this is.
    unit : "channel" | "token"
        What each step replaces: a whole channel, or one (channel, time
        window) token.
    steps : array of int, shape (n_steps,)
        How many units were replaced (deletion) or restored (insertion) at
        each step.
    fractions : array, shape (n_steps,)
        ``steps / n_units``, the horizontal axis.
    accuracy : array, shape (n_steps,)
        Accuracy over the epochs at each step, channels taken in the map's
        order.
    proba : array, shape (n_steps,)
        Mean probability of each epoch's true class at each step, channels
        taken in the map's order.
    random_accuracy, random_accuracy_std : array, shape (n_steps,)
        Mean and standard deviation (over the ``n_random`` draws, ``ddof=0``)
        of the accuracy curve with a random channel order per epoch.
    random_proba, random_proba_std : array, shape (n_steps,)
        The same for the mean true-class probability.
    area : float
        Area between the map's true-class probability curve and the mean of
        the random ones (trapezoid rule over ``fractions``), signed so that a
        faithful map scores above zero: ``random_proba - proba`` for deletion
        and ``proba - random_proba`` for insertion. It lies in [-1, 1]; a map
        no better than chance scores about zero.
    n_units : int
        Number of units: the model's channels, or its channels times its
        time windows.
    n_epochs : int
        Number of epochs averaged.
    n_random : int
        Number of random orders per epoch.
    """

    kind: str
    unit: str
    steps: np.ndarray
    fractions: np.ndarray
    accuracy: np.ndarray
    proba: np.ndarray
    random_accuracy: np.ndarray
    random_accuracy_std: np.ndarray
    random_proba: np.ndarray
    random_proba_std: np.ndarray
    area: float
    n_units: int
    n_epochs: int
    n_random: int

    def __repr__(self):
        """Summarise the curve."""
        return (
            f"<CurveResult | {self.kind}, {len(self.steps)} steps over "
            f"{self.n_units} {self.unit}s, {self.n_epochs} epochs, {self.n_random} "
            f"random orders, area={self.area:+.3f}>"
        )

    def plot(self, axes=None, show=True):
        """Plot the map's curves against the random orders.

        Parameters
        ----------
        axes : None | array-like of 2 matplotlib.axes.Axes
            Where to draw the true-class probability and the accuracy; a new
            figure when None.
        show : bool
            Show the figure.

        Returns
        -------
        fig : instance of matplotlib.figure.Figure
            The figure: the map's curve, the random mean and a band of one
            standard deviation around it, in each panel.
        """
        from ..viz._figures import plt_show, two_panels

        _validate_type(show, bool, "show")
        fig, axes = two_panels(axes, "probability, accuracy")
        verb = "replaced" if self.kind == "deletion" else "restored"
        panels = (
            ("True-class probability", self.proba, self.random_proba),
            ("Accuracy", self.accuracy, self.random_accuracy),
        )
        stds = (self.random_proba_std, self.random_accuracy_std)
        for ax, (ylabel, curve, random), std in zip(axes, panels, stds):
            ax.fill_between(
                self.fractions,
                random - std,
                random + std,
                color="0.6",
                alpha=0.3,
                linewidth=0,
                label="random ± 1 SD",
            )
            ax.plot(self.fractions, random, color="0.4", linestyle="--", label="random")
            ax.plot(self.fractions, curve, color="C3", marker=".", label="map order")
            ax.set(
                xlabel=f"Fraction of channels {verb}",
                ylabel=ylabel,
                xlim=(0, 1),
                ylim=(-0.02, 1.02),
            )
            ax.grid(True, alpha=0.3)
            ax.legend(loc="best")
        axes[0].set_title(f"{self.kind.capitalize()} (area {self.area:+.3f})")
        plt_show(show)
        return fig


def _steps(n_steps, n_units, unit):
    if n_steps is None:
        return np.arange(n_units + 1)
    n_steps = check_int(n_steps, "n_steps", minimum=2)
    if n_steps > n_units + 1:
        raise ValueError(
            f"n_steps must be at most n_{unit}s + 1 ({n_units + 1}) for this "
            f"model with {n_units} {unit}s, got {n_steps}"
        )
    return np.rint(np.linspace(0, n_units, n_steps)).astype(int)


def _ranks_of(scores):
    """Rank of each unit per epoch, 0 for the highest score (ties: unit order)."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(scores.shape[1])[None], axis=1)
    return ranks


def _evaluate_orders(model, data, targets, ranks, steps, kind, unit, batch_size):
    """Mean true-class probability and accuracy for every order and step.

    ``ranks`` has shape (n_orders, n_epochs, n_units), units being channels
    or channel-major (channel, window) tokens; a unit of rank ``r`` is
    replaced (deletion) or kept (insertion) at step ``k`` when ``r < k``.
    Returns two arrays of shape (n_orders, n_steps), averaged over the
    epochs.
    """
    n_orders, n_epochs, _ = ranks.shape
    n_steps = len(steps)
    total = n_orders * n_epochs * n_steps
    proba_sum = torch.zeros(n_orders * n_steps, dtype=torch.float64)
    correct_sum = torch.zeros(n_orders * n_steps, dtype=torch.float64)
    ranks = torch.from_numpy(ranks)
    steps = torch.from_numpy(np.asarray(steps, dtype=ranks.numpy().dtype))
    targets = torch.from_numpy(targets)
    network, device, layout = model.network_, model.device_, model.layout_
    network.eval()
    logger.info(
        f"{kind.capitalize()} curves: {total} forward passes ({n_orders} orders x "
        f"{n_epochs} epochs x {n_steps} steps)"
    )
    flat_all = torch.arange(total)
    batches = list(iterate_batches(total, batch_size))
    with torch.inference_mode():
        for index in ProgressBar(batches, mesg=kind.capitalize()):
            flat = flat_all[index]  # (order, epoch, step), step fastest
            order, epoch, step = (
                flat // (n_epochs * n_steps),
                flat // n_steps % n_epochs,
                flat % n_steps,
            )
            removed = ranks[order, epoch] < steps[step][:, None]
            kept = ~removed if kind == "deletion" else removed
            if unit == "token":
                kept = kept.view(len(kept), layout.n_channels, layout.n_windows)
            # the samples in no token stay for deletion, go for insertion
            x = keep_samples(data[epoch], kept, layout, rest=kind == "deletion")
            logits = network(x.to(device)).float().cpu()
            target = targets[epoch]
            curve = order * n_steps + step
            proba = logits.softmax(dim=1).gather(1, target[:, None])[:, 0]
            proba_sum.index_add_(0, curve, proba.double())
            correct_sum.index_add_(0, curve, (logits.argmax(dim=1) == target).double())
    shape = (n_orders, n_steps)
    return (
        proba_sum.numpy().reshape(shape) / n_epochs,
        correct_sum.numpy().reshape(shape) / n_epochs,
    )


def _curve(kind, model, epochs, attention, unit, n_random, n_steps, random_state):
    from scipy.integrate import trapezoid

    _check_option("unit", unit, ("channel", "token"))
    n_random = check_int(n_random, "n_random", minimum=1)
    rng = check_random_state(check_seed(random_state))
    epochs, batch_size = check_model_and_epochs(model, epochs)
    layout = model.layout_
    n_units = layout.n_channels * (layout.n_windows if unit == "token" else 1)
    steps = _steps(n_steps, n_units, unit)
    maps = maps_per_epoch(model, epochs, attention)
    targets = true_classes(model, epochs)
    data, _ = prepare_epochs(model, epochs)
    n_epochs = len(data)
    scores = maps.sum(axis=2) if unit == "channel" else maps.reshape(n_epochs, -1)
    map_ranks = _ranks_of(scores)
    # the ranks of a uniformly random permutation are a random permutation
    random_ranks = np.argsort(rng.random_sample((n_random, n_epochs, n_units)), -1)
    dtype = np.int16 if n_units < 2**15 else np.int64  # bounded memory
    ranks = np.concatenate([map_ranks[None], random_ranks]).astype(dtype)
    proba_curves, accuracy_curves = _evaluate_orders(
        model, data, targets, ranks, steps, kind, unit, batch_size
    )
    fractions = steps / n_units
    random_proba = proba_curves[1:].mean(axis=0)
    gain = trapezoid(proba_curves[0] - random_proba, fractions)
    return CurveResult(
        kind=kind,
        unit=unit,
        steps=steps,
        fractions=fractions,
        accuracy=accuracy_curves[0],
        proba=proba_curves[0],
        random_accuracy=accuracy_curves[1:].mean(axis=0),
        random_accuracy_std=accuracy_curves[1:].std(axis=0),
        random_proba=random_proba,
        random_proba_std=proba_curves[1:].std(axis=0),
        area=float(-gain if kind == "deletion" else gain),
        n_units=n_units,
        n_epochs=n_epochs,
        n_random=n_random,
    )


_CURVE_PARAMS = """Parameters
    ----------
    model : instance of EEGTransformer
        A fitted model.
    epochs : instance of mne.Epochs
        Labelled epochs with the model's channels (any order), sampling rate
        and length.
    attention : instance of AttentionEpochs | AttentionEvoked | mne.Evoked | array
        The map to test: :class:`~mne_attention.AttentionEpochs` of these
        epochs (one order per epoch; their events must match), or one map for
        every epoch (an Evoked, or an array of shape ``(n_channels,)`` or
        ``(n_channels, n_windows)`` in the order of ``model.ch_names_``).
        Channels with names are matched to the model's by name.
    unit : "channel" | "token"
        What each step replaces: a whole channel (ranked by the map summed
        over windows) or one (channel, time window) token (ranked by its own
        value). Ties keep the model's channel (then window) order; the
        highest-ranked unit goes first.
    n_random : int
        Random orders per epoch (at least 1) for the baseline.
    n_steps : None | int
        Number of evenly spaced steps from none to all units (at least 2, at
        most the number of units + 1); None takes every count.
    random_state : None | int | instance of ~numpy.random.RandomState
        Seed of the random orders. The same value gives the same numbers.
    %(verbose)s

    Returns
    -------
    result : CurveResult
        The curves, the random baseline and the area between them."""

_CURVE_NOTES = """Notes
    -----
    A replaced unit is set to its channel's training mean (zero after the
    model's standardisation) over all of its samples. The cost is ``n_epochs *
    n_steps * (1 + n_random)`` forward passes, run in batches of the model's
    training batch size without gradients.
    """


def _curve_doc(other):
    """Append the shared sections to a curve's docstring, ``other`` in See Also."""

    def decorate(func):
        see_also = f"See Also\n    --------\n    {other}, occlusion_agreement"
        func.__doc__ = "\n\n    ".join(
            (func.__doc__.rstrip(), _CURVE_PARAMS, see_also, _CURVE_NOTES)
        )
        return fill_doc(func)

    return decorate


@verbose
@_curve_doc("insertion_curve")
def deletion_curve(
    model,
    epochs,
    attention,
    *,
    unit="channel",
    n_random=20,
    n_steps=None,
    random_state=None,
    verbose=None,
):
    """Replace channels by their training mean in the map's order; track the fit.

    At step ``k`` the ``k`` channels the map ranks highest are replaced, and
    the accuracy and mean true-class probability over the epochs are
    recorded. A faithful map makes the probability fall faster than random
    orders do (positive ``area``).
    """
    return _curve(
        "deletion", model, epochs, attention, unit, n_random, n_steps, random_state
    )


@verbose
@_curve_doc("deletion_curve")
def insertion_curve(
    model,
    epochs,
    attention,
    *,
    unit="channel",
    n_random=20,
    n_steps=None,
    random_state=None,
    verbose=None,
):
    """Restore channels in the map's order, starting from all at their training mean.

    At step ``k`` only the ``k`` channels the map ranks highest hold their
    data; all others are at their training mean. A faithful map makes the
    probability rise faster than random orders do (positive ``area``).
    """
    return _curve(
        "insertion", model, epochs, attention, unit, n_random, n_steps, random_state
    )
