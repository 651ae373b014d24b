"""AttentionEpochs / AttentionEvoked: MNE behaviour and plotting units."""

import matplotlib.pyplot as plt
import mne
import numpy as np

from mne_attention import AttentionEvoked, EEGTransformer, compute_attention
from mne_attention.containers.epochs import attention_description
from mne_attention.utils._montage import standard_1005_montage


def test_average_gives_attention_evoked(attention):
    """Averages, per-condition averages and MNE combinations stay attention."""
    evoked = attention["closed"].average()
    assert isinstance(evoked, AttentionEvoked)
    np.testing.assert_allclose(evoked.data, attention["closed"].get_data().mean(axis=0))
    np.testing.assert_allclose(evoked.times, attention.times)  # window centres kept
    by_type = attention.average(by_event_type=True)
    assert [e.comment for e in by_type] == ["open", "closed"]
    assert all(isinstance(e, AttentionEvoked) for e in by_type)
    assert isinstance(mne.grand_average(by_type), AttentionEvoked)
    difference = mne.combine_evoked(by_type, weights=[1, -1])
    assert isinstance(difference, AttentionEvoked)
    assert difference.method == "rollout"


def _colorbar_axes(fig):
    return [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]


def test_topomap_shows_attention_not_microvolts(attention):
    """Values are unscaled, the colour bar is labelled as attention, no µV anywhere."""
    evoked = attention["closed"].average()
    fig = evoked.plot_topomap(times=evoked.times[0], colorbar=True, show=False)
    image = fig.axes[0].images[0]
    low, high = image.get_clim()
    values = evoked.data
    np.testing.assert_allclose([low, high], [values.min(), values.max()], rtol=1e-6)
    texts = (
        [t.get_text() for ax in fig.axes for t in ax.texts]
        + [ax.get_title() for ax in fig.axes]
        + [ax.get_ylabel() for ax in fig.axes]
    )
    assert any("Attention (a.u.)" in text for text in texts)
    assert not any("µV" in text for text in texts)
    assert image.get_cmap().name == "Reds"


def test_joint_and_line_plots_use_attention_units(attention):
    """plot_joint and plot label the axis with attention units, unscaled."""
    evoked = attention["open"].average()
    fig = evoked.plot_joint(show=False)
    (line_axes,) = [ax for ax in fig.axes if ax.get_ylabel() == "Attention (a.u.)"]
    plotted = np.concatenate([line.get_ydata() for line in line_axes.lines[:6]])
    np.testing.assert_allclose(np.sort(plotted), np.sort(evoked.data.ravel()))
    plt.close("all")
    fig = evoked.plot(show=False)
    assert "Attention (a.u.)" in fig.axes[0].get_ylabel()


def test_single_window_plot_joint(tiny_epochs, tiny_params):
    """One time window (the default) still plots jointly without warnings."""
    model = EEGTransformer(**tiny_params).fit(tiny_epochs)
    evoked = compute_attention(model, tiny_epochs).average()
    assert len(evoked.times) == 1
    np.testing.assert_allclose(evoked.times, [79.5 / 160])
    fig = evoked.plot_joint(show=False)
    assert "Attention (a.u.)" in [ax.get_ylabel() for ax in fig.axes]


def test_topomap_panels_show_their_own_window():
    """Window centres off MNE's sample grid still map each panel to its window."""
    info = mne.create_info(["Fz", "Cz", "Pz", "Oz", "C3", "C4"], 2.0, "eeg")
    info.set_montage(standard_1005_montage())
    info["description"] = attention_description("rollout", 0.25)
    data = np.repeat([[1.0, 2.0, 3.0]], 6, axis=0)  # window k holds k + 1
    evoked = AttentionEvoked(data, info).shift_time(0.25, relative=False)
    fig = evoked.plot_topomap(times=evoked.times, colorbar=False, show=False)
    panels = fig.axes[:3]
    assert [ax.get_title() for ax in panels] == ["0.25 s", "0.75 s", "1.25 s"]
    shown = [ax.get_images()[0].get_array().max() for ax in panels]
    np.testing.assert_allclose(shown, [1.0, 2.0, 3.0], rtol=1e-6)
    fig = evoked.plot_topomap(1.2, colorbar=False, show=False)  # nearest window
    assert fig.axes[0].get_title() == "1.25 s"
    np.testing.assert_allclose(fig.axes[0].get_images()[0].get_array().max(), 3.0)
