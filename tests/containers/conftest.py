"""Fixtures of the container tests: a channel-attention matrix, attention epochs."""

import mne
import numpy as np
import pytest

from mne_attention import ChannelAttention, EEGTransformer, compute_attention
from mne_attention.utils._montage import standard_1005_montage


@pytest.fixture
def channel_attention():
    info = mne.create_info(["C3", "Cz", "C4"], 160.0, "eeg")
    info.set_montage(standard_1005_montage())
    rng = np.random.default_rng(0)
    data = rng.random((2, 3, 3))
    sem = 0.01 + 0.01 * rng.random((2, 3, 3))
    return ChannelAttention(
        info, data, ["left", "right"], "rollout", n_epochs=[4, 5], sem=sem
    )


@pytest.fixture
def attention(tiny_epochs, tiny_params):
    model = EEGTransformer(**{**tiny_params, "n_time_tokens": 2}).fit(tiny_epochs)
    return compute_attention(model, tiny_epochs, keep="correct")
