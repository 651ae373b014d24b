"""Model files: round trip, no unpickling, atomic writes, clear errors."""

import json
from pathlib import Path

import mne
import numpy as np
import pytest
import torch

from mne_attention import EEGTransformer, read_model
from mne_attention.model.network import ChannelTokenTransformer

DATA = Path(__file__).parent / "data"


@pytest.fixture(params=["spectral", "spectral_level", "linear"])
def fitted(request, tiny_epochs, tiny_params):
    return EEGTransformer(**tiny_params, embedding=request.param).fit(tiny_epochs)


def test_round_trip_identical(fitted, tiny_epochs, tmp_path):
    """Saving and reading gives identical probabilities and metadata."""
    fname = tmp_path / "model.mnea"
    fitted.save(fname)
    model = read_model(fname)
    np.testing.assert_array_equal(
        model.predict_proba(tiny_epochs), fitted.predict_proba(tiny_epochs)
    )
    np.testing.assert_array_equal(model.classes_, fitted.classes_)
    assert model.ch_names_ == fitted.ch_names_
    assert (model.sfreq_, model.n_times_, model.tmin_) == (160.0, 160, 0.0)
    np.testing.assert_array_equal(model.mean_, fitted.mean_)
    assert model.get_params() == fitted.get_params()
    assert model.history_.equals(fitted.history_)
    assert model.schedule_ == fitted.schedule_
    assert model.filter_length_ == fitted.filter_length_
    assert model.best_epoch_ == fitted.best_epoch_
    assert list(tmp_path.iterdir()) == [fname]  # no temporary file left behind


def test_version_1_file_still_loads(tmp_path):
    """A file of the first release (linear embedding) reads and predicts as written."""
    expected = np.load(DATA / "model_v1_expected.npz")
    model = read_model(DATA / "model_v1.mnea")
    assert model.embedding == "linear" and not model.refit
    assert model.best_epoch_ is None
    assert model.schedule_ == dict(
        batch_size=8, lr=5e-4, max_epochs=2, warmup_epochs=5, patience=10
    )
    np.testing.assert_allclose(
        model.predict_proba(expected["X"]), expected["proba"], rtol=1e-5, atol=1e-6
    )
    # written again, it is a current file with the same model
    model.save(tmp_path / "upgraded.mnea")
    assert (
        torch.load(tmp_path / "upgraded.mnea", weights_only=True)["format_version"] == 2
    )
    again = read_model(tmp_path / "upgraded.mnea")
    np.testing.assert_array_equal(
        again.predict_proba(expected["X"]), model.predict_proba(expected["X"])
    )


def test_version_2_spectral_file_still_loads():
    """A spectral model file written by an earlier release predicts as written."""
    expected = np.load(DATA / "model_v2_expected.npz")
    model = read_model(DATA / "model_v2.mnea")
    assert model.embedding == "spectral"
    np.testing.assert_allclose(
        model.predict_proba(expected["X"]), expected["proba"], rtol=1e-5, atol=1e-6
    )


def test_array_model_round_trip(tiny_epochs, tiny_params, tmp_path):
    """Integer classes and no channel names survive the JSON metadata."""
    X, y = tiny_epochs.get_data(), tiny_epochs.events[:, 2]
    fitted = EEGTransformer(**tiny_params).fit(X, y)
    fitted.save(tmp_path / "array.mnea")
    model = read_model(tmp_path / "array.mnea")
    np.testing.assert_array_equal(model.predict(X), fitted.predict(X))
    assert model.ch_names_ is None


def test_file_is_read_without_unpickling(fitted, tmp_path):
    """The file loads with torch's weights-only loader."""
    fname = tmp_path / "model.mnea"
    fitted.save(fname)
    state = torch.load(fname, weights_only=True)
    assert state["format"] == "mne-attention-model"


def test_overwrite_and_unfitted(fitted, tmp_path):
    """Existing files need overwrite=True; unfitted models cannot be saved."""
    fname = tmp_path / "model.mnea"
    fitted.save(fname)
    with pytest.raises(FileExistsError, match="overwrite"):
        fitted.save(fname)
    fitted.save(fname, overwrite=True)
    with pytest.raises(ValueError, match="not fitted yet"):
        EEGTransformer().save(tmp_path / "other.mnea")


def test_failed_write_leaves_nothing(fitted, tmp_path, monkeypatch):
    """An error while writing leaves neither a partial file nor a temporary one."""

    def broken_save(obj, f, *args, **kwargs):
        with open(f, "wb") as fid:
            fid.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        fitted.save(tmp_path / "model.mnea")
    assert list(tmp_path.iterdir()) == []


