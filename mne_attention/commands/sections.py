"""Report sections and output folders shared by the demo and the study."""

import contextlib
import os
import time
from pathlib import Path

import mne
import numpy as np
from mne.utils import _validate_type, logger

from ..attention.cross_fit import check_model_params
from ..evaluate import contrast_test
from ..utils._checks import check_seed
from ..utils._input import epoch_subjects
from ..viz._checks import check_sensor_positions, evoked_values
from ..viz._geometry import head_center

#: EEGTransformer settings of ``quick`` runs: a small model and few passes.
QUICK_MODEL = dict(d_model=64, n_heads=4, n_layers=2, max_epochs=20)
# the camera distance (m) of the package's 3D views
_DISTANCE = 0.55
# directions closer to the vertex (degrees) are seen from straight above
_TOP = 30.0


def check_model_options(quick, random_state, model_params):
    """Check the model options the demo and the study share; return the model's settings.

    Parameters
    ----------
    quick : bool
        Small models (:data:`QUICK_MODEL`); otherwise the estimator's defaults.
    random_state : None | int
        Seed for data, folds and models.
    model_params : None | dict
        EEGTransformer hyper-parameters that replace those settings.

    Returns
    -------
    model_params : dict
        The hyper-parameters the models are trained with.
    """
    check_seed(random_state)
    _validate_type(quick, bool, "quick")
    _validate_type(model_params, (None, dict), "model_params")
    check_model_params(model_params or {})
    return {**(QUICK_MODEL if quick else {}), **(model_params or {})}


def check_output_folder(output):
    """Return ``output`` as a folder that exists or can be created and written.

    Parameters
    ----------
    output : path-like
        The output folder.

    Returns
    -------
    output : pathlib.Path
        The folder, ``~`` expanded (not created here).
    """
    _validate_type(output, "path-like", "output")
    output = Path(output).expanduser()
    if output.exists() and not output.is_dir():
        raise ValueError(f"output must be a folder, got the file {output}")
    existing = next(folder for folder in output.absolute().parents if folder.exists())
    if not existing.is_dir():
        raise ValueError(
            f"output must be a folder that can be created, got {output} inside the "
            f"file {existing}"
        )
    target = output if output.exists() else existing
    if not os.access(target, os.W_OK | os.X_OK):
        raise ValueError(f"output must be writable, got {output} in {target}")
    return output


@contextlib.contextmanager
def output_folder(output):
    """Create ``output`` and its missing parents.

    They are removed again if the block fails while they are still empty.

    Parameters
    ----------
    output : pathlib.Path
        A folder checked by :func:`check_output_folder`.
    """
    created = []
    for folder in (output, *output.absolute().parents):
        if folder.exists():
            break
        created.append(folder)
    output.mkdir(parents=True, exist_ok=True)
    try:
        yield output
    except BaseException:
        for folder in created:  # the deepest first
            try:
                folder.rmdir()  # only an empty folder goes
            except OSError:
                break
        raise


def score_table(result, extra=None):
    """Return the held-out accuracy per fold as an HTML table.

    Parameters
    ----------
    result : AttentionResult
        The cross-fitted result.
    extra : None | dict of str -> (array, float)
        More columns: per-fold values and the value of the mean row.

    Returns
    -------
    html : str
        The table.
    """
    extra = extra or {}
    head = "".join(f"<th>{name}</th>" for name in extra)
    rows = "".join(
        f"<tr><td>{k + 1}</td><td>{len(test)}</td><td>{score:.3f}</td>"
        + "".join(f"<td>{values[k]:.3f}</td>" for values, _ in extra.values())
        + "</tr>"
        for k, (test, score) in enumerate(zip(result.folds, result.fold_scores))
    )
    means = "".join(f"<th>{mean:.3f}</th>" for _, mean in extra.values())
    return (
        "<table class='table table-sm'><tr><th>Fold</th><th>Held-out epochs</th>"
        f"<th>Accuracy</th>{head}</tr>{rows}<tr><th>Mean</th><td></td>"
        f"<th>{result.mean_score:.3f}</th>{means}</tr></table>"
    )


def add_topomaps(report, attention, evokeds, contrast, random_state):
    """Add the condition maps and their difference, clusters of the contrast marked.

    Parameters
    ----------
    report : mne.Report
        The report.
    attention : AttentionEpochs
        The cross-fitted attention of every epoch.
    evokeds : list of AttentionEvoked
        Its average per condition.
    contrast : tuple of 2 str
        The conditions whose difference is drawn and tested.
    random_state : None | int
        Seed of the permutation cluster test.
    """
    from ..viz import plot_attention_topomaps

    n_subjects = len(set(epoch_subjects(attention)))
    what = (
        "Mean attention per condition as a multiple of uniform attention (1: "
        "every channel alike) and their difference"
    )
    if n_subjects < 3:
        mask = None
        caption = (
            f"{what}; with {n_subjects} subjects the difference is not tested (at "
            "least 3 are needed)."
        )
    else:
        result = contrast_test(attention, contrast, random_state=random_state)
        mask = result.mask.any(axis=1)
        significant = (result.cluster_p_values < result.alpha).sum()
        caption = (
            f"{what}. Marked channels belong to the {significant} cluster(s) of "
            f"the {' - '.join(contrast)} difference with p < {result.alpha} across "
            f"{result.n_subjects} subjects (paired permutation cluster test over "
            "the channel adjacency)."
        )
    report.add_figure(
        plot_attention_topomaps(
            evokeds, contrast=contrast, mask=mask, scale="uniform", show=False
        ),
        title="Class-token attention (rollout)",
        caption=caption,
    )


