"""Region tokens: held-out accuracy, and how well region attention finds the true regions.

Prints one JSON object (and writes it to ``--out`` when given). For every SNR
and seed, ``mne_attention.datasets.simulate_source_epochs`` makes
``--n-subjects`` subjects from the offline subject of
``mne_attention.datasets.write_toy_subject`` (16 regions; the class effect,
alpha stronger with eyes closed, lives in the ``--active`` regions, by default
``parietal-lh`` and ``occipital-rh``: not mirror images, and each beside
regions its activity leaks into); the last two subjects are held out and
every model learns from the others, on the same split in the same run:

- ``transformer_regions``: ``EEGTransformer()`` with its defaults
  (``random_state=seed``) on ``mne_attention.source_epochs`` (eLORETA,
  ``mean_flip`` label averages), one token per region; also the ROC-AUC of its
  maps (class-token attention averaged over the held-out epochs: rollout,
  grad_rollout, and occlusion as the model-agnostic reference) for the true
  regions against the 14 others.
- ``logpsd_lr_regions`` and ``logpsd_lr_sensors``: log Welch PSD + logistic
  regression (as in ``bench_accuracy.py``) on the regions and on the 64 EEG
  channels; the map of ``logpsd_lr_regions`` is the summed magnitude of each
  region's coefficients (standardised features), with its ROC-AUC.
- ``csp_lda_sensors``: CSP + LDA on the EEG channels (as in
  ``bench_accuracy.py``).
- ``alpha_contrast``: no classifier, only a map: each region's absolute
  difference in mean log 8-13 Hz power between the classes over the
  training subjects (what one would look at without a model), with its
  ROC-AUC.

Usage: ``python benchmarks/bench_regions.py --out regions.json`` (about
fifteen minutes on 2 CPU cores with the defaults).
"""

import argparse
import platform
import sys
import tempfile
import time

import numpy as np
from _report import report
from bench_accuracy import _csp_lda, _logpsd_lr

SUBJECT = "mnea-toy"


def _roc_auc(truth, scores):
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(truth, scores)), 3)


def _log_alpha(regions):
    spectrum = regions.compute_psd(fmin=8.0, fmax=13.0, picks="all", verbose=False)
    return np.log(spectrum.get_data(picks="all").mean(axis=2))


def _coefficient_map(x_train, y_train, groups, sfreq, n_regions):
    """Return the summed |coefficient| per region of log-PSD + LR (standardised)."""
    from scipy.signal import welch
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    freqs, psd = welch(x_train, sfreq, nperseg=int(sfreq), axis=-1)
    band = (freqs >= 1) & (freqs <= 40)
    features = StandardScaler().fit_transform(
        np.log(psd[..., band]).reshape(len(x_train), -1)
    )
    folds = GroupKFold(n_splits=len(np.unique(groups))).split(features, y_train, groups)
    classifier = LogisticRegressionCV(
        Cs=np.logspace(-4, 1, 6), cv=list(folds), max_iter=3000
    ).fit(features, y_train)
    return np.abs(classifier.coef_[0]).reshape(n_regions, -1).sum(axis=1)


