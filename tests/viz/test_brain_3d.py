"""Tests of the 3D brain view: label centroids on the cortex, links between regions.

The geometry and error tests need no display; the rendering tests draw on the
display that conftest.py provides, and skip (or fail) as those of
test_sensors_3d.py do. The subject is the toy subject of
:func:`mne_attention.datasets.toy_subject.write_toy_subject`, written once.
"""

import re

import mne
import numpy as np
import pytest

from mne_attention import ChannelAttention
from mne_attention.datasets.toy_subject import write_toy_subject
from mne_attention.viz import plot_region_links_3d, sensors_3d
from mne_attention.viz.brain_3d import channel_labels, label_centroids, read_cortex

from .test_sensors_3d import _blue, _n_tubes, _red, _screenshot, _texts, _yellow

SUBJECT = "mnea-toy"
SENDER, RECEIVER = "occipital-lh", "lateralfrontal-rh"  # back left -> front right
LOUDEST = "parietal-lh"  # the most self-attention


@pytest.fixture(scope="module")
def subjects_dir(tmp_path_factory):
    """A subjects directory holding the toy subject."""
    folder = tmp_path_factory.mktemp("subjects")
    write_toy_subject(folder, SUBJECT, verbose="error")
    return folder


@pytest.fixture(scope="module")
def labels(subjects_dir):
    """The toy subject's 16 regions."""
    return mne.read_labels_from_annot(
        SUBJECT, "lobes", subjects_dir=subjects_dir, verbose="error"
    )


@pytest.fixture
def region_attention(labels):
    """Rows summing to one; with their spread only SENDER -> RECEIVER beats uniform.

    Condition "planted" holds that link, condition "uniform" none.
    """
    names = [label.name for label in labels]
    n = len(names)
    rng = np.random.default_rng(0)
    data = 0.1 + 0.002 * rng.standard_normal((2, n, n))
    loudest = names.index(LOUDEST)
    for matrix in data:
        np.fill_diagonal(matrix, 0.5)
        matrix[loudest, loudest] = 0.9
    data[0, names.index(RECEIVER), names.index(SENDER)] = 0.4
    data /= data.sum(axis=2, keepdims=True)
    sem = np.full((2, n, n), 0.002)
    info = mne.create_info(names, 160.0, "dipole")  # as source_epochs names them
    return ChannelAttention(
        info, data, ["planted", "uniform"], "rollout", [30, 30], sem=sem
    )


# --------------------------------------------------------------------------
# geometry (no display needed)


def test_centroids_on_the_cortex(subjects_dir, labels):
    """Each centroid is a vertex of its label on the drawn surface, in metres."""
    names = [label.name for label in labels]
    regions, subject = channel_labels(list(reversed(labels)), names)
    assert subject == SUBJECT
    assert [label.name for label in regions] == names  # in channel order
    cortex = read_cortex(SUBJECT, subjects_dir, "pial")
    positions = label_centroids(regions, subject, subjects_dir, cortex)
    assert positions.shape == (len(names), 3)
    assert np.abs(positions).max() < 0.12  # metres, not millimetres
    for label, pos in zip(regions, positions):
        distance = np.linalg.norm(cortex[label.hemi][0] - pos, axis=1)
        assert distance.min() == 0
        assert np.argmin(distance) in label.vertices
    # each hemisphere on its side of the midline
    midline = (cortex["lh"][0][:, 0].max() + cortex["rh"][0][:, 0].min()) / 2
    hemis = np.array([label.hemi for label in regions])
    assert (positions[hemis == "lh", 0] < midline).all()
    assert (positions[hemis == "rh", 0] > midline).all()
    # occipital behind frontal, temporal below superior frontal (RAS: y front, z up)
    where = dict(zip(names, positions))
    for hemi in ("lh", "rh"):
        assert where[f"occipital-{hemi}"][1] < where[f"frontalpole-{hemi}"][1]
        assert where[f"temporal-{hemi}"][2] < where[f"superiorfrontal-{hemi}"][2]
    # inflated hemispheres are moved apart to touch at x = 0, as in mne.viz.Brain
    inflated = read_cortex(SUBJECT, subjects_dir, "inflated")
    assert inflated["lh"][0][:, 0].max() == 0 == inflated["rh"][0][:, 0].min()


# --------------------------------------------------------------------------
# rendering (display needed)


def test_region_links_3d(renderer_3d, subjects_dir, labels, region_attention):
    """The link that beats uniform attention runs from sender (blue) to receiver (red)."""
    before = region_attention.data.copy()
    fig = plot_region_links_3d(
        region_attention, labels, subjects_dir, "planted", verbose="error"
    )
    assert isinstance(fig, mne.viz.Figure3D)
    assert _n_tubes(fig) == 1
    lines = _texts(fig)[0].split("\n")
    assert lines[:2] == [
        "planted (rollout attention)",
        "1 of 240 links above uniform attention (FDR 0.05)",
    ]
    image = _screenshot(fig)
    blue, red = _blue(image), _red(image)
    assert blue.sum() > 200 and red.sum() > 200, (blue.sum(), red.sum())
    # seen from above, nose up: the sender at the back left (bottom left), the
    # receiver at the front right (top right)
    blue_rows, blue_cols = np.nonzero(blue)
    red_rows, red_cols = np.nonzero(red)
    assert blue_rows.mean() > red_rows.mean() and blue_cols.mean() < red_cols.mean()
    # the region with the most self-attention (parietal, left) is yellow
    yellow_rows, yellow_cols = np.nonzero(_yellow(image))
    assert len(yellow_rows) > 50
    assert yellow_cols.mean() < image.shape[1] / 2
    assert np.array_equal(region_attention.data, before)

    # no link beats the reference: cortex and regions only, and the figure says so
    fig = region_attention.plot_brain(labels, subjects_dir, "uniform", verbose="error")
    assert _n_tubes(fig) == 0
    assert _texts(fig) == [
        "uniform (rollout attention)\n0 of 240 links above uniform attention (FDR 0.05)"
    ]
    image = _screenshot(fig)
    assert _blue(image).sum() < 20 and _red(image).sum() < 20
    assert (image != image[0, 0]).any(axis=2).mean() > 0.05  # the cortex is drawn


