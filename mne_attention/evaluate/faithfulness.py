"""Faithfulness of attention maps: deletion, insertion, occlusion, ground truth.

Deletion and insertion curves, agreement with occlusion, and scores against
channels known to matter.

A map is *faithful* when the channels it ranks first are the ones the model
needs: replacing them by their training mean (zero after standardisation)
should hurt the prediction more than replacing channels in a random order
(deletion), and restoring them first should bring the prediction back sooner
(insertion).
"""

import numbers
from dataclasses import dataclass

import mne
import numpy as np
import torch
from mne.utils import ProgressBar, _check_option, _validate_type, logger, verbose
from sklearn.utils import check_random_state

from ..attention.compute import prepare_epochs, token_relevance
from ..attention.relevance import RelevanceOptions
from ..model._training import iterate_batches
from ..model.estimator import check_fitted_model
from ..utils._checks import check_random_state_argument
from ..utils._docs import fill_doc
from ..utils._input import epoch_labels, with_known_length

_MAP_TYPES = (mne.BaseEpochs, mne.Evoked, np.ndarray)
_MAP_KINDS = "AttentionEpochs, AttentionEvoked, mne.Evoked or array"


# ----------------------------------------------------------------------- results
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
        from ..viz._checks import _show, _two_panels

        _validate_type(show, bool, "show")
        fig, axes = _two_panels(axes, "probability, accuracy")
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
        _show(show)
        return fig


# ------------------------------------------------------------------- input checks
def _check_int(value, name, minimum):
    _validate_type(value, "int", name)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _check_random_state(random_state):
    check_random_state_argument(random_state)
    return check_random_state(random_state)


def _check_finite(values, name):
    values = np.asarray(values)
    if not np.issubdtype(values.dtype, np.number) and values.dtype != bool:
        raise TypeError(f"{name} must hold numbers, got dtype {values.dtype}")
    if np.iscomplexobj(values):
        raise TypeError(f"{name} must hold real numbers, got dtype {values.dtype}")
    values = values.astype(float)
    if not np.all(np.isfinite(values)):
        raise ValueError(
            f"{name} must hold finite values, got {np.sum(~np.isfinite(values))} "
            "NaN or infinite"
        )
    return values


def _named_rows(values, names, wanted, name):
    """Rows (channels, first axis) of ``values`` in the order of ``wanted``."""
    missing = [ch for ch in wanted if ch not in names]
    if missing:
        raise ValueError(
            f"{name} must have every channel of the model, missing {missing}"
        )
    return values[[names.index(ch) for ch in wanted]]


def _map_values(attention, name="attention"):
    """Return (values, channel names or None, per_epoch) of an attention input.

    ``values`` is a new float array of shape (n_epochs, n_channels, n_windows)
    when ``per_epoch`` and (n_channels, n_windows) otherwise.
    """
    _validate_type(attention, _MAP_TYPES, name, _MAP_KINDS)
    if isinstance(attention, mne.BaseEpochs):
        attention = with_known_length(attention)
        values = attention.get_data()
        names, per_epoch = list(attention.ch_names), True
    elif isinstance(attention, mne.Evoked):
        values = attention.data
        names, per_epoch = list(attention.ch_names), False
    else:
        if attention.ndim not in (1, 2):
            raise ValueError(
                f"{name} must be an array of shape (n_channels,) or (n_channels, "
                f"n_windows) (use AttentionEpochs for one map per epoch), got shape "
                f"{attention.shape}"
            )
        values = attention if attention.ndim == 2 else attention[:, None]
        names, per_epoch = None, False
    if values.size == 0:
        raise ValueError(f"{name} must hold values, got shape {values.shape}")
    return _check_finite(values, name), names, per_epoch


def _check_fitted_model(model, epochs):
    """Validate the model and epochs; return epochs of known length and batch size."""
    check_fitted_model(model)
    _validate_type(epochs, mne.BaseEpochs, "epochs", "mne.Epochs")
    return with_known_length(epochs), model.schedule_["batch_size"]


