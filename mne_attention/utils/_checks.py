"""Validators shared by the package, built on MNE's ``_validate_type`` and ``_ensure_int``.

Every argument check in the package goes through these (or MNE's own
validators directly), so that a wrong value gets the same kind of message
wherever it is passed: the argument's name, what was expected and what was
given.
"""

import numpy as np
from mne.utils import _ensure_int, _validate_type

from ._docs import fill_doc


@fill_doc
def check_int(value, name, *, minimum=None, maximum=None, must_be="an int"):
    """Return ``value`` as an int within ``[minimum, maximum]``, or raise naming it.

    Parameters
    ----------
    %(value_name)s
    minimum, maximum : int | None
        The inclusive bounds; None for no bound.
    must_be : str
        What the message says an accepted value is (e.g. ``"an int or 'auto'"``).

    Returns
    -------
    value : int
        The checked value.
    """
    value = _ensure_int(value, name, must_be)
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        raise ValueError(f"{name} must be between {minimum} and {maximum}, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}")
    return value


@fill_doc
def check_number(value, name, *, low=None, high=None, closed="both", must_be="float"):
    """Return ``value`` as a finite float within the given interval, or raise naming it.

    Parameters
    ----------
    %(value_name)s
    low, high : float | None
        The interval's ends; None for no end.
    closed : "both" | "left" | "right" | "neither"
        Which ends belong to the interval.
    must_be : str
        What the type error says an accepted value is.

    Returns
    -------
    value : float
        The checked value.
    """
    _validate_type(value, "numeric", name, must_be)
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    left = "[" if closed in ("both", "left") else "("
    right = "]" if closed in ("both", "right") else ")"
    too_low = low is not None and (value < low if left == "[" else value <= low)
    too_high = high is not None and (value > high if right == "]" else value >= high)
    if too_low or too_high:
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        raise ValueError(f"{name} must be in {left}{lo}, {hi}{right}, got {value:g}")
    return value


def check_real_array(values, name, expected):
    """Return ``values`` as a new float array, refusing what holds no real numbers.

    Parameters
    ----------
    values : array-like
        What the user passed.
    name : str
        The argument's name, for the error message.
    expected : str
        What an accepted value is, for the message (e.g. ``"array of shape (3,)"``).

    Returns
    -------
    array : ndarray of float
        A copy; the caller's values stay as they are.
    """
    _validate_type(values, "array-like", name, expected)
    try:
        array = np.array(values)
    except ValueError:  # NumPy refuses ragged nested sequences
        raise ValueError(
            f"{name} must be a regular array ({expected}), got a ragged nested sequence"
        ) from None
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {array.dtype}"
        )
    return array.astype(float)


def check_random_state_argument(random_state):
    """Refuse a ``random_state`` that cannot seed a generator, by name.

    Parameters
    ----------
    random_state : object
        What the user passed; None, an int or a
        :class:`numpy.random.RandomState` are accepted.
    """
    _validate_type(
        random_state,
        (None, "int-like", np.random.RandomState),
        "random_state",
        "None, int or numpy.random.RandomState",
    )


def check_seed(random_state):
    """Refuse a ``random_state`` that cannot seed a generator, out-of-range ints too.

    :func:`check_random_state_argument`, plus the range NumPy accepts for an
    int seed, so that a bad seed is refused by name before any work is done.

    Parameters
    ----------
    random_state : object
        What the user passed; None, an int from 0 to ``2**32 - 1`` or a
        :class:`numpy.random.RandomState` are accepted.

    Returns
    -------
    random_state : None | int | numpy.random.RandomState
        The checked value.
    """
    check_random_state_argument(random_state)
    if random_state is None or isinstance(random_state, np.random.RandomState):
        return random_state
    return check_int(random_state, "random_state", minimum=0, maximum=2**32 - 1)


def check_int_list(values, name, *, minimum, maximum):
    """Return an int, or an iterable of ints, as a new list of distinct ints in range.

    Parameters
    ----------
    values : int | iterable of int
        What the user passed; bools are refused.
    name : str
        The argument's name, for the error message.
    minimum, maximum : int
        The inclusive bounds of every value.

    Returns
    -------
    values : list of int
        The values without duplicates, in the given order.
    """
    if isinstance(values, int | np.integer) and not isinstance(values, bool):
        values = [values]
    elif isinstance(values, str) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be an int or a list of int, got {values!r}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} must not be empty, got {values!r}")
    bad_types = [
        v for v in values if isinstance(v, bool) or not isinstance(v, int | np.integer)
    ]
    if bad_types:
        raise TypeError(f"{name} must be integers, got {bad_types!r}")
    out_of_range = [int(v) for v in values if not minimum <= v <= maximum]
    if out_of_range:
        raise ValueError(
            f"{name} must be integers between {minimum} and {maximum}, got "
            f"{out_of_range}"
        )
    return list(dict.fromkeys(int(v) for v in values))


def as_regular_array(values, name, what="array"):
    """Return ``np.asarray(values)``, refusing ragged nested sequences by ``name``.

    Unlike :func:`check_real_array`, any dtype passes (labels, subject names)
    and an array is returned as it is, not copied.

    Parameters
    ----------
    values : array-like
        Labels, weights or samples as the user passed them.
    name, what : str
        The argument's name and what a regular value is (e.g. ``"(n, 3)
        array"``), for the error message.

    Returns
    -------
    array : ndarray
        The values as an array.
    """
    try:
        return np.asarray(values)
    except ValueError as err:  # NumPy refuses ragged nested sequences
        raise ValueError(f"{name} must be a regular {what}, got {err}") from None


def check_float32_values(values, name):
    """Refuse an array that does not hold finite real numbers that fit in float32.

    Parameters
    ----------
    values : ndarray
        The array to check (not modified).
    name : str
        The argument's name, for the error message.
    """
    if values.dtype.kind not in "iufc":
        raise TypeError(
            f"{name} must hold numbers, got an array of dtype {values.dtype}"
        )
    if values.dtype.kind == "c":
        raise TypeError(f"{name} must hold real values, got {values.dtype}")
    if not np.isfinite(values).all():
        raise ValueError(f"{name} must hold only finite values, got NaN or inf")
    largest = float(np.abs(values).max(initial=0.0))
    limit = float(np.finfo(np.float32).max)
    if largest > limit:
        raise ValueError(
            f"{name} must hold values of magnitude below {limit:.3g} (float32), got "
            f"{largest:.3g}: check the data's units"
        )
