"""EEL semantics over numpy arrays, element for element the same as :mod:`eel.runtime`.

Every function accepts floats or float64 arrays (broadcasting) and never warns or raises; the
backend runs inside ``np.errstate(all="ignore")``. ``mask`` arguments are boolean arrays (or a
Python bool) saying which elements an effect applies to.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from eel.intrinsics import DIVISION_EPSILON, EPSILON, LOOP_CAP
from eel.runtime import Megabuf, SharedMemory

Value = Any  # float | np.ndarray


def truthy(x: Value) -> Value:
    return np.abs(x) >= EPSILON


def select(mask: Value, new: Value, old: Value) -> Value:
    """``new`` where ``mask`` holds, else ``old`` (a masked assignment)."""
    if mask is True:
        return new
    return np.where(mask, new, old)


def f(x: Value) -> Value:
    return np.where(x, 1.0, 0.0)


def div(a: Value, b: Value) -> Value:
    ok = np.abs(b) >= DIVISION_EPSILON
    return np.where(ok, a / np.where(ok, b, 1.0), 0.0)


def _trunc_magnitude(x: Value) -> Value:
    return np.trunc(np.abs(np.where(np.isfinite(x), x, 0.0)))


def mod(a: Value, b: Value) -> Value:
    ia = _trunc_magnitude(a)
    ib = _trunc_magnitude(b)
    zero = ib == 0.0
    return np.where(zero, 0.0, np.fmod(ia, np.where(zero, 1.0, ib)))


def power(a: Value, b: Value) -> Value:
    r = np.power(np.asarray(a, dtype=np.float64), b)
    return np.where(np.isnan(r) | ((a == 0.0) & (b < 0.0)), 0.0, r)


def _as_int64(x: Value) -> Value:
    return np.trunc(np.where(np.isfinite(x) & (np.abs(x) < 9.2e18), x, 0.0)).astype(np.int64)


def bitor(a: Value, b: Value) -> Value:
    return (_as_int64(a) | _as_int64(b)).astype(np.float64)


def bitand(a: Value, b: Value) -> Value:
    return (_as_int64(a) & _as_int64(b)).astype(np.float64)


def eq(a: Value, b: Value) -> Value:
    return np.where(np.abs(a - b) >= EPSILON, 0.0, 1.0)


def ne(a: Value, b: Value) -> Value:
    return np.where(np.abs(a - b) >= EPSILON, 1.0, 0.0)


def lnot(x: Value) -> Value:
    return np.where(np.abs(x) >= EPSILON, 0.0, 1.0)


def asin(x: Value) -> Value:
    inside = np.abs(x) <= 1.0
    return np.where(inside, np.arcsin(np.where(inside, x, 0.0)), 0.0)


def acos(x: Value) -> Value:
    inside = np.abs(x) <= 1.0
    return np.where(inside, np.arccos(np.where(inside, x, 0.0)), 0.0)


def sqrt(x: Value) -> Value:
    return np.sqrt(np.abs(x))


def log(x: Value) -> Value:
    pos = x > 0.0
    return np.where(pos, np.log(np.where(pos, x, 1.0)), 0.0)


def log10(x: Value) -> Value:
    pos = x > 0.0
    return np.where(pos, np.log10(np.where(pos, x, 1.0)), 0.0)


def sign(x: Value) -> Value:
    return np.where(x > 0.0, 1.0, np.where(x < 0.0, -1.0, x))


def minimum(a: Value, b: Value) -> Value:
    return np.where(a < b, a, b)


def maximum(a: Value, b: Value) -> Value:
    return np.where(a >= b, a, b)


def sigmoid(a: Value, b: Value) -> Value:
    t = 1.0 + np.exp(-a * b)
    ok = np.abs(t) > EPSILON
    return np.where(ok, 1.0 / np.where(ok, t, 1.0), 0.0)


def band(a: Value, b: Value) -> Value:
    return np.where((np.abs(a) > EPSILON) & (np.abs(b) > EPSILON), 1.0, 0.0)


def bor(a: Value, b: Value) -> Value:
    return np.where((np.abs(a) > EPSILON) | (np.abs(b) > EPSILON), 1.0, 0.0)


def invsqrt(x: Value) -> Value:
    x32 = np.asarray(x, dtype=np.float32)
    bits = x32.view(np.uint32)
    y = (np.uint32(0x5F3759DF) - (bits >> np.uint32(1))).astype(np.uint32).view(np.float32).astype(np.float64)
    return y * (1.5 - 0.5 * np.asarray(x, dtype=np.float64) * y * y)


def loop_count(n: Value, mask: Value) -> Value:
    count = np.trunc(np.where(np.isfinite(n), n, np.where(n > 0, LOOP_CAP, 0)))
    count = np.clip(count, 0, LOOP_CAP)
    if mask is not True:
        count = np.where(mask, count, 0)
    return count


def any_true(mask: Value) -> bool:
    return bool(np.any(mask))


# --- memory, registers and rand: element by element, in element order ------------------------


def _elements(n: int, *values: Value) -> list[list[float]]:
    return [np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)).tolist() for v in values]


def _mask_list(n: int, mask: Value) -> list[bool]:
    if mask is True:
        return [True] * n
    return np.broadcast_to(np.asarray(mask, dtype=bool), (n,)).tolist()


def mem_get(mem: Megabuf, index: Value, n: int) -> Value:
    if np.ndim(index) == 0:
        return mem.get(float(index))
    return np.array([mem.get(i) for i in np.asarray(index).tolist()])


def mem_set(mem: Megabuf, index: Value, value: Value, mask: Value, n: int) -> Value:
    indices, values = _elements(n, index, value)
    for keep, i, v in zip(_mask_list(n, mask), indices, values):
        if keep:
            mem.set(i, v)
    return value


def gmem_get(shared: SharedMemory, index: Value, n: int) -> Value:
    if np.ndim(index) == 0:
        return shared.gget(float(index))
    return np.array([shared.gget(i) for i in np.asarray(index).tolist()])


def gmem_set(shared: SharedMemory, index: Value, value: Value, mask: Value, n: int) -> Value:
    indices, values = _elements(n, index, value)
    for keep, i, v in zip(_mask_list(n, mask), indices, values):
        if keep:
            shared.gset(i, v)
    return value


def mem_call(mem: Megabuf, op: str, a: Value, b: Value, c: Value, mask: Value, n: int) -> Value:
    method = mem.memcpy if op == "memcpy" else mem.memset
    xs, ys, zs = _elements(n, a, b, c)
    for keep, x, y, z in zip(_mask_list(n, mask), xs, ys, zs):
        if keep:
            method(x, y, z)
    return a


def reg_set(registers: list[float], k: int, value: Value, mask: Value, n: int) -> Value:
    """A register is one shared float: the last element that assigns it wins."""
    keep = _mask_list(n, mask)
    values = _elements(n, value)[0]
    for i in range(n - 1, -1, -1):
        if keep[i]:
            registers[k] = values[i]
            break
    return value


def rand(shared: SharedMemory, limit: Value, mask: Value, n: int) -> Value:
    limits = _elements(n, limit)[0]
    keep = _mask_list(n, mask)
    return np.array([shared.rand(lim) if k else 0.0 for k, lim in zip(keep, limits)])
