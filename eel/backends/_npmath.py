"""EEL semantics over numpy arrays, element for element the same as :mod:`eel.runtime`.

Every function accepts floats or float64 arrays (broadcasting) and never warns or raises; the
backend runs inside ``np.errstate(all="ignore")``. ``mask`` arguments are boolean arrays (or a
Python bool) saying which elements an effect applies to.

Values that are the same for every element stay Python floats and take the scalar runtime's
path: numpy's per-call overhead would otherwise dominate loops over uniform values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from eel import runtime as _rt
from eel.intrinsics import DIVISION_EPSILON, EPSILON, LOOP_CAP
from eel.runtime import Megabuf, SharedMemory, rand_scale

Value = Any  # float | np.ndarray
_SCALAR_BOOL = (bool, np.bool_)


def _scalars(*values: Value) -> bool:
    for v in values:
        if not isinstance(v, float):
            return False
    return True


def truthy(x: Value) -> Value:
    if isinstance(x, float):
        return abs(x) >= EPSILON
    return np.abs(x) >= EPSILON


def negate_mask(mask: Value) -> Value:
    return not mask if isinstance(mask, _SCALAR_BOOL) else ~mask


def select(mask: Value, new: Value, old: Value) -> Value:
    """``new`` where ``mask`` holds, else ``old`` (a masked assignment)."""
    if isinstance(mask, _SCALAR_BOOL):
        return new if mask else old
    return np.where(mask, new, old)


where = select


def f(x: Value) -> Value:
    if isinstance(x, _SCALAR_BOOL):
        return 1.0 if x else 0.0
    return np.where(x, 1.0, 0.0)


def _lift(scalar: Any, vector: Any) -> Any:
    """One function of floats or arrays: the scalar runtime for floats, numpy otherwise."""

    def apply(*args: Value) -> Value:
        if _scalars(*args):
            return scalar(*args)
        return vector(*args)

    apply.__name__ = getattr(scalar, "__name__", "lifted")
    return apply


def div(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.div(a, b)
    ok = np.abs(b) >= DIVISION_EPSILON
    return np.where(ok, a / np.where(ok, b, 1.0), 0.0)


def _trunc_magnitude(x: Value) -> Value:
    return np.trunc(np.abs(np.where(np.isfinite(x), x, 0.0)))


def mod(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.mod(a, b)
    ia = _trunc_magnitude(a)
    ib = _trunc_magnitude(b)
    zero = ib == 0.0
    return np.where(zero, 0.0, np.fmod(ia, np.where(zero, 1.0, ib)))


def power(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.power(a, b)
    r = np.power(np.asarray(a, dtype=np.float64), b)
    return np.where(np.isnan(r) | ((a == 0.0) & (b < 0.0)), 0.0, r)


def _as_int64(x: Value) -> Value:
    return np.trunc(np.where(np.isfinite(x) & (np.abs(x) < 9.2e18), x, 0.0)).astype(np.int64)


def bitor(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.bitor(a, b)
    return (_as_int64(a) | _as_int64(b)).astype(np.float64)


def bitand(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.bitand(a, b)
    return (_as_int64(a) & _as_int64(b)).astype(np.float64)


def eq(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return 0.0 if abs(a - b) >= EPSILON else 1.0
    return np.where(np.abs(a - b) >= EPSILON, 0.0, 1.0)


def ne(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return 1.0 if abs(a - b) >= EPSILON else 0.0
    return np.where(np.abs(a - b) >= EPSILON, 1.0, 0.0)


def lnot(x: Value) -> Value:
    if isinstance(x, float):
        return 0.0 if abs(x) >= EPSILON else 1.0
    return np.where(np.abs(x) >= EPSILON, 0.0, 1.0)


def asin(x: Value) -> Value:
    if _scalars(x):
        return _rt.asin(x)
    inside = np.abs(x) <= 1.0
    return np.where(inside, np.arcsin(np.where(inside, x, 0.0)), 0.0)


def acos(x: Value) -> Value:
    if _scalars(x):
        return _rt.acos(x)
    inside = np.abs(x) <= 1.0
    return np.where(inside, np.arccos(np.where(inside, x, 0.0)), 0.0)


def sqrt(x: Value) -> Value:
    if _scalars(x):
        return _rt.sqrt(x)
    return np.sqrt(np.abs(x))


def log(x: Value) -> Value:
    if _scalars(x):
        return _rt.log(x)
    pos = x > 0.0
    return np.where(pos, np.log(np.where(pos, x, 1.0)), 0.0)


def log10(x: Value) -> Value:
    if _scalars(x):
        return _rt.log10(x)
    pos = x > 0.0
    return np.where(pos, np.log10(np.where(pos, x, 1.0)), 0.0)


def sign(x: Value) -> Value:
    if _scalars(x):
        return _rt.sign(x)
    return np.where(x > 0.0, 1.0, np.where(x < 0.0, -1.0, x))


def minimum(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.minimum(a, b)
    return np.where(a < b, a, b)


def maximum(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.maximum(a, b)
    return np.where(a >= b, a, b)


def sigmoid(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.sigmoid(a, b)
    t = 1.0 + np.exp(-a * b)
    ok = np.abs(t) > EPSILON
    return np.where(ok, 1.0 / np.where(ok, t, 1.0), 0.0)


def band(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.band(a, b)
    return np.where((np.abs(a) > EPSILON) & (np.abs(b) > EPSILON), 1.0, 0.0)


def bor(a: Value, b: Value) -> Value:
    if _scalars(a, b):
        return _rt.bor(a, b)
    return np.where((np.abs(a) > EPSILON) | (np.abs(b) > EPSILON), 1.0, 0.0)


def invsqrt(x: Value) -> Value:
    if _scalars(x):
        return _rt.invsqrt(x)
    x32 = np.asarray(x, dtype=np.float32)
    bits = x32.view(np.uint32)
    y = (np.uint32(0x5F3759DF) - (bits >> np.uint32(1))).astype(np.uint32).view(np.float32).astype(np.float64)
    return y * (1.5 - 0.5 * np.asarray(x, dtype=np.float64) * y * y)


sin = _lift(_rt.sin, np.sin)
cos = _lift(_rt.cos, np.cos)
tan = _lift(_rt.tan, np.tan)
atan = _lift(_rt.atan, np.arctan)
atan2 = _lift(_rt.atan2, np.arctan2)
exp = _lift(_rt.exp, np.exp)
absolute = _lift(abs, np.abs)
floor = _lift(_rt.floor, np.floor)
ceil = _lift(_rt.ceil, np.ceil)
square = _lift(lambda x: x * x, np.square)


def loop_count(n: Value, mask: Value) -> Value:
    if isinstance(n, float) and isinstance(mask, _SCALAR_BOOL):
        return _rt.loop_count(n) if mask else 0
    count = np.trunc(np.where(np.isfinite(n), n, np.where(n > 0, LOOP_CAP, 0)))
    count = np.clip(count, 0, LOOP_CAP)
    if mask is not True:
        count = np.where(mask, count, 0)
    return count


def loop_max(count: Value) -> int:
    return count if isinstance(count, int) else int(np.max(count))


def any_true(mask: Value) -> bool:
    if isinstance(mask, _SCALAR_BOOL):
        return bool(mask)
    return bool(np.any(mask))


# --- memory, registers and rand: element by element, in element order ------------------------


def _elements(n: int, *values: Value) -> list[list[float]]:
    return [np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)).tolist() for v in values]


def _mask_list(n: int, mask: Value) -> list[bool]:
    if mask is True:
        return [True] * n
    return np.broadcast_to(np.asarray(mask, dtype=bool), (n,)).tolist()


def _gather(get: Any, index: Value) -> Value:
    if np.ndim(index) == 0:
        return get(float(index))
    return np.array([get(i) for i in np.asarray(index).tolist()])


def _scatter(put: Any, index: Value, value: Value, mask: Value, n: int) -> Value:
    """Store element by element, in element order, where ``mask`` holds; returns ``value``."""
    if isinstance(mask, _SCALAR_BOOL) and _scalars(index, value):
        if mask:
            put(index, value)
        return value
    indices, values = _elements(n, index, value)
    for keep, i, v in zip(_mask_list(n, mask), indices, values):
        if keep:
            put(i, v)
    return value


def mem_get(mem: Megabuf, index: Value, n: int) -> Value:
    return _gather(mem.get, index)


def mem_set(mem: Megabuf, index: Value, value: Value, mask: Value, n: int) -> Value:
    return _scatter(mem.set, index, value, mask, n)


def gmem_get(shared: SharedMemory, index: Value, n: int) -> Value:
    return _gather(shared.gget, index)


def gmem_set(shared: SharedMemory, index: Value, value: Value, mask: Value, n: int) -> Value:
    return _scatter(shared.gset, index, value, mask, n)


def mem_call(mem: Megabuf, op: str, a: Value, b: Value, c: Value, mask: Value, n: int) -> Value:
    method = mem.memcpy if op == "memcpy" else mem.memset
    xs, ys, zs = _elements(n, a, b, c)
    for keep, x, y, z in zip(_mask_list(n, mask), xs, ys, zs):
        if keep:
            method(x, y, z)
    return a


def reg_set(registers: list[float], k: int, value: Value, mask: Value, n: int) -> Value:
    """A register is one shared float: the last element that assigns it wins."""
    if isinstance(mask, _SCALAR_BOOL) and isinstance(value, float):
        if mask:
            registers[k] = value
        return value
    keep = _mask_list(n, mask)
    values = _elements(n, value)[0]
    for i in range(n - 1, -1, -1):
        if keep[i]:
            registers[k] = values[i]
            break
    return value


def rand(shared: SharedMemory, limit: Value, mask: Value, n: int) -> Value:
    """One draw per element where ``mask`` holds, in element order, from the shared stream."""
    if isinstance(limit, float):
        scale: Value = rand_scale(limit)
    else:
        limits = np.asarray(limit, dtype=np.float64)
        scale = np.where(np.isfinite(limits), np.maximum(np.floor(np.nan_to_num(limits, posinf=1.0, neginf=1.0)), 1.0), 1.0)
    if isinstance(mask, _SCALAR_BOOL):
        if not mask:
            return 0.0
        return shared.rng.units(n) * scale if n != 1 or not isinstance(scale, float) else shared.rng.unit() * scale
    keep = np.broadcast_to(np.asarray(mask, dtype=bool), (n,))
    out = np.zeros(n)
    out[keep] = shared.rng.units(int(np.count_nonzero(keep)))
    return out * scale
