"""Vectorized backend: one run of a block over N elements at once (mesh vertices, wave points).

Each EEL variable is a float or a float64 array of the N elements' values. Conditionals become
selects: both branches are computed (the math is safe everywhere), and assignments inside a branch
only change the elements whose condition chose that branch (``x = where(mask, new, x)``). Loops
with per-element counts run the longest count with a per-iteration mask; ``while`` runs until no
element continues. Memory, registers and rand are handled element by element in element order.

Running elements side by side is exact only when no element depends on the previous one; the
caller gets :class:`~eel.errors.BackendUnsupported` for blocks with loop-carried variables or
memory/register writes unless it asks to skip that check (the conformance runner does, with
identical elements).
"""

from __future__ import annotations

from types import CodeType
from typing import TYPE_CHECKING, Any

import numpy as np

from eel import nodes as n
from eel.backends import _npmath
from eel.backends._codegen import CodeWriter
from eel.errors import BackendUnsupported
from eel.intrinsics import LOOP_CAP, register_index
from eel.runtime import SHARED, Megabuf, SharedMemory

if TYPE_CHECKING:
    from eel.program import Program

_UNARY_FUNCS = {
    "sin": "_np.sin", "cos": "_np.cos", "tan": "_np.tan", "atan": "_np.atan", "exp": "_np.exp",
    "abs": "_np.absolute", "floor": "_np.floor", "ceil": "_np.ceil",
    "asin": "_np.asin", "acos": "_np.acos", "sqrt": "_np.sqrt", "log": "_np.log", "log10": "_np.log10",
    "sign": "_np.sign", "invsqrt": "_np.invsqrt",
}
_BINARY_FUNCS = {
    "atan2": "_np.atan2", "min": "_np.minimum", "max": "_np.maximum", "sigmoid": "_np.sigmoid",
    "band": "_np.band", "bor": "_np.bor",
}
_OP_FUNCS = {"/": "_np.div", "%": "_np.mod", "^": "_np.power", "|": "_np.bitor", "&": "_np.bitand", "==": "_np.eq", "!=": "_np.ne"}
_COMPOUND = {"+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "^=": "^", "|=": "|", "&=": "&"}


class _VectorGen(CodeWriter):
    def __init__(self) -> None:
        super().__init__()
        self.mask = "True"
        self.used_vars: set[str] = set()
        self.written_vars: set[str] = set()

    def extra_needs_stmts(self, node: n.Node) -> bool:
        if isinstance(node, n.Assign):
            return True
        if isinstance(node, n.Cond):
            return self.has_effects(node.then) or self.has_effects(node.orelse)
        if isinstance(node, n.BinOp) and node.op in ("&&", "||"):
            return self.has_effects(node.right)
        return isinstance(node, n.Call) and node.name in ("memcpy", "memset")

    def under(self, mask_expr: str) -> str:
        """A temporary holding ``mask_expr`` combined with the current mask."""
        combined = mask_expr if self.mask == "True" else f"({self.mask}) & ({mask_expr})"
        name = self.new_temp()
        self.emit(f"{name} = {combined}")
        return name

    def with_mask(self, mask: str, body: Any) -> Any:
        saved = self.mask
        self.mask = mask
        try:
            return body()
        finally:
            self.mask = saved

    def var(self, name: str) -> str:
        reg = register_index(name)
        if reg is not None:
            return f"_reg[{reg}]"
        self.used_vars.add(name)
        return "v_" + name

    # -- expressions ---------------------------------------------------------------------

    def literal(self, value: float) -> str:
        return repr(float(value))

    def unary(self, op: str, operand: str) -> str:
        return f"(-{operand})" if op == "-" else f"_np.lnot({operand})"

    def combine(self, op: str, left: str, right: str) -> str:
        if op in ("+", "-", "*"):
            return f"({left} {op} {right})"
        return f"{_OP_FUNCS[op]}({left}, {right})"

    def binop(self, node: n.BinOp) -> str:
        op = node.op
        if op in ("&&", "||"):
            joined = "&" if op == "&&" else "|"
            if not self.has_effects(node.right):
                left, right = self.operands((node.left, node.right))
                return f"_np.f(_np.truthy({left}) {joined} _np.truthy({right}))"
            left = self.spill(f"_np.truthy({self.expr(node.left)})")
            branch = self.under(left if op == "&&" else f"_np.negate_mask({left})")
            right = self.with_mask(branch, lambda: self.expr(node.right))
            return f"_np.f({left} {joined} _np.truthy({right}))"
        left, right = self.operands((node.left, node.right))
        if op in ("+", "-", "*"):
            return f"({left} {op} {right})"
        if op in _OP_FUNCS:
            return f"{_OP_FUNCS[op]}({left}, {right})"
        return f"_np.f({left} {op} {right})"  # < > <= >= are exact

    def cond(self, node: n.Cond) -> str:
        if not (self.has_effects(node.then) or self.has_effects(node.orelse)):
            test, then, orelse = self.operands((node.test, node.then, node.orelse))
            return f"_np.where(_np.truthy({test}), {then}, {orelse})"
        test = self.spill(f"_np.truthy({self.expr(node.test)})")
        then_mask = self.under(test)
        then = self.spill(self.with_mask(then_mask, lambda: self.expr(node.then)))
        else_mask = self.under(f"_np.negate_mask({test})")
        orelse = self.with_mask(else_mask, lambda: self.expr(node.orelse))
        return f"_np.where({test}, {then}, {orelse})"

    def assign_simple(self, target: n.Node, op: str, value: n.Node) -> str:
        if isinstance(target, n.Var):
            name = self.var(target.name)
            rhs = self.expr(value)
            if op != "=":
                rhs = self.combine(_COMPOUND[op], name, rhs)
            result = self.spill(rhs)
            reg = register_index(target.name)
            if reg is not None:
                self.emit(f"_np.reg_set(_reg, {reg}, {result}, {self.mask}, _n)")
            else:
                self.written_vars.add(target.name)
                self.emit(f"{name} = _np.select({self.mask}, {result}, {name})")
            return result
        if isinstance(target, n.Call) and target.name in ("megabuf", "gmegabuf"):
            index, rhs = self.operands((target.args[0], value))
            index = self.spill(index)
            if target.name == "megabuf":
                getter, setter = f"_np.mem_get(_mem, {index}, _n)", "_np.mem_set(_mem"
            else:
                getter, setter = f"_np.gmem_get(_shared, {index}, _n)", "_np.gmem_set(_shared"
            if op != "=":
                rhs = self.combine(_COMPOUND[op], getter, rhs)
            result = self.spill(rhs)
            self.emit(f"{setter}, {index}, {result}, {self.mask}, _n)")
            return result
        if isinstance(target, n.Cond):
            test = self.spill(f"_np.truthy({self.expr(target.test)})")
            then_mask = self.under(test)
            then = self.spill(self.with_mask(then_mask, lambda: self.assign(target.then, op, value)))
            else_mask = self.under(f"_np.negate_mask({test})")
            orelse = self.with_mask(else_mask, lambda: self.assign(target.orelse, op, value))
            return self.spill(f"_np.where({test}, {then}, {orelse})")
        raise AssertionError(target)

    def call(self, node: n.Call) -> str:
        name = node.name
        if name == "loop":
            count = self.spill(f"_np.loop_count({self.expr(node.args[0])}, {self.mask})")
            i = self.new_temp()
            self.emit(f"for {i} in range(_np.loop_max({count})):")

            def body() -> None:
                mask = self.under(f"{count} > {i}")
                self.with_mask(mask, lambda: self.stmt(node.args[1]))

            self.block(body)
            return "0.0"
        if name == "while":
            active = self.new_temp()
            self.emit(f"{active} = {self.mask}")
            i = self.new_temp()
            self.emit(f"for {i} in range({LOOP_CAP}):")

            def body() -> None:
                value = self.with_mask(active, lambda: self.expr(node.args[0]))
                self.emit(f"{active} = ({active}) & _np.truthy({value})")
                self.emit(f"if not _np.any_true({active}):")
                self.emit("    break")

            self.block(body)
            return "0.0"
        args = self.operands(node.args)
        if name == "sqr":
            return f"_np.square({args[0]})"
        if name in _UNARY_FUNCS:
            return f"{_UNARY_FUNCS[name]}({args[0]})"
        if name in _BINARY_FUNCS:
            return f"{_BINARY_FUNCS[name]}({args[0]}, {args[1]})"
        if name == "rand":
            return f"_np.rand(_shared, {args[0]}, {self.mask}, _n)"
        if name == "megabuf":
            return f"_np.mem_get(_mem, {args[0]}, _n)"
        if name == "gmegabuf":
            return f"_np.gmem_get(_shared, {args[0]}, _n)"
        if name in ("memcpy", "memset"):
            result = self.spill(args[0])
            self.emit(f"_np.mem_call(_mem, {name!r}, {result}, {args[1]}, {args[2]}, {self.mask}, _n)")
            return result
        if name == "freembuf":
            return args[0]
        raise AssertionError(name)

    def stmt(self, node: n.Node) -> None:
        if isinstance(node, n.Seq):
            for item in node.items:
                self.stmt(item)
            return
        if isinstance(node, n.Cond) and (self.has_effects(node.then) or self.has_effects(node.orelse)):
            test = self.spill(f"_np.truthy({self.expr(node.test)})")
            then_mask = self.under(test)
            self.with_mask(then_mask, lambda: self.stmt(node.then))
            else_mask = self.under(f"_np.negate_mask({test})")
            self.with_mask(else_mask, lambda: self.stmt(node.orelse))
            return
        code = self.expr(node)
        if self.has_effects(node) and not self.is_temp(code) and not code.isidentifier():
            self.emit(code)


class VectorContext:
    """N elements' variables (floats or arrays), one megabuf, and the shared memory."""

    __slots__ = ("n", "vars", "megabuf", "shared")

    def __init__(self, n: int, shared: SharedMemory | None = None, variables: dict[str, Any] | None = None) -> None:
        self.n = n
        self.vars: dict[str, Any] = dict(variables) if variables else {}
        self.megabuf = Megabuf()
        self.shared = shared if shared is not None else SHARED


class VectorBlock:
    """A block compiled for the numpy backend; ``run(ctx)`` runs all ``ctx.n`` elements."""

    __slots__ = ("source", "code", "_func", "writes")

    def __init__(self, source: str, code: CodeType, func: Any, writes: frozenset[str]) -> None:
        self.source = source
        self.code = code
        self._func = func
        self.writes = writes

    def run(self, ctx: VectorContext) -> None:
        with np.errstate(all="ignore"):
            self._func(ctx.vars, ctx.megabuf, ctx.shared, ctx.shared.registers, ctx.n)


def compile_vector(program: "Program", per_element_inputs: frozenset[str], check: bool = True) -> VectorBlock:
    if check:
        blockers = program.effects.vector_blockers(per_element_inputs)
        if blockers:
            raise BackendUnsupported("numpy", "; ".join(blockers))
    gen = _VectorGen()
    gen.stmt(program.tree)
    load = [f"    v_{v} = _vars_get({v!r}, 0.0)" for v in sorted(gen.used_vars)]
    store = [f"    _vars[{v!r}] = v_{v}" for v in sorted(gen.written_vars)]
    header = ["def _eel_vector(_vars, _mem, _shared, _reg, _n):", "    _vars_get = _vars.get"]
    source = "\n".join(header + load + gen.lines + store + ["    return None", ""])
    code = compile(source, f"<eel numpy {program.block}>", "exec")
    namespace: dict[str, Any] = {"np": np, "_np": _npmath}
    exec(code, namespace)
    return VectorBlock(source, code, namespace["_eel_vector"], frozenset(gen.written_vars))
