"""Agreement with occlusion and scores against channels known to matter."""

import mne
import numpy as np
import pytest
from mne.utils import catch_logging

from mne_attention import AttentionEpochs, compute_attention
from mne_attention.evaluate import ground_truth_score, occlusion_agreement

from ..conftest import assert_unchanged, snapshot


# ------------------------------------------------------------ occlusion agreement
def test_occlusion_agrees_with_itself(tiny_epochs, tiny_model):
    occlusion = compute_attention(tiny_model, tiny_epochs, method="occlusion")
    before = snapshot((tiny_epochs, occlusion))
    agreement = occlusion_agreement(tiny_model, tiny_epochs, occlusion)
    assert_unchanged(before, (tiny_epochs, occlusion))
    assert agreement["per_epoch"].shape == (len(tiny_epochs),)
    np.testing.assert_allclose(agreement["per_epoch"], 1.0)
    assert agreement["mean"] == pytest.approx(1.0)
    assert agreement["n_undefined"] == 0
    opposite = occlusion.copy()
    opposite._data = -opposite._data
    opposite._data[0] = 0.25  # a constant map has no ranking
    with catch_logging() as log:
        agreement = occlusion_agreement(tiny_model, tiny_epochs, opposite, verbose=True)
    assert "1 of 48 epochs have a constant map" in log.getvalue()
    assert np.isnan(agreement["per_epoch"][0])
    np.testing.assert_allclose(agreement["per_epoch"][1:], -1.0)
    assert agreement["mean"] == pytest.approx(-1.0)
    assert agreement["n_undefined"] == 1
    # one (channel, window) map for every epoch
    single = occlusion_agreement(tiny_model, tiny_epochs, occlusion.get_data()[3])
    assert single["per_epoch"][3] == pytest.approx(1.0)


# ------------------------------------------------------------------- ground truth
@pytest.fixture
def truth():
    names = ["Fz", "Cz", "C3", "C4", "O1", "O2"]
    values = np.array([0.0, 0.1, 0.2, 0.3, 1.0, 0.8])[:, None]
    return mne.EvokedArray(values, mne.create_info(names, 1.0, "eeg"), verbose=False)


def test_ground_truth_known_answers(truth):
    before = snapshot(truth)
    relevance = truth.data[:, 0]
    perfect = ground_truth_score(relevance, truth)
    assert_unchanged(before, truth)
    assert perfect["auc"] == 1.0
    assert perfect["n_relevant"] == 2 and perfect["chance_mass"] == pytest.approx(1 / 3)
    assert perfect["mass"] == pytest.approx(1.8 / 2.4)
    assert perfect["mass_ratio"] == pytest.approx(1.8 / 2.4 * 3)
    assert ground_truth_score(1 - relevance, truth)["auc"] == 0.0
    flat = ground_truth_score(np.ones(6), truth)
    assert flat["auc"] == 0.5 and flat["mass_ratio"] == pytest.approx(1.0)
    only = ground_truth_score(np.array([0, 0, 0, 0, 1, 1.0]), truth)
    assert only["mass"] == 1.0 and only["mass_ratio"] == pytest.approx(3.0)
    assert np.isnan(ground_truth_score(-np.ones(6), truth)["mass"])
    rng = np.random.default_rng(0)
    aucs = [ground_truth_score(rng.random(6), truth)["auc"] for _ in range(200)]
    assert np.mean(aucs) == pytest.approx(0.5, abs=0.03)
    # thresholds, boolean truth, names and every input kind
    assert ground_truth_score(relevance, truth, threshold=0.25)["n_relevant"] == 3
    mask = relevance >= 0.5
    assert ground_truth_score(relevance, mask)["auc"] == 1.0
    shuffled = mne.EvokedArray(
        relevance[::-1, None],
        mne.create_info(truth.ch_names[::-1], 1.0, "eeg"),
        verbose=False,
    )
    assert ground_truth_score(shuffled, truth) == pytest.approx(perfect)
    windows = np.c_[relevance, relevance, relevance]
    assert ground_truth_score(windows, truth) == pytest.approx(perfect)
    epochs = AttentionEpochs(
        np.stack([windows, windows]),
        truth.info,
        events=np.array([[0, 0, 1], [1, 0, 1]]),
        verbose=False,
    )
    assert ground_truth_score(epochs, truth) == pytest.approx(perfect)
    assert ground_truth_score(epochs.average(), truth) == pytest.approx(perfect)


def test_ground_truth_of_the_simulation():
    """The simulation's truth Evoked scores its own pattern perfectly."""
    from mne_attention.datasets import simulate_epochs

    _, truth = simulate_epochs(
        n_subjects=1, n_epochs_per_class=2, sfreq=80.0, random_state=0
    )
    relevance = truth.data[:, 0].copy()
    scores = ground_truth_score(relevance, truth)
    assert scores["auc"] == 1.0 and scores["mass_ratio"] > 1
    assert ground_truth_score(-relevance, truth)["auc"] == 0.0


def test_occlusion_agreement_bad_inputs(tiny_epochs, one_channel):
    with pytest.raises(TypeError, match="model must be an instance of EEGTransformer"):
        occlusion_agreement(None, tiny_epochs, np.ones((6, 1)))
    with pytest.raises(TypeError, match="attention must be an instance of"):
        occlusion_agreement(one_channel, tiny_epochs, None)
    with pytest.raises(ValueError, match=r"one value per time window of the model \(1"):
        occlusion_agreement(one_channel, tiny_epochs, np.ones((6, 3)))
    with pytest.raises(ValueError, match="attention must hold finite values"):
        occlusion_agreement(one_channel, tiny_epochs, np.full((6, 1), np.inf))


GROUND_TRUTH_BAD = [
    (dict(truth=[0, 1, 0, 1, 0, 1]), TypeError, "truth must be an instance of"),
    (dict(truth=np.zeros(6)), ValueError, "at least one relevant and one irrel"),
    (dict(truth=np.ones(6, bool)), ValueError, "got 6 relevant of 6"),
    (dict(truth=np.ones(5)), ValueError, r"one value per channel of attention \(6\)"),
    (dict(truth=np.ones((6, 1))), ValueError, r"truth must be an array of shape"),
    (dict(truth=np.r_[np.nan, np.ones(5)]), ValueError, "truth must hold finite"),
    (dict(truth="no O1"), ValueError, r"truth must have every channel of attention"),
    (dict(attention=np.r_[np.nan, np.ones(5)]), ValueError, "attention must hold fin"),
    (dict(attention="map"), TypeError, "attention must be an instance of"),
    (dict(attention=np.ones((1, 6, 1))), ValueError, "attention must be an array of"),
    (dict(threshold=True), TypeError, "threshold must be an instance of float"),
    (dict(threshold="0.5"), TypeError, "threshold must be an instance of float"),
    (dict(threshold=np.nan), ValueError, "threshold must be a finite number"),
]


@pytest.mark.parametrize("bad, error, match", GROUND_TRUTH_BAD)
def test_ground_truth_bad_inputs(truth, bad, error, match):
    args = dict(attention=truth.copy(), truth=truth, threshold=0.5)
    args.update(bad)
    if isinstance(args["truth"], str):
        args["truth"] = truth.copy().drop_channels(["O1"])
    before = snapshot(args["truth"])
    with pytest.raises(error, match=match):
        ground_truth_score(**args)
    assert_unchanged(before, args["truth"])
