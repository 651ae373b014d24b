"""Out-of-core data: memory-mapped arrays and lazy Epochs, read a batch at a time."""

import mne
import numpy as np
import pytest
import torch

from mne_attention import EEGTransformer, compute_attention, fit_attention
from mne_attention.model._data import ChannelSummary, channel_summary
from mne_attention.model._source import StandardisedEpochs
from mne_attention.utils import _rows
from mne_attention.utils._rows import ArrayRows, FileRows, array_rows


def _on_disk(tmp_path, X, mode="r"):
    """``X`` written with ``open_memmap`` and opened again with ``np.load``."""
    fname = tmp_path / "X.npy"
    written = np.lib.format.open_memmap(fname, "w+", X.dtype, X.shape)
    written[:] = X
    written.flush()
    del written
    return np.load(fname, mmap_mode=mode)


def test_memmap_fits_predicts_and_attends_like_memory(
    tiny_epochs, tiny_params, tmp_path
):
    """A memory-mapped X trains the same model as X in memory, and is not changed."""
    X, y = tiny_epochs.get_data(), tiny_epochs.events[:, 2]
    groups = tiny_epochs.metadata["subject"].to_numpy()
    mapped = _on_disk(tmp_path, X, mode="r+")  # writable, yet left as it was
    assert isinstance(array_rows(mapped), FileRows)
    expected = EEGTransformer(**tiny_params).fit(X, y, groups)
    model = EEGTransformer(**tiny_params).fit(mapped, y, groups)
    # data of one chunk are summarised at once, as in memory: the same bits
    np.testing.assert_array_equal(model.mean_, expected.mean_)
    np.testing.assert_array_equal(model.std_, expected.std_)
    np.testing.assert_array_equal(
        model.predict_proba(mapped), expected.predict_proba(X)
    )
    assert model.score(mapped, y) == expected.score(X, y)
    np.testing.assert_array_equal(mapped, X)
    model.ch_names_, model.sfreq_ = tiny_epochs.ch_names, tiny_epochs.info["sfreq"]
    expected.ch_names_, expected.sfreq_ = model.ch_names_, model.sfreq_
    np.testing.assert_array_equal(
        compute_attention(model, tiny_epochs).get_data(),
        compute_attention(expected, tiny_epochs).get_data(),
    )


def test_lazy_epochs_from_a_file_like_preloaded(tiny_epochs, tiny_params, tmp_path):
    """Epochs read from a .fif with preload=False give what preloaded ones give."""
    raw = mne.io.RawArray(
        np.concatenate(list(tiny_epochs.get_data()), axis=1),
        tiny_epochs.info,
        verbose=False,
    )
    raw.save(tmp_path / "tiny_raw.fif", verbose=False)
    raw = mne.io.read_raw_fif(tmp_path / "tiny_raw.fif", verbose=False)
    lazy = mne.Epochs(
        raw,
        tiny_epochs.events,
        tiny_epochs.event_id,
        tmin=0,
        tmax=tiny_epochs.tmax,
        baseline=None,
        preload=False,
        metadata=tiny_epochs.metadata,
        verbose=False,
    )
    loaded = lazy.copy().load_data()
    expected = EEGTransformer(**tiny_params).fit(loaded)
    model = EEGTransformer(**tiny_params).fit(lazy)
    np.testing.assert_array_equal(model.mean_, expected.mean_)
    np.testing.assert_array_equal(model.std_, expected.std_)
    np.testing.assert_array_equal(model.predict(lazy), expected.predict(loaded))
    np.testing.assert_array_equal(
        compute_attention(model, lazy).get_data(),
        compute_attention(expected, loaded).get_data(),
    )
    params = dict(tiny_params, max_epochs=1)
    del params["random_state"]
    result = fit_attention(lazy, cv=3, random_state=0, **params)
    expected = fit_attention(loaded, cv=3, random_state=0, **params)
    np.testing.assert_array_equal(
        result.attention.get_data(), expected.attention.get_data()
    )
    assert not lazy.preload and not raw.preload


