"""The cost of each attention method against prediction, and its memory on a large set.

Prints one JSON object (and writes it to ``--out`` when given). The default
``EEGTransformer`` trains briefly on random data (the cost of a map does not
depend on what the model learned); then, on ``--n-infer`` other windows of 64
channels x 320 samples: seconds of ``predict`` and of
``compute_attention`` with ``raw``, ``rollout`` and ``grad_rollout``, each the
best of three, and of ``occlusion`` on 64 windows (it runs the network once
per channel). Every method, prediction included, runs in batches of
``--batch-size`` windows; the methods are timed in ``--rounds`` interleaved
rounds and each keeps its median, so that a slow spell of the machine hits
them all alike. With ``--n-attention N``, rollout over N windows while
tracemalloc follows the NumPy allocations (bounded memory). With
``--profile``, where the time of one batch of the network goes
(``torch.profiler``, the data already prepared): the forward pass of
prediction, rollout's forward pass with explicit attention weights and its
rollout, and grad_rollout's forward pass, its backward pass to the attention
weights and its rollout, with the operators that take the most time.

Usage: ``python benchmarks/bench_attention.py --profile`` (about 3 minutes on
2 CPU cores).
"""

import argparse
import platform
import resource
import time
import tracemalloc

import mne
import numpy as np
import torch
from _profile import summarise
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


def _seconds(func):
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _median_seconds(funcs, rounds):
    """Median seconds of each function of ``funcs``, timed in interleaved rounds.

    Each round starts one function later, so that none always follows the same
    one.
    """
    names = list(funcs)
    times = {name: [] for name in names}
    for start in range(rounds):
        for name in names[start % len(names) :] + names[: start % len(names)]:
            times[name].append(_seconds(funcs[name]))
    return {name: float(np.median(values)) for name, values in times.items()}


def profile_batch(model, epochs, n_batches=5):
    """Where the time of one batch goes: prediction, rollout and grad_rollout."""
    from torch.profiler import ProfilerActivity, profile, record_function

    from mne_attention.attention.relevance import CLASS_ROW
    from mne_attention.attention.rollout import attention_rollout, gradient_rollout

    network = model.network_.eval()
    x, _ = model.prepare_input(epochs)

    def predict():
        with torch.inference_mode(), record_function("predict"):
            network(x)

    def rollout():
        with torch.inference_mode(), record_function("rollout"):
            _, attentions = network(x, return_attention=True)
            attention_rollout(attentions, rows=CLASS_ROW)

    def grad_rollout():
        with record_function("grad_rollout forward"):
            logits, attentions = network(x, return_attention=True)
            score = logits.gather(1, logits.argmax(dim=1, keepdim=True)).sum()
        with record_function("grad_rollout backward"):
            gradients = torch.autograd.grad(score, attentions)
        with torch.no_grad(), record_function("grad_rollout rollout"):
            gradient_rollout(
                [a.detach() for a in attentions], gradients, rows=CLASS_ROW
            )

    figures = {}
    for name, func in (
        ("predict", predict),
        ("rollout", rollout),
        ("grad_rollout", grad_rollout),
    ):
        func()  # warm-up
        with profile(activities=[ProfilerActivity.CPU]) as profiler:
            for _ in range(n_batches):
                func()
        phases, top = summarise(
            profiler.key_averages(),
            n_batches,
            lambda key, name=name: key.startswith(name),
            8,
        )
        figures[name] = dict(phase_ms=phases, top_operators_self_ms=top)
    return dict(batch=len(epochs), **figures)


def main():
    """Run the benchmark from the command line and print its JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n-infer", type=int, default=1024)
    parser.add_argument("--n-attention", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()

    model = mnea.EEGTransformer(
        max_epochs=1,
        validation_size=0.0,
        batch_size=args.batch_size,
        random_state=0,
        device=args.device,
    ).fit(_epochs(256), verbose=False)
    infer = _epochs(args.n_infer, seed=1)
    funcs = dict(predict=lambda: model.predict(infer))
    for method in ("raw", "rollout", "grad_rollout"):
        funcs[method] = lambda method=method: mnea.compute_attention(
            model, infer, method
        )
    seconds = _median_seconds(funcs, args.rounds)
    predict_s = seconds["predict"]
    few = infer[:64]
    few_predict_s = _median_seconds(dict(predict=lambda: model.predict(few)), 3)
    occlusion_s = _seconds(lambda: mnea.compute_attention(model, few, "occlusion"))
    figures = dict(
        torch=torch.__version__,
        threads=torch.get_num_threads(),
        machine=platform.processor() or platform.machine(),
        device=str(model.device_),
        n_infer=args.n_infer,
        batch_size=args.batch_size,
        rounds=args.rounds,
        predict_windows_per_s=round(args.n_infer / predict_s, 1),
        seconds={key: round(value, 3) for key, value in seconds.items()},
        cost_vs_predict={
            key: round(value / predict_s, 2)
            for key, value in seconds.items()
            if key != "predict"
        },
    )
    figures["cost_vs_predict"]["occlusion"] = round(
        occlusion_s / few_predict_s["predict"], 1
    )
    if args.profile:
        figures["profile"] = profile_batch(model, infer[: args.batch_size])
    if args.n_attention:
        many = _epochs(args.n_attention, seed=2)
        tracemalloc.start()  # NumPy allocations (the tensors share their memory)
        stream_s = _seconds(lambda: mnea.compute_attention(model, many, "rollout"))
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
