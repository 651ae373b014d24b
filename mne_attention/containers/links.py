"""Directed links between channels against uniform attention: the test.

The reference of link ``j -> i`` is the mean of receiver ``i``'s off-diagonal
attention (:func:`reference`): what ``i`` would give every other channel if it
spread its non-self attention evenly. Which links the figures draw is
:mod:`~mne_attention.containers.link_choice`'s concern.
"""

from dataclasses import dataclass

import numpy as np
from mne.utils import _check_option

from ..utils._checks import check_number
from ..utils._docs import fill_doc

CORRECTIONS = ("fdr", "bonferroni")


def check_alpha(alpha):
    """Return the level of a test, a float strictly between 0 and 1, or raise."""
    return check_number(alpha, "alpha", low=0, high=1, closed="neither")


def check_correction(correction):
    """Refuse a multiple-comparison correction other than ``CORRECTIONS``."""
    _check_option("correction", correction, CORRECTIONS)


def sem_known(sem):
    """Return whether one condition's standard errors are known (not NaN)."""
    return sem.size > 0 and not np.isnan(sem).any()


def reference(matrix):
    """Return each receiver's mean off-diagonal attention, its uniform reference.

    Parameters
    ----------
    matrix : array, shape (n_channels, n_channels)
        Attention, receivers in rows and senders in columns.

    Returns
    -------
    reference : array, shape (n_channels,)
        One value per receiver (row).
    """
    n_channels = len(matrix)
    others = matrix.sum(axis=1) - np.diag(matrix)
    return others / max(n_channels - 1, 1)


@fill_doc
def compute_link_statistics(
    matrix, sem, *, ch_names, condition, n_epochs, alpha, correction
):
    """Test every off-diagonal link of ``matrix`` against its receiver's reference.

    The reference of link ``j -> i`` is :func:`reference`, ``(matrix[i].sum()
    - matrix[i, i]) / (n_channels - 1)`` (``(1 - matrix[i, i]) / (n_channels -
    1)`` for rows that sum to one). Each link gets the one-sided statistic
    ``z = (matrix[i, j] - reference[i]) / sem[i, j]`` and the p-value of ``z``
    under Student's t with ``n_epochs - 1`` degrees of freedom (the standard
    normal when ``n_epochs`` is unknown), corrected over the ``n_channels *
    (n_channels - 1)`` links.

    Parameters
    ----------
    matrix, sem : array, shape (n_channels, n_channels)
        One condition's attention and its standard error across epochs.
    ch_names : list of str
        The channels, in matrix order.
    condition : str
        The condition's name.
    n_epochs : None | int
        The number of epochs averaged (None: the standard normal is used).
    %(alpha_correction)s

    Returns
    -------
    stats : instance of LinkStatistics
        The test.

    Notes
    -----
    Epochs are taken as independent samples; epochs of one subject or
    session are not, so treat the p-values as a screen, not as
    population inference. The reference's own spread across epochs is
    neglected: for rows that sum to one its variance is
    ``var(matrix[i, i]) / (n_channels - 1) ** 2``, small next to a link's,
    and neglecting it makes the test conservative for a link that takes
    at least half its even share of the self-attention's fluctuations
    (covariance with ``matrix[i, i]`` at most ``-var(matrix[i, i]) / (2 *
    (n_channels - 1))``).
    With many epochs a consistent but tiny excess is significant:
    ``excess`` (and ``attention / reference``) tells how large it is.
    """
    from mne.stats import fdr_correction
    from scipy import stats

    n_channels = len(matrix)
    off = ~np.eye(n_channels, dtype=bool)
    ref = reference(matrix)
    excess = matrix - ref[:, np.newaxis]
    # differences at the level of rounding are no difference (sem may be 0)
    scale = max(float(np.abs(matrix).max()), np.finfo(float).tiny)
    excess[np.abs(excess) <= 1e-12 * scale] = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(excess == 0, 0.0, excess / sem)
    z[~off] = np.nan
    excess[~off] = np.nan
    df = n_epochs - 1 if n_epochs is not None and n_epochs >= 2 else None
    dist = stats.norm if df is None else stats.t(df)
    p_values = np.full_like(z, np.nan)
    p_values[off] = dist.sf(z[off])
    p_corrected = np.full_like(z, np.nan)
    significant = np.zeros(z.shape, dtype=bool)
    if off.any():
        if correction == "fdr":
            reject, corrected = fdr_correction(p_values[off], alpha)
        else:
            corrected = np.minimum(p_values[off] * off.sum(), 1.0)
            reject = corrected < alpha
        p_corrected[off] = corrected
        significant[off] = reject
    return LinkStatistics(
        condition=condition,
        ch_names=ch_names,
        attention=matrix.copy(),
        reference=ref,
        excess=excess,
        sem=sem.copy(),
        z=z,
        p_values=p_values,
        p_corrected=p_corrected,
        significant=significant,
        df=df,
        alpha=alpha,
        correction=correction,
    )