def test_bad_files(fitted, tmp_path):
    """Foreign, truncated, pickled and missing files give clear errors."""
    foreign = tmp_path / "foreign.mnea"
    foreign.write_text("not a model")
    with pytest.raises(
        ValueError, match="fname must be a model file.*could not be read"
    ):
        read_model(foreign)
    good = tmp_path / "model.mnea"
    fitted.save(good)
    truncated = tmp_path / "truncated.mnea"
    truncated.write_bytes(good.read_bytes()[:1000])
    with pytest.raises(ValueError, match="truncated.mnea could not be read"):
        read_model(truncated)
    other = tmp_path / "other.pt"
    torch.save({"weights": torch.zeros(2)}, other)
    with pytest.raises(ValueError, match="other.pt is not one"):
        read_model(other)
    pickled = tmp_path / "pickled.mnea"
    torch.save({"format": "mne-attention-model", "obj": _Arbitrary()}, pickled)
    with pytest.raises(ValueError, match="could not be read"):
        read_model(pickled)
    with pytest.raises(FileNotFoundError):
        read_model(tmp_path / "missing.mnea")


class _Arbitrary:
    """A class that a weights-only loader refuses to unpickle."""


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    """A tiny spectral model on named channels, saved once for the corruption tests."""
    rng = np.random.default_rng(0)
    n_epochs, n_times = 24, 64
    labels = np.arange(n_epochs) % 2
    epochs = mne.EpochsArray(
        rng.standard_normal((n_epochs, 3, n_times)) * 1e-6,
        mne.create_info(["Fz", "Cz", "Pz"], 64.0, "eeg"),
        np.c_[np.arange(n_epochs) * n_times, np.zeros(n_epochs, int), labels + 1],
        event_id=dict(a=1, b=2),
        verbose=False,
    )
    model = EEGTransformer(
        n_time_tokens=2,
        n_filters=4,
        d_model=8,
        n_heads=2,
        n_layers=1,
        max_epochs=2,
        batch_size=8,
        warmup_epochs=1,
        random_state=0,
        verbose=False,
    ).fit(epochs)
    fname = tmp_path_factory.mktemp("model") / "model.mnea"
    model.save(fname)
    return fname


def _metadata(change):
    """Corrupt the JSON metadata with ``change(metadata)``."""

    def corrupt(state):
        metadata = json.loads(state["metadata"])
        change(metadata)
        state["metadata"] = json.dumps(metadata)

    return corrupt


def _set(*path, value):
    """Set ``metadata[path[0]][path[1]]... = value``."""

    def change(metadata):
        for key in path[:-1]:
            metadata = metadata[key]
        metadata[path[-1]] = value

    return _metadata(change)


def _delete(*path):
    """Delete ``metadata[path[0]][path[1]]...``."""

    def change(metadata):
        for key in path[:-1]:
            metadata = metadata[key]
        del metadata[path[-1]]

    return _metadata(change)


def _weight(name, value):
    """Replace one weight (None removes it)."""

    def corrupt(state):
        if value is None:
            del state["weights"][name]
        else:
            state["weights"][name] = value(state["weights"].get(name))

    return corrupt


def _with_inf(tensor):
    tensor = tensor.clone()
    tensor[0] = torch.inf
    return tensor


def _more_channels(state):
    """Four channels of statistics and names where the weights have three."""
    state["mean"] = torch.zeros(4, dtype=torch.float64)
    state["std"] = torch.ones(4, dtype=torch.float64)
    _set("ch_names", value=["Fz", "Cz", "Pz", "Oz"])(state)


