"""Data against the training data: streamed channel statistics, standardisation, checks."""

from dataclasses import dataclass

import numpy as np
import torch

# No EEG sample is a million standard deviations out; such values are a unit or
# artefact problem, and the network's float32 powers would overflow on them.
_MAX_STANDARD_DEVIATIONS = 1e6


@dataclass
class ChannelSummary:
    """Per-channel moments and extremes of some epochs.

    Attributes
    ----------
    count : int
        Samples per channel.
    mean, var : array, shape (n_channels,), float64
        The mean and (population) variance over epochs and samples.
    low, high : array, shape (n_channels,), float32
        The smallest and largest sample.
    """

    count: int
    mean: np.ndarray
    var: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, data):
        """Summarise float32 epochs of shape (n_epochs, n_channels, n_times)."""
        return cls(
            data.shape[0] * data.shape[2],
            data.mean(axis=(0, 2), dtype=np.float64),
            data.var(axis=(0, 2), dtype=np.float64),
            data.min(axis=(0, 2)),
            data.max(axis=(0, 2)),
        )

    def merged(self, other):
        """Return the summary of both sets of epochs (Chan, Golub and LeVeque)."""
        count = self.count + other.count
        delta = other.mean - self.mean
        squares = self.count * self.var + other.count * other.var
        squares += delta**2 * (self.count * other.count / count)
        return ChannelSummary(
            count,
            self.mean + delta * (other.count / count),
            squares / count,
            np.minimum(self.low, other.low),
            np.maximum(self.high, other.high),
        )

    @property
    def stats(self):
        """The (mean, std) tuple that standardises with these moments."""
        return self.mean, np.sqrt(self.var)


@dataclass
class ChannelExtremes:
    """The smallest and largest sample of each channel: all a scale check needs.

    Attributes
    ----------
    low, high : array, shape (n_channels,), float32
        The smallest and largest sample.
    """

    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, data):
        """Summarise float32 epochs of shape (n_epochs, n_channels, n_times)."""
        return cls(data.min(axis=(0, 2)), data.max(axis=(0, 2)))

    def merged(self, other):
        """Return the extremes of both sets of epochs."""
        return ChannelExtremes(
            np.minimum(self.low, other.low), np.maximum(self.high, other.high)
        )


def channel_summary(source, rows, name, kind=ChannelSummary):
    """Summarise the channels of some epochs in one streaming pass.

    Data in memory or in one chunk are summarised at once, like NumPy's
    ``mean`` and ``std`` of the whole array (the same bits); other data a
    chunk at a time, in file order, and the chunks' moments merged
    (numerically sound, unlike sums of squares).

    Parameters
    ----------
    source : Rows
        The epochs' reader.
    rows : None | array of int
        Which epochs (None: all).
    name : str
        The argument they come from: their values are checked.
    kind : type
        :class:`ChannelSummary` (moments and extremes) or
        :class:`ChannelExtremes` (extremes only, much cheaper).

    Returns
    -------
    summary : ChannelSummary | ChannelExtremes | None
        Their summary; None for no epochs.
    """
    if rows is not None and not source.in_one_chunk(len(rows)):
        rows = np.sort(rows)  # the file read in order
    summary = None
    for chunk in source.chunks(rows, name):
        if len(chunk):
            part = kind.of(chunk)
            summary = part if summary is None else summary.merged(part)
    return summary


def check_not_flat(stats, ch_names):
    """Refuse channels that are constant over every training epoch.

    Parameters
    ----------
    stats : tuple of array
        The channels' (mean, std).
    ch_names : list of str | None
        The channel names, for the message (None: their indices).
    """
    flat = np.flatnonzero(stats[1] == 0)
    if len(flat):
        names = [ch_names[i] for i in flat] if ch_names else flat.tolist()
        raise ValueError(
            "X must vary on every channel it trains on, got constant channels "
            f"{names}: mark them bad (info['bads']) or drop them"
        )


def standardise(data, mean, std):
    """Standardise float32 ``data`` per channel in place and return it as a tensor.

    Parameters
    ----------
    data : array, shape (n_epochs, n_channels, n_times), float32
        The epochs; overwritten.
    mean, std : array, shape (n_channels,)
        The statistics to standardise with.

    Returns
    -------
    data : torch.Tensor
        A tensor on the same memory.
    """
    data -= mean.astype(np.float32)[:, None]
    data /= std.astype(np.float32)[:, None]
    return torch.from_numpy(data)


def restandardise(data, old, new):
    """Turn ``data`` standardised with ``old`` (mean, std) into ``new``, in place.

    Parameters
    ----------
    data : array | torch.Tensor, shape (n_epochs, n_channels, n_times)
        Standardised epochs; overwritten.
    old, new : tuple of array
        The (mean, std) that ``data`` is standardised with, and the one it
        is to be standardised with.
    """
    (old_mean, old_std), (new_mean, new_std) = old, new
    data *= (old_std / new_std).astype(np.float32)[:, None]
    data += ((old_mean - new_mean) / new_std).astype(np.float32)[:, None]


def check_scale(largest, name, reference):
    """Refuse samples so far from the training scale that the network would overflow.

    Parameters
    ----------
    largest : float
        The largest magnitude of the standardised epochs.
    name : str
        The argument they come from, for the message.
    reference : str
        What they were standardised with, for the message.
    """
    if largest > _MAX_STANDARD_DEVIATIONS:
        raise ValueError(
            f"{name} must be on the scale of the training data, got values "
            f"{largest:.3g} standard deviations from {reference}: check its units and "
            "remove artefactual epochs"
        )


def check_epochs_like_training(epochs, ch_names, sfreq, tmin, name):
    """Refuse Epochs whose channels, sampling or timing differ from the training's.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        The new epochs.
    ch_names : list of str
        The channels the model was trained on.
    sfreq, tmin : float
        The sampling frequency and first sample time of the training epochs.
    name : str
        The argument's name, for error messages.
    """
    missing = [ch for ch in ch_names if ch not in epochs.ch_names]
    if missing:
        raise ValueError(
            f"{name} is missing channels the model was trained on: {missing}"
        )
    if not np.isclose(epochs.info["sfreq"], sfreq):
        raise ValueError(
            f"{name} must be sampled at {sfreq} Hz like the training data, "
            f"got {epochs.info['sfreq']} Hz"
        )
    bad = [ch for ch in ch_names if ch in epochs.info["bads"]]
    if bad:
        raise ValueError(
            f"{name} marks channels the model needs as bad: {bad}; interpolate "
            "them (epochs.interpolate_bads()) or clear them from info['bads']"
        )
    if not np.isclose(epochs.tmin, tmin, rtol=0, atol=0.5 / sfreq):
        raise ValueError(
            f"{name} must start at tmin={tmin:g} s like the training epochs, "
            f"got {epochs.tmin:g} s: its time windows would not match the model's "
            "(crop or re-epoch it)"
        )


def check_shape_like_training(data, n_channels, n_times, name):
    """Refuse epochs with another number of channels or samples than the training's.

    Parameters
    ----------
    data : array, shape (n_epochs, n_channels, n_times)
        The new epochs.
    n_channels, n_times : int
        Those of the training epochs.
    name : str
        The argument's name, for error messages.
    """
    if data.shape[1] != n_channels:
        raise ValueError(
            f"{name} must have {n_channels} channels like the training data, got "
            f"{data.shape[1]}"
        )
    if data.shape[2] != n_times:
        raise ValueError(
            f"{name} must have {n_times} time samples like the training data, "
            f"got {data.shape[2]}"
        )
