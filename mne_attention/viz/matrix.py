"""Channel x channel matrices as images, receivers in rows and senders in columns."""

import numpy as np
from mne.utils import _validate_type

from ..utils._docs import fill_doc
from ._checks import check_cmap, colour_limits
from ._figures import plt_show


@fill_doc
def plot_attention_matrix(
    matrix, ch_names, *, diagonal, symmetric, label, title, cmap, axes, show
):
    """Plot a channel x channel matrix as an image with a colour bar.

    Parameters
    ----------
    matrix : array, shape (n_channels, n_channels)
        The values, receivers (queries) in rows and senders (keys) in columns.
    ch_names : list of str
        The channel names, in matrix order.
    diagonal : bool
        Show the diagonal; False draws its cells grey and keeps them out of
        the colour scale.
    symmetric : bool
        Colour limits symmetric around zero (e.g. z-scores); values beyond
        the largest finite one are drawn at the limit.
    label : str
        The colour bar label.
    title : None | str
        The axes title.
    %(cmap)s
    %(axes_show)s

    Returns
    -------
    %(fig_return)s
    """
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    check_cmap(cmap, "cmap")
    _validate_type(axes, (None, Axes), "axes", "None or matplotlib Axes")
    _validate_type(show, bool, "show")
    values = np.asarray(matrix, dtype=float)
    keep = (
        np.ones(values.shape, dtype=bool)
        if diagonal
        else ~np.eye(len(values), dtype=bool)
    )
    vmin, vmax = colour_limits(values[keep], symmetric=symmetric)
    shown = np.ma.masked_invalid(np.clip(values, vmin, vmax))
    if not diagonal:
        shown[~keep] = np.ma.masked
        label += "; self in grey"
    if axes is None:
        _, axes = plt.subplots(figsize=(7, 6), layout="constrained")
    image = axes.imshow(
        shown,
        cmap=plt.get_cmap(cmap).with_extremes(bad="lightgrey"),
        interpolation="nearest",
        vmin=vmin,
        vmax=vmax,
    )
    ticks = np.arange(len(ch_names))
    axes.set(
        xticks=ticks,
        yticks=ticks,
        xlabel="Sender (key) channel",
        ylabel="Receiver (query) channel",
        title=title,
    )
    axes.set_xticklabels(ch_names, rotation=90, fontsize=6)
    axes.set_yticklabels(ch_names, fontsize=6)
    axes.figure.colorbar(image, ax=axes, label=label)
    plt_show(show)
    return axes.figure
