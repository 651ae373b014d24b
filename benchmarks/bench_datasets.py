"""Time and peak memory of the data sets: simulating 8 subjects, loading 20 cached subjects.

Prints one JSON object. Every case runs in a fresh Python process so that its
peak resident memory (``resource.getrusage(...).ru_maxrss``) is its own:

- ``simulate_epochs``: ``simulate_epochs("eyes", n_subjects=8,
  n_epochs_per_class=40)``.
- ``load_epochs``: ``eegmmidb.load_epochs(range(1, 21), "eyes")`` from cached
  files. We cannot download eegmmidb here, so the benchmark first writes 20
  subjects' runs 1 and 2 as EDF files of the real size (64 channels, 160 Hz,
  61 s, 16 bit) into a temporary folder laid out as MNE's eegbci cache, with a
  registry of their sha256 hashes. ``base_url`` points to a closed local port:
  any download attempt would fail, so the numbers are for cache hits only
  (each file's sha256 is still checked).
- ``load_epochs_lowpass``: the same with ``h_freq=30`` (the original study's
  low-pass), filtering each continuous recording before epoching.

For each case: wall time (``time.perf_counter``, without tracemalloc), the
peak of Python/NumPy allocations during the call (``tracemalloc``, a second
run), the process's peak RSS before and after the first run, and the size of
the returned epochs.

Usage: ``python benchmarks/bench_datasets.py``
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

N_SIMULATED = 8
N_CACHED = 20
RECORDING_S = 61.0  # eegmmidb baseline runs: 9760 samples at 160 Hz
CLOSED_PORT_URL = "http://127.0.0.1:9/"  # discard port: nothing listens


def _maxrss_mb():
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / 1024 if sys.platform != "darwin" else usage / 1024**2


def _measure(func):
    """Time one call, then trace a second call's allocation peak."""
    rss_before = _maxrss_mb()
    t0 = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - t0
    rss_after = _maxrss_mb()
    n_epochs, nbytes = len(result), result.get_data(copy=False).nbytes
    del result
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return dict(
        time_s=round(elapsed, 3),
        tracemalloc_peak_mb=round(peak / 1e6, 1),
        maxrss_before_mb=round(rss_before, 1),
        maxrss_after_mb=round(rss_after, 1),
        maxrss_increase_mb=round(rss_after - rss_before, 1),
        n_epochs=n_epochs,
        epochs_data_mb=round(nbytes / 1e6, 1),
    )


def _case_simulate():
    import mne

    from mne_attention.datasets import simulate_epochs

    mne.set_log_level("warning")
    simulate_epochs(n_subjects=1, n_epochs_per_class=2, random_state=0)  # warm-up
    out = _measure(
        lambda: simulate_epochs(
            "eyes", n_subjects=N_SIMULATED, n_epochs_per_class=40, random_state=0
        )[0]
    )
    return dict(
        call=f"simulate_epochs('eyes', n_subjects={N_SIMULATED}, "
        "n_epochs_per_class=40)",
        **out,
    )


def _case_load(folder, registry_file, h_freq):
    import mne

    from mne_attention.datasets import eegmmidb

    mne.set_log_level("warning")
    registry = json.loads(Path(registry_file).read_text())
    kwargs = dict(
        path=folder, base_url=CLOSED_PORT_URL, registry=registry, h_freq=h_freq
    )
    eegmmidb.load_epochs(1, "eyes", **kwargs)  # warm-up (imports, page cache)
    out = _measure(
        lambda: eegmmidb.load_epochs(range(1, N_CACHED + 1), "eyes", **kwargs)
    )
    return dict(
        call=f"eegmmidb.load_epochs(range(1, {N_CACHED + 1}), 'eyes', h_freq={h_freq})",
        **out,
    )


def _write_cache(folder):
    """Write N_CACHED subjects' runs 1 and 2 as real-size EDFs in MNE's layout."""
    import mne
    import numpy as np
    import pooch

    from mne_attention.datasets import eegmmidb
    from mne_attention.datasets._eegmmidb_tasks import EDF_CH_NAMES, SFREQ

    base = Path(folder, "MNE-eegbci-data", "files", "eegmmidb", "1.0.0")
    n_times = int(RECORDING_S * SFREQ)
    times = np.arange(n_times) / SFREQ
    info = mne.create_info(list(EDF_CH_NAMES), SFREQ, "eeg")
    occipital = np.array([name.strip(".")[0] in "OP" for name in EDF_CH_NAMES])
    registry = {}
    rng = np.random.default_rng(0)
    for subject in range(1, N_CACHED + 1):
        for run in (1, 2):
            # white noise made pink-ish by a cumulative sum, plus alpha with eyes closed
            data = rng.standard_normal((len(EDF_CH_NAMES), n_times))
            data = np.cumsum(data, axis=1) * 0.05 + data
            data -= data.mean(axis=1, keepdims=True)
            if run == 2:
                data[occipital] += 3 * np.sin(2 * np.pi * 10 * times)
            raw = mne.io.RawArray(data * 10e-6, info, verbose=False)
            raw.set_annotations(mne.Annotations([0.0], [RECORDING_S], ["T0"]))
            fname = eegmmidb.remote_fname(subject, run)
            local = base / fname
            local.parent.mkdir(parents=True, exist_ok=True)
            mne.export.export_raw(local, raw, fmt="edf", verbose=False)
            registry[fname] = pooch.file_hash(str(local))
    sizes = [path.stat().st_size for path in base.rglob("*.edf")]
    return registry, dict(
        n_files=len(sizes),
        file_mb_each=round(np.mean(sizes) / 1e6, 2),
        files_mb_total=round(sum(sizes) / 1e6, 1),
    )


def _run_case(*args):
    pythonpath = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = dict(os.environ, PYTHONPATH=pythonpath)
    out = subprocess.run(
        [sys.executable, __file__, "--case", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(f"benchmark case {args} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    """Run the benchmark from the command line and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:  # inside a fresh process
        name, *rest = args.case
        if name == "simulate":
            result = _case_simulate()
        else:
            folder, registry_file, h_freq = rest
            result = _case_load(
                folder, registry_file, None if h_freq == "none" else float(h_freq)
            )
        print(json.dumps(result))
        return

    import mne
    import numpy as np

    report = dict(
        machine=dict(
            python=platform.python_version(),
            mne=mne.__version__,
            numpy=np.__version__,
            cpus=os.cpu_count(),
            platform=platform.platform(),
        ),
        simulate_epochs=_run_case("simulate"),
    )
    with tempfile.TemporaryDirectory(prefix="bench_eegmmidb_") as folder:
        t0 = time.perf_counter()
        registry, files = _write_cache(folder)
        files["write_s"] = round(time.perf_counter() - t0, 1)
        registry_file = Path(folder, "registry.json")
        registry_file.write_text(json.dumps(registry))
        report["cached_files"] = dict(
            files,
            subjects=N_CACHED,
            runs=[1, 2],
            channels=64,
            sfreq=160.0,
            duration_s=RECORDING_S,
            base_url=CLOSED_PORT_URL,
        )
        report["load_epochs"] = _run_case("load", folder, str(registry_file), "none")
        report["load_epochs_lowpass"] = _run_case(
            "load", folder, str(registry_file), "30"
        )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
