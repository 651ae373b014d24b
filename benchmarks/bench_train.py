"""Training throughput and peak memory of EEGTransformer beside braindecode models.

Prints one JSON object (and writes it to ``--out`` when given). Every model
trains in a fresh process of its own, one after the other, so that its peak
resident memory is its own, on the same random data: ``--n-windows`` windows
of 64 channels x 320 samples (2 s at 160 Hz), two classes, batches of 64,
``--passes`` passes, ``--threads`` torch threads.

- ``ours_float32``, ``ours_bfloat16``: ``EEGTransformer`` with its defaults
  (``precision`` as named; ``--params`` overrides others), timed through
  ``fit`` end to end (statistics, standardisation, the training loop) with
  ``validation_size=0`` and ``batch_size=64``.
- ``shallow``, ``eegnet``, ``conformer``: braindecode's ShallowFBCSPNet,
  EEGNet and EEGConformer (benchmark-only extra, see ``_braindecode.py``), a
  plain AdamW loop over the same standardised data and batches.

With ``--profile``, also where the time of one training step of the default
network goes (``torch.profiler``: forward, backward and optimizer, and the
operators that take the most time) and its floating-point operations per
window (``torch.utils.flop_counter``), and the cost of each token embedding
against the convolution prototype it replaced.

Usage: ``python benchmarks/bench_train.py --profile`` (about 5 minutes on 2
CPU cores).
"""

import argparse
import json
import multiprocessing
import os
import platform
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from _profile import summarise
from _report import report

_N_CHANNELS, _N_TIMES, _SFREQ, _BATCH_SIZE = 64, 320, 160.0, 64


def _data(n_windows, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_windows, _N_CHANNELS, _N_TIMES), dtype=np.float32)
    y = np.arange(n_windows) % 2
    return x, y


def _peak_rss_mib():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _ours(x, y, passes, precision, params):
    import mne_attention as mnea

    model = mnea.EEGTransformer(
        precision=precision,
        batch_size=_BATCH_SIZE,
        max_epochs=passes,
        validation_size=0.0,
        random_state=0,
        verbose=False,
        **params,
    )
    start = time.perf_counter()
    model.fit(x, y)
    return time.perf_counter() - start


