"""Test configuration: Agg backend, no stray figures, quiet MNE."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("MNE_TQDM", "off")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import mne  # noqa: E402
import pytest  # noqa: E402


def pytest_addoption(parser):
    parser.addoption(
        "--run-slow",
        action="store_true",
        help="also run the tests marked slow (default-sized models; CI runs them)",
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


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


import numpy as np  # noqa: E402


@pytest.fixture
def tiny_epochs():
    """Small labelled epochs: 6 EEG channels with a montage, two classes, 3 subjects.

    Class "closed" has a 10 Hz oscillation on O1/O2, so even a tiny model learns
    something; everything else is white noise.
    """
    from mne_attention._montage import standard_1005_montage

    rng = np.random.default_rng(42)
    ch_names = ["Fz", "Cz", "C3", "C4", "O1", "O2"]
    info = mne.create_info(ch_names, 160.0, "eeg")
    info.set_montage(standard_1005_montage())
    n_epochs, n_times = 48, 160
    labels = np.arange(n_epochs) % 2
    data = rng.standard_normal((n_epochs, len(ch_names), n_times)) * 1e-6
    times = np.arange(n_times) / info["sfreq"]
    alpha = np.sin(2 * np.pi * 10 * times + rng.uniform(0, 2 * np.pi, (n_epochs, 1)))
    data[:, 4:] += 3e-6 * (labels[:, None] * alpha)[:, None, :]
    events = np.c_[np.arange(n_epochs) * n_times, np.zeros(n_epochs, int), labels + 1]
    import pandas as pd

    metadata = pd.DataFrame({"subject": np.repeat([1, 2, 3], n_epochs // 3)})
    return mne.EpochsArray(
        data,
        info,
        events,
        event_id={"open": 1, "closed": 2},
        metadata=metadata,
        verbose=False,
    )


TINY_PARAMS = dict(
    d_model=16,
    n_heads=2,
    n_layers=1,
    max_epochs=3,
    batch_size=16,
    warmup_epochs=1,
    random_state=0,
)


@pytest.fixture
def tiny_params():
    """Hyper-parameters of a model small enough to train in a second."""
    return dict(TINY_PARAMS)


@pytest.fixture(scope="session")
def eyes_model():
    """The default model trained on simulated eyes-open/closed data of 6 subjects.

    Subjects 7 and 8 are held out. Trained once per test session (a few
    minutes on two cores) and shared by the slow accuracy and attention tests.
    """
    from types import SimpleNamespace

    from mne_attention import EEGTransformer
    from mne_attention.datasets import simulate_epochs

    with mne.utils.use_log_level("warning"):
        epochs, truth = simulate_epochs(
            task="eyes", n_subjects=8, snr=1.5, random_state=0
        )
        held_out = epochs.metadata["subject"].isin([7, 8]).to_numpy()
        model = EEGTransformer(random_state=0)
        model.fit(epochs[~held_out])
    return SimpleNamespace(
        model=model, train=epochs[~held_out], test=epochs[held_out], truth=truth
    )
