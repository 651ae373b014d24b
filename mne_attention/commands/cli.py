"""The ``mne-attention`` command line: its options, their checks, and its entry point.

A user error (a bad option value, a missing or unreadable input file, an output
that exists without ``--overwrite`` or cannot be written, data that do not fit
the model, options that leave nothing to average) ends the command with exit
status 2 and one line on stderr, ``mne-attention <command>: error: <message>``.
Options and output paths are checked before any data are loaded or models
trained. Any other exception is a bug and keeps its traceback.
"""

import argparse
import sys
from pathlib import Path

from ..attention.relevance import METHODS
from ..datasets.eegmmidb import N_RUNS, N_SUBJECTS, SFREQ, TASKS
from ..model.embedding import EMBEDDINGS
from ..utils._checks import check_int, check_number
from . import _subcommands
from ._subcommands import UsageError, without_name
from .study import BANDS

_NAME = "value"  # what the number checks call the value they refuse


class _ArgumentParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``prog: error: message``."""

    def error(self, message):
        message = " ".join(str(message).split())
        self.exit(2, f"{self.prog}: error: {message}\n")


def _number(parse, check, **bounds):
    """Return an argparse type: text parsed by ``parse``, then checked by ``check``.

    ``check`` is one of the package's validators (``check_int``,
    ``check_number``); its message becomes argparse's, after the option name.
    """

    def convert(text):
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"invalid {parse.__name__} value: {text!r}"
            ) from None
        try:
            return check(value, _NAME, **bounds)
        except ValueError as err:
            raise argparse.ArgumentTypeError(without_name(err, _NAME)) from None

    return convert


def _input_file(text):
    """Argparse type: an existing file."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder, not a file")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    return path


_SUBJECT = _number(int, check_int, minimum=1, maximum=N_SUBJECTS)
_SEED = _number(int, check_int, minimum=0, maximum=2**32 - 1)
_FREQUENCY = _number(float, check_number, low=0, high=SFREQ / 2, closed="neither")


def _add_data_arguments(parser):
    parser.add_argument(
        "--subjects",
        type=_SUBJECT,
        nargs="+",
        default=[1, 2, 3, 4, 5, 6, 7, 8],
        help=f"eegmmidb subjects (1-{N_SUBJECTS}); with --simulated, their number",
    )
    parser.add_argument("--task", default="eyes", choices=tuple(TASKS))
    parser.add_argument(
        "--l-freq",
        type=_FREQUENCY,
        default=None,
        help="high-pass edge (Hz), below --h-freq",
    )
    parser.add_argument(
        "--h-freq",
        type=_FREQUENCY,
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


def _add_output_arguments(parser, default, what):
    parser.add_argument("--output", default=default, help=what)
    parser.add_argument(
        "--overwrite", action="store_true", help="replace an existing --output"
    )


def _add_report_arguments(parser, output, cv, folds):
    """Add the options of the commands that write a report (demo, study)."""
    parser.add_argument(
        "--output",
        default=output,
        help="output folder (created if needed; its report files are replaced)",
    )
    parser.add_argument(
        "--cv", type=_number(int, check_int), default=cv, help=f"folds, {folds}"
    )
    parser.add_argument("--quick", action="store_true", help="smaller models, faster")
    parser.add_argument("--random-state", type=_SEED, default=0)
    parser.add_argument(
        "--open", action="store_true", help="open the report in a browser"
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
    demo.add_argument("--n-subjects", type=_number(int, check_int), default=8)
    _add_report_arguments(demo, "mne-attention-demo", 4, "at most --n-subjects")
    demo.set_defaults(func=_subcommands.cmd_demo, parser=demo)

    study = commands.add_parser(
        "study",
        help="the original study on eegmmidb: cross-fitted models, bands -> report",
    )
    study.add_argument(
        "--subjects",
        type=_SUBJECT,
        nargs="+",
        required=True,
        help=f"eegmmidb subjects (1-{N_SUBJECTS}), at least 2",
    )
    study.add_argument("--task", default="eyes", choices=tuple(TASKS))
    study.add_argument(
        "--bands",
        nargs="*",
        default=list(BANDS),
        help=f"bands ({', '.join(BANDS)}) or name:low-high in Hz; none: no band maps",
    )
    study.add_argument("--path", default=None, help="data folder (default ~/mne_data)")
    _add_report_arguments(
        study, "mne-attention-study", 5, "grouped by subject, at most their number"
    )
    study.set_defaults(func=_subcommands.cmd_study, parser=study)

    fetch = commands.add_parser("fetch", help="download eegmmidb EDF files")
    fetch.add_argument("--subjects", type=_SUBJECT, nargs="+", required=True)
    fetch.add_argument(
        "--runs",
        type=_number(int, check_int, minimum=1, maximum=N_RUNS),
        nargs="+",
        default=[1, 2],
    )
    fetch.add_argument("--path", default=None)
    fetch.set_defaults(func=_subcommands.cmd_fetch, parser=fetch)

    train = commands.add_parser("train", help="train a model and save it")
    _add_data_arguments(train)
    train.add_argument(
        "--n-time-tokens", type=_number(int, check_int, minimum=1), default=1
    )
    train.add_argument(
        "--embedding",
        default="spectral",
        choices=EMBEDDINGS,
        help="token embedding (spectral_level: for band-pass filtered data; "
        "linear: the original study's)",
    )
    train.add_argument(
        "--max-epochs",
        type=_number(int, check_int, minimum=1),
        default=None,
        help="most passes over the data (default: follows the data size)",
    )
    train.add_argument("--random-state", type=_SEED, default=0)
    _add_output_arguments(
        train,
        "model.mnea",
        "model file, in an existing folder (checked before training)",
    )
    train.set_defaults(func=_subcommands.cmd_train, parser=train)

    attention = commands.add_parser(
        "attention", help="compute per-condition attention of a saved model"
    )
    attention.add_argument("model", type=_input_file, help="a .mnea model file")
    _add_data_arguments(attention)
    attention.add_argument("--method", default="rollout", choices=METHODS)
    attention.add_argument(
        "--keep",
        default="all",
        choices=("all", "correct"),
        help="correct: average only the epochs the model classifies correctly "
        "(an error if a condition is left without epochs)",
    )
    attention.add_argument(
        "--min-confidence",
        type=_number(float, check_number, low=0, high=1),
        default=None,
        help="average only the epochs predicted with at least this probability "
        "(an error if a condition is left without epochs)",
    )
    _add_output_arguments(
        attention,
        "attention-ave.fif",
        "evoked FIF file, ending in -ave.fif (checked before computing)",
    )
    attention.set_defaults(func=_subcommands.cmd_attention, parser=attention)

    sys_info = commands.add_parser("sys-info", help="versions of the installed stack")
    sys_info.set_defaults(func=_subcommands.cmd_sys_info, parser=sys_info)
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
