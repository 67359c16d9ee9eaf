import numpy as np

from renderer.finite import finite


def test_clean_arrays_pass_through_without_a_copy() -> None:
    data = np.array([0.0, 1.5, -2.0], dtype=np.float32)
    assert finite(data) is data


def test_non_finite_values_are_replaced_and_the_input_is_left_alone() -> None:
    data = np.array([np.nan, np.inf, -np.inf, 3.0])
    assert finite(data).tolist() == [0.0, 0.0, 0.0, 3.0]
    assert finite(data, posinf=1.0, neginf=-1.0).tolist() == [0.0, 1.0, -1.0, 3.0]
    assert np.isnan(data[0])  # repaired in a copy
    assert finite([1, 2], np.float32).dtype == np.float32
