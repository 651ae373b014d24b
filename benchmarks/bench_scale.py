"""Out-of-core data: EEGTransformer trained on a memory-mapped file larger than memory.

Prints one JSON object (and writes it to ``--out`` when given). Writes
``--n-windows`` windows of 64 channels x 320 samples (2 s at 160 Hz,
float32) to a ``.npy`` file a chunk at a time (in a temporary folder, or in
``--dir``, where a file of the same size is used again), with two classes:
class 1 carries a 10 Hz oscillation of random phase on 8 channels, under
white noise. The windows belong to ``--n-subjects`` subjects, so the
validation split is by subject. Then:

- fits the default ``EEGTransformer`` on the memory-mapped array
  (``np.load(..., mmap_mode="r")``) for ``--passes`` passes (``max_epochs``;
  ``refit`` only with ``--refit``), on the first ``--max-windows`` windows
  but the last ``--predict-windows``;
- predicts those last windows (subjects the model never saw).

Reported: peak resident memory (``ru_maxrss`` and ``VmHWM`` of
``/proc/self/status``, MiB), the data size on disk, the seconds of writing,
of the streaming statistics pass inside ``fit`` (one read of every training
window), of training (the rest of ``fit``) and of predicting, and windows
per second. The file is read from the page cache if the system has kept it
there after writing, as it does with enough free memory.

Usage: ``OMP_NUM_THREADS=2 python benchmarks/bench_scale.py`` (100 000
windows, 8 GB: about 15 minutes on 2 CPU cores).
"""

import argparse
import logging
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from _report import report

_N_CHANNELS, _N_TIMES, _SFREQ = 64, 320, 160.0
_CLASS_CHANNELS = slice(56, 64)
_CHUNK = 1000  # windows written at a time


def _memory_mib():
    status = dict(
        line.split(":", 1)
        for line in Path("/proc/self/status").read_text().split("\n")
        if ":" in line
    )
    return {
        "peak_rss_mib": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ),
        "vm_hwm_mib": round(int(status["VmHWM"].split()[0]) / 1024),
        "vm_rss_mib": round(int(status["VmRSS"].split()[0]) / 1024),
    }


