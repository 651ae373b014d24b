"""
.. _ex-eyes-bands:

====================================================
Eyes open vs closed on eegmmidb: attention per band
====================================================

The main figure of the original study ("Analysis of Transformer attention in
EEG signal classification", CCN 2022): class-token attention topomaps for
eyes open and eyes closed, and their difference, one row per frequency band,
each band from its own models trained on band-pass filtered EEG.

The data are runs 1 (eyes open) and 2 (eyes closed) of the PhysioNet EEG
Motor Movement/Imagery data set (eegmmidb), downloaded on first use. **When
the files cannot be downloaded (no network, as when this page is built), the
example falls back to simulated data of the same shape**
(:func:`mne_attention.datasets.simulate_epochs`), and prints so: the figures
on this page then show the simulation, whose alpha effect sits over O1, Oz
and O2.
"""

# %%
# eegmmidb: download, check and epoch
# -----------------------------------
# :func:`mne_attention.datasets.eegmmidb.load_epochs` downloads the EDF files
# it needs with pooch (checking each against the sha256 hashes that MNE ships)
# into the folder of :func:`mne.datasets.eegbci.load_data`
# (``MNE_DATASETS_EEGBCI_PATH``, default ``~/mne_data``), so files either
# package downloaded are reused; files already there need no network. Each
# run (about 1 minute, 1.3 MB) is low-passed at 30 Hz and cut into 2 s
# windows, and T9, T10 and Iz are dropped, as in the study; resampling from
# 160 to 80 Hz (nothing is left above 30 Hz) halves the work of training. A failed download
# raises :class:`ConnectionError` (or :class:`FileNotFoundError` if the server
# does not have the file).
import numpy as np
from scipy import stats

import mne_attention as mnea
from mne_attention.datasets import eegmmidb

subjects = [1, 2, 3, 4, 5, 6]
exclude = ["T9", "T10", "Iz"]
try:
    epochs = eegmmidb.load_epochs(
        subjects, task="eyes", h_freq=30.0, exclude=exclude, sfreq=80.0
    )
    data_name = f"eegmmidb, subjects {subjects}"
except (ConnectionError, FileNotFoundError) as err:
    print(f"Could not download eegmmidb ({type(err).__name__}): using simulated data")
    epochs, truth = mnea.datasets.simulate_epochs(
        task="eyes",
        n_subjects=len(subjects),
        n_epochs_per_class=25,
        sfreq=80.0,
        random_state=0,
    )
    epochs.drop_channels(exclude)
    data_name = "simulated data (eegmmidb could not be downloaded)"
print(epochs)
print(epochs.metadata.groupby(["subject", "condition"]).size())

# %%
# Other tasks use the cued runs: ``task="fist"`` (runs 3, 7, 11: ``"left-fist"``
# and ``"right-fist"``), ``"fist-imagery"`` (see :ref:`ex-motor-imagery`),
# ``"fists-feet"`` and ``"fists-feet-imagery"``. To only download, use
# :func:`~mne_attention.datasets.eegmmidb.fetch_data`::
#
#     paths = eegmmidb.fetch_data(subjects, runs=[1, 2])

# %%
# One set of cross-fitted models per band
# ---------------------------------------
# With ``bands``, :func:`mne_attention.fit_attention` band-pass filters the
# epochs for each band and cross-fits models on them: the epochs are split
# into folds by subject, and each fold's attention comes from a model trained
# on the other folds only. Within one band every token has the band's
# spectral shape and the conditions differ in its power, so the models embed
# that power too (``embedding="spectral_level"``; the default embedding is
# blind to it). The study also had delta (1-4 Hz), theta (4-8 Hz)
# and broadband (0-30 Hz) rows: add them to ``bands`` (and use more subjects,
# folds and the default model size) for a real analysis. Small models keep
# this page short; the number of passes follows the data size (see
# :class:`~mne_attention.EEGTransformer`). Each band's held-out accuracy says
# whether its maps are worth reading: a model at chance (0.5) attends
# anywhere. Eyes closed raise alpha power, so the alpha models should learn;
# whether the beta band carries the conditions is the question its row asks.
bands = {"alpha": (8.0, 13.0), "beta": (13.0, 30.0)}
params = dict(
    embedding="spectral_level",
    d_model=32,
    n_heads=4,
    n_layers=2,
    n_filters=8,
    refit=False,
)
results = mnea.fit_attention(epochs, cv=3, bands=bands, random_state=0, **params)
for band, result in results.items():
    print(f"{band}: held-out accuracy {result.mean_score:.2f}")

# %%
# Channels whose attention differs between the conditions
# --------------------------------------------------------
# Every epoch has its own (held-out) attention map, so conditions can be
# compared channel by channel: a Welch t-test over epochs, Bonferroni-corrected
# over channels, marks the channels on each band's difference map.
masks = {}
for band, result in results.items():
    open_, closed = (
        result.attention[condition].get_data().mean(axis=2)
        for condition in ("eyes-open", "eyes-closed")
    )
    _, p_values = stats.ttest_ind(closed, open_, equal_var=False)
    masks[band] = p_values < 0.05 / len(p_values)
    print(f"{band}: {masks[band].sum()} channels differ")

# %%
# The band figure
# ---------------
# One row per band: eyes open, eyes closed (one colour scale per row) and
# their difference on a symmetric scale, significant channels marked.
fig = mnea.viz.plot_attention_topomaps(
    {band: result.average() for band, result in results.items()},
    contrast=("eyes-closed", "eyes-open"),
    mask=masks,
    scale="uniform",
    title=f"Class-token attention, {data_name}",
)

# %%
# ``scale="uniform"`` divides each map by its mean, so 1 is an even share of
# attention over channels. On the simulated data, the alpha row should put
# the most attention near O1, Oz and O2, where the simulation put the effect:
if data_name.startswith("simulated"):
    evoked = {ev.comment: ev for ev in results["alpha"].average()}["eyes-closed"]
    order = np.argsort(evoked.data.mean(axis=1))[::-1]
    top = np.array(evoked.ch_names)[order[:5]]
    print(f"alpha band, eyes-closed: most attended channels {', '.join(top)}")
