"""Channel-to-channel attention container, its file format and reader."""

import tempfile
from pathlib import Path

import numpy as np
from mne import Info, pick_info
from mne.utils import (
    _check_fname,
    _check_option,
    _ensure_int,
    _validate_type,
    check_fname,
    verbose,
)

from ..utils._docs import fill_doc
from ..utils._files import atomic_path, check_output_path

_FORMAT = "mne-attention-channel-attention"
_FORMAT_VERSION = 2
_REQUIRED = ("data", "conditions", "method", "info")
# the optional datasets of each format version (version 2 added "sem")
_OPTIONAL = {1: ("n_epochs",), 2: ("n_epochs", "sem")}
_CORRECTIONS = ("fdr", "bonferroni")
# Early development versions wrote with h5io under this top-level group.
_OLD_TITLE = "mne_attention_channel_attention"


@fill_doc
class ChannelAttention:
    """Channel-to-channel attention, one matrix per condition.

    ``data[k, i, j]`` is how much the token of channel ``info.ch_names[i]``
    (the receiver, the query) attended to the token of channel
    ``info.ch_names[j]`` (the sender, the key) in condition
    ``conditions[k]``, averaged over time windows and epochs. Information
    flows from sender ``j`` to receiver ``i``; the diagonal is
    self-attention.

    Parameters
    ----------
    info : instance of mne.Info
        Measurement info of the channels, in the order of the matrix rows.
    data : array, shape (n_conditions, n_channels, n_channels)
        The attention matrices (non-negative).
    conditions : list of str
        The condition name of each matrix.
    method : str
        How the attention was computed (e.g. ``"rollout"``).
    n_epochs : None | list of int
        How many epochs were averaged into each matrix.
    sem : None | array, shape (n_conditions, n_channels, n_channels)
        The standard error of each entry of ``data`` across the averaged
        epochs (standard deviation over ``sqrt(n_epochs)``), as computed by
        :func:`~mne_attention.compute_channel_attention`. A condition's matrix
        may be all NaN where it is unknown (fewer than two epochs). None when
        the spread is unknown (e.g. a matrix built by hand): the links can
        then not be tested against the uniform reference (see
        :meth:`link_statistics`).

    Notes
    -----
    **Uniform reference.** Attention rows sum to one, and much of a row goes to
    the receiver itself (under rollout the identity of the residual
    connection puts a large value on the diagonal), so the off-diagonal
    entries sit near ``(1 - data[k, i, i]) / (n_channels - 1)`` even for a
    model that prefers no channel. That value, the mean of row ``i``'s
    off-diagonal entries, is the reference of every link ``j -> i``: what
    receiver ``i`` would give each other channel if it spread its non-self
    attention evenly. :meth:`link_statistics` tests each link against it,
    :meth:`plot_3d` draws only the links that beat it and :meth:`plot_matrix`
    keeps the diagonal out of the colour scale.
    """

    def __init__(self, info, data, conditions, method, n_epochs=None, sem=None):
        _validate_type(info, Info, "info", "mne.Info")
        # a copy: the caller's array stays theirs
        data = _real_array(
            data, "data", "array of shape (n_conditions, n_channels, n_channels)"
        )
        n_channels = len(info["ch_names"])
        if data.ndim == 2:
            data = data[np.newaxis]
        if data.ndim != 3 or data.shape[1:] != (n_channels, n_channels):
            raise ValueError(
                "data must have shape (n_conditions, n_channels, n_channels) with "
                f"n_channels={n_channels} from info, got shape {data.shape}"
            )
        if data.shape[0] == 0:
            raise ValueError(
                f"data must hold at least one matrix, got shape {data.shape}"
            )
        n_bad = int(np.sum(~np.isfinite(data)))
        if n_bad:
            raise ValueError(
                "data must be finite and non-negative attention values, got "
                f"{n_bad} NaN or infinite entries"
            )
        if np.any(data < 0):
            raise ValueError(
                "data must be finite and non-negative attention values, got minimum "
                f"{data.min():g}"
            )
        _validate_type(
            conditions, (str, list, tuple), "conditions", "str or list of str"
        )
        conditions = [conditions] if isinstance(conditions, str) else list(conditions)
        for k, condition in enumerate(conditions):
            _validate_type(condition, str, f"conditions[{k}]")
            if not condition:
                raise ValueError(f"conditions[{k}] must be a non-empty name, got ''")
        if len(conditions) != data.shape[0] or len(set(conditions)) != len(conditions):
            raise ValueError(
                f"conditions must be {data.shape[0]} distinct names (one per matrix), "
                f"got {conditions}"
            )
        _validate_type(method, str, "method")
        if not method:
            raise ValueError(
                "method must be a non-empty string such as 'rollout', got ''"
            )
        if n_epochs is not None:
            _validate_type(
                n_epochs, (list, tuple, np.ndarray), "n_epochs", "None or list of int"
            )
            n_epochs = [
                _ensure_int(n, f"n_epochs[{k}]") for k, n in enumerate(n_epochs)
            ]
            if len(n_epochs) != len(conditions):
                raise ValueError(
                    f"n_epochs must have one count per condition ({len(conditions)}), "
                    f"got {len(n_epochs)}"
                )
            if any(n < 0 for n in n_epochs):
                raise ValueError(f"n_epochs must be counts (>= 0), got {n_epochs}")
        if sem is not None:
            sem = _check_sem(sem, data.shape)
        self.info = info.copy()
        self.data = data
        self.conditions = conditions
        self.method = method
        self.n_epochs = n_epochs
        self.sem = sem

    def __repr__(self):
        """Summarise the container."""
        return (
            f"<ChannelAttention | method={self.method!r}, "
            f"{len(self.info['ch_names'])} channels, conditions={self.conditions}>"
        )

    @property
    def ch_names(self):
        """The channel names, in matrix order."""
        return list(self.info["ch_names"])

    def copy(self):
        """Return a deep copy.

        Returns
        -------
        channel_attention : instance of ChannelAttention
            The copy.
        """
        return ChannelAttention(
            self.info, self.data, self.conditions, self.method, self.n_epochs, self.sem
        )

    def _condition_index(self, condition):
        if condition is None:
            if len(self.conditions) != 1:
                raise ValueError(
                    f"condition must be one of {self.conditions} when there is more "
                    "than one, got None"
                )
            return 0
        _validate_type(condition, str, "condition")
        if condition not in self.conditions:
            raise ValueError(
                f"condition must be one of {self.conditions}, got {condition!r}"
            )
        return self.conditions.index(condition)

    def get_data(self, condition=None):
        """Return one condition's matrix.

        Parameters
        ----------
        condition : None | str
            The condition; may be None when there is only one.

        Returns
        -------
        data : array, shape (n_channels, n_channels)
            A copy of the matrix (rows: receivers, columns: senders).
        """
        return self.data[self._condition_index(condition)].copy()

    def pick(self, picks):
        """Keep a subset of channels (in place).

        Parameters
        ----------
        picks : list of str
            The channel names to keep, in the order to keep them.

        Returns
        -------
        self : instance of ChannelAttention
            The modified container.
        """
        _validate_type(picks, (list, tuple), "picks", "list of channel names")
        for k, name in enumerate(picks):
            _validate_type(name, str, f"picks[{k}]", "channel name (str)")
        if not picks:
            raise ValueError("picks must name at least one channel, got []")
        repeated = sorted({name for name in picks if picks.count(name) > 1})
        if repeated:
            raise ValueError(
                f"picks must name each channel once, got {repeated} more than once"
            )
        missing = [name for name in picks if name not in self.info["ch_names"]]
        if missing:
            raise ValueError(
                "picks must be channel names of this object "
                f"({', '.join(self.info['ch_names'])}), got {missing}"
            )
        idx = [self.info["ch_names"].index(name) for name in picks]
        self.info = pick_info(self.info, idx)
        self.data = self.data[:, idx][:, :, idx]
        if self.sem is not None:
            self.sem = self.sem[:, idx][:, :, idx]
        return self

    def link_statistics(self, condition=None, *, alpha=0.05, correction="fdr"):
        """Test every directed link against uniform attention among the other channels.

        The reference of link ``j -> i`` is the mean of receiver ``i``'s
        off-diagonal entries, ``(data[k, i].sum() - data[k, i, i]) /
        (n_channels - 1)`` (``(1 - data[k, i, i]) / (n_channels - 1)`` for
        rows that sum to one): what ``i`` would give every other channel if it
        spread its non-self attention evenly. Each link gets the one-sided
        statistic ``z = (data[k, i, j] - reference[i]) / sem[k, i, j]`` and
        the p-value of ``z`` under Student's t with ``n_epochs - 1`` degrees of
        freedom (the standard normal when ``n_epochs`` is unknown), corrected
        over the ``n_channels * (n_channels - 1)`` links.

        Parameters
        ----------
        condition : None | str
            The condition; may be None when there is only one.
        alpha : float
            The level of the test, between 0 and 1 (exclusive).
        correction : "fdr" | "bonferroni"
            How to correct for the number of links: Benjamini-Hochberg false
            discovery rate (:func:`mne.stats.fdr_correction`) or Bonferroni.

        Returns
        -------
        stats : instance of LinkStatistics
            ``z``, ``p_values``, ``significant`` and ``excess`` (attention
            above the reference) per link, as ``(n_channels, n_channels)``
            arrays (receivers in rows, senders in columns, NaN or False on the
            diagonal), and ``reference`` per receiver.

        Notes
        -----
        Epochs are taken as independent samples; epochs of one subject or
        session are not, so treat the p-values as a screen, not as
        population inference. The reference's own spread across epochs is
        neglected: for rows that sum to one its variance is
        ``var(data[i, i]) / (n_channels - 1) ** 2``, small next to a link's,
        and neglecting it makes the test conservative for a link that takes
        at least half its even share of the self-attention's fluctuations
        (covariance with ``data[i, i]`` at most ``-var(data[i, i]) / (2 *
        (n_channels - 1))``).
        With many epochs a consistent but tiny excess is significant:
        ``excess`` (and ``attention / reference``) tells how large it is.
        """
        idx = self._condition_index(condition)
        alpha = _check_alpha(alpha)
        _check_option("correction", correction, _CORRECTIONS)
        name = self.conditions[idx]
        if self.sem is None:
            raise ValueError(
                "link_statistics needs the standard error of each link across "
                "epochs (sem), and this ChannelAttention has none (sem=None): "
                "compute it with compute_channel_attention, or pass sem"
            )
        if not _sem_known(self.sem[idx]):
            raise ValueError(
                f"link_statistics needs the standard error of each link across "
                f"epochs (sem), and condition {name!r} has none (sem is NaN: "
                "fewer than two epochs)"
            )
        n_epochs = None if self.n_epochs is None else self.n_epochs[idx]
        return LinkStatistics._compute(
            self.data[idx],
            self.sem[idx],
            ch_names=self.ch_names,
            condition=name,
            n_epochs=n_epochs,
            alpha=alpha,
            correction=correction,
        )

    def plot_matrix(
        self,
        condition=None,
        *,
        values="attention",
        diagonal=False,
        cmap="viridis",
        axes=None,
        show=True,
    ):
        """Plot one condition's channel x channel attention as an image.

        Parameters
        ----------
        condition : None | str
            The condition; may be None when there is only one.
        values : "attention" | "z"
            What to show: the attention, or each link's z-score against
            uniform attention among the other channels (``(data - reference)
            / sem``, see :meth:`link_statistics`; needs ``sem``), on colour
            limits symmetric around zero.
        diagonal : bool
            Show self-attention. False (default) draws the diagonal cells grey
            and scales the colours on the links between channels only: under
            rollout the diagonal holds the identity of the residual connection
            and would otherwise take the whole colour scale. Must be False
            with ``values="z"`` (self-attention has no reference).
        cmap : str
            Matplotlib colour map.
        axes : None | instance of matplotlib.axes.Axes
            Where to draw; a new figure when None.
        show : bool
            Show the figure.

        Returns
        -------
        fig : instance of matplotlib.figure.Figure
            The figure.
        """
        import matplotlib.pyplot as plt
        from matplotlib.axes import Axes

        from ..viz._checks import _check_cmap

        idx = self._condition_index(condition)
        matrix = self.data[idx].copy()
        _check_option("values", values, ("attention", "z"))
        _validate_type(diagonal, bool, "diagonal")
        _check_cmap(cmap, "cmap")
        _validate_type(axes, (None, Axes), "axes", "None or matplotlib Axes")
        _validate_type(show, bool, "show")
        if values == "z":
            if diagonal:
                raise ValueError(
                    "diagonal must be False with values='z': self-attention has no "
                    "reference and no z-score, got diagonal=True"
                )
            if self.sem is None or not _sem_known(self.sem[idx]):
                raise ValueError(
                    "values='z' needs the standard error of each link across "
                    "epochs (sem), which this ChannelAttention does not have for "
                    f"{self.conditions[idx]!r}: use values='attention', or compute "
                    "it with compute_channel_attention"
                )
        if axes is None:
            fig, axes = plt.subplots(figsize=(7, 6), layout="constrained")
        fig = axes.figure
        colormap = plt.get_cmap(cmap).with_extremes(bad="lightgrey")
        off = ~np.eye(len(matrix), dtype=bool)
        limits = {}
        if values == "z":
            z = self.link_statistics(self.conditions[idx]).z
            finite = np.abs(z[off & np.isfinite(z)])
            bound = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
            matrix = np.ma.masked_invalid(np.clip(z, -bound, bound))
            limits = dict(vmin=-bound, vmax=bound)
            label = "z = (attention - uniform reference) / sem"
        else:
            if not diagonal:
                matrix = np.ma.masked_array(matrix, mask=~off)
            label = "Attention (a.u.)"
        if not diagonal:
            label += "; self in grey"
        image = axes.imshow(matrix, cmap=colormap, interpolation="nearest", **limits)
        names = self.ch_names
        ticks = np.arange(len(names))
        axes.set(
            xticks=ticks,
            yticks=ticks,
            xlabel="Sender (key) channel",
            ylabel="Receiver (query) channel",
            title=f"{self.conditions[idx]} ({self.method} attention)",
        )
        axes.set_xticklabels(names, rotation=90, fontsize=6)
        axes.set_yticklabels(names, fontsize=6)
        fig.colorbar(image, ax=axes, label=label)
        if show:
            plt.show()
        return fig

    def plot_3d(self, condition=None, top_k=100, *, links="significant", **kwargs):
        """Draw the links that beat uniform attention between sensors on the head in 3D.

        Parameters
        ----------
        condition : None | str
            The condition; may be None when there is only one.
        top_k : int
            The most directed links to draw (the strongest).
        links : "significant" | "top"
            ``"significant"``: only the links whose attention is significantly
            above uniform attention among the other channels (see
            :meth:`link_statistics`), strongest first; ``"top"``: the
            ``top_k`` links furthest above that reference, untested. Without
            ``sem`` ``"significant"`` falls back to ``"top"``; the figure
            says which it drew.
        **kwargs
            Passed to :func:`mne_attention.viz.plot_channel_attention_3d`.

        Returns
        -------
        fig : instance of mne.viz.Figure3D
            The 3D figure.
        """
        from ..viz import plot_channel_attention_3d

        return plot_channel_attention_3d(
            self, condition=condition, top_k=top_k, links=links, **kwargs
        )

    def to_connectivity(self, condition=None):
        """Return one condition as an :mod:`mne_connectivity` object.

        Parameters
        ----------
        condition : None | str
            The condition; may be None when there is only one.

        Returns
        -------
        conn : instance of mne_connectivity.Connectivity
            Directed all-to-all connectivity, ``conn.get_data("dense")[i, j]``
            being the attention from sender ``j`` to receiver ``i``.
        """
        try:
            from mne_connectivity import Connectivity
        except ImportError:
            raise ImportError(
                "to_connectivity() needs mne-connectivity: pip install mne-connectivity"
            ) from None
        matrix = self.get_data(condition)
        return Connectivity(
            data=matrix.ravel(),
            names=self.ch_names,
            method=f"{self.method} attention",
            indices="all",
            n_nodes=len(self.ch_names),
        )

    @verbose
    def save(self, fname, *, overwrite=False, verbose=None):
        """Write to an HDF5 file.

        The file holds plain arrays and strings only (see
        :func:`read_channel_attention`), written to a temporary file beside
        ``fname`` and renamed when complete.

        Parameters
        ----------
        fname : path-like
            The file name, ending in ``-chatt.h5``. Its folder must exist.
        overwrite : bool
            Replace an existing file.
        %(verbose)s

        See Also
        --------
        read_channel_attention

        Notes
        -----
        The file holds the root attributes ``format``
        (``"mne-attention-channel-attention"``) and ``format_version`` (2), and
        the datasets ``data`` (float64, shape ``(n_conditions, n_channels,
        n_channels)``), ``conditions`` and ``method`` (UTF-8 text), ``n_epochs``
        (int64, absent when None), ``sem`` (float64, the shape of ``data``,
        absent when None; new in version 2) and ``info`` (uint8, the bytes of a
        FIF file written by :func:`mne.io.write_info`). Version 1 files (no
        ``sem``) are still read, with ``sem=None``.
        """
        import h5py

        check_fname(fname, "channel attention", ("-chatt.h5",))
        check_output_path(fname, overwrite)
        fname = _check_fname(fname, overwrite=overwrite, name="fname")
        info_bytes = _info_to_bytes(self.info)
        strings = h5py.string_dtype("utf-8")
        with atomic_path(fname) as tmp, h5py.File(tmp, "w-") as fid:
            fid.attrs["format"] = _FORMAT
            fid.attrs["format_version"] = np.int64(_FORMAT_VERSION)
            fid.create_dataset("data", data=self.data.astype(np.float64))
            fid.create_dataset(
                "conditions",
                data=np.array(self.conditions, dtype=object),
                dtype=strings,
            )
            fid.create_dataset("method", data=self.method, dtype=strings)
            if self.n_epochs is not None:
                fid.create_dataset(
                    "n_epochs", data=np.array(self.n_epochs, dtype=np.int64)
                )
            if self.sem is not None:
                fid.create_dataset("sem", data=self.sem.astype(np.float64))
            fid.create_dataset("info", data=info_bytes)


