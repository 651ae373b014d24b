"""Attention between brain regions in MNE's 3D renderer: links between label centroids.

The geometry of labels (cortical surfaces, centroids) is read here; the links
are chosen by :class:`mne_attention.ChannelAttention`, whose ``plot_brain``
method calls :func:`plot_brain_links_3d`.
"""

from pathlib import Path

import mne
import numpy as np
from mne.utils import _validate_type, get_subjects_dir, verbose

from ..utils._checks import check_number
from ..utils._docs import fill_doc
from .sensors_3d import (
    DIRECTION_COLORS,
    LINK_DEFAULTS_3D,
    channel_attention_method,
    plot_links_3d,
    with_defaults,
)

HEMIS = ("lh", "rh")
# the drawing defaults of plot_region_links_3d, for plot_brain_links_3d
_REGION_LINKS_3D = {
    "surf": "pial",
    "cortex_opacity": 0.15,
    "region_names": False,
    "tube_radius": 0.002,
    "region_scale": 0.005,
    **LINK_DEFAULTS_3D,
}


def channel_labels(labels, ch_names):
    """Return the label named after each channel, in channel order, and their subject.

    Parameters
    ----------
    labels : list of mne.Label
        The labels (others than the channels' are ignored).
    ch_names : list of str
        The channel names.

    Returns
    -------
    labels : list of mne.Label
        One per channel.
    subject : str
        The subject the labels belong to.
    """
    _validate_type(labels, (list, tuple), "labels", "list of mne.Label")
    by_name = {}
    for label in labels:
        _validate_type(label, mne.Label, "each entry of labels", "mne.Label")
        by_name.setdefault(label.name, []).append(label)
    missing = [name for name in ch_names if name not in by_name]
    if missing:
        shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        raise ValueError(
            f"labels must hold a label named after each channel, got none for "
            f"{len(missing)} of {len(ch_names)} channels ({shown})"
        )
    twice = [name for name in ch_names if len(by_name[name]) > 1]
    if twice:
        raise ValueError(
            f"labels must hold one label of each channel's name, got several named "
            f"{twice[0]!r}"
        )
    chosen = [by_name[name][0] for name in ch_names]
    subjects = {label.subject for label in chosen}
    if len(subjects) > 1 or None in subjects:
        raise ValueError(
            "labels must all belong to one subject (label.subject), got "
            f"{sorted(map(str, subjects))}"
        )
    return chosen, subjects.pop()


def read_cortex(subject, subjects_dir, surf):
    """Read both hemispheres of one of a subject's FreeSurfer surfaces.

    Parameters
    ----------
    subject : str
        The subject.
    subjects_dir : pathlib.Path
        The subjects directory.
    surf : str
        The surface (``surf/{lh,rh}.{surf}``), e.g. ``"pial"``. Inflated
        hemispheres are moved apart until they touch at ``x = 0``, as
        :class:`mne.viz.Brain` shows them.

    Returns
    -------
    cortex : dict
        ``{"lh": (rr, tris), "rh": (rr, tris)}``, vertices in metres.
    """
    _validate_type(surf, str, "surf")
    folder = subjects_dir / subject / "surf"
    missing = [
        f"{hemi}.{surf}" for hemi in HEMIS if not (folder / f"{hemi}.{surf}").is_file()
    ]
    if not surf or Path(surf).name != surf or missing:
        raise ValueError(
            f"surf must name a surface of subject {subject!r} (files "
            f"surf/lh.<surf> and surf/rh.<surf> in {subjects_dir / subject}), got "
            f"{surf!r}" + (f": {', '.join(missing)} not found" if missing else "")
        )
    cortex = {}
    for hemi in HEMIS:
        rr, tris = mne.read_surface(folder / f"{hemi}.{surf}", verbose="error")
        rr = rr / 1000.0  # FreeSurfer surfaces are in millimetres
        if surf == "inflated":
            rr[:, 0] -= rr[:, 0].max() if hemi == "lh" else rr[:, 0].min()
        cortex[hemi] = (rr, tris)
    return cortex