def add_training_curves(report, models):
    """Add the training curves of each fold's model.

    Parameters
    ----------
    report : mne.Report
        The report.
    models : list of EEGTransformer
        The fitted fold models.
    """
    from ..viz import plot_history

    report.add_figure(
        [plot_history(model, show=False) for model in models],
        title="Training curves",
        caption=[f"Fold {k + 1}" for k in range(len(models))],
    )


def view_from_data(evoked):
    """Return the camera that looks at the head from where attention is largest.

    The direction is the attention-weighted mean of the directions from the
    head centre to the sensors (weights: each value above the smallest), so
    an effect at the back of the head is seen from behind and one at the
    vertex from above.

    Parameters
    ----------
    evoked : instance of mne.Evoked
        An attention map with sensor positions.

    Returns
    -------
    view : dict
        ``azimuth`` and ``elevation`` in degrees (as :func:`mne.viz.set_3d_view`
        takes them: azimuth 0 looks from the right, 90 from the front, 180
        from the left, 270 from behind; elevation 0 from above, 90 from the
        side; directions within 30 degrees of the vertex give the top view,
        nose up), ``distance`` and ``focalpoint`` (the head centre).
    """
    values = evoked_values(evoked)
    pos = check_sensor_positions(evoked.info, "evoked.info")
    center = head_center(pos)
    rays = pos - center
    rays /= np.linalg.norm(rays, axis=1, keepdims=True)
    direction = ((values - values.min())[:, None] * rays).sum(axis=0)
    if not np.linalg.norm(direction) > 1e-12 * len(values):  # flat: from above
        direction = np.array([0.0, 0.0, 1.0])
    direction /= np.linalg.norm(direction)
    azimuth = float(np.degrees(np.arctan2(direction[1], direction[0])) % 360)
    elevation = float(np.degrees(np.arccos(np.clip(direction[2], -1, 1))))
    if elevation < _TOP:  # the top view, nose up, rather than a rolled one
        azimuth, elevation = 90.0, 0.0
    return dict(
        azimuth=azimuth, elevation=elevation, distance=_DISTANCE, focalpoint=center
    )


def _side(view):
    """Name the side of the head a camera looks from."""
    if view["elevation"] < _TOP:
        return "above"
    sides = ("the right", "the front", "the left", "behind")
    return sides[int(((view["azimuth"] + 45) % 360) // 90)]


def add_3d_figures(report, channel_attention, evoked):
    """Add the 3D views to ``report``, or a note saying why they could not be drawn.

    The views are ``channel_attention`` (one fold's model on its held-out
    epochs) and the class-token attention ``evoked``, both of the condition
    ``evoked.comment``.
    """
    from ..viz import plot_sensor_attention_3d

    condition = evoked.comment
    figures = []
    try:
        start = time.perf_counter()
        links = channel_attention.plot_3d(condition=condition, top_k=100)
        figures.append(links)
        report.add_figure(
            links,
            title="Channel-to-channel attention (3D)",
            caption=f"{condition} epochs: the links that carry more attention than "
            "uniform attention among the other channels (FDR 0.05 over epochs; at "
            "most the 100 strongest, the figure says how many passed). Colour runs "
            "from sender (blue) to receiver (red), thickness grows with the excess "
            "over uniform; sensor colour and size show self-attention.",
        )
        sensors = plot_sensor_attention_3d(evoked)
        figures.append(sensors)
        view = view_from_data(evoked)
        mne.viz.set_3d_view(sensors, **view)
        report.add_figure(
            sensors,
            title="Class-token attention on the head (3D)",
            caption=f"{condition} epochs, seen from {_side(view)}: the camera "
            "looks from where the attention is largest (azimuth "
            f"{view['azimuth']:.0f}°, elevation {view['elevation']:.0f}°).",
        )
        logger.info(f"3D views rendered in {time.perf_counter() - start:.1f} s")
    except (ImportError, RuntimeError) as err:
        report.add_html(
            f"<p>The 3D views need a 3D backend: {err}</p>", title="3D views skipped"
        )
        logger.warning(f"3D views skipped: {err}")
    finally:
        # only what was drawn: without a 3D backend there is nothing to close
        for figure in figures:
            mne.viz.close_3d_figure(figure)
