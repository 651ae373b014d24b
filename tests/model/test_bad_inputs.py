"""Bad inputs of the model API: each is refused by name, and nothing is modified.

Every row of the tables below is one call of ``EEGTransformer.fit``,
``predict``, ``predict_proba``, ``decision_function``, ``score``, ``save`` or
:func:`mne_attention.read_model` with one bad input, the exception it must
raise and a pattern its message must match (the argument's name, what was
expected and, where it can be told, what was given). After each failing call
the inputs (Epochs, arrays, lists, dicts, files) are as they were, and so is
the fitted estimator.
"""

import copy
import pickle
from types import SimpleNamespace

import mne
import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from mne_attention import EEGTransformer, read_model

from .. import conftest
from ..conftest import TINY_PARAMS, assert_unchanged, snapshot

N_EPOCHS = 48
NO_CUDA = pytest.mark.skipif(
    torch.cuda.is_available(), reason="CUDA is available on this machine"
)


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread():
    """Train on one thread: tiny models gain nothing from more, and on a busy
    machine two threads wait on each other for most of each step.
    """
    n_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n_threads)


@pytest.fixture(scope="module")
def fitted():
    """The tiny model, trained once for the whole module."""
    with mne.utils.use_log_level("warning"):
        epochs = conftest.tiny_epochs.__wrapped__()
        return EEGTransformer(**TINY_PARAMS).fit(epochs)


@pytest.fixture(scope="module")
def model_file(fitted, tmp_path_factory):
    """The tiny model written to a file."""
    fname = tmp_path_factory.mktemp("model") / "tiny.mnea"
    fitted.save(fname)
    return fname


