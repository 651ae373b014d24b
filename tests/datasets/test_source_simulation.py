"""Tests of simulate_source_epochs: EEG from known brain regions of the offline subject."""

import numpy as np
import pytest

import mne_attention as mnea
from mne_attention.datasets import simulate_source_epochs, write_toy_subject

SUBJECT = "mnea-toy"


@pytest.fixture(scope="module")
def subjects_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("subjects")
    write_toy_subject(path, SUBJECT)
    return path


def _simulate(subjects_dir, **kwargs):
    kwargs = dict(n_subjects=2, n_epochs_per_class=10, random_state=0) | kwargs
    return simulate_source_epochs(subjects_dir, SUBJECT, parc="lobes", **kwargs)


def _alpha_ratio(epochs, picks=("O1", "Oz", "O2")):
    """Eyes-closed over eyes-open 8-13 Hz power at the given channels."""
    spectrum = epochs.compute_psd(fmin=8, fmax=13, picks=list(picks), verbose=False)
    power = spectrum.get_data().mean(axis=(1, 2))
    closed = epochs.events[:, 2] == 2
    return power[closed].mean() / power[~closed].mean()


def test_epochs_and_truth(subjects_dir):
    epochs, active = _simulate(subjects_dir)
    assert active == ["occipital-lh", "occipital-rh"]
    assert epochs.get_data().shape == (40, 64, 200)
    assert epochs.event_id == {"eyes-open": 1, "eyes-closed": 2}
    assert epochs.metadata["subject"].tolist() == [1] * 20 + [2] * 20
    assert (epochs.metadata["condition"] == "eyes-closed").sum() == 20
    assert epochs.get_montage() is not None
    again, _ = _simulate(subjects_dir)
    np.testing.assert_array_equal(again.get_data(), epochs.get_data())


def test_the_effect_is_alpha_in_the_active_regions(subjects_dir):
    epochs, _ = _simulate(subjects_dir, snr=2.0)
    assert _alpha_ratio(epochs) > 2.0
    none, _ = _simulate(subjects_dir, snr=0.0)
    assert 0.6 < _alpha_ratio(none) < 1.6
    # seen from the regions: the active ones hold the difference
    regions = mnea.source_epochs(epochs, subjects_dir, "lobes", subject=SUBJECT)
    spectrum = regions.compute_psd(fmin=8, fmax=13, picks="all", verbose=False)
    power = spectrum.get_data(picks="all").mean(axis=2)
    closed = regions.events[:, 2] == 2
    ratio = power[closed].mean(axis=0) / power[~closed].mean(axis=0)
    best = [regions.ch_names[i] for i in np.argsort(ratio)[-2:]]
    assert set(best) == {"occipital-lh", "occipital-rh"}


def test_chosen_regions(subjects_dir):
    epochs, active = _simulate(subjects_dir, active=["temporal-rh"], n_subjects=1)
    assert active == ["temporal-rh"]
    assert _alpha_ratio(epochs, ["T8", "FT8", "TP8"]) > _alpha_ratio(epochs)


def test_bad_arguments(subjects_dir):
    with pytest.raises(ValueError, match="active must name regions of 'lobes'"):
        _simulate(subjects_dir, active=["V1-lh"])
    with pytest.raises(ValueError, match="active must name regions"):
        _simulate(subjects_dir, active=[])
    with pytest.raises(TypeError, match="active must be an instance of list of str"):
        _simulate(subjects_dir, active="occipital-lh")
    with pytest.raises(ValueError, match="sfreq"):
        _simulate(subjects_dir, sfreq=50.0)
    with pytest.raises(ValueError, match="snr"):
        _simulate(subjects_dir, snr=-1.0)
    with pytest.raises(ValueError, match="n_subjects"):
        _simulate(subjects_dir, n_subjects=0)
