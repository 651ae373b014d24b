"""Tests of the offline subject: its surfaces, parcellation and fit to the head model."""

import mne
import numpy as np
import pytest

from mne_attention.datasets import write_toy_subject
from mne_attention.datasets.toy_subject import _template_sphere, fsaverage_inner_skull


@pytest.fixture(scope="module")
def subject_dir(tmp_path_factory):
    return write_toy_subject(tmp_path_factory.mktemp("subjects"), "toy")


def _surface(subject_dir, hemi, name="white"):
    rr, tris = mne.read_surface(subject_dir / "surf" / f"{hemi}.{name}")
    return rr / 1000, tris


def test_files_and_regions(subject_dir):
    for hemi in ("lh", "rh"):
        for name in ("white", "pial", "inflated", "sphere"):
            assert (subject_dir / "surf" / f"{hemi}.{name}").is_file()
    trans = mne.read_trans(subject_dir / "bem" / "toy-trans.fif")
    np.testing.assert_array_equal(trans["trans"], np.eye(4))
    labels = mne.read_labels_from_annot(
        "toy", "lobes", subjects_dir=subject_dir.parent, verbose="error"
    )
    assert len(labels) == 16 and labels[0].subject == "toy"
    for hemi in ("lh", "rh"):
        vertices = np.concatenate([lab.vertices for lab in labels if lab.hemi == hemi])
        # every vertex in exactly one region
        np.testing.assert_array_equal(np.sort(vertices), np.arange(2562))


def test_regions_sit_where_their_names_say(subject_dir):
    labels = mne.read_labels_from_annot(
        "toy", "lobes", subjects_dir=subject_dir.parent, verbose="error"
    )
    centre = {}
    for label in labels:
        rr, _ = _surface(subject_dir, label.hemi)
        centre[label.name] = rr[label.vertices].mean(axis=0)
    for hemi, side in (("lh", -1), ("rh", 1)):
        assert side * centre[f"temporal-{hemi}"][0] > 0  # x: right
        assert centre[f"frontalpole-{hemi}"][1] > centre[f"occipital-{hemi}"][1] + 0.08
        assert centre[f"precentral-{hemi}"][2] > centre[f"temporal-{hemi}"][2] + 0.05
        # lateral regions lie further from the midline than the medial wall
        assert abs(centre[f"temporal-{hemi}"][0]) > abs(centre[f"medial-{hemi}"][0])


def test_hemispheres_fit_inside_skull_and_sphere(subject_dir):
    skull = fsaverage_inner_skull()
    center, radius = _template_sphere()
    lh, _ = _surface(subject_dir, "lh")
    rh, _ = _surface(subject_dir, "rh")
    assert lh[:, 0].max() < rh[:, 0].min()  # apart, left of right
    for rr in (lh, rh):
        assert np.linalg.norm(rr - center, axis=1).max() < radius
        # inside the skull's extent along every axis
        assert np.all(rr.min(axis=0) > skull.min(axis=0))
        assert np.all(rr.max(axis=0) < skull.max(axis=0))


def test_sphere_surface_maps_source_spaces(subject_dir):
    src = mne.setup_source_space(
        "toy", "ico3", subjects_dir=subject_dir.parent, add_dist=False, verbose="error"
    )
    assert [s["nuse"] for s in src] == [642, 642]


def test_refuses_to_overwrite_and_bad_names(subject_dir, tmp_path):
    with pytest.raises(FileExistsError, match="pass overwrite=True"):
        write_toy_subject(subject_dir.parent, "toy")
    write_toy_subject(subject_dir.parent, "toy", overwrite=True)
    with pytest.raises(ValueError, match="subject must be a plain folder name"):
        write_toy_subject(tmp_path, "a/b")
    with pytest.raises(TypeError, match="subjects_dir must be an instance of path"):
        write_toy_subject(None)
    with pytest.raises(TypeError, match="overwrite must be an instance of bool"):
        write_toy_subject(tmp_path, overwrite=1)
