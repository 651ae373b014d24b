"""The estimator's hyper-parameters: their checks, and the values fit resolves from the data."""

from mne.utils import _check_option, _validate_type

from ..utils._checks import check_int, check_number, check_random_state_argument
from ._device import PRECISIONS, resolve_device
from .embedding import EMBEDDINGS, FILTER_BANK_EMBEDDINGS

# The spectral filters span 0.4 s (about 2.5 Hz frequency resolution); arrays
# without a sampling frequency are taken as eegmmidb's 160 Hz.
_AUTO_FILTER_SECONDS = 0.4
_ASSUMED_SFREQ = 160.0


def check_params(params):
    """Check the hyper-parameters of an estimator as fit checks them.

    Parameters
    ----------
    params : dict
        The hyper-parameters of :class:`~mne_attention.EEGTransformer`, as its
        ``get_params()`` gives them.

    Returns
    -------
    device : torch.device
        The device that ``params["device"]`` names.
    """
    for name in ("n_time_tokens", "n_filters", "d_model", "n_heads", "n_layers"):
        check_int(params[name], name, minimum=1)
    for name, minimum in (
        ("filter_length", 1),
        ("batch_size", 1),
        ("max_epochs", 1),
        ("patience", 1),
        ("warmup_epochs", 0),
    ):
        if not _is_auto(params[name]):
            check_int(params[name], name, minimum=minimum, must_be="an int or 'auto'")
    _check_option("embedding", params["embedding"], EMBEDDINGS)
    if params["d_model"] % params["n_heads"]:
        raise ValueError(
            f"n_heads must divide d_model ({params['d_model']}), got {params['n_heads']}"
        )
    for name in ("dropout", "token_dropout", "validation_size"):
        check_number(params[name], name, low=0, high=1, closed="left")
    for name in ("noise_std", "weight_decay"):
        check_number(params[name], name, low=0, closed="left")
    if not _is_auto(params["lr"]):
        check_number(
            params["lr"], "lr", low=0, closed="neither", must_be="float or 'auto'"
        )
    _check_option("class_weight", params["class_weight"], ("balanced", None))
    _check_option("precision", params["precision"], PRECISIONS)
    _validate_type(params["refit"], bool, "refit")
    check_random_state_argument(params["random_state"])
    return resolve_device(params["device"])


def resolve_filter_length(params, layout, sfreq):
    """Return the taps of the spectral filters: ``filter_length``, or 0.4 s when "auto".

    Parameters
    ----------
    params : dict
        The estimator's (checked) hyper-parameters.
    layout : instance of TokenLayout
        How the training epochs are cut into tokens.
    sfreq : float | None
        Sampling frequency of the training data (None for arrays: 160 Hz).

    Returns
    -------
    filter_length : int
        At most the samples per token.
    """
    filter_length = params["filter_length"]
    if not _is_auto(filter_length):
        has_bank = params["embedding"] in FILTER_BANK_EMBEDDINGS
        if has_bank and filter_length > layout.window_length:
            raise ValueError(
                f"filter_length must be at most the samples per token "
                f"({layout.window_length} with n_time_tokens="
                f"{params['n_time_tokens']}), got {filter_length}"
            )
        return filter_length
    seconds = _AUTO_FILTER_SECONDS * (sfreq or _ASSUMED_SFREQ)
    return min(2 * int(seconds // 2) + 1, layout.window_length)


def _is_auto(value):
    return isinstance(value, str) and value == "auto"
