"""Tests of source_epochs: EEG projected onto the regions of an offline subject."""

import os

import mne
import numpy as np
import pytest

import mne_attention as mnea
from mne_attention.datasets import write_toy_subject
from mne_attention.source import regions
from mne_attention.utils._montage import standard_1005_montage

SUBJECT = "mnea-toy"
SFREQ = 100.0


@pytest.fixture(scope="module")
def subjects_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("subjects")
    write_toy_subject(path, SUBJECT)
    return path


@pytest.fixture(scope="module")
def labels(subjects_dir):
    return mne.read_labels_from_annot(
        SUBJECT, "lobes", subjects_dir=subjects_dir, verbose="error"
    )


@pytest.fixture(scope="module")
def montage_info():
    montage = standard_1005_montage()
    names = "Fp1 Fp2 AF3 AF4 F7 F3 Fz F4 F8 FC5 FC1 FC2 FC6 T7 C3 Cz C4 T8 CP5 CP1"
    names = (names + " CP2 CP6 P7 P3 Pz P4 P8 PO3 PO4 O1 Oz O2").split()
    info = mne.create_info(names, SFREQ, "eeg")
    info.set_montage(montage)
    return info


def _gain(info, subjects_dir):
    """The fixed-orientation gain of the toy subject's ico4 sources."""
    src = mne.setup_source_space(
        SUBJECT, "ico4", subjects_dir=subjects_dir, add_dist=False, verbose="error"
    )
    sphere = mne.make_sphere_model("auto", "auto", info, verbose="error")
    forward = mne.make_forward_solution(
        info,
        mne.transforms.Transform("head", "mri"),
        src,
        sphere,
        meg=False,
        eeg=True,
        verbose="error",
    )
    forward = mne.convert_forward_solution(
        forward, surf_ori=True, force_fixed=True, verbose="error"
    )
    return forward["sol"]["data"], forward["src"]


@pytest.fixture(scope="module")
def active_region_epochs(montage_info, subjects_dir, labels):
    """Epochs whose only source activity is a 10 Hz rhythm in occipital-lh."""
    gain, src = _gain(montage_info, subjects_dir)
    rng = np.random.default_rng(0)
    occipital = next(label for label in labels if label.name == "occipital-lh")
    in_label = np.isin(src[0]["vertno"], occipital.vertices)
    times = np.arange(100) / SFREQ
    data = []
    for _ in range(30):
        sources = 1e-10 * rng.standard_normal((gain.shape[1], len(times)))
        rhythm = 3e-9 * np.sin(2 * np.pi * 10 * times + rng.uniform(0, 2 * np.pi))
        sources[: len(in_label)][in_label] += rhythm
        data.append(gain @ sources + 1e-7 * rng.standard_normal((gain.shape[0], 100)))
    events = np.c_[np.arange(30) * 100, np.zeros(30, int), np.arange(30) % 2 + 1]
    return mne.EpochsArray(
        np.array(data), montage_info, events, event_id={"a": 1, "b": 2}, verbose=False
    )


@pytest.fixture(scope="module")
def region_epochs(active_region_epochs, subjects_dir):
    return mnea.source_epochs(
        active_region_epochs, subjects_dir, "lobes", subject=SUBJECT, verbose="error"
    )


def test_regions_become_channels(region_epochs, active_region_epochs, labels):
    assert region_epochs.ch_names == [label.name for label in labels]
    assert set(region_epochs.get_channel_types()) == {"dipole"}
    assert region_epochs.get_data().shape == (30, 16, 100)
    np.testing.assert_array_equal(region_epochs.events, active_region_epochs.events)
    assert region_epochs.event_id == active_region_epochs.event_id
    assert region_epochs.times[0] == active_region_epochs.times[0]
    assert "lobes regions of mnea-toy, eLORETA" in region_epochs.info["description"]


def test_the_active_region_stands_out(region_epochs):
    """The region that holds the simulated source has by far the most power."""
    power = (region_epochs.get_data() ** 2).mean(axis=(0, 2))
    order = np.argsort(power)[::-1]
    assert region_epochs.ch_names[order[0]] == "occipital-lh"
    assert power[order[0]] > 2 * power[order[1]] > 10 * np.median(power)


