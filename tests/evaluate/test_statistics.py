"""contrast_test: known answers, error rate under the null, plots, bad inputs."""

import mne
import numpy as np
import pandas as pd
import pytest
from scipy import sparse, stats

from mne_attention import AttentionEpochs, AttentionEvoked
from mne_attention.containers.epochs import attention_description
from mne_attention.evaluate import ContrastResult, contrast_test
from mne_attention.utils._montage import standard_1005_montage
from mne_attention.viz import plot_attention_topomaps

from ..conftest import assert_unchanged, snapshot

CH_NAMES = [
    "Fp1", "Fp2", "F7", "F3", "Fz", "F4", "F8", "T7", "C3", "Cz",
    "C4", "T8", "P7", "P3", "Pz", "P4", "P8", "O1", "Oz", "O2",
]  # fmt: skip
EFFECT = ["O1", "Oz", "O2"]
FAR = ["Fp1", "Fp2", "F7", "Fz", "F8", "T7", "T8"]
SFREQ = 2.0  # two time windows per second
FIRST_TIME = 0.25  # window centres lie between MNE's sample grid points


def _info(montage=True):
    info = mne.create_info(CH_NAMES, SFREQ, "eeg")
    if montage:
        info.set_montage(standard_1005_montage())
    info["description"] = attention_description("rollout", FIRST_TIME)
    return info


def _attention(
    n_subjects=10,
    n_per_condition=3,
    n_windows=3,
    effect=0.0,
    effect_windows=(1, 2),
    seed=0,
    info=None,
    metadata=True,
):
    """AttentionEpochs of "closed"/"open" epochs per subject, noise plus an effect.

    Every subject has ``effect`` more attention in "closed" than in "open" on
    the channels in ``EFFECT`` during ``effect_windows``, and a subject offset
    shared by both conditions (which the paired difference removes).
    """
    rng = np.random.default_rng(seed)
    info = _info() if info is None else info
    n_channels = len(info["ch_names"])
    labels = np.tile(np.repeat([1, 2], n_per_condition), n_subjects)
    subjects = np.repeat(np.arange(1, n_subjects + 1), 2 * n_per_condition)
    n_epochs = len(labels)
    data = 0.05 + 0.02 * rng.standard_normal((n_epochs, n_channels, n_windows))
    data += 0.02 * rng.standard_normal((n_subjects, n_channels, 1))[subjects - 1]
    picks = [info["ch_names"].index(name) for name in EFFECT]
    closed = np.flatnonzero(labels == 1)
    if effect:
        data[np.ix_(closed, picks, list(effect_windows))] += effect
    events = np.c_[np.arange(n_epochs), np.zeros(n_epochs, int), labels]
    attention = AttentionEpochs(
        data,
        info,
        events,
        tmin=0.0,
        event_id={"closed": 1, "open": 2},
        metadata=pd.DataFrame({"subject": subjects}) if metadata else None,
        verbose=False,
    )
    return attention.shift_time(FIRST_TIME, relative=False)


@pytest.fixture(scope="module")
def with_effect():
    attention = _attention(effect=0.05)
    return attention, contrast_test(
        attention, ("closed", "open"), n_permutations=200, random_state=0
    )


def _idx(names):
    return [CH_NAMES.index(name) for name in names]


def test_planted_effect_is_found(with_effect):
    """A > b on three neighbouring channels in windows 1-2: one cluster, just there."""
    attention, result = with_effect
    assert isinstance(result, ContrastResult)
    assert result.mask.shape == (len(CH_NAMES), 3) and result.mask.dtype == bool
    assert result.mask[_idx(EFFECT)][:, 1:].all()
    assert not result.mask[_idx(FAR)].any()
    assert not result.mask[:, 0].any()  # no effect in the first window
    significant = result.cluster_p_values < 0.05
    assert significant.sum() == 1 and result.significant
    np.testing.assert_array_equal(result.clusters[np.argmax(significant)], result.mask)
    assert result.cluster_p_values.min() < 0.05
    assert result.n_subjects == 10 and result.subjects == list(range(1, 11))
    assert result.conditions == ("closed", "open")
    assert "'closed' - 'open', 10 subjects" in repr(result)
    assert "1 with p < 0.05" in repr(result)


