"""
.. _ex-attribution-methods:

=====================================================
How far to trust a map: attention methods compared
=====================================================

Attention is not automatically an explanation. This example trains one model
per simulated task (eyes open / closed: occipital alpha; left / right fist:
lateralised mu and beta), on six subjects, and asks of every attention method
on two held-out subjects:

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
Training two default-sized models takes a few minutes on a laptop CPU; set
``SMALL = True`` for a quick run with small models.
"""

# %%
import pandas as pd

import mne_attention as mnea

SMALL = False
params = dict(d_model=32, n_heads=4, n_layers=2) if SMALL else {}

tables = {}
for task in ("eyes", "motor"):
    epochs, truth = mnea.datasets.simulate_epochs(
        task=task, n_subjects=8, snr=1.0, random_state=0
    )
    held_out = epochs.metadata["subject"].isin([7, 8]).to_numpy()
    model = mnea.EEGTransformer(random_state=0, **params).fit(epochs[~held_out])
    print(f"{task}: held-out accuracy {model.score(epochs[held_out]):.3f}")
    # deletion curves on 17 points (every fourth channel) keep this quick
    tables[task] = mnea.evaluate.compare_methods(
        model, epochs[held_out], truth, n_steps=17, random_state=0
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
    model, epochs[held_out], attention, n_steps=17, random_state=0
)
curve.plot()