def label_centroids(labels, subject, subjects_dir, cortex):
    """Return where each label's centre of mass lies on the drawn surface.

    The centre of mass is found on the spherical surface
    (:meth:`mne.Label.center_of_mass`, restricted to the label's own
    vertices), away from the folds, and drawn at that vertex of ``cortex``.

    Parameters
    ----------
    labels : list of mne.Label
        The labels, of hemisphere ``"lh"`` or ``"rh"``.
    subject : str
        Their subject.
    subjects_dir : pathlib.Path
        The subjects directory.
    cortex : dict
        The surfaces of :func:`read_cortex`.

    Returns
    -------
    positions : array, shape (n_labels, 3)
        The centroids, in metres.
    """
    positions = np.empty((len(labels), 3))
    for k, label in enumerate(labels):
        vertex = label.center_of_mass(
            subject, restrict_vertices=True, subjects_dir=subjects_dir, surf="sphere"
        )
        positions[k] = cortex[label.hemi][0][vertex]
    return positions


@verbose
def plot_brain_links_3d(
    info,
    labels,
    subjects_dir,
    self_values,
    links,
    strength,
    *,
    lines,
    name,
    verbose=None,
    **options,
):
    """Draw directed links between brain regions as tubes, and a value per region.

    The drawing of :func:`plot_region_links_3d`, on arrays: each channel is
    drawn at its label's centroid, in the cortex, by
    :func:`~mne_attention.viz.sensors_3d.plot_links_3d`.

    Parameters
    ----------
    info : instance of mne.Info
        The channels, named after their regions.
    labels : list of mne.Label
        The regions, one named after each channel.
    subjects_dir : None | path-like
        The subjects directory; None uses ``SUBJECTS_DIR``.
    self_values : array, shape (n_channels,)
        One value per region (e.g. self-attention).
    links : tuple of 2 array of int
        The receivers and senders of the links to draw (may be empty).
    strength : array, shape (n_links,)
        How strong each link is (e.g. attention above its reference).
    lines : list of str
        Text for the top left corner.
    name : str
        The window title.
    verbose : bool | str | int | None
        Control verbosity of the logging output.
    **options
        How to draw: ``surf``, ``cortex_opacity``, ``region_names``,
        ``curvature``, ``tube_radius``, ``region_scale``,
        ``direction_colors``, ``cmap``, ``bgcolor``, ``size`` and ``fig``, as
        in :func:`plot_region_links_3d` (with its defaults).

    Returns
    -------
    fig : instance of mne.viz.Figure3D
        The 3D figure.
    """
    options = with_defaults(options, _REGION_LINKS_3D, "plot_brain")
    surf = options.pop("surf")
    opacity = check_number(
        options.pop("cortex_opacity"), "cortex_opacity", low=0, high=1
    )
    region_names = options.pop("region_names")
    _validate_type(region_names, bool, "region_names")
    region_scale = check_number(
        options.pop("region_scale"), "region_scale", low=0, closed="neither"
    )
    labels, subject = channel_labels(labels, info["ch_names"])
    _validate_type(subjects_dir, (None, "path-like"), "subjects_dir")
    try:
        subjects_dir = get_subjects_dir(subjects_dir, raise_error=True)
    except KeyError:
        raise ValueError(
            "subjects_dir must be given when SUBJECTS_DIR is not set, got None"
        ) from None
    if not (subjects_dir / subject).is_dir():
        raise ValueError(
            f"labels must belong to a subject of subjects_dir, got {subject!r}, "
            f"which {subjects_dir} does not hold"
        )
    cortex = read_cortex(subject, subjects_dir, surf)
    return plot_links_3d(
        info,
        self_values,
        links,
        strength,
        lines=lines,
        name=name,
        positions=label_centroids(labels, subject, subjects_dir, cortex),
        surfaces=[cortex[hemi] for hemi in HEMIS],
        head=opacity,
        sensor_names=region_names,
        sensor_scale=region_scale,
        **options,
    )


