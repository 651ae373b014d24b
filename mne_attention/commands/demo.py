"""The demo: simulated eyes-open/closed EEG -> cross-fitted models -> attention report."""

import contextlib
import os
import time
import webbrowser
from pathlib import Path

import mne
from mne.utils import _validate_type, logger, verbose

from ..attention.compute import compute_channel_attention
from ..attention.cross_fit import check_model_params, fit_attention
from ..datasets import simulate_epochs
from ..evaluate import compare_methods, contrast_test
from ..utils._checks import check_int, check_seed
from ..utils._input import epoch_labels, epoch_subjects

CONTRAST = ("eyes-open", "eyes-closed")
# quick: a small model and few passes; full: the estimator's defaults
_QUICK_MODEL = dict(d_model=64, n_heads=4, n_layers=2, max_epochs=20)
_FULL_MODEL = {}


def _score_table(result):
    rows = "".join(
        f"<tr><td>{k + 1}</td><td>{len(test)}</td><td>{score:.3f}</td></tr>"
        for k, (test, score) in enumerate(zip(result.folds, result.fold_scores))
    )
    return (
        "<table class='table table-sm'><tr><th>Fold</th><th>Held-out epochs</th>"
        f"<th>Accuracy</th></tr>{rows}<tr><th>Mean</th><td></td>"
        f"<th>{result.mean_score:.3f}</th></tr></table>"
    )


def _add_topomaps(report, attention, evokeds, random_state):
    """Add the condition maps and their difference, clusters of the contrast marked."""
    from ..viz import plot_attention_topomaps

    n_subjects = len(set(epoch_subjects(attention)))
    if n_subjects < 3:
        mask = None
        caption = (
            "Mean attention per condition as a multiple of uniform attention (1: "
            f"every channel alike) and their difference; with {n_subjects} "
            "subjects the difference is not tested (at least 3 are needed)."
        )
    else:
        contrast = contrast_test(attention, CONTRAST, random_state=random_state)
        mask = contrast.mask.any(axis=1)
        significant = (contrast.cluster_p_values < contrast.alpha).sum()
        caption = (
            "Mean attention per condition as a multiple of uniform attention (1: "
            "every channel alike) and their difference. Marked channels "
            f"belong to the {significant} cluster(s) of the {' - '.join(CONTRAST)} "
            f"difference with p < {contrast.alpha} across {contrast.n_subjects} "
            "subjects (paired permutation cluster test over the channel adjacency)."
        )
    report.add_figure(
        plot_attention_topomaps(
            evokeds, contrast=CONTRAST, mask=mask, scale="uniform", show=False
        ),
        title="Class-token attention (rollout)",
        caption=caption,
    )


def _add_methods_table(report, model, epochs, truth, random_state):
    """How each attention method of one fold's model fares on its held-out epochs."""
    # deletion curves on 17 points with 5 random orders keep this to seconds
    table = compare_methods(
        model, epochs, truth, n_random=5, n_steps=17, random_state=random_state
    )
    report.add_html(
        table.round(3).to_html(classes="table table-sm")
        + "<p>One fold's model on the epochs it did not train on. "
        "<b>ground_truth_auc</b>: how well the map picks out the channels where "
        "the simulation put the class difference; <b>deletion_area</b>: how much "
        "faster the true-class probability falls when channels are replaced by "
        "their training mean in the map's order than in random orders (higher is "
        "more faithful); <b>occlusion_agreement</b>: Spearman correlation with "
        "occlusion; <b>randomisation_similarity</b>: how much the map still "
        "looks like itself once every layer is re-initialised (near 0 is good: "
        "the map depends on what the model learned); <b>study_rollout</b> is "
        "the original study's rollout with its defects.</p>",
        title="Attention methods compared",
    )


def _add_3d_figures(report, channel_attention, evoked):
    """Add the 3D views, or a note saying why they could not be drawn."""
    from ..viz import plot_sensor_attention_3d

    try:
        start = time.perf_counter()
        links = channel_attention.plot_3d(condition="eyes-closed", top_k=100)
        report.add_figure(
            links,
            title="Channel-to-channel attention (3D)",
            caption="Eyes-closed epochs: the links that carry more attention than "
            "uniform attention among the other channels (FDR 0.05 over epochs; at "
            "most the 100 strongest, the figure says how many passed). Colour runs "
            "from sender (blue) to receiver (red), thickness grows with the excess "
            "over uniform; sensor colour and size show self-attention.",
        )
        sensors = plot_sensor_attention_3d(evoked)
        report.add_figure(sensors, title="Class-token attention on the head (3D)")
        logger.info(f"3D views rendered in {time.perf_counter() - start:.1f} s")
    except (ImportError, RuntimeError) as err:
        report.add_html(
            f"<p>The 3D views need a 3D backend: {err}</p>", title="3D views skipped"
        )
        logger.warning(f"3D views skipped: {err}")
    finally:
        mne.viz.close_all_3d_figures()


