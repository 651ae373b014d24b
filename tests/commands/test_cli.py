"""The mne-attention command line and its demo."""

import re
import subprocess
import sys

import mne
import numpy as np
import pytest
import torch

from mne_attention import EEGTransformer, read_attention_evokeds, read_model
from mne_attention.attention.relevance import METHODS
from mne_attention.commands import cli
from mne_attention.datasets import eegmmidb, simulate_epochs


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """Tiny models of one simulated eyes subject, saved with some defects.

    ``eyes.mnea`` is the model as trained; ``fist.mnea`` knows only classes the
    eyes data lack (every epoch is misclassified); ``open.mnea`` always says
    ``eyes-open`` with a probability just below 1; ``100hz.mnea`` claims a
    sampling rate the data do not have.
    """
    folder = tmp_path_factory.mktemp("models")
    with mne.utils.use_log_level("warning"):
        epochs, _ = simulate_epochs(task="eyes", n_subjects=1, random_state=0)
    model = EEGTransformer(
        d_model=16,
        n_heads=2,
        n_layers=1,
        max_epochs=1,
        batch_size=16,
        warmup_epochs=0,
        random_state=0,
        verbose=False,
    ).fit(epochs)
    model.save(folder / "eyes.mnea")
    classes = model.classes_
    model.classes_ = np.array(["left-fist", "right-fist"])
    model.save(folder / "fist.mnea")
    model.classes_ = classes
    model.sfreq_ = 100.0
    model.save(folder / "100hz.mnea")
    model.sfreq_ = float(epochs.info["sfreq"])
    assert list(classes) == ["eyes-closed", "eyes-open"]
    with torch.no_grad():
        model.network_.head.weight.zero_()
        model.network_.head.bias.copy_(torch.tensor([0.0, 10.0]))
    model.save(folder / "open.mnea")
    return folder


@pytest.fixture
def paths(tmp_path, models, monkeypatch):
    """Template values of the bad invocations; the working folder is tmp_path."""
    monkeypatch.chdir(tmp_path)  # default outputs land here
    (tmp_path / "existing.mnea").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a model\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "old-ave.fif").mkdir()
    return dict(tmp=tmp_path, models=models)


def _run(capsys, argv):
    """Run the command in-process; return its status and stderr lines."""
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, [line for line in captured.err.splitlines() if line.strip()]


def _assert_usage_error(code, lines, option):
    assert code == 2
    assert len(lines) == 1, lines
    assert re.match(r"mne-attention( [a-z-]+)?: error: ", lines[0]), lines[0]
    assert option in lines[0], lines[0]


def test_sys_info(capsys):
    """sys-info names our version, torch and MNE's own report."""
    assert cli.main(["sys-info"]) == 0
    out = capsys.readouterr().out
    import mne
    import torch

    from mne_attention import __version__

    assert f"mne-attention {__version__}\n" in out
    assert f"torch {torch.__version__} (CUDA available: " in out
    assert mne.__version__ in out and "numpy" in out  # mne.sys_info()'s report


def test_train_then_attention(tmp_path, capsys):
    """Train writes a model; attention reads it and writes per-condition evokeds."""
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


