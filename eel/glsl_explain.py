"""Why a GLSL vector result differs from the double-precision expectation.

The block is interpreted twice on the CPU with the same semantics as the GLSL runtime: once in
float64 and once in float32 (numpy scalars). Every decision the semantics take (branches,
comparisons, ``%``, ``floor``, ``min``/``max`` choices, domain checks) is traced in both runs;
the first decision that differs is the explanation ("1e-5 epsilon decision flips in float").
Without a flip, the explanation names the float32 effect that dominates: values beyond the
float32 range, integers beyond 2^24, trigonometry of large arguments, or plain rounding growth.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np

from eel import nodes as n
from eel.backends._codegen import children, reference_of
from eel.intrinsics import EPSILON
from eel.program import Program

_F32_MAX = float(np.finfo(np.float32).max)
_F32_TINY = float(np.finfo(np.float32).tiny)
_LOOP_LIMIT = 1 << 20
_RECURSION_LIMIT = 20_000
_TRIG = frozenset(("sin", "cos", "tan"))


class _Unsupported(Exception):
    pass


class _Interpreter:
    """Evaluates a tree in one float type, tracing decisions as (offset, what, outcome)."""

    def __init__(self, dtype: type, variables: dict[str, float]) -> None:
        self.t = dtype
        self.eps = dtype(EPSILON)
        self.tiny = dtype(_F32_TINY if dtype is np.float32 else 1e-300)
        self.vars: dict[str, Any] = {k: dtype(v) for k, v in variables.items()}
        self.trace: list[tuple[int, str, object]] = []
        self.max_trig = 0.0
        self.signed_zero = False  # atan2(+-0, x < 0): +-pi depends on the sign of zero
        self.amplifier = (0.0, "", 0)  # the largest relative-error amplification: factor, what, offset

    def amplifies(self, node: n.Node, factor: float, what: str) -> None:
        if factor == factor and factor > self.amplifier[0]:
            self.amplifier = (factor, what, node.offset)

    def decide(self, node: n.Node, what: str, outcome: object) -> object:
        self.trace.append((node.offset, what, outcome))
        return outcome

    def truthy(self, node: n.Node, value: Any) -> bool:
        return bool(self.decide(node, "truth", bool(abs(value) >= self.eps)))

    def one(self, flag: bool) -> Any:
        return self.t(1.0) if flag else self.t(0.0)

    def run(self, node: n.Node) -> Any:
        t = self.t
        if isinstance(node, n.Num):
            return t(node.value)
        if isinstance(node, n.Var):
            return self.vars.get(node.name, t(0.0))
        if isinstance(node, n.Unary):
            value = self.run(node.operand)
            return -value if node.op == "-" else self.one(not self.truthy(node, value))
        if isinstance(node, n.Seq):
            value = t(0.0)
            for item in node.items:
                value = self.run(item)
            return value
        if isinstance(node, n.Cond):
            return self.run(node.then if self.truthy(node, self.run(node.test)) else node.orelse)
        if isinstance(node, n.Assign):
            return self.assign(node.target, node.op, node.value)
        if isinstance(node, n.BinOp):
            if node.op == "&&":
                return self.one(self.truthy(node, self.run(node.left)) and self.truthy(node, self.run(node.right)))
            if node.op == "||":
                return self.one(self.truthy(node, self.run(node.left)) or self.truthy(node, self.run(node.right)))
            left = self.run(node.left)
            return self.binary(node, node.op, left, self.run(node.right))
        if isinstance(node, n.Call):
            return self.call(node)
        raise _Unsupported(type(node).__name__)

    def binary(self, node: n.Node, op: str, a: Any, b: Any) -> Any:
        t = self.t
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b if self.decide(node, "divisor", bool(abs(b) >= self.tiny)) else t(0.0)
        if op == "%":
            ia, ib = math.trunc(abs(float(a))) if math.isfinite(a) else 0, math.trunc(abs(float(b))) if math.isfinite(b) else 0
            return t(self.decide(node, "%", ia % ib if ib else 0))
        if op == "^":
            self.amplifies(node, abs(float(b)), f"a power with exponent {float(b):.4g}")
            with np.errstate(all="ignore"):
                r = t(np.power(a, b)) if not (a == 0 and b < 0) else t(0.0)
            return t(0.0) if r != r else r
        if op in ("|", "&"):
            if not (math.isfinite(a) and math.isfinite(b)):
                return t(0.0)
            ia, ib = int(a), int(b)
            return t(self.decide(node, op, ia | ib if op == "|" else ia & ib))
        if op == "==":
            return self.one(not self.truthy(node, a - b))
        if op == "!=":
            return self.one(self.truthy(node, a - b))
        outcome = {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        return self.one(bool(self.decide(node, op, bool(outcome))))

    def assign(self, target: n.Node, op: str, value: n.Node) -> Any:
        if isinstance(target, n.Var):
            rhs = self.run(value)
            current = self.vars.get(target.name, self.t(0.0))  # read after the value
            if op != "=":
                rhs = self.binary(target, op[:-1], current, rhs)
            self.vars[target.name] = rhs
            return rhs
        if isinstance(target, n.Cond):
            branch = target.then if self.truthy(target, self.run(target.test)) else target.orelse
            return self.assign(branch, op, value)
        if isinstance(target, n.Assign):
            self.run(target)
            return self.assign(reference_of(target), op, value)
        if isinstance(target, n.Seq) and target.items:
            for item in target.items[:-1]:
                self.run(item)
            return self.assign(target.items[-1], op, value)
        if isinstance(target, n.Call) and target.name in ("megabuf", "gmegabuf"):
            raise _Unsupported(target.name)
        self.run(target)
        return self.run(value)

    def call(self, node: n.Call) -> Any:
        t = self.t
        name = node.name
        if name == "loop":
            count = self.run(node.args[0])
            times = 0 if not count >= 1 else min(int(count) if math.isfinite(count) else _LOOP_LIMIT, _LOOP_LIMIT)
            for _ in range(int(self.decide(node, "loop", times))):  # type: ignore[call-overload]
                self.run(node.args[1])
            return t(0.0)
        if name == "while":
            for _ in range(_LOOP_LIMIT):
                if not self.truthy(node, self.run(node.args[0])):
                    break
            return t(0.0)
        args = [self.run(arg) for arg in node.args]
        x = args[0]
        with np.errstate(all="ignore"):
            if name in _TRIG:
                self.max_trig = max(self.max_trig, abs(float(x)))
                return t(getattr(np, name)(x))
            if name in ("asin", "acos"):
                inside = bool(self.decide(node, "domain", bool(-1 <= x <= 1)))
                if inside and abs(x) < 1:
                    self.amplifies(node, float(abs(x) / np.sqrt(1 - x * x)), f"{name} of {float(x):.7g} (near +-1)")
                return t(getattr(np, "arc" + name[1:])(x)) if inside else t(0.0)
            if name in ("log", "log10"):
                return t(getattr(np, name)(x)) if self.decide(node, "domain", bool(x > 0)) else t(0.0)
            simple = {"atan": np.arctan, "exp": np.exp, "abs": np.abs, "floor": np.floor, "ceil": np.ceil}
            if name in simple:
                result = t(simple[name](x))
                if name in ("floor", "ceil"):
                    self.decide(node, name, float(result))
                return result
            if name == "sqrt":
                return t(np.sqrt(abs(x)))
            if name == "sqr":
                return x * x
            if name == "atan2":
                self.decide(node, "atan2", (bool(np.signbit(x)), bool(np.signbit(args[1]))))
                if x == 0 and args[1] < 0:
                    self.signed_zero = True
                return t(np.arctan2(x, args[1]))
            if name == "sign":
                return t(self.decide(node, "sign", 1.0 if x > 0 else -1.0 if x < 0 else float(x)))
            if name in ("min", "max"):
                first = bool(self.decide(node, name, bool(x < args[1]) if name == "min" else bool(x >= args[1])))
                return x if first else args[1]
            if name == "sigmoid":
                d = t(1.0) + t(np.exp(-x * args[1]))
                return t(1.0) / d if abs(d) > self.eps else t(0.0)
            if name in ("band", "bor"):
                p, q = bool(abs(x) > self.eps), bool(abs(args[1]) > self.eps)
                return self.one(bool(self.decide(node, name, (p and q) if name == "band" else (p or q))))
            if name == "invsqrt":
                return t(1.0 / np.sqrt(x)) if x > 0 else t(0.0)
            if name == "freembuf":
                return x
        raise _Unsupported(name)


def _run(program: Program, vector: dict[str, Any], dtype: type) -> _Interpreter:
    with np.errstate(all="ignore"):
        interp = _Interpreter(dtype, {k: float(v) for k, v in vector["vars"].items()})
        for _ in range(int(vector.get("runs", 1))):
            interp.run(program.tree)
    return interp


def _excerpt(program: Program, offset: int) -> str:
    text = program.source.text
    line, col = program.source.position(offset)
    return f"line {line} col {col} `{text[offset:offset + 40].strip()}`"


def explain(program: Program, vector: dict[str, Any], bad: list[tuple[str, float, float]]) -> str:
    """One sentence on how float32 produces the mismatches ``bad`` = [(name, got, want), ...]."""
    wants = [abs(want) for _, _, want in bad]
    if any(w > _F32_MAX for w in wants):
        return "float32 range: the expected value exceeds float32's maximum 3.4e38"
    inputs = [abs(float(v)) for v in vector["vars"].values()]
    literals = [abs(node_value) for node_value in _literals(program.tree)]
    if any(0 < v < _F32_TINY for v in inputs + literals):
        return "float32 range: an operand is below float32's smallest normal number (divides as 0)"
    big = [v for v in inputs + literals if 2**24 <= v < _F32_MAX and float(np.float32(v)) != v]
    if big:
        return f"float32: integer operand {max(big):.0f} is beyond 2^24, float32 cannot hold it exactly"
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(max(saved, _RECURSION_LIMIT))  # long operator chains recurse per operator
    try:
        wide = _run(program, vector, np.float64)
        narrow = _run(program, vector, np.float32)
    except (_Unsupported, OverflowError, ValueError) as exc:
        return f"unexplained (the block could not be emulated on the CPU: {exc})"
    except RecursionError:
        return "unexplained (the block is nested too deeply to emulate on the CPU)"
    finally:
        sys.setrecursionlimit(saved)
    wide_values = [float(wide.vars.get(name, 0.0)) for name, _, _ in bad]
    if not all(abs(w - want) <= 1e-6 * max(1.0, abs(want)) for w, (_, _, want) in zip(wide_values, bad)):
        shown = ", ".join(f"{name}={w:.9g}" for w, (name, _, _) in zip(wide_values, bad))
        return f"NOT a precision effect: the GLSL semantics, emulated in double precision, give {shown}"
    for (offset, what, double), (_, what32, single) in zip(wide.trace, narrow.trace):
        if what == what32 and double != single:
            return f"float32: {_describe(what)} decides differently in float at {_excerpt(program, offset)} (double {_outcome(double)}, float32 {_outcome(single)})"
    emulated = [(name, float(narrow.vars.get(name, 0.0))) for name, _, _ in bad]
    agree = all(abs(e - got) <= 1e-3 * max(1.0, abs(got)) for (_, e), (_, got, _) in zip(emulated, bad))
    note = "CPU float32 emulation agrees" if agree else "CPU float32 emulation gives " + ", ".join(f"{k}={v:.7g}" for k, v in emulated)
    if narrow.signed_zero and any(abs(abs(got) - abs(want)) < 1e-3 for _, got, want in bad):
        return f"float32/GLSL: atan2(+-0, x < 0) is +-pi by the sign of zero, which GLSL compilers do not keep ({note})"
    factor, what, offset = narrow.amplifier
    if factor > 30:
        return f"float32: rounding amplified {factor:.3g}x by {what} at {_excerpt(program, offset)} ({note})"
    if narrow.max_trig > 1000:
        return f"float32: sin/cos/tan of arguments up to {narrow.max_trig:.3g} lose their fraction digits ({note})"
    return f"float32 rounding accumulates without a decision flip ({note})"


def _outcome(value: object) -> str:
    if isinstance(value, tuple):  # atan2: (y negative, x negative)
        return ("y<0" if value[0] else "y>=0") + (",x<0" if value[1] else ",x>=0")
    return str(value)


def _describe(what: str) -> str:
    if what == "truth":
        return "a 1e-5 epsilon truthiness/equality test"
    if what in ("<", ">", "<=", ">="):
        return f"comparison {what}"
    if what == "atan2":
        return "the sign of an atan2 operand (the branch cut at +-pi)"
    return {"%": "% (integer modulo)", "divisor": "the division-by-~0 guard", "domain": "a domain check"}.get(what, what)


def _literals(tree: n.Node) -> list[float]:
    """Every number literal of the tree (iterative: operator chains can be thousands long)."""
    found: list[float] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, n.Num):
            found.append(node.value)
        stack.extend(children(node))
    return found
