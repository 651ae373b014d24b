"""Containers of attention: AttentionEpochs, AttentionEvoked, ChannelAttention and their files.

- :mod:`.epochs`: attention as :class:`mne.EpochsArray` / :class:`mne.EvokedArray`.
  Their state (``version``, ``method``, ``first_time``) is JSON after
  ``"mne-attention: "`` in ``info["description"]``, the one free-text field of
  :class:`mne.Info` that every FIF file keeps (see
  :func:`.epochs.attention_description` and :func:`.epochs.attention_state`).
- :mod:`.channel`: :class:`ChannelAttention`, with the link test of
  :mod:`.links` and the HDF5 schema of ``_hdf5``.
- :mod:`.io`: the readers of all three.
"""
