"""Token embeddings: phase invariance, a spectral start, nothing mixed across tokens."""

import math

import pytest
import torch

from mne_attention.model.embedding import (
    LinearEmbedding,
    SpectralEmbedding,
    build_embedding,
    cosine_filter_bank,
)


def _sine(frequency, phase, n_samples=64):
    """Sines of ``frequency`` cycles per sample, one per phase."""
    samples = torch.arange(n_samples, dtype=torch.float32)
    return torch.sin(2 * math.pi * frequency * samples + phase[:, None])


def test_spectral_embedding_ignores_phase_but_not_frequency():
    """A rhythm gives the same token whatever its phase; another rhythm does not."""
    torch.manual_seed(0)
    embedding = SpectralEmbedding(64, d_model=16, n_filters=8, filter_length=33)
    phases = torch.linspace(0, 2 * math.pi, 7)
    with torch.no_grad():
        alpha = embedding(_sine(10 / 160, phases)[None])
        beta = embedding(_sine(25 / 160, phases)[None])
    # phase leaves at most a trace through the negative-frequency leakage of the taper
    torch.testing.assert_close(alpha, alpha[:, :1].expand_as(alpha), atol=2e-3, rtol=0)
    assert (alpha[0, 0] - beta[0, 0]).abs().max() > 0.1
    # the linear projection of the original study depends on the phase
    linear = LinearEmbedding(64, d_model=16)
    with torch.no_grad():
        projected = linear(_sine(10 / 160, phases)[None])
    assert (projected - projected[:, :1]).abs().max() > 0.1


def test_spectral_embedding_is_blind_to_gain():
    """Scaling a token's signal (electrode gain) leaves its embedding unchanged."""
    torch.manual_seed(0)
    embedding = SpectralEmbedding(64, d_model=16, n_filters=8, filter_length=33)
    windows = torch.randn(2, 5, 64)
    with torch.no_grad():
        torch.testing.assert_close(
            embedding(windows), embedding(7.0 * windows), atol=1e-4, rtol=1e-4
        )


@pytest.mark.parametrize("level", [False, True])
def test_spectral_embedding_is_float32_under_bfloat16_autocast(level):
    """Under bfloat16 autocast the log powers are those of float32 exactly;
    only the projection to the token dimension runs in bfloat16.
    """
    torch.manual_seed(0)
    embedding = SpectralEmbedding(
        64, d_model=16, n_filters=8, filter_length=33, level=level
    )
    seen = []
    embedding.projection.register_forward_hook(
        lambda module, inputs, output: seen.append(inputs[0])
    )
    windows = torch.randn(2, 5, 64).bfloat16()
    with torch.no_grad():
        embedding(windows.float())
        with torch.autocast("cpu", dtype=torch.bfloat16):
            tokens = embedding(windows)
    assert seen[1].dtype == torch.float32
    torch.testing.assert_close(seen[1], seen[0], atol=0, rtol=0)
    assert tokens.dtype == torch.bfloat16


def test_spectral_level_embedding_adds_the_level_to_the_shape():
    """With the level, a token's gain moves its embedding along the level
    weights, and only there: band-pass filtered tokens all share the band's
    spectral shape, so their level is what tells the classes apart.
    """
    torch.manual_seed(0)
    embedding = SpectralEmbedding(
        64, d_model=16, n_filters=8, filter_length=33, level=True
    )
    windows = torch.randn(2, 5, 64)
    with torch.no_grad():
        shift = embedding(7.0 * windows) - embedding(windows)
        expected = math.log(49.0) * embedding.level.weight[:, 0]
    torch.testing.assert_close(shift, expected.expand_as(shift), atol=1e-4, rtol=1e-4)
    assert expected.abs().max() > 0.1


def test_embeddings_mix_nothing_across_tokens():
    """Changing one token's samples changes that token's embedding only."""
    torch.manual_seed(0)
    windows = torch.randn(3, 6, 40)
    changed = windows.clone()
    changed[1, 4] = torch.randn(40)
    for embedding in (
        SpectralEmbedding(40, d_model=8, n_filters=4, filter_length=21),
        SpectralEmbedding(40, d_model=8, n_filters=4, filter_length=21, level=True),
        LinearEmbedding(40, d_model=8),
    ):
        with torch.no_grad():
            difference = (embedding(windows) - embedding(changed)).abs().sum(-1)
        assert difference[1, 4] > 0
        difference[1, 4] = 0
        assert difference.max() == 0


def test_cosine_filter_bank_starts_as_a_log_spaced_spectrum():
    """Each initial filter peaks at its own, increasing frequency with unit gain."""
    bank = cosine_filter_bank(12, 65)
    assert bank.shape == (12, 65)
    gain = torch.fft.rfft(bank, n=1024).abs()
    peaks = gain.argmax(dim=1) / 1024
    assert torch.all(torch.diff(peaks) > 0)
    assert peaks[0] == pytest.approx(2 / 65, abs=2e-3)
    assert peaks[-1] == pytest.approx(0.45, abs=2e-3)
    torch.testing.assert_close(
        gain.max(dim=1).values, torch.ones(12), atol=0.02, rtol=0
    )


def test_build_embedding():
    """The factory gives the named embedding; a filter longer than a token fails."""
    assert isinstance(build_embedding("linear", 32, 8, 4, 9), LinearEmbedding)
    spectral = build_embedding("spectral", 32, 8, 4, 9)
    assert isinstance(spectral, SpectralEmbedding)
    assert spectral.filters.shape == (4, 9) and spectral.level is None
    assert build_embedding("spectral_level", 32, 8, 4, 9).level.weight.shape == (8, 1)
    with pytest.raises(
        ValueError, match="filter_length must be between 1 and .*32.*got 33"
    ):
        SpectralEmbedding(32, 8, 4, 33)