def test_subjects_dir_from_environment(
    renderer_3d, subjects_dir, labels, region_attention, monkeypatch
):
    """subjects_dir=None reads SUBJECTS_DIR; links="top" draws top_k untested."""
    monkeypatch.setenv("SUBJECTS_DIR", str(subjects_dir))
    fig = region_attention.plot_brain(
        labels,
        condition="uniform",
        top_k=3,
        links="top",
        surf="white",
        region_names=True,
        verbose="error",
    )
    assert _n_tubes(fig) == 3
    assert _texts(fig)[0].split("\n")[2] == "strongest 3 drawn, 0 of them significant"


# --------------------------------------------------------------------------
# validation (no display needed)


@pytest.fixture
def no_rendering(monkeypatch):
    """Fail the test if a figure would be opened."""

    def forbidden(**kwargs):
        raise AssertionError("a 3D renderer was started")

    monkeypatch.setattr(sensors_3d, "get_3d_renderer", forbidden)


def test_errors(no_rendering, subjects_dir, labels, region_attention, monkeypatch):
    """Bad labels, surfaces and options: errors naming them, before any window."""
    ca = region_attention

    def plot(labels=labels, **kwargs):
        kwargs = {"subjects_dir": subjects_dir, "condition": "planted", **kwargs}
        return plot_region_links_3d(ca, labels, **kwargs)

    with pytest.raises(TypeError, match="channel_attention must be an instance of"):
        plot_region_links_3d(ca.data, labels, subjects_dir, "planted")
    with pytest.raises(
        TypeError, match="labels must be an instance of list of mne.Label, got <class"
    ):
        plot(labels="occipital-lh")
    with pytest.raises(
        TypeError, match="each entry of labels must be an instance of mne.Label"
    ):
        plot(labels=[*labels, "occipital-lh"])
    with pytest.raises(
        ValueError,
        match=r"labels must hold a label named after each channel, got none for 2 "
        r"of 16 channels \(temporal-lh, temporal-rh\)",
    ):
        plot(labels=labels[:-2])
    with pytest.raises(ValueError, match="got several named 'frontalpole-lh'"):
        plot(labels=[*labels, labels[0].copy()])
    other = labels[0].copy()
    other.subject = "other"
    with pytest.raises(
        ValueError,
        match=re.escape(
            "labels must all belong to one subject (label.subject), got "
            "['mnea-toy', 'other']"
        ),
    ):
        plot(labels=[other, *labels[1:]])
    other.subject = None
    with pytest.raises(ValueError, match=r"one subject .*, got \['None', 'mnea-toy'\]"):
        plot(labels=[other, *labels[1:]])
    with pytest.raises(
        ValueError,
        match=r"surf must name a surface of subject 'mnea-toy' .*got 'nope': "
        r"lh\.nope, rh\.nope not found",
    ):
        plot(surf="nope")
    with pytest.raises(ValueError, match=r"surf must name .*got '\.\./mnea-toy"):
        plot(surf="../mnea-toy/surf/pial")
    with pytest.raises(TypeError, match="surf must be an instance of str"):
        plot(surf=1)
    with pytest.raises(ValueError, match=r"cortex_opacity must be in \[0, 1\]"):
        plot(cortex_opacity=1.5)
    with pytest.raises(ValueError, match=r"region_scale must be in \(0, inf\)"):
        plot(region_scale=0)
    with pytest.raises(TypeError, match="region_names must be an instance of bool"):
        plot(region_names="yes")
    with pytest.raises(ValueError, match="curvature must be a non-negative number"):
        plot(curvature=-1)
    with pytest.raises(ValueError, match=r"top_k must be between 1 and .*\(240\)"):
        plot(top_k=241)
    with pytest.raises(ValueError, match="condition must be one of"):
        plot(condition="rest")
    with pytest.raises(TypeError, match="unexpected keyword argument 'head'"):
        ca.plot_brain(labels, subjects_dir, "planted", head=True)
    with pytest.raises(ValueError, match="labels must belong to a subject of"):
        plot(subjects_dir=subjects_dir / SUBJECT)
    monkeypatch.delenv("SUBJECTS_DIR", raising=False)
    monkeypatch.setenv("_MNE_FAKE_HOME_DIR", str(subjects_dir / SUBJECT))
    with pytest.raises(ValueError, match="subjects_dir must be given when"):
        plot(subjects_dir=None)
