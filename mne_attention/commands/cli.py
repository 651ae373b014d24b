"""The ``mne-attention`` command: demo, fetch, train, attention, sys-info.

A user error (a bad option value, a missing or unreadable input file, an output
that exists without ``--overwrite`` or cannot be written, data that do not fit
the model, options that leave nothing to average) ends the command with exit
status 2 and one line on stderr, ``mne-attention <command>: error: <message>``.
Options and output paths are checked before any data are loaded or models
trained. Any other exception is a bug and keeps its traceback.
"""

import argparse
import contextlib
import math
import os
import sys
from pathlib import Path

EEGMMIDB_TASKS = ("eyes", "fist", "fist-imagery", "fists-feet", "fists-feet-imagery")
N_SUBJECTS = 109  # eegmmidb subjects
N_RUNS = 14  # eegmmidb runs per subject
SFREQ = 160.0  # the rate eegmmidb epochs are loaded at
# what mne.write_evokeds and mne.read_evokeds expect of a file name
EVOKED_ENDINGS = ("-ave.fif", "-ave.fif.gz", "_ave.fif", "_ave.fif.gz")
# exceptions that the package's readers and loaders raise for bad input; a
# TypeError cannot come from command-line strings and so stays a bug
_INPUT_ERRORS = (ValueError, FileNotFoundError, FileExistsError)


class UsageError(Exception):
    """A user error: the command exits with status 2 and this one-line message."""


class _ArgumentParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``prog: error: message``."""

    def error(self, message):
        message = " ".join(str(message).split())
        self.exit(2, f"{self.prog}: error: {message}\n")


@contextlib.contextmanager
def _user_input(prefix=""):
    """Report what bad input raises in this block as a :class:`UsageError`.

    Only blocks that read the user's files or data go in here: elsewhere the
    same exceptions are bugs.
    """
    try:
        yield
    except _INPUT_ERRORS as err:
        raise UsageError(f"{prefix}{err}") from None


# ----------------------------------------------------------- argument types
def _int(low, high=None):
    """Return an argparse type: an integer in [low, high]."""

    def convert(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
        if value < low or (high is not None and value > high):
            expected = (
                f"an integer of at least {low}"
                if high is None
                else f"an integer from {low} to {high}"
            )
            raise argparse.ArgumentTypeError(f"must be {expected}, got {value}")
        return value

    return convert


def _float(low, high, *, closed=False):
    """Return an argparse type: a number in (low, high), or [low, high] if closed."""

    def convert(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid float value: {text!r}") from None
        inside = low <= value <= high if closed else low < value < high
        if not (math.isfinite(value) and inside):
            left, right = "[]" if closed else "()"
            raise argparse.ArgumentTypeError(
                f"must be a number in {left}{low:g}, {high:g}{right}, got {text}"
            )
        return value

    return convert


def _input_file(text):
    """Argparse type: an existing file."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder, not a file")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    return path


# ------------------------------------------------------------------- checks
def _check_output_file(args, endings=None):
    """Check that ``--output`` can be written, before any work is done."""
    path = Path(args.output).expanduser()
    if path.is_dir():
        raise UsageError(f"argument --output: {args.output} is a folder, not a file")
    if endings is not None and not path.name.endswith(endings):
        raise UsageError(
            f"argument --output: must end in {', '.join(endings)}, got {path.name}"
        )
    folder = path.absolute().parent
    if not folder.is_dir():
        raise UsageError(
            f"argument --output: folder {folder} does not exist; create it first"
        )
    if path.exists() and not args.overwrite:
        raise UsageError(
            f"argument --output: {args.output} exists; pass --overwrite to replace it"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"argument --output: folder {folder} is not writable")
    return path


def _check_data_arguments(args):
    """Check the data options beyond what each alone allows."""
    if args.l_freq is not None and args.l_freq >= args.h_freq:
        raise UsageError(
            f"argument --l-freq: must be below --h-freq ({args.h_freq:g} Hz), got "
            f"{args.l_freq:g}"
        )
    _check_path(args)


def _check_path(args):
    if args.path is not None:
        path = Path(args.path).expanduser()
        if path.exists() and not path.is_dir():
            raise UsageError(f"argument --path: {args.path} is a file, not a folder")


