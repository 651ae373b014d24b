"""Readers of attention files: channel attention (HDF5) and attention epochs and evoked (FIF)."""

from pathlib import Path

import mne
from mne.utils import _check_fname, verbose

from ._hdf5 import SchemaError, read_state
from .channel import ChannelAttention
from .epochs import AttentionEpochs, AttentionEvoked, attention_state


@verbose
def read_channel_attention(fname, verbose=None):
    """Read a :class:`ChannelAttention` written by :meth:`ChannelAttention.save`.

    The file is checked against a fixed schema and read as plain arrays and
    strings; nothing in it is evaluated or imported. Format version 1 files
    (before ``sem`` was stored) are read with ``sem=None``; files written by
    early development versions (before this format) are refused: re-compute
    and save them again.

    Parameters
    ----------
    fname : path-like
        The file name.
    %(verbose)s

    Returns
    -------
    channel_attention : instance of ChannelAttention
        The container.

    Raises
    ------
    ValueError
        When ``fname`` is not a valid channel-attention file; the message says
        what is wrong.

    Notes
    -----
    The file holds the root attributes ``format``
    (``"mne-attention-channel-attention"``) and ``format_version`` (2), and
    the datasets ``data`` (float64, shape ``(n_conditions, n_channels,
    n_channels)``), ``conditions`` and ``method`` (UTF-8 text), ``n_epochs``
    (int64, absent when None), ``sem`` (float64, the shape of ``data``,
    absent when None; new in version 2) and ``info`` (uint8, the bytes of a
    FIF file written by :func:`mne.io.write_info`).
    """
    import h5py

    fname = _check_fname(fname, overwrite="read", must_exist=True, name="fname")
    not_ours = (
        "fname must be a channel-attention file written by ChannelAttention.save, "
        f"{Path(fname).name} "
    )
    try:
        fid = h5py.File(fname, "r")
    except Exception as err:
        raise ValueError(f"{not_ours}is not an HDF5 file: {err}") from None
    try:
        with fid:
            state = read_state(fid)
    except SchemaError as err:
        raise ValueError(f"{not_ours}is not valid: it {err}") from None
    except Exception as err:  # damaged contents h5py cannot decode
        raise ValueError(f"{not_ours}could not be read: {err}") from None
    try:
        return ChannelAttention(**state)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{not_ours}holds invalid values: {err}") from None


def _require_marker(info, fname):
    try:
        fields = attention_state(info)
    except ValueError as err:
        raise ValueError(
            f"fname must be an attention file written by mne-attention, "
            f"{fname.name} has a damaged marker in info['description']: {err}"
        ) from None
    if fields is None:
        raise ValueError(
            f"fname must be an attention file written by mne-attention, "
            f"{fname.name} holds ordinary MNE data"
        )
    return fields


def _fif_kind(fname):
    """Return "epochs", "evoked" or None: what the FIF file ``fname`` holds."""
    from mne._fiff.constants import FIFF
    from mne._fiff.open import fiff_open
    from mne._fiff.tree import dir_tree_find

    try:
        fid, tree, _ = fiff_open(fname, verbose=False)
    except Exception as err:
        raise ValueError(
            f"fname must be a FIF file written by MNE, could not read {fname.name}: "
            f"{err}"
        ) from None
    with fid:
        # block 122 held epochs before MNE 0.11
        if dir_tree_find(tree, FIFF.FIFFB_MNE_EPOCHS) or dir_tree_find(tree, 122):
            return "epochs"
        if dir_tree_find(tree, FIFF.FIFFB_EVOKED):
            return "evoked"
    return None


def _require_kind(fname, kind, suffix, reader):
    found = _fif_kind(fname)
    if found == kind:
        return
    if found is None:
        got = f"{fname.name} holds neither epochs nor evoked data"
    else:
        got = f"got an {found} file, {fname.name} (read it with {reader})"
    raise ValueError(f"fname must be an {kind} attention file ({suffix}), {got}")


@verbose
def read_attention_epochs(fname, verbose=None):
    """Read :class:`AttentionEpochs` written by their ``save`` method.

    Parameters
    ----------
    fname : path-like
        A ``-epo.fif`` file.
    %(verbose)s

    Returns
    -------
    attention : instance of AttentionEpochs
        The per-epoch attention.

    Raises
    ------
    ValueError
        When ``fname`` holds evoked or other data, ordinary MNE epochs, or an
        attention marker whose fields are missing or invalid (its
        ``first_time`` must be a finite time within half a sample of the
        file's first time point).
    """
    fname = _check_fname(fname, overwrite="read", must_exist=True, name="fname")
    _require_kind(fname, "epochs", "-epo.fif", "read_attention_evokeds")
    epochs = mne.read_epochs(fname, preload=True, verbose=False)
    fields = _require_marker(epochs.info, fname)
    first_time, stored = fields["first_time"], epochs.times[0]
    sfreq = epochs.info["sfreq"]
    # MNE stores epochs times on the sample grid, so the true first time is
    # within half a sample of the stored one.
    if not abs(first_time - stored) * sfreq <= 0.5 + 1e-6:
        raise ValueError(
            f"fname must be an attention file written by mne-attention, "
            f"{fname.name} has a damaged marker in info['description']: its field "
            f"'first_time' must lie within half a sample (1 / {sfreq:g} Hz) of the "
            f"first time point {stored:g} s, got {first_time!r}"
        )
    attention = AttentionEpochs(
        epochs.get_data(),
        epochs.info,
        events=epochs.events,
        tmin=epochs.tmin,
        event_id=epochs.event_id,
        metadata=epochs.metadata,
        selection=epochs.selection,
        drop_log=epochs.drop_log,
        verbose=False,
    )
    return attention.shift_time(first_time, relative=False)


@verbose
def read_attention_evokeds(fname, verbose=None):
    """Read :class:`AttentionEvoked` objects written by ``save`` or :func:`mne.write_evokeds`.

    :func:`mne.read_evokeds` reads the same file as plain :class:`mne.Evoked`;
    this reader checks the attention state and returns
    :class:`AttentionEvoked` objects with the attention plotting defaults.

    Parameters
    ----------
    fname : path-like
        A ``-ave.fif`` file holding one or more conditions.
    %(verbose)s

    Returns
    -------
    evokeds : list of AttentionEvoked
        One per condition stored in the file.

    Raises
    ------
    ValueError
        When ``fname`` holds epochs or other data, ordinary MNE evoked data,
        or an attention marker whose fields are missing or invalid.
    """
    fname = _check_fname(fname, overwrite="read", must_exist=True, name="fname")
    _require_kind(fname, "evoked", "-ave.fif", "read_attention_epochs")
    evokeds = mne.read_evokeds(fname, verbose=False)
    for evoked in evokeds:
        _require_marker(evoked.info, fname)
    return [AttentionEvoked.from_evoked(evoked) for evoked in evokeds]
