"""simulate_epochs: eegmmidb-like epochs with a class effect where the truth says it is."""

import mne
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from mne_attention.datasets import simulate_epochs
from mne_attention.datasets._eegmmidb_tasks import standard_ch_names
from mne_attention.datasets.eegmmidb import EVENT_ID
from mne_attention.utils._montage import standard_1005_montage


def _log_band_power(epochs, fmin, fmax):
    """Log mean power in [fmin, fmax] Hz per epoch and channel (Hann-windowed FFT)."""
    data = epochs.get_data()
    freqs = np.fft.rfftfreq(data.shape[-1], 1 / epochs.info["sfreq"])
    power = np.abs(np.fft.rfft(data * np.hanning(data.shape[-1]), axis=-1)) ** 2
    return np.log(power[..., (freqs >= fmin) & (freqs <= fmax)].mean(axis=-1))


def _held_out_accuracy(epochs, fmin, fmax, n_train_subjects):
    features = _log_band_power(epochs, fmin, fmax)
    labels = epochs.events[:, 2]
    train = epochs.metadata["subject"].to_numpy() <= n_train_subjects
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    clf.fit(features[train], labels[train])
    return clf.score(features[~train], labels[~train])


@pytest.fixture(scope="module")
def eyes():
    """The default eyes data set: 8 subjects x 40 epochs per class."""
    return simulate_epochs("eyes", n_subjects=8, n_epochs_per_class=40, random_state=0)


@pytest.mark.parametrize(
    "task, conditions, runs, eeg_task",
    [
        (
            "eyes",
            ("eyes-open", "eyes-closed"),
            {"eyes-open": {1}, "eyes-closed": {2}},
            "eyes",
        ),
        (
            "motor",
            ("left-fist", "right-fist"),
            {"left-fist": {3, 7, 11}, "right-fist": {3, 7, 11}},
            "fist",
        ),
    ],
)
def test_simulate_structure(task, conditions, runs, eeg_task):
    """Shapes, channels, montage, events and metadata like eegmmidb.load_epochs."""
    epochs, truth = simulate_epochs(
        task, n_subjects=3, n_epochs_per_class=6, random_state=1
    )
    assert isinstance(epochs, mne.EpochsArray)
    assert epochs.get_data().shape == (3 * 12, 64, 320)
    assert epochs.info["sfreq"] == 160.0 and epochs.tmin == 0.0
    assert epochs.times[-1] == pytest.approx(2 - 1 / 160)
    assert epochs.ch_names == standard_ch_names()
    template = mne.create_info(epochs.ch_names, 160.0, "eeg")
    template.set_montage(standard_1005_montage())
    for ch, expected in zip(epochs.info["chs"], template["chs"]):
        np.testing.assert_allclose(ch["loc"][:3], expected["loc"][:3])
    assert epochs.event_id == {name: EVENT_ID[name] for name in conditions}
    metadata = epochs.metadata
    assert list(metadata.columns) == ["subject", "run", "condition", "task"]
    assert metadata["subject"].tolist() == [1] * 12 + [2] * 12 + [3] * 12
    assert (metadata.groupby("subject")["condition"].value_counts() == 6).all()
    for name in conditions:
        assert set(metadata.loc[metadata["condition"] == name, "run"]) == runs[name]
    assert (metadata["task"] == eeg_task).all()
    np.testing.assert_array_equal(
        epochs.events[:, 2], metadata["condition"].map(EVENT_ID).to_numpy()
    )
    assert np.all(np.diff(epochs.events[:, 0]) > 0)
    # realistic amplitude: tens of microvolts
    assert 3e-6 < epochs.get_data().std() < 100e-6
    # truth: one relevance value per channel, in [0, 1]
    assert isinstance(truth, mne.Evoked)
    assert truth.ch_names == epochs.ch_names and truth.data.shape == (64, 1)
    assert truth.data.min() >= 0 and truth.data.max() == 1
    assert "relevance" in truth.comment


def test_simulate_is_deterministic():
    """The same seed gives identical data; another seed other data."""
    kwargs = dict(n_subjects=2, n_epochs_per_class=4)
    a, truth_a = simulate_epochs(random_state=3, **kwargs)
    b, truth_b = simulate_epochs(random_state=3, **kwargs)
    c, _ = simulate_epochs(random_state=4, **kwargs)
    np.testing.assert_array_equal(a.get_data(), b.get_data())
    np.testing.assert_array_equal(a.events, b.events)
    assert a.metadata.equals(b.metadata)
    np.testing.assert_array_equal(truth_a.data, truth_b.data)
    assert not np.allclose(a.get_data(), c.get_data())
    # a subject's data do not depend on how many subjects are simulated
    more, _ = simulate_epochs(random_state=3, n_subjects=3, n_epochs_per_class=4)
    np.testing.assert_array_equal(more.get_data()[:16], a.get_data())
    # a RandomState instance works too, and a Generator
    d, _ = simulate_epochs(random_state=np.random.RandomState(3), **kwargs)
    np.testing.assert_array_equal(a.get_data(), d.get_data())
    e, _ = simulate_epochs(random_state=np.random.default_rng(3), **kwargs)
    f, _ = simulate_epochs(random_state=np.random.default_rng(3), **kwargs)
    np.testing.assert_array_equal(e.get_data(), f.get_data())


def test_simulate_eyes_is_learnable_but_not_trivial(eyes):
    """Log alpha power + logistic regression: well above chance on held-out
    subjects by default, yet short of perfect (subjects differ).
    """
    epochs, _ = eyes
    assert 0.75 < _held_out_accuracy(epochs, 8, 13, n_train_subjects=6) < 0.97


