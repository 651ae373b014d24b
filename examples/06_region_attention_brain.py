"""
.. _ex-region-attention-brain:

=================================================
Attention over brain regions, shown on the cortex
=================================================

A channel-token transformer need not take sensors as tokens. Here the EEG is
first projected onto the cortex and averaged within the regions of a
parcellation (:func:`mne_attention.source_epochs`: MNE's forward model, an
eLORETA inverse and label time courses), so that every token is a brain
region. The class token's attention is then attention per region, which
:meth:`~mne_attention.AttentionEvoked.to_source_estimate` puts on the cortex
for :meth:`mne.SourceEstimate.plot`, and the attention between regions is
drawn as links between the regions' centres.

The data are simulated with :mod:`mne.simulation` in two known regions, so
we can check how well the attention finds them. The brain is a small
offline subject (:func:`mne_attention.datasets.write_toy_subject`: smooth
hemispheres, 16 regions) so that the example runs without a download; with
real data, leave ``subject`` and ``subjects_dir`` out and
:func:`~mne_attention.source_epochs` uses the fsaverage template
(``parc="aparc"``, fetched once by :func:`mne.datasets.fetch_fsaverage`).

The 3D figures need the ``viz`` extra (``pip install "mne-attention[viz]"``);
on a headless Linux machine run the script under Xvfb.
"""

# %%
# EEG from known regions
# ----------------------
# :func:`~mne_attention.datasets.simulate_source_epochs` gives every region
# its own 1/f activity and adds an alpha rhythm, stronger with eyes closed,
# to the ``active`` regions; the subject's forward model projects it onto 64
# EEG channels. Subjects differ in gains, alpha frequency and effect size.
import tempfile

import mne
import numpy as np
from sklearn.metrics import roc_auc_score

import mne_attention as mnea

subjects_dir = tempfile.mkdtemp()
subject = "mnea-toy"
mnea.datasets.write_toy_subject(subjects_dir, subject)
labels = mne.read_labels_from_annot(subject, "lobes", subjects_dir=subjects_dir)

epochs, active = mnea.datasets.simulate_source_epochs(
    subjects_dir,
    subject,
    parc="lobes",
    active=["parietal-lh", "occipital-rh"],
    n_subjects=6,
    n_epochs_per_class=30,
    snr=1.0,
    random_state=0,
)
print(epochs)
print("regions of the effect:", active)

# %%
# One token per region
# --------------------
# :func:`~mne_attention.source_epochs` returns Epochs whose channels (of
# type ``"dipole"``) are the regions.
region_epochs = mnea.source_epochs(epochs, subjects_dir, "lobes", subject=subject)
print(region_epochs.ch_names)

# %%
# The model trains on them unchanged. Subjects 1-4 train it; 5 and 6 are
# held out. Beside it, on the same split: a logistic regression on each
# region's log power spectrum.
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

test = epochs.metadata["subject"].to_numpy() >= 5
model = mnea.EEGTransformer(random_state=0).fit(region_epochs[~test])
print(
    f"EEGTransformer on regions, held-out accuracy: {model.score(region_epochs[test]):.2f}"
)

spectrum = region_epochs.compute_psd(fmin=1, fmax=40, picks="all")
log_power = np.log(spectrum.get_data(picks="all")).reshape(len(region_epochs), -1)
baseline = make_pipeline(StandardScaler(), LogisticRegression(C=0.01, max_iter=1000))
baseline.fit(log_power[~test], region_epochs.events[~test, 2])
print(
    "log power + logistic regression, held-out accuracy: "
    f"{baseline.score(log_power[test], region_epochs.events[test, 2]):.2f}"
)

# %%
# Attention per region, and how well it finds the true regions
# ------------------------------------------------------------
# The class token's attention to each region (attention rollout), averaged
# over the held-out epochs of each condition. Ranking the regions by it, the
# ROC-AUC says how well the two true regions come first (1: both on top,
# 0.5: chance).
attention = mnea.compute_attention(model, region_epochs[test])
evokeds = attention.average(by_event_type=True)
region_map = attention.get_data().mean(axis=(0, 2))
truth = np.isin(region_epochs.ch_names, active)
print(
    f"ROC-AUC of region attention for the true regions: {roc_auc_score(truth, region_map):.2f}"
)
for name, value in sorted(zip(region_epochs.ch_names, region_map), key=lambda x: -x[1])[
    :4
]:
    print(f"  {name:20s} {value:.3f}")

# %%
# On the cortex
# -------------
# Each region's vertices carry its attention; :meth:`mne.SourceEstimate.plot`
# shows it in :class:`mne.viz.Brain`.
stc = evokeds[1].to_source_estimate(labels)  # eyes-closed
brain = stc.plot(
    subject=subject,
    subjects_dir=subjects_dir,
    hemi="split",
    views="lateral",
    surface="pial",
    colormap="Reds",
    clim=dict(kind="value", lims=np.quantile(region_map, [0.25, 0.75, 1.0])),
    time_label="attention, eyes closed",
    background="white",
    size=(800, 400),
)
for label in labels:
    if label.name in active:  # outline the true regions
        brain.add_label(label, borders=True, color="k")

# %%
# Links between regions
# ---------------------
# :meth:`~mne_attention.ChannelAttention.plot_brain` draws the strongest
# region-to-region attention links between the regions' centres (blue
# sender end, red receiver end) on the translucent cortex, with the same
# test against uniform attention as the sensor view.
chan = mnea.compute_channel_attention(model, region_epochs[test])
fig = chan.plot_brain(labels, subjects_dir, "eyes-closed", top_k=10, links="top")
