"""The demo: its option checks, its output folder and its report."""

import mne
import pytest

from mne_attention.commands import cli, demo
from mne_attention.datasets import simulate_epochs
from tests.commands.test_sections import assert_3d_views_rendered

TINY_MODEL = dict(d_model=16, n_heads=2, n_layers=1, max_epochs=2)


def test_demo_bad_options_leave_no_folder(tmp_path, capsys, monkeypatch):
    """A demo that fails on its options, or before writing, leaves no folder."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the demo ran")

    monkeypatch.setattr(demo, "simulate_epochs", forbidden)
    output = tmp_path / "new" / "demo"
    argv = ["demo", "--n-subjects", "3", "--cv", "4", "--output", str(output)]
    assert cli.main(argv) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        "mne-attention demo: error: argument --cv: must be at most n_subjects (3) "
        "because folds are grouped by subject, got 4"
    )
    assert not (tmp_path / "new").exists()
    for kwargs, match in (
        (dict(cv=4, n_subjects=3), "cv must be at most n_subjects"),
        (dict(cv=1), "cv must be at least 2"),
        (dict(n_subjects=2.5), "n_subjects must be"),
        (dict(random_state=-1), "random_state must be"),
        (dict(model_params=[("d_model", 16)]), "model_params must be an instance"),
        (dict(model_params={"d_models": 16}), "d_models"),
    ):
        with pytest.raises((TypeError, ValueError), match=match):
            demo.run_demo(output, **kwargs)
        assert not (tmp_path / "new").exists()
    (tmp_path / "file").write_text("")
    with pytest.raises(ValueError, match="output must be a folder"):
        demo.run_demo(tmp_path / "file")
    with pytest.raises(ValueError, match="inside the file"):
        demo.run_demo(tmp_path / "file" / "demo")


def test_demo_failure_removes_its_empty_folder(tmp_path, monkeypatch):
    """Folders the demo created are removed if it fails before writing to them;
    a folder that existed before is kept.
    """

    def failing(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(demo, "fit_attention", failing)
    monkeypatch.setattr(demo, "simulate_epochs", lambda **kwargs: ([], None))
    with pytest.raises(RuntimeError, match="interrupted"):
        demo.run_demo(tmp_path / "new" / "demo", n_subjects=3, cv=3)
    assert not (tmp_path / "new").exists()
    (tmp_path / "kept").mkdir()
    with pytest.raises(RuntimeError, match="interrupted"):
        demo.run_demo(tmp_path / "kept", n_subjects=3, cv=3)
    assert (tmp_path / "kept").is_dir()


def test_ground_truth_topomap_is_readable():
    """The ground truth in [0, 1]: a 0 to 1 sequential scale, a readable size,
    one title and no time label (the truth has no time course).
    """
    _, truth = simulate_epochs(task="eyes", n_subjects=2, random_state=0)
    assert truth.data.min() >= 0 and truth.data.max() <= 1
    fig = demo.plot_ground_truth(truth)
    ax, colorbar = fig.axes
    (image,) = ax.images
    assert image.get_clim() == (0.0, 1.0)
    assert image.get_cmap().name == "Reds"
    assert colorbar.get_ylim() == (0.0, 1.0)
    assert min(fig.get_size_inches()) >= 4
    assert ax.get_title() == "Ground-truth relevance"
    texts = [t.get_text() for t in fig.texts + ax.texts] + [fig._suptitle]
    assert not any(text and " s" in str(text) for text in texts)


def test_demo_writes_report(tmp_path, renderer_3d):
    """The demo writes the report (3D views rendered), the attention and the models."""
    report = demo.run_demo(
        tmp_path / "out", n_subjects=3, cv=3, quick=True, model_params=TINY_MODEL
    )
    html = report.read_text()
    for section in (
        "Held-out accuracy",
        "Class-token attention (rollout)",
        "Ground truth",
        "Confusion matrix",
        "Training curves",
        "Channel-to-channel attention",
        "Attention methods compared",
        "study_rollout",
        "randomisation_similarity",
        "paired permutation cluster test",
    ):
        assert section in html
    assert_3d_views_rendered(html)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "attention-ave.fif",
        "channel-attention-chatt.h5",
        "model-fold1.mnea",
        "model-fold2.mnea",
        "model-fold3.mnea",
        "report.html",
    ]
    evokeds = mne.read_evokeds(tmp_path / "out" / "attention-ave.fif", verbose=False)
    assert [e.comment for e in evokeds] == ["eyes-open", "eyes-closed"]
