"""Test configuration: Agg backend, no stray figures, quiet MNE."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("MNE_TQDM", "off")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import mne  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened."""
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _quiet_mne():
    """Keep MNE at warning level so tests do not print info messages."""
    with mne.utils.use_log_level("warning"):
        yield
