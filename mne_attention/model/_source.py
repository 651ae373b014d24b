"""Epochs standardised as they are read, a batch at a time: what the network is fed."""

import numpy as np
import torch
from mne import BaseEpochs

from ..utils._input import open_input
from ._data import (
    ChannelExtremes,
    channel_summary,
    check_epochs_like_training,
    check_not_flat,
    check_scale,
    check_shape_like_training,
    restandardise,
    standardise,
)
from ._fitted import check_is_fitted


class StandardisedEpochs:
    """Epochs of the user's input, standardised per channel when they are read.

    Indexing reads only the epochs asked for, from memory, a file or lazy
    Epochs, so that training and prediction hold one batch at a time; the
    input itself is never modified. It stands where a tensor of standardised
    epochs would: ``len()`` and ``[index]`` (an int, a slice, or an integer
    array or tensor), which returns a float32 tensor on the CPU.

    Parameters
    ----------
    source : Rows
        The reader of the input's epochs.
    selection : None | array of int
        The epochs of ``source`` this object holds, in order (None: all).
    steps : tuple
        The standardisations applied to the epochs read, in order:
        ``("standardise", mean, std)`` or ``("restandardise", old, new)``
        (see :func:`~mne_attention.model._data.standardise` and
        :func:`~mne_attention.model._data.restandardise`), so that a batch
        holds the same float32 values as the whole data treated at once.
    """

    def __init__(self, source, selection=None, steps=()):
        self.source = source
        self.selection = np.arange(len(source)) if selection is None else selection
        self.steps = tuple(steps)

    def __len__(self):
        """Return the number of epochs."""
        return len(self.selection)

    @property
    def shape(self):
        """``(n_epochs, n_channels, n_times)``."""
        return (len(self), *self.source.shape[1:])

    def __getitem__(self, index):
        """Read, standardise and return the epochs at ``index`` as a tensor."""
        rows = self.selection[_as_index(index)]
        values = self._standardise(self.source.read(np.atleast_1d(rows)))
        values = torch.from_numpy(values)
        return values[0] if np.ndim(rows) == 0 else values

    def subset(self, index):
        """Return the same object over the epochs at ``index``, reading none of them.

        Parameters
        ----------
        index : slice | array of int | torch.Tensor
            The epochs, in the order to hold them.

        Returns
        -------
        subset : StandardisedEpochs
            Those epochs, standardised alike.
        """
        selection = np.atleast_1d(self.selection[_as_index(index)])
        return StandardisedEpochs(self.source, selection, self.steps)

    def standardise(self, mean, std):
        """Standardise these epochs (further) with ``mean`` and ``std``, in place.

        Parameters
        ----------
        mean, std : array, shape (n_channels,)
            The statistics to standardise with.
        """
        self.steps += (("standardise", mean, std),)

    def restandardise(self, old, new):
        """Turn these epochs, standardised with ``old`` (mean, std), into ``new``, in place.

        Parameters
        ----------
        old, new : tuple of array
            The (mean, std) that the epochs are standardised with, and the
            one they are to be standardised with.
        """
        self.steps += (("restandardise", old, new),)

    def largest(self, *summaries):
        """Return the largest magnitude the standardised epochs take.

        Standardising is increasing in every sample, so the extremes of the
        standardised epochs are those of the channels' extremes.

        Parameters
        ----------
        *summaries : ChannelSummary | ChannelExtremes | None
            Summaries of the epochs of ``source`` to consider.

        Returns
        -------
        largest : float
            The largest standardised magnitude.
        """
        summaries = [summary for summary in summaries if summary is not None]
        low = np.min([summary.low for summary in summaries], axis=0)
        high = np.max([summary.high for summary in summaries], axis=0)
        extremes = np.stack([low, high]).astype(np.float32)[:, :, None]
        return float(np.abs(self._standardise(extremes)).max())

    def _standardise(self, values):
        for kind, first, second in self.steps:
            if kind == "standardise":
                standardise(values, first, second)
            else:
                restandardise(values, first, second)
        return values


def _as_index(index):
    """NumPy's form of an index given as a tensor or a list."""
    if isinstance(index, torch.Tensor):
        return index.numpy()
    return np.asarray(index) if isinstance(index, list | tuple) else index


def open_standardised(model, X, *, need_labels=False, name="X"):
    """Check data against a fitted model's training data; standardise it as it is read.

    What :meth:`~mne_attention.EEGTransformer.prepare_input` does, but the
    epochs stay where they are: they are read once here, a chunk at a time,
    to check their values and scale, then on demand.

    Parameters
    ----------
    model : instance of EEGTransformer
        The fitted model.
    X, need_labels, name
        As for :meth:`~mne_attention.EEGTransformer.prepare_input`; ``X`` in
        memory, memory-mapped or lazy Epochs.

    Returns
    -------
    data : StandardisedEpochs
        The epochs, channels in the training order, standardised with the
        model's ``mean_`` and ``std_`` when read.
    inputs : EpochsData
        What was read from ``X`` (``data`` is the reader of its epochs).
    """
    check_is_fitted(model)
    picks = None
    if isinstance(X, BaseEpochs) and model.ch_names_ is not None:
        check_epochs_like_training(X, model.ch_names_, model.sfreq_, model.tmin_, name)
        picks = model.ch_names_
    inputs = open_input(X, None, None, need_labels=need_labels, picks=picks, name=name)
    check_shape_like_training(inputs.data, len(model.mean_), model.n_times_, name)
    data = StandardisedEpochs(inputs.data)
    data.standardise(model.mean_, model.std_)
    extremes = channel_summary(inputs.data, None, name, ChannelExtremes)
    check_scale(data.largest(extremes), name, "the training data's channel means")
    return data, inputs


def standardise_for_fit(source, train_idx, val_idx, refit, ch_names):
    """Return the training data standardised with the statistics of the training split.

    The values of every epoch are checked, and the channels and scale as
    for the training epochs. Each epoch is read once, the moments of all of
    them merged from those of the two sets; data read in one chunk (see
    :meth:`~mne_attention.utils._rows.Rows.in_one_chunk`) are read again
    for them, so that they come out as NumPy's of the whole array.

    Parameters
    ----------
    source : Rows
        The reader of the epochs.
    train_idx, val_idx : array of int
        The training and validation split.
    refit : bool
        Whether the statistics of all the epochs are needed too.
    ch_names : list of str | None
        The channel names, for the messages.

    Returns
    -------
    data : StandardisedEpochs
        All the epochs, standardised with ``stats``.
    stats : tuple of array
        The channels' (mean, std) over the training epochs.
    refit_stats : tuple of array | None
        The channels' (mean, std) over all the epochs, with ``refit``.
    """
    train = channel_summary(source, train_idx, "X")
    stats = train.stats
    check_not_flat(stats, ch_names)
    held_out = channel_summary(source, val_idx, "X")
    refit_stats = None
    if refit:
        everything = (
            channel_summary(source, None, "X")
            if source.in_one_chunk(len(source))
            else train.merged(held_out)
        )
        refit_stats = everything.stats
    data = StandardisedEpochs(source)
    data.standardise(*stats)
    check_scale(data.largest(train, held_out), "X", "its channel means")
    return data, stats, refit_stats