@pytest.fixture
def ctx(fitted, model_file, tiny_epochs, tmp_path):
    """Fresh inputs for one row, and a copy of the fitted model to call."""
    return SimpleNamespace(
        epochs=tiny_epochs,
        X=tiny_epochs.get_data(),
        y=tiny_epochs.events[:, 2],
        groups=np.repeat([1, 2, 3], N_EPOCHS // 3),
        model=copy.deepcopy(fitted),
        unfitted=EEGTransformer(**TINY_PARAMS),
        tmp_path=tmp_path,
        model_file=model_file,
    )


# ----------------------------------------------------------------- helpers
def call(func, *args, **kwargs):
    """One call of a table row: the function and what it is given."""
    return func, args, kwargs


def _fitted_state(model):
    """Everything a fit decides, as plain copies (weights as arrays)."""
    params = model.get_params()
    if isinstance(params["random_state"], np.random.RandomState):
        params["random_state"] = params["random_state"].get_state()
    # 0-d arrays compare NaN hyper-parameters as equal
    state = dict(
        params={
            key: np.array(value) if isinstance(value, float) else copy.deepcopy(value)
            for key, value in params.items()
        }
    )
    for key, value in vars(model).items():
        if not key.endswith("_") or key.startswith("_"):
            continue
        if key == "network_":
            state["training"] = value.training
            value = {
                name: tensor.detach().cpu().numpy().copy()
                for name, tensor in value.state_dict().items()
            }
        state[key] = copy.deepcopy(value)
    return state


def _files(*folders):
    """Name and content of every file under ``folders``."""
    return {
        str(path): path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _check_refused(ctx, build, error, match):
    """Call the row; check the error, then that nothing it was given changed."""
    func, args, kwargs = build(ctx)
    given_before = snapshot((args, kwargs))
    owner = getattr(func, "__self__", None)
    state_before = _fitted_state(owner) if isinstance(owner, EEGTransformer) else None
    folders = (ctx.tmp_path, ctx.model_file.parent)
    files_before = _files(*folders)
    with pytest.raises(error, match=match):
        func(*args, **kwargs)
    assert_unchanged(given_before, (args, kwargs))
    if state_before is not None:
        assert_unchanged(state_before, _fitted_state(owner))
    assert _files(*folders) == files_before


def _with(epochs, **changes):
    """A copy of ``epochs`` with its data, metadata or event_id changed."""
    epochs = epochs.copy()
    if "data" in changes:
        epochs._data = changes["data"](epochs._data.copy())
    if "metadata" in changes:
        epochs.metadata = changes["metadata"](epochs.metadata.copy())
    if "event_id" in changes:
        epochs.event_id = changes["event_id"]
    if "bads" in changes:
        epochs.info["bads"] = changes["bads"]
    return epochs


def _set(array, index, value):
    array = np.array(array, dtype=np.result_type(array, value))
    array[index] = value
    return array


def _flat_c3(data):
    data[:, 2] = 1e-6
    return data


def _subject_nan_at_5(metadata):
    return metadata.assign(subject=_set(metadata["subject"].to_numpy(), 5, np.nan))


def _evoked(ctx):
    return ctx.epochs.average()


def _raw(ctx):
    return mne.io.RawArray(ctx.X[0], ctx.epochs.info, verbose=False)


def _ragged(ctx):
    return [ctx.X[0].tolist(), ctx.X[1, :5].tolist()]


def _tampered_model(ctx, change, name="tampered.mnea"):
    state = torch.load(ctx.model_file, map_location="cpu", weights_only=True)
    change(state)
    fname = ctx.tmp_path / name
    torch.save(state, fname)
    return fname


def _write(ctx, name, content):
    fname = ctx.tmp_path / name
    fname.write_bytes(content)
    return fname


def _torch_file(ctx, obj, name="other.mnea"):
    fname = ctx.tmp_path / name
    torch.save(obj, fname)
    return fname


def _drop_weight(state):
    state["weights"].pop(next(iter(state["weights"])))


def _classes_as_str(state):
    import json

    metadata = json.loads(state["metadata"])
    metadata["classes"] = "closed,open"
    state["metadata"] = json.dumps(metadata)


# ---------------------------------------------------------------------- fit
def hyper(id_, error, match, **params):
    """A fit row whose bad input is a hyper-parameter."""
    return pytest.param(
        lambda c: call(c.model.set_params(**params).fit, c.epochs),
        error,
        match,
        id=id_,
    )


FIT_ROWS = [
    # hyper-parameters
    hyper(
        "n_time_tokens=0",
        ValueError,
        r"n_time_tokens must be at least 1, got 0",
        n_time_tokens=0,
    ),
    hyper(
        "n_time_tokens=1.5",
        TypeError,
        r"n_time_tokens must be an int, got <class 'float'>",
        n_time_tokens=1.5,
    ),
    hyper(
        "n_time_tokens>n_times",
        ValueError,
        r"n_time_tokens must be at most n_times",
        n_time_tokens=500,
    ),
    hyper(
        "d_model=True",
        TypeError,
        r"d_model must be an int, got <class 'bool'>",
        d_model=True,
    ),
    hyper(
        "n_heads=3 for d_model=16",
        ValueError,
        r"n_heads must divide d_model \(16\), got 3",
        n_heads=3,
    ),
    hyper(
        "n_layers='2'",
        TypeError,
        r"n_layers must be an int, got <class 'str'>",
        n_layers="2",
    ),
    hyper(
        "n_filters=-1",
        ValueError,
        r"n_filters must be at least 1, got -1",
        n_filters=-1,
    ),
    hyper(
        "filter_length='long'",
        TypeError,
        r"filter_length must be an int or 'auto', got <class 'str'>",
        filter_length="long",
    ),
    hyper(
        "filter_length>window",
        ValueError,
        r"filter_length must be at most the samples per token \(160 .*\), got 1000",
        filter_length=1000,
    ),
    hyper(
        "embedding='conv'",
        ValueError,
        r"'embedding' parameter.*'spectral', 'spectral_level', and 'linear'.*got 'conv'",
        embedding="conv",
    ),
    hyper(
        "dropout=1",
        ValueError,
        r"dropout must be in \[0, 1\), got 1",
        dropout=1.0,
    ),
    hyper(
        "token_dropout=-0.1",
        ValueError,
        r"token_dropout must be in \[0, 1\), got -0.1",
        token_dropout=-0.1,
    ),
    hyper(
        "noise_std=nan",
        ValueError,
        r"noise_std must be a finite number, got nan",
        noise_std=np.nan,
    ),
    hyper(
        "noise_std='0.2'",
        TypeError,
        r"noise_std must be an instance of float, got <class 'str'>",
        noise_std="0.2",
    ),
    hyper("lr=0", ValueError, r"lr must be in \(0, inf\), got 0", lr=0),
    hyper("lr=inf", ValueError, r"lr must be a finite number, got inf", lr=np.inf),
    hyper(
        "lr='fast'",
        TypeError,
        r"lr must be an instance of float or 'auto', got <class 'str'>",
        lr="fast",
    ),
    hyper(
        "lr=1e8 diverges",
        ValueError,
        r"diverged.*loss became nan in pass 1.*Lower lr.*was 1e\+08",
        lr=1e8,
    ),
    hyper(
        "weight_decay=-1",
        ValueError,
        r"weight_decay must be in \[0, inf\), got -1",
        weight_decay=-1,
    ),
    hyper(
        "batch_size=0",
        ValueError,
        r"batch_size must be at least 1, got 0",
        batch_size=0,
    ),
    hyper(
        "batch_size=16.0",
        TypeError,
        r"batch_size must be an int or 'auto', got <class 'float'>",
        batch_size=16.0,
    ),
    hyper(
        "max_epochs='autos'",
        TypeError,
        r"max_epochs must be an int or 'auto', got <class 'str'>",
        max_epochs="autos",
    ),
    hyper(
        "max_epochs=0",
        ValueError,
        r"max_epochs must be at least 1, got 0",
        max_epochs=0,
    ),
    hyper("patience=0", ValueError, r"patience must be at least 1, got 0", patience=0),
    hyper(
        "warmup_epochs=-1",
        ValueError,
        r"warmup_epochs must be at least 0, got -1",
        warmup_epochs=-1,
    ),
    hyper(
        "validation_size=1",
        ValueError,
        r"validation_size must be in \[0, 1\), got 1",
        validation_size=1.0,
    ),
    hyper(
        "validation_size too large for 3 subjects",
        ValueError,
        r"validation_size must leave at least one subject to train on, got 0.7, "
        r"which holds out 3 of the 3 subjects",
        validation_size=0.7,
    ),
    hyper(
        "refit='yes'",
        TypeError,
        r"refit must be an instance of bool, got <class 'str'>",
        refit="yes",
    ),
    hyper(
        "class_weight='auto'",
        ValueError,
        r"'class_weight' parameter.*'balanced' and None.*got 'auto'",
        class_weight="auto",
    ),
    hyper(
        "random_state='0'",
        TypeError,
        r"random_state must be an instance of None, int or numpy.random.RandomState, "
        r"got <class 'str'>",
        random_state="0",
    ),
    hyper(
        "random_state=1.5",
        TypeError,
        r"random_state must be an instance of None, int or .*, got <class 'float'>",
        random_state=1.5,
    ),
    hyper(
        "device='tpu'",
        ValueError,
        r"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got 'tpu'",
        device="tpu",
    ),
    hyper(
        "device=0",
        TypeError,
        r"device must be an instance of str or torch.device, got <class 'int'>",
        device=0,
    ),
    pytest.param(
        lambda c: call(c.model.set_params(device="cuda").fit, c.epochs),
        ValueError,
        r"device must be 'auto' or 'cpu' here \(CUDA is not available\), got 'cuda'",
        id="device='cuda' without CUDA",
        marks=NO_CUDA,
    ),
    hyper(
        "verbose='LOUD'",
        ValueError,
        r"'verbose' parameter.*'DEBUG'.*got 'LOUD'",
        verbose="LOUD",
    ),
    # X
    pytest.param(
        lambda c: call(c.model.fit, "epochs-epo.fif"),
        TypeError,
        r"X must be an instance of mne.Epochs or array, got <class 'str'>",
        id="X=str",
    ),
    pytest.param(
        lambda c: call(c.model.fit, {"data": c.X}, c.y),
        TypeError,
        r"X must be an instance of mne.Epochs or array, got <class 'dict'>",
        id="X=dict",
    ),
    pytest.param(
        lambda c: call(c.model.fit, None, c.y),
        TypeError,
        r"X must be an instance of mne.Epochs or array, got None",
        id="X=None",
    ),
    pytest.param(
        lambda c: call(c.model.fit, _raw(c)),
        TypeError,
        r"X must be an instance of mne.Epochs or array, got .*RawArray",
        id="X=Raw",
    ),
    pytest.param(
        lambda c: call(c.model.fit, _evoked(c)),
        TypeError,
        r"X must be an instance of mne.Epochs or array, got .*EvokedArray",
        id="X=Evoked",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X[:, :, 0], c.y),
        ValueError,
        r"X must have 3 dimensions \(n_epochs, n_channels, n_times\), got shape "
        r"\(48, 6\)",
        id="X 2-D",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X[:, None], c.y),
        ValueError,
        r"X must have 3 dimensions .*, got shape \(48, 1, 6, 160\)",
        id="X 4-D",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X[:0], c.y[:0]),
        ValueError,
        r"X must hold at least one epoch, got 0",
        id="X empty",
    ),
    pytest.param(
        lambda c: call(c.model.fit, _set(c.X, (0, 0, 0), np.nan), c.y),
        ValueError,
        r"X must hold only finite values, got NaN or inf",
        id="X NaN",
    ),
    pytest.param(
        lambda c: call(c.model.fit, _set(c.X, (3, 1, 5), -np.inf), c.y),
        ValueError,
        r"X must hold only finite values, got NaN or inf",
        id="X -inf",
    ),
    pytest.param(
        lambda c: call(c.model.fit, _set(c.X, (0, 0, 0), 1e40), c.y),
        ValueError,
        r"X must hold values of magnitude below 3.4e\+38 \(float32\), got 1e\+40",
        id="X 1e40",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X * (1 + 1j), c.y),
        TypeError,
        r"X must hold real values, got complex128",
        id="X complex",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X.astype(str), c.y),
        TypeError,
        r"X must hold numbers, got an array of dtype <U",
        id="X strings",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X.astype(object), c.y),
        TypeError,
        r"X must hold numbers, got an array of dtype object",
        id="X object dtype",
    ),
    pytest.param(
        lambda c: call(c.model.fit, _ragged(c), [1, 2]),
        ValueError,
        r"X must be a regular \(n_epochs, n_channels, n_times\) array, got",
        id="X ragged list",
    ),
    pytest.param(
        lambda c: call(c.model.fit, _with(c.epochs, data=_flat_c3)),
        ValueError,
        r"X must vary on every channel it trains on, got constant channels \['C3'\]",
        id="X flat channel",
    ),
    pytest.param(
        lambda c: call(c.model.fit, _with(c.epochs, bads=list(c.epochs.ch_names))),
        ValueError,
        r"X must have at least one good data channel \(or region channel of type "
        r"'dipole'\), got none: .*bads",
        id="X all channels bad",
    ),
    pytest.param(
        lambda c: call(c.model.fit, _with(c.epochs, event_id={"open": 1})),
        ValueError,
        r"X must have a name in event_id for every event code, got codes "
        r"\[2\] without one",
        id="X event code without name",
    ),
    pytest.param(
        lambda c: call(
            c.model.fit,
            _with(c.epochs, metadata=_subject_nan_at_5),
        ),
        ValueError,
        r"groups \(metadata\['subject'\]\) must name the subject of every epoch, "
        r"got missing values for epochs \[5\]",
        id="X metadata subject NaN",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.epochs["open"]),
        ValueError,
        r"the events of X must hold at least 2 classes to learn from, got only "
        r"\['open'\]",
        id="X one class",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.epochs[[0, 1, 2, 4]]),
        ValueError,
        r"the events of X must give each class at least 2 epochs, got fewer for "
        r"\['closed'\]",
        id="X one epoch of a class",
    ),
    # y
    pytest.param(
        lambda c: call(c.model.fit, c.X, None),
        ValueError,
        r"y must be given when X is an array, got None",
        id="y None",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X, c.y[:-1]),
        ValueError,
        r"y must have one entry per epoch \(48\), got shape \(47,\)",
        id="y too short",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X, c.y[:, None]),
        ValueError,
        r"y must have one entry per epoch \(48\), got shape \(48, 1\)",
        id="y 2-D",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X, np.ones(N_EPOCHS, int)),
        ValueError,
        r"y must hold at least 2 classes to learn from, got only \[1\]",
        id="y one class",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X[:2], [1, 2]),
        ValueError,
        r"y must give each class at least 2 epochs, got fewer for \['1', '2'\]",
        id="y one epoch per class",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X, [[1, 2]] + [[1]] * (N_EPOCHS - 1)),
        ValueError,
        r"y must be a regular array, got",
        id="y ragged list",
    ),
    # groups
    pytest.param(
        lambda c: call(c.model.fit, c.X, c.y, c.groups[:10]),
        ValueError,
        r"groups must have one entry per epoch \(48\), got shape \(10,\)",
        id="groups too short",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.X, c.y, [None] + c.groups[1:].tolist()),
        ValueError,
        r"groups \(metadata\['subject'\]\) must name the subject of every epoch, "
        r"got missing values for epochs \[0\]",
        id="groups None entry",
    ),
    pytest.param(
        lambda c: call(
            c.model.fit, c.X, c.y, np.array([1] * 24 + ["s2"] * 24, dtype=object)
        ),
        TypeError,
        r"groups .* must be subject identifiers of one type, got a mix of "
        r"\['int', 'str'\]",
        id="groups mixed types",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.epochs, None, c.groups),
        ValueError,
        r"groups must be None when X is mne.Epochs .*metadata\['subject'\].*, got",
        id="groups with Epochs",
    ),
    # checkpoint
    pytest.param(
        lambda c: call(c.model.fit, c.epochs, checkpoint=c.tmp_path),
        ValueError,
        r"checkpoint must be a file name, got the folder",
        id="checkpoint folder",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.epochs, checkpoint=c.tmp_path / "no" / "ck.pt"),
        FileNotFoundError,
        r"checkpoint must be a path in an existing folder, got .*ck.pt: the folder",
        id="checkpoint in missing folder",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.epochs, checkpoint=42),
        TypeError,
        r"checkpoint must be an instance of path-like, got <class 'int'>",
        id="checkpoint=42",
    ),
    pytest.param(
        lambda c: call(
            c.model.fit, c.epochs, checkpoint=_write(c, "notes.txt", b"not a fit")
        ),
        ValueError,
        r"checkpoint must be a file written by EEGTransformer.fit, .*notes.txt could "
        r"not be read",
        id="checkpoint not a checkpoint",
    ),
    pytest.param(
        lambda c: call(
            c.model.set_params(random_state=None).fit,
            c.epochs,
            checkpoint=c.tmp_path / "ck.pt",
        ),
        ValueError,
        r"random_state must be an int when a checkpoint is given.*, got None",
        id="checkpoint with random_state=None",
    ),
    pytest.param(
        lambda c: call(
            c.model.set_params(random_state=np.random.RandomState(0)).fit,
            c.epochs,
            checkpoint=c.tmp_path / "ck.pt",
        ),
        ValueError,
        r"random_state must be an int when a checkpoint is given.*, got RandomState",
        id="checkpoint with RandomState",
    ),
    pytest.param(
        lambda c: call(c.model.fit, c.epochs, verbose="LOUD"),
        ValueError,
        r"'verbose' parameter.*got 'LOUD'",
        id="fit verbose='LOUD'",
    ),
]