def _real_array(values, name, expected):
    """Return ``values`` as a new float array, refusing what holds no real numbers."""
    _validate_type(values, "array-like", name, expected)
    try:
        array = np.array(values)
    except ValueError:  # NumPy refuses ragged nested sequences
        raise ValueError(
            f"{name} must be a regular array ({expected}), got a ragged nested sequence"
        ) from None
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {array.dtype}"
        )
    return array.astype(float)


def _check_sem(sem, shape):
    """Return ``sem`` as a new float array of ``shape``, or raise naming it."""
    array = _real_array(sem, "sem", f"None or array of shape {shape} like data")
    if array.ndim == 2:
        array = array[np.newaxis]
    if array.shape != shape:
        raise ValueError(
            f"sem must have the shape of data {shape}, got shape {array.shape}"
        )
    if np.any(np.isinf(array)) or np.any(array < 0):
        raise ValueError(
            "sem must hold standard errors (finite and >= 0, or NaN where unknown), "
            f"got minimum {np.nanmin(array):g} and maximum {np.nanmax(array):g}"
        )
    for k, matrix in enumerate(array):
        n_nan = int(np.isnan(matrix).sum())
        if 0 < n_nan < matrix.size:
            raise ValueError(
                f"sem[{k}] must be all finite, or all NaN where the spread is "
                f"unknown, got {n_nan} NaN of {matrix.size}"
            )
    return array


