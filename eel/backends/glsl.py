"""GLSL 330 backend: an EEL block becomes one GLSL function in float32 math.

Calling convention of the generated ``void <function_name>(...)``:

* parameters, in :attr:`GlslFunction.params` order: first the ``outputs`` (in the order given),
  each ``inout float`` (the caller passes their starting values, e.g. the per-frame zoom, and
  reads the results back), then the ``inputs`` that are not outputs, each ``in float`` (the
  block may change its own copy). So ``inputs=("x", "y", "rad", "ang")`` with the ten motion
  outputs gives exactly warp.vert's ``per_pixel(inout float zoom, ..., inout float sy, float x,
  float y, float rad, float ang)``;
* every other variable the block writes is a local, initialised on entry to its uniform (when
  named in ``uniforms``) or 0; a variable it only reads is that uniform or the constant 0.
  :attr:`GlslFunction.uniforms` lists the uniforms actually used; ``q1``..``q32`` read the packed
  ``vec4 _qa``..``_qh`` of ``renderer/shaders/include/frame_uniforms.glsl`` (q1 = ``_qa.x``), any
  other uniform is read by its own name (the shader declares it);
* EEL variables are renamed ``ev_<name>`` (underscores written ``0_``, so no GLSL keyword, builtin
  or reserved ``__`` can appear); temporaries are ``eelt_<n>``; runtime functions ``eel_*``.

The function needs :func:`runtime_source` (``eel/glsl/runtime.glsl``) earlier in the shader;
:meth:`GlslFunction.with_runtime` gives both. Literal-only subexpressions are folded in double
precision by the reference semantics. Blocks GLSL cannot run exactly raise
``BackendUnsupported("glsl", reason)``: megabuf/gmegabuf/memcpy/memset, reg00..reg99, variables
carried from one element (vertex) to the next, which GLSL invocations cannot share (written, and
read before written in a run, and not a parameter: the caller resets parameters for every
invocation), and loops that may run long: llvmpipe (the headless driver) stops an invocation
after 65,535 loop iterations in total, so the 1,048,576-iteration cap of ``while`` and of
``loop`` with a computed count cannot be honoured; ``loop`` with a constant count becomes a
``for`` loop when the block's loops run at most :data:`LOOP_BUDGET` iterations in all.
``rand`` is a hash generator seeded from the parameters and the ``eel_rand_seed`` uniform, so a
function using it is marked ``approximate``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from eel import nodes as n
from eel import runtime as rt
from eel.backends._codegen import CodeWriter, children, is_atom
from eel.errors import BackendUnsupported
from eel.intrinsics import EPSILON, INTRINSICS

if TYPE_CHECKING:
    from eel.program import Program

_MEMORY_CALLS = frozenset(name for name, entry in INTRINSICS.items() if entry.memory) | {"megabuf", "gmegabuf"}

_CALL_NAMES = {
    "sin": "sin", "cos": "cos", "tan": "tan", "asin": "eel_asin", "acos": "eel_acos", "atan": "atan",
    "atan2": "eel_atan2", "sqrt": "eel_sqrt", "exp": "exp", "log": "eel_log", "log10": "eel_log10",
    "abs": "abs", "sign": "eel_sign", "floor": "floor", "ceil": "ceil", "invsqrt": "eel_invsqrt",
    "min": "eel_min", "max": "eel_max", "sigmoid": "eel_sigmoid", "band": "eel_band", "bor": "eel_bor",
}
_BINOP_FUNCS = {"/": "eel_div", "%": "eel_mod", "^": "eel_pow", "|": "eel_bitor", "&": "eel_bitand"}
_COMPOUND = {"+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "^=": "^", "|=": "|", "&=": "&"}
_Q_VECTORS = "abcdefgh"
# llvmpipe stops a shader invocation after 65,535 loop iterations in total (all loops, all
# nesting levels, shared by the SIMD lanes run together), and real GPUs reset drivers that run
# too long; blocks whose loops may run more than this are left to numpy.
LOOP_BUDGET = 16_384
LLVMPIPE_LOOP_LIMIT = 65_535
_FLOAT32_OVERFLOW = 3.4028235677973366e38  # float32 max plus half an ulp: rounds to inf


def mangle(name: str) -> str:
    """The GLSL identifier of EEL variable ``name`` (injective; never contains ``__``)."""
    return "ev_" + name.replace("_", "0_")


def uniform_expression(name: str) -> str:
    """How the function reads uniform ``name``: q1..q32 from the packed vec4s, ``time`` from
    ``eel_time`` (in MilkDrop's shaders ``time`` is the time since the preset started, which EEL
    code does not see), others by name."""
    if name == "time":
        return "eel_time"
    if name.startswith("q") and name[1:].isdigit() and 1 <= int(name[1:]) <= 32 and name[1] != "0":
        index = int(name[1:]) - 1
        return f"_q{_Q_VECTORS[index // 4]}.{'xyzw'[index % 4]}"
    return name


def float_literal(value: float) -> str:
    """A GLSL float literal equal to ``float32(value)`` (bit patterns for inf and NaN)."""
    if value != value:
        f32 = np.float32(np.nan)
    elif abs(value) >= _FLOAT32_OVERFLOW:
        f32 = np.float32(np.inf if value > 0 else -np.inf)
    else:
        f32 = np.float32(value)
    if not np.isfinite(f32):
        return f"uintBitsToFloat(0x{int(f32.view(np.uint32)):08x}u)"
    text = repr(float(f32))
    if "e" not in text and "." not in text:
        text += ".0"
    if text.startswith("-"):
        return f"({text})"
    return text


@lru_cache(maxsize=1)
def runtime_source() -> str:
    """The GLSL runtime library (``eel/glsl/runtime.glsl``) the generated functions call."""
    return resources.files("eel").joinpath("glsl", "runtime.glsl").read_text(encoding="utf-8")


@dataclass(frozen=True)
class GlslFunction:
    """A compiled block: ``source`` is the function definition (see the module docstring)."""

    name: str
    source: str
    params: tuple[str, ...]  # EEL names, in parameter order
    qualifiers: tuple[str, ...]  # "inout" (outputs) or "in", one per parameter
    uniforms: tuple[str, ...]  # EEL names read from uniforms, sorted
    approximate: bool  # True when the block calls rand (hash-based, not MT19937)

    def uniform_declarations(self) -> str:
        """``uniform float ...;`` lines for the uniforms this function reads (q1..q32 as vec4s)."""
        decls: set[str] = set()
        for name in self.uniforms:
            expression = uniform_expression(name)
            if "." in expression:  # a packed q vector
                decls.add(f"uniform vec4 {expression.split('.')[0]};")
            else:
                decls.add(f"uniform float {expression};")
        return "".join(line + "\n" for line in sorted(decls))

    def with_runtime(self) -> str:
        """The runtime library followed by the function, ready to splice into a shader."""
        return runtime_source() + "\n" + self.source


class _Gen(CodeWriter):
    temp_prefix = "eelt_"

    def __init__(self, params: frozenset[str], uniforms: frozenset[str], writes: frozenset[str]) -> None:
        super().__init__()
        self.params = params
        self.uniforms = uniforms
        self.writes = writes
        self.used_uniforms: set[str] = set()
        self._folded: dict[int, float | None] = {}

    # -- statement emission -----------------------------------------------------------------

    def assign_temp(self, name: str, expr: str) -> None:
        self.emit(f"float {name} = {expr};")

    def declare_temp(self) -> str:
        name = self.new_temp()
        self.emit(f"float {name};")
        return name

    def braced(self, header: str, body: Callable[[], None]) -> None:
        self.emit(header + " {")
        self.block(body, empty="")
        self.emit("}")

    def if_else(self, test: str, then: Callable[[], None], orelse: Callable[[], None]) -> None:
        self.emit(f"if (eel_truthy({test})) {{")
        self.block(then, empty="")
        self.emit("} else {")
        self.block(orelse, empty="")
        self.emit("}")

    def extra_needs_stmts(self, node: n.Node) -> bool:
        # GLSL leaves the order of operand evaluation open, so every effect is its own statement.
        return isinstance(node, n.Assign) or (isinstance(node, n.Call) and node.name == "rand")

    # -- expressions --------------------------------------------------------------------------

    def var(self, name: str) -> str:
        if name in self.params or name in self.writes:
            return mangle(name)
        if name in self.uniforms:
            self.used_uniforms.add(name)
            return uniform_expression(name)
        return "0.0"

    def literal(self, value: float) -> str:
        return float_literal(value)

    def before_expr(self, node: n.Node) -> str | None:
        folded = fold_constant(node, self._folded)
        return None if folded is None else float_literal(folded)

    def unary(self, op: str, operand: str) -> str:
        if op == "-":
            return f"(-{operand})"
        return f"eel_not({operand})"

    def binop(self, node: n.BinOp) -> str:
        op = node.op
        if op in ("&&", "||"):
            left = self.expr(node.left)
            if self.needs_stmts(node.right):
                result = self.declare_temp()

                def then() -> None:
                    self.emit(f"{result} = eel_bool(eel_truthy({self.expr(node.right)}));")

                def orelse() -> None:
                    self.emit(f"{result} = {'0.0' if op == '&&' else '1.0'};")

                if op == "&&":
                    self.if_else(left, then, orelse)
                else:
                    self.if_else(left, orelse, then)
                return result
            right = self.expr(node.right)
            return f"eel_bool(eel_truthy({left}) {op} eel_truthy({right}))"
        left, right = self.operands((node.left, node.right))
        return self.combine(op, left, right)

    def combine(self, op: str, left: str, right: str) -> str:
        if op in ("+", "-", "*"):
            return f"({left} {op} {right})"
        if op in _BINOP_FUNCS:
            return f"{_BINOP_FUNCS[op]}({left}, {right})"
        if op == "==":
            return f"eel_equal({left}, {right})"
        if op == "!=":
            return f"eel_not(eel_equal({left}, {right}))"
        return f"eel_bool({left} {op} {right})"  # < > <= >= are exact

    def cond(self, node: n.Cond) -> str:
        test = self.expr(node.test)
        if not (self.needs_stmts(node.then) or self.needs_stmts(node.orelse)):
            then = self.expr(node.then)
            orelse = self.expr(node.orelse)
            return f"(eel_truthy({test}) ? {then} : {orelse})"
        result = self.declare_temp()
        self.if_else(
            test,
            lambda: self.emit(f"{result} = {self.expr(node.then)};"),
            lambda: self.emit(f"{result} = {self.expr(node.orelse)};"),
        )
        return result

    def assign_simple(self, target: n.Node, op: str, value: n.Node) -> str:
        if isinstance(target, n.Var):
            name = mangle(target.name)
            rhs = self.expr(value)
            if op != "=":  # the target is read after the value (its effects are statements)
                rhs = self.combine(_COMPOUND[op], name, rhs)
            self.emit(f"{name} = {rhs};")
            return name
        if isinstance(target, n.Cond):
            test = self.expr(target.test)
            result = self.declare_temp()
            self.if_else(
                test,
                lambda: self.emit(f"{result} = {self.assign(target.then, op, value)};"),
                lambda: self.emit(f"{result} = {self.assign(target.orelse, op, value)};"),
            )
            return result
        raise AssertionError(target)

    def call(self, node: n.Call) -> str:
        name = node.name
        if name == "loop":  # the count is a constant (checked by loop_budget_problem)
            count = rt.loop_count(_constant(node.args[0]))  # type: ignore[arg-type]
            counter = self.new_temp()
            self.braced(f"for (int {counter} = 0; {counter} < {count}; ++{counter})", lambda: self.stmt(node.args[1]))
            return "0.0"
        args = self.operands(node.args)
        if name == "sqr":
            a = args[0] if is_atom(args[0]) else self.spill(args[0])
            return f"({a} * {a})"
        if name == "rand":
            return self.spill(f"eel_rand({args[0]})")
        if name == "freembuf":
            return args[0]
        return f"{_CALL_NAMES[name]}({', '.join(args)})"

    def stmt(self, node: n.Node) -> None:
        """Generate ``node`` for its effects only (its effects are always statements here)."""
        if isinstance(node, n.Seq):
            for item in node.items:
                self.stmt(item)
            return
        self.expr(node)


_FOLD_CALLS = {
    "sin": rt.sin, "cos": rt.cos, "tan": rt.tan, "asin": rt.asin, "acos": rt.acos, "atan": rt.atan,
    "atan2": rt.atan2, "sqrt": rt.sqrt, "exp": rt.exp, "log": rt.log, "log10": rt.log10, "abs": abs,
    "sign": rt.sign, "floor": rt.floor, "ceil": rt.ceil, "invsqrt": rt.invsqrt, "min": rt.minimum,
    "max": rt.maximum, "sigmoid": rt.sigmoid, "band": rt.band, "bor": rt.bor, "freembuf": rt.freembuf,
    "sqr": lambda x: x * x,
}
_FOLD_BINOPS = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": rt.div, "%": rt.mod,
    "^": rt.power, "|": rt.bitor, "&": rt.bitand,
    "==": lambda a, b: 0.0 if abs(a - b) >= EPSILON else 1.0, "!=": lambda a, b: 1.0 if abs(a - b) >= EPSILON else 0.0,
    "<": lambda a, b: float(a < b), ">": lambda a, b: float(a > b), "<=": lambda a, b: float(a <= b),
    ">=": lambda a, b: float(a >= b),
    "&&": lambda a, b: float(abs(a) >= EPSILON and abs(b) >= EPSILON),
    "||": lambda a, b: float(abs(a) >= EPSILON or abs(b) >= EPSILON),
}


def fold_constant(node: n.Node, memo: dict[int, float | None] | None = None) -> float | None:
    """The value of an effect-free subtree of literals, computed in double precision by the
    reference semantics (so ``1000000007 % 1000`` stays exact in float32 code); else None."""
    memo = {} if memo is None else memo
    key = id(node)
    if key not in memo:
        memo[key] = _fold(node, memo)
    return memo[key]


def _fold(node: n.Node, memo: dict[int, float | None]) -> float | None:
    if isinstance(node, n.Num):
        return node.value
    if isinstance(node, n.Unary):
        x = fold_constant(node.operand, memo)
        if x is None:
            return None
        return -x if node.op == "-" else (0.0 if abs(x) >= EPSILON else 1.0)
    if isinstance(node, n.BinOp):
        a = fold_constant(node.left, memo)
        b = fold_constant(node.right, memo) if a is not None else None
        return None if b is None or a is None else float(_FOLD_BINOPS[node.op](a, b))
    if isinstance(node, n.Cond):
        test = fold_constant(node.test, memo)
        then = fold_constant(node.then, memo) if test is not None else None
        orelse = fold_constant(node.orelse, memo) if then is not None else None
        if test is None or then is None or orelse is None:
            return None
        return then if abs(test) >= EPSILON else orelse
    if isinstance(node, n.Call) and node.name in _FOLD_CALLS:
        args = [fold_constant(arg, memo) for arg in node.args]
        if any(arg is None for arg in args):
            return None
        return float(_FOLD_CALLS[node.name](*args))  # type: ignore[operator]
    return None


def _constant(node: n.Node) -> float | None:
    """The value of a literal (optionally signed), else None."""
    if isinstance(node, n.Num):
        return node.value
    if isinstance(node, n.Unary) and node.op == "-":
        inner = _constant(node.operand)
        return None if inner is None else -inner
    return None


def loop_iterations(node: n.Node) -> int | None:
    """Loop iterations one run of ``node`` may execute; None when unbounded before run time."""
    total = 0
    if isinstance(node, n.Call) and node.name == "while":
        return None
    if isinstance(node, n.Call) and node.name == "loop":
        count = _constant(node.args[0])
        inner = loop_iterations(node.args[1])
        if count is None or inner is None:
            return None
        return rt.loop_count(count) * (1 + inner)
    for child in children(node):
        inner = loop_iterations(child)
        if inner is None:
            return None
        total += inner
    return total


def loop_budget_problem(tree: n.Node) -> str:
    """Why the block's loops cannot run in one GLSL invocation ('' when they can)."""
    iterations = loop_iterations(tree)
    if iterations is None:
        return (
            "while() or loop() with a computed count: its iterations are unknown before run time, and GLSL "
            f"invocations cannot run the 1,048,576-iteration cap (llvmpipe allows 65,535 in total)"
        )
    if iterations > LOOP_BUDGET:
        return f"loops run {iterations:,} iterations, more than the {LOOP_BUDGET:,} budgeted for one GLSL invocation"
    return ""


