"""The ``mne-attention`` command: demo, fetch, train, attention, sys-info."""

import argparse
import sys
from pathlib import Path

EEGMMIDB_TASKS = ("eyes", "fist", "fist-imagery", "fists-feet", "fists-feet-imagery")


def _add_data_arguments(parser):
    parser.add_argument(
        "--subjects",
        type=int,
        nargs="+",
        default=[1, 2, 3, 4, 5, 6, 7, 8],
        help="eegmmidb subjects (1-109)",
    )
    parser.add_argument("--task", default="eyes", choices=EEGMMIDB_TASKS)
    parser.add_argument(
        "--l-freq", type=float, default=None, help="high-pass edge (Hz)"
    )
    parser.add_argument("--h-freq", type=float, default=30.0, help="low-pass edge (Hz)")
    parser.add_argument(
        "--exclude", nargs="*", default=["T9", "T10", "Iz"], help="channels to drop"
    )
    parser.add_argument("--path", default=None, help="data folder (default ~/mne_data)")
    parser.add_argument(
        "--simulated",
        action="store_true",
        help="use the built-in simulated data set instead of eegmmidb (no network)",
    )


def _load(args):
    from . import datasets

    if args.simulated:
        task = "eyes" if args.task == "eyes" else "motor"
        epochs, _ = datasets.simulate_epochs(
            task=task, n_subjects=len(args.subjects), random_state=0
        )
        return epochs
    return datasets.eegmmidb.load_epochs(
        args.subjects,
        args.task,
        l_freq=args.l_freq,
        h_freq=args.h_freq,
        exclude=args.exclude,
        path=args.path,
    )


def _cmd_demo(args):
    from .demo import run_demo

    report = run_demo(
        args.output,
        n_subjects=args.n_subjects,
        cv=args.cv,
        quick=args.quick,
        random_state=args.random_state,
        open_browser=args.open,
    )
    print(f"Report written to {report}")


def _cmd_fetch(args):
    from .datasets import eegmmidb

    paths = eegmmidb.fetch_data(args.subjects, args.runs, path=args.path)
    print(f"{len(paths)} files in {Path(paths[0]).parents[1] if paths else args.path}")


def _cmd_train(args):
    from .estimator import EEGTransformer

    epochs = _load(args)
    model = EEGTransformer(
        n_time_tokens=args.n_time_tokens,
        embedding=args.embedding,
        max_epochs="auto" if args.max_epochs is None else args.max_epochs,
        random_state=args.random_state,
        verbose=True,
    ).fit(epochs)
    model.save(args.output, overwrite=args.overwrite)
    history = model.history_.iloc[-1]
    print(
        f"Trained on {len(epochs)} epochs ({', '.join(map(str, model.classes_))}); "
        f"last validation accuracy {history['val_accuracy']:.3f}; saved to {args.output}"
    )


def _cmd_attention(args):
    import mne

    from .compute import compute_attention
    from .model_io import read_model

    model = read_model(args.model)
    epochs = _load(args)
    attention = compute_attention(
        model, epochs, method=args.method, keep=args.keep, verbose=True
    )
    evokeds = attention.average(by_event_type=True)
    mne.write_evokeds(args.output, evokeds, overwrite=args.overwrite)
    print(
        f"Attention of {len(attention)} epochs, per condition, saved to {args.output}"
    )


def _cmd_sys_info(args):
    import mne
    import torch

    from . import __version__

    print(f"mne-attention {__version__}")
    print(f"torch {torch.__version__} (CUDA available: {torch.cuda.is_available()})")
    mne.sys_info()


def build_parser():
    """Return the argument parser of the ``mne-attention`` command.

    Returns
    -------
    parser : argparse.ArgumentParser
        The parser.
    """
    parser = argparse.ArgumentParser(
        prog="mne-attention",
        description="Train a channel-token transformer on EEG and see what it attends to.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo", help="simulated eyes-open/closed data -> models -> attention report"
    )
    demo.add_argument("--output", default="mne-attention-demo", help="output folder")
    demo.add_argument("--n-subjects", type=int, default=8)
    demo.add_argument("--cv", type=int, default=4)
    demo.add_argument("--quick", action="store_true", help="smaller models, faster")
    demo.add_argument("--random-state", type=int, default=0)
    demo.add_argument(
        "--open", action="store_true", help="open the report in a browser"
    )
    demo.set_defaults(func=_cmd_demo)

    fetch = commands.add_parser("fetch", help="download eegmmidb EDF files")
    fetch.add_argument("--subjects", type=int, nargs="+", required=True)
    fetch.add_argument("--runs", type=int, nargs="+", default=[1, 2])
    fetch.add_argument("--path", default=None)
    fetch.set_defaults(func=_cmd_fetch)

    train = commands.add_parser("train", help="train a model and save it")
    _add_data_arguments(train)
    train.add_argument("--output", default="model.mnea")
    train.add_argument("--n-time-tokens", type=int, default=1)
    train.add_argument(
        "--embedding",
        default="spectral",
        choices=("spectral", "linear"),
        help="token embedding (linear: the original study's)",
    )
    train.add_argument(
        "--max-epochs",
        type=int,
        default=None,
        help="most passes over the data (default: follows the data size)",
    )
    train.add_argument("--random-state", type=int, default=0)
    train.add_argument("--overwrite", action="store_true")
    train.set_defaults(func=_cmd_train)

    attention = commands.add_parser(
        "attention", help="compute per-condition attention of a saved model"
    )
    attention.add_argument("model", help="a .mnea model file")
    _add_data_arguments(attention)
    attention.add_argument(
        "--method",
        default="rollout",
        choices=("raw", "rollout", "grad_rollout", "occlusion"),
    )
    attention.add_argument("--keep", default="all", choices=("all", "correct"))
    attention.add_argument("--output", default="attention-ave.fif")
    attention.add_argument("--overwrite", action="store_true")
    attention.set_defaults(func=_cmd_attention)

    sys_info = commands.add_parser("sys-info", help="versions of the installed stack")
    sys_info.set_defaults(func=_cmd_sys_info)
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
        The exit status.
    """
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (ValueError, TypeError, FileExistsError, FileNotFoundError) as err:
        print(f"mne-attention {args.command}: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