def test_input_is_left_alone_and_chunks_agree(
    active_region_epochs, subjects_dir, region_epochs, monkeypatch
):
    before = active_region_epochs.get_data().copy()
    monkeypatch.setattr(regions, "_CHUNK", 7)  # epochs read 7 at a time
    chunked = mnea.source_epochs(
        active_region_epochs, subjects_dir, "lobes", subject=SUBJECT, verbose="error"
    )
    np.testing.assert_allclose(chunked.get_data(), region_epochs.get_data())
    np.testing.assert_array_equal(active_region_epochs.get_data(), before)
    assert active_region_epochs.info["projs"] == []


def test_region_kernel_matches_mne_epoch_by_epoch(
    active_region_epochs, subjects_dir, labels
):
    """The product computed once equals MNE's inverse and label average per epoch."""
    epochs = active_region_epochs[:3].copy()
    epochs.set_eeg_reference("average", projection=True, verbose="error")
    gain_src = mne.setup_source_space(
        SUBJECT, "ico4", subjects_dir=subjects_dir, add_dist=False, verbose="error"
    )
    sphere = mne.make_sphere_model("auto", "auto", epochs.info, verbose="error")
    forward = mne.make_forward_solution(
        epochs.info,
        mne.transforms.Transform("head", "mri"),
        gain_src,
        sphere,
        eeg=True,
        meg=False,
        verbose=False,
    )
    cov = mne.make_ad_hoc_cov(epochs.info, verbose=False)
    inverse = mne.minimum_norm.make_inverse_operator(
        epochs.info, forward, cov, loose=0.2, depth=0.8, verbose=False
    )
    stcs = mne.minimum_norm.apply_inverse_epochs(
        epochs, inverse, 1 / 9, "eLORETA", pick_ori="normal", verbose=False
    )
    expected = mne.extract_label_time_course(
        stcs, labels, inverse["src"], mode="mean_flip", verbose=False
    )
    kernel = regions._region_kernel(
        epochs.info, inverse, labels, "eLORETA", 1 / 9, "mean_flip"
    )
    got = np.einsum("rc,ect->ert", kernel, epochs.get_data())
    np.testing.assert_allclose(got, np.array(expected), rtol=1e-6, atol=1e-20)


def test_lazy_epochs_give_the_same_regions(
    active_region_epochs, subjects_dir, region_epochs, tmp_path
):
    fname = tmp_path / "sensors-epo.fif"
    active_region_epochs.save(fname, verbose="error")
    lazy = mne.read_epochs(fname, preload=False, verbose="error")
    got = mnea.source_epochs(
        lazy, subjects_dir, "lobes", subject=SUBJECT, verbose=False
    )
    expected = region_epochs.get_data()  # the file holds float32 samples
    np.testing.assert_allclose(got.get_data(), expected, atol=1e-5 * expected.max())


def test_the_model_trains_on_regions_and_attends_to_them(region_epochs, labels):
    """One token per region: fit, attention per region, and back onto the cortex."""
    model = mnea.EEGTransformer(
        d_model=16, n_heads=2, n_layers=1, max_epochs=2, random_state=0
    ).fit(region_epochs)
    assert model.ch_names_ == region_epochs.ch_names
    attention = mnea.compute_attention(model, region_epochs, keep="all")
    assert attention.ch_names == region_epochs.ch_names
    evoked = attention.average()
    stc = evoked.to_source_estimate(labels)
    assert stc.subject == SUBJECT
    n_vertices = sum(len(label.vertices) for label in labels)
    assert stc.data.shape == (n_vertices, len(evoked.times))
    occipital = next(label for label in labels if label.name == "occipital-lh")
    in_stc = stc.in_label(occipital)
    row = evoked.ch_names.index("occipital-lh")
    np.testing.assert_allclose(
        in_stc.data, evoked.data[[row]].repeat(len(in_stc.data), 0)
    )