def _maps_per_epoch(model, epochs, attention, *, name="attention"):
    """Attention as (n_epochs, n_channels, n_windows) in the model's channel order."""
    values, names, per_epoch = _map_values(attention, name)
    n_epochs = len(epochs)
    if per_epoch:
        attention = with_known_length(attention)
        if len(values) != n_epochs:
            raise ValueError(
                f"{name} must hold one map per epoch of epochs ({n_epochs}), got "
                f"{len(values)}: pass epochs[attention.selection] or the attention of "
                "these epochs"
            )
        if not np.array_equal(attention.events[:, [0, 2]], epochs.events[:, [0, 2]]):
            raise ValueError(
                f"{name} must belong to epochs: their events (sample and code) "
                "differ; compute the attention of these epochs"
            )
        values = np.moveaxis(values, 1, 0)  # channels first
    wanted = model.ch_names_
    if names is not None and wanted is not None:
        values = _named_rows(values, names, list(wanted), name)
    elif len(values) != model.layout_.n_channels:
        raise ValueError(
            f"{name} must have one row per channel of the model "
            f"({model.layout_.n_channels}, in the order of model.ch_names_), got "
            f"{len(values)}"
        )
    if per_epoch:
        return np.moveaxis(values, 0, 1)
    return np.broadcast_to(values, (n_epochs,) + values.shape)


def _true_classes(model, epochs):
    labels = epoch_labels(epochs)
    classes = {label: index for index, label in enumerate(model.classes_.tolist())}
    unknown = sorted(set(labels.tolist()) - set(classes))
    if unknown:
        raise ValueError(
            f"epochs must hold only the model's classes {list(classes)}, got "
            f"conditions {unknown}"
        )
    return np.array([classes[label] for label in labels])


def _steps(n_steps, n_units, unit):
    if n_steps is None:
        return np.arange(n_units + 1)
    _check_int(n_steps, "n_steps", 2)
    if n_steps > n_units + 1:
        raise ValueError(
            f"n_steps must be at most n_{unit}s + 1 ({n_units + 1}) for this "
            f"model with {n_units} {unit}s, got {n_steps}"
        )
    return np.rint(np.linspace(0, n_units, n_steps)).astype(int)


# --------------------------------------------------------------------- the curves
def _ranks_of(scores):
    """Rank of each channel per epoch, 0 for the highest score (ties: channel order)."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(scores.shape[1])[None], axis=1)
    return ranks


def _evaluate_orders(model, data, targets, ranks, steps, kind, batch_size):
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
    network, device = model.network_, model.device_
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
            keep = ~removed if kind == "deletion" else removed
            x = data[epoch] * _sample_mask(keep, model.layout_, kind).to(data.dtype)
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


def _sample_mask(keep, layout, kind):
    """Turn kept units, shape (batch, n_units), into a mask over the samples.

    Samples after the last whole window belong to no token: kept by deletion,
    replaced by insertion, like everything at its start.
    """
    if keep.shape[1] == layout.n_channels:  # whole channels
        return keep[:, :, None]
    tokens = keep.view(len(keep), layout.n_channels, layout.n_windows)
    samples = tokens.repeat_interleave(layout.window_length, dim=2)
    rest = layout.n_times - samples.shape[2]
    if rest:
        tail = torch.full(samples.shape[:2] + (rest,), kind == "deletion")
        samples = torch.cat([samples, tail], dim=2)
    return samples


def _curve(kind, model, epochs, attention, unit, n_random, n_steps, random_state):
    from scipy.integrate import trapezoid

    _check_option("unit", unit, ("channel", "token"))
    n_random = _check_int(n_random, "n_random", 1)
    rng = _check_random_state(random_state)
    epochs, batch_size = _check_fitted_model(model, epochs)
    layout = model.layout_
    n_units = layout.n_channels * (layout.n_windows if unit == "token" else 1)
    steps = _steps(n_steps, n_units, unit)
    maps = _maps_per_epoch(model, epochs, attention)
    targets = _true_classes(model, epochs)
    data, _ = prepare_epochs(model, epochs)
    n_epochs = len(data)
    scores = maps.sum(axis=2) if unit == "channel" else maps.reshape(n_epochs, -1)
    map_ranks = _ranks_of(scores)
    # the ranks of a uniformly random permutation are a random permutation
    random_ranks = np.argsort(rng.random_sample((n_random, n_epochs, n_units)), -1)
    dtype = np.int16 if n_units < 2**15 else np.int64  # bounded memory
    ranks = np.concatenate([map_ranks[None], random_ranks]).astype(dtype)
    proba_curves, accuracy_curves = _evaluate_orders(
        model, data, targets, ranks, steps, kind, batch_size
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
    training batch size without gradients."""


