"""Model files: round trip, no unpickling, atomic writes, clear errors."""

from pathlib import Path

import numpy as np
import pytest
import torch

from mne_attention import EEGTransformer, read_model

DATA = Path(__file__).parent / "data"


@pytest.fixture(params=["spectral", "linear"])
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