def _sem_known(sem):
    """Whether one condition's standard errors are known (not all NaN)."""
    return sem.size > 0 and not np.isnan(sem).any()


def _check_alpha(alpha):
    if isinstance(alpha, bool):  # a bool is a number
        raise TypeError(
            "alpha must be an instance of float, got <class 'bool'> instead."
        )
    _validate_type(alpha, "numeric", "alpha", "float")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1 (exclusive), got {alpha}")
    return float(alpha)


def _reference(matrix):
    """Return each receiver's mean off-diagonal attention (its uniform reference)."""
    n_channels = len(matrix)
    others = matrix.sum(axis=1) - np.diag(matrix)
    return others / max(n_channels - 1, 1)


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
    """

    def __init__(
        self,
        *,
        condition,
        ch_names,
        attention,
        reference,
        excess,
        sem,
        z,
        p_values,
        p_corrected,
        significant,
        df,
        alpha,
        correction,
    ):
        self.condition = condition
        self.ch_names = list(ch_names)
        self.attention = attention
        self.reference = reference
        self.excess = excess
        self.sem = sem
        self.z = z
        self.p_values = p_values
        self.p_corrected = p_corrected
        self.significant = significant
        self.df = df
        self.alpha = alpha
        self.correction = correction

    @classmethod
    def _compute(cls, matrix, sem, *, ch_names, condition, n_epochs, alpha, correction):
        from mne.stats import fdr_correction
        from scipy import stats

        n_channels = len(matrix)
        off = ~np.eye(n_channels, dtype=bool)
        reference = _reference(matrix)
        excess = matrix - reference[:, np.newaxis]
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
        return cls(
            condition=condition,
            ch_names=ch_names,
            attention=matrix.copy(),
            reference=reference,
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

    @property
    def n_links(self):
        """The number of directed links tested."""
        n_channels = len(self.ch_names)
        return n_channels * (n_channels - 1)

    @property
    def n_significant(self):
        """The number of links significantly above the reference."""
        return int(self.significant.sum())

    def _test_name(self):
        name = "FDR" if self.correction == "fdr" else "Bonferroni"
        return f"{name} {self.alpha:g}"

    def __repr__(self):
        """Summarise the test."""
        return (
            f"<LinkStatistics | {self.condition!r}: {self.n_significant} of "
            f"{self.n_links} links above uniform attention ({self._test_name()})>"
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


def _info_to_bytes(info):
    """Return ``info`` as the bytes of a FIF file."""
    from mne.io import write_info

    with tempfile.TemporaryDirectory() as folder:
        fname = Path(folder) / "chatt-info.fif"
        write_info(fname, info)
        return np.frombuffer(fname.read_bytes(), dtype=np.uint8)


def _info_from_bytes(info_bytes):
    """Return the :class:`mne.Info` of FIF file bytes."""
    from mne.io import read_info

    with tempfile.TemporaryDirectory() as folder:
        fname = Path(folder) / "chatt-info.fif"
        fname.write_bytes(info_bytes.tobytes())
        return read_info(fname, verbose=False)


class _SchemaError(Exception):
    """What is wrong with a channel-attention file."""


def _dataset(fid, key):
    """Return the plain dataset ``key`` of ``fid``, refusing links and groups."""
    import h5py

    link = fid.get(key, getlink=True)
    if not isinstance(link, h5py.HardLink):
        raise _SchemaError(f"{key!r} must be stored in the file, got a link")
    node = fid[key]
    if not isinstance(node, h5py.Dataset):
        raise _SchemaError(f"{key!r} must be a dataset, got a group")
    if node.external or node.is_virtual:
        raise _SchemaError(f"{key!r} must hold its data in the file, got external data")
    if len(node.attrs):
        raise _SchemaError(
            f"{key!r} must have no attributes, got {sorted(node.attrs.keys())}"
        )
    return node


def _check_dtype(node, key, kind, itemsize, expected):
    if node.dtype.kind != kind or node.dtype.itemsize != itemsize:
        raise _SchemaError(f"{key!r} must be {expected}, got {node.dtype}")


def _strings(node, key):
    import h5py

    info = h5py.check_string_dtype(node.dtype)
    if info is None or info.encoding != "utf-8":
        raise _SchemaError(f"{key!r} must be UTF-8 text, got {node.dtype}")
    return node.asstr()[()]


def _read_state(fid):
    """Read and check everything of an open file; raise _SchemaError if invalid."""
    attrs = dict(fid.attrs)
    if "format" not in attrs:
        if _OLD_TITLE in fid:
            raise _SchemaError(
                "was written by an earlier development version of mne-attention "
                "in a format that is no longer read; re-compute the channel "
                "attention and save it again"
            )
        raise _SchemaError("has no channel-attention format marker")
    if set(attrs) != {"format", "format_version"}:
        raise _SchemaError(
            "must have the root attributes ['format', 'format_version'], "
            f"got {sorted(attrs)}"
        )
    name, version = attrs["format"], attrs["format_version"]
    if isinstance(name, bytes):
        name = name.decode("utf-8", errors="replace")
    if not isinstance(name, str) or name != _FORMAT:
        raise _SchemaError(f"has format {name!r}, not {_FORMAT!r}")
    if not (isinstance(version, np.integer | int) and not isinstance(version, bool)):
        raise _SchemaError(f"has a non-integer format version {version!r}")
    if version < 1:
        raise _SchemaError(f"has an invalid format version {int(version)}")
    if version > _FORMAT_VERSION:
        raise _SchemaError(
            f"uses format version {int(version)}; this mne-attention reads up to "
            f"{_FORMAT_VERSION}: upgrade mne-attention"
        )
    keys = set(fid.keys())
    missing = sorted(set(_REQUIRED) - keys)
    if missing:
        raise _SchemaError(f"lacks {missing}")
    extra = sorted(keys - set(_REQUIRED) - set(_OPTIONAL[int(version)]))
    if extra:
        raise _SchemaError(
            f"holds unexpected entries {extra} for format version {int(version)}"
        )
    nodes = {key: _dataset(fid, key) for key in sorted(keys)}

    data = nodes["data"]
    _check_dtype(data, "data", "f", 8, "float64")
    if data.ndim != 3 or data.shape[1] != data.shape[2] or data.shape[0] < 1:
        raise _SchemaError(
            "'data' must have shape (n_conditions, n_channels, n_channels), "
            f"got {data.shape}"
        )
    n_conditions, n_channels = data.shape[:2]
    conditions = nodes["conditions"]
    if conditions.shape != (n_conditions,):
        raise _SchemaError(
            f"'conditions' must have shape ({n_conditions},) like 'data', "
            f"got {conditions.shape}"
        )
    conditions = [str(condition) for condition in _strings(conditions, "conditions")]
    method = nodes["method"]
    if method.shape != ():
        raise _SchemaError(f"'method' must be one string, got shape {method.shape}")
    method = str(_strings(method, "method"))
    n_epochs = None
    if "n_epochs" in nodes:
        node = nodes["n_epochs"]
        _check_dtype(node, "n_epochs", "i", 8, "int64")
        if node.shape != (n_conditions,):
            raise _SchemaError(
                f"'n_epochs' must have shape ({n_conditions},) like 'data', "
                f"got {node.shape}"
            )
        n_epochs = node[()]
        if np.any(n_epochs < 0):
            raise _SchemaError(f"'n_epochs' must be counts, got {n_epochs.tolist()}")
        n_epochs = n_epochs.tolist()
    sem = None
    if "sem" in nodes:
        node = nodes["sem"]
        _check_dtype(node, "sem", "f", 8, "float64")
        if node.shape != data.shape:
            raise _SchemaError(
                f"'sem' must have the shape of 'data' {data.shape}, got {node.shape}"
            )
        sem = node[()]
    info_bytes = nodes["info"]
    _check_dtype(info_bytes, "info", "u", 1, "uint8")
    if info_bytes.ndim != 1 or info_bytes.size == 0:
        raise _SchemaError(
            f"'info' must be the non-empty bytes of a FIF file, got shape "
            f"{info_bytes.shape}"
        )
    try:
        info = _info_from_bytes(info_bytes[()])
    except Exception as err:
        raise _SchemaError(
            f"'info' is not a readable FIF measurement info: {err}"
        ) from None
    if len(info["ch_names"]) != n_channels:
        raise _SchemaError(
            f"'info' must describe the {n_channels} channels of 'data', got "
            f"{len(info['ch_names'])}"
        )
    return dict(
        info=info,
        data=data[()],
        conditions=conditions,
        method=method,
        n_epochs=n_epochs,
        sem=sem,
    )


@verbose
def read_channel_attention(fname, verbose=None):
    """Read a :class:`ChannelAttention` written by :meth:`ChannelAttention.save`.

    The file is checked against a fixed schema and read as plain arrays and
    strings; nothing in it is evaluated or imported. Format version 1 files
    (before ``sem`` was stored) are read with ``sem=None``; files written by
    early development versions (before this format) are refused: re-compute
    and save them again.

    Parameters
    ----------
    fname : path-like
        The file name.
    %(verbose)s

    Returns
    -------
    channel_attention : instance of ChannelAttention
        The container.

    Raises
    ------
    ValueError
        When ``fname`` is not a valid channel-attention file; the message says
        what is wrong.
    """
    import h5py

    fname = _check_fname(fname, overwrite="read", must_exist=True, name="fname")
    not_ours = (
        "fname must be a channel-attention file written by ChannelAttention.save, "
        f"{Path(fname).name} "
    )
    try:
        fid = h5py.File(fname, "r")
    except Exception as err:
        raise ValueError(f"{not_ours}is not an HDF5 file: {err}") from None
    try:
        with fid:
            state = _read_state(fid)
    except _SchemaError as err:
        raise ValueError(f"{not_ours}is not valid: it {err}") from None
    except Exception as err:  # damaged contents h5py cannot decode
        raise ValueError(f"{not_ours}could not be read: {err}") from None
    try:
        return ChannelAttention(**state)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{not_ours}holds invalid values: {err}") from None
