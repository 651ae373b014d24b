"""Fixtures of the evaluation tests: a one-channel model, a model of simulated data."""

import pytest
import torch

from mne_attention import EEGTransformer
from mne_attention.datasets import simulate_epochs

from ..conftest import TINY_PARAMS

USED = "O1"  # the one channel the hand-wired model looks at


class OneChannelNetwork(torch.nn.Module):
    """Logits that depend on the power of one channel only.

    In the tiny epochs "closed" has a 10 Hz rhythm on O1, so the standardised
    power of O1 is about 0.3 for "open" and 1.7 for "closed": above 1 the
    network says "closed". Zeroing O1 (its training mean) says "open".
    """

    def __init__(self, layout, channel, closed):
        super().__init__()
        self.layout, self.channel, self.closed = layout, channel, closed

    def forward(self, x, return_attention=False):
        assert not return_attention
        power = x[:, self.channel].pow(2).mean(dim=1)
        logits = torch.zeros(len(x), 2, dtype=x.dtype, device=x.device)
        logits[:, self.closed] = 4.0 * (power - 1.0)
        return logits


def one_channel_model(epochs):
    model = EEGTransformer(**{**TINY_PARAMS, "max_epochs": 1}).fit(epochs)
    model.network_ = OneChannelNetwork(
        model.layout_,
        model.ch_names_.index(USED),
        model.classes_.tolist().index("closed"),
    )
    return model


@pytest.fixture
def one_channel(tiny_epochs):
    return one_channel_model(tiny_epochs)


@pytest.fixture
def tiny_model(tiny_epochs):
    return EEGTransformer(**{**TINY_PARAMS, "n_time_tokens": 2}).fit(tiny_epochs)


CHANNELS = ["Fz", "Cz", "C3", "C4", "Pz", "PO7", "PO8", "O1", "Oz", "O2"]


@pytest.fixture(scope="module")
def simulated():
    """Ten channels of 1-s simulated eyes epochs (3 subjects) and a 2-layer model."""
    epochs, truth = simulate_epochs(
        "eyes",
        n_subjects=3,
        n_epochs_per_class=8,
        tmax=1 - 1 / 160,
        snr=3.0,
        random_state=0,
        verbose=False,
    )
    epochs.pick(CHANNELS)
    model = EEGTransformer(**dict(TINY_PARAMS, n_layers=2)).fit(epochs)
    return epochs, truth, model


def _state(model):
    return {k: v.detach().clone() for k, v in model.network_.state_dict().items()}