@pytest.mark.parametrize("build, error, match", FIT_ROWS)
def test_fit_refuses(ctx, build, error, match):
    """Fit refuses each bad input and leaves it, and the fitted model, as they were."""
    _check_refused(ctx, build, error, match)


# -------------------------------------------------- predict, predict_proba, ...
def xrow(id_, make_x, error, match, model="model"):
    """A row of bad ``X`` for the three prediction methods."""
    return pytest.param(make_x, error, match, model, id=id_)


PREDICT_ROWS = [
    xrow(
        "X=str",
        lambda c: "epochs-epo.fif",
        TypeError,
        r"X must be an instance of mne.Epochs or array, got <class 'str'>",
    ),
    xrow(
        "X=dict",
        lambda c: {"X": c.X},
        TypeError,
        r"X must be an instance of mne.Epochs or array, got <class 'dict'>",
    ),
    xrow(
        "X=None",
        lambda c: None,
        TypeError,
        r"X must be an instance of mne.Epochs or array, got None",
    ),
    xrow(
        "X=Raw",
        _raw,
        TypeError,
        r"X must be an instance of mne.Epochs or array, got .*RawArray",
    ),
    xrow(
        "X=Evoked",
        _evoked,
        TypeError,
        r"X must be an instance of mne.Epochs or array, got .*EvokedArray",
    ),
    xrow(
        "X 2-D",
        lambda c: c.X[0],
        ValueError,
        r"X must have 3 dimensions \(n_epochs, n_channels, n_times\), got shape "
        r"\(6, 160\)",
    ),
    xrow(
        "X 4-D",
        lambda c: c.X[None],
        ValueError,
        r"X must have 3 dimensions .*, got shape \(1, 48, 6, 160\)",
    ),
    xrow(
        "X list of Epochs",
        lambda c: [c.epochs],
        ValueError,
        r"X must have 3 dimensions .*, got shape \(1, 48, 6, 160\)",
    ),
    xrow(
        "X empty",
        lambda c: c.X[:0],
        ValueError,
        r"X must hold at least one epoch, got 0",
    ),
    xrow(
        "X NaN",
        lambda c: _set(c.X, (1, 2, 3), np.nan),
        ValueError,
        r"X must hold only finite values, got NaN or inf",
    ),
    xrow(
        "X inf",
        lambda c: _set(c.X, (1, 2, 3), np.inf),
        ValueError,
        r"X must hold only finite values, got NaN or inf",
    ),
    xrow(
        "X 1e40",
        lambda c: np.full_like(c.X, 1e40),
        ValueError,
        r"X must hold values of magnitude below 3.4e\+38 \(float32\), got 1e\+40",
    ),
    xrow(
        "X complex",
        lambda c: c.X.astype(np.complex64),
        TypeError,
        r"X must hold real values, got complex64",
    ),
    xrow(
        "Epochs complex",
        lambda c: mne.EpochsArray(
            c.X * 1j,
            c.epochs.info,
            c.epochs.events,
            event_id=c.epochs.event_id,
            verbose=False,
        ),
        TypeError,
        r"X must hold real values, got complex128",
    ),
    xrow(
        "X strings",
        lambda c: c.X.astype("U8"),
        TypeError,
        r"X must hold numbers, got an array of dtype <U8",
    ),
    xrow(
        "X bool",
        lambda c: c.X > 0,
        TypeError,
        r"X must hold numbers, got an array of dtype bool",
    ),
    xrow(
        "X ragged list",
        _ragged,
        ValueError,
        r"X must be a regular \(n_epochs, n_channels, n_times\) array, got",
    ),
    xrow(
        "X 5 channels",
        lambda c: c.X[:, :5],
        ValueError,
        r"X must have 6 channels like the training data, got 5",
    ),
    xrow(
        "X other n_times",
        lambda c: c.X[:, :, :80],
        ValueError,
        r"X must have 160 time samples like the training data, got 80",
    ),
    xrow(
        "Epochs missing channel",
        lambda c: c.epochs.copy().drop_channels(["O2"]),
        ValueError,
        r"X is missing channels the model was trained on: \['O2'\]",
    ),
    xrow(
        "Epochs renamed channels",
        lambda c: c.epochs.copy().rename_channels(str.lower),
        ValueError,
        r"X is missing channels the model was trained on: \['Fz', 'Cz'",
    ),
    xrow(
        "Epochs other sfreq",
        lambda c: mne.EpochsArray(
            c.X,
            mne.create_info(c.epochs.ch_names, 80.0, "eeg"),
            c.epochs.events,
            event_id=c.epochs.event_id,
            verbose=False,
        ),
        ValueError,
        r"X must be sampled at 160.0 Hz like the training data, got 80.0 Hz",
    ),
    xrow(
        "Epochs other n_times",
        lambda c: c.epochs.copy().crop(0, 99 / 160),
        ValueError,
        r"X must have 160 time samples like the training data, got 100",
    ),
    xrow(
        "Epochs bads on model channels",
        lambda c: _with(c.epochs, bads=["C3", "O1"]),
        ValueError,
        r"X marks channels the model needs as bad: \['C3', 'O1'\]",
    ),
    xrow(
        "Epochs other tmin",
        lambda c: c.epochs.copy().shift_time(-0.5),
        ValueError,
        r"X must start at tmin=0 s like the training epochs, got -0.5 s",
    ),
    xrow(
        "X 1e30 scale",
        lambda c: c.X * 1e30,
        ValueError,
        r"X must be on the scale of the training data, got values .* standard "
        r"deviations",
    ),
    xrow(
        "unfitted model",
        lambda c: c.epochs,
        NotFittedError,
        r"This EEGTransformer is not fitted yet: call fit\(epochs\) first",
        model="unfitted",
    ),
]


