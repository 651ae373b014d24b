"""What each ``mne-attention`` subcommand does once its options are parsed.

``cmd_<name>(args)`` runs ``mne-attention <name>`` on the
:class:`argparse.Namespace` of its parsed options. A user error raises
:class:`UsageError`, which the command line turns into exit status 2 and one
line on stderr; any other exception is a bug.
"""

import contextlib
import webbrowser
from pathlib import Path

from ..datasets import eegmmidb
from ..utils._files import check_output_path

# what mne.write_evokeds and mne.read_evokeds expect of a file name
EVOKED_ENDINGS = ("-ave.fif", "-ave.fif.gz", "_ave.fif", "_ave.fif.gz")
# what the package's readers, loaders and checks raise for bad input; a
# TypeError cannot come from command-line strings, and a network failure is no
# user error: both stay bugs with their traceback
_INPUT_ERRORS = (
    ValueError,
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
)


class UsageError(Exception):
    """A user error: the command exits with status 2 and this one-line message."""


def without_name(err, name):
    """Return the message of ``err`` without the leading argument ``name``.

    Parameters
    ----------
    err : Exception
        An error of one of the package's checks, whose message starts with
        the name of the argument at fault.
    name : str
        That name.

    Returns
    -------
    message : str
        E.g. ``"must be at least 2, got 1"``.
    """
    return str(err).removeprefix(f"{name} ")


@contextlib.contextmanager
def user_input(argument=None, name=None, *, context=""):
    """Report the bad input that this block raises as a :class:`UsageError`.

    Only blocks that check options or read the user's files or data go in
    here: elsewhere the same exceptions are bugs.

    Parameters
    ----------
    argument : None | str
        The command-line argument at fault, e.g. ``"--output"``; None when
        the message says what is wrong.
    name : None | str
        The name the package's check gives that argument at the start of its
        message, left out of the one-line message (default: ``argument``).
    context : str
        What to say before the message.
    """
    try:
        yield
    except _INPUT_ERRORS as err:
        if argument is None:
            raise UsageError(f"{context}{err}") from None
        message = without_name(err, argument if name is None else name)
        raise UsageError(f"argument {argument}: {context}{message}") from None


def check_output(args, endings=None):
    """Check that ``--output`` can be written, before any work is done.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options, with ``output`` and ``overwrite``.
    endings : None | tuple of str
        The endings the file name may have.

    Returns
    -------
    path : pathlib.Path
        The output file.
    """
    with user_input("--output"):
        return check_output_path(
            args.output,
            args.overwrite,
            "--output",
            endings=endings,
            overwrite_hint="--overwrite is passed",
        )


def check_data_options(args):
    """Check the data options beyond what each alone allows.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options, with ``l_freq``, ``h_freq`` and ``path``.
    """
    if args.l_freq is not None and args.l_freq >= args.h_freq:
        raise UsageError(
            f"argument --l-freq: must be below --h-freq ({args.h_freq:g} Hz), got "
            f"{args.l_freq:g}"
        )
    with user_input("--path", "path"):
        eegmmidb.check_path(args.path)


def load_data(args):
    """Return the epochs the data options ask for.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed data options.

    Returns
    -------
    epochs : instance of mne.Epochs
        Simulated or eegmmidb epochs.
    """
    from ..datasets import simulate_epochs

    if args.simulated:
        task = "eyes" if args.task == "eyes" else "motor"
        epochs, _ = simulate_epochs(
            task=task, n_subjects=len(set(args.subjects)), random_state=0
        )
        return epochs
    with user_input():
        return eegmmidb.load_epochs(
            args.subjects,
            args.task,
            l_freq=args.l_freq,
            h_freq=args.h_freq,
            exclude=args.exclude,
            path=args.path,
        )


def check_options(check, output, **options):
    """Run the option checks of the demo or the study, as a :class:`UsageError`.

    Parameters
    ----------
    check : callable
        ``check_demo_options`` or ``check_study_options``, whose messages
        start with the name of the argument at fault.
    output : str
        The ``--output`` folder.
    **options
        The other options, named as the check names them.
    """
    try:
        check(output, **options)
    except (TypeError, ValueError) as err:
        name = str(err).split(" ", 1)[0]
        argument = f"--{name.replace('_', '-')}"
        raise UsageError(f"argument {argument}: {without_name(err, name)}") from None


def _report_options(args, **specific):
    """Return the options the demo and the study share, and ``specific``."""
    return dict(
        specific,
        cv=args.cv,
        quick=args.quick,
        random_state=args.random_state,
    )


def _report_written(report, open_browser):
    """Say where ``report`` is, and open it in a browser when asked."""
    print(f"Report written to {report}")
    if open_browser:
        webbrowser.open(report.resolve().as_uri())


def cmd_demo(args):
    """Run the demo into ``--output`` and say where its report is."""
    from .demo import check_demo_options, run_demo

    options = _report_options(args, n_subjects=args.n_subjects)
    check_options(check_demo_options, args.output, **options)  # before any folder
    _report_written(run_demo(args.output, **options), args.open)


def cmd_study(args):
    """Run the study into ``--output`` and say where its report is."""
    from .study import check_study_options, run_study, study_runs

    options = _report_options(
        args,
        subjects=args.subjects,
        task=args.task,
        bands=args.bands,
        source=dict(path=args.path),
    )
    check_options(check_study_options, args.output, **options)
    with user_input():  # the download; the study then finds the files
        eegmmidb.fetch_data(args.subjects, study_runs(args.task), path=args.path)
    _report_written(run_study(output=args.output, **options), args.open)


