"""Held-out-subject accuracy of EEGTransformer beside classical and braindecode baselines.

Prints one JSON object (and writes it to ``--out`` when given). For every
task, SNR and seed, ``mne_attention.datasets.simulate_epochs`` makes
``--n-subjects`` subjects; the last two are held out for testing and every
model learns from the others, on the same split in the same run:

- ``spectral``, ``spectral_level`` and ``linear``:
  ``EEGTransformer(embedding=...)`` with its
  defaults (``random_state=seed``; early stopping on one training subject,
  then a refit on all of them); also the ROC-AUC of its rollout map
  (class-token attention averaged over the held-out epochs) for the
  ground-truth channels (relevance > 0.5), and the attention mass on them
  against their share of channels.
- ``logpsd_lr``: log Welch PSD (1 s segments, 1-40 Hz) of every channel,
  standardised, L2 logistic regression with C chosen by cross-validation over
  the training subjects.
- ``csp_lda``: 8-30 Hz band-pass, ``mne.decoding.CSP`` (6 log-variance
  components), linear discriminant analysis.
- ``shallow``, ``eegnet``, ``conformer``: braindecode's ShallowFBCSPNet,
  EEGNet and EEGConformer with their default architecture, trained on the
  same per-channel standardised data with AdamW (the learning rates of
  braindecode's examples), batches of 64, cosine decay over 30 passes and
  by-subject early stopping (one training subject held out for validation,
  patience 8, best validation accuracy kept; no refit).

braindecode is a benchmark-only extra: ``pip install -c <(echo torch==2.13.0)
braindecode``. When its ``torchaudio`` does not load beside the pinned torch,
a stub module stands in (these three models do not use it).

``--params`` sets EEGTransformer hyper-parameters other than the defaults
(JSON), for comparing settings on the same splits; a ``random_state`` there
replaces the simulation's seed as the model's, to measure how much the
accuracy varies between trainings of one split.

With ``--band LOW HIGH`` every epoch is band-pass filtered first (MNE's
zero-phase FIR filter), as for the original study's per-band models.

Usage: ``python benchmarks/bench_accuracy.py --jobs 2 --out results.json``
(about an hour on 2 CPU cores with the defaults).
"""

import argparse
import json
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from _braindecode import LEARNING_RATES, MODEL_NAMES, build_model
from _report import report

from mne_attention.model.embedding import EMBEDDINGS

MODELS = (
    *EMBEDDINGS,
    "logpsd_lr",
    "csp_lda",
    *MODEL_NAMES,
)
_N_TEST_SUBJECTS = 2


def _simulate(task, snr, seed, n_subjects, n_epochs_per_class, band):
    import mne_attention as mnea

    epochs, truth = mnea.datasets.simulate_epochs(
        task=task,
        n_subjects=n_subjects,
        n_epochs_per_class=n_epochs_per_class,
        snr=snr,
        random_state=seed,
        verbose=False,
    )
    if band is not None:
        epochs.filter(*band, verbose=False)
    subjects = epochs.metadata["subject"].to_numpy()
    test = subjects > n_subjects - _N_TEST_SUBJECTS
    return epochs, truth, test


def _standardise(x_train, x_test):
    mean = x_train.mean(axis=(0, 2), keepdims=True)
    std = x_train.std(axis=(0, 2), keepdims=True)
    return ((x_train - mean) / std).astype(np.float32), ((x_test - mean) / std).astype(
        np.float32
    )


def _logpsd_lr(x_train, y_train, x_test, groups, sfreq):
    from scipy.signal import welch
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def features(x):
        freqs, psd = welch(x, sfreq, nperseg=int(sfreq), axis=-1)
        band = (freqs >= 1) & (freqs <= 40)
        return np.log(psd[..., band]).reshape(len(x), -1)

    folds = list(
        GroupKFold(n_splits=len(np.unique(groups))).split(x_train, y_train, groups)
    )
    classifier = make_pipeline(
        StandardScaler(),
        LogisticRegressionCV(Cs=np.logspace(-4, 1, 6), cv=folds, max_iter=3000),
    )
    return classifier.fit(features(x_train), y_train).predict(features(x_test))