def _unsupported_reason(program: "Program", inputs: frozenset[str]) -> str:
    effects = program.effects
    memory = sorted(effects.calls & _MEMORY_CALLS)
    if memory or effects.memory_reads or effects.memory_writes:
        return "uses " + ", ".join(memory or ["megabuf"]) + " (GLSL has no shared writable memory)"
    registers = sorted(effects.registers_read | effects.registers_written)
    if registers:
        return "uses process-wide registers " + ", ".join(f"reg{r:02d}" for r in registers)
    if effects.uses_loops:
        problem = loop_budget_problem(program.tree)
        if problem:
            return problem
    carried = sorted(effects.carried(inputs))
    if carried:
        return "variables carried from one element to the next: " + ", ".join(carried)
    return ""


def compile_glsl(
    program: "Program",
    function_name: str,
    inputs: tuple[str, ...],
    outputs: tuple[str, ...],
    uniforms: frozenset[str] = frozenset(),
) -> GlslFunction:
    """Generate the GLSL function for ``program`` (see the module docstring for the convention)."""
    inputs = tuple(name.lower() for name in inputs)
    outputs = tuple(name.lower() for name in outputs)
    uniforms = frozenset(name.lower() for name in uniforms)
    reason = _unsupported_reason(program, frozenset(inputs) | frozenset(outputs))
    if reason:
        raise BackendUnsupported("glsl", reason)
    if not function_name.isidentifier() or function_name.startswith(("gl_", "eel", "ev_")) or "__" in function_name:
        raise ValueError(f"glsl backend: {function_name!r} is not a usable GLSL function name")
    params = tuple(dict.fromkeys(outputs + inputs))
    output_set = frozenset(outputs)
    qualifiers = tuple("inout" if p in output_set else "in" for p in params)
    writes = program.effects.writes
    gen = _Gen(frozenset(params), uniforms, writes)

    def initial(name: str) -> str:
        if name in uniforms:
            gen.used_uniforms.add(name)
            return uniform_expression(name)
        return "0.0"

    for name in sorted(writes - frozenset(params)):
        gen.emit(f"float {mangle(name)} = {initial(name)};")
    if program.effects.uses_rand:
        gen.emit("eel_rand_begin();")
        for name in params:
            gen.emit(f"eel_rand_mix({mangle(name)});")
    gen.stmt(program.tree)
    signature = ", ".join(f"{q} float {mangle(p)}" for p, q in zip(params, qualifiers))
    source = "\n".join([f"void {function_name}({signature}) {{", *gen.lines, "}", ""])
    return GlslFunction(
        name=function_name,
        source=source,
        params=params,
        qualifiers=qualifiers,
        uniforms=tuple(sorted(gen.used_uniforms)),
        approximate=program.effects.uses_rand,
    )