@verbose
@fill_doc
def plot_region_links_3d(
    channel_attention,
    labels,
    subjects_dir=None,
    condition=None,
    top_k=30,
    *,
    links="significant",
    alpha=0.05,
    correction="fdr",
    surf="pial",
    cortex_opacity=0.15,
    region_names=False,
    curvature=0.5,
    tube_radius=0.002,
    region_scale=0.005,
    direction_colors=DIRECTION_COLORS,
    cmap="viridis",
    bgcolor="white",
    size=(800, 800),
    fig=None,
    verbose=None,
):
    """Draw the directed links between brain regions that beat uniform attention.

    For attention over brain regions, e.g. computed on the epochs of
    :func:`mne_attention.source_epochs`, whose channels are named after
    labels. Each region is drawn at its label's centroid, in the translucent
    cortex of both hemispheres; the links are chosen and drawn as
    :func:`plot_channel_attention_3d` does between sensors. A link ``j -> i``
    is compared with the receiver's uniform reference, the attention ``i``
    would give every other region if it spread its non-self attention evenly.
    By default only the links significantly above it are drawn (at most
    ``top_k``, strongest first), and the figure says how many of all links
    passed the test; when none did, the cortex and regions are drawn alone.
    Each drawn link is a tube from the sender region (key) to the receiver
    region (query), curved towards the middle of the brain. How to read it:

    %(links_direction_strength)s
    - **self-attention** (the diagonal) is shown on the regions: sphere size
      and colour (``cmap``, with a colour bar) grow with it.

    The view is from above, nose up: the left hemisphere on the left.

    Parameters
    ----------
    channel_attention : instance of mne_attention.ChannelAttention
        The region x region attention (``data[k, i, j]``: receiver ``i``,
        sender ``j``).
    labels : list of mne.Label
        The regions, of one subject (``label.subject``): one label named
        after each channel of ``channel_attention`` (others are ignored),
        e.g. ``mne.read_labels_from_annot(subject, parc,
        subjects_dir=subjects_dir)``.
    subjects_dir : None | path-like
        The FreeSurfer subjects directory holding the labels' subject; None
        uses the ``SUBJECTS_DIR`` environment variable or MNE configuration.
    %(condition)s
    top_k : int
        The most directed links to draw (the furthest above the reference),
        from 1 to ``n_regions * (n_regions - 1)``.
    %(links_3d)s
    %(alpha)s
    correction : "fdr" | "bonferroni"
        The correction for the ``n_regions * (n_regions - 1)`` links:
        Benjamini-Hochberg false discovery rate or Bonferroni.
    surf : str
        The subject's surface to draw and to place the centroids on
        (``surf/lh.<surf>`` and ``surf/rh.<surf>``), e.g. ``"pial"``,
        ``"white"`` or ``"inflated"``. The centroids are found on the
        spherical surface (``surf/{lh,rh}.sphere``) whatever ``surf`` is.
    cortex_opacity : float
        The opacity of the cortex, between 0 and 1 (low, so that the links
        inside stay visible).
    region_names : bool
        Write the region names next to the regions.
    curvature : float
        How far each link bends towards the middle of the brain, as a
        fraction of its length (0 draws straight links).
    %(tube_radius)s
    region_scale : float
        Radius in metres of the region with the largest self-attention.
    %(direction_colors)s
    cmap : str | instance of matplotlib.colors.Colormap
        Colour map of the regions' self-attention.
    %(options_3d)s
    %(verbose)s

    Returns
    -------
    %(fig_3d)s

    See Also
    --------
    plot_channel_attention_3d
    mne_attention.ChannelAttention.plot_brain
    """
    return channel_attention_method(channel_attention, "plot_brain")(
        labels,
        subjects_dir,
        condition,
        top_k,
        links=links,
        alpha=alpha,
        correction=correction,
        surf=surf,
        cortex_opacity=cortex_opacity,
        region_names=region_names,
        curvature=curvature,
        tube_radius=tube_radius,
        region_scale=region_scale,
        direction_colors=direction_colors,
        cmap=cmap,
        bgcolor=bgcolor,
        size=size,
        fig=fig,
        verbose=verbose,
    )