def run_case(subjects_dir, snr, seed, n_subjects, n_epochs_per_class, active):
    """All models on one simulated split; return their figures."""
    import mne_attention as mnea

    epochs, active = mnea.datasets.simulate_source_epochs(
        subjects_dir,
        SUBJECT,
        parc="lobes",
        active=active,
        n_subjects=n_subjects,
        n_epochs_per_class=n_epochs_per_class,
        snr=snr,
        random_state=seed,
        verbose=False,
    )
    start = time.perf_counter()
    regions = mnea.source_epochs(
        epochs, subjects_dir, "lobes", subject=SUBJECT, verbose=False
    )
    source_seconds = time.perf_counter() - start
    truth = np.isin(regions.ch_names, active)
    subjects = epochs.metadata["subject"].to_numpy()
    test = subjects > n_subjects - 2
    labels = epochs.events[:, 2]
    y = (labels == 2).astype(int)
    sfreq = epochs.info["sfreq"]
    rows = []

    def row(model, predicted, seconds, **extra):
        rows.append(
            dict(
                snr=snr,
                seed=seed,
                model=model,
                accuracy=round(float(np.mean(predicted == y[test])), 4),
                seconds=round(seconds, 1),
                **extra,
            )
        )

    start = time.perf_counter()
    model = mnea.EEGTransformer(random_state=seed, verbose=False).fit(regions[~test])
    predicted = (model.predict(regions[test]) == "eyes-closed").astype(int)
    seconds = time.perf_counter() - start
    maps = {
        method: mnea.compute_attention(
            model, regions[test], method=method, verbose=False
        )
        .get_data()
        .mean(axis=(0, 2))
        for method in ("rollout", "grad_rollout", "occlusion")
    }
    row(
        "transformer_regions",
        predicted,
        seconds,
        **{f"{method}_auc": _roc_auc(truth, m) for method, m in maps.items()},
        top_regions=[
            regions.ch_names[i] for i in np.argsort(maps["rollout"])[::-1][:3]
        ],
        passes=len(model.history_),
        source_epochs_seconds=round(source_seconds, 1),
    )
    x_regions, x_sensors = regions.get_data(), epochs.get_data()
    groups = subjects[~test]
    for name, x in (("regions", x_regions), ("sensors", x_sensors)):
        start = time.perf_counter()
        predicted = _logpsd_lr(x[~test], y[~test], x[test], groups, sfreq)
        extra = {}
        if name == "regions":
            coefficients = _coefficient_map(
                x[~test], y[~test], groups, sfreq, len(regions.ch_names)
            )
            extra["map_auc"] = _roc_auc(truth, coefficients)
        row(f"logpsd_lr_{name}", predicted, time.perf_counter() - start, **extra)
    start = time.perf_counter()
    predicted = _csp_lda(x_sensors[~test], y[~test], x_sensors[test], sfreq)
    row("csp_lda_sensors", predicted, time.perf_counter() - start)
    log_alpha = _log_alpha(regions[~test])
    train_y = y[~test].astype(bool)
    contrast = np.abs(log_alpha[train_y].mean(0) - log_alpha[~train_y].mean(0))
    rows.append(
        dict(
            snr=snr,
            seed=seed,
            model="alpha_contrast",
            map_auc=_roc_auc(truth, contrast),
        )
    )
    return rows


def _table(results):
    models = list(dict.fromkeys(r["model"] for r in results))

    def cell(snr, model, key):
        values = [
            r[key]
            for r in results
            if (r["snr"], r["model"]) == (snr, model) and key in r
        ]
        if not values:
            return ""
        return f"{np.mean(values):.3f} ({min(values):.2f}-{max(values):.2f})"

    lines = [
        "| snr | model | accuracy | map ROC-AUC | seconds |",
        "|---|---|---|---|---|",
    ]
    for snr in sorted({r["snr"] for r in results}):
        for model in models:
            auc = cell(snr, model, "map_auc")
            if cell(snr, model, "rollout_auc"):
                auc = "; ".join(
                    cell(snr, model, f"{method}_auc")
                    for method in ("rollout", "grad_rollout", "occlusion")
                )
            lines.append(
                f"| {snr:g} | {model} | {cell(snr, model, 'accuracy')} | {auc} | "
                f"{cell(snr, model, 'seconds')} |"
            )
    return lines


def main():
    """Run the benchmark from the command line and print its JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--snrs", nargs="+", type=float, default=[0.25, 0.5, 1.0])
    parser.add_argument("--active", nargs="+", default=["parietal-lh", "occipital-rh"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--n-subjects", type=int, default=6)
    parser.add_argument("--n-epochs-per-class", type=int, default=40)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()

    import mne
    import torch

    import mne_attention as mnea

    results = []
    with tempfile.TemporaryDirectory() as subjects_dir:
        mnea.datasets.write_toy_subject(subjects_dir, SUBJECT, verbose=False)
        for snr in args.snrs:
            for seed in args.seeds:
                results += run_case(
                    subjects_dir,
                    snr,
                    seed,
                    args.n_subjects,
                    args.n_epochs_per_class,
                    args.active,
                )
                print(f"done snr={snr} seed={seed}", file=sys.stderr, flush=True)
    report(
        dict(
            machine=platform.processor() or platform.machine(),
            python=platform.python_version(),
            torch=torch.__version__,
            mne=mne.__version__,
            threads=torch.get_num_threads(),
            n_subjects=args.n_subjects,
            n_epochs_per_class=args.n_epochs_per_class,
            active=args.active,
            results=results,
            table=_table(results),
        ),
        args.out,
    )


if __name__ == "__main__":
    main()