CORRUPTIONS = [
    # the container
    pytest.param(
        lambda s: s.pop("std"), r"the file lacks the key\(s\) \['std'\]", id="no-std"
    ),
    pytest.param(
        lambda s: s.update(notes="hi"),
        r"the file holds unexpected key\(s\) \['notes'\]",
        id="extra-key",
    ),
    pytest.param(
        lambda s: s.update(format_version="2"),
        r"format_version must be an int from 1 to 2, got '2' \(str\)",
        id="version-str",
    ),
    pytest.param(
        lambda s: s.update(format_version=0),
        r"format_version must be an int from 1 to 2, got 0",
        id="version-0",
    ),
    pytest.param(
        lambda s: s.update(metadata="{'params': "),
        "metadata is not JSON",
        id="not-json",
    ),
    pytest.param(
        lambda s: s.update(metadata="[1, 2]"),
        "metadata must be a JSON object, got a JSON array",
        id="json-list",
    ),
    pytest.param(
        lambda s: s.update(metadata=torch.zeros(2)),
        "metadata must be a JSON str, got Tensor",
        id="metadata-tensor",
    ),
    pytest.param(
        _delete("n_times"),
        r"metadata lacks the key\(s\) \['n_times'\]",
        id="metadata-no-n_times",
    ),
    pytest.param(
        _set("comment", value="x"),
        r"metadata holds unexpected key\(s\) \['comment'\]",
        id="metadata-extra-key",
    ),
    pytest.param(
        _set("n_times", value="64"),
        r"metadata\['n_times'\] must be an integer, got a JSON string",
        id="n_times-str",
    ),
    pytest.param(
        _set("best_epoch", value=True),
        r"metadata\['best_epoch'\] must be an integer or null, got a JSON boolean",
        id="best_epoch-bool",
    ),
    # hyper-parameters, checked as fit checks them
    pytest.param(
        _set("params", "n_heads", value=0),
        "params: n_heads must be at least 1, got 0",
        id="n_heads-0",
    ),
    pytest.param(
        _set("params", "n_heads", value=3),
        r"params: n_heads must divide d_model \(8\), got 3",
        id="n_heads-not-dividing",
    ),
    pytest.param(
        _set("params", "embedding", value="foo"),
        "params: .*embedding.*'foo'",
        id="embedding-foo",
    ),
    pytest.param(
        _set("params", "dropout", value="high"),
        "params: dropout must be an instance of float, got <class 'str'>",
        id="dropout-str",
    ),
    pytest.param(
        _set("params", "refit", value=1),
        "params: refit must be",
        id="refit-int",
    ),
    pytest.param(
        _set("params", "n_neurons", value=3),
        r"params holds unknown hyper-parameter\(s\) \['n_neurons'\]",
        id="unknown-param",
    ),
    pytest.param(
        _delete("params", "refit"),
        r"params lacks hyper-parameter\(s\) \['refit'\]",
        id="missing-param",
    ),
    pytest.param(
        _set("params", "random_state", value=-1),
        r"params random_state must be None or an int in \[0, 2\*\*32\), got -1",
        id="random_state-negative",
    ),
    pytest.param(
        _set("params", "device", value=0),
        "params device must be a str, got 0",
        id="device-int",
    ),
    pytest.param(
        _set("params", "filter_length", value=9),
        r"filter_length \(25\) must equal the hyper-parameter filter_length \(9\)",
        id="filter_length-disagrees",
    ),
    # fitted values in the metadata
    pytest.param(
        _set("classes", value=["a"]),
        r"classes must be a list of at least 2 distinct labels.*got \['a'\]",
        id="one-class",
    ),
    pytest.param(
        _set("classes", value=["a", "a"]),
        "classes must be a list of at least 2 distinct labels",
        id="classes-repeated",
    ),
    pytest.param(
        _set("classes", value=["a", 1]),
        "classes must be a list of at least 2 distinct labels, all str, all bool or all",
        id="classes-mixed",
    ),
    pytest.param(
        _set("classes", value=[["a"], "b"]),
        "classes must be a list of at least 2 distinct labels",
        id="classes-nested",
    ),
    pytest.param(
        _set("ch_names", value=["Fz", "Fz", "Pz"]),
        r"ch_names must be distinct, got \['Fz'\] more than once",
        id="ch_names-repeated",
    ),
    pytest.param(
        _set("ch_names", value=["Fz", "Cz"]),
        "ch_names must name the 3 channels of mean and std, got 2 names",
        id="ch_names-too-few",
    ),
    pytest.param(
        _set("ch_names", value=[1, 2, 3]),
        r"ch_names must hold str, got \[1, 2, 3\]",
        id="ch_names-int",
    ),
    pytest.param(
        _set("sfreq", value=-64.0),
        "sfreq must be None or a positive number, got -64.0",
        id="sfreq-negative",
    ),
    pytest.param(
        _set("sfreq", value=float("inf")),
        "sfreq must be None or a positive number, got inf",
        id="sfreq-inf",
    ),
    pytest.param(
        _set("tmin", value=float("nan")),
        "tmin must be a finite number, got nan",
        id="tmin-nan",
    ),
    pytest.param(
        _set("n_times", value=10**12),
        r"n_times must be an int from n_time_tokens \(2\) to 10000000, got "
        "1000000000000",
        id="n_times-absurd",
    ),
    pytest.param(
        _set("n_times", value=1),
        r"n_times must be an int from n_time_tokens \(2\) to 10000000, got 1$",
        id="n_times-below-n_time_tokens",
    ),
    pytest.param(
        _set("n_times", value=40),
        r"filter_length must be an int from 1 to the samples per token \(20\) for "
        "the spectral embedding, got 25",
        id="n_times-shorter-than-filters",
    ),
    pytest.param(
        _set("filter_length", value=0),
        "filter_length must be an int from 1 to the samples per token",
        id="filter_length-0",
    ),
    pytest.param(
        _delete("schedule", "lr"),
        r"schedule lacks the key\(s\) \['lr'\]",
        id="schedule-no-lr",
    ),
    pytest.param(
        _set("schedule", "lr", value=-1.0),
        r"schedule\['lr'\] must be a positive number, got -1.0",
        id="schedule-lr-negative",
    ),
    pytest.param(
        _set("schedule", "patience", value=0),
        r"schedule\['patience'\] must be an int of at least 1, got 0",
        id="schedule-patience-0",
    ),
    pytest.param(
        _set("schedule", "batch_size", value=16),
        r"schedule\['batch_size'\] \(16\) must equal the hyper-parameter "
        r"batch_size \(8\)",
        id="schedule-disagrees",
    ),
    pytest.param(
        _set("best_epoch", value=3),
        r"best_epoch must be None or an int from 1 to max_epochs \(2\), got 3",
        id="best_epoch-past-max_epochs",
    ),
    pytest.param(
        _set("best_epoch", value=0),
        "best_epoch must be None or an int from 1 to max_epochs",
        id="best_epoch-0",
    ),
    pytest.param(
        _set("history", "lr", value=[1e-3]),
        "history must hold lists of equal length, got lengths",
        id="history-unequal",
    ),
    pytest.param(
        _set("history", "lr", value={"a": 1}),
        r"history\['lr'\] must be a list of numbers",
        id="history-not-list",
    ),
    # standardisation statistics
    pytest.param(
        lambda s: s["mean"].__setitem__(1, torch.nan),
        "mean must be finite, it holds NaN or inf",
        id="mean-nan",
    ),
    pytest.param(
        lambda s: s["std"].__setitem__(0, 0.0),
        "std must be positive, it holds values <= 0",
        id="std-zero",
    ),
    pytest.param(
        lambda s: s["std"].__setitem__(2, -1.0),
        "std must be positive",
        id="std-negative",
    ),
    pytest.param(
        lambda s: s.update(mean=torch.zeros(3, dtype=torch.int64)),
        "mean must be a float tensor, got torch.int64",
        id="mean-int",
    ),
    pytest.param(
        lambda s: s.update(mean=[0.0, 0.0, 0.0]),
        "mean must be a float tensor, got list",
        id="mean-list",
    ),
    pytest.param(
        lambda s: s.update(std=s["std"][None]),
        r"std must be 1-D with a value per channel, got shape \(1, 3\)",
        id="std-2d",
    ),
    pytest.param(
        lambda s: s.update(std=torch.ones(4, dtype=torch.float64)),
        "mean and std must have a value per channel each, got 3 and 4 values",
        id="std-longer",
    ),
    # weights
    pytest.param(
        _weight("head.bias", _with_inf),
        r"weights\['head.bias'\] holds NaN or inf",
        id="weight-inf",
    ),
    pytest.param(
        _weight("head.bias", None),
        r"weights do not match the network of its hyper-parameters: missing "
        r"\['head.bias'\]",
        id="weight-missing",
    ),
    pytest.param(
        _weight("head.weight", lambda _: torch.zeros(3, 8)),
        r"weights do not match .*: head.weight has shape \(3, 8\), expected \(2, 8\)",
        id="weight-shape",
    ),
    pytest.param(
        _weight("head.scale", lambda _: torch.zeros(2)),
        r"weights do not match .*: unexpected \['head.scale'\]",
        id="weight-extra",
    ),
    pytest.param(
        _weight("head.bias", lambda _: torch.zeros(2, dtype=torch.int32)),
        r"weights\['head.bias'\] must be a float tensor, got torch.int32",
        id="weight-int",
    ),
    pytest.param(
        lambda s: s.update(weights=list(s["weights"].values())),
        "weights must be a dict, got list",
        id="weights-list",
    ),
    # consistent-looking metadata that does not describe these weights
    pytest.param(
        _set("params", "d_model", value=16),
        r"weights do not match .*: token_embedding has shape \(1, 6, 8\), expected "
        r"\(1, 6, 16\); class_token has shape",
        id="d_model-changed",
    ),
    pytest.param(
        _set("classes", value=["a", "b", "c"]),
        r"weights do not match .*: head.weight has shape \(2, 8\), expected \(3, 8\)",
        id="three-classes",
    ),
    pytest.param(
        _more_channels,
        r"weights do not match .*: token_embedding has shape \(1, 6, 8\), expected "
        r"\(1, 8, 8\)",
        id="more-channels",
    ),
    pytest.param(
        _set("params", "n_layers", value=10**9),
        "weights do not match .*: n_layers=1000000000 but the file holds only 23 weights",
        id="n_layers-absurd",
    ),
    pytest.param(
        _set("params", "d_model", value=2**16),
        r"weights do not match .*expected \(1, 6, 65536\)",
        id="d_model-huge",
    ),
]