@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function"])
@pytest.mark.parametrize("make_x, error, match, which", PREDICT_ROWS)
def test_prediction_refuses(ctx, method, make_x, error, match, which):
    """Each prediction method refuses bad X and leaves the model as it was."""
    model = getattr(ctx, which)
    _check_refused(ctx, lambda c: call(getattr(model, method), make_x(c)), error, match)


def test_prediction_ignores_what_it_does_not_need(ctx):
    """Unnamed event codes and missing subjects do not stop a prediction."""
    epochs = _with(ctx.epochs, event_id={"open": 1})
    epochs.metadata = epochs.metadata.assign(subject=np.nan)
    expected = ctx.model.predict_proba(ctx.epochs)
    np.testing.assert_array_equal(ctx.model.predict_proba(epochs), expected)


# -------------------------------------------------------------------- score
SCORE_ROWS = [
    pytest.param(
        lambda c: call(c.model.score, "epochs"),
        TypeError,
        r"X must be an instance of mne.Epochs or array, got <class 'str'>",
        id="X=str",
    ),
    pytest.param(
        lambda c: call(c.model.score, _set(c.X, (0, 0, 0), np.nan), c.y),
        ValueError,
        r"X must hold only finite values, got NaN or inf",
        id="X NaN",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs.copy().drop_channels(["Fz"])),
        ValueError,
        r"X is missing channels the model was trained on: \['Fz'\]",
        id="Epochs missing channel",
    ),
    pytest.param(
        lambda c: call(c.unfitted.score, c.epochs),
        NotFittedError,
        r"EEGTransformer is not fitted yet",
        id="unfitted model",
    ),
    pytest.param(
        lambda c: call(c.model.score, _with(c.epochs, event_id={"closed": 2})),
        ValueError,
        r"X must have a name in event_id for every event code, got codes "
        r"\[1\] without one",
        id="Epochs event code without name",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.X),
        ValueError,
        r"y must be given when X is an array, got None",
        id="y None for array X",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, c.epochs.events[:-1, 2]),
        ValueError,
        r"y must have one label per epoch of X \(48\), got shape \(47,\)",
        id="y too short",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, np.c_[c.y, c.y]),
        ValueError,
        r"y must have one label per epoch of X \(48\), got shape \(48, 2\)",
        id="y 2-D",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, "open"),
        ValueError,
        r"y must have one label per epoch of X \(48\), got shape \(\)",
        id="y scalar",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, c.y),
        ValueError,
        r"y must hold labels from classes_ \['closed', 'open'\], got others: \[1, 2\]",
        id="y codes instead of names",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, ["open", "shut"] * 24),
        ValueError,
        r"y must hold labels from classes_ \['closed', 'open'\], got others: "
        r"\['shut'\]",
        id="y unknown label",
    ),
    pytest.param(
        lambda c: call(c.model.score, _with(c.epochs, event_id={"open": 1, "rest": 2})),
        ValueError,
        r"the events of X must hold labels from classes_ \['closed', 'open'\], got "
        r"others: \['rest'\]",
        id="Epochs unknown condition",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, [["open"], ["closed", "open"]] * 24),
        ValueError,
        r"y must be a regular array, got",
        id="y ragged",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, sample_weight=np.ones(10)),
        ValueError,
        r"sample_weight must have one weight per epoch of X \(48\), got shape "
        r"\(10,\)",
        id="sample_weight too short",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, sample_weight=np.ones((48, 2))),
        ValueError,
        r"sample_weight must have one weight per epoch of X \(48\), got shape "
        r"\(48, 2\)",
        id="sample_weight 2-D",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, sample_weight=1.0),
        ValueError,
        r"sample_weight must have one weight per epoch of X \(48\), got shape \(\)",
        id="sample_weight scalar",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, sample_weight=["1"] * 48),
        TypeError,
        r"sample_weight must hold numbers, got an array of dtype <U1",
        id="sample_weight strings",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, sample_weight={"open": 1.0}),
        TypeError,
        r"sample_weight must hold numbers, got an array of dtype object",
        id="sample_weight dict",
    ),
    pytest.param(
        lambda c: call(
            c.model.score, c.epochs, sample_weight=_set(np.ones(48), 3, -1.0)
        ),
        ValueError,
        r"sample_weight must hold finite non-negative weights, got \[-1.0\]",
        id="sample_weight negative",
    ),
    pytest.param(
        lambda c: call(
            c.model.score, c.epochs, sample_weight=_set(np.ones(48), 3, np.nan)
        ),
        ValueError,
        r"sample_weight must hold finite non-negative weights, got \[nan\]",
        id="sample_weight NaN",
    ),
    pytest.param(
        lambda c: call(c.model.score, c.epochs, sample_weight=np.zeros(48)),
        ValueError,
        r"sample_weight must have a positive sum, got 0",
        id="sample_weight all zero",
    ),
]