def _csp_lda(x_train, y_train, x_test, sfreq):
    from mne.decoding import CSP
    from mne.filter import filter_data
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.pipeline import make_pipeline

    def band(x):
        return filter_data(x.astype(np.float64), sfreq, 8.0, 30.0, verbose=False)

    classifier = make_pipeline(
        CSP(n_components=6, log=True), LinearDiscriminantAnalysis()
    )
    return classifier.fit(band(x_train), y_train).predict(band(x_test))


def _braindecode(
    name,
    x_train,
    y_train,
    groups,
    x_test,
    sfreq,
    seed,
    max_passes,
    patience,
    batch_size,
):
    import torch
    from torch.nn import functional as F

    torch.manual_seed(seed)
    x_train, x_test = _standardise(x_train, x_test)
    rng = np.random.default_rng(seed)
    val_subject = rng.choice(np.unique(groups))
    val = groups == val_subject
    model = build_model(name, x_train.shape[1], x_train.shape[2], sfreq)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=LEARNING_RATES[name], weight_decay=0
    )
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, max_passes)
    xt, yt = torch.from_numpy(x_train[~val]), torch.from_numpy(y_train[~val])
    xv, yv = torch.from_numpy(x_train[val]), torch.from_numpy(y_train[val])
    best, best_state, stale = -1.0, None, 0
    for _ in range(max_passes):
        model.train()
        order = torch.randperm(len(xt))
        for start in range(0, len(xt), batch_size):
            index = order[start : start + batch_size]
            if len(index) < 2:  # batch normalisation needs two
                continue
            loss = F.cross_entropy(model(xt[index]), yt[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(xv).argmax(1) == yv).float().mean().item()
        if accuracy > best:
            best, stale = accuracy, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            stale += 1
            if stale >= patience:
                break
    model.load_state_dict(best_state)
    model.eval()
    with torch.no_grad():
        return torch.cat(
            [
                model(torch.from_numpy(x_test[i : i + 256])).argmax(1)
                for i in range(0, len(x_test), 256)
            ]
        ).numpy()


def _transformer(embedding, train, test_epochs, truth, seed, params):
    from sklearn.metrics import roc_auc_score

    import mne_attention as mnea

    params = {"random_state": seed, **params}
    model = mnea.EEGTransformer(embedding=embedding, verbose=False, **params)
    model.fit(train)
    predicted = model.predict(test_epochs)
    attention = mnea.compute_attention(
        model, test_epochs, method="rollout", verbose=False
    )
    channel_map = attention.get_data().mean(axis=(0, 2))
    relevant = truth.data[:, 0] > 0.5
    extra = dict(
        rollout_auc=round(float(roc_auc_score(relevant, channel_map)), 3),
        rollout_mass_vs_chance=round(
            float(channel_map[relevant].sum() / channel_map.sum() / relevant.mean()), 2
        ),
        passes=len(model.history_),
        best_pass=model.best_epoch_,
    )
    return predicted, extra


def run_case(case):
    """Fit one model on one simulated split; return its accuracy and seconds per fit."""
    import torch

    torch.set_num_threads(case["threads"])
    epochs, truth, test = _simulate(
        case["task"],
        case["snr"],
        case["seed"],
        case["n_subjects"],
        case["n_epochs_per_class"],
        case["band"],
    )
    labels = epochs.events[:, 2]
    y = (labels == labels.max()).astype(np.int64)
    sfreq = epochs.info["sfreq"]
    groups = epochs.metadata["subject"].to_numpy()[~test]
    name, extra = case["model"], {}
    start = time.perf_counter()
    if name in EMBEDDINGS:
        predicted, extra = _transformer(
            name, epochs[~test], epochs[test], truth, case["seed"], case["params"]
        )
        predicted = np.asarray([epochs.event_id[p] for p in predicted])
        correct = predicted == labels[test]
    else:
        x = epochs.get_data()
        if name == "logpsd_lr":
            predicted = _logpsd_lr(x[~test], y[~test], x[test], groups, sfreq)
        elif name == "csp_lda":
            predicted = _csp_lda(x[~test], y[~test], x[test], sfreq)
        else:
            predicted = _braindecode(
                name,
                x[~test],
                y[~test],
                groups,
                x[test],
                sfreq,
                case["seed"],
                case["max_passes"],
                case["patience"],
                case["batch_size"],
            )
        correct = predicted == y[test]
    seconds = time.perf_counter() - start
    return dict(
        {k: case[k] for k in ("task", "snr", "seed", "model")},
        accuracy=round(float(correct.mean()), 4),
        seconds=round(seconds, 1),
        **extra,
    )


def _table(results, models):
    """Mean (min-max) accuracy over seeds per task and SNR, as Markdown rows.

    A last column gives the rollout ROC-AUC of the default (spectral) model.
    """

    def cell(task, snr, model, key):
        values = [
            r[key]
            for r in results
            if (r["task"], r["snr"], r["model"]) == (task, snr, model) and key in r
        ]
        if not values:
            return ""
        return f"{np.mean(values):.3f} ({min(values):.2f}-{max(values):.2f})"

    header = "| task | snr | " + " | ".join(models) + " | spectral rollout AUC |"
    lines = [header, "|---|---|" + "---|" * (len(models) + 1)]
    for task, snr in sorted({(r["task"], r["snr"]) for r in results}):
        cells = [cell(task, snr, model, "accuracy") for model in models]
        cells.append(cell(task, snr, "spectral", "rollout_auc"))
        lines.append(f"| {task} | {snr:g} | " + " | ".join(cells) + " |")
    return lines


def main():
    """Run the benchmark from the command line and print its JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", nargs="+", default=["eyes", "motor"])
    parser.add_argument("--snrs", nargs="+", type=float, default=[0.5, 1.0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=MODELS)
    parser.add_argument("--n-subjects", type=int, default=8)
    parser.add_argument("--n-epochs-per-class", type=int, default=30)
    parser.add_argument("--max-passes", type=int, default=30, help="braindecode models")
    parser.add_argument("--patience", type=int, default=8, help="braindecode models")
    parser.add_argument("--batch-size", type=int, default=64, help="braindecode models")
    parser.add_argument(
        "--band", nargs=2, type=float, help="band-pass filter every epoch (Hz)"
    )
    parser.add_argument(
        "--params",
        type=json.loads,
        default={},
        help="EEGTransformer settings other than the defaults, as JSON: '{\"d_model\": 64}'",
    )
    parser.add_argument("--jobs", type=int, default=1, help="parallel processes")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()

    threads = max(1, (os.cpu_count() or 1) // args.jobs)
    cases = [
        dict(
            task=task,
            snr=snr,
            seed=seed,
            model=model,
            threads=threads,
            n_subjects=args.n_subjects,
            n_epochs_per_class=args.n_epochs_per_class,
            max_passes=args.max_passes,
            patience=args.patience,
            batch_size=args.batch_size,
            band=args.band,
            params=args.params,
        )
        for task in args.tasks
        for snr in args.snrs
        for seed in args.seeds
        for model in args.models
    ]
    start = time.perf_counter()
    results = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for result in pool.map(run_case, cases):
            print(json.dumps(result), file=sys.stderr, flush=True)
            results.append(result)

    import mne
    import torch

    summary = {}
    for model in args.models:
        rows = [r for r in results if r["model"] == model]
        summary[model] = dict(
            mean_accuracy=round(float(np.mean([r["accuracy"] for r in rows])), 4),
            mean_seconds_per_fit=round(float(np.mean([r["seconds"] for r in rows])), 1),
        )
        for key in ("rollout_auc", "rollout_mass_vs_chance"):
            if key in rows[0]:
                summary[model][f"mean_{key}"] = round(
                    float(np.mean([r[key] for r in rows])), 3
                )
    figures = dict(
        machine=platform.processor() or platform.machine(),
        cpu_count=os.cpu_count(),
        threads_per_job=threads,
        jobs=args.jobs,
        torch=torch.__version__,
        mne=mne.__version__,
        setup=dict(
            n_subjects=args.n_subjects,
            held_out_subjects=_N_TEST_SUBJECTS,
            n_epochs_per_class=args.n_epochs_per_class,
            band=args.band,
            transformer_params=args.params,
            chance=0.5,
        ),
        total_seconds=round(time.perf_counter() - start),
        summary=summary,
        table=_table(results, args.models),
        results=results,
    )
    report(figures, args.out)


if __name__ == "__main__":
    sys.exit(main())