# ----------------------------------------------------------------- commands
def _load(args):
    from .. import datasets

    if args.simulated:
        task = "eyes" if args.task == "eyes" else "motor"
        epochs, _ = datasets.simulate_epochs(
            task=task, n_subjects=len(set(args.subjects)), random_state=0
        )
        return epochs
    with _user_input():
        return datasets.eegmmidb.load_epochs(
            args.subjects,
            args.task,
            l_freq=args.l_freq,
            h_freq=args.h_freq,
            exclude=args.exclude,
            path=args.path,
        )


def _cmd_demo(args):
    from .demo import check_demo_options, run_demo

    options = dict(
        n_subjects=args.n_subjects,
        cv=args.cv,
        quick=args.quick,
        random_state=args.random_state,
        open_browser=args.open,
    )
    try:  # the demo's own checks, before any folder is made
        check_demo_options(args.output, **options)
    except (TypeError, ValueError) as err:
        argument = str(err).split(" ", 1)[0]  # its messages start with the name
        raise UsageError(f"argument --{argument.replace('_', '-')}: {err}") from None
    report = run_demo(args.output, **options)
    print(f"Report written to {report}")


def _cmd_fetch(args):
    _check_path(args)
    from ..datasets import eegmmidb

    with _user_input():
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


def _cmd_train(args):
    _check_data_arguments(args)
    output = _check_output_file(args)
    from ..model.estimator import EEGTransformer

    epochs = _load(args)
    _check_training_data(args, epochs)
    model = EEGTransformer(
        n_time_tokens=args.n_time_tokens,
        embedding=args.embedding,
        max_epochs="auto" if args.max_epochs is None else args.max_epochs,
        random_state=args.random_state,
        verbose=True,
    ).fit(epochs)
    with _user_input("argument --output: "):  # e.g. written meanwhile by another
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


def _cmd_attention(args):
    _check_data_arguments(args)
    output = _check_output_file(args, endings=EVOKED_ENDINGS)
    import mne

    from ..attention.compute import compute_attention
    from ..model.io import read_model

    with _user_input("argument model: "):
        model = read_model(args.model)
    epochs = _load(args)
    with _user_input("argument model: the data do not fit this model: "):
        model._prepare(epochs[:1])  # channels, sampling rate, epoch length
    # every epoch's attention, then the selection, so that a selection that
    # leaves nothing is told apart from a failure of the computation
    attention = compute_attention(model, epochs, method=args.method, verbose=True)
    _keep_epochs(args, attention)
    evokeds = attention.average(by_event_type=True)
    with _user_input("argument --output: "):  # e.g. written meanwhile by another
        mne.write_evokeds(output, evokeds, overwrite=args.overwrite)
    print(
        f"Attention of {len(attention)} epochs, per condition, saved to {args.output}"
    )


def _cmd_sys_info(args):
    import mne
    import torch

    from .. import __version__

    print(f"mne-attention {__version__}")
    print(f"torch {torch.__version__} (CUDA available: {torch.cuda.is_available()})")
    mne.sys_info()


# ------------------------------------------------------------------- parser
def _add_data_arguments(parser):
    parser.add_argument(
        "--subjects",
        type=_int(1, N_SUBJECTS),
        nargs="+",
        default=[1, 2, 3, 4, 5, 6, 7, 8],
        help=f"eegmmidb subjects (1-{N_SUBJECTS}); with --simulated, their number",
    )
    parser.add_argument("--task", default="eyes", choices=EEGMMIDB_TASKS)
    parser.add_argument(
        "--l-freq",
        type=_float(0, SFREQ / 2),
        default=None,
        help="high-pass edge (Hz), below --h-freq",
    )
    parser.add_argument(
        "--h-freq",
        type=_float(0, SFREQ / 2),
        default=30.0,
        help=f"low-pass edge (Hz), below {SFREQ / 2:g}",
    )
    parser.add_argument(
        "--exclude", nargs="*", default=["T9", "T10", "Iz"], help="channels to drop"
    )
    parser.add_argument("--path", default=None, help="data folder (default ~/mne_data)")
    parser.add_argument(
        "--simulated",
        action="store_true",
        help="use the built-in simulated data set instead of eegmmidb (no network)",
    )


