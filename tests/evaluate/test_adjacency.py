"""Channel adjacency for cluster tests: none, given, or found from positions."""

import mne
import numpy as np
import pytest
from scipy import sparse

from mne_attention.evaluate.adjacency import channel_adjacency_of
from mne_attention.utils._montage import standard_1005_montage


def test_adjacency_none_given_and_auto():
    info = mne.create_info(["Fz", "Cz", "Pz", "Oz"], 100.0, "eeg")
    assert channel_adjacency_of(None, info).nnz == 0
    given = np.eye(4)
    adjacency = channel_adjacency_of(given, info)
    given[0, 1] = 1.0  # a copy: the caller's matrix is not kept
    assert sparse.issparse(adjacency) and adjacency.nnz == 4
    with pytest.raises(ValueError, match=r"adjacency must have shape \(4, 4\)"):
        channel_adjacency_of(np.eye(3), info)
    with pytest.raises(ValueError, match="attention has no sensor positions"):
        channel_adjacency_of("auto", info)
    info.set_montage(standard_1005_montage())
    found = channel_adjacency_of("auto", info).toarray()
    assert found[1, 2] and (found == found.T).all()  # Cz and Pz are neighbours
