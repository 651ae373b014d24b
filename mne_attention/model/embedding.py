"""Token embeddings: how one channel's samples in one time window become a token.

Both embeddings see one (channel, window) token at a time, so nothing is mixed
across channels or windows before attention: the attention between tokens
stays a statement about channels and windows.
"""

import math

import torch
from torch import nn

#: The embeddings, and those of them that have a bank of ``filter_length`` taps.
EMBEDDINGS = ("spectral", "spectral_level", "linear")
FILTER_BANK_EMBEDDINGS = ("spectral", "spectral_level")

# Lowest and highest centre frequency of the initial filter bank, in cycles per
# sample: from a few cycles per filter up to just below the Nyquist frequency.
_LOWEST_CYCLES_PER_FILTER = 2.0
_HIGHEST_CYCLES_PER_SAMPLE = 0.45
# Added to the band power before the log so that a silent filter stays finite.
_POWER_FLOOR = 1e-6


class LinearEmbedding(nn.Module):
    """The original study's embedding: a shared linear projection of the samples.

    Sensitive to the phase of the signal, so it fails where the class lives in
    band power with a random phase from epoch to epoch.

    Parameters
    ----------
    window_length : int
        Samples per token.
    d_model : int
        Token dimension.
    """

    def __init__(self, window_length, d_model):
        super().__init__()
        self.projection = nn.Linear(window_length, d_model)

    def forward(self, windows):
        """Embed token windows.

        Parameters
        ----------
        windows : torch.Tensor, shape (n_epochs, n_tokens, window_length)
            The samples of each token.

        Returns
        -------
        tokens : torch.Tensor, shape (n_epochs, n_tokens, d_model)
            The embedded tokens.
        """
        return self.projection(windows)


class SpectralEmbedding(nn.Module):
    """Log band power of each token through a learned bank of temporal filters.

    Every token's samples (Hann-tapered) are filtered by the same
    ``n_filters`` FIR filters of ``filter_length`` taps; the mean power of
    each filter's output over the window, log-transformed, is the token's
    phase-invariant spectral signature. It is standardised across the
    token's filters (a layer normalisation, which also makes it blind to the
    channel's overall gain, a nuisance that varies across subjects and
    electrodes) and mapped to ``d_model`` by a linear layer.

    With ``level=True`` the token's overall log power, which that
    normalisation removes, is mapped to ``d_model`` by a second linear layer
    and added. Band-pass filtered data need it: every token then has the
    band's spectral shape, and the classes differ in its level alone.

    The filtering is done in the frequency domain: the power of a filtered
    window is its periodogram weighted by the filter's squared gain, a small
    fraction of the cost of a convolution. The filters start as Hann-windowed
    cosines at log-spaced frequencies, so the untrained embedding is already
    a log-spectrum.

    Parameters
    ----------
    window_length, d_model : int
        Samples per token and token dimension, as in :class:`LinearEmbedding`.
    n_filters : int
        Filters in the bank.
    filter_length : int
        Taps per filter, at most ``window_length``: longer filters resolve
        finer frequencies (about ``sfreq / filter_length`` Hz).
    level : bool
        Also embed the token's overall log power.
    """

    def __init__(self, window_length, d_model, n_filters, filter_length, level=False):
        super().__init__()
        if not 1 <= filter_length <= window_length:
            raise ValueError(
                f"filter_length must be between 1 and the token's window length "
                f"({window_length} samples), got {filter_length}"
            )
        self.filters = nn.Parameter(cosine_filter_bank(n_filters, filter_length))
        taper = torch.hann_window(window_length + 2, periodic=False)[1:-1]
        self.register_buffer("taper", taper / taper.square().mean().sqrt(), False)
        self.norm = nn.LayerNorm(n_filters)
        self.projection = nn.Linear(n_filters, d_model)
        self.level = nn.Linear(1, d_model, bias=False) if level else None

    def forward(self, windows):
        """Embed token windows; see :meth:`LinearEmbedding.forward`."""
        # float32 even under bfloat16 autocast: bfloat16 keeps about 3
        # significant digits, so log band powers of order 10 would be rounded
        # by several hundredths, the size of a weak class effect.
        with torch.autocast(windows.device.type, enabled=False):
            window_length = windows.shape[-1]
            tapered = windows.float() * self.taper
            periodogram = torch.fft.rfft(tapered, norm="forward").abs()
            gain = torch.fft.rfft(self.filters, n=window_length).abs()
            band_power = periodogram.square() @ gain.square().T
            log_power = self.norm(torch.log(band_power + _POWER_FLOOR))
            if self.level is not None:
                level = torch.log(
                    tapered.square().mean(dim=-1, keepdim=True) + _POWER_FLOOR
                )
        tokens = self.projection(log_power)
        if self.level is None:
            return tokens
        return tokens + self.level(level)


def cosine_filter_bank(n_filters, filter_length):
    """Hann-windowed cosines at log-spaced frequencies, each of unit gain at its peak.

    Parameters
    ----------
    n_filters : int
        Number of filters.
    filter_length : int
        Taps per filter.

    Returns
    -------
    weight : torch.Tensor, shape (n_filters, filter_length)
        Filter taps.
    """
    lowest = min(_LOWEST_CYCLES_PER_FILTER / filter_length, _HIGHEST_CYCLES_PER_SAMPLE)
    frequencies = torch.logspace(
        math.log10(lowest), math.log10(_HIGHEST_CYCLES_PER_SAMPLE), n_filters
    )
    taps = torch.arange(filter_length) - (filter_length - 1) / 2
    window = torch.hann_window(filter_length + 2, periodic=False)[1:-1]
    weight = window * torch.cos(2 * math.pi * frequencies[:, None] * taps)
    return weight / window.sum() * 2


def build_embedding(kind, window_length, d_model, n_filters, filter_length):
    """Return the token embedding module named ``kind``.

    Parameters
    ----------
    kind : "spectral" | "spectral_level" | "linear"
        Which embedding.
    window_length : int
        Samples per token.
    d_model : int
        Token dimension.
    n_filters, filter_length : int
        Filter bank of the spectral embeddings (ignored for ``"linear"``).

    Returns
    -------
    embedding : instance of torch.nn.Module
        Maps ``(n_epochs, n_tokens, window_length)`` to
        ``(n_epochs, n_tokens, d_model)``.
    """
    if kind not in FILTER_BANK_EMBEDDINGS:
        return LinearEmbedding(window_length, d_model)
    return SpectralEmbedding(
        window_length, d_model, n_filters, filter_length, kind == "spectral_level"
    )
