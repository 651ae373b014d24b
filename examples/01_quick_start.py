"""
.. _ex-quick-start:

===========================================
Quick start: train, compute attention, plot
===========================================

The whole workflow in a few lines, on simulated eyes-open / eyes-closed EEG
(no download): train a channel-token transformer on :class:`mne.Epochs`,
compute the attention it paid to each channel on subjects it never saw, and
plot it as a topomap, next to the ground truth of the simulation.
"""

# %%
# Simulated epochs with a known answer
# ------------------------------------
# :func:`mne_attention.datasets.simulate_epochs` returns ordinary
# :class:`mne.Epochs` shaped like the PhysioNet eegmmidb data (64 channels,
# 160 Hz, 2 s windows, one ``subject`` column in ``metadata``): a spatially
# correlated 1/f background plus occipito-parietal alpha that is stronger with
# the eyes closed. ``truth`` is an :class:`mne.Evoked` holding each channel's
# relevance for the class difference (1 at O1, Oz and O2).
import matplotlib.pyplot as plt

import mne_attention as mnea

epochs, truth = mnea.datasets.simulate_epochs(
    task="eyes", n_subjects=6, n_epochs_per_class=20, random_state=0
)
print(epochs)

# %%
# The spectra show the alpha peak of the eyes-closed epochs over the occipital
# channels.
fig, ax = plt.subplots(layout="constrained")
for condition, color in [("eyes-open", "C0"), ("eyes-closed", "C3")]:
    spectrum = epochs[condition].compute_psd(fmax=40.0, picks=["O1", "Oz", "O2"])
    power = spectrum.get_data().mean(axis=(0, 1))  # V²/Hz
    ax.semilogy(spectrum.freqs, power * 1e12, color=color, label=condition)
ax.set(xlabel="Frequency (Hz)", ylabel="PSD (µV²/Hz)", title="O1, Oz, O2")
ax.legend()

# %%
# Train on five subjects, test on the sixth
# -----------------------------------------
# :class:`mne_attention.EEGTransformer` is a scikit-learn estimator that takes
# Epochs. The defaults (5 layers of width 128) are what you would use on real
# data; this page uses a small model and few passes so that it runs in about
# a minute on a laptop CPU (``refit=False`` skips retraining on the
# early-stopping split at the end).
params = dict(
    d_model=32, n_heads=4, n_layers=2, n_filters=8, max_epochs=25, refit=False
)
test = epochs.metadata["subject"].to_numpy() == 6
model = mnea.EEGTransformer(random_state=0, **params).fit(epochs[~test])
print(f"Accuracy on the unseen subject: {model.score(epochs[test]):.2f}")

# %%
# Attention as MNE objects
# ------------------------
# :func:`mne_attention.compute_attention` gives one attention map per epoch
# (attention rollout to the class token, by default), as Epochs-like data
# whose "time" axis is the model's time windows. Averaging per condition gives
# ordinary :class:`mne.Evoked` objects: plot them with MNE.
attention = mnea.compute_attention(model, epochs[test])
evokeds = attention.average(by_event_type=True)
evokeds[1].plot_topomap(times=evokeds[1].times[0])  # eyes-closed

# %%
# Both conditions and their difference in one figure, and the truth
# ------------------------------------------------------------------
# :func:`mne_attention.viz.plot_attention_topomaps` puts the conditions on one
# colour scale and their difference on a symmetric one. The truth is relevance
# in [0, 1], not volts: plot it with unit scaling.
mnea.viz.plot_attention_topomaps(evokeds, contrast=("eyes-closed", "eyes-open"))
truth.plot_topomap(
    times=0.0, scalings=1.0, units="relevance", cmap="Reds", time_format="truth"
)

# %%
# Next steps: :func:`mne_attention.fit_attention` cross-fits models so that
# every epoch's attention comes from a model that never saw it (see
# :ref:`ex-eyes-bands`), and ``model.save("model.mnea")`` /
# :func:`mne_attention.read_model` store a trained model.