M = "{models}"
OUT = ["--output", "{tmp}/out-ave.fif"]
SIM = ["--simulated", "--subjects", "1", "--method", "raw"]
# (arguments, the option the one-line message must name)
BAD_INVOCATIONS = [
    ([], "command"),
    (["train", "--bogus"], "--bogus"),
    # missing or wrong input files
    (["attention", "{tmp}/missing.mnea", "--simulated"], "model"),
    (["attention", "{tmp}/folder", "--simulated"], "model"),
    (["attention", "{tmp}/notes.txt", "--simulated", *OUT], "model"),
    (["attention", f"{M}/100hz.mnea", *SIM, *OUT], "model"),
    # bad numbers
    (["train", "--subjects", "0"], "--subjects"),
    (["train", "--subjects", "one"], "--subjects"),
    (["fetch", "--subjects", "110"], "--subjects"),
    (["fetch"], "--subjects"),
    (["fetch", "--subjects", "1", "--runs", "15"], "--runs"),
    (["train", "--max-epochs", "0"], "--max-epochs"),
    (["train", "--n-time-tokens", "-1"], "--n-time-tokens"),
    (["train", "--random-state", "-1"], "--random-state"),
    (["train", "--h-freq", "100"], "--h-freq"),
    (["train", "--l-freq", "nan"], "--l-freq"),
    (["train", "--simulated", "--l-freq", "40", "--h-freq", "30"], "--l-freq"),
    (["attention", f"{M}/eyes.mnea", "--min-confidence", "1.5"], "--min-confidence"),
    (["demo", "--cv", "1"], "--cv"),
    (["demo", "--n-subjects", "3", "--cv", "4", "--output", "{tmp}/demo"], "--cv"),
    (["demo", "--n-subjects", "two"], "--n-subjects"),
    # bad choices
    (["train", "--task", "sleep"], "--task"),
    (["train", "--embedding", "conv"], "--embedding"),
    (["attention", f"{M}/eyes.mnea", "--method", "gradient"], "--method"),
    (["attention", f"{M}/eyes.mnea", "--keep", "some"], "--keep"),
    # outputs
    (["train", "--simulated", "--output", "{tmp}/existing.mnea"], "--output"),
    (["train", "--simulated", "--output", "{tmp}/missing/model.mnea"], "--output"),
    (["train", "--simulated", "--output", "{tmp}/folder"], "--output"),
    (["train", "--simulated", "--output", "{tmp}/folder", "--overwrite"], "--output"),
    (["attention", f"{M}/eyes.mnea", "--output", "{tmp}/attention.txt"], "--output"),
    (["attention", f"{M}/eyes.mnea", "--output", "{tmp}/old-ave.fif"], "--output"),
    (["demo", "--output", "{tmp}/notes.txt"], "--output"),
    (["demo", "--output", "{tmp}/notes.txt/demo"], "--output"),
    (["train", "--simulated", "--path", "{tmp}/notes.txt"], "--path"),
    # what the data leave
    (["train", *SIM[:3], "--n-time-tokens", "1000"], "--n-time-tokens"),
    (["attention", f"{M}/fist.mnea", *SIM, "--keep", "correct", *OUT], "--keep"),
    (["attention", f"{M}/open.mnea", *SIM, "--keep", "correct", *OUT], "--keep"),
    (["attention", f"{M}/eyes.mnea", *SIM, "--min-confidence", "1", *OUT], "--min"),
]


@pytest.mark.parametrize(
    "argv, option",
    BAD_INVOCATIONS,
    ids=[
        " ".join(argv).replace("{models}/", "").replace("{tmp}/", "") or "no-command"
        for argv, _ in BAD_INVOCATIONS
    ],
)
def test_bad_invocation(argv, option, paths, capsys):
    """A user error: exit status 2, one line naming the option, no traceback."""
    argv = [arg.format(**paths) for arg in argv]
    if argv[:1] in (["train"], ["attention"]) and "--simulated" not in argv:
        argv.append("--simulated")  # never the network, even if a check is missed
    code, lines = _run(capsys, argv)
    _assert_usage_error(code, lines, option)
    assert not (paths["tmp"] / "out-ave.fif").exists()
    assert not (paths["tmp"] / "demo").exists()


@pytest.mark.parametrize(
    "output, overwrite",
    [
        ("existing.mnea", False),
        ("missing/model.mnea", False),
        ("folder", False),
        ("folder", True),
    ],
)
def test_train_checks_output_first(output, overwrite, paths, capsys, monkeypatch):
    """Train refuses an output it cannot write before it loads or trains anything."""

    def forbidden(*args, **kwargs):
        raise AssertionError("data were loaded before --output was checked")

    monkeypatch.setattr("mne_attention.datasets.simulate_epochs", forbidden)
    monkeypatch.setattr(EEGTransformer, "fit", forbidden)
    argv = ["train", "--simulated", "--output", str(paths["tmp"] / output)]
    code, lines = _run(capsys, argv + ["--overwrite"] * overwrite)
    _assert_usage_error(code, lines, "--output")
    assert lines[0].startswith("mne-attention train: error: argument --output:")