def test_t_values_and_evoked(with_effect):
    """The evoked holds the paired t statistic with the attention's info and times."""
    attention, result = with_effect
    data, codes = attention.get_data(), attention.events[:, 2]
    subjects = attention.metadata["subject"].to_numpy()
    differences = np.array(
        [
            data[(subjects == s) & (codes == 1)].mean(0)
            - data[(subjects == s) & (codes == 2)].mean(0)
            for s in range(1, 11)
        ]
    )
    expected = stats.ttest_1samp(differences, 0).statistic
    evoked = result.evoked
    assert isinstance(evoked, AttentionEvoked)
    np.testing.assert_allclose(evoked.data, expected, rtol=1e-10)
    np.testing.assert_allclose(evoked.times, attention.times)
    assert evoked.ch_names == attention.ch_names
    assert evoked.nave == 10 and evoked.units == "t value"
    assert evoked.method == "rollout"
    assert result.threshold == pytest.approx(stats.t.ppf(0.975, 9))
    assert (evoked.data[_idx(EFFECT)][:, 1:] > result.threshold).all()


def test_tails():
    """tail=1 finds a > b; tail=-1 finds nothing there; the threshold sign follows."""
    attention = _attention(effect=0.05, n_windows=1, effect_windows=(0,))
    greater = contrast_test(
        attention, ("closed", "open"), tail=1, n_permutations=100, random_state=0
    )
    assert greater.mask[_idx(EFFECT), 0].all() and not greater.mask[_idx(FAR)].any()
    assert greater.threshold == pytest.approx(stats.t.ppf(0.95, 9))
    less = contrast_test(
        attention, ("closed", "open"), tail=-1, n_permutations=100, random_state=0
    )
    assert not less.mask.any() and less.threshold < 0
    swapped = contrast_test(
        attention, ("open", "closed"), tail=-1, n_permutations=100, random_state=0
    )
    np.testing.assert_array_equal(swapped.mask, greater.mask)


def test_adjacency_choices():
    """None: no spatial clusters; a matrix is used as given; one window works."""
    attention = _attention(effect=0.05, n_windows=1, effect_windows=(0,))
    auto = contrast_test(attention, ("closed", "open"), n_permutations=100)
    assert sum(c[_idx(EFFECT)].any() for c in auto.clusters) == 1
    alone = contrast_test(
        attention, ("closed", "open"), adjacency=None, n_permutations=100
    )
    assert sum(c[_idx(EFFECT)].any() for c in alone.clusters) == len(EFFECT)
    assert all(c.sum() == 1 for c in alone.clusters)
    chain = np.zeros((len(CH_NAMES), len(CH_NAMES)), bool)
    o1, oz, o2 = _idx(EFFECT)
    chain[[o1, oz, oz, o2], [oz, o1, o2, oz]] = True
    given = contrast_test(
        attention,
        ("closed", "open"),
        adjacency=sparse.csr_matrix(chain),
        n_permutations=100,
        random_state=0,
    )
    assert given.mask[_idx(EFFECT), 0].all() and given.mask.sum() == 3
    dense = contrast_test(
        attention, ("closed", "open"), adjacency=chain, n_permutations=100
    )
    np.testing.assert_array_equal(dense.mask, given.mask)
    windows = _attention(effect=0.05)  # effect in windows 1 and 2 of 3
    over_time = contrast_test(
        windows, ("closed", "open"), adjacency=None, n_permutations=100
    )
    for name in EFFECT:  # one cluster per channel, over both windows
        (cluster,) = [c for c in over_time.clusters if c[CH_NAMES.index(name)].any()]
        assert cluster.sum() == 2 and cluster[CH_NAMES.index(name), 1:].all()


