"""Channel-to-channel attention container, its file format and reader."""

from pathlib import Path

import numpy as np
from mne import Info, pick_info
from mne.utils import _check_fname, _validate_type, check_fname, verbose

from ._docs import fill_doc
from ._files import atomic_path

_FILE_TITLE = "mne_attention_channel_attention"


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
    """

    def __init__(self, info, data, conditions, method, n_epochs=None):
        _validate_type(info, Info, "info", "mne.Info")
        data = np.array(data, dtype=float)  # a copy: the caller's array stays theirs
        n_channels = len(info["ch_names"])
        if data.ndim == 2:
            data = data[np.newaxis]
        if data.ndim != 3 or data.shape[1:] != (n_channels, n_channels):
            raise ValueError(
                "data must have shape (n_conditions, n_channels, n_channels) with "
                f"n_channels={n_channels} from info, got shape {data.shape}"
            )
        if not np.all(np.isfinite(data)) or np.any(data < 0):
            raise ValueError("data must be finite and non-negative attention values")
        conditions = [conditions] if isinstance(conditions, str) else list(conditions)
        if len(conditions) != data.shape[0] or len(set(conditions)) != len(conditions):
            raise ValueError(
                f"conditions must be {data.shape[0]} distinct names (one per matrix), "
                f"got {conditions}"
            )
        for condition in conditions:
            _validate_type(condition, str, "each condition")
        _validate_type(method, str, "method")
        if n_epochs is not None:
            n_epochs = [int(n) for n in n_epochs]
            if len(n_epochs) != len(conditions):
                raise ValueError(
                    f"n_epochs must have one count per condition ({len(conditions)}), "
                    f"got {len(n_epochs)}"
                )
        self.info = info.copy()
        self.data = data
        self.conditions = conditions
        self.method = method
        self.n_epochs = n_epochs

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
            self.info, self.data, self.conditions, self.method, self.n_epochs
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
        missing = [name for name in picks if name not in self.info["ch_names"]]
        if missing:
            raise ValueError(
                f"picks must be channel names of this object, got {missing}"
            )
        idx = [self.info["ch_names"].index(name) for name in picks]
        self.info = pick_info(self.info, idx)
        self.data = self.data[:, idx][:, :, idx]
        return self

    def plot_matrix(self, condition=None, *, cmap="viridis", axes=None, show=True):
        """Plot one condition's channel x channel attention as an image.

        Parameters
        ----------
        condition : None | str
            The condition; may be None when there is only one.
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

        matrix = self.get_data(condition)
        if axes is None:
            fig, axes = plt.subplots(figsize=(7, 6), layout="constrained")
        fig = axes.figure
        image = axes.imshow(matrix, cmap=cmap, interpolation="nearest")
        names = self.ch_names
        ticks = np.arange(len(names))
        axes.set(
            xticks=ticks,
            yticks=ticks,
            xlabel="Sender (key) channel",
            ylabel="Receiver (query) channel",
            title=f"{self.conditions[self._condition_index(condition)]} "
            f"({self.method} attention)",
        )
        axes.set_xticklabels(names, rotation=90, fontsize=6)
        axes.set_yticklabels(names, fontsize=6)
        fig.colorbar(image, ax=axes, label="Attention (a.u.)")
        if show:
            plt.show()
        return fig

    def plot_3d(self, condition=None, top_k=100, **kwargs):
        """Draw the strongest links between sensors on the head in 3D.

        Parameters
        ----------
        condition : None | str
            The condition; may be None when there is only one.
        top_k : int
            How many of the strongest directed links to draw.
        **kwargs
            Passed to :func:`mne_attention.viz.plot_channel_attention_3d`.

        Returns
        -------
        fig : instance of mne.viz.Figure3D
            The 3D figure.
        """
        from .viz import plot_channel_attention_3d

        return plot_channel_attention_3d(
            self, condition=condition, top_k=top_k, **kwargs
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
            data=matrix.ravel()[:, np.newaxis],
            names=self.ch_names,
            method=f"{self.method} attention",
            indices="all",
            n_nodes=len(self.ch_names),
        )

    @verbose
    def save(self, fname, *, overwrite=False, verbose=None):
        """Write to an HDF5 file.

        Parameters
        ----------
        fname : path-like
            The file name, ending in ``-chatt.h5``.
        overwrite : bool
            Replace an existing file.
        %(verbose)s

        See Also
        --------
        read_channel_attention
        """
        import h5io

        check_fname(fname, "channel attention", ("-chatt.h5",))
        fname = _check_fname(fname, overwrite=overwrite)
        state = dict(
            info=self.info,
            data=self.data,
            conditions=self.conditions,
            method=self.method,
            n_epochs=self.n_epochs,
        )
        with atomic_path(fname) as tmp:
            h5io.write_hdf5(tmp, state, title=_FILE_TITLE, slash="replace")


@verbose
def read_channel_attention(fname, verbose=None):
    """Read a :class:`ChannelAttention` written by :meth:`ChannelAttention.save`.

    Parameters
    ----------
    fname : path-like
        The file name.
    %(verbose)s

    Returns
    -------
    channel_attention : instance of ChannelAttention
        The container.
    """
    import h5io

    fname = _check_fname(fname, overwrite="read", must_exist=True)
    try:
        state = h5io.read_hdf5(fname, title=_FILE_TITLE, slash="replace")
    except Exception as err:
        raise ValueError(
            f"fname must be a channel-attention file written by ChannelAttention.save, "
            f"could not read {Path(fname).name}: {err}"
        ) from None
    return ChannelAttention(
        Info(**state["info"]),
        state["data"],
        state["conditions"],
        state["method"],
        state["n_epochs"],
    )
