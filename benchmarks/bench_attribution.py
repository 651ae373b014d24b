"""Trust in attention maps: every method compared on held-out simulated subjects.

For each task and seed, ``mne_attention.datasets.simulate_epochs`` makes
``--n-subjects`` subjects; the default ``EEGTransformer`` trains on all but
the last two, and ``mne_attention.evaluate.compare_methods`` scores each
attention method on the two held-out subjects: ground-truth ROC-AUC, deletion
area, agreement with occlusion, similarity after cascading randomisation and
seconds to compute. Prints one JSON object (and writes it to ``--out``).

Usage: ``python benchmarks/bench_attribution.py --jobs 2 --out attribution.json``
"""

import argparse
import platform
import time
from concurrent.futures import ProcessPoolExecutor

from _report import report

_N_TEST_SUBJECTS = 2


def run_case(case):
    """Train on one simulated split and compare the methods on its held-out subjects."""
    import torch

    import mne_attention as mnea

    torch.set_num_threads(case["threads"])
    epochs, truth = mnea.datasets.simulate_epochs(
        task=case["task"],
        n_subjects=case["n_subjects"],
        snr=case["snr"],
        random_state=case["seed"],
        verbose=False,
    )
    subjects = epochs.metadata["subject"].to_numpy()
    test = subjects > case["n_subjects"] - _N_TEST_SUBJECTS
    start = time.perf_counter()
    model = mnea.EEGTransformer(random_state=case["seed"], verbose=False)
    model.fit(epochs[~test])
    fit_seconds = time.perf_counter() - start
    table = mnea.evaluate.compare_methods(
        model,
        epochs[test],
        truth,
        n_steps=case["n_steps"],
        random_state=case["seed"],
        verbose=False,
    )
    return dict(
        {key: case[key] for key in ("task", "snr", "seed")},
        accuracy=round(float(model.score(epochs[test])), 4),
        fit_seconds=round(fit_seconds, 1),
        methods={
            method: {key: round(float(value), 4) for key, value in row.items()}
            for method, row in table.iterrows()
        },
    )


def _markdown(results):
    """Mean over seeds of every column, one row per task and method."""
    import pandas as pd

    rows = [
        dict(task=r["task"], snr=r["snr"], method=method, **values)
        for r in results
        for method, values in r["methods"].items()
    ]
    table = pd.DataFrame(rows).groupby(["task", "snr", "method"], sort=False).mean()
    columns = list(table.columns)
    lines = [
        "| task | snr | method | " + " | ".join(columns) + " |",
        "|---|---|---|" + "---|" * len(columns),
    ]
    for (task, snr, method), row in table.iterrows():
        cells = " | ".join(f"{row[column]:.3f}" for column in columns)
        lines.append(f"| {task} | {snr:g} | {method} | {cells} |")
    return "\n".join(lines)


def main():
    """Run the benchmark from the command line and print its JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", nargs="+", default=["eyes", "motor"])
    parser.add_argument("--snr", type=float, default=1.0)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--n-subjects", type=int, default=8)
    parser.add_argument(
        "--n-steps", type=int, default=17, help="points of each deletion curve"
    )
    parser.add_argument("--jobs", type=int, default=1, help="parallel processes")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()
    threads = max(1, 2 // args.jobs)
    cases = [
        dict(
            task=task,
            snr=args.snr,
            seed=seed,
            n_subjects=args.n_subjects,
            n_steps=args.n_steps,
            threads=threads,
        )
        for task in args.tasks
        for seed in args.seeds
    ]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run_case, cases))
    output = dict(
        machine=dict(platform=platform.platform(), processor=platform.processor()),
        total_seconds=round(time.perf_counter() - start, 1),
        results=results,
        table=_markdown(results),
    )
    report(output, args.out, indent=2)


if __name__ == "__main__":
    main()
