"""The study: its option checks, then a whole run on eegmmidb files served locally."""

import mne
import numpy as np
import pooch
import pytest

import mne_attention as mnea
from mne_attention.commands import cli, study
from mne_attention.datasets import eegmmidb
from tests.commands.test_sections import assert_3d_views_rendered
from tests.datasets.test_eegmmidb import _Server, _write_edf

TINY_MODEL = dict(d_model=16, n_heads=2, n_layers=1, max_epochs=2)
SUBJECTS = [1, 2, 3]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Eyes-open and eyes-closed recordings of three subjects on 127.0.0.1."""
    root = tmp_path_factory.mktemp("physionet")
    for subject in SUBJECTS:
        for run in (1, 2):
            fname = root / eegmmidb.remote_fname(subject, run)
            _write_edf(fname, seed=10 * subject + run)
    served = _Server(root)
    served.registry = {  # every file served, with its true hash
        path.relative_to(root).as_posix(): pooch.file_hash(str(path))
        for path in root.rglob("*.edf")
    }
    yield served
    served.close()


def test_study_checks_options_before_downloading(server, tmp_path, capsys):
    """Bad options fail before any request or folder, naming the argument."""
    output = tmp_path / "new" / "study"
    source = dict(base_url=server.url, registry=server.registry)
    for kwargs, match in (
        (dict(subjects=[1]), "subjects must hold at least 2 subjects"),
        (dict(subjects=[1, 200]), "subjects must be"),
        (dict(task="blink"), "Invalid value for the 'task' parameter"),
        (dict(bands=["gamma"]), "bands must hold names of delta, theta"),
        (dict(bands=["mu:12-8"]), r"bands must satisfy 0 < low < high <= 30"),
        (dict(bands=["alpha", "alpha:8-12"]), "bands must name each band once"),
        (dict(bands="alpha"), "bands must be an instance of list of str"),
        (dict(cv=4), r"cv must be at most the number of subjects \(3\)"),
        (dict(cv=1), "cv must be at least 2"),
        (dict(random_state=-1), "random_state must be"),
        (dict(model_params={"d_models": 16}), "d_models"),
        (dict(output=tmp_path / "notes.txt"), "output must be a folder"),
        (
            dict(source=[("path", tmp_path)]),
            "source must be an instance of None or dict",
        ),
        (dict(source={"url": server.url}), r"source must have keys among .* \['url'\]"),
    ):
        (tmp_path / "notes.txt").write_text("")
        options = {**dict(subjects=SUBJECTS, cv=3, output=output), **kwargs}
        options.setdefault("source", source)
        with pytest.raises((TypeError, ValueError), match=match):
            study.run_study(**options)
    with pytest.raises(ValueError, match="path must be a folder"):
        study.run_study(
            SUBJECTS,
            cv=3,
            output=output,
            source={**source, "path": tmp_path / "notes.txt"},
        )
    assert not (tmp_path / "new").exists()
    assert not server.requests
    argv = ["study", "--subjects", "1", "2", "--cv", "3", "--output", str(output)]
    assert cli.main(argv) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        "mne-attention study: error: argument --cv: must be at most the number of "
        "subjects (2) because folds are grouped by subject, got 3"
    )
    assert cli.main([*argv[:4], "--bands", "mu:1-2-3"]) == 2
    assert "argument --bands: must hold names" in capsys.readouterr().err
    assert not (tmp_path / "new").exists() and not server.requests


def test_study_download_failure_is_a_user_error(tmp_path, capsys, monkeypatch):
    """A file the server lacks ends the command with one line, before training."""
    from mne_attention.commands import _subcommands

    def missing(subjects, runs, path=None):
        assert (subjects, runs) == ([1, 2], [1, 2])
        raise FileNotFoundError("S001/S001R01.edf is not on the server (HTTP 404)")

    def forbidden(**kwargs):
        raise AssertionError("the study ran")

    monkeypatch.setattr(_subcommands.eegmmidb, "fetch_data", missing)
    monkeypatch.setattr(study, "run_study", forbidden)
    argv = ["study", "--subjects", "1", "2", "--cv", "2", "--path", str(tmp_path)]
    assert cli.main([*argv, "--output", str(tmp_path / "out")]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        "mne-attention study: error: S001/S001R01.edf is not on the server (HTTP 404)"
    )
    assert not (tmp_path / "out").exists()


def test_permutation_reference():
    """Chance is the largest condition share; perfect predictions beat shuffles."""
    import pandas as pd

    class _Attention:
        labels = np.array(["a", "b"] * 20 + ["a"] * 10)
        metadata = pd.DataFrame(
            dict(
                condition=labels,
                subject=np.repeat([1, 2, 3, 4, 5], 10),
                predicted=labels,
                fold=np.repeat([0, 0, 1, 1, 2], 10),
            )
        )

    attention = _Attention()
    attention.event_id = {"a": 1, "b": 2}
    attention.events = np.c_[
        np.arange(50), np.zeros(50, int), np.where(attention.labels == "a", 1, 2)
    ]
    chance, reference, p_value = study.permutation_reference(
        attention, n_permutations=200
    )
    assert np.allclose(chance, [0.5, 0.5, 1.0])
    assert np.all(reference[:2] < 1) and reference[2] == 1  # one label: no change
    assert p_value == pytest.approx(1 / 201)


def test_study_writes_report(server, tmp_path, renderer_3d, monkeypatch):
    """The study downloads, cross-fits per band and writes every section."""
    data = tmp_path / "mne_data"
    embeddings = []

    def fit_attention(epochs, **kwargs):
        embeddings.append((bool(kwargs.get("bands")), kwargs.get("embedding")))
        return mnea.fit_attention(epochs, **kwargs)

    monkeypatch.setattr(study, "fit_attention", fit_attention)
    report = study.run_study(
        SUBJECTS,
        "eyes",
        bands=["alpha"],
        output=tmp_path / "out",
        cv=3,
        model_params=TINY_MODEL,
        source=dict(path=data, base_url=server.url, registry=server.registry),
    )
    assert sum(server.requests.values()) == 6  # each file once
    # band models keep the token's power, the 0-30 Hz models the defaults
    assert embeddings == [(False, None), (True, "spectral_level")]
    assert (data / "MNE-eegbci-data" / "files" / "eegmmidb").is_dir()
    html = report.read_text()
    for section in (
        "Held-out accuracy",
        "Permutation 95 %",
        "shuffled within each subject",
        "Class-token attention (rollout)",
        "paired permutation cluster test",
        "Band maps",
        "Band accuracy",
        "8-13 Hz",
        "Training curves",
    ):
        assert section in html
    assert_3d_views_rendered(html)
    models = {f"model-fold{k}.mnea" for k in (1, 2, 3)}
    saved = {path.name for path in (tmp_path / "out").iterdir()}
    assert saved == {"attention-ave.fif", "report.html", *models}
    evokeds = mne.read_evokeds(tmp_path / "out" / "attention-ave.fif", verbose=False)
    assert sorted(e.comment for e in evokeds) == ["eyes-closed", "eyes-open"]