INVALID = (
    r"fname must be a model file written by EEGTransformer\.save, bad\.mnea is not "
    "a valid mne-attention model file: "
)


def _corrupt(fname, corrupt, tmp_path):
    state = torch.load(fname, weights_only=True)
    corrupt(state)
    bad = tmp_path / "bad.mnea"
    torch.save(state, bad)
    return bad


@pytest.mark.parametrize(("corrupt", "match"), CORRUPTIONS)
def test_corrupted_file(saved_model, tmp_path, corrupt, match):
    """Every stored field is checked: one clear ValueError names the problem."""
    read_model(saved_model)  # the file as written is valid
    bad = _corrupt(saved_model, corrupt, tmp_path)
    with pytest.raises(ValueError, match=INVALID + match):
        read_model(bad)


@pytest.mark.parametrize(
    "corrupt",
    [
        _set("n_times", value=10**12),
        _set("params", "n_layers", value=10**9),
        _set("params", "d_model", value=2**16),
        _set("params", "n_filters", value=2**24),
    ],
    ids=["n_times", "n_layers", "d_model", "n_filters"],
)
def test_absurd_sizes_fail_fast(saved_model, tmp_path, monkeypatch, corrupt):
    """Sizes read from a file allocate nothing before they are checked."""
    init = ChannelTokenTransformer.__init__

    def meta_only(self, *args, **kwargs):
        assert torch.empty(0).device.type == "meta", "a network was allocated"
        init(self, *args, **kwargs)

    monkeypatch.setattr(ChannelTokenTransformer, "__init__", meta_only)
    bad = _corrupt(saved_model, corrupt, tmp_path)
    with pytest.raises(ValueError, match=INVALID):
        read_model(bad)


