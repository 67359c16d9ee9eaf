"""NaN/inf never reach the GPU: the cheap check first, the repair only when something is wrong."""

from __future__ import annotations

from typing import Any

import numpy as np


def finite(values: Any, dtype: Any = None, posinf: float = 0.0, neginf: float = 0.0) -> np.ndarray:
    """``values`` as an array with NaN made 0 and infinities ``posinf``/``neginf``.

    EEL code produces non-finite numbers rarely, so the common path is one ``isfinite`` scan
    and no copy (the array itself is returned: treat it as read-only); ``np.nan_to_num`` costs
    several times more per call and runs a dozen times a frame.
    """
    array = np.asarray(values, dtype=dtype)
    if np.isfinite(array).all():
        return array
    return np.nan_to_num(array, nan=0.0, posinf=posinf, neginf=neginf)
