"""Property tests: random well-formed programs agree across backends; garbage fails cleanly."""

from __future__ import annotations

import math
import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eel
from eel import nodes as n
from eel.backends.npvector import VectorContext
from eel.printer import block_source

NAMES = ["a", "b", "c", "zoom", "q1", "reg02"]
SAFE_UNARY = ["sin", "cos", "abs", "sqr", "sqrt", "floor", "ceil", "sign", "atan", "exp", "log", "invsqrt"]
BINARY_FUNCS = ["min", "max", "atan2", "sigmoid", "band", "bor", "pow"]
OPS = ["+", "-", "*", "/", "%", "^", "==", "!=", "<", ">", "<=", ">=", "&&", "||", "&", "|"]

numbers = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 0.25, 7.0, 1e-6, 10.0])
leaves = st.one_of(numbers.map(lambda v: n.Num(0, v)), st.sampled_from(NAMES).map(lambda v: n.Var(0, v)))


def _extend(children):  # type: ignore[no-untyped-def]
    target = st.sampled_from(NAMES).map(lambda v: n.Var(0, v))
    return st.one_of(
        st.tuples(st.sampled_from(OPS), children, children).map(lambda t: n.BinOp(0, t[0], t[1], t[2])),
        st.tuples(st.sampled_from(["-", "!"]), children).map(lambda t: n.Unary(0, t[0], t[1])),
        st.tuples(children, children, children).map(lambda t: n.Cond(0, *t)),
        st.tuples(st.sampled_from(["=", "+=", "*=", "-="]), target, children).map(lambda t: n.Assign(0, t[0], t[1], t[2])),
        st.tuples(st.sampled_from(SAFE_UNARY), children).map(lambda t: n.Call(0, t[0], (t[1],))),
        st.tuples(st.sampled_from(BINARY_FUNCS), children, children).map(lambda t: n.Call(0, t[0], (t[1], t[2]))),
        st.lists(children, min_size=2, max_size=3).map(lambda items: n.Seq(0, tuple(items))),
        st.tuples(st.integers(0, 3), children).map(lambda t: n.Call(0, "loop", (n.Num(0, float(t[0])), t[1]))),
        st.tuples(children, children).map(lambda t: n.Assign(0, "=", n.Call(0, "megabuf", (t[0],)), t[1])),
    )


expressions = st.recursive(leaves, _extend, max_leaves=14)
programs = st.lists(expressions, min_size=1, max_size=4).map(lambda items: block_source(n.Seq(0, tuple(items))))


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(a - b) <= 1e-9 * max(1.0, abs(a))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs, st.lists(st.sampled_from([0.0, 0.3, 1.0, -2.0, 5.5]), min_size=3, max_size=3))
def test_python_and_numpy_agree(code: str, start: list[float]) -> None:
    program = eel.compile_block(code)
    initial = dict(zip(["a", "b", "c"], start))
    scalar = eel.Context(shared=eel.SharedMemory(), variables=initial)
    program.python().run(scalar)
    vector = VectorContext(4, shared=eel.SharedMemory(), variables=initial)
    program.numpy(check=False).run(vector)
    for name in set(scalar.vars) | set(vector.vars):
        got = np.broadcast_to(np.asarray(vector.vars.get(name, 0.0), dtype=float), (4,))
        want = scalar.vars.get(name, 0.0)
        assert all(_same(float(g), want) for g in got), (code, name, want, got)
    assert scalar.shared.registers == vector.shared.registers


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_fail_only_with_the_compilers_error(data: bytes) -> None:
    text = data.decode("latin-1")
    start = time.perf_counter()
    try:
        program = eel.compile_block(text)
        program.python()
    except eel.EelError:
        pass
    assert time.perf_counter() - start < 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1.()[]+-*/%^=!<>&|?:;, $x", max_size=120))
def test_random_token_soup_fails_only_with_the_compilers_error(text: str) -> None:
    try:
        eel.compile_block(text).python()
    except eel.EelError:
        pass


def test_pathological_inputs_are_rejected_quickly() -> None:
    cases = {
        "deep parentheses": "x = " + "(" * 10_000 + "1" + ")" * 10_000,
        "deep calls": "x = " + "sin(" * 10_000 + "1" + ")" * 10_000,
        "deep unary": "x = " + "-" * 10_000 + "1",
        "deep ternary": "x = " + "1 ? " * 10_000 + "1" + " : 0" * 10_000,
        "deep assignment chain": "=".join(["a"] * 10_000),
    }
    for label, code in cases.items():
        start = time.perf_counter()
        try:
            eel.compile_block(code).python()
        except eel.EelError as exc:
            assert exc.span.line == 1, label
        assert time.perf_counter() - start < 2.0, label


def test_a_megabyte_line_compiles_or_fails_cleanly() -> None:
    long_sum = "x = " + " + ".join(["1"] * 100_000)  # 400 kB of text on one line
    start = time.perf_counter()
    try:
        ctx = eel.Context()
        eel.compile_block(long_sum).python().run(ctx)
        assert ctx.vars["x"] == 100_000
    except eel.CodegenError:
        pass
    assert time.perf_counter() - start < 20.0
    statements = ";".join(f"v{i % 50} = v{i % 50} + {i % 7}" for i in range(75_000))  # ~1 MB
    assert len(statements) > 1_000_000
    ctx = eel.Context()
    eel.compile_block(statements).python().run(ctx)
    assert ctx.vars["v0"] == sum(i % 7 for i in range(0, 75_000, 50))
