"""Channel attention as an :mod:`mne_connectivity` object (an optional dependency)."""

from ..utils._docs import fill_doc


@fill_doc
def to_connectivity(channel_attention, condition):
    """Return one condition of a channel attention as directed connectivity.

    Parameters
    ----------
    channel_attention : instance of ChannelAttention
        The attention.
    %(condition)s

    Returns
    -------
    conn : instance of mne_connectivity.Connectivity
        All-to-all connectivity, ``conn.get_data("dense")[i, j]`` being the
        attention from sender ``j`` to receiver ``i``.
    """
    try:
        from mne_connectivity import Connectivity
    except ImportError:
        raise ImportError(
            "to_connectivity() needs mne-connectivity: pip install mne-connectivity"
        ) from None
    matrix = channel_attention.get_data(condition)
    return Connectivity(
        data=matrix.ravel(),
        names=channel_attention.ch_names,
        method=f"{channel_attention.method} attention",
        indices="all",
        n_nodes=len(channel_attention.ch_names),
    )