def test_false_positive_rate_under_the_null():
    """Without an effect, any cluster reaches p < 0.05 in about 5% of data sets."""
    n_runs, hits = 40, 0
    for seed in range(n_runs):
        attention = _attention(n_subjects=8, n_per_condition=1, n_windows=2, seed=seed)
        result = contrast_test(
            attention, ("closed", "open"), n_permutations=50, random_state=seed
        )
        hits += result.significant
    assert hits / n_runs <= 0.15


def test_reproducible():
    """The same random_state gives the same p values; the null differs by seed."""
    attention = _attention(effect=0.01)
    run = dict(conditions=("closed", "open"), n_permutations=100)
    first = contrast_test(attention, random_state=1, **run)
    second = contrast_test(attention, random_state=1, **run)
    np.testing.assert_array_equal(first.cluster_p_values, second.cluster_p_values)
    np.testing.assert_array_equal(first.H0, second.H0)
    np.testing.assert_array_equal(first.mask, second.mask)
    other = contrast_test(attention, random_state=2, **run)
    assert not np.array_equal(first.H0, other.H0)
    state = contrast_test(attention, random_state=np.random.RandomState(1), **run)
    np.testing.assert_array_equal(state.H0, first.H0)


def test_inputs_unchanged():
    """Neither the attention nor a given adjacency is modified."""
    attention = _attention(effect=0.05)
    adjacency = sparse.csr_matrix(np.eye(len(CH_NAMES), dtype=bool))
    before = snapshot(attention)
    before_adjacency = adjacency.toarray()
    contrast_test(attention, ("closed", "open"), n_permutations=20, random_state=0)
    contrast_test(attention, ("closed", "open"), adjacency=adjacency, n_permutations=20)
    assert_unchanged(before, attention)
    np.testing.assert_array_equal(adjacency.toarray(), before_adjacency)


def test_mask_plots(with_effect):
    """The mask marks channels on attention topomaps and on the t-value topomaps."""
    attention, result = with_effect
    evokeds = attention.average(by_event_type=True)
    for mask in (result.mask[:, 0], result.mask.any(axis=1)):
        fig = plot_attention_topomaps(
            evokeds, ("closed", "open"), mask=mask, show=False
        )
        assert fig.axes[4].get_title() == "closed \N{MINUS SIGN} open"
    fig = result.evoked.plot_topomap(
        times=result.evoked.times, mask=result.mask, show=False
    )
    assert fig.axes[-1].get_title() == "t value"  # the colour bar, not µV


def _subset_subjects(attention, keep):
    return attention[attention.metadata["subject"].isin(keep).to_numpy()]


def _only_one_condition():
    """Subjects 3-10 have "closed" epochs only: two complete subjects remain."""
    attention = _attention()
    subjects = attention.metadata["subject"].to_numpy()
    keep = (subjects <= 2) | (attention.events[:, 2] == 1)
    return attention[keep]


def _missing_subject():
    attention = _attention()
    attention.metadata = attention.metadata.assign(
        subject=attention.metadata["subject"].astype(float).mask(lambda s: s == 4)
    )
    return attention


def _no_subject_column():
    attention = _attention()
    attention.metadata = pd.DataFrame({"run": np.zeros(len(attention), int)})
    return attention


def _ordinary_epochs():
    attention = _attention()
    return mne.EpochsArray(
        attention.get_data(),
        attention.info,
        attention.events,
        event_id=attention.event_id,
        metadata=attention.metadata,
        verbose=False,
    )


n = len(CH_NAMES)


