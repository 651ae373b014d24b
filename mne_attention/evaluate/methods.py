"""One table that scores every attention method on the same model and epochs."""

import time

import mne
import numpy as np
import pandas as pd
from mne.utils import _validate_type, logger, verbose
from sklearn.utils import check_random_state

from ..attention.compute import compute_attention
from ..attention.relevance import METHODS
from ..utils._checks import check_int, check_seed
from ..utils._docs import fill_doc
from .curves import deletion_curve
from .faithfulness import ground_truth_score, occlusion_agreement
from .sanity import randomisation_check

DEFAULT_METHODS = ("raw", "study_rollout", "rollout", "grad_rollout", "occlusion")
COLUMNS = (
    "ground_truth_auc",
    "deletion_area",
    "occlusion_agreement",
    "randomisation_similarity",
    "seconds",
)


@verbose
@fill_doc
def compare_methods(
    model,
    epochs,
    truth=None,
    *,
    methods=DEFAULT_METHODS,
    n_random=10,
    n_steps=None,
    random_state=None,
    verbose=None,
):
    """Score attention methods side by side: truth, faithfulness, sanity, cost.

    For each method the per-epoch maps are computed with
    :func:`~mne_attention.compute_attention` (default options) and scored:

    - ``ground_truth_auc``: ROC-AUC of the map averaged over epochs and
      windows for the channels that carry the effect
      (:func:`~mne_attention.evaluate.ground_truth_score`), only when
      ``truth`` is given.
    - ``deletion_area``: area between the random-order and the map-order
      deletion curves (:func:`~mne_attention.evaluate.deletion_curve`);
      positive means removing the channels the map ranks first hurts the
      model more than chance.
    - ``occlusion_agreement``: mean per-epoch rank agreement with occlusion
      (:func:`~mne_attention.evaluate.occlusion_agreement`); 1.0 for
      ``"occlusion"`` itself by definition (not computed).
    - ``randomisation_similarity``: mean absolute Spearman correlation of the
      maps with those of a fully randomised model, the last step of
      :func:`~mne_attention.evaluate.randomisation_check`; lower means the
      map depends more on what the model learned.
    - ``seconds``: wall-clock time to compute the method's maps.

    Every method sees the same random orders for the deletion curves and the
    same re-initialised weights in the randomisation check.

    Parameters
    ----------
    %(model_fitted)s
    %(epochs_attention)s
    truth : None | instance of mne.Evoked
        Ground-truth relevance of each channel, as returned by
        :func:`~mne_attention.datasets.simulate_epochs`; None leaves out
        ``ground_truth_auc``.
    methods : list of str
        Methods to compare, any of those of ``method`` in
        :func:`~mne_attention.compute_attention`.
    n_random : int
        Random channel orders of each deletion curve.
    n_steps : None | int
        Points of each deletion curve (see
        :func:`~mne_attention.evaluate.deletion_curve`); None: one per channel.
    %(random_state)s
        Seeds the deletion curves' random orders and the randomisation check.
    %(verbose)s

    Returns
    -------
    scores : pandas.DataFrame
        One row per method (index ``method``, in the order given) with the
        columns above (``ground_truth_auc`` only with ``truth``).

    See Also
    --------
    mne_attention.evaluate.deletion_curve
    mne_attention.evaluate.occlusion_agreement
    mne_attention.evaluate.randomisation_check
    mne_attention.evaluate.ground_truth_score
    """
    methods = _check_methods(methods)
    _validate_type(
        truth, (None, mne.Evoked, np.ndarray), "truth", "None, mne.Evoked or array"
    )
    check_int(n_random, "n_random", minimum=1)
    if n_steps is not None:
        check_int(n_steps, "n_steps", minimum=2, must_be="None or an int")
    rng = check_random_state(check_seed(random_state))
    deletion_seed, cascade_seed = (int(s) for s in rng.randint(2**31 - 1, size=2))
    rows = []
    for method in methods:
        start = time.perf_counter()
        attention = compute_attention(model, epochs, method=method, verbose=False)
        row = dict(seconds=time.perf_counter() - start)
        if truth is not None:
            row["ground_truth_auc"] = float(ground_truth_score(attention, truth)["auc"])
        row["deletion_area"] = float(
            deletion_curve(
                model,
                epochs,
                attention,
                n_random=n_random,
                n_steps=n_steps,
                random_state=deletion_seed,
                verbose=False,
            ).area
        )
        row["occlusion_agreement"] = (
            1.0
            if method == "occlusion"
            else float(
                occlusion_agreement(model, epochs, attention, verbose=False)["mean"]
            )
        )
        cascade = randomisation_check(
            model, epochs, method, random_state=cascade_seed, verbose=False
        )
        row["randomisation_similarity"] = float(cascade["abs_spearman"].iloc[-1])
        logger.info(
            f"{method}: "
            + ", ".join(f"{key} {value:.3g}" for key, value in sorted(row.items()))
        )
        rows.append(row)
    columns = [c for c in COLUMNS if truth is not None or c != "ground_truth_auc"]
    return pd.DataFrame(rows, index=pd.Index(methods, name="method"), columns=columns)


def _check_methods(methods):
    """Return ``methods`` as a list of distinct known method names."""
    if isinstance(methods, str):
        raise TypeError(
            f"methods must be a list or tuple of method names, got the string "
            f"{methods!r}: use methods=[{methods!r}]"
        )
    _validate_type(methods, (list, tuple), "methods", "list or tuple of str")
    methods = list(methods)
    if not methods:
        raise ValueError("methods must name at least one method, got none")
    for method in methods:
        _validate_type(method, str, "each entry of methods", "str")
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise ValueError(
            f"methods must be among {list(METHODS)}, got unknown {unknown}"
        )
    repeated = sorted({m for m in methods if methods.count(m) > 1})
    if repeated:
        raise ValueError(
            f"methods must not repeat a method, got {repeated} more than once"
        )
    return methods
