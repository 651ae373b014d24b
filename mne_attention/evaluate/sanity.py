"""Model-randomisation sanity check of attention maps (Adebayo et al., 2018)."""

import copy

import numpy as np
import pandas as pd
import torch
from mne.utils import _check_option, logger, verbose
from scipy.stats import rankdata
from sklearn.utils import check_random_state
from torch import nn

from ..attention.compute import compute_attention
from ..attention.relevance import METHODS
from ..model.embedding import SpectralEmbedding, cosine_filter_bank
from ..utils._checks import check_seed
from ..utils._docs import fill_doc

# The class and token embeddings' initial spread, as in ChannelTokenTransformer.
_TOKEN_EMBEDDING_STD = 1.0
_CLASS_TOKEN_STD = 0.02


@verbose
@fill_doc
def randomisation_check(
    model, epochs, method="rollout", *, random_state=None, verbose=None
):
    """Compare maps of a trained model with maps after cascading randomisation.

    The cascading model-parameter randomisation test of Adebayo et al. (2018):
    on a copy of the model, parameters are re-initialised from the top down,
    cumulatively: the classification head (with the final layer
    normalisation), then encoder layer ``n_layers - 1``, ..., layer 0, then
    the token embedding (the content embedding, the learned per-token
    embedding and the class token). After each step the maps of ``method``
    are computed on ``epochs`` and compared, epoch by epoch, with the trained
    model's maps. A map that explains the model must change when what the
    model learned is destroyed: its similarity should fall well below one. A
    map that stays the same reflects the architecture or the input, not the
    training.

    Modules are re-initialised with their ``reset_parameters``; the token
    and class embeddings and the spectral filter bank get the initialisation
    of the network's constructor. ``model`` itself is never modified.

    Parameters
    ----------
    %(model_fitted)s
    %(epochs_attention)s
    %(method)s

        The other options of :func:`~mne_attention.compute_attention` keep
        their defaults.
    %(random_state)s
        Seeds the re-initialisation.
    %(verbose)s

    Returns
    -------
    similarity : pandas.DataFrame
        One row per cascade step, in order, with columns ``step``
        (``"head"``, ``"layer <n_layers - 1>"``, ..., ``"layer 0"``,
        ``"embedding"``), ``spearman`` (mean over epochs of the Spearman rank
        correlation between the trained and the randomised model's map, each
        flattened over channels and windows) and ``abs_spearman`` (mean of
        its absolute value). Epochs whose map is constant in either model
        (no ranking) are left out of the means.

    See Also
    --------
    mne_attention.evaluate.compare_methods, mne_attention.compute_attention

    References
    ----------
    Adebayo, J., Gilmer, J., Muelly, M., Goodfellow, I., Hardt, M., & Kim, B.
    (2018). Sanity checks for saliency maps. Advances in Neural Information
    Processing Systems 31.
    """
    _check_option("method", method, METHODS)
    rng = check_random_state(check_seed(random_state))
    trained = _maps(model, epochs, method)  # also checks model and epochs
    randomised = copy.deepcopy(model)
    network = randomised.network_
    steps = [("head", [network.norm, network.head])]
    steps += [
        (f"layer {k}", [network.layers[k]])
        for k in reversed(range(len(network.layers)))
    ]
    steps.append(("embedding", [network.embedding]))
    _check_cascade_covers(network, steps)
    seeds = rng.randint(np.iinfo(np.int32).max, size=len(steps))
    rows = []
    for (step, modules), seed in zip(steps, seeds):
        with _seeded(int(seed), randomised.device_):
            for module in modules:
                reinitialise(module)
            if step == "embedding":
                _reinitialise_token_embeddings(network)
        maps = _maps(randomised, epochs, method)
        spearman = rank_correlations(trained, maps)
        rows.append(
            dict(
                step=step,
                spearman=_nanmean(spearman),
                abs_spearman=_nanmean(np.abs(spearman)),
            )
        )
        logger.info(
            f"Randomised {step}: Spearman {rows[-1]['spearman']:.3f} "
            f"(absolute {rows[-1]['abs_spearman']:.3f})"
        )
    return pd.DataFrame(rows, columns=["step", "spearman", "abs_spearman"])


def _maps(model, epochs, method):
    """Return every epoch's map of ``method``, flattened: (n_epochs, n_tokens - 1)."""
    data = compute_attention(model, epochs, method=method, verbose=False).get_data()
    return data.reshape(len(data), -1)


def rank_correlations(first, second):
    """Spearman rank correlation of each row of ``first`` with that of ``second``.

    Parameters
    ----------
    first, second : array, shape (n_rows, n_values)
        Maps, one per row.

    Returns
    -------
    correlation : array, shape (n_rows,)
        Per-row Spearman correlation (ties get their average rank); NaN where
        either row is constant.
    """
    ranks = [rankdata(values, axis=1) for values in (first, second)]
    centred = [r - r.mean(axis=1, keepdims=True) for r in ranks]
    norms = [np.sqrt(np.sum(c**2, axis=1)) for c in centred]
    numerator = np.sum(centred[0] * centred[1], axis=1)
    denominator = norms[0] * norms[1]
    correlation = np.full(len(numerator), np.nan)
    ranked = denominator > 0
    correlation[ranked] = numerator[ranked] / denominator[ranked]
    return np.clip(correlation, -1.0, 1.0)


def _nanmean(values):
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else np.nan


class _seeded:
    """Seed torch's generators inside the block and restore them after it."""

    def __init__(self, seed, device):
        devices = [device.index or 0] if device.type == "cuda" else []
        self._fork = torch.random.fork_rng(devices=devices)
        self._seed = seed

    def __enter__(self):
        self._fork.__enter__()
        torch.manual_seed(self._seed)

    def __exit__(self, *exc):
        return self._fork.__exit__(*exc)


@torch.no_grad()
def reinitialise(module):
    """Re-initialise every parameter of ``module`` as when it was built.

    Modules with ``reset_parameters`` use it; the spectral filter bank is
    set back to its cosine bank. Any other parameter is an error, so a new
    kind of layer cannot silently keep its trained weights.

    Parameters
    ----------
    module : instance of torch.nn.Module
        Changed in place.
    """
    done = set()
    for sub in module.modules():
        reset = getattr(sub, "reset_parameters", None)
        if callable(reset):
            reset()
            done.update(id(p) for p in sub.parameters(recurse=False))
        if isinstance(sub, SpectralEmbedding):
            sub.filters.copy_(cosine_filter_bank(*sub.filters.shape))
            done.add(id(sub.filters))
    missing = [name for name, p in module.named_parameters() if id(p) not in done]
    if missing:
        raise RuntimeError(
            f"No re-initialisation is known for the parameters {missing} of "
            f"{type(module).__name__}"
        )


def _check_cascade_covers(network, steps):
    """Refuse a network with parameters that no cascade step re-initialises."""
    covered = {id(network.token_embedding), id(network.class_token)}
    for _, modules in steps:
        covered.update(id(p) for module in modules for p in module.parameters())
    missing = [name for name, p in network.named_parameters() if id(p) not in covered]
    if missing:
        raise RuntimeError(
            f"The randomisation cascade does not cover the parameters {missing}"
        )


@torch.no_grad()
def _reinitialise_token_embeddings(network):
    """Re-draw the learned token and class embeddings as the network's constructor does."""
    nn.init.trunc_normal_(network.token_embedding, std=_TOKEN_EMBEDDING_STD)
    nn.init.trunc_normal_(network.class_token, std=_CLASS_TOKEN_STD)
