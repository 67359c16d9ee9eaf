"""EEL's run-time semantics shared by the backends: memory, registers, rand and safe math.

MilkDrop 2 policy (see ``../shared/eel/README.md``): division by ~0, pow giving NaN, and log or
asin outside their domain give 0; ``sqrt`` takes ``|x|``; ``%`` works on truncated magnitudes.
Every function takes and returns Python floats and never raises.
"""

from __future__ import annotations

import math
import struct
from typing import Any

from eel.intrinsics import (
    DIVISION_EPSILON,
    EPSILON,
    GMEGABUF_SIZE,
    LOOP_CAP,
    MEGABUF_SIZE,
    RAND_SEED,
    REGISTER_COUNT,
)

_BLOCK_BITS = 16
_BLOCK_SIZE = 1 << _BLOCK_BITS
_BLOCK_MASK = _BLOCK_SIZE - 1
_GMEM_MASK = GMEGABUF_SIZE - 1
_INV_U32 = 1.0 / 0xFFFFFFFF


class Megabuf:
    """One context's 8,388,608-slot buffer, allocated in 65,536-slot blocks on first write.

    ``index`` is any float: the slot is ``trunc(index + 1e-5)``; outside the buffer reads give 0
    and writes are dropped, as in MilkDrop.
    """

    __slots__ = ("blocks",)

    def __init__(self) -> None:
        self.blocks: dict[int, list[float]] = {}

    @staticmethod
    def slot(index: float) -> int:
        try:
            k = int(index + 1e-5)
        except (ValueError, OverflowError):
            return -1
        return k if 0 <= k < MEGABUF_SIZE else -1

    def get(self, index: float) -> float:
        k = self.slot(index)
        if k < 0:
            return 0.0
        block = self.blocks.get(k >> _BLOCK_BITS)
        return 0.0 if block is None else block[k & _BLOCK_MASK]

    def set(self, index: float, value: float) -> float:
        k = self.slot(index)
        if k >= 0:
            block = self.blocks.get(k >> _BLOCK_BITS)
            if block is None:
                block = self.blocks[k >> _BLOCK_BITS] = [0.0] * _BLOCK_SIZE
            block[k & _BLOCK_MASK] = value
        return value

    def _read_range(self, start: int, count: int) -> list[float]:
        out: list[float] = []
        while count > 0:
            b, o = start >> _BLOCK_BITS, start & _BLOCK_MASK
            take = min(count, _BLOCK_SIZE - o)
            block = self.blocks.get(b)
            out.extend(block[o : o + take] if block is not None else [0.0] * take)
            start += take
            count -= take
        return out

    def _write_range(self, start: int, values: list[float]) -> None:
        pos = 0
        count = len(values)
        while pos < count:
            b, o = start >> _BLOCK_BITS, start & _BLOCK_MASK
            take = min(count - pos, _BLOCK_SIZE - o)
            block = self.blocks.get(b)
            if block is None:
                block = self.blocks[b] = [0.0] * _BLOCK_SIZE
            block[o : o + take] = values[pos : pos + take]
            start += take
            pos += take

    def memcpy(self, dest: float, src: float, count: float) -> float:
        """Overlap-safe copy of ``count`` slots; negative starts are trimmed. Returns ``dest``."""
        d, s, c = _trunc_index(dest), _trunc_index(src), _trunc_index(count)
        if d < 0:
            s -= d
            c += d
            d = 0
        if s < 0:
            d -= s
            c += s
            s = 0
        c = min(c, MEGABUF_SIZE - d, MEGABUF_SIZE - s)
        if c > 0:
            self._write_range(d, self._read_range(s, c))
        return dest

    def memset(self, dest: float, value: float, count: float) -> float:
        """Set ``count`` slots from ``dest`` to ``value``, clipped to the buffer. Returns ``dest``."""
        d, c = _trunc_index(dest), _trunc_index(count)
        if d < 0:
            c += d
            d = 0
        c = min(c, MEGABUF_SIZE - d)
        if c > 0:
            self._write_range(d, [value] * c)
        return dest


def _trunc_index(value: float) -> int:
    try:
        return int(value + 0.0001)
    except (ValueError, OverflowError):
        return 0


