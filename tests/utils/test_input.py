"""Reading the user's Epochs or arrays into checked float32 data and labels."""

import mne
import numpy as np
import pandas as pd
import pytest

from mne_attention.utils._input import (
    epoch_labels,
    epoch_subjects,
    read_input,
    with_known_length,
)


@pytest.fixture
def epochs():
    """Six epochs of 3 channels, 4 samples; codes 1 and 2 with two names for 1."""
    info = mne.create_info(["Fz", "Cz", "Pz"], 100.0, "eeg")
    data = np.arange(6 * 3 * 4, dtype=float).reshape(6, 3, 4) * 1e-6
    events = np.c_[np.arange(6) * 10, np.zeros(6, int), [1, 2, 1, 2, 1, 2]]
    metadata = pd.DataFrame(dict(subject=[1, 1, 2, 2, 3, 3]))
    return mne.EpochsArray(
        data,
        info,
        events,
        event_id={"open": 1, "closed": 2},
        metadata=metadata,
        verbose=False,
    )


def test_epoch_labels_and_subjects(epochs):
    labels = epoch_labels(epochs)
    assert labels.tolist() == ["open", "closed"] * 3
    assert epoch_subjects(epochs).tolist() == [1, 1, 2, 2, 3, 3]
    epochs.metadata = None
    assert epoch_subjects(epochs) is None
    epochs.event_id = {"open": 1}
    with pytest.raises(
        ValueError, match=r"epochs must have a name in event_id .*\[2\]"
    ):
        epoch_labels(epochs)


def test_read_input_from_epochs_copies_to_float32(epochs):
    epochs.info["bads"] = ["Cz"]
    before = epochs.get_data()
    inputs = read_input(epochs, need_labels=True, need_groups=True)
    assert inputs.data.dtype == np.float32 and inputs.data.shape == (6, 2, 4)
    assert inputs.ch_names == ["Fz", "Pz"] and inputs.sfreq == 100.0
    np.testing.assert_allclose(inputs.data, before[:, [0, 2]], rtol=1e-6)
    assert inputs.labels.tolist() == ["open", "closed"] * 3
    assert inputs.groups.tolist() == [1, 1, 2, 2, 3, 3]
    inputs.data[:] = 0
    np.testing.assert_array_equal(epochs.get_data(), before)  # a copy
    picked = read_input(epochs, need_labels=False, picks=["Pz", "Cz"])
    assert picked.ch_names == ["Pz", "Cz"] and picked.labels is None


def test_read_input_from_arrays():
    X = np.ones((4, 2, 3))
    inputs = read_input(X, [0, 1, 0, 1], [1, 1, 2, 2], need_labels=True)
    assert inputs.data.dtype == np.float32 and inputs.data is not X
    assert inputs.labels.tolist() == [0, 1, 0, 1] and inputs.ch_names is None
    for kwargs, error, match in [
        (dict(X=X, need_labels=True), ValueError, "y must be given when X is an"),
        (dict(X=X[0], need_labels=False), ValueError, "X must have 3 dimensions"),
        (dict(X=X, y=[0, 1], need_labels=True), ValueError, r"y must have one entry"),
        (dict(X=X * np.nan, need_labels=False), ValueError, "X must hold only finite"),
        (dict(X="data", need_labels=False), TypeError, "X must be an instance of"),
        (
            dict(X=X, y=[0] * 4, groups=[1, None, 2, 2], need_labels=True),
            ValueError,
            r"groups .* must name the subject of every epoch, got missing values "
            r"for epochs \[1\]",
        ),
    ]:
        with pytest.raises(error, match=match):
            read_input(**kwargs)


def test_read_input_refuses_groups_with_epochs_and_no_good_channel(epochs):
    with pytest.raises(ValueError, match="groups must be None when X is mne.Epochs"):
        read_input(epochs, groups=[1] * 6, need_labels=False)
    epochs.info["bads"] = list(epochs.ch_names)
    with pytest.raises(ValueError, match="X must have at least one good data channel"):
        read_input(epochs, need_labels=False)


def test_with_known_length_leaves_lazy_epochs_as_they_are():
    info = mne.create_info(["Fz", "Cz"], 100.0, "eeg")
    raw = mne.io.RawArray(np.zeros((2, 1000)), info, verbose=False)
    events = np.c_[[100, 300, 990], [0, 0, 0], [1, 1, 1]]
    lazy = mne.Epochs(
        raw, events, tmin=0, tmax=0.2, baseline=None, preload=False, verbose=False
    )
    known = with_known_length(lazy)
    assert len(known) == 2  # the last epoch runs past the end of the recording
    assert known is not lazy and len(lazy.drop_log) == 3
    loaded = lazy.copy().load_data()
    assert with_known_length(loaded) is loaded
