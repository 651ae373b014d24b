"""Condition differences in attention across subjects, with cluster-level inference.

:func:`contrast_test` averages each subject's attention per condition, takes
the difference of two conditions and tests it against zero across subjects
with :func:`mne.stats.permutation_cluster_1samp_test`: clusters of
neighbouring channels (and, with several time windows, neighbouring windows)
whose t values pass a threshold, and a sign-flip permutation distribution of
the largest cluster mass, which controls the family-wise error over all
channels and windows.
"""

import warnings
from dataclasses import dataclass

import mne
import numpy as np
from mne.utils import _check_option, _validate_type, logger, verbose

from ..containers.epochs import AttentionEpochs, AttentionEvoked
from ..utils._checks import check_int, check_number, check_seed
from ..utils._docs import fill_doc
from ..utils._units import T_UNITS
from .adjacency import channel_adjacency_of

_MIN_SUBJECTS = 3


class _TValueEvoked(AttentionEvoked):
    """An :class:`AttentionEvoked` holding t values: plots are labelled "t value"."""

    @property
    def units(self):
        """The label of the values: t statistics, not attention."""
        return T_UNITS


@dataclass(eq=False, repr=False)
class ContrastResult:
    """The outcome of :func:`contrast_test`.

    Returned by :func:`contrast_test`; not made by hand.

    Attributes
    ----------
    evoked : instance of AttentionEvoked
        The t statistic of the difference ``a - b`` across subjects per
        channel and time window, with the attention's channels, info and
        times. ``nave`` is the number of subjects; plots are unscaled and
        labelled "t value". Positive values: more attention in condition
        ``a``.
    mask : array of bool, shape (n_channels, n_windows)
        True at the channel/window points that belong to a cluster with
        p < ``alpha``. ``mask[:, 0]`` suits
        :func:`mne_attention.viz.plot_attention_topomaps` (``mask=``) and
        ``mask`` suits ``evoked.plot_topomap(mask=...)``.
    clusters : list of array of bool, shape (n_channels, n_windows)
        Every cluster found (significant or not), as a mask of its points.
    cluster_p_values : array of float, shape (n_clusters,)
        The family-wise p value of each cluster.
    H0 : array of float, shape (n_permutations,)
        The largest cluster statistic in each permutation (empty when no
        point passes the threshold).
    n_subjects : int
        The number of subjects tested (those with epochs of both conditions).
    subjects : list
        Their ``metadata["subject"]`` values, in the order of the test.
    conditions : tuple of str
        The two conditions ``(a, b)``; the difference is ``a - b``.
    alpha : float
        The cluster p value below which a cluster counts as significant.
    threshold : float
        The cluster-forming t threshold that was used.
    tail : int
        ``0`` two-sided, ``1`` tests ``a > b``, ``-1`` tests ``a < b``.
    n_permutations : int
        The number of permutations requested (MNE runs the exact test over
        all sign flips when that number is not smaller than their count).
    """

    evoked: AttentionEvoked
    mask: np.ndarray
    clusters: list
    cluster_p_values: np.ndarray
    H0: np.ndarray
    subjects: list
    conditions: tuple
    alpha: float
    threshold: float
    tail: int
    n_permutations: int

    @property
    def n_subjects(self):
        """The number of subjects tested."""
        return len(self.subjects)

    @property
    def significant(self):
        """Whether any cluster has p < ``alpha``."""
        return bool(np.any(self.cluster_p_values < self.alpha))

    def __repr__(self):
        """Summarise the test."""
        a, b = self.conditions
        n_sig = int(np.sum(self.cluster_p_values < self.alpha))
        n_channels, n_windows = self.mask.shape
        p_min = (
            f", min p={self.cluster_p_values.min():.3g}"
            if len(self.cluster_p_values)
            else ""
        )
        return (
            f"<ContrastResult | {a!r} - {b!r}, {self.n_subjects} subjects, "
            f"{n_channels} channels x {n_windows} windows, "
            f"{len(self.clusters)} clusters ({n_sig} with p < {self.alpha:g}{p_min}), "
            f"{int(self.mask.sum())} significant points>"
        )


def _check_conditions(conditions, event_id):
    _validate_type(conditions, (tuple, list), "conditions", "a pair (a, b) of str")
    if len(conditions) != 2:
        raise ValueError(
            f"conditions must be a pair (a, b) of event_id names, got "
            f"{len(conditions)} entries: {conditions!r}"
        )
    for name in conditions:
        _validate_type(name, str, "conditions", "a pair (a, b) of str")
        if name not in event_id:
            raise ValueError(
                f"conditions must name events of attention.event_id "
                f"{sorted(event_id)}, got {name!r}"
            )
    if conditions[0] == conditions[1]:
        raise ValueError(
            f"conditions must name two different events, got {conditions[0]!r} twice"
        )
    return tuple(conditions)