def _mt19937_state(seed: int) -> tuple[int, ...]:
    """MT19937's ``init_genrand(seed)`` state, in the form ``random.Random.setstate`` takes."""
    mt = [seed & 0xFFFFFFFF]
    for i in range(1, 624):
        prev = mt[-1]
        mt.append((1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF)
    return tuple(mt) + (624,)


_SEEDED_STATE = _mt19937_state(RAND_SEED)
_RAND_CHUNK = 4096


class RandStream:
    """MT19937's outputs scaled to [0, 1), drawn a chunk at a time.

    Scalar code takes them one by one and numpy code a slice of the same chunk, so every backend
    consumes one sequence in element order and gets the same numbers (the raw outputs equal
    ``random.Random.getrandbits(32)``'s for the same state). numpy is imported on the first draw,
    so scalar-only users of the package do not load it.
    """

    __slots__ = ("_bits", "_chunk", "_list", "_next")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Back to the state of ``init_genrand(RAND_SEED)`` (seeded again at the next draw)."""
        self._bits: Any = None
        self._chunk: Any = ()
        self._list: list[float] = []
        self._next = 0

    def _refill(self) -> None:
        import numpy as np

        if self._bits is None:
            self._bits = np.random.MT19937()
            state = self._bits.state
            state["state"] = {"key": np.array(_SEEDED_STATE[:624], dtype=np.uint32), "pos": _SEEDED_STATE[624]}
            self._bits.state = state
        self._chunk = self._bits.random_raw(_RAND_CHUNK) * _INV_U32
        self._list = self._chunk.tolist()
        self._next = 0

    def unit(self) -> float:
        if self._next >= len(self._list):
            self._refill()
        value = self._list[self._next]
        self._next += 1
        return value

    def units(self, count: int) -> Any:
        """The next ``count`` values, in order."""
        parts = []
        while count > 0:
            if self._next >= len(self._list):
                self._refill()
            take = min(count, len(self._list) - self._next)
            parts.append(self._chunk[self._next : self._next + take])
            self._next += take
            count -= take
        if len(parts) == 1:
            return parts[0]
        import numpy as np

        return np.concatenate(parts) if parts else np.empty(0)


def rand_scale(limit: float) -> float:
    """rand's range: ``max(floor(limit), 1)``; non-finite limits give 1."""
    scale = math.floor(limit) if math.isfinite(limit) else 1.0
    return scale if scale >= 1.0 else 1.0


class SharedMemory:
    """What every context of every preset shares in MilkDrop: gmegabuf, reg00..reg99 and rand.

    gmegabuf has 1,048,576 slots and its index wraps (``trunc(i + 1e-5) & (2^20 - 1)``).
    """

    __slots__ = ("gmem_blocks", "registers", "rng")

    def __init__(self) -> None:
        self.gmem_blocks: dict[int, list[float]] = {}
        self.registers: list[float] = [0.0] * REGISTER_COUNT
        self.rng = RandStream()

    def reset(self) -> None:
        """Zero gmegabuf and the registers and reseed rand, as a fresh process would have them."""
        self.gmem_blocks.clear()
        self.registers[:] = [0.0] * REGISTER_COUNT
        self.rng.reset()

    @staticmethod
    def gslot(index: float) -> int:
        try:
            return int(index + 1e-5) & _GMEM_MASK
        except (ValueError, OverflowError):
            return 0

    def gget(self, index: float) -> float:
        k = self.gslot(index)
        block = self.gmem_blocks.get(k >> _BLOCK_BITS)
        return 0.0 if block is None else block[k & _BLOCK_MASK]

    def gset(self, index: float, value: float) -> float:
        k = self.gslot(index)
        block = self.gmem_blocks.get(k >> _BLOCK_BITS)
        if block is None:
            block = self.gmem_blocks[k >> _BLOCK_BITS] = [0.0] * _BLOCK_SIZE
        block[k & _BLOCK_MASK] = value
        return value

    def rand(self, limit: float) -> float:
        """MilkDrop 2's rand: a float in [0, max(floor(limit), 1)] from MT19937."""
        return self.rng.unit() * rand_scale(limit)


SHARED = SharedMemory()
"""The process-wide shared memory used when a context is not given its own."""


class Context:
    """One EEL context (a VM in MilkDrop's terms): variables and a megabuf, plus the shared memory.

    ``vars`` maps lower-case names to floats; a missing name reads as 0.
    """

    __slots__ = ("vars", "megabuf", "shared")

    def __init__(self, shared: SharedMemory | None = None, variables: dict[str, float] | None = None) -> None:
        self.vars: dict[str, float] = dict(variables) if variables else {}
        self.megabuf = Megabuf()
        self.shared = shared if shared is not None else SHARED


# --- safe math (scalar) ---------------------------------------------------------------------


def div(a: float, b: float) -> float:
    return a / b if abs(b) >= DIVISION_EPSILON else 0.0


def mod(a: float, b: float) -> float:
    try:
        ib = int(abs(b))
        if ib == 0:
            return 0.0
        return float(int(abs(a)) % ib)
    except (ValueError, OverflowError):
        return 0.0


def power(a: float, b: float) -> float:
    try:
        result = math.pow(a, b)
    except ValueError:  # negative base with a fractional exponent, or 0 ** negative
        return 0.0
    except OverflowError:
        return math.inf if a > 0 or float(b).is_integer() and int(b) % 2 == 0 else -math.inf
    return 0.0 if result != result else result


def bitor(a: float, b: float) -> float:
    try:
        return float(int(a) | int(b))
    except (ValueError, OverflowError):
        return 0.0


def bitand(a: float, b: float) -> float:
    try:
        return float(int(a) & int(b))
    except (ValueError, OverflowError):
        return 0.0


def sin(x: float) -> float:
    try:
        return math.sin(x)
    except ValueError:
        return math.nan


def cos(x: float) -> float:
    try:
        return math.cos(x)
    except ValueError:
        return math.nan


def tan(x: float) -> float:
    try:
        return math.tan(x)
    except ValueError:
        return math.nan


def asin(x: float) -> float:
    return math.asin(x) if -1.0 <= x <= 1.0 else 0.0


def acos(x: float) -> float:
    return math.acos(x) if -1.0 <= x <= 1.0 else 0.0


def atan(x: float) -> float:
    return math.atan(x)


def atan2(y: float, x: float) -> float:
    return math.atan2(y, x)


def sqrt(x: float) -> float:
    return math.sqrt(abs(x))


def exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def log(x: float) -> float:
    return math.log(x) if x > 0.0 else 0.0


def log10(x: float) -> float:
    return math.log10(x) if x > 0.0 else 0.0


def sign(x: float) -> float:
    return 1.0 if x > 0.0 else -1.0 if x < 0.0 else x


def floor(x: float) -> float:
    return x // 1.0


def ceil(x: float) -> float:
    return -((-x) // 1.0)


def minimum(a: float, b: float) -> float:
    return a if a < b else b


def maximum(a: float, b: float) -> float:
    return a if a >= b else b


def sigmoid(a: float, b: float) -> float:
    t = 1.0 + exp(-a * b)
    return 1.0 / t if abs(t) > EPSILON else 0.0


def band(a: float, b: float) -> float:
    return 1.0 if abs(a) > EPSILON and abs(b) > EPSILON else 0.0


def bor(a: float, b: float) -> float:
    return 1.0 if abs(a) > EPSILON or abs(b) > EPSILON else 0.0


_F32 = struct.Struct("<f")
_U32 = struct.Struct("<I")


def invsqrt(x: float) -> float:
    """MilkDrop's fast inverse square root: the 0x5f3759df estimate and one Newton step (float32)."""
    try:
        bits = _U32.unpack(_F32.pack(x))[0]
    except (OverflowError, struct.error):
        return 0.0
    y = _F32.unpack(_U32.pack((0x5F3759DF - (bits >> 1)) & 0xFFFFFFFF))[0]
    return y * (1.5 - 0.5 * x * y * y)


def loop_count(n: float) -> int:
    try:
        count = int(n)
    except (ValueError, OverflowError):
        return LOOP_CAP if n > 0 else 0
    return 0 if count < 1 else min(count, LOOP_CAP)


# Compound assignments read their target after evaluating the value (as EEL's _addop & co. do):
# these take the value first so Python's left-to-right order does the same.
def rdiv(value: float, target: float) -> float:
    return div(target, value)


def rmod(value: float, target: float) -> float:
    return mod(target, value)


def rpower(value: float, target: float) -> float:
    return power(target, value)


def rbitor(value: float, target: float) -> float:
    return bitor(target, value)


def rbitand(value: float, target: float) -> float:
    return bitand(target, value)


def regset(registers: list[float], k: int, value: float) -> float:
    registers[k] = value
    return value


def freembuf(x: float) -> float:
    return x
