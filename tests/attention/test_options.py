"""Which epochs the keep/drop filter keeps, and why it drops the others."""

import numpy as np
import pytest

from mne_attention.attention.options import check_any_kept, drop_reasons


def test_drop_reasons_known_answer():
    """Misclassified wins over low confidence; nothing is dropped by default."""
    labels = np.array(["a", "a", "b", "b"])
    predicted = np.array(["a", "b", "b", "a"])
    confidence = np.array([0.9, 0.4, 0.5, 0.95])
    assert list(drop_reasons(labels, predicted, confidence, "all", None)) == [""] * 4
    reasons = drop_reasons(labels, predicted, confidence, "correct", 0.6)
    assert list(reasons) == ["", "MISCLASSIFIED", "LOW_CONFIDENCE", "MISCLASSIFIED"]
    with pytest.raises(ValueError, match="keep='correct' and min_confidence=0.99"):
        check_any_kept(reasons == "x", "correct", 0.99)