def _write(fname, n_windows, n_subjects, seed):
    """Write the windows a chunk at a time with file writes (no mapping held)."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n_windows)
    subjects = np.arange(n_windows) * n_subjects // n_windows
    shape = (n_windows, _N_CHANNELS, _N_TIMES)
    header = np.lib.format.open_memmap(fname, "w+", np.float32, shape)
    offset = header.offset
    del header
    times = np.arange(_N_TIMES) / _SFREQ
    with open(fname, "r+b") as file:
        file.seek(offset)
        for start in range(0, n_windows, _CHUNK):
            stop = min(start + _CHUNK, n_windows)
            chunk = rng.standard_normal((stop - start, *shape[1:]), dtype=np.float32)
            phase = rng.uniform(0, 2 * np.pi, (stop - start, 1))
            alpha = np.sin(2 * np.pi * 10 * times + phase).astype(np.float32)
            chunk[:, _CLASS_CHANNELS] += labels[start:stop, None, None] * alpha[:, None]
            chunk *= 1e-5  # volts, as EEG comes
            chunk.tofile(file)
    return labels, subjects


def main():
    """Write the data, fit, predict, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n-windows", type=int, default=100_000)
    parser.add_argument("--n-subjects", type=int, default=50)
    parser.add_argument(
        "--max-windows",
        type=int,
        default=None,
        help="fit on at most this many windows (default: all but the predicted)",
    )
    parser.add_argument("--predict-windows", type=int, default=5000)
    parser.add_argument("--passes", type=int, default=1, help="max_epochs of the fit")
    parser.add_argument("--refit", action="store_true", help="refit=True")
    parser.add_argument("--dir", type=Path, default=None, help="folder of the data")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if not 0 < args.predict_windows < args.n_windows:
        parser.error("--predict-windows must be between 1 and --n-windows - 1")

    import mne
    import torch

    import mne_attention as mnea
    from mne_attention.model import _source

    folder = Path(tempfile.mkdtemp()) if args.dir is None else args.dir
    folder.mkdir(parents=True, exist_ok=True)
    fname = folder / "windows.npy"
    result = dict(
        n_windows=args.n_windows,
        window_shape=[_N_CHANNELS, _N_TIMES],
        n_subjects=args.n_subjects,
        passes=args.passes,
        refit=args.refit,
        torch_threads=torch.get_num_threads(),
        cpu_count=os.cpu_count(),
        machine=platform.platform(),
        processor=platform.processor() or platform.machine(),
        torch=torch.__version__,
    )
    start = time.perf_counter()
    shape = (args.n_windows, _N_CHANNELS, _N_TIMES)
    labels_file = folder / "labels.npz"
    if fname.exists() and labels_file.exists() and np.load(fname, "r").shape == shape:
        stored = np.load(labels_file)
        labels, subjects = stored["labels"], stored["subjects"]
    else:
        labels, subjects = _write(fname, args.n_windows, args.n_subjects, args.seed)
        np.savez(labels_file, labels=labels, subjects=subjects)
    result["write_s"] = round(time.perf_counter() - start, 1)
    result["data_gb"] = round(fname.stat().st_size / 1e9, 2)
    result["after_write"] = _memory_mib()

    X = np.load(fname, mmap_mode="r")
    n_fit = args.n_windows - args.predict_windows
    if args.max_windows is not None:
        n_fit = min(n_fit, args.max_windows)
    # the time of the streaming statistics pass, inside fit
    stats_seconds = []
    channel_summary = _source.channel_summary

    def timed_summary(*summary_args):
        begin = time.perf_counter()
        summary = channel_summary(*summary_args)
        stats_seconds.append(time.perf_counter() - begin)
        return summary

    _source.channel_summary = timed_summary
    # the split, from fit's log line "Training on N epochs, early stopping on M"
    messages = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    mne.utils.logger.addHandler(handler)
    model = mnea.EEGTransformer(
        max_epochs=args.passes, refit=args.refit, random_state=args.seed, verbose=True
    )
    start = time.perf_counter()
    model.fit(X[:n_fit], labels[:n_fit], subjects[:n_fit])
    fit_s = time.perf_counter() - start
    _source.channel_summary = channel_summary
    mne.utils.logger.removeHandler(handler)
    split = next(m for m in messages if m.startswith("Training on "))
    n_train, n_val = [int(word) for word in split.split() if word.isdigit()][:2]
    stats_s = sum(stats_seconds)
    train_s = fit_s - stats_s
    trained = (n_train + (n_fit if args.refit else 0)) * args.passes
    result.update(
        fit_windows=n_fit,
        train_windows=n_train,
        validation_windows=n_val,
        schedule=model.schedule_,
        history=model.history_.round(4).to_dict(orient="records"),
        stats_s=round(stats_s, 1),
        stats_gb_per_s=round(n_fit * X[0].nbytes / 1e9 / stats_s, 2),
        fit_s=round(fit_s, 1),
        train_s=round(train_s, 1),
        train_windows_per_s=round(trained / train_s, 1),
        after_fit=_memory_mib(),
    )
    start = time.perf_counter()
    predicted = model.predict(X[args.n_windows - args.predict_windows :])
    predict_s = time.perf_counter() - start
    held_out = labels[args.n_windows - args.predict_windows :]
    result.update(
        predict_windows=args.predict_windows,
        predict_s=round(predict_s, 1),
        predict_windows_per_s=round(args.predict_windows / predict_s, 1),
        held_out_accuracy=round(float(np.mean(predicted == held_out)), 4),
        peak=_memory_mib(),
    )
    del X
    if args.dir is None:
        shutil.rmtree(folder)
    report(result, args.out)


if __name__ == "__main__":
    main()
