import numpy as np
import pytest

from mne_attention.utils._checks import check_int, check_number, check_real_array


@pytest.mark.parametrize(
    "kwargs, value, error, match",
    [
        ({}, "3", TypeError, "n must be an int, got <class 'str'>"),
        ({}, True, TypeError, "n must be an int, got <class 'bool'>"),
        ({"minimum": 1}, 0, ValueError, "n must be at least 1, got 0"),
        ({"maximum": 3}, 4, ValueError, "n must be at most 3, got 4"),
        (
            {"minimum": 1, "maximum": 3},
            4,
            ValueError,
            "n must be between 1 and 3, got 4",
        ),
    ],
)
def test_check_int_refuses(kwargs, value, error, match):
    with pytest.raises(error, match=match):
        check_int(value, "n", **kwargs)


def test_check_int_accepts_numpy_ints():
    assert check_int(np.int16(3), "n", minimum=1, maximum=3) == 3


@pytest.mark.parametrize(
    "kwargs, value, match",
    [
        ({"low": 0, "high": 1, "closed": "left"}, 1, r"lr must be in \[0, 1\), got 1"),
        ({"low": 0, "closed": "right"}, 0, r"lr must be in \(0, inf\], got 0"),
        ({"high": 1, "closed": "neither"}, 2.5, r"lr must be in \(-inf, 1\), got 2.5"),
        ({}, np.inf, "lr must be a finite number, got inf"),
    ],
)
def test_check_number_refuses(kwargs, value, match):
    with pytest.raises(ValueError, match=match):
        check_number(value, "lr", **kwargs)


def test_check_number_refuses_bools_and_text():
    for value in (True, "0.1", None):
        with pytest.raises(TypeError, match="lr must be an instance of float"):
            check_number(value, "lr")
    assert check_number(np.float32(0.5), "lr", low=0, high=1) == 0.5


def test_check_real_array_copies_and_refuses():
    values = [1, 2, 3]
    array = check_real_array(values, "w", "list of numbers")
    array[0] = 9
    assert values == [1, 2, 3] and array.dtype == float
    with pytest.raises(ValueError, match=r"w must be a regular array \(list\)"):
        check_real_array([[1], [1, 2]], "w", "list")
    with pytest.raises(
        TypeError, match="w must hold real numbers, got an array of dtype"
    ):
        check_real_array(["a"], "w", "list")
    with pytest.raises(TypeError, match="w must be an instance of list"):
        check_real_array(None, "w", "list")