def _check_threshold(threshold, tail):
    if threshold is None:
        return None
    threshold = check_number(threshold, "threshold", must_be="None or a number")
    if threshold == 0:
        raise ValueError(
            f"threshold must be a finite non-zero t value, got {threshold!r}"
        )
    if tail == -1 and threshold > 0 or tail >= 0 and threshold < 0:
        expected = "negative (tail=-1)" if tail == -1 else f"positive (tail={tail})"
        raise ValueError(
            f"threshold must be {expected} for the given tail, got {threshold!r}"
        )
    return threshold


def _subject_differences(attention, conditions):
    """Return the subjects and their (n_subjects, n_channels, n_windows) a - b."""
    metadata = attention.metadata
    if metadata is None or "subject" not in metadata.columns:
        got = "no metadata" if metadata is None else f"columns {list(metadata.columns)}"
        raise ValueError(
            "attention must have metadata['subject'] (one subject per epoch) to "
            f"test across subjects, got {got}"
        )
    subject = metadata["subject"].to_numpy()
    missing = metadata["subject"].isna().to_numpy()
    if missing.any():
        raise ValueError(
            f"attention.metadata['subject'] must name a subject for every epoch, "
            f"got {int(missing.sum())} missing values"
        )
    codes = attention.events[:, 2]
    in_a = codes == attention.event_id[conditions[0]]
    in_b = codes == attention.event_id[conditions[1]]
    data = attention.get_data()
    subjects, differences, incomplete = [], [], []
    for each in metadata["subject"].unique():
        mine = subject == each
        if not (mine & in_a).any() or not (mine & in_b).any():
            incomplete.append(each)
            continue
        subjects.append(each)
        differences.append(
            data[mine & in_a].mean(axis=0) - data[mine & in_b].mean(axis=0)
        )
    if incomplete:
        logger.info(
            f"Leaving out {len(incomplete)} subject(s) without epochs of both "
            f"conditions: {incomplete}"
        )
    if len(subjects) < _MIN_SUBJECTS:
        raise ValueError(
            f"attention must hold at least {_MIN_SUBJECTS} subjects with epochs of "
            f"both conditions {conditions!r} to test across subjects, got "
            f"{len(subjects)} ({subjects})"
        )
    return subjects, np.array(differences)


