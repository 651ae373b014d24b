"""Checks of a model file's contents, with messages that quote what the file holds.

The values come from a file, not from a caller: every check raises
:class:`InvalidModelFile`, which ``read_model`` reports as "is not a valid
mne-attention model file: ...".
"""

import torch

from .network import build_network

# The JSON name of each Python type that ``json.loads`` produces.
_JSON_NAMES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    type(None): "null",
}
# Names listed in one message.
_N_SHOWN = 5


class InvalidModelFile(Exception):
    """One problem with a model file's contents."""


def check_keys(mapping, expected, what):
    """Check that ``mapping`` holds exactly the ``expected`` keys.

    Parameters
    ----------
    mapping : dict
        What the file holds.
    expected : iterable of str
        The keys it must hold, in the order a message lists them.
    what : str
        What ``mapping`` is, for the message.
    """
    missing = [key for key in expected if key not in mapping]
    if missing:
        raise InvalidModelFile(f"{what} lacks the key(s) {first_items(missing)}")
    unexpected = [key for key in mapping if key not in expected]
    if unexpected:
        raise InvalidModelFile(
            f"{what} holds unexpected key(s) {first_items(unexpected)}"
        )


def check_json_type(value, types, what):
    """Check that a parsed JSON value has one of the JSON ``types`` (bool is its own).

    Parameters
    ----------
    value : object
        What ``json.loads`` gave.
    types : tuple of type
        The accepted Python types (keys of the JSON names).
    what : str
        Where the value is, for the message.
    """
    if not isinstance(value, types) or isinstance(value, bool):
        names = " or ".join(_JSON_NAMES[kind] for kind in types)
        raise InvalidModelFile(f"{what} must be {names}, got a JSON {json_type(value)}")


def json_type(value):
    """Return the JSON name of a parsed value's type.

    Parameters
    ----------
    value : object
        What ``json.loads`` gave.

    Returns
    -------
    name : str
        ``"object"``, ``"array"``, ``"boolean"``, ...
    """
    if isinstance(value, bool):
        return "boolean"
    for kind, name in _JSON_NAMES.items():
        if isinstance(value, kind):
            return name.split(" ")[-1]
    return type(value).__name__


def is_int(value):
    """Whether a stored value is an int (a bool is not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value):
    """Whether a stored value is an int or a float (a bool is not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def first_items(items):
    """Return the first few items of a list, for a message.

    Parameters
    ----------
    items : list
        The items.

    Returns
    -------
    text : str
        Their reprs in brackets, ``...`` where some are left out.
    """
    shown = ", ".join(repr(item) for item in items[:_N_SHOWN])
    return f"[{shown}{', ...' if len(items) > _N_SHOWN else ''}]"


def short_repr(value, limit=80):
    """Return ``repr(value)``, shortened for a message.

    Parameters
    ----------
    value : object
        The value.
    limit : int
        Most characters.

    Returns
    -------
    text : str
        The representation.
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_float_tensor(value, name):
    """Return a stored per-channel statistic as a float64 array.

    Parameters
    ----------
    value : object
        What the file holds: a 1-D float tensor of finite values is accepted.
    name : str
        The field's name, for the message.

    Returns
    -------
    array : array of float64, shape (n_channels,)
        The values.
    """
    if not isinstance(value, torch.Tensor) or not value.is_floating_point():
        kind = value.dtype if isinstance(value, torch.Tensor) else type(value).__name__
        raise InvalidModelFile(f"{name} must be a float tensor, got {kind}")
    if value.ndim != 1 or len(value) < 1:
        raise InvalidModelFile(
            f"{name} must be 1-D with a value per channel, got shape "
            f"{tuple(value.shape)}"
        )
    if not torch.isfinite(value).all():
        raise InvalidModelFile(f"{name} must be finite, it holds NaN or inf")
    return value.to(torch.float64).numpy()


def read_network(weights, params, layout, n_classes, filter_length):
    """Build the network and load ``weights`` once their names and shapes match it.

    The expected names and shapes come from a network on the meta device,
    which allocates no memory, so that hyper-parameters describing a huge
    network are refused before anything of that size is made.

    Parameters
    ----------
    weights : object
        What the file holds: a dict of finite float tensors is accepted.
    params : dict
        The (checked) hyper-parameters.
    layout : instance of TokenLayout
        How epochs are cut into tokens.
    n_classes : int
        Number of classes.
    filter_length : int
        Taps of the spectral filters.

    Returns
    -------
    network : instance of ChannelTokenTransformer
        The network with the weights loaded, on the CPU, in evaluation mode.
    """
    if not isinstance(weights, dict):
        raise InvalidModelFile(f"weights must be a dict, got {type(weights).__name__}")
    for name, value in weights.items():
        if not isinstance(name, str):
            raise InvalidModelFile(
                f"weights must be named by str, got {short_repr(name)}"
            )
        if not isinstance(value, torch.Tensor) or not value.is_floating_point():
            kind = (
                value.dtype if isinstance(value, torch.Tensor) else type(value).__name__
            )
            raise InvalidModelFile(
                f"weights[{name!r}] must be a float tensor, got {kind}"
            )
        if not torch.isfinite(value).all():
            raise InvalidModelFile(f"weights[{name!r}] holds NaN or inf")
    mismatch = "weights do not match the network of its hyper-parameters: "
    if params["n_layers"] > len(weights):  # each layer holds several tensors
        raise InvalidModelFile(
            f"{mismatch}n_layers={params['n_layers']} but the file holds only "
            f"{len(weights)} weights"
        )
    arguments = (params, layout, n_classes, filter_length)
    try:
        with torch.device("meta"):
            template = build_network(*arguments)
    except ValueError as err:
        raise InvalidModelFile(str(err)) from None
    expected = {key: tuple(value.shape) for key, value in template.state_dict().items()}
    found = {key: tuple(value.shape) for key, value in weights.items()}
    problems = []
    missing = [key for key in expected if key not in found]
    if missing:
        problems.append(f"missing {first_items(missing)}")
    unexpected = [key for key in found if key not in expected]
    if unexpected:
        problems.append(f"unexpected {first_items(unexpected)}")
    shapes = [
        f"{key} has shape {found[key]}, expected {shape}"
        for key, shape in expected.items()
        if key in found and found[key] != shape
    ]
    if shapes:
        problems.append(
            "; ".join(shapes[:_N_SHOWN]) + (" ..." if len(shapes) > _N_SHOWN else "")
        )
    if problems:
        raise InvalidModelFile(mismatch + "; ".join(problems))
    # Building initialises weights randomly: leave the caller's random stream alone.
    with torch.random.fork_rng(devices=[]):
        network = build_network(*arguments)
    network.load_state_dict(weights)
    return network.eval()