@pytest.mark.parametrize("build, error, match", SCORE_ROWS)
def test_score_refuses(ctx, build, error, match):
    """Score refuses each bad X, y or sample_weight."""
    _check_refused(ctx, build, error, match)


# --------------------------------------------------------------------- save
SAVE_ROWS = [
    pytest.param(
        lambda c: call(c.model.save, c.tmp_path / "missing" / "model.mnea"),
        FileNotFoundError,
        r"fname must be a path in an existing folder, got .*model.mnea: the folder "
        r".*missing does not exist",
        id="missing folder",
    ),
    pytest.param(
        lambda c: call(c.model.save, str(c.tmp_path / "a" / "b" / "model.mnea")),
        FileNotFoundError,
        r"fname must be a path in an existing folder, got .*model.mnea",
        id="missing folders (str)",
    ),
    pytest.param(
        lambda c: call(c.model.save, _write(c, "model.mnea", b"keep me")),
        FileExistsError,
        r"fname must not exist unless overwrite=True, got the existing file "
        r".*model.mnea",
        id="existing file",
    ),
    pytest.param(
        lambda c: call(
            c.model.save, str(_write(c, "model.mnea", b"keep me")), overwrite=False
        ),
        FileExistsError,
        r"fname must not exist unless overwrite=True, got the existing file",
        id="existing file (str, overwrite=False)",
    ),
    pytest.param(
        lambda c: call(c.model.save, c.tmp_path),
        IsADirectoryError,
        r"fname must be a file name, got the folder",
        id="folder",
    ),
    pytest.param(
        lambda c: call(c.model.save, c.tmp_path, overwrite=True),
        IsADirectoryError,
        r"fname must be a file name, got the folder",
        id="folder, overwrite=True",
    ),
    pytest.param(
        lambda c: call(c.model.save, ""),
        IsADirectoryError,
        r"fname must be a file name, got the folder",
        id="empty name",
    ),
    pytest.param(
        lambda c: call(c.model.save, _write(c, "file.txt", b"x") / "model.mnea"),
        NotADirectoryError,
        r"fname must be a path in an existing folder, got .*: .*file.txt is not a "
        r"folder",
        id="parent is a file",
    ),
    pytest.param(
        lambda c: call(c.unfitted.save, c.tmp_path / "model.mnea"),
        NotFittedError,
        r"EEGTransformer is not fitted yet",
        id="unfitted",
    ),
    pytest.param(
        lambda c: call(clone(c.model).save, c.tmp_path / "model.mnea"),
        NotFittedError,
        r"EEGTransformer is not fitted yet",
        id="clone of a fitted model",
    ),
    pytest.param(
        lambda c: call(c.model.save, 123),
        TypeError,
        r"fname must be an instance of path-like, got <class 'int'>",
        id="fname=123",
    ),
    pytest.param(
        lambda c: call(c.model.save, None),
        TypeError,
        r"fname must be an instance of path-like, got None",
        id="fname=None",
    ),
    pytest.param(
        lambda c: call(c.model.save, [str(c.tmp_path / "model.mnea")]),
        TypeError,
        r"fname must be an instance of path-like, got <class 'list'>",
        id="fname=list",
    ),
    pytest.param(
        lambda c: call(c.model.save, {"fname": "model.mnea"}),
        TypeError,
        r"fname must be an instance of path-like, got <class 'dict'>",
        id="fname=dict",
    ),
    pytest.param(
        lambda c: call(c.model.save, 1.5),
        TypeError,
        r"fname must be an instance of path-like, got <class 'float'>",
        id="fname=1.5",
    ),
    pytest.param(
        lambda c: call(c.model.save, bytes(c.tmp_path / "model.mnea")),
        TypeError,
        r"fname must be an instance of path-like, got <class 'bytes'>",
        id="fname=bytes",
    ),
    pytest.param(
        lambda c: call(c.model.save, c.tmp_path / "model.mnea", overwrite="yes"),
        TypeError,
        r"overwrite must be an instance of bool, got <class 'str'>",
        id="overwrite='yes'",
    ),
    pytest.param(
        lambda c: call(
            c.model.save, _write(c, "model.mnea", b"keep me"), overwrite="False"
        ),
        TypeError,
        r"overwrite must be an instance of bool, got <class 'str'>",
        id="overwrite='False' on an existing file",
    ),
    pytest.param(
        lambda c: call(c.model.save, c.tmp_path / "model.mnea", overwrite=None),
        TypeError,
        r"overwrite must be an instance of bool, got None",
        id="overwrite=None",
    ),
    pytest.param(
        lambda c: call(c.model.save, c.tmp_path / "model.mnea", overwrite=1),
        TypeError,
        r"overwrite must be an instance of bool, got <class 'int'>",
        id="overwrite=1",
    ),
]


