"""The cost of each attention method against prediction, and its memory on a large set.

Prints one JSON object (and writes it to ``--out`` when given). The default
``EEGTransformer`` trains briefly on random data (the cost of a map does not
depend on what the model learned); then, on ``--n-infer`` other windows of 64
channels x 320 samples: seconds of ``predict`` and of
``compute_attention`` with ``raw``, ``rollout`` and ``grad_rollout``, each the
best of three, and of ``occlusion`` on 64 windows (it runs the network once
per channel). With ``--n-attention N``, rollout over N windows while
tracemalloc follows the NumPy allocations (bounded memory).

Usage: ``python benchmarks/bench_attention.py`` (about 2 minutes on 2 CPU
cores).
"""

import argparse
import platform
import resource
import time
import tracemalloc

import mne
import numpy as np
import torch
from _report import report

import mne_attention as mnea


def _epochs(n_epochs, n_channels=64, n_times=320, seed=0):
    rng = np.random.default_rng(seed)
    info = mne.create_info([f"EEG{i:03d}" for i in range(n_channels)], 160.0, "eeg")
    data = (
        rng.standard_normal((n_epochs, n_channels, n_times)).astype(np.float32) * 1e-5
    )
    events = np.c_[
        np.arange(n_epochs), np.zeros(n_epochs, int), np.arange(n_epochs) % 2 + 1
    ]
    return mne.EpochsArray(data, info, events, event_id={"a": 1, "b": 2}, verbose=False)


def _best_seconds(func, repeats=1):
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    """Run the benchmark from the command line and print its JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n-infer", type=int, default=1024)
    parser.add_argument("--n-attention", type=int, default=0)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()

    model = mnea.EEGTransformer(
        max_epochs=1, validation_size=0.0, random_state=0, device=args.device
    ).fit(_epochs(256), verbose=False)
    infer = _epochs(args.n_infer, seed=1)
    predict_s = _best_seconds(lambda: model.predict(infer), repeats=3)
    seconds = dict(predict=predict_s)
    for method in ("raw", "rollout", "grad_rollout"):
        seconds[method] = _best_seconds(
            lambda method=method: mnea.compute_attention(model, infer, method),
            repeats=3,
        )
    few = infer[:64]
    few_predict_s = _best_seconds(lambda: model.predict(few), repeats=3)
    occlusion_s = _best_seconds(lambda: mnea.compute_attention(model, few, "occlusion"))
    figures = dict(
        torch=torch.__version__,
        threads=torch.get_num_threads(),
        machine=platform.processor() or platform.machine(),
        device=str(model.device_),
        n_infer=args.n_infer,
        predict_windows_per_s=round(args.n_infer / predict_s, 1),
        seconds={key: round(value, 3) for key, value in seconds.items()},
        cost_vs_predict={
            key: round(value / predict_s, 2)
            for key, value in seconds.items()
            if key != "predict"
        },
    )
    figures["cost_vs_predict"]["occlusion"] = round(occlusion_s / few_predict_s, 1)
    if args.n_attention:
        many = _epochs(args.n_attention, seed=2)
        tracemalloc.start()  # NumPy allocations (the tensors share their memory)
        stream_s = _best_seconds(lambda: mnea.compute_attention(model, many, "rollout"))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures["stream"] = dict(
            n_epochs=args.n_attention,
            seconds=round(stream_s, 1),
            input_float64_mib=round(many._data.nbytes / 2**20),
            peak_numpy_allocated_mib=round(peak / 2**20),
        )
    figures["peak_rss_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    report(figures, args.out, indent=2)


if __name__ == "__main__":
    main()