@pytest.mark.parametrize(
    "make, conditions, kwargs, error, match",
    [
        (_attention, "closed", {}, TypeError, "conditions must be an instance of"),
        (_attention, ("closed",), {}, ValueError, "conditions must be a pair"),
        (_attention, ("a", "b", "c"), {}, ValueError, "conditions must be a pair"),
        (_attention, ("closed", 1), {}, TypeError, "conditions must be"),
        (_attention, ("closed", "x"), {}, ValueError, "conditions must name events"),
        (_attention, ("open", "open"), {}, ValueError, "'open' twice"),
        (
            lambda: _attention(metadata=False),
            ("closed", "open"),
            {},
            ValueError,
            r"attention must have metadata\['subject'\].*got no metadata",
        ),
        (
            _no_subject_column,
            ("closed", "open"),
            {},
            ValueError,
            r"metadata\['subject'\].*got columns \['run'\]",
        ),
        (
            lambda: _subset_subjects(_attention(), [1, 2]),
            ("closed", "open"),
            {},
            ValueError,
            "attention must hold at least 3 subjects.*got 2",
        ),
        (
            _only_one_condition,
            ("closed", "open"),
            {},
            ValueError,
            "at least 3 subjects with epochs of both conditions",
        ),
        (
            _missing_subject,
            ("closed", "open"),
            {},
            ValueError,
            r"metadata\['subject'\] must name a subject.*6 missing",
        ),
        (
            _attention,
            ("closed", "open"),
            dict(adjacency=sparse.eye(n - 1, format="csr")),
            ValueError,
            rf"adjacency must have shape \({n}, {n}\).*got \({n - 1}, {n - 1}\)",
        ),
        (
            _attention,
            ("closed", "open"),
            dict(adjacency=[[1]]),
            TypeError,
            "adjacency must be \"auto\", None or a sparse matrix",
        ),
        (
            _attention,
            ("closed", "open"),
            dict(adjacency="nearest"),
            ValueError,
            "adjacency",
        ),
        (
            lambda: _attention(info=_info(montage=False)),
            ("closed", "open"),
            {},
            ValueError,
            "attention has no sensor positions",
        ),
        (_attention, ("closed", "open"), dict(n_permutations=0), ValueError,
         "n_permutations must be at least 1, got 0"),
        (_attention, ("closed", "open"), dict(n_permutations=2.5), TypeError,
         "n_permutations must be an int, got <class 'float'>"),
        (_attention, ("closed", "open"), dict(alpha=0), ValueError,
         r"alpha must be in \(0, 1\), got 0"),
        (_attention, ("closed", "open"), dict(alpha=1.5), ValueError,
         r"alpha must be in \(0, 1\), got 1.5"),
        (_attention, ("closed", "open"), dict(alpha="0.05"), TypeError,
         "alpha must be an instance of"),
        (_attention, ("closed", "open"), dict(tail=2), ValueError, "'tail'"),
        (_attention, ("closed", "open"), dict(tail="both"), TypeError,
         "tail must be an instance of int"),
        (_attention, ("closed", "open"), dict(tail=1, threshold=-2.0), ValueError,
         r"threshold must be positive \(tail=1\)"),
        (_attention, ("closed", "open"), dict(tail=-1, threshold=2.0), ValueError,
         r"threshold must be negative \(tail=-1\)"),
        (_attention, ("closed", "open"), dict(threshold=np.inf), ValueError,
         "threshold must be a finite number, got inf"),
        (_attention, ("closed", "open"), dict(threshold="2"), TypeError,
         "threshold must be an instance of"),
        (_attention, ("closed", "open"), dict(random_state="0"), TypeError,
         "random_state must be an instance of"),
        (_ordinary_epochs, ("closed", "open"), {}, TypeError,
         "attention must be an instance of AttentionEpochs"),
    ],
)  # fmt: skip
def test_bad_inputs(make, conditions, kwargs, error, match):
    """Each wrong input raises naming the argument, the expectation and the value."""
    attention = make()
    with pytest.raises(error, match=match):
        contrast_test(attention, conditions, **{"n_permutations": 10, **kwargs})
