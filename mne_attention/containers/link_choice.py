"""Which directed links the 3D figures draw, and the words that say what they are.

The strongest links (attention furthest above the receiver's uniform
reference, :func:`~mne_attention.containers.links.reference`), or only those
that pass the test of :mod:`~mne_attention.containers.links`. Both 3D figures
of :class:`~mne_attention.ChannelAttention` (sensors on the head, regions on
the brain) draw what :func:`links_to_draw` returns.
"""

import numpy as np
from mne.utils import _check_option

from ..utils._checks import check_int
from ..utils._docs import docdict, fill_doc
from ._validate import condition_index
from .links import check_alpha, check_correction, reference, sem_known

LINK_CHOICES = ("significant", "top")
# the arguments of ChannelAttention's 3D figures that choose what links_to_draw draws
docdict["link_choice"] = (
    docdict["condition"]
    + """
top_k : int
    The most directed links to draw (the strongest).
links : "significant" | "top"
    ``"significant"``: only the links whose attention is significantly
    above uniform attention among the other channels (see
    :meth:`link_statistics`), strongest first; ``"top"``: the
    ``top_k`` links furthest above that reference, untested. Without
    ``sem`` ``"significant"`` falls back to ``"top"``; the figure
    says which it drew.
"""
    + docdict["alpha_correction"]
)


@fill_doc
def links_to_draw(channel_attention, condition, top_k, links, alpha, correction):
    """Choose one condition's links to draw, and what the figure says about them.

    Parameters
    ----------
    channel_attention : instance of ChannelAttention
        The attention.
    %(condition)s
    top_k : int
        The most links to draw.
    links : "significant" | "top"
        See :func:`select_links`.
    %(alpha_correction)s

    Returns
    -------
    condition : str
        The condition's name.
    drawn : dict
        The arguments of :func:`mne_attention.viz.sensors_3d.plot_links_3d`
        that say what to draw: ``self_values`` (the diagonal), ``links``
        (receivers, senders), ``strength`` (attention above the reference)
        and ``lines`` (the text of the figure).
    """
    idx = condition_index(condition, channel_attention.conditions)
    name = channel_attention.conditions[idx]
    matrix = channel_attention.data[idx]
    alpha = check_alpha(alpha)
    check_correction(correction)
    stats = None
    sem = channel_attention.sem
    if sem is not None and sem_known(sem[idx]):
        stats = channel_attention.link_statistics(
            name, alpha=alpha, correction=correction
        )
    receivers, senders, excess, headline = select_links(matrix, top_k, links, stats)
    drawn = dict(
        self_values=np.diag(matrix).copy(),
        links=(receivers, senders),
        strength=excess,
        lines=[f"{name} ({channel_attention.method} attention)", *headline],
    )
    return name, drawn


def top_links(matrix, top_k, candidates=None):
    """Return receivers, senders and excess of the links furthest above reference.

    Parameters
    ----------
    matrix : array, shape (n_channels, n_channels)
        Attention, receivers in rows and senders in columns.
    top_k : int
        The most links to return, from 1 to ``n_channels * (n_channels - 1)``.
    candidates : None | array of bool, shape (n_channels, n_channels)
        The links to choose from; all off-diagonal links when None.

    Returns
    -------
    receivers, senders : array of int
        The links, strongest first (never the diagonal).
    excess : array of float
        Their attention above the receiver's :func:`reference`.
    """
    n_channels = len(matrix)
    top_k, n_links = check_int(top_k, "top_k"), n_channels * (n_channels - 1)
    if not 1 <= top_k <= n_links:
        raise ValueError(
            f"top_k must be between 1 and the number of directed links between "
            f"{n_channels} channels ({n_links}), got {top_k}"
        )
    off = ~np.eye(n_channels, dtype=bool)
    if candidates is not None:
        off &= candidates
    receivers, senders = np.nonzero(off)
    excess = matrix[off] - reference(matrix)[receivers]
    order = np.argsort(-excess, kind="stable")[:top_k]
    return receivers[order], senders[order], excess[order]


def select_links(matrix, top_k, links, stats=None):
    """Choose the links to draw and say in words what they are.

    Parameters
    ----------
    matrix : array, shape (n_channels, n_channels)
        One condition's attention.
    top_k : int
        The most links to draw.
    links : "significant" | "top"
        Only links significantly above the reference, or the ``top_k``
        furthest above it.
    stats : None | instance of LinkStatistics
        The test of ``matrix``; None when the spread is unknown (then the
        ``top_k`` strongest links are chosen, untested).

    Returns
    -------
    receivers, senders, excess : array
        The links to draw, as :func:`top_links` returns them.
    lines : list of str
        What was drawn, and how strong, for the figure.
    """
    _check_option("links", links, LINK_CHOICES)
    receivers, senders, excess, lines = _choose(matrix, top_k, links, stats)
    if len(excess):
        values = matrix[receivers, senders]
        ref = values - excess
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ref > 0, values / ref, np.inf)
        lines.append(f"attention {_span(values)} ({_span(ratio)} x uniform)")
    return receivers, senders, excess, lines


def _choose(matrix, top_k, links, stats):
    if stats is None:
        receivers, senders, excess = top_links(matrix, top_k)
        lines = [
            "no per-epoch spread known:",
            f"strongest {len(excess)} links, not tested",
        ]
        return receivers, senders, excess, lines
    count = (
        f"{stats.n_significant} of {stats.n_links} links above uniform attention "
        f"({stats.test_name})"
    )
    if links == "top":
        receivers, senders, excess = top_links(matrix, top_k)
        n_drawn = int(stats.significant[receivers, senders].sum())
        lines = [count, f"strongest {len(excess)} drawn, {n_drawn} of them significant"]
        return receivers, senders, excess, lines
    receivers, senders, excess = top_links(matrix, top_k, stats.significant)
    lines = [count]
    if stats.n_significant > len(excess):
        lines.append(f"the strongest {len(excess)} drawn")
    return receivers, senders, excess, lines


def _span(values):
    """Write the range of ``values`` ("a" when constant, else "a to b")."""
    low, high = format(values.min(), ".3g"), format(values.max(), ".3g")
    return low if low == high else f"{low} to {high}"