def cmd_fetch(args):
    """Download the eegmmidb files of ``--subjects`` and ``--runs``."""
    with user_input("--path", "path"):
        eegmmidb.check_path(args.path)
    with user_input():
        paths = eegmmidb.fetch_data(args.subjects, args.runs, path=args.path)
    print(f"{len(paths)} files in {Path(paths[0]).parents[1] if paths else args.path}")


def _check_training_data(args, epochs):
    """Check what the loaded data allow, before training."""
    import numpy as np

    from ..utils._input import epoch_labels

    if args.n_time_tokens > len(epochs.times):
        raise UsageError(
            f"argument --n-time-tokens: must be at most the {len(epochs.times)} "
            f"samples of an epoch, got {args.n_time_tokens}"
        )
    names, counts = np.unique(epoch_labels(epochs), return_counts=True)
    if len(names) < 2 or counts.min() < 2:
        found = ", ".join(f"{n} {name}" for name, n in zip(names, counts)) or "none"
        raise UsageError(
            f"argument --subjects: training needs 2 epochs of each of at least 2 "
            f"conditions, --task {args.task} of subjects "
            f"{' '.join(map(str, args.subjects))} gives {found}"
        )


def cmd_train(args):
    """Train a model on the data options and save it to ``--output``."""
    check_data_options(args)
    output = check_output(args)
    from ..model.estimator import EEGTransformer

    epochs = load_data(args)
    _check_training_data(args, epochs)
    model = EEGTransformer(
        n_time_tokens=args.n_time_tokens,
        embedding=args.embedding,
        max_epochs="auto" if args.max_epochs is None else args.max_epochs,
        random_state=args.random_state,
        verbose=True,
    ).fit(epochs)
    with user_input("--output", "fname"):  # e.g. written meanwhile by another
        model.save(output, overwrite=args.overwrite)
    history = model.history_.iloc[-1]
    print(
        f"Trained on {len(epochs)} epochs ({', '.join(map(str, model.classes_))}); "
        f"last validation accuracy {history['val_accuracy']:.3f}; saved to {args.output}"
    )


def _keep_epochs(args, attention):
    """Drop the epochs that ``--keep`` and ``--min-confidence`` leave out (in place).

    Refuses to leave a condition that had epochs with none to average.
    """
    import numpy as np
    from mne.utils import logger

    from ..utils._input import epoch_labels

    if args.keep == "all" and args.min_confidence is None:
        return
    reasons = np.full(len(attention), "", dtype=object)
    if args.min_confidence is not None:
        low = attention.metadata["confidence"].to_numpy() < args.min_confidence
        reasons[low] = "LOW_CONFIDENCE"
    if args.keep == "correct":
        reasons[~attention.metadata["correct"].to_numpy(bool)] = "MISCLASSIFIED"
    labels = epoch_labels(attention)
    conditions = list(dict.fromkeys(labels))
    emptied = [name for name in conditions if np.all(reasons[labels == name] != "")]
    if emptied:
        in_emptied = np.isin(labels, emptied)
        causes = []
        n_misclassified = np.sum(reasons[in_emptied] == "MISCLASSIFIED")
        if n_misclassified:
            causes.append(f"--keep correct dropped {n_misclassified} as misclassified")
        n_low = np.sum(reasons[in_emptied] == "LOW_CONFIDENCE")
        if n_low:
            causes.append(
                f"--min-confidence {args.min_confidence:g} dropped {n_low} as less "
                "confident"
            )
        what = (
            "no epochs were"
            if len(emptied) == len(conditions)
            else f"no {' or '.join(emptied)} epochs were"
        )
        raise UsageError(
            f"{what} left to average: of {in_emptied.sum()} epochs, "
            f"{' and '.join(causes)}"
        )
    for reason in ("MISCLASSIFIED", "LOW_CONFIDENCE"):
        dropped = np.flatnonzero(reasons == reason)
        if len(dropped):
            attention.drop(dropped, reason=reason, verbose=False)
    logger.info(f"Kept {len(attention)} of {len(reasons)} epochs")


def cmd_attention(args):
    """Compute a saved model's attention per condition and save it to ``--output``."""
    check_data_options(args)
    output = check_output(args, endings=EVOKED_ENDINGS)
    import mne

    from ..attention.compute import compute_attention
    from ..model.io import read_model

    with user_input("model", "fname"):
        model = read_model(args.model)
    epochs = load_data(args)
    with user_input("model", context="the data do not fit this model: "):
        model.prepare_input(epochs[:1])  # channels, sampling rate, epoch length
    # every epoch's attention, then the selection, so that a selection that
    # leaves nothing is told apart from a failure of the computation
    attention = compute_attention(model, epochs, method=args.method, verbose=True)
    _keep_epochs(args, attention)
    evokeds = attention.average(by_event_type=True)
    with user_input("--output", "fname"):  # e.g. written meanwhile by another
        mne.write_evokeds(output, evokeds, overwrite=args.overwrite)
    print(
        f"Attention of {len(attention)} epochs, per condition, saved to {args.output}"
    )


def cmd_sys_info(args):
    """Print the versions of mne-attention, torch and MNE's own report."""
    import mne
    import torch

    from .. import __version__

    print(f"mne-attention {__version__}")
    print(f"torch {torch.__version__} (CUDA available: {torch.cuda.is_available()})")
    mne.sys_info()