def _curve_doc(func):
    doc = func.__doc__.replace("%(curve_params)s", _CURVE_PARAMS)
    func.__doc__ = doc.replace("%(curve_notes)s", _CURVE_NOTES)
    return fill_doc(func)


@verbose
@_curve_doc
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

    %(curve_params)s

    See Also
    --------
    insertion_curve, occlusion_agreement

    %(curve_notes)s
    """
    return _curve(
        "deletion", model, epochs, attention, unit, n_random, n_steps, random_state
    )


@verbose
@_curve_doc
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

    %(curve_params)s

    See Also
    --------
    deletion_curve, occlusion_agreement

    %(curve_notes)s
    """
    return _curve(
        "insertion", model, epochs, attention, unit, n_random, n_steps, random_state
    )


# ------------------------------------------------------------ agreement with occlusion
@verbose
@fill_doc
def occlusion_agreement(model, epochs, attention, *, verbose=None):
    """Rank agreement of an attention map with occlusion, per epoch.

    Occlusion relevance (as ``compute_attention(model, epochs,
    method="occlusion")``: the drop of the predicted class's probability when
    one channel's window is set to its training mean) is the model's own
    answer to "which tokens matter"; a faithful map ranks tokens alike.

    Parameters
    ----------
    model : instance of EEGTransformer
        A fitted model.
    epochs : instance of mne.Epochs
        Labelled epochs with the model's channels (any order), sampling rate
        and length.
    attention : instance of AttentionEpochs | AttentionEvoked | mne.Evoked | array
        :class:`~mne_attention.AttentionEpochs` of these epochs (their events
        must match), or one map for every epoch (an Evoked, or an array of
        shape ``(n_channels, n_windows)`` in the order of
        ``model.ch_names_``), with one value per channel and time window of
        the model. Named channels are matched to the model's by name.
    %(verbose)s

    Returns
    -------
    agreement : dict
        ``"per_epoch"``: array, shape (n_epochs,), the Spearman correlation
        (:func:`scipy.stats.spearmanr`) of the map with occlusion over the
        ``n_channels * n_windows`` tokens of each epoch; NaN where either is
        constant over the tokens (no ranking to compare).
        ``"mean"``: float, the mean over the epochs that are not NaN (NaN when
        all are).
        ``"n_undefined"``: int, how many epochs were NaN and left out of the
        mean (also logged).

    See Also
    --------
    deletion_curve, mne_attention.compute_attention
    """
    from scipy.stats import spearmanr

    epochs, batch_size = _check_fitted_model(model, epochs)
    maps = _maps_per_epoch(model, epochs, attention)
    n_windows = model.layout_.n_windows
    if maps.shape[2] != n_windows:
        raise ValueError(
            f"attention must have one value per time window of the model "
            f"({n_windows}), got {maps.shape[2]}"
        )
    data, _ = prepare_epochs(model, epochs)
    relevance, _ = token_relevance(
        model, data, RelevanceOptions("occlusion"), batch_size
    )
    maps = maps.reshape(len(maps), -1)  # channel-major tokens, like relevance
    rho = np.full(len(maps), np.nan)
    for index, (map_, occlusion) in enumerate(zip(maps, relevance)):
        if np.ptp(map_) > 0 and np.ptp(occlusion) > 0:
            rho[index] = spearmanr(map_, occlusion).statistic
    undefined = int(np.isnan(rho).sum())
    if undefined:
        logger.info(
            f"Occlusion agreement: {undefined} of {len(rho)} epochs have a constant "
            "map or occlusion (rho is NaN) and are left out of the mean"
        )
    mean = float(np.mean(rho[~np.isnan(rho)])) if undefined < len(rho) else np.nan
    return {"per_epoch": rho, "mean": mean, "n_undefined": undefined}


