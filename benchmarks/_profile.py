"""How the benchmarks summarise a ``torch.profiler`` run."""


def summarise(events, n_runs, is_phase, n_top):
    """Milliseconds per run of the labelled phases and of the costliest operators.

    Parameters
    ----------
    events : list of FunctionEventAvg
        ``profiler.key_averages()``.
    n_runs : int
        How many runs the profiler recorded.
    is_phase : callable
        Whether an event's key is one of the ``record_function`` phases.
    n_top : int
        How many operators to list, by self time.

    Returns
    -------
    phase_ms : dict
        Total milliseconds per run of each phase.
    top_operators_self_ms : list of (str, float)
        The operators with the most self time, and their milliseconds per run.
    """
    phase_ms = {
        e.key: round(e.cpu_time_total / 1e3 / n_runs, 2)
        for e in events
        if is_phase(e.key)
    }
    top = sorted(events, key=lambda e: e.self_cpu_time_total, reverse=True)[:n_top]
    return phase_ms, [
        (e.key, round(e.self_cpu_time_total / 1e3 / n_runs, 2)) for e in top
    ]
