"""
.. _ex-eegmmidb-eyes:

==============================================
Eyes-open / eyes-closed epochs for many subjects
==============================================

Get labelled :class:`mne.Epochs` of the PhysioNet EEG Motor Movement/Imagery
data set (eegmmidb) for a list of subjects, then simulate an offline data set
of the same shape whose class effect, and where it is, are known.
"""

# %%
# eegmmidb: download, check and epoch
# -----------------------------------
# :func:`mne_attention.datasets.eegmmidb.load_epochs` downloads the EDF files
# it needs with pooch (checking each against the sha256 hashes that MNE ships),
# into the folder that :func:`mne.datasets.eegbci.load_data` uses
# (``MNE_DATASETS_EEGBCI_PATH``, default ``~/mne_data``), so files either
# package downloaded are reused. Runs 1 and 2 (eyes open, eyes closed, about
# 1 minute each, 2.5 MB per subject) are cut into 2 s windows.
#
# Downloading needs the internet, and this example must also run offline
# (the documentation is built without a network). The download is therefore
# **switched off unless you ask for it**: set the environment variable
# ``MNE_ATTENTION_DOWNLOAD=true`` (or set ``DOWNLOAD = True`` below) to run it.
# Nothing is replaced by other data when it is off: the cell just says so.

import os

import matplotlib.pyplot as plt
import mne
import numpy as np

import mne_attention as mnea
from mne_attention.datasets import eegmmidb

DOWNLOAD = os.getenv("MNE_ATTENTION_DOWNLOAD", "false").lower() == "true"
subjects = [1, 2, 3, 4, 5]

if DOWNLOAD:
    epochs = eegmmidb.load_epochs(
        subjects,
        task="eyes",  # runs 1 (eyes-open) and 2 (eyes-closed)
        h_freq=30.0,  # low-pass the continuous recordings before epoching
        exclude=["T9", "T10", "Iz"],  # as in the original study
        window=2.0,  # 2 s non-overlapping windows (overlap=0.0)
    )
    print(epochs)
    print(epochs.event_id)  # {'eyes-open': 1, 'eyes-closed': 2}
    print(epochs.metadata.groupby(["subject", "condition"]).size())
else:
    print(
        "Skipping the eegmmidb download (offline). Set MNE_ATTENTION_DOWNLOAD=true to "
        f"download and epoch subjects {subjects}."
    )

# %%
# Other tasks use the cued runs: ``task="fist"`` (runs 3, 7, 11: ``"left-fist"``
# and ``"right-fist"``), ``"fist-imagery"``, ``"fists-feet"`` and
# ``"fists-feet-imagery"``; ``tmin``/``tmax`` set the window around each cue
# (default 0 to 4 s). A list of condition names mixes tasks, e.g.
# ``task=["eyes-closed", "left-fist"]``. To only download, use
# :func:`~mne_attention.datasets.eegmmidb.fetch_data`::
#
#     paths = eegmmidb.fetch_data(subjects, runs=[1, 2])

# %%
# Simulated eyes-open / eyes-closed data with a known ground truth
# -----------------------------------------------------------------
# :func:`mne_attention.datasets.simulate_epochs` makes epochs of the same form
# (64 eegmmidb channels, 160 Hz, 2 s, the same ``event_id`` and metadata)
# without any download: a spatially correlated 1/f background, varying from
# subject to subject, plus occipito-parietal alpha that is stronger with the
# eyes closed. ``truth`` holds each channel's relevance for the class
# difference, to score attention maps against.

epochs, truth = mnea.datasets.simulate_epochs(
    task="eyes", n_subjects=8, n_epochs_per_class=40, random_state=0
)
print(epochs)
print(epochs.metadata.head())

# %%
# The spectra show the alpha peak of the eyes-closed epochs over the occipital
# channels (the lines are averages over subjects and epochs).

picks = ["O1", "Oz", "O2"]
fig, ax = plt.subplots(layout="constrained")
for condition, color in [("eyes-open", "C0"), ("eyes-closed", "C3")]:
    spectrum = epochs[condition].compute_psd("welch", fmax=40.0, picks=picks, n_fft=320)
    power = spectrum.get_data().mean(axis=(0, 1))  # V²/Hz
    ax.semilogy(spectrum.freqs, power * 1e12, color=color, label=condition)
ax.set(xlabel="Frequency (Hz)", ylabel="PSD (µV²/Hz)", title="O1, Oz, O2")
ax.legend()

# %%
# The ground truth is an :class:`mne.Evoked` of relevance in [0, 1] (not
# volts), with one time point: plot it with unit scaling. Next to it, the
# measured difference in log alpha power (eyes-closed minus eyes-open) lies
# where the truth says.

alpha = {
    condition: np.log(
        epochs[condition]
        .compute_psd("welch", fmin=8.0, fmax=13.0, n_fft=320)
        .get_data()
        .mean(axis=(0, 2))
    )
    for condition in epochs.event_id
}
difference = alpha["eyes-closed"] - alpha["eyes-open"]

fig, axes = plt.subplots(1, 2, figsize=(7, 3.5), layout="constrained")
truth.plot_topomap(
    times=0.0,
    scalings=1.0,
    units="relevance",
    cmap="Reds",
    vlim=(0, 1),
    time_format="ground truth",
    axes=axes[0],
    colorbar=False,
    show=False,
)
im, _ = mne.viz.plot_topomap(
    difference, epochs.info, cmap="Reds", vlim=(0, None), axes=axes[1], show=False
)
axes[1].set_title("log alpha power,\nclosed − open")
fig.colorbar(im, ax=axes[1], shrink=0.7)
print(
    f"correlation with the truth: {np.corrcoef(difference, truth.data[:, 0])[0, 1]:.2f}"
)
