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


def test_check_seed_refuses_by_name():
    from mne_attention.utils._checks import check_seed

    assert check_seed(None) is None and check_seed(np.int64(3)) == 3
    with pytest.raises(TypeError, match="random_state must be an instance of None"):
        check_seed("0")
    with pytest.raises(TypeError, match="random_state must be an instance of None"):
        check_seed(True)
    with pytest.raises(ValueError, match=r"random_state must be between 0 and 42949"):
        check_seed(-1)


def test_check_int_list_copies_and_refuses():
    from mne_attention.utils._checks import check_int_list

    values = [3, 1, 3]
    assert check_int_list(values, "runs", minimum=1, maximum=14) == [3, 1]
    assert values == [3, 1, 3]
    assert check_int_list(np.int8(2), "runs", minimum=1, maximum=14) == [2]
    for bad, error, match in [
        ("1", TypeError, "runs must be an int or a list of int, got '1'"),
        ([], ValueError, r"runs must not be empty, got \[\]"),
        ([1, True], TypeError, r"runs must be integers, got \[True\]"),
        (
            [0, 15, 2],
            ValueError,
            r"runs must be integers between 1 and 14, got \[0, 15",
        ),
    ]:
        with pytest.raises(error, match=match):
            check_int_list(bad, "runs", minimum=1, maximum=14)


def test_as_regular_array_names_what_is_expected():
    from mne_attention.utils._checks import as_regular_array

    values = np.arange(3)
    assert as_regular_array(values, "y") is values  # no copy
    with pytest.raises(ValueError, match=r"X must be a regular \(n, 3\) array, got"):
        as_regular_array([[1, 2, 3], [1]], "X", "(n, 3) array")


@pytest.mark.parametrize(
    "values, error, match",
    [
        (np.array(["a"]), TypeError, "X must hold numbers, got an array of dtype <U1"),
        (
            np.array([True]),
            TypeError,
            "X must hold numbers, got an array of dtype bool",
        ),
        (np.array([1j]), TypeError, "X must hold real values, got complex128"),
        (np.array([0.0, np.nan]), ValueError, "X must hold only finite values"),
        (np.array([1e39]), ValueError, r"magnitude below 3.4e\+38 \(float32\), got 1e"),
    ],
)
def test_check_float32_values_refuses(values, error, match):
    from mne_attention.utils._checks import check_float32_values

    with pytest.raises(error, match=match):
        check_float32_values(values, "X")
    check_float32_values(np.array([-3e38, 0, 7]), "X")  # float32 holds these