@pytest.mark.parametrize("build, error, match", SAVE_ROWS)
def test_save_refuses(ctx, build, error, match):
    """Save refuses each bad fname or overwrite and writes nothing."""
    _check_refused(ctx, build, error, match)


# --------------------------------------------------------------- read_model
READ_ROWS = [
    pytest.param(
        lambda c: call(read_model, c.tmp_path / "missing.mnea"),
        FileNotFoundError,
        r"fname .*does not exist.*missing.mnea",
        id="missing file",
    ),
    pytest.param(
        lambda c: call(read_model, c.tmp_path),
        OSError,
        r"fname.*(a file|directory|folder)",
        id="folder",
    ),
    pytest.param(
        lambda c: call(read_model, 123),
        TypeError,
        r"fname must be an instance of path-like, got <class 'int'>",
        id="fname=123",
    ),
    pytest.param(
        lambda c: call(read_model, None),
        TypeError,
        r"fname must be an instance of path-like, got None",
        id="fname=None",
    ),
    pytest.param(
        lambda c: call(read_model, [c.model_file]),
        TypeError,
        r"fname must be an instance of path-like, got <class 'list'>",
        id="fname=list",
    ),
    pytest.param(
        lambda c: call(read_model, _write(c, "notes.txt", b"some notes")),
        ValueError,
        r"fname must be a model file written by EEGTransformer.save, notes.txt could "
        r"not be read",
        id="text file",
    ),
    pytest.param(
        lambda c: call(read_model, _write(c, "empty.mnea", b"")),
        ValueError,
        r"fname must be a model file written by EEGTransformer.save, empty.mnea "
        r"could not be read",
        id="empty file",
    ),
    pytest.param(
        lambda c: call(
            read_model, _write(c, "half.mnea", c.model_file.read_bytes()[:1000])
        ),
        ValueError,
        r"fname must be a model file .*, half.mnea could not be read",
        id="truncated model file",
    ),
    pytest.param(
        lambda c: call(
            read_model, _write(c, "pickle.mnea", pickle.dumps(SimpleNamespace(a=1)))
        ),
        ValueError,
        r"fname must be a model file .*, pickle.mnea could not be read",
        id="pickle of an object",
    ),
    pytest.param(
        lambda c: call(read_model, _torch_file(c, [1, 2, 3])),
        ValueError,
        r"fname must be a model file written by EEGTransformer.save, other.mnea is "
        r"not one",
        id="torch file of a list",
    ),
    pytest.param(
        lambda c: call(read_model, _torch_file(c, {"weights": {}})),
        ValueError,
        r"fname must be a model file .*, other.mnea is not one",
        id="torch file without format",
    ),
    pytest.param(
        lambda c: call(
            read_model,
            _torch_file(c, {"format": "mne-attention-checkpoint", "format_version": 1}),
        ),
        ValueError,
        r"fname must be a model file .*, other.mnea is not one",
        id="checkpoint file",
    ),
    pytest.param(
        lambda c: call(
            read_model,
            _tampered_model(c, lambda s: s.update(format_version=99)),
        ),
        ValueError,
        r"fname must be a model file .*uses format version 99; this mne-attention "
        r"reads up to 2",
        id="future format version",
    ),
    pytest.param(
        lambda c: call(read_model, _tampered_model(c, _drop_weight)),
        ValueError,
        r"fname must be a model file .*is not a valid mne-attention model file",
        id="weight missing",
    ),
    pytest.param(
        lambda c: call(read_model, _tampered_model(c, _classes_as_str)),
        ValueError,
        r"fname must be a model file .*is not a valid mne-attention model file: "
        r".*classes",
        id="classes not a list",
    ),
    pytest.param(
        lambda c: call(read_model, c.model_file, device="tpu"),
        ValueError,
        r"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got 'tpu'",
        id="device='tpu'",
    ),
    pytest.param(
        lambda c: call(read_model, c.model_file, device="cuda:x"),
        ValueError,
        r"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got 'cuda:x'",
        id="device='cuda:x'",
    ),
    pytest.param(
        lambda c: call(read_model, c.model_file, device=0),
        TypeError,
        r"device must be an instance of str or torch.device, got <class 'int'>",
        id="device=0",
    ),
    pytest.param(
        lambda c: call(read_model, c.model_file, device=None),
        TypeError,
        r"device must be an instance of str or torch.device, got None",
        id="device=None",
    ),
    pytest.param(
        lambda c: call(read_model, c.model_file, device="cuda"),
        ValueError,
        r"device must be 'auto' or 'cpu' here \(CUDA is not available\), got 'cuda'",
        id="device='cuda' without CUDA",
        marks=NO_CUDA,
    ),
    pytest.param(
        lambda c: call(read_model, c.model_file, verbose="LOUD"),
        ValueError,
        r"'verbose' parameter.*got 'LOUD'",
        id="verbose='LOUD'",
    ),
]


