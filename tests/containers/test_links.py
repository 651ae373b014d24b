"""Link statistics of ChannelAttention against uniform attention."""

import mne
import numpy as np
import pytest

from mne_attention import ChannelAttention


def test_link_statistics_planted_links():
    """Planted links beat the uniform reference; links at the reference do not."""
    info = mne.create_info([f"E{k}" for k in range(8)], 160.0, "eeg")
    n = 8
    rng = np.random.default_rng(3)
    data = np.empty((n, n))
    for i in range(n):  # self 0.3, the rest spread evenly with a little noise
        row = 0.1 + 0.002 * rng.standard_normal(n - 1)
        row *= 0.7 / row.sum()
        data[i, np.arange(n) != i] = row
        data[i, i] = 0.3
    planted = [(2, 5), (6, 0), (7, 1)]  # (receiver, sender)
    for i, j in planted:
        data[i, j] += 0.05
        data[i] /= data[i].sum()
    sem = np.full((n, n), 0.004)
    chan = ChannelAttention(info, data, ["c"], "rollout", [40], sem=sem)
    stats = chan.link_statistics()
    expected = np.zeros((n, n), dtype=bool)
    expected[tuple(np.array(planted).T)] = True
    np.testing.assert_array_equal(stats.significant, expected)
    assert stats.n_significant == 3 and stats.n_links == 56 and stats.df == 39
    reference = (1 - np.diag(data)) / (n - 1)
    np.testing.assert_allclose(stats.reference, reference)
    np.testing.assert_allclose(stats.z[2, 5], (data[2, 5] - reference[2]) / 0.004)
    assert np.all(np.isnan(np.diag(stats.z))) and np.all(
        np.isnan(np.diag(stats.p_values))
    )
    from scipy.stats import t

    np.testing.assert_allclose(stats.p_values[2, 5], t(39).sf(stats.z[2, 5]))
    assert "3 of 56 links above uniform attention (FDR 0.05)" in repr(stats)
    frame = stats.to_data_frame()
    assert len(frame) == 56 and frame["significant"].sum() == 3
    assert set(zip(frame["receiver"][:3], frame["sender"][:3])) == {
        ("E2", "E5"),
        ("E6", "E0"),
        ("E7", "E1"),
    }
    # Bonferroni is stricter than FDR; with n_epochs unknown the normal is used
    bonferroni = chan.link_statistics(correction="bonferroni")
    assert bonferroni.n_significant <= stats.n_significant
    np.testing.assert_allclose(
        bonferroni.p_corrected[2, 5], min(1, 56 * stats.p_values[2, 5])
    )
    normal = ChannelAttention(info, data, ["c"], "rollout", sem=sem).link_statistics()
    assert normal.df is None
    from scipy.stats import norm

    np.testing.assert_allclose(normal.p_values[2, 5], norm.sf(normal.z[2, 5]))


@pytest.mark.parametrize("sem_value", [0.0, 0.01])
def test_link_statistics_uniform(sem_value):
    """Uniform attention (any self-attention) has no significant link."""
    info = mne.create_info(["a", "b", "c", "d"], 160.0, "eeg")
    data = np.full((2, 4, 4), 0.25)
    data[1] = 0.1
    np.fill_diagonal(data[1], 0.7)  # rollout-like: big diagonal, uniform rest
    sem = np.full((2, 4, 4), sem_value)
    chan = ChannelAttention(info, data, ["x", "y"], "rollout", [10, 10], sem=sem)
    for condition in ("x", "y"):
        stats = chan.link_statistics(condition)
        assert stats.n_significant == 0
        off = ~np.eye(4, dtype=bool)
        np.testing.assert_allclose(stats.z[off], 0)
        np.testing.assert_allclose(stats.p_values[off], 0.5)


def test_link_statistics_errors(channel_attention):
    """No spread, or bad alpha/correction, are refused by name."""
    info = channel_attention.info
    no_sem = ChannelAttention(info, channel_attention.data, ["l", "r"], "rollout")
    with pytest.raises(ValueError, match="link_statistics needs the standard error"):
        no_sem.link_statistics("l")
    sem = np.stack([np.ones((3, 3)), np.full((3, 3), np.nan)])
    one_epoch = ChannelAttention(
        info, channel_attention.data, ["l", "r"], "rollout", [5, 1], sem=sem
    )
    assert one_epoch.link_statistics("l").n_links == 6
    with pytest.raises(ValueError, match="condition 'r' has none .*fewer than two"):
        one_epoch.link_statistics("r")
    for alpha in (0, 1, -0.1, np.nan):
        with pytest.raises(
            ValueError, match=r"alpha must be (in \(0, 1\)|a finite number), got"
        ):
            channel_attention.link_statistics("left", alpha=alpha)
    for alpha in ("0.05", True, None):
        with pytest.raises(TypeError, match="alpha must be an instance of float"):
            channel_attention.link_statistics("left", alpha=alpha)
    with pytest.raises(
        ValueError, match="Invalid value for the 'correction' parameter"
    ):
        channel_attention.link_statistics("left", correction="holm")
    with pytest.raises(ValueError, match="condition must be one of"):
        channel_attention.link_statistics("up")
