"""Shared parameter descriptions for numpydoc docstrings (MNE's ``fill_doc`` idiom)."""

import re

from mne.utils.docs import docdict as _mne_docdict

docdict = {
    "verbose": _mne_docdict["verbose"].strip("\n"),
    "random_state": """random_state : None | int | instance of ~numpy.random.RandomState
    Seed or random state. The same value gives the same numbers on CPU.""",
    "X_epochs": """X : instance of mne.Epochs | array, shape (n_epochs, n_channels, n_times)
    The data. With :class:`mne.Epochs`, the labels are the ``event_id`` names.""",
    "y_epochs": """y : None | array-like, shape (n_epochs,)
    The labels, required when ``X`` is an array and ignored for
    :class:`mne.Epochs`.""",
    "model_fitted": """model : instance of EEGTransformer
    A fitted model.""",
    "epochs_attention": """epochs : instance of mne.Epochs
    Epochs with the model's channels (any order), sampling rate and length.""",
    "condition": """condition : None | str
    The condition; may be None when there is only one.""",
    "cmap": """cmap : str | instance of matplotlib.colors.Colormap
    Matplotlib colour map.""",
    "axes": """axes : None | instance of matplotlib.axes.Axes
    Where to draw; a new figure when None.""",
    "show": """show : bool
    Show the figure.""",
    "fig_return": """fig : instance of matplotlib.figure.Figure
    The figure.""",
    "options_3d": """bgcolor : colour
    Background colour.
size : tuple of int
    Figure size in pixels (width, height), for a new figure.
fig : None | instance of mne.viz.Figure3D
    A figure to draw into; a new one when None.""",
    "renderer_pos": """renderer : instance of mne.viz.backends._pyvista._PyVistaRenderer
    Where to draw.
pos : array, shape (n_sensors, 3)
    The sensor positions.""",
    "value_name": """value : object
    What the user passed; bools are refused.
name : str
    The argument's name, for the error message.""",
    # "method" and "method_attention" are added from the registry of methods in
    # mne_attention.attention.relevance.
    "attention_options": """head_fusion : "mean" | "max" | "min"
    How the heads of a layer are combined (rows renormalised after).
layer : int
    Layer for ``method="raw"``; negative values count from the last.
head : None | int
    Head for ``method="raw"``; None fuses all heads with ``head_fusion``.
keep : "all" | "correct"
    Keep every epoch, or only those the model classifies correctly.
min_confidence : None | float
    Also drop epochs whose predicted-class probability is below this.
batch_size : None | int
    Epochs per forward pass (None: the model's training batch size). Results do
    not depend on it; memory does.""",
}

# the demo's and the study's option checks
docdict["model_params_return"] = """model_params : dict
    The hyper-parameters the models are trained with."""
docdict["option_errors"] = """TypeError, ValueError
    For a bad option; every message starts with the name of the argument at
    fault."""
docdict["axes_show"] = docdict["axes"] + "\n" + docdict["show"]

# the test of directed links against uniform attention, and their 3D figures
docdict["alpha"] = """alpha : float
    The level of the test, between 0 and 1 (exclusive)."""
docdict["correction"] = """correction : "fdr" | "bonferroni"
    The correction for the number of links."""
docdict["alpha_correction"] = docdict["alpha"] + "\n" + docdict["correction"]
docdict["links_3d"] = """links : "significant" | "top"
    ``"significant"``: only the links significantly above the uniform
    reference (one-sided test of each link against it with the
    across-epoch standard error ``channel_attention.sem``, corrected
    over all links). ``"top"``: the ``top_k`` links furthest above the
    reference, whether significant or not. A ``channel_attention``
    without ``sem`` (e.g. built by hand) is drawn as ``"top"``, and the
    figure says that its links were not tested."""
docdict["links_direction_strength"] = """\
- **direction**: the colour runs along the tube from the sender's colour
  (``direction_colors[0]``, blue by default) to the receiver's colour
  (``direction_colors[1]``, red); the two directions of a pair bend to
  opposite sides, so both are visible;
- **strength**: thickness and opacity grow linearly with the attention
  above the uniform reference, from the weakest to the strongest drawn
  link (the range, also as a ratio to the reference, is written in the
  corner);"""
docdict["tube_radius"] = """tube_radius : float
    Radius in metres of the strongest link; the weakest gets a quarter."""
docdict["direction_colors"] = """direction_colors : tuple of 2 colours
    Colours of the sender and receiver ends of each link."""
docdict["fig_3d"] = """fig : instance of mne.viz.Figure3D
    The 3D figure (use :func:`mne.viz.set_3d_view` to move the camera,
    ``fig.plotter.screenshot()`` to grab the image)."""
# the sensor coverage of the scalp map
docdict["sensors_points_center"] = """pos_from : array, shape (n_sensors, 3)
    The sensor positions, at least two.
pos_to : array, shape (n_points, 3)
    The points (e.g. head vertices).
center : array, shape (3,)
    The centre the angles are seen from."""

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)%\((?P<key>\w+)\)s[ \t]*$", re.MULTILINE)


def fill_doc(obj):
    """Replace lines holding only ``%(name)s`` with the indented :data:`docdict` entry.

    Parameters
    ----------
    obj : callable | class
        The object whose docstring to fill.

    Returns
    -------
    obj : callable | class
        The same object, its docstring filled.
    """

    def _indent(match):
        indent = match.group("indent")
        entry = docdict[match.group("key")]
        return "\n".join(indent + line if line else line for line in entry.split("\n"))

    if obj.__doc__:
        obj.__doc__ = _PLACEHOLDER.sub(_indent, obj.__doc__)
    return obj
