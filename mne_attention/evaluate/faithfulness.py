"""Agreement of attention maps with occlusion and with channels known to matter."""

import mne
import numpy as np
from mne.utils import _validate_type, logger, verbose

from ..attention.compute import prepare_epochs, token_relevance
from ..attention.relevance import RelevanceOptions
from ..utils._checks import check_number
from ..utils._docs import fill_doc
from .maps import (
    check_model_and_epochs,
    finite_values,
    map_values,
    maps_per_epoch,
    rows_by_name,
)


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
    %(model_fitted)s
    epochs : instance of mne.Epochs
        Labelled epochs, with the model's channels (in any order), sampling
        rate and length.
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

    epochs, batch_size = check_model_and_epochs(model, epochs)
    maps = maps_per_epoch(model, epochs, attention)
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


def _channel_scores(attention):
    """One value per channel (mean over epochs and windows) and the channel names."""
    values, names, per_epoch = map_values(attention)
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
    values = finite_values(values, "truth", "mne.Evoked or array")
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
    check_number(threshold, "threshold")
    relevant, truth_names = _truth_values(truth, threshold)
    if names is not None and truth_names is not None:
        relevant = rows_by_name(relevant, truth_names, names, "truth", "attention")
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