@verbose
@fill_doc
def contrast_test(
    attention,
    conditions,
    *,
    n_permutations=1024,
    threshold=None,
    tail=0,
    adjacency="auto",
    alpha=0.05,
    random_state=None,
    verbose=None,
):
    """Test a difference in attention between two conditions across subjects.

    For each subject, the mean attention over its epochs of condition ``a``
    minus that over its epochs of condition ``b`` gives one map per time
    window. These differences are tested against zero across subjects with
    :func:`mne.stats.permutation_cluster_1samp_test`: points (channel, time
    window) whose t value passes ``threshold`` form clusters with their
    neighbours over the channel adjacency and, with several windows, over
    adjacent windows; each cluster's p value comes from sign flips of the
    subjects' differences, which controls the family-wise error over all
    channels and windows.

    Parameters
    ----------
    attention : instance of AttentionEpochs
        Per-epoch attention, e.g. from :func:`mne_attention.compute_attention`
        or :func:`mne_attention.fit_attention`, with ``metadata["subject"]``.
        Subjects without epochs of both conditions are left out; at least
        3 must remain.
    conditions : tuple of str
        Two ``event_id`` names ``(a, b)``; the difference is ``a - b``.
    n_permutations : int
        Number of sign-flip permutations (at least 1). With few subjects,
        when this is not smaller than the number of possible sign flips,
        MNE runs the exact test over all of them.
    threshold : None | float
        The cluster-forming t threshold. None uses the t value of
        p = 0.05 (two-sided for ``tail=0``) with ``n_subjects - 1`` degrees of
        freedom, negative for ``tail=-1``.
    tail : -1 | 0 | 1
        ``0`` two-sided, ``1`` tests ``a > b``, ``-1`` tests ``a < b``.
    adjacency : "auto" | None | scipy.sparse matrix, shape (n_channels, n_channels)
        Which channels neighbour each other. ``"auto"`` uses
        :func:`mne.channels.find_ch_adjacency` (needs a montage); None means
        no spatial clustering (clusters extend over time windows only);
        a matrix gives the neighbours in the order of
        ``attention.ch_names``. With several time windows, adjacent windows
        are neighbours too (:func:`mne.stats.combine_adjacency`).
    alpha : float
        Clusters with p < ``alpha`` make up ``mask``; between 0 and 1.
    %(random_state)s
    %(verbose)s

    Returns
    -------
    result : instance of ContrastResult
        The t values as an :class:`~mne_attention.AttentionEvoked`, the mask
        of significant points, the clusters and their p values.

    See Also
    --------
    mne_attention.viz.plot_attention_topomaps

    Notes
    -----
    Inference is across subjects, so the number of subjects, not epochs,
    sets the power. Only clusters are inferred on: a significant cluster
    says the conditions differ somewhere in it, not at each of its points
    (Maris & Oostenveld, 2007; Sassenhagen & Draschkow, 2019).

    Examples
    --------
    >>> result = contrast_test(attention, ("closed", "open"),
    ...                        random_state=0)  # doctest: +SKIP
    >>> evokeds = attention.average(by_event_type=True)  # doctest: +SKIP
    >>> plot_attention_topomaps(evokeds, ("closed", "open"),
    ...                         mask=result.mask[:, 0])  # doctest: +SKIP
    """
    from scipy import sparse

    _validate_type(
        attention, AttentionEpochs, "attention", "AttentionEpochs (compute_attention)"
    )
    conditions = _check_conditions(conditions, attention.event_id)
    n_permutations = check_int(n_permutations, "n_permutations", minimum=1)
    _validate_type(tail, "int-like", "tail")
    _check_option("tail", tail, (-1, 0, 1))
    tail = int(tail)
    threshold = _check_threshold(threshold, tail)
    alpha = check_number(alpha, "alpha", low=0, high=1, closed="neither")
    check_seed(random_state)
    channel_adjacency = channel_adjacency_of(adjacency, attention.info)

    subjects, differences = _subject_differences(attention, conditions)
    n_subjects, n_channels, n_windows = differences.shape
    if threshold is None:
        from scipy.stats import t as t_dist

        p_thresh = 0.05 / (1 + (tail == 0))
        threshold = float(-t_dist.ppf(p_thresh, n_subjects - 1))
        threshold = -threshold if tail == -1 else threshold
    logger.info(
        f"Testing {conditions[0]!r} - {conditions[1]!r} across {n_subjects} "
        f"subjects, {n_channels} channels x {n_windows} windows, t threshold "
        f"{threshold:.3f}"
    )

    X = differences.transpose(0, 2, 1)  # (n_subjects, n_windows, n_channels)
    if n_windows > 1:
        full_adjacency = mne.stats.combine_adjacency(n_windows, channel_adjacency)
    else:
        X = X[:, 0]
        full_adjacency = sparse.coo_array(channel_adjacency)
    with warnings.catch_warnings():
        # no point passing the threshold is an answer, not a problem
        warnings.filterwarnings("ignore", "No clusters found", RuntimeWarning)
        t_obs, clusters, cluster_p_values, H0 = (
            mne.stats.permutation_cluster_1samp_test(
                X,
                threshold=threshold,
                n_permutations=n_permutations,
                tail=tail,
                adjacency=full_adjacency,
                seed=random_state,
                out_type="mask",
                verbose=verbose,
            )
        )
    shape = (n_windows, n_channels)
    clusters = [np.asarray(c, bool).reshape(shape).T.copy() for c in clusters]
    cluster_p_values = np.asarray(cluster_p_values, float).reshape(len(clusters))
    mask = np.zeros((n_channels, n_windows), bool)
    for cluster, p in zip(clusters, cluster_p_values):
        if p < alpha:
            mask |= cluster

    t_values = np.asarray(t_obs, float).reshape(shape).T
    evoked = _TValueEvoked(
        t_values,
        attention.info.copy(),
        tmin=attention.times[0],
        comment=f"{conditions[0]} - {conditions[1]} (t)",
        nave=n_subjects,
        verbose=False,
    )
    # window centres may lie between MNE's sample grid points
    evoked = evoked.shift_time(attention.times[0], relative=False)
    logger.info(
        f"{len(clusters)} clusters, {int((cluster_p_values < alpha).sum())} with "
        f"p < {alpha:g}"
    )
    return ContrastResult(
        evoked=evoked,
        mask=mask,
        clusters=clusters,
        cluster_p_values=cluster_p_values,
        H0=np.asarray(H0, float),
        subjects=list(subjects),
        conditions=conditions,
        alpha=alpha,
        threshold=threshold,
        tail=tail,
        n_permutations=n_permutations,
    )