@pytest.mark.parametrize(
    ("corrupt", "match"),
    [
        (_set("params", "n_heads", value=0), "params: n_heads must be at least 1"),
        (_set("n_times", value=10**12), "n_times must be an int from n_time_tokens"),
        (_delete("history"), r"metadata lacks the key\(s\) \['history'\]"),
        (_set("params", "max_epochs", value="auto"), r"schedule\['max_epochs'\]"),
        (
            _weight("projection.weight", None),
            r"weights do not match .*: missing \['embedding.projection.weight'\]",
        ),
    ],
    ids=["n_heads-0", "n_times-absurd", "no-history", "auto-max_epochs", "no-weight"],
)
def test_corrupted_version_1_file(tmp_path, corrupt, match):
    """Files of the first format are checked as thoroughly."""
    bad = _corrupt(DATA / "model_v1.mnea", corrupt, tmp_path)
    with pytest.raises(ValueError, match=INVALID + match):
        read_model(bad)


@pytest.mark.parametrize(
    "change",
    [
        _set("classes", value=[0, 1]),
        _set("classes", value=[False, True]),
        _set("classes", value=[0.5, 1.5]),
        _metadata(lambda m: m.update(ch_names=None, sfreq=None)),
        _set("best_epoch", value=None),
        _set("params", "verbose", value="info"),
        _set("params", "device", value="cuda:3"),
    ],
    ids=["int", "bool", "float", "arrays", "no-best-epoch", "verbose", "cuda"],
)
def test_valid_variants_still_read(saved_model, tmp_path, change):
    """Values a fit can produce are accepted, the stored device replaced."""
    model = read_model(_corrupt(saved_model, change, tmp_path), device="cpu")
    assert model.device_ == torch.device("cpu") and model.device == "cpu"
    assert model.predict_proba(np.zeros((2, 3, 64))).shape == (2, 2)


def test_reading_leaves_random_stream_alone(saved_model):
    """Building the network to load does not draw from torch's global generator."""
    torch.manual_seed(3)
    expected = torch.rand(3)
    torch.manual_seed(3)
    read_model(saved_model)
    torch.testing.assert_close(torch.rand(3), expected)
