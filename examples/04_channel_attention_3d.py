"""
.. _ex-attention-figures:

=========================================================
Attention figures: topomaps per condition and band, in 3D
=========================================================

The figures of the original study, made with :mod:`mne_attention.viz`:

- class-token attention topomaps for eyes open and eyes closed, and their
  difference on a symmetric diverging scale, with significant channels marked;
- the same for several frequency bands, one row per band;
- the strongest channel-to-channel attention links in MNE's 3D renderer;
- the per-channel attention as sensor colours on the head.

Each figure is written to a PNG file in ``attention_figures/`` (in the
current directory). The attention comes from small models cross-fitted on
simulated eyes-open / eyes-closed EEG (:func:`mne_attention.fit_attention`).

The 3D part needs the ``viz`` extra (``pip install "mne-attention[viz]"``) and
a display; on a headless Linux machine run the script under Xvfb, e.g.
``xvfb-run -a python 04_attention_figures.py``.
"""

# %%
import os
import sys
import time
from pathlib import Path

import matplotlib.pyplot as plt
import mne
from scipy import stats

import mne_attention as mnea
from mne_attention.viz import plot_attention_topomaps, plot_sensor_attention_3d

out_dir = Path("attention_figures")
out_dir.mkdir(exist_ok=True)
epochs, truth = mnea.datasets.simulate_epochs(task="eyes", n_subjects=6, random_state=0)
small = dict(d_model=64, n_heads=4, n_layers=2, max_epochs=15, batch_size=16)

# %%
# Class-token attention topomaps
# ------------------------------
# Cross-fitted attention, averaged per condition: one attention-valued
# :class:`mne.Evoked` per condition. Channels whose attention differs between
# the conditions (Welch t-test over epochs, Bonferroni-corrected) are marked.
result = mnea.fit_attention(epochs, cv=3, random_state=0, **small)
evokeds = result.average()
attention = result.attention
_, p_values = stats.ttest_ind(
    attention["eyes-open"].get_data()[:, :, 0],
    attention["eyes-closed"].get_data()[:, :, 0],
    equal_var=False,
)
significant = p_values < 0.05 / len(p_values)

fig = plot_attention_topomaps(
    evokeds,
    contrast=("eyes-open", "eyes-closed"),
    mask=significant,
    title=f"Class-token attention (held-out accuracy {result.mean_score:.2f})",
    show=False,
)
fig.savefig(out_dir / "attention_topomaps.png", dpi=150)

# %%
# One row per frequency band
# --------------------------
# One set of models per band, trained on band-pass filtered epochs.
bands = {"theta": (4.0, 8.0), "alpha": (8.0, 12.0), "beta": (13.0, 30.0)}
band_results = mnea.fit_attention(epochs, cv=3, random_state=0, bands=bands, **small)
fig = plot_attention_topomaps(
    {band: band_result.average() for band, band_result in band_results.items()},
    contrast=("eyes-open", "eyes-closed"),
    show=False,
)
fig.savefig(out_dir / "attention_topomaps_bands.png", dpi=150)
plt.close("all")

# %%
# Channel-to-channel attention in 3D
# ----------------------------------
# ``data[k, i, j]``: how much receiver ``i`` attends to sender ``j``, here
# from the first fold's model on the epochs it did not train on. The figure
# shows the 100 strongest links as tubes curved towards the head centre, coloured from
# the sender end (blue) to the receiver end (red), thicker and more opaque
# when stronger; sensor size and colour show self-attention.
if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
    raise RuntimeError(
        "The 3D figures need a display: run under Xvfb, e.g. "
        "xvfb-run -a python 04_attention_figures.py"
    )

model, held_out = result.models[0], result.folds[0]
chan = mnea.compute_channel_attention(model, epochs[held_out])

start = time.perf_counter()
fig = chan.plot_3d(condition="eyes-closed", top_k=100)
fig.plotter.render()
fig.plotter.screenshot(str(out_dir / "attention_3d.png"))
elapsed = time.perf_counter() - start
print(f"3D view (64 channels, top_k=100) rendered and saved in {elapsed:.1f} s")

# %%
# Another view of the same figure: from the left, slightly above.
mne.viz.set_3d_view(fig, azimuth=180, elevation=60, distance=0.55)
fig.plotter.render()
fig.plotter.screenshot(str(out_dir / "attention_3d_left.png"))

# %%
# Per-channel attention on the head
# ---------------------------------
# The eyes-closed topomap as sensor colours in 3D.
fig = plot_sensor_attention_3d(evokeds[1])  # eyes-closed
fig.plotter.render()
fig.plotter.screenshot(str(out_dir / "sensor_attention_3d.png"))
mne.viz.close_all_3d_figures()

for fname in sorted(out_dir.glob("*.png")):
    print(f"wrote {fname}")
