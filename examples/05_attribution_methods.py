"""
.. _ex-attribution-methods:

=====================================================
How far to trust a map: attention methods compared
=====================================================

Attention is not automatically an explanation. This example trains a model
on simulated eyes-open / eyes-closed EEG (occipital alpha) and asks of every
attention method, on a subject the model never saw:

- does the map find the channels where the simulation put the class
  difference (ground-truth ROC-AUC)?
- is the map faithful: does removing channels in its order hurt the model
  faster than removing them at random (deletion area)?
- does it agree with occlusion, the model-agnostic reference?
- does it depend on what the model learned: after the layers are
  re-initialised one by one, does the map change (randomisation similarity
  near 0 is good, near 1 means the map ignores the weights)?

``study_rollout`` is the original study's rollout, with its defects (layers
in reverse order, no identity term, max-fused heads not renormalised).
The data are simulated (no download), so that the channels that carry the
class difference are known. A small model, few epochs and short deletion
curves keep this page to about two minutes; set ``SMALL = False`` to train
default-sized models on more data, hold out two subjects and add the motor
task (left / right fist: lateralised mu and beta), which takes several
minutes on a laptop CPU.
"""

# %%
import pandas as pd

import mne_attention as mnea

SMALL = True
if SMALL:  # one task, one held-out subject, short deletion curves
    tasks, n_subjects, n_epochs_per_class, n_held_out = ("eyes",), 6, 20, 1
    params = dict(
        d_model=32, n_heads=4, n_layers=2, n_filters=8, max_epochs=15, refit=False
    )
    curves = dict(n_random=3, n_steps=9)
else:
    tasks, n_subjects, n_epochs_per_class, n_held_out = ("eyes", "motor"), 8, 40, 2
    params, curves = {}, dict(n_random=10, n_steps=17)

tables = {}
for task in tasks:
    epochs, truth = mnea.datasets.simulate_epochs(
        task=task,
        n_subjects=n_subjects,
        n_epochs_per_class=n_epochs_per_class,
        random_state=0,
    )
    held_out = epochs.metadata["subject"].to_numpy() > n_subjects - n_held_out
    model = mnea.EEGTransformer(random_state=0, **params).fit(epochs[~held_out])
    print(f"{task}: held-out accuracy {model.score(epochs[held_out]):.3f}")
    # deletion curves on 17 (or 9) points, not one per channel, keep this quick
    tables[task] = mnea.evaluate.compare_methods(
        model, epochs[held_out], truth, random_state=0, **curves
    )

# %%
# The table
# ---------
# One row per method and task. Higher is better for the ground-truth AUC,
# the deletion area and the agreement with occlusion; lower is better for
# the similarity after randomisation.
table = pd.concat(tables, names=["task", "method"])
print(table.round(3).to_string())

# %%
# Deletion curves of the correct rollout
# --------------------------------------
# True-class probability as channels are replaced by their training mean, in
# the order of the rollout map and in random orders.
attention = mnea.compute_attention(model, epochs[held_out], method="rollout")
curve = mnea.evaluate.deletion_curve(
    model, epochs[held_out], attention, random_state=0, **curves
)
curve.plot()
