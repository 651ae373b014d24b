"""Channel-to-channel attention: the container, its test against uniform attention and plots.

:class:`ChannelAttention` is saved to HDF5 (the schema is in ``_hdf5``) and
read back with :func:`mne_attention.read_channel_attention`.
"""

from mne import Info, pick_info
from mne.utils import _check_fname, _check_option, _validate_type, check_fname, verbose

from ..utils._docs import fill_doc
from ..utils._files import check_output_path
from ..utils._units import ATTENTION_UNITS
from ..viz._checks import check_sensor_positions
from ..viz.brain_3d import plot_brain_links_3d
from ..viz.matrix import plot_attention_matrix
from ..viz.sensors_3d import plot_links_3d
from ._hdf5 import write_state
from ._validate import (
    check_conditions,
    check_data,
    check_n_epochs,
    check_picks,
    check_sem,
    condition_index,
    require_sem,
)
from .connectivity import to_connectivity
from .link_choice import links_to_draw
from .links import check_alpha, check_correction, compute_link_statistics

_STATE = ("info", "data", "conditions", "method", "n_epochs", "sem")


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
        data = check_data(data, len(info["ch_names"]))
        conditions = check_conditions(conditions, len(data))
        _validate_type(method, str, "method")
        if not method:
            raise ValueError(
                "method must be a non-empty string such as 'rollout', got ''"
            )
        n_epochs = check_n_epochs(n_epochs, len(conditions))
        if sem is not None:
            sem = check_sem(sem, data.shape)
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
        return ChannelAttention(**self._state())

    def _state(self):
        # what the constructor takes and the file holds
        return {name: getattr(self, name) for name in _STATE}

    def _condition_index(self, condition):
        return condition_index(condition, self.conditions)

    @fill_doc
    def get_data(self, condition=None):
        """Return one condition's matrix.

        Parameters
        ----------
        %(condition)s

        Returns
        -------
        data : ndarray of float, shape (n_channels, n_channels)
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
        check_picks(picks, self.ch_names)
        idx = [self.info["ch_names"].index(name) for name in picks]
        self.info = pick_info(self.info, idx)
        self.data = self.data[:, idx][:, :, idx]
        if self.sem is not None:
            self.sem = self.sem[:, idx][:, :, idx]
        return self

    @fill_doc
    def link_statistics(self, condition=None, *, alpha=0.05, correction="fdr"):
        """Test every directed link against uniform attention among the other channels.

        Each link ``j -> i`` is compared with receiver ``i``'s reference, the
        mean of its off-diagonal entries, by a one-sided test with the
        standard error ``sem`` (see
        :func:`~mne_attention.containers.links.compute_link_statistics`).

        Parameters
        ----------
        %(condition)s
        %(alpha)s
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
        """
        idx = self._condition_index(condition)
        alpha = check_alpha(alpha)
        check_correction(correction)
        name = self.conditions[idx]
        require_sem(self.sem, idx, "link_statistics needs the standard error", name)
        return compute_link_statistics(
            self.data[idx],
            self.sem[idx],
            ch_names=self.ch_names,
            condition=name,
            n_epochs=None if self.n_epochs is None else self.n_epochs[idx],
            alpha=alpha,
            correction=correction,
        )

    @fill_doc
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
        %(condition)s
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
        %(cmap)s
        %(axes_show)s

        Returns
        -------
        %(fig_return)s
        """
        idx = self._condition_index(condition)
        _check_option("values", values, ("attention", "z"))
        _validate_type(diagonal, bool, "diagonal")
        name = self.conditions[idx]
        if values == "attention":
            shown, label = self.data[idx], ATTENTION_UNITS
        else:
            if diagonal:
                raise ValueError(
                    "diagonal must be False with values='z': self-attention has no "
                    "reference and no z-score, got diagonal=True"
                )
            require_sem(self.sem, idx, "values='z' needs the standard error", name)
            shown = self.link_statistics(name).z
            label = "z = (attention - uniform reference) / sem"
        return plot_attention_matrix(
            shown,
            self.ch_names,
            diagonal=diagonal,
            symmetric=values == "z",
            label=label,
            title=f"{name} ({self.method} attention)",
            cmap=cmap,
            axes=axes,
            show=show,
        )

    @fill_doc
    def plot_3d(
        self,
        condition=None,
        top_k=100,
        *,
        links="significant",
        alpha=0.05,
        correction="fdr",
        **kwargs,
    ):
        """Draw the links that beat uniform attention between sensors on the head in 3D.

        Parameters
        ----------
        %(link_choice)s
        **kwargs
            How to draw: the keyword arguments of
            :func:`mne_attention.viz.plot_channel_attention_3d` after
            ``correction``.

        Returns
        -------
        %(fig_3d)s
        """
        check_sensor_positions(self.info, "channel_attention.info")
        name, drawn = links_to_draw(self, condition, top_k, links, alpha, correction)
        return plot_links_3d(
            self.info, **drawn, name=f"Channel attention: {name}", **kwargs
        )

    @fill_doc
    def plot_brain(
        self,
        labels,
        subjects_dir=None,
        condition=None,
        top_k=30,
        *,
        links="significant",
        alpha=0.05,
        correction="fdr",
        **kwargs,
    ):
        """Draw the links that beat uniform attention between brain regions in 3D.

        For attention over brain regions, whose channels are named after
        labels (as :func:`mne_attention.source_epochs` names them): each
        region is drawn at its label's centroid on the cortex, the links are
        chosen as in :meth:`plot_3d`.

        Parameters
        ----------
        labels : list of mne.Label
            The regions of one subject, one named after each channel (others
            are ignored), e.g. from :func:`mne.read_labels_from_annot`.
        subjects_dir : None | path-like
            The FreeSurfer subjects directory; None uses ``SUBJECTS_DIR``.
        %(link_choice)s
        **kwargs
            How to draw: the keyword arguments of
            :func:`mne_attention.viz.plot_region_links_3d` after
            ``correction``.

        Returns
        -------
        %(fig_3d)s
        """
        name, drawn = links_to_draw(self, condition, top_k, links, alpha, correction)
        return plot_brain_links_3d(
            self.info,
            labels,
            subjects_dir,
            **drawn,
            name=f"Region attention: {name}",
            **kwargs,
        )

    @fill_doc
    def to_connectivity(self, condition=None):
        """Return one condition as an :mod:`mne_connectivity` object.

        Needs mne-connectivity (``pip install mne-connectivity``); its
        plotting and analysis functions then take the matrix as they take
        any directed connectivity.

        Parameters
        ----------
        %(condition)s

        Returns
        -------
        conn : instance of mne_connectivity.Connectivity
            Directed all-to-all connectivity, ``conn.get_data("dense")[i, j]``
            being the attention from sender ``j`` to receiver ``i``.
        """
        return to_connectivity(self, condition)

    @verbose
    def save(self, fname, *, overwrite=False, verbose=None):
        """Write to an HDF5 file.

        The file holds plain arrays and strings only (the layout is in the
        Notes of :func:`read_channel_attention`), written to a temporary file
        beside ``fname`` and renamed when complete.

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
        """
        check_fname(fname, "channel attention", ("-chatt.h5",))
        check_output_path(fname, overwrite)
        fname = _check_fname(fname, overwrite=overwrite, name="fname")
        write_state(fname, **self._state())
