"""The precision of training: float32, bfloat16 under autocast, or what the device does best."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from mne_attention import EEGTransformer, read_model
from mne_attention.model import _device, _fit
from mne_attention.model._device import computes_bfloat16, resolve_precision

DATA = Path(__file__).parent / "data"


def _record_training_dtypes(monkeypatch):
    """Record the dtype of the class scores of every forward pass, by mode."""
    dtypes = {True: set(), False: set()}
    build = _fit.build_network

    def build_and_watch(*args, **kwargs):
        network = build(*args, **kwargs)
        network.head.register_forward_hook(
            lambda module, inputs, output: dtypes[module.training].add(output.dtype)
        )
        return network

    monkeypatch.setattr(_fit, "build_network", build_and_watch)
    return dtypes


@pytest.mark.parametrize("precision", ["float16", "bf16", None, torch.bfloat16])
def test_bad_precision(tiny_epochs, tiny_params, precision):
    """Anything but the three names is refused, naming the parameter and the options."""
    model = EEGTransformer(**tiny_params, precision=precision)
    with pytest.raises(
        ValueError, match=r"'precision' parameter.*'float32', 'bfloat16', and 'auto'"
    ):
        model.fit(tiny_epochs)


def test_float32_ignores_an_enclosing_autocast(tiny_epochs, tiny_params, monkeypatch):
    """float32 trains in float32 even inside a bfloat16 autocast region."""
    expected = EEGTransformer(**tiny_params, precision="float32").fit(tiny_epochs)
    dtypes = _record_training_dtypes(monkeypatch)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        model = EEGTransformer(**tiny_params, precision="float32").fit(tiny_epochs)
    assert dtypes == {True: {torch.float32}, False: {torch.float32}}
    pd.testing.assert_frame_equal(model.history_, expected.history_)
    np.testing.assert_array_equal(
        model.predict_proba(tiny_epochs), expected.predict_proba(tiny_epochs)
    )


def test_auto_is_float32_without_bfloat16_units(tiny_epochs, tiny_params, monkeypatch):
    """On a device without bfloat16 units "auto" gives exactly the float32 fit."""
    monkeypatch.setattr(_device, "computes_bfloat16", lambda device: False)
    auto = EEGTransformer(**tiny_params, precision="auto").fit(tiny_epochs)
    float32 = EEGTransformer(**tiny_params, precision="float32").fit(tiny_epochs)
    pd.testing.assert_frame_equal(auto.history_, float32.history_)
    np.testing.assert_array_equal(
        auto.predict_proba(tiny_epochs), float32.predict_proba(tiny_epochs)
    )


def test_bfloat16_trains_and_predicts_in_float32(tiny_epochs, tiny_params, monkeypatch):
    """bfloat16 runs the training forward pass in bfloat16, validation and prediction not."""
    dtypes = _record_training_dtypes(monkeypatch)
    model = EEGTransformer(**dict(tiny_params, max_epochs=10, lr=3e-3))
    model.set_params(precision="bfloat16").fit(tiny_epochs)
    assert dtypes == {True: {torch.bfloat16}, False: {torch.float32}}
    assert np.isfinite(model.history_[["train_loss", "val_loss"]].to_numpy()).all()
    assert all(p.dtype == torch.float32 for p in model.network_.parameters())
    proba = model.predict_proba(tiny_epochs)
    assert proba.dtype == np.float32
    assert model.score(tiny_epochs) >= 0.8
    again = EEGTransformer(**model.get_params()).fit(tiny_epochs)
    np.testing.assert_array_equal(again.predict_proba(tiny_epochs), proba)


def test_precision_is_saved(tiny_epochs, tiny_params, tmp_path):
    """A model file keeps the precision; files written before it read as float32."""
    model = EEGTransformer(**dict(tiny_params, max_epochs=1), precision="bfloat16")
    model.fit(tiny_epochs).save(tmp_path / "model.mnea")
    again = read_model(tmp_path / "model.mnea")
    assert again.precision == "bfloat16"
    assert again.get_params() == model.get_params()
    np.testing.assert_array_equal(
        again.predict_proba(tiny_epochs), model.predict_proba(tiny_epochs)
    )
    assert read_model(DATA / "model_v2.mnea").precision == "float32"
    assert read_model(DATA / "model_v1.mnea").precision == "float32"


def test_a_file_with_a_bad_precision_is_refused(tiny_epochs, tiny_params, tmp_path):
    """The stored precision is checked as fit checks it."""
    import json

    fname = tmp_path / "model.mnea"
    EEGTransformer(**dict(tiny_params, max_epochs=1)).fit(tiny_epochs).save(fname)
    state = torch.load(fname, weights_only=True)
    metadata = json.loads(state["metadata"])
    metadata["params"]["precision"] = "float16"
    state["metadata"] = json.dumps(metadata)
    torch.save(state, fname)
    with pytest.raises(ValueError, match="params: Invalid value for the 'precision'"):
        read_model(fname)


def test_resolve_precision(monkeypatch):
    """The "auto" precision follows the device; bfloat16 on a GPU without it is refused."""
    cpu, cuda = torch.device("cpu"), torch.device("cuda", 0)
    for native, expected in ((True, "bfloat16"), (False, "float32")):
        monkeypatch.setattr(
            _device, "computes_bfloat16", lambda device, native=native: native
        )
        assert resolve_precision("auto", cpu) == expected
    assert resolve_precision("float32", cpu) == "float32"
    assert resolve_precision("bfloat16", cpu) == "bfloat16"  # slow where emulated
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda **kwargs: False)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device: "Tesla P100")
    with pytest.raises(
        ValueError,
        match=r"precision must be 'auto' or 'float32' on cuda:0 \(Tesla P100",
    ):
        resolve_precision("bfloat16", cuda)


def test_computes_bfloat16_is_false_when_unsure(monkeypatch):
    """A CPU whose bfloat16 support cannot be probed is taken not to have it."""
    assert computes_bfloat16(torch.device("cpu")) in (True, False)
    assert not computes_bfloat16(torch.device("meta"))
    monkeypatch.delattr(torch.cpu, "_is_avx512_bf16_supported")
    assert not computes_bfloat16(torch.device("cpu"))


def test_prediction_ignores_an_enclosing_autocast(tiny_epochs, tiny_params):
    """Prediction runs in float32 even inside a bfloat16 autocast region."""
    model = EEGTransformer(**dict(tiny_params, max_epochs=1)).fit(tiny_epochs)
    expected = model.predict_proba(tiny_epochs)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        proba = model.predict_proba(tiny_epochs)
    np.testing.assert_array_equal(proba, expected)