def build_parser():
    """Return the argument parser of the ``mne-attention`` command.

    Its errors, and those of its subcommands, are one line on stderr
    (``mne-attention <command>: error: <message>``) and exit status 2.

    Returns
    -------
    parser : argparse.ArgumentParser
        The parser.
    """
    parser = _ArgumentParser(
        prog="mne-attention",
        description="Train a channel-token transformer on EEG and see what it attends to.",
        epilog="A wrong argument ends the command with exit status 2 and one line "
        "on stderr; options and output paths are checked before any work is done.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo", help="simulated eyes-open/closed data -> models -> attention report"
    )
    demo.add_argument(
        "--output",
        default="mne-attention-demo",
        help="output folder (created if needed; its demo files are replaced)",
    )
    demo.add_argument("--n-subjects", type=_int(2), default=8)
    demo.add_argument(
        "--cv", type=_int(2), default=4, help="folds, at most --n-subjects"
    )
    demo.add_argument("--quick", action="store_true", help="smaller models, faster")
    demo.add_argument("--random-state", type=_int(0, 2**32 - 1), default=0)
    demo.add_argument(
        "--open", action="store_true", help="open the report in a browser"
    )
    demo.set_defaults(func=_cmd_demo, parser=demo)

    fetch = commands.add_parser("fetch", help="download eegmmidb EDF files")
    fetch.add_argument("--subjects", type=_int(1, N_SUBJECTS), nargs="+", required=True)
    fetch.add_argument("--runs", type=_int(1, N_RUNS), nargs="+", default=[1, 2])
    fetch.add_argument("--path", default=None)
    fetch.set_defaults(func=_cmd_fetch, parser=fetch)

    train = commands.add_parser("train", help="train a model and save it")
    _add_data_arguments(train)
    train.add_argument(
        "--output",
        default="model.mnea",
        help="model file, in an existing folder (checked before training)",
    )
    train.add_argument("--n-time-tokens", type=_int(1), default=1)
    train.add_argument(
        "--embedding",
        default="spectral",
        choices=("spectral", "linear"),
        help="token embedding (linear: the original study's)",
    )
    train.add_argument(
        "--max-epochs",
        type=_int(1),
        default=None,
        help="most passes over the data (default: follows the data size)",
    )
    train.add_argument("--random-state", type=_int(0, 2**32 - 1), default=0)
    train.add_argument(
        "--overwrite", action="store_true", help="replace an existing --output"
    )
    train.set_defaults(func=_cmd_train, parser=train)

    attention = commands.add_parser(
        "attention", help="compute per-condition attention of a saved model"
    )
    attention.add_argument("model", type=_input_file, help="a .mnea model file")
    _add_data_arguments(attention)
    attention.add_argument(
        "--method",
        default="rollout",
        choices=("raw", "rollout", "grad_rollout", "occlusion"),
    )
    attention.add_argument(
        "--keep",
        default="all",
        choices=("all", "correct"),
        help="correct: average only the epochs the model classifies correctly "
        "(an error if a condition is left without epochs)",
    )
    attention.add_argument(
        "--min-confidence",
        type=_float(0, 1, closed=True),
        default=None,
        help="average only the epochs predicted with at least this probability "
        "(an error if a condition is left without epochs)",
    )
    attention.add_argument(
        "--output",
        default="attention-ave.fif",
        help="evoked FIF file, ending in -ave.fif (checked before computing)",
    )
    attention.add_argument(
        "--overwrite", action="store_true", help="replace an existing --output"
    )
    attention.set_defaults(func=_cmd_attention, parser=attention)

    sys_info = commands.add_parser("sys-info", help="versions of the installed stack")
    sys_info.set_defaults(func=_cmd_sys_info, parser=sys_info)
    return parser


def main(argv=None):
    """Run the ``mne-attention`` command.

    Parameters
    ----------
    argv : None | list of str
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    code : int
        The exit status: 0 on success, 2 on a user error (after one line on
        stderr, ``mne-attention <command>: error: <message>``). Other
        exceptions are bugs and propagate with their traceback.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        try:
            args.func(args)
        except UsageError as err:
            args.parser.error(str(err))
    except SystemExit as exit_:  # --help, or a user error
        return 0 if exit_.code is None else exit_.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