# ------------------------------------------------------------------ ground truth
def _channel_scores(attention):
    """One value per channel (mean over epochs and windows) and the channel names."""
    values, names, per_epoch = _map_values(attention)
    if per_epoch:
        values = values.mean(axis=0)
    return values.mean(axis=1), names


def _truth_values(truth, threshold):
    """Truth as a boolean per channel and its channel names (None for arrays)."""
    _validate_type(truth, (mne.Evoked, np.ndarray), "truth", "mne.Evoked or array")
    if isinstance(truth, mne.Evoked):
        values, names = truth.data[:, 0], list(truth.ch_names)
    else:
        if truth.ndim != 1:
            raise ValueError(
                f"truth must be an array of shape (n_channels,), got shape "
                f"{truth.shape}"
            )
        values, names = truth, None
    if values.dtype == bool:
        return values.copy(), names
    values = _check_finite(values, "truth")
    return values >= threshold, names


def ground_truth_score(attention, truth, *, threshold=0.5):
    """Score a channel map against the channels known to carry the effect.

    Parameters
    ----------
    attention : instance of AttentionEpochs | AttentionEvoked | mne.Evoked | array
        The attention, averaged over epochs and time windows into one value
        per channel; an array has shape ``(n_channels,)`` or ``(n_channels,
        n_windows)``.
    truth : instance of mne.Evoked | array, shape (n_channels,)
        The relevant channels: the ``truth`` returned by
        :func:`mne_attention.datasets.simulate_epochs` (relevance per channel
        in ``truth.data[:, 0]``), or one boolean or number per channel.
        Numbers at or above ``threshold`` mark a relevant channel. With
        channel names on both sides, channels are matched by name (truth
        channels the map lacks are ignored); otherwise they must be in the
        same order.
    threshold : float
        Relevance from which a channel counts as relevant (numeric truth only).

    Returns
    -------
    scores : dict
        ``"auc"``: ROC-AUC (:func:`sklearn.metrics.roc_auc_score`) of the map
        for telling relevant from irrelevant channels (1 perfect, 0.5 chance,
        0 reversed).
        ``"mass"``: fraction of the map on the relevant channels (negative
        values, e.g. of occlusion, count as zero; NaN when no value is
        positive).
        ``"chance_mass"``: the relevant channels' share of channels, the mass
        of a flat map.
        ``"mass_ratio"``: ``mass / chance_mass`` (1 for a flat map).
        ``"n_relevant"``: number of relevant channels.
    """
    from sklearn.metrics import roc_auc_score

    scores, names = _channel_scores(attention)
    if isinstance(threshold, bool):
        raise TypeError("threshold must be an instance of float, got <class 'bool'>")
    _validate_type(threshold, numbers.Real, "threshold", "float")
    if not np.isfinite(threshold):
        raise ValueError(f"threshold must be a finite number, got {threshold}")
    relevant, truth_names = _truth_values(truth, threshold)
    if names is not None and truth_names is not None:
        missing = [ch for ch in names if ch not in truth_names]
        if missing:
            raise ValueError(
                f"truth must have every channel of attention, missing {missing}"
            )
        relevant = relevant[[truth_names.index(ch) for ch in names]]
    elif len(relevant) != len(scores):
        raise ValueError(
            f"truth must have one value per channel of attention ({len(scores)}), "
            f"got {len(relevant)}"
        )
    n_relevant = int(relevant.sum())
    if n_relevant in (0, len(relevant)):
        raise ValueError(
            f"truth must mark at least one relevant and one irrelevant channel "
            f"(threshold={threshold}), got {n_relevant} relevant of {len(relevant)}"
        )
    positive = np.clip(scores, 0, None)
    total = positive.sum()
    mass = float(positive[relevant].sum() / total) if total > 0 else np.nan
    chance_mass = n_relevant / len(relevant)
    return {
        "auc": float(roc_auc_score(relevant, scores)),
        "mass": mass,
        "chance_mass": chance_mass,
        "mass_ratio": mass / chance_mass,
        "n_relevant": n_relevant,
    }
