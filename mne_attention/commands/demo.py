"""The demo: simulated eyes-open/closed EEG -> cross-fitted models -> attention report."""

import mne
from mne.utils import logger, verbose

from ..attention.compute import compute_channel_attention
from ..attention.cross_fit import fit_attention
from ..datasets import simulate_epochs
from ..evaluate import compare_methods
from ..utils._checks import check_int
from ..utils._docs import fill_doc
from ..utils._input import epoch_labels
from .sections import (
    add_3d_figures,
    add_topomaps,
    add_training_curves,
    check_model_options,
    check_output_folder,
    output_folder,
    score_table,
)

CONTRAST = ("eyes-open", "eyes-closed")


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


def plot_ground_truth(truth):
    """Draw the simulation's ground-truth relevance on one readable topomap.

    Parameters
    ----------
    truth : instance of mne.Evoked
        The ground truth of :func:`~mne_attention.datasets.simulate_epochs`,
        one relevance in [0, 1] per channel.

    Returns
    -------
    fig : instance of matplotlib.figure.Figure
        The topomap on a 0 to 1 sequential colour scale, with its colour bar
        and a title, and no time label (the truth has no time course).
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.0, 4.2), layout="constrained")
    image, _ = mne.viz.plot_topomap(
        truth.data[:, 0],
        truth.info,
        axes=ax,
        cmap="Reds",
        vlim=(0.0, 1.0),
        contours=0,
        show=False,
    )
    fig.colorbar(image, ax=ax, label="Relevance (0-1)", shrink=0.8)
    ax.set_title("Ground-truth relevance")
    return fig


@fill_doc
def check_demo_options(
    output, *, n_subjects, cv, random_state, quick, model_params=None
):
    """Check the options of :func:`run_demo` before anything is computed or written.

    Parameters
    ----------
    output, n_subjects, cv, random_state, quick, model_params
        As :func:`run_demo` takes them.

    Returns
    -------
    output : pathlib.Path
        The output folder, ``~`` expanded.
    %(model_params_return)s

    Raises
    ------
    %(option_errors)s
    """
    n_subjects = check_int(n_subjects, "n_subjects", minimum=2)
    cv = check_int(cv, "cv", minimum=2)
    if cv > n_subjects:
        raise ValueError(
            f"cv must be at most n_subjects ({n_subjects}) because folds are grouped "
            f"by subject, got {cv}"
        )
    model_params = check_model_options(quick, random_state, model_params)
    return check_output_folder(output), model_params


@verbose
def run_demo(
    output,
    *,
    n_subjects=8,
    cv=4,
    quick=False,
    random_state=0,
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
    output, model_params = check_demo_options(
        output,
        n_subjects=n_subjects,
        cv=cv,
        random_state=random_state,
        quick=quick,
        model_params=model_params,
    )
    with output_folder(output):
        return _run(output, n_subjects, cv, model_params, random_state)


def _run(output, n_subjects, cv, model_params, random_state):
    """Run the demo itself, on checked options, into an existing folder."""
    import matplotlib.pyplot as plt

    from ..viz import plot_confusion_matrix

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
        "comes from the model that did not train on it.</p>" + score_table(result),
        title="Held-out accuracy",
    )
    add_topomaps(report, attention, evokeds, CONTRAST, random_state)
    report.add_figure(
        plot_ground_truth(truth),
        title="Ground truth",
        caption="Where the simulated class difference lives: each channel's "
        "relevance, from 0 (none) to 1 (the channels that carry it most).",
    )
    report.add_figure(
        plot_confusion_matrix(
            epoch_labels(attention),
            attention.metadata["predicted"].to_numpy(),
            show=False,
        ),
        title="Confusion matrix (held-out)",
    )
    add_training_curves(report, result.models)
    _add_methods_table(
        report, result.models[0], epochs[first_fold], truth, random_state
    )
    report.add_figure(
        channel_attention.plot_matrix("eyes-closed", show=False),
        title="Channel-to-channel attention (matrix)",
    )
    closed = next(evoked for evoked in evokeds if evoked.comment == "eyes-closed")
    add_3d_figures(report, channel_attention, closed)
    plt.close("all")
    report_path = output / "report.html"
    report.save(report_path, overwrite=True, open_browser=False)
    return report_path
