"""
.. _ex-channel-attention-3d:

=======================================================
Channel-to-channel attention in 3D
=======================================================

Besides the class token's attention to each channel (a topomap), a
channel-token transformer has attention between channels: how much the token
of receiver channel ``i`` attends to sender channel ``j``. This example
computes it per condition with :func:`mne_attention.compute_channel_attention`,
tests every link against uniform attention, and draws the links that stand
out as tubes between the sensors on the head with MNE's 3D renderer
(pyvista), next to the per-channel attention as sensor colours.

The model is a small one trained on simulated eyes-open / eyes-closed EEG
(no download). The 3D figures need the ``viz`` extra
(``pip install "mne-attention[viz]"``); on a headless Linux machine, run the
script under Xvfb (``xvfb-run -a python 04_channel_attention_3d.py``) or with
pyvista off screen.
"""

# %%
# A model, and the channel x channel attention of unseen subjects
# ---------------------------------------------------------------
import mne

import mne_attention as mnea

epochs, truth = mnea.datasets.simulate_epochs(
    task="eyes", n_subjects=6, n_epochs_per_class=20, random_state=0
)
test = epochs.metadata["subject"].to_numpy() == 6
params = dict(
    d_model=32, n_heads=4, n_layers=2, n_filters=8, max_epochs=20, refit=False
)
model = mnea.EEGTransformer(random_state=0, **params).fit(epochs[~test])
print(f"Accuracy on the unseen subject: {model.score(epochs[test]):.2f}")

chan = mnea.compute_channel_attention(model, epochs[test])
print(chan)

# %%
# ``chan.data[k, i, j]`` is condition ``k``'s attention of receiver ``i`` to
# sender ``j``, averaged over epochs (each row sums to one); ``chan.sem`` is
# its standard error across epochs. As a matrix:
chan.plot_matrix("eyes-closed")

# %%
# Which links beat uniform attention?
# -----------------------------------
# A receiver that spread its attention evenly would give every other channel
# the same share. :meth:`~mne_attention.ChannelAttention.link_statistics`
# tests each of the 64 x 63 directed links against that share (one-sided,
# false discovery rate corrected).
links = chan.link_statistics("eyes-closed")
print(links)

# %%
# The significant links on the head
# ---------------------------------
# :meth:`~mne_attention.ChannelAttention.plot_3d` draws at most ``top_k``
# significant links, strongest first. Each tube runs from the sender (blue
# end) to the receiver (red end), curved towards the head centre, thicker and
# more opaque when stronger; the sensors' size and colour show
# self-attention. The figure says how many of all links passed the test (with
# few epochs, few may).
fig = chan.plot_3d("eyes-closed", top_k=50)

# %%
# The strongest links, tested or not
# ----------------------------------
# :func:`mne_attention.viz.plot_channel_attention_3d` is the same figure as a
# function; ``links="top"`` draws the ``top_k`` links furthest above uniform
# attention without a test. Move the camera with :func:`mne.viz.set_3d_view`.
fig = mnea.viz.plot_channel_attention_3d(chan, "eyes-closed", top_k=50, links="top")
mne.viz.set_3d_view(fig, azimuth=180, elevation=60, distance=0.55)

# %%
# Per-channel attention on the head
# ---------------------------------
# The class token's attention (the topomap of :ref:`ex-quick-start`) as sensor
# colours in 3D, with :func:`mne_attention.viz.plot_sensor_attention_3d`.
evokeds = mnea.compute_attention(model, epochs[test]).average(by_event_type=True)
fig = mnea.viz.plot_sensor_attention_3d(evokeds[1])  # eyes-closed

# %%
# Per-channel attention over the scalp
# ------------------------------------
# :func:`mne_attention.viz.plot_scalp_attention_3d` interpolates the same
# values over MNE's fsaverage scalp (spherical splines, as MNE interpolates
# bad channels), leaving the face and neck, where no sensor is, uncoloured.
# An evoked with several time windows gets one frame per window.
fig = mnea.viz.plot_scalp_attention_3d(evokeds[1])
