"""Scalar backend: an EEL block becomes one Python function, compiled once to a code object.

Variables live in Python locals for the duration of a run (loaded from ``ctx.vars`` on entry and
the written ones stored back on exit); registers index the shared list directly. Expressions are
Python expressions where EEL's meaning allows (``x = a + b`` becomes ``v_x = v_a + v_b``); loops,
lists and conditionals whose branches need statements are emitted as statements, with the values of
earlier operands spilled to temporaries so evaluation order stays left to right.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from typing import Any

from eel import nodes as n
from eel import runtime as rt
from eel.backends._codegen import CodeWriter, is_atom
from eel.intrinsics import EPSILON, LOOP_CAP, register_index

_T = f"{EPSILON!r}"  # truthiness threshold as source text

_CALL_NAMES = {
    "sin": "_rt.sin", "cos": "_rt.cos", "tan": "_rt.tan", "asin": "_rt.asin", "acos": "_rt.acos",
    "atan": "_rt.atan", "atan2": "_rt.atan2", "sqrt": "_rt.sqrt", "exp": "_rt.exp", "log": "_rt.log",
    "log10": "_rt.log10", "sign": "_rt.sign", "invsqrt": "_rt.invsqrt", "min": "_rt.minimum",
    "max": "_rt.maximum", "sigmoid": "_rt.sigmoid", "band": "_rt.band", "bor": "_rt.bor",
    "freembuf": "_rt.freembuf",
}

# Builtins written inline or as a method of the memory objects ({0}, {1}... are the arguments).
_CALL_TEMPLATES = {
    "abs": "abs({0})", "floor": "({0} // 1.0)", "ceil": "(-((-{0}) // 1.0))",
    "rand": "_shared.rand({0})", "megabuf": "_mem.get({0})", "gmegabuf": "_shared.gget({0})",
    "memcpy": "_mem.memcpy({0}, {1}, {2})", "memset": "_mem.memset({0}, {1}, {2})",
}

_BINOP_FUNCS = {"/": "_rt.div", "%": "_rt.mod", "^": "_rt.power", "|": "_rt.bitor", "&": "_rt.bitand"}
_REVERSED = {"/": "_rt.rdiv", "%": "_rt.rmod", "^": "_rt.rpower", "|": "_rt.rbitor", "&": "_rt.rbitand"}
_COMPOUND = {"+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "^=": "^", "|=": "|", "&=": "&"}


def _local(name: str) -> str:
    return "v_" + name


class _Gen(CodeWriter):
    def __init__(self) -> None:
        super().__init__()
        self.used_vars: set[str] = set()
        self.written_vars: set[str] = set()

    def var(self, name: str) -> str:
        reg = register_index(name)
        if reg is not None:
            return f"_reg[{reg}]"
        self.used_vars.add(name)
        return _local(name)

    def literal(self, value: float) -> str:
        return repr(float(value))

    def unary(self, op: str, operand: str) -> str:
        if op == "-":
            return f"(-{operand})"
        return f"(0.0 if abs({operand}) >= {_T} else 1.0)"

    def binop(self, node: n.BinOp) -> str:
        op = node.op
        if op in ("&&", "||"):
            left = self.expr(node.left)
            if self.needs_stmts(node.right):
                result = self.new_temp()
                truthy = f"abs({left}) >= {_T}"
                self.emit(f"if {truthy}:" if op == "&&" else f"if not ({truthy}):")
                self.indent += 1
                right = self.expr(node.right)
                self.emit(f"{result} = 1.0 if abs({right}) >= {_T} else 0.0")
                self.indent -= 1
                self.emit("else:")
                self.emit(f"    {result} = {'0.0' if op == '&&' else '1.0'}")
                return result
            right = self.expr(node.right)
            if op == "&&":
                return f"((1.0 if abs({right}) >= {_T} else 0.0) if abs({left}) >= {_T} else 0.0)"
            return f"(1.0 if abs({left}) >= {_T} else (1.0 if abs({right}) >= {_T} else 0.0))"
        left, right = self.operands((node.left, node.right))
        if op in ("+", "-", "*"):
            return f"({left} {op} {right})"
        if op in _BINOP_FUNCS:
            return f"{_BINOP_FUNCS[op]}({left}, {right})"
        if op == "==":
            return f"(0.0 if abs({left} - {right}) >= {_T} else 1.0)"
        if op == "!=":
            return f"(1.0 if abs({left} - {right}) >= {_T} else 0.0)"
        return f"(1.0 if {left} {op} {right} else 0.0)"  # < > <= >= are exact

    def cond(self, node: n.Cond) -> str:
        test = self.expr(node.test)
        if not (self.needs_stmts(node.then) or self.needs_stmts(node.orelse)):
            then = self.expr(node.then)
            orelse = self.expr(node.orelse)
            return f"({then} if abs({test}) >= {_T} else {orelse})"
        result = self.new_temp()
        self.emit(f"if abs({test}) >= {_T}:")
        self.block(lambda: self.emit(f"{result} = {self.expr(node.then)}"))
        self.emit("else:")
        self.block(lambda: self.emit(f"{result} = {self.expr(node.orelse)}"))
        return result

    def assign_simple(self, target: n.Node, op: str, value: n.Node) -> str:
        if isinstance(target, n.Var):
            name = self.var(target.name)
            if register_index(target.name) is None:
                self.written_vars.add(target.name)
            rhs = self.expr(value)
            if op != "=":
                rhs = self.combine_after(_COMPOUND[op], name, rhs)
            if name.startswith("_reg"):
                return f"_rt.regset(_reg, {register_index(target.name)}, {rhs})"
            return f"({name} := {rhs})"
        if isinstance(target, n.Call) and target.name in ("megabuf", "gmegabuf"):
            getter, setter = ("_mem.get", "_mem.set") if target.name == "megabuf" else ("_shared.gget", "_shared.gset")
            index, rhs = self.operands((target.args[0], value))
            if op == "=":
                return f"{setter}({index}, {rhs})"
            t = self.new_temp()
            return f"{setter}(({t} := {index}), {self.combine_after(_COMPOUND[op], f'{getter}({t})', rhs)})"
        if isinstance(target, n.Cond):
            test = self.expr(target.test)
            result = self.new_temp()
            self.emit(f"if abs({test}) >= {_T}:")
            self.block(lambda: self.emit(f"{result} = {self.assign(target.then, op, value)}"))
            self.emit("else:")
            self.block(lambda: self.emit(f"{result} = {self.assign(target.orelse, op, value)}"))
            return result
        raise AssertionError(target)

    def combine_after(self, op: str, target: str, value: str) -> str:
        """``target op value`` with ``value`` evaluated first (IEEE + and * commute exactly)."""
        if op in ("+", "*"):
            return f"{value} {op} {target}"
        if op == "-":
            return f"-({value}) + {target}"
        return f"{_REVERSED[op]}({value}, {target})"

    def combine(self, op: str, left: str, right: str) -> str:
        if op in ("+", "-", "*"):
            return f"{left} {op} {right}"
        return f"{_BINOP_FUNCS[op]}({left}, {right})"

    def call(self, node: n.Call) -> str:
        name = node.name
        if name == "loop":
            count = self.expr(node.args[0])
            counter = self.new_temp()
            self.emit(f"for {counter} in range(_rt.loop_count({count})):")
            self.block(lambda: self.stmt(node.args[1]))
            return "0.0"
        if name == "while":
            counter = self.new_temp()
            self.emit(f"for {counter} in range({LOOP_CAP}):")

            def body() -> None:
                value = self.expr(node.args[0])
                self.emit(f"if not (abs({value}) >= {_T}):")
                self.emit("    break")

            self.block(body)
            return "0.0"
        args = self.operands(node.args)
        if name == "sqr":
            if is_atom(args[0]):
                return f"({args[0]} * {args[0]})"
            t = self.new_temp()
            return f"(({t} := {args[0]}) * {t})"
        template = _CALL_TEMPLATES.get(name)
        if template is not None:
            return template.format(*args)
        return f"{_CALL_NAMES[name]}({', '.join(args)})"

    # -- statements -----------------------------------------------------------------------

    def stmt(self, node: n.Node) -> None:
        """Generate ``node`` for its effects only."""
        if isinstance(node, n.Seq):
            for item in node.items:
                self.stmt(item)
            return
        if isinstance(node, n.Assign) and isinstance(node.target, n.Var) and register_index(node.target.name) is None:
            name = self.var(node.target.name)
            self.written_vars.add(node.target.name)
            rhs = self.expr(node.value)
            if node.op != "=":
                rhs = self.combine_after(_COMPOUND[node.op], name, rhs)
            self.emit(f"{name} = {rhs}")
            return
        if isinstance(node, n.Cond) and (self.needs_stmts(node.then) or self.needs_stmts(node.orelse) or self.has_effects(node.then) or self.has_effects(node.orelse)):
            test = self.expr(node.test)
            self.emit(f"if abs({test}) >= {_T}:")
            self.block(lambda: self.stmt(node.then))
            self.emit("else:")
            self.block(lambda: self.stmt(node.orelse))
            return
        code = self.expr(node)
        if not is_atom(code) and self.has_effects(node):
            self.emit(code)


class ScalarBlock:
    """A block compiled for the scalar backend.

    ``run(ctx)`` executes it once on a context. ``run_many`` runs it once per element (mesh
    vertex, wave point, shape instance) in one generated loop, so the variables stay in locals
    between elements instead of going through ``ctx.vars`` each time; the result is the same as
    calling ``run`` per element after setting that element's inputs.
    """

    __slots__ = ("source", "code", "_func", "reads_writes", "_body", "_used", "_written", "_name", "_loops")

    def __init__(self, source: str, code: CodeType, func: Callable[..., None], gen: "_Gen", name: str) -> None:
        self.source = source  # the generated Python, for debugging
        self.code = code
        self._func = func
        self.reads_writes = frozenset(gen.used_vars)
        self._body = list(gen.lines)
        self._used = frozenset(gen.used_vars)
        self._written = frozenset(gen.written_vars)
        self._name = name
        self._loops: dict[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], Callable[..., None]] = {}

    def run(self, ctx: rt.Context) -> None:
        self._func(ctx.vars, ctx.megabuf, ctx.shared, ctx.shared.registers)

    def run_many(
        self,
        ctx: rt.Context,
        count: int,
        per_element: dict[str, list[float]],
        resets: dict[str, float],
        outputs: tuple[str, ...],
    ) -> dict[str, list[float]]:
        """Run ``count`` elements: before each, ``resets`` names take their value and
        ``per_element`` names their element's value; returns each output name's values."""
        key = (tuple(sorted(per_element)), tuple(sorted(resets)), tuple(outputs))
        loop = self._loops.get(key)
        if loop is None:
            loop = self._loops[key] = self._compile_loop(*key)
        out = {name: [0.0] * count for name in outputs}
        loop(ctx.vars, ctx.megabuf, ctx.shared, ctx.shared.registers, count, per_element, resets, out)
        return out

    def _compile_loop(self, inputs: tuple[str, ...], resets: tuple[str, ...], outputs: tuple[str, ...]) -> Callable[..., None]:
        lines = ["def _eel_many(_vars, _mem, _shared, _reg, _n, _in, _resets, _out):", "    _vars_get = _vars.get"]
        lines += [f"    {_local(v)} = _vars_get({v!r}, 0.0)" for v in sorted(self._used)]
        lines += [f"    _in_{v} = _in[{v!r}]" for v in inputs]
        lines += [f"    _c_{v} = _resets[{v!r}]" for v in resets]
        lines += [f"    _o_{v} = _out[{v!r}]" for v in outputs]
        lines.append("    for _i in range(_n):")
        lines += [f"        {_local(v)} = _c_{v}" for v in resets if v in self._used]
        lines += [f"        {_local(v)} = _in_{v}[_i]" for v in inputs if v in self._used]
        lines += ["    " + line for line in self._body]
        for v in outputs:
            if v in self._used:
                value = _local(v)
            elif v in inputs:
                value = f"_in_{v}[_i]"
            elif v in resets:
                value = f"_c_{v}"
            else:
                value = f"_vars_get({v!r}, 0.0)"
            lines.append(f"        _o_{v}[_i] = {value}")
        stored = sorted(self._written | (self._used & (set(inputs) | set(resets))))
        if stored:  # the context keeps the last element's values, as MilkDrop's does
            lines.append("    if _n:")
            lines += [f"        _vars[{v!r}] = {_local(v)}" for v in stored]
        lines += ["    return None", ""]
        source = "\n".join(lines)
        namespace: dict[str, Any] = {"_rt": rt}
        exec(compile(source, f"<eel {self._name} x N>", "exec"), namespace)
        return namespace["_eel_many"]  # type: ignore[no-any-return]


def compile_scalar(tree: n.Node, name: str = "block") -> ScalarBlock:
    """Generate and compile the Python function for ``tree``. May raise ``RecursionError``."""
    gen = _Gen()
    gen.stmt(tree)
    body = gen.lines
    load = [f"    {_local(v)} = _vars_get({v!r}, 0.0)" for v in sorted(gen.used_vars)]
    store = [f"    _vars[{v!r}] = {_local(v)}" for v in sorted(gen.written_vars)]
    header = ["def _eel_block(_vars, _mem, _shared, _reg):", "    _vars_get = _vars.get"]
    source = "\n".join(header + load + body + store + ["    return None", ""])
    code = compile(source, f"<eel {name}>", "exec")
    namespace: dict[str, Any] = {"_rt": rt}
    exec(code, namespace)
    return ScalarBlock(source, code, namespace["_eel_block"], gen, name)
