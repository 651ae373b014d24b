"""Validators shared by the public functions, on top of MNE's."""

import numpy as np
from mne.utils import _validate_type


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