@pytest.mark.parametrize("build, error, match", READ_ROWS)
def test_read_model_refuses(ctx, build, error, match):
    """read_model refuses each bad fname or device and changes no file."""
    _check_refused(ctx, build, error, match)


# ------------------------------------------------------------ properties
_CH_NAMES = ["Fz", "Cz", "C3", "C4", "O1", "O2"]
_SMALL_FIT = dict(TINY_PARAMS, max_epochs=1)
_PROPERTY_SETTINGS = settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def _epochs_cases(draw):
    """Small random Epochs: shape, class count, dtype of the data, channel order."""
    n_classes = draw(st.integers(2, 3))
    n_per_class = draw(st.integers(2, 5))
    n_channels = draw(st.integers(1, len(_CH_NAMES)))
    n_times = draw(st.integers(16, 96))
    dtype = draw(st.sampled_from(["float32", "float64", "int64"]))
    order = draw(st.permutations(range(n_channels)))
    seed = draw(st.integers(0, 2**16))
    return n_classes, n_per_class, n_channels, n_times, dtype, order, seed


def _random_data(rng, shape, dtype):
    if dtype == "int64":
        return rng.integers(-1000, 1000, shape)
    return (rng.standard_normal(shape) * 1e-5).astype(dtype)


@_PROPERTY_SETTINGS
@given(case=_epochs_cases())
def test_any_small_epochs_fit_and_predict(case):
    """Any small Epochs trains; predictions have the right shapes and sum to one;
    the Epochs are unchanged; reordered channels give the same probabilities.
    """
    n_classes, n_per_class, n_channels, n_times, dtype, order, seed = case
    rng = np.random.default_rng(seed)
    n_epochs = n_classes * n_per_class
    data = _random_data(rng, (n_epochs, n_channels, n_times), dtype)
    codes = np.arange(n_epochs) % n_classes + 1
    events = np.c_[np.arange(n_epochs) * n_times, np.zeros(n_epochs, int), codes]
    info = mne.create_info(_CH_NAMES[:n_channels], 160.0, "eeg")
    event_id = {f"class{code}": code for code in range(1, n_classes + 1)}
    epochs = mne.EpochsArray(data, info, events, event_id=event_id, verbose=False)
    before = snapshot(epochs)
    with mne.utils.use_log_level("warning"):
        model = EEGTransformer(**_SMALL_FIT)
        assert model.fit(epochs) is model
        proba = model.predict_proba(epochs)
        predicted = model.predict(epochs)
        scores = model.decision_function(epochs)
        reordered = epochs.copy().reorder_channels([epochs.ch_names[i] for i in order])
        proba_reordered = model.predict_proba(reordered)
    assert_unchanged(before, epochs)
    assert sorted(model.classes_) == sorted(event_id)
    assert proba.shape == scores.shape == (n_epochs, n_classes)
    assert predicted.shape == (n_epochs,) and set(predicted) <= set(model.classes_)
    assert np.isfinite(proba).all() and (proba >= 0).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)
    np.testing.assert_array_equal(predicted, model.classes_[proba.argmax(axis=1)])
    np.testing.assert_allclose(proba_reordered, proba, rtol=1e-6, atol=1e-7)


@_PROPERTY_SETTINGS
@given(case=_epochs_cases())
def test_any_small_array_fit_and_predict(case):
    """Arrays of float32, float64 or int train and predict like their float64 copy,
    and stay as they were.
    """
    n_classes, n_per_class, n_channels, n_times, dtype, _, seed = case
    rng = np.random.default_rng(seed)
    n_epochs = n_classes * n_per_class
    X = _random_data(rng, (n_epochs, n_channels, n_times), dtype)
    y = (np.arange(n_epochs) % n_classes).tolist()
    before = snapshot((X, y))
    with mne.utils.use_log_level("warning"):
        model = EEGTransformer(**_SMALL_FIT).fit(X, y)
        proba = model.predict_proba(X)
        proba_float64 = model.predict_proba(X.astype(np.float64))
        predicted = model.predict(X)
    assert_unchanged(before, (X, y))
    assert proba.shape == (n_epochs, n_classes) and predicted.shape == (n_epochs,)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)
    np.testing.assert_array_equal(proba, proba_float64)
    assert set(predicted.tolist()) <= set(range(n_classes))