def test_attention_checks_output_first(paths, capsys, monkeypatch):
    """Attention refuses an output it cannot write before it reads the model."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the model was read before --output was checked")

    monkeypatch.setattr("mne_attention.model.io.read_model", forbidden)
    model = str(paths["models"] / "eyes.mnea")
    for output in ("folder", "attention.fif", "missing/attention-ave.fif"):
        argv = ["attention", model, "--output", str(paths["tmp"] / output)]
        _assert_usage_error(*_run(capsys, argv + ["--overwrite"]), "--output")


def test_keep_leaves_nothing(paths, capsys):
    """--keep and --min-confidence that empty a condition stop before writing."""
    output = paths["tmp"] / "out-ave.fif"
    base = [*SIM, "--output", str(output)]
    models = paths["models"]
    code, lines = _run(
        capsys, ["attention", str(models / "fist.mnea"), *base, "--keep", "correct"]
    )
    _assert_usage_error(code, lines, "--keep correct")
    assert lines[0] == (
        "mne-attention attention: error: no epochs were left to average: of 80 "
        "epochs, --keep correct dropped 80 as misclassified"
    )
    code, lines = _run(
        capsys, ["attention", str(models / "open.mnea"), *base, "--keep", "correct"]
    )
    _assert_usage_error(code, lines, "no eyes-closed epochs were left")
    argv = ["attention", str(models / "eyes.mnea"), *base, "--min-confidence", "1"]
    code, lines = _run(capsys, argv)
    _assert_usage_error(code, lines, "--min-confidence 1 dropped 80 as less confident")
    argv = ["attention", str(models / "open.mnea"), *base, "--keep", "correct"]
    code, lines = _run(capsys, argv + ["--min-confidence", "1"])
    _assert_usage_error(code, lines, "no epochs were left")
    assert lines[0].endswith(
        "of 80 epochs, --keep correct dropped 40 as misclassified and "
        "--min-confidence 1 dropped 40 as less confident"
    )
    assert not output.exists()
    # a selection that leaves every condition some epochs averages those
    with mne.utils.use_log_level("warning"):
        epochs, _ = simulate_epochs(task="eyes", n_subjects=1, random_state=0)
    confidence = read_model(models / "eyes.mnea").predict_proba(epochs).max(axis=1)
    conditions = {
        name: epochs.events[:, 2] == code for name, code in epochs.event_id.items()
    }
    threshold = min(confidence[mask].max() for mask in conditions.values()) - 1e-4
    argv = ["attention", str(models / "eyes.mnea"), *base]
    assert cli.main(argv + ["--min-confidence", str(threshold)]) == 0
    nave = {e.comment: e.nave for e in read_attention_evokeds(output)}
    assert nave == {
        name: np.sum(confidence[mask] >= threshold) for name, mask in conditions.items()
    }
    assert sum(nave.values()) < len(epochs)  # something was dropped


def test_bugs_keep_their_traceback(paths, monkeypatch):
    """Only user errors become one line: an error of the package itself propagates."""

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("mne_attention.attention.compute.compute_attention", broken)
    model = str(paths["models"] / "eyes.mnea")
    with pytest.raises(ValueError, match="a bug"):
        cli.main(["attention", model, *SIM])
    monkeypatch.setattr(EEGTransformer, "fit", broken)
    with pytest.raises(ValueError, match="a bug"):
        cli.main(["train", *SIM[:3], "--output", str(paths["tmp"] / "m.mnea")])


def test_errors_from_a_shell(tmp_path):
    """In a shell the exit status is 2 and stderr holds one line."""
    result = subprocess.run(
        [sys.executable, "-m", "mne_attention", "train", "--subjects", "0"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "mne-attention train: error: argument --subjects: must be between 1 and 109, "
        "got 0"
    ]


def _choices(capsys, argv):
    """The choices that the one-line error of an unknown choice lists."""
    code, lines = _run(capsys, [*argv, "bogus"])
    _assert_usage_error(code, lines, f"argument {argv[-1]}: invalid choice: 'bogus'")
    listed = re.search(r"\(choose from (.*)\)$", lines[0]).group(1)
    return tuple(choice.strip(" '") for choice in listed.split(","))


def test_choices_come_from_the_package(paths, capsys):
    """Tasks, methods, subject and run counts are the package's own lists."""
    for command in ("train", "attention"):
        assert _choices(capsys, [command, "--task"]) == tuple(eegmmidb.TASKS)
    model = str(paths["models"] / "eyes.mnea")
    assert _choices(capsys, ["attention", model, "--method"]) == METHODS
    argv = ["fetch", "--subjects", "1", str(eegmmidb.N_SUBJECTS)]
    args = cli.build_parser().parse_args([*argv, "--runs", str(eegmmidb.N_RUNS)])
    assert args.subjects == [1, eegmmidb.N_SUBJECTS] and args.runs == [eegmmidb.N_RUNS]
    nyquist = eegmmidb.SFREQ / 2
    for argv, message in [
        (["fetch", "--subjects", str(eegmmidb.N_SUBJECTS + 1)], "--subjects: must"),
        (["fetch", "--subjects", "1", "--runs", str(eegmmidb.N_RUNS + 1)], "--runs"),
        (["train", "--h-freq", f"{nyquist:g}"], f"in (0, {nyquist:g}), got"),
    ]:
        _assert_usage_error(*_run(capsys, argv), message)


def test_help_exits_zero(capsys):
    """--help prints the help and returns 0."""
    assert cli.main(["train", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--overwrite replace an existing --output" in out
    assert "checked before training" in out