def test_streaming_statistics_equal_numpy_on_offset_data(tmp_path, monkeypatch):
    """Chunk moments merge to NumPy's statistics even far from zero."""
    rng = np.random.default_rng(0)
    X = (1e4 + 1e-2 * rng.standard_normal((50, 3, 40))).astype(np.float32)
    X[:, 1] -= 2e4
    mapped = _on_disk(tmp_path, X)
    monkeypatch.setattr(_rows, "STREAM_CHUNK_BYTES", 3 * 3 * 40 * 4)  # 3 epochs
    source = array_rows(mapped)
    assert len(list(source.chunks())) == 17
    rows = rng.permutation(50)[:31]
    mean, std = channel_summary(source, rows, "X").stats
    np.testing.assert_allclose(mean, X[rows].mean(axis=(0, 2), dtype=np.float64))
    np.testing.assert_allclose(
        std, X[rows].std(axis=(0, 2), dtype=np.float64), rtol=1e-10
    )
    halves = ChannelSummary.of(X[:20]).merged(ChannelSummary.of(X[20:]))
    np.testing.assert_array_equal(halves.low, X.min(axis=(0, 2)))
    np.testing.assert_array_equal(halves.high, X.max(axis=(0, 2)))


def test_fit_on_memmap_reads_a_few_batches_at_a_time(
    tiny_epochs, tiny_params, tmp_path, monkeypatch
):
    """No read during fit or predict asks for more epochs than a batch."""
    X, y = tiny_epochs.get_data(), tiny_epochs.events[:, 2]
    mapped = _on_disk(tmp_path, X)
    expected = EEGTransformer(**tiny_params).fit(X, y)
    monkeypatch.setattr(_rows, "STREAM_CHUNK_BYTES", 4 * X[0].size * 4)  # 4 epochs
    reads = []
    read = FileRows._read

    def counted_read(self, rows):
        reads.append(len(rows))
        return read(self, rows)

    monkeypatch.setattr(FileRows, "_read", counted_read)
    model = EEGTransformer(**tiny_params).fit(mapped, y)
    model.predict(mapped)
    batch_size = model.schedule_["batch_size"]
    assert batch_size < len(X) and sum(reads) > 2 * len(X)
    assert max(reads) <= batch_size
    # statistics merged from 12 chunks
    np.testing.assert_allclose(model.mean_, expected.mean_, rtol=1e-10)
    np.testing.assert_allclose(model.std_, expected.std_, rtol=1e-10)


def test_mapped_views_are_read_as_they_are(tmp_path):
    """Views of a mapping read the right epochs, from the file or the mapping."""
    X = np.arange(9 * 2 * 3, dtype=">f8").reshape(9, 2, 3)
    mapped = _on_disk(tmp_path, X)
    rows = np.array([3, 0, 2, 2])
    for view, reader in [
        (mapped[1::2], FileRows),
        (mapped[::-1, 1:], FileRows),
        (np.asarray(mapped)[2:], FileRows),
        (mapped.transpose(0, 2, 1), ArrayRows),
        (np.load(tmp_path / "X.npy", mmap_mode="c"), ArrayRows),
    ]:
        source = array_rows(view)
        assert type(source) is reader and not source.in_memory
        values = source.read(rows)
        assert values.dtype == np.float32 and values.flags.c_contiguous
        np.testing.assert_array_equal(values, view[rows])
    data = StandardisedEpochs(array_rows(mapped[:4]))
    data.standardise(np.ones(2), np.full(2, 2.0))
    np.testing.assert_array_equal(data.subset([3, 1])[1], (X[1] - 1) / 2)
    assert data[torch.tensor([0, 2])].shape == (2, 2, 3) and len(data.subset(1)) == 1


def test_bad_values_in_a_memmap_are_refused(tiny_epochs, tiny_params, tmp_path):
    """Non-finite or far-off values in mapped data are found by the streaming pass."""
    X, y = tiny_epochs.get_data(), tiny_epochs.events[:, 2]
    bad = X.copy()
    bad[-1, 0, 5] = np.nan
    with pytest.raises(ValueError, match="X must hold only finite values"):
        EEGTransformer(**tiny_params).fit(_on_disk(tmp_path, bad), y)
    model = EEGTransformer(**tiny_params).fit(X, y)
    far = X.copy()
    far[-1] *= 1e30
    with pytest.raises(ValueError, match=r"scale of the training data.*units"):
        model.predict(_on_disk(tmp_path, far))
