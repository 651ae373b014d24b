"""The mne-attention command line and its demo."""

import mne
import pytest

from mne_attention import cli, demo, read_attention_evokeds, read_model


def test_sys_info(capsys):
    """sys-info names our version, torch and MNE's own report."""
    assert cli.main(["sys-info"]) == 0
    out = capsys.readouterr().out
    assert "mne-attention" in out and "torch" in out and "mne" in out


def test_train_then_attention(tmp_path, capsys):
    """train writes a model; attention reads it and writes per-condition evokeds."""
    model_file = tmp_path / "model.mnea"
    code = cli.main(
        [
            "train",
            "--simulated",
            "--subjects",
            "1",
            "2",
            "--max-epochs",
            "1",
            "--embedding",
            "linear",
            "--output",
            str(model_file),
        ]
    )
    assert code == 0
    model = read_model(model_file)
    assert list(model.classes_) == ["eyes-closed", "eyes-open"]
    assert model.embedding == "linear" and model.schedule_["max_epochs"] == 1
    output = tmp_path / "attention-ave.fif"
    code = cli.main(
        [
            "attention",
            str(model_file),
            "--simulated",
            "--subjects",
            "1",
            "--method",
            "raw",
            "--output",
            str(output),
        ]
    )
    assert code == 0
    evokeds = read_attention_evokeds(output)
    assert sorted(e.comment for e in evokeds) == ["eyes-closed", "eyes-open"]
    assert evokeds[0].method == "raw"
    assert "saved to" in capsys.readouterr().out


def test_errors_exit_with_message(tmp_path, capsys):
    """A user error prints one line and exits with status 2, no traceback."""
    code = cli.main(["attention", str(tmp_path / "missing.mnea"), "--simulated"])
    assert code == 2
    assert "mne-attention attention: error:" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["train", "--task", "sleep"])


def test_demo_writes_report(tmp_path, monkeypatch):
    """The demo writes the report, the attention, the channel attention, the models."""
    monkeypatch.setattr(
        demo, "_QUICK_MODEL", dict(d_model=16, n_heads=2, n_layers=1, max_epochs=2)
    )
    monkeypatch.setattr(demo, "_add_3d_figures", lambda report, *args: None)
    report = demo.run_demo(tmp_path / "out", n_subjects=3, cv=3, quick=True)
    assert report.exists()
    html = report.read_text()
    for section in (
        "Held-out accuracy",
        "Class-token attention (rollout)",
        "Ground truth",
        "Confusion matrix",
        "Training curves",
        "Channel-to-channel attention",
    ):
        assert section in html
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
