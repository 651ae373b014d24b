"""
.. _ex-motor-imagery:

================================================
Motor imagery: imagined left vs right fist
================================================

Where does the model look when it tells imagined left-hand from imagined
right-hand movement? Imagining a hand movement weakens the 8-30 Hz mu and
beta rhythms over the opposite motor cortex (event-related
desynchronisation), near C4 for the left hand and C3 for the right.

The data are runs 4, 8 and 12 of the PhysioNet EEG Motor Movement/Imagery
data set (eegmmidb, ``task="fist-imagery"``), downloaded on first use.
**When the files cannot be downloaded (no network, as when this page is
built), the example falls back to simulated data**
(``simulate_epochs(task="motor")``, with its mu/beta effect at C3 and C4), and
prints so: the figures on this page then show the simulation.
"""

# %%
# Epochs around the cues, or simulated ones
# -----------------------------------------
# Each cue (T1: left fist, T2: right fist) gives a 4 s epoch from its onset;
# the recordings are band-passed to 8-30 Hz first, where the effect lives.
import matplotlib.pyplot as plt

import mne_attention as mnea
from mne_attention.datasets import eegmmidb

subjects = [1, 2, 3, 4, 5, 6]
try:
    epochs = eegmmidb.load_epochs(
        subjects,
        task="fist-imagery",  # left-fist-imagery (T1), right-fist-imagery (T2)
        l_freq=8.0,
        h_freq=30.0,
        exclude=["T9", "T10", "Iz"],
        sfreq=80.0,  # resampled: nothing is left above 30 Hz
    )
    truth = None
except (ConnectionError, FileNotFoundError) as err:
    print(f"Could not download eegmmidb ({type(err).__name__}): using simulated data")
    epochs, truth = mnea.datasets.simulate_epochs(
        task="motor", n_subjects=6, n_epochs_per_class=25, sfreq=80.0, random_state=0
    )
    epochs.filter(8.0, 30.0)
left, right = epochs.event_id  # the two condition names
print(epochs)

# %%
# The effect in the data: mu/beta power at C3 and C4
# ---------------------------------------------------
# Power at each motor channel, relative to its mean over both conditions:
# below 1 where a condition desynchronises the rhythm.
spectra = {
    condition: epochs[condition].compute_psd(fmin=8.0, fmax=30.0, picks=["C3", "C4"])
    for condition in (left, right)
}
power = {c: s.get_data().mean(axis=(0, 2)) for c, s in spectra.items()}
mean = (power[left] + power[right]) / 2
fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
for i, condition in enumerate((left, right)):
    ax.bar([i, i + 3], power[condition] / mean, color=f"C{i}", label=condition)
ax.axhline(1.0, color="k", lw=0.5)
ax.set(xticks=[0.5, 3.5], xticklabels=["C3", "C4"], ylabel="8-30 Hz power (relative)")
ax.legend(loc="lower center")

# %%
# Cross-fitted attention
# ----------------------
# :func:`mne_attention.fit_attention` trains one model per fold of subjects
# and computes the attention of the held-out subjects' epochs. Small models
# keep this page short; use the defaults, more subjects and ``cv=5`` for a
# real analysis. The epochs were filtered to 8-30 Hz, where the conditions
# differ mostly in power: these small models embed each token's power too
# (``embedding="spectral_level"``), without which they stay near chance on
# the simulated fallback; the default-sized model learns the 8-30 Hz task
# with either embedding (``benchmarks/README.md``).
params = dict(
    embedding="spectral_level",
    d_model=32,
    n_heads=4,
    n_layers=2,
    n_filters=8,
    refit=False,
)
result = mnea.fit_attention(epochs, cv=3, random_state=0, **params)
print(result)
print(f"held-out accuracy per fold: {result.fold_scores}")

# %%
# Attention per condition and the left - right difference
# --------------------------------------------------------
# A difference map that is positive at one motor cortex and negative at the
# other says the model looks at each side depending on the hand.
evokeds = result.average()
fig = mnea.viz.plot_attention_topomaps(
    evokeds, contrast=(left, right), scale="uniform", title="Imagined fist movement"
)

# %%
# Read these maps only if the held-out accuracy is clearly above chance (0.5):
# a model that did not learn the task attends anywhere. On the simulated
# fallback the small models of this page usually learn it from a few hundred
# epochs, but one may never leave chance within its patience: check every
# fold's score above, since :meth:`~mne_attention.AttentionResult.average`
# pools the held-out epochs of all folds (``keep="correct"`` in
# :func:`~mne_attention.fit_attention` keeps only correctly classified
# epochs). Imagined movements of new subjects are much harder to decode in
# real recordings, where more subjects, the default model size and ``cv=5``
# are worth their cost. On the simulated data, the truth says where a model
# that learned the task should look:
if result.mean_score < 0.6:
    print(f"held-out accuracy {result.mean_score:.2f}: near chance, maps not reliable")
if truth is not None:
    truth.plot_topomap(
        times=0.0, scalings=1.0, units="relevance", cmap="Reds", time_format="truth"
    )