def test_region_attention_shows_in_mne_brain(renderer_3d, subjects_dir, labels):
    """stc.plot() draws attention over regions on the cortex in mne.viz.Brain."""
    info = mne.create_info([label.name for label in labels], 1.0, "dipole")
    values = np.linspace(0.02, 0.1, len(labels))[:, None]
    evoked = mnea.AttentionEvoked(values, info, tmin=0.5, nave=1, verbose=False)
    stc = evoked.to_source_estimate(labels)
    brain = stc.plot(
        subject=SUBJECT,
        subjects_dir=subjects_dir,
        hemi="both",
        clim=dict(kind="value", lims=[0.02, 0.06, 0.1]),
        time_viewer=False,
        verbose="error",
    )
    try:
        assert isinstance(brain, mne.viz.Brain)
        for hemi in ("lh", "rh"):  # each hemisphere shows its regions' values
            shown = brain._data[hemi]["array"].max()
            expected = max(
                v for lab, v in zip(labels, values[:, 0]) if lab.hemi == hemi
            )
            np.testing.assert_allclose(shown, expected)
    finally:
        brain.close()


def test_to_source_estimate_needs_every_region(region_epochs, labels):
    evoked = mnea.AttentionEvoked(
        np.ones((16, 1)), region_epochs.info, tmin=0.5, nave=1, verbose=False
    )
    with pytest.raises(ValueError, match=r"for 1 of 16: occipital-lh"):
        evoked.to_source_estimate([lab for lab in labels if lab.name != "occipital-lh"])
    with pytest.raises(TypeError, match="labels must be an instance of list"):
        evoked.to_source_estimate(labels[0])
    with pytest.raises(TypeError, match="labels must be an instance of list of mne"):
        evoked.to_source_estimate(["occipital-lh"])


def test_bad_arguments(active_region_epochs, subjects_dir):
    epochs = active_region_epochs
    call = mnea.source_epochs
    with pytest.raises(TypeError, match="epochs must be an instance of mne.Epochs"):
        call(epochs.get_data(), subjects_dir, subject=SUBJECT)
    with pytest.raises(ValueError, match="parc must name a parcellation .* got "):
        call(epochs, subjects_dir, "aparc", subject=SUBJECT)
    with pytest.raises(ValueError, match="subject must be a folder of subjects_dir"):
        call(epochs, subjects_dir, subject="nobody")
    with pytest.raises(ValueError, match="Invalid value for the 'method'"):
        call(epochs, subjects_dir, "lobes", "LCMV", subject=SUBJECT)
    with pytest.raises(ValueError, match="Invalid value for the 'mode'"):
        call(epochs, subjects_dir, "lobes", subject=SUBJECT, mode="max")
    with pytest.raises(ValueError, match="snr must be a positive number, got 0"):
        call(epochs, subjects_dir, "lobes", subject=SUBJECT, snr=0)
    # EEG without a montage, and channels that are not EEG
    for ch_type, match in (
        ("eeg", "epochs must have a montage .* no montage"),
        ("misc", "epochs must hold good EEG channels"),
    ):
        unusable = mne.EpochsArray(
            epochs.get_data()[:2],
            mne.create_info(epochs.ch_names, SFREQ, ch_type),
            verbose=False,
        )
        with pytest.raises(ValueError, match=match):
            call(unusable, subjects_dir, "lobes", subject=SUBJECT)


@pytest.mark.network
@pytest.mark.skipif(
    os.getenv("MNE_ATTENTION_TEST_NETWORK", "").lower() != "true",
    reason="touches the internet; set MNE_ATTENTION_TEST_NETWORK=true",
)
def test_fsaverage_template(active_region_epochs):
    """The default: fsaverage fetched by MNE, its BEM and the aparc regions."""
    region = mnea.source_epochs(active_region_epochs[:4], verbose="error")
    assert len(region.ch_names) == 68 and "precentral-lh" in region.ch_names
    assert np.all(np.isfinite(region.get_data()))
