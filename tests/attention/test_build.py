"""Per-condition moments added batch by batch match the moments of all at once."""

import numpy as np

from mne_attention.attention.build import ConditionMoments


def test_moments_in_batches_match_numpy():
    rng = np.random.default_rng(0)
    values = rng.random((7, 2, 2))
    moments = ConditionMoments(["a", "b"], (2, 2))
    for batch in (values[:3], values[3:4], values[4:]):
        moments.add("a", batch)
    moments.add("b", values[:1])
    moments.add("b", values[:0])  # an empty batch changes nothing
    assert moments.counts.tolist() == [7, 1]
    np.testing.assert_allclose(moments.means[0], values.mean(axis=0))
    np.testing.assert_allclose(moments.squares[0], values.var(axis=0) * 7)
    np.testing.assert_allclose(moments.means[1], values[0])
    np.testing.assert_allclose(moments.squares[1], 0.0)
