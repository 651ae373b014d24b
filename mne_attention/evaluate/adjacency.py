"""Which channels neighbour each other, for cluster tests over channels."""

import mne
import numpy as np
from mne.utils import _check_option


def channel_adjacency_of(adjacency, info):
    """Return the sparse channel adjacency that ``adjacency`` asks for.

    Parameters
    ----------
    adjacency : "auto" | None | scipy.sparse matrix | array
        ``"auto"``: found from the sensor positions
        (:func:`mne.channels.find_ch_adjacency`); None: no neighbours; or the
        matrix itself, in the order of ``info["ch_names"]``.
    info : instance of mne.Info
        The channels.

    Returns
    -------
    adjacency : scipy.sparse.csr_array, shape (n_channels, n_channels)
        A new matrix.
    """
    from scipy import sparse

    n_channels = len(info["ch_names"])
    if adjacency is None:  # no spatial neighbours: each channel on its own
        return sparse.csr_array((n_channels, n_channels), dtype=bool)
    if isinstance(adjacency, str):
        _check_option("adjacency", adjacency, ("auto",))
        from ..viz._checks import check_sensor_positions

        ch_types = sorted(set(info.get_channel_types()))
        if len(ch_types) != 1 or ch_types[0] not in ("eeg", "mag", "grad"):
            raise ValueError(
                'adjacency="auto" needs channels of one type, eeg, mag or grad, '
                f"got {ch_types}; pass a sparse matrix or None"
            )
        check_sensor_positions(info, "attention")
        found, names = mne.channels.find_ch_adjacency(info, ch_types[0])
        lost = [name for name in info["ch_names"] if name not in names]
        if lost:
            raise ValueError(
                f'adjacency="auto" found no neighbours for channels {lost}; pass a '
                "sparse matrix or None"
            )
        order = [names.index(name) for name in info["ch_names"]]
        found = sparse.csr_array(found)
        return found[order][:, order]
    if not (sparse.issparse(adjacency) or isinstance(adjacency, np.ndarray)):
        raise TypeError(
            'adjacency must be "auto", None or a sparse matrix of shape '
            f"({n_channels}, {n_channels}), got {type(adjacency).__name__}"
        )
    if adjacency.shape != (n_channels, n_channels):
        raise ValueError(
            f"adjacency must have shape ({n_channels}, {n_channels}) (one row and "
            f"column per channel of attention), got {adjacency.shape}"
        )
    return sparse.csr_array(adjacency, dtype=float, copy=True)
