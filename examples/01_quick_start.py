"""
.. _ex-fit-attention:

===========================================================
Where does the model look? Eyes open vs closed, cross-fitted
===========================================================

Train channel-token transformers on simulated eyes-open / eyes-closed EEG
with :func:`mne_attention.fit_attention`, which cross-fits the models by
subject so that every epoch's attention comes from a model that never saw
it, and compare the attention topomaps of both conditions with the ground
truth of the simulation.
"""

# %%
import matplotlib.pyplot as plt
import mne

import mne_attention as mnea

epochs, truth = mnea.datasets.simulate_epochs(task="eyes", n_subjects=6, random_state=0)
print(epochs)

# %%
# Cross-fitted training and attention
# -----------------------------------
# Three folds grouped by subject; small models keep this example quick.
result = mnea.fit_attention(
    epochs, cv=3, random_state=0, d_model=64, n_heads=4, n_layers=2, max_epochs=20
)
print(result)

# %%
# Attention per condition is an ordinary (attention-valued) :class:`mne.Evoked`.
evokeds = result.average()
for evoked in evokeds:
    evoked.plot_topomap(times=evoked.times[0])

# %%
# Both conditions and their difference in one figure, next to the truth
# ---------------------------------------------------------------------
fig = mnea.viz.plot_attention_topomaps(evokeds, contrast=("eyes-open", "eyes-closed"))
truth.plot_topomap(times=truth.times[0], scalings=1.0, units="relevance", cmap="Reds")

# %%
# The grand average and the difference are MNE operations too.
difference = mne.combine_evoked(evokeds, weights=[-1, 1])
difference.comment = "eyes-closed - eyes-open"
difference.plot_topomap(times=difference.times[0])
plt.show()