def test_simulate_subjects_differ():
    """Subjects differ in overall gain, in each channel's gain and in alpha peak."""
    epochs, _ = simulate_epochs(
        "eyes", n_subjects=6, n_epochs_per_class=20, random_state=0
    )
    data = epochs.get_data()
    subjects = epochs.metadata["subject"].to_numpy()
    rms = np.array([data[subjects == s].std(axis=(0, 2)) for s in range(1, 7)])
    overall = np.log(rms.mean(axis=1))
    assert overall.std() > 0.15
    # channel gain pattern beyond the overall gain, and not the same in every subject
    relative = np.log(rms) - np.log(rms).mean(axis=0)
    assert relative.std(axis=0).mean() > 0.1
    freqs = np.fft.rfftfreq(data.shape[-1], 1 / epochs.info["sfreq"])
    alpha = (freqs >= 7) & (freqs <= 14)
    closed = epochs.metadata["condition"].to_numpy() == "eyes-closed"
    oz = epochs.ch_names.index("Oz")
    spectrum = np.abs(np.fft.rfft(data[:, oz] * np.hanning(data.shape[-1]))) ** 2
    peaks = [
        freqs[alpha][spectrum[closed & (subjects == s)][:, alpha].mean(axis=0).argmax()]
        for s in range(1, 7)
    ]
    assert np.ptp(peaks) >= 1.0


def test_simulate_without_effect_is_chance():
    """snr=0: no class difference, so the same classifier is at chance."""
    epochs, _ = simulate_epochs(
        "eyes", n_subjects=8, n_epochs_per_class=40, snr=0, random_state=0
    )
    assert _held_out_accuracy(epochs, 8, 13, n_train_subjects=6) < 0.65


def test_simulate_eyes_effect_is_where_truth_says(eyes):
    """Eyes-closed alpha is larger, most where the truth is high (occipito-parietal)."""
    epochs, truth = eyes
    power = _log_band_power(epochs, 8, 13)
    closed = epochs.metadata["condition"].to_numpy() == "eyes-closed"
    difference = power[closed].mean(axis=0) - power[~closed].mean(axis=0)
    relevance = truth.data[:, 0]
    names = truth.ch_names
    assert {names[i] for i in np.flatnonzero(relevance == 1)} == {"O1", "Oz", "O2"}
    assert relevance[names.index("POz")] > 0.5 > relevance[names.index("Cz")]
    assert relevance[names.index("Fp1")] < 0.01
    assert difference[relevance > 0.9].min() > 1.0  # e-fold power, or more
    assert difference[relevance < 0.05].max() < difference[relevance > 0.9].min() / 2
    assert np.corrcoef(difference, relevance)[0, 1] > 0.9


def test_simulate_motor_lateralisation():
    """8-30 Hz power at C3 is lower for right-fist than left-fist, at C4 the reverse."""
    epochs, truth = simulate_epochs(
        "motor", n_subjects=4, n_epochs_per_class=20, random_state=0
    )
    power = _log_band_power(epochs, 8, 30)
    c3, c4 = epochs.ch_names.index("C3"), epochs.ch_names.index("C4")
    for subject in range(1, 5):
        metadata = epochs.metadata
        right = (metadata["condition"] == "right-fist") & (
            metadata["subject"] == subject
        )
        left = (metadata["condition"] == "left-fist") & (metadata["subject"] == subject)
        # desynchronisation: each hemisphere's power drops for the opposite hand
        assert power[right, c3].mean() < power[left, c3].mean() - 0.2
        assert power[left, c4].mean() < power[right, c4].mean() - 0.2
    relevance = truth.data[:, 0]
    assert {truth.ch_names[i] for i in np.flatnonzero(relevance == 1)} == {"C3", "C4"}
    assert relevance[truth.ch_names.index("Oz")] < 0.01


def test_simulate_sfreq_and_tmax():
    """Other sampling rates and lengths."""
    epochs, truth = simulate_epochs(
        n_subjects=1, n_epochs_per_class=2, sfreq=128, tmax=1.0, random_state=0
    )
    assert epochs.info["sfreq"] == 128.0 and len(epochs.times) == 129
    assert truth.data.shape == (64, 1)


def test_simulate_truth_plots_as_relevance(eyes):
    """The truth plots as a topomap with its own units."""
    _, truth = eyes
    fig = truth.plot_topomap(times=0, scalings=1, units="relevance", show=False)
    assert fig is not None


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(task="walk"), ValueError, "Invalid value for the 'task' parameter"),
        (
            dict(n_subjects=0),
            ValueError,
            "n_subjects must be at least 1, got 0",
        ),
        (dict(n_subjects=1.5), TypeError, "n_subjects must be an int, got"),
        (
            dict(n_epochs_per_class=-1),
            ValueError,
            "n_epochs_per_class must be at least 1, got -1",
        ),
        (dict(sfreq=50), ValueError, r"sfreq must be in \[80, inf\], got 50"),
        (dict(sfreq="high"), TypeError, "sfreq must be an instance of"),
        (dict(tmax=0.1), ValueError, "tmax must be at least 0.5 s, got 0.1"),
        (dict(snr=-1), ValueError, r"snr must be in \[0, inf\], got -1"),
        (dict(random_state="a"), TypeError, "random_state must be an instance of None"),
        (dict(random_state=-1), ValueError, "random_state must be between 0 and"),
    ],
)
def test_simulate_bad_arguments(kwargs, error, match):
    """Every wrong argument is named in the error."""
    with pytest.raises(error, match=match):
        simulate_epochs(**kwargs)