def check_demo_options(
    output, *, n_subjects, cv, random_state, quick, open_browser, model_params=None
):
    """Check the options of :func:`run_demo` before anything is computed or written.

    Parameters
    ----------
    output, n_subjects, cv, random_state, quick, open_browser, model_params
        As :func:`run_demo` takes them.

    Returns
    -------
    output : pathlib.Path
        The output folder, ``~`` expanded.

    Raises
    ------
    TypeError, ValueError
        For a bad option; every message starts with the name of the argument
        at fault.
    """
    _validate_type(output, "path-like", "output")
    n_subjects = check_int(n_subjects, "n_subjects", minimum=2)
    cv = check_int(cv, "cv", minimum=2)
    if cv > n_subjects:
        raise ValueError(
            f"cv must be at most n_subjects ({n_subjects}) because folds are grouped "
            f"by subject, got {cv}"
        )
    check_seed(random_state)
    _validate_type(quick, bool, "quick")
    _validate_type(open_browser, bool, "open_browser")
    _validate_type(model_params, (None, dict), "model_params")
    check_model_params(model_params or {})
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
def _output_folder(output):
    """Create ``output`` and its missing parents.

    They are removed again if the block fails while they are still empty.
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


@verbose
def run_demo(
    output,
    *,
    n_subjects=8,
    cv=4,
    quick=False,
    random_state=0,
    open_browser=False,
    model_params=None,
    verbose=None,
):
    """Run the whole pipeline on simulated data and write an :class:`mne.Report`.

    Parameters
    ----------
    output : path-like
        Folder for the report and the saved results (created if needed; the
        demo's files in it are replaced). A folder created here is removed
        again if the demo fails before writing into it.
    n_subjects : int
        Simulated subjects (folds are grouped by subject), at least 2.
    cv : int
        Cross-fitting folds, from 2 to ``n_subjects``.
    quick : bool
        Use small models (a minute or two on a laptop CPU).
    random_state : None | int
        Seed for data and models.
    open_browser : bool
        Open the report when done.
    model_params : None | dict
        :class:`~mne_attention.EEGTransformer` hyper-parameters that replace
        the demo's (for ``quick``: ``d_model=64, n_heads=4, n_layers=2,
        max_epochs=20``; otherwise the estimator's defaults).
    %(verbose)s

    Returns
    -------
    report_path : pathlib.Path
        The HTML report.
    """
    output = check_demo_options(
        output,
        n_subjects=n_subjects,
        cv=cv,
        random_state=random_state,
        quick=quick,
        open_browser=open_browser,
        model_params=model_params,
    )
    model_params = {**(_QUICK_MODEL if quick else _FULL_MODEL), **(model_params or {})}
    with _output_folder(output):
        return _run(output, n_subjects, cv, model_params, random_state, open_browser)


def _run(output, n_subjects, cv, model_params, random_state, open_browser):
    """Run the demo itself, on checked options, into an existing folder."""
    import matplotlib.pyplot as plt

    from ..viz import plot_confusion_matrix, plot_history

    epochs, truth = simulate_epochs(
        task="eyes", n_subjects=n_subjects, random_state=random_state
    )
    logger.info(f"Cross-fitting {cv} models on {len(epochs)} simulated epochs")
    result = fit_attention(epochs, cv=cv, random_state=random_state, **model_params)
    evokeds = result.average()
    attention = result.attention
    first_fold = result.folds[0]
    channel_attention = compute_channel_attention(result.models[0], epochs[first_fold])

    mne.write_evokeds(output / "attention-ave.fif", evokeds, overwrite=True)
    channel_attention.save(output / "channel-attention-chatt.h5", overwrite=True)
    for k, model in enumerate(result.models):
        model.save(output / f"model-fold{k + 1}.mnea", overwrite=True)

    report = mne.Report(title="mne-attention demo: eyes open vs closed (simulated)")
    report.add_html(
        f"<p>{len(epochs)} simulated 2-s epochs from {n_subjects} subjects, "
        f"{cv} cross-fitting folds grouped by subject. Each epoch's attention "
        "comes from the model that did not train on it.</p>" + _score_table(result),
        title="Held-out accuracy",
    )
    _add_topomaps(report, attention, evokeds, random_state)
    report.add_figure(
        truth.plot_topomap(
            times=truth.times[0],
            scalings=1.0,
            units="relevance",
            cmap="Reds",
            show=False,
        ),
        title="Ground truth",
        caption="Where the simulated class difference lives.",
    )
    report.add_figure(
        plot_confusion_matrix(
            epoch_labels(attention),
            attention.metadata["predicted"].to_numpy(),
            show=False,
        ),
        title="Confusion matrix (held-out)",
    )
    report.add_figure(
        [plot_history(model, show=False) for model in result.models],
        title="Training curves",
        caption=[f"Fold {k + 1}" for k in range(len(result.models))],
    )
    _add_methods_table(
        report, result.models[0], epochs[first_fold], truth, random_state
    )
    report.add_figure(
        channel_attention.plot_matrix("eyes-closed", show=False),
        title="Channel-to-channel attention (matrix)",
    )
    closed = next(evoked for evoked in evokeds if evoked.comment == "eyes-closed")
    _add_3d_figures(report, channel_attention, closed)
    plt.close("all")
    report_path = output / "report.html"
    report.save(report_path, overwrite=True, open_browser=False)
    if open_browser:
        webbrowser.open(report_path.resolve().as_uri())
    return report_path