@dataclass(kw_only=True, eq=False, repr=False)
class LinkStatistics:
    """Each directed link's attention against uniform attention among the others.

    Returned by :meth:`ChannelAttention.link_statistics`; arrays have shape
    ``(n_channels, n_channels)``, receivers in rows and senders in columns,
    like :attr:`ChannelAttention.data`.

    Attributes
    ----------
    condition : str
        The condition tested.
    ch_names : list of str
        The channels, in matrix order.
    attention : array
        The condition's attention matrix.
    reference : array, shape (n_channels,)
        Each receiver's reference: the mean of its off-diagonal attention,
        ``(1 - self-attention) / (n_channels - 1)`` for rows that sum to one.
    excess : array
        Attention above the receiver's reference (NaN on the diagonal).
    sem : array
        The standard error of each link across epochs.
    z : array
        ``excess / sem`` (NaN on the diagonal; 0 where the excess is 0,
        infinite where the excess is not 0 but ``sem`` is).
    p_values : array
        One-sided p-values of ``z`` (uncorrected; NaN on the diagonal).
    p_corrected : array
        The p-values corrected over all links by ``correction``.
    significant : array of bool
        Links above the reference at level ``alpha`` after correction (False
        on the diagonal).
    df : None | int
        Degrees of freedom of the t distribution (``n_epochs - 1``); None
        when the standard normal was used.
    alpha : float
        The level of the test.
    correction : "fdr" | "bonferroni"
        The correction for the number of links.
    n_links : int
        The number of links tested, ``n_channels * (n_channels - 1)``.
    n_significant : int
        The number of significant links.
    test_name : str
        The correction and level, e.g. ``"FDR 0.05"``.
    """

    condition: str
    ch_names: list
    attention: np.ndarray
    reference: np.ndarray
    excess: np.ndarray
    sem: np.ndarray
    z: np.ndarray
    p_values: np.ndarray
    p_corrected: np.ndarray
    significant: np.ndarray
    df: int | None
    alpha: float
    correction: str

    def __post_init__(self):
        """Keep a list of the channel names."""
        self.ch_names = list(self.ch_names)

    @property
    def n_links(self):
        """The number of directed links tested."""
        n_channels = len(self.ch_names)
        return n_channels * (n_channels - 1)

    @property
    def n_significant(self):
        """The number of links significantly above the reference."""
        return int(self.significant.sum())

    @property
    def test_name(self):
        """The correction and level of the test, e.g. ``"FDR 0.05"``."""
        name = "FDR" if self.correction == "fdr" else "Bonferroni"
        return f"{name} {self.alpha:g}"

    def __repr__(self):
        """Summarise the test."""
        return (
            f"<LinkStatistics | {self.condition!r}: {self.n_significant} of "
            f"{self.n_links} links above uniform attention ({self.test_name})>"
        )

    def to_data_frame(self):
        """Return one row per directed link.

        Returns
        -------
        df : instance of pandas.DataFrame
            Columns ``receiver``, ``sender``, ``attention``, ``reference``,
            ``excess``, ``sem``, ``z``, ``p_value``, ``p_corrected`` and
            ``significant``, sorted by ``z`` (largest first).
        """
        import pandas as pd

        off = ~np.eye(len(self.ch_names), dtype=bool)
        receivers, senders = np.nonzero(off)
        names = np.array(self.ch_names, dtype=object)
        df = pd.DataFrame(
            dict(
                receiver=names[receivers],
                sender=names[senders],
                attention=self.attention[off],
                reference=self.reference[receivers],
                excess=self.excess[off],
                sem=self.sem[off],
                z=self.z[off],
                p_value=self.p_values[off],
                p_corrected=self.p_corrected[off],
                significant=self.significant[off],
            )
        )
        return df.sort_values("z", ascending=False, kind="stable").reset_index(
            drop=True
        )