def _braindecode(name, x, y, passes):
    import torch
    from _braindecode import LEARNING_RATES, build_model
    from torch.nn import functional as F

    torch.manual_seed(0)
    model = build_model(name, _N_CHANNELS, _N_TIMES, _SFREQ)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATES[name])
    start = time.perf_counter()
    x = (x - x.mean(axis=(0, 2), keepdims=True)) / x.std(axis=(0, 2), keepdims=True)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    model.train()
    for _ in range(passes):
        order = torch.randperm(len(xt))
        for begin in range(0, len(xt), _BATCH_SIZE):
            index = order[begin : begin + _BATCH_SIZE]
            loss = F.cross_entropy(model(xt[index]), yt[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return time.perf_counter() - start


def run_model(case):
    """Train one model in this (fresh) process; return windows/s and peak RSS."""
    import torch

    torch.set_num_threads(case["threads"])
    x, y = _data(case["n_windows"])
    name = case["model"]
    if name.startswith("ours_"):
        seconds = _ours(
            x, y, case["passes"], name.removeprefix("ours_"), case["params"]
        )
    else:
        seconds = _braindecode(name, x, y, case["passes"])
    return dict(
        model=name,
        windows_per_s=round(case["n_windows"] * case["passes"] / seconds, 1),
        seconds=round(seconds, 1),
        peak_rss_mib=_peak_rss_mib(),
    )


def embedding_costs(n_epochs=32, n_tokens=64, repeats=5):
    """Milliseconds of forward + backward of one batch through each token embedding.

    ``conv_prototype`` is the time-domain design the spectral embedding
    replaced: one 1-D convolution of every token with the filter bank, squared
    and averaged over the window.
    """
    import torch
    from torch.nn import functional as F

    from mne_attention.model.embedding import LinearEmbedding, SpectralEmbedding

    torch.manual_seed(0)
    windows = torch.randn(n_epochs, n_tokens, _N_TIMES)
    spectral = SpectralEmbedding(_N_TIMES, 128, n_filters=32, filter_length=65)
    linear = LinearEmbedding(_N_TIMES, 128)
    projection = torch.nn.Linear(32, 128)

    def conv_prototype(x):
        flat = x.reshape(-1, 1, _N_TIMES)
        power = F.conv1d(flat, spectral.filters[:, None]).square().mean(-1)
        return projection(torch.log(power + 1e-6)).reshape(*x.shape[:2], -1)

    costs = {}
    for name, embed in (
        ("spectral", spectral),
        ("conv_prototype", conv_prototype),
        ("linear", linear),
    ):
        best = np.inf
        for _ in range(repeats):
            start = time.perf_counter()
            embed(windows).sum().backward()
            best = min(best, time.perf_counter() - start)
        costs[name] = round(1e3 * best, 1)
    return costs


def profile_step(threads, params, n_steps=10):
    """Where one training step of the network goes, and its operations per window."""
    import torch
    from torch.nn import functional as F
    from torch.profiler import ProfilerActivity, profile, record_function
    from torch.utils.flop_counter import FlopCounterMode

    import mne_attention as mnea
    from mne_attention.model.network import build_network
    from mne_attention.model.tokens import TokenLayout

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    estimator = mnea.EEGTransformer(**params)
    layout = TokenLayout(_N_CHANNELS, _N_TIMES, estimator.n_time_tokens)
    network = build_network(estimator.get_params(), layout, 2, filter_length=65)
    optimizer = torch.optim.AdamW(network.parameters(), lr=1e-4)
    x = torch.randn(_BATCH_SIZE, _N_CHANNELS, _N_TIMES)
    y = torch.arange(_BATCH_SIZE) % 2
    network.train()

    def step():
        with record_function("forward"):
            loss = F.cross_entropy(network(x), y)
        with record_function("backward"):
            optimizer.zero_grad()
            loss.backward()
        with record_function("optimizer"):
            optimizer.step()

    with FlopCounterMode(display=False) as counter:
        step()
    for _ in range(3):
        step()
    with profile(activities=[ProfilerActivity.CPU]) as profiler:
        for _ in range(n_steps):
            step()
    events = profiler.key_averages()
    total_ms = sum(e.self_cpu_time_total for e in events) / 1e3 / n_steps
    phases, top = summarise(
        events, n_steps, lambda key: key in ("forward", "backward", "optimizer"), 12
    )
    gflop_per_window = counter.get_total_flops() / _BATCH_SIZE / 1e9
    return dict(
        batch=_BATCH_SIZE,
        step_ms=round(total_ms, 1),
        phase_ms=phases,
        top_operators_self_ms=top,
        gflop_per_training_window=round(gflop_per_window, 3),
        achieved_gflop_per_s=round(gflop_per_window * _BATCH_SIZE / total_ms * 1e3, 1),
        embedding_forward_backward_ms=dict(
            batch=f"32 epochs x 64 tokens x {_N_TIMES} samples, 32 filters of 65 taps",
            **embedding_costs(),
        ),
    )


def main():
    """Run the benchmark from the command line and print its JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--models",
        nargs="+",
        default=["ours_float32", "ours_bfloat16", "shallow", "conformer"],
    )
    parser.add_argument("--n-windows", type=int, default=2048)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--params", type=json.loads, default={}, help="EEGTransformer settings (JSON)"
    )
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()

    cases = [
        dict(
            model=model,
            n_windows=args.n_windows,
            passes=args.passes,
            threads=args.threads,
            params=args.params,
        )
        for model in args.models
    ]
    results = []
    context = multiprocessing.get_context("spawn")
    for case in cases:
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            results.append(pool.submit(run_model, case).result())
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)

    import mne
    import torch

    figures = dict(
        machine=platform.processor() or platform.machine(),
        cpu_count=os.cpu_count(),
        cpu_capability=torch.backends.cpu.get_cpu_capability(),
        threads=args.threads,
        torch=torch.__version__,
        mne=mne.__version__,
        input=f"{args.n_windows} windows of {_N_CHANNELS} x {_N_TIMES}, "
        f"batches of {_BATCH_SIZE}, {args.passes} passes",
        transformer_params=args.params,
        results=results,
    )
    if args.profile:
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            figures["profile"] = pool.submit(
                profile_step, args.threads, args.params
            ).result()
    report(figures, args.out)


if __name__ == "__main__":
    sys.exit(main())
