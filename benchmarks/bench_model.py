"""Training throughput, inference cost of attention, and memory of streaming.

Prints one JSON object. Run ``python benchmarks/bench_model.py`` (add
``--n-attention 20000`` to check bounded memory on a large set).
"""

import argparse
import json
import platform
import resource
import time
import tracemalloc

import mne
import numpy as np
import torch
from torch.nn import functional as F

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


def _timed(func, repeats=1):
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _embedding_costs(n_epochs=32, n_tokens=64, window_length=320, repeats=5):
    """Milliseconds of forward + backward of one batch through each token embedding.

    ``conv_prototype`` is the time-domain design the spectral embedding
    replaced: one 1-D convolution of every token with the filter bank, squared
    and averaged over the window.
    """
    from mne_attention.model.embedding import LinearEmbedding, SpectralEmbedding

    torch.manual_seed(0)
    windows = torch.randn(n_epochs, n_tokens, window_length)
    spectral = SpectralEmbedding(window_length, 128, n_filters=32, filter_length=65)
    linear = LinearEmbedding(window_length, 128)
    projection = torch.nn.Linear(32, 128)

    def conv_prototype(x):
        flat = x.reshape(-1, 1, window_length)
        power = F.conv1d(flat, spectral.filters[:, None]).square().mean(-1)
        return projection(torch.log(power + 1e-6)).reshape(*x.shape[:2], -1)

    costs = {}
    for name, embed in (
        ("spectral", spectral),
        ("conv_prototype", conv_prototype),
        ("linear", linear),
    ):
        costs[name] = round(
            1e3 * _timed(lambda embed=embed: embed(windows).sum().backward(), repeats),
            1,
        )
    return costs


def main():
    """Run the benchmark from the command line and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n-train", type=int, default=512)
    parser.add_argument("--train-passes", type=int, default=3)
    parser.add_argument("--n-infer", type=int, default=1024)
    parser.add_argument(
        "--n-attention",
        type=int,
        default=0,
        help="also stream rollout over this many epochs (memory check)",
    )
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()

    train = _epochs(args.n_train)
    model = mnea.EEGTransformer(
        max_epochs=args.train_passes,
        validation_size=0.0,
        random_state=0,
        device=args.device,
    )
    fit_s = _timed(lambda: model.fit(train, verbose=False))
    figures = dict(
        torch=torch.__version__,
        threads=torch.get_num_threads(),
        machine=platform.processor() or platform.machine(),
        device=str(model.device_),
        model="default (spectral embedding, 5 layers, 8 heads, d_model 128, 1 time token)",
        input="64 channels x 320 samples",
        train_epochs_per_s=round(args.n_train * args.train_passes / fit_s, 1),
    )
    infer = _epochs(args.n_infer, seed=1)
    predict_s = _timed(lambda: model.predict(infer), repeats=3)
    figures["predict_epochs_per_s"] = round(args.n_infer / predict_s, 1)
    for method in ("raw", "rollout", "grad_rollout"):
        seconds = _timed(
            lambda method=method: mnea.compute_attention(model, infer, method),
            repeats=3,
        )
        figures[f"{method}_cost_vs_predict"] = round(seconds / predict_s, 2)
    few = infer[:64]
    occlusion_s = _timed(lambda: mnea.compute_attention(model, few, "occlusion"))
    few_predict_s = _timed(lambda: model.predict(few), repeats=3)
    figures["occlusion_cost_vs_predict"] = round(occlusion_s / few_predict_s, 1)
    if args.n_attention:
        many = _epochs(args.n_attention, seed=2)
        tracemalloc.start()  # numpy allocations (the tensors share their memory)
        seconds = _timed(lambda: mnea.compute_attention(model, many, "rollout"))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures["stream"] = dict(
            n_epochs=args.n_attention,
            seconds=round(seconds, 1),
            input_float64_mib=round(many._data.nbytes / 2**20),
            peak_numpy_allocated_mib=round(peak / 2**20),
        )
    figures["embedding_forward_backward_ms"] = dict(
        batch="32 epochs x 64 tokens x 320 samples, 32 filters of 65 taps",
        **_embedding_costs(),
    )
    figures["peak_rss_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
