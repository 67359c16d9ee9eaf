"""What every code generator shares: tree facts, statement emission, temporaries and spilling.

EEL evaluates left to right and any sub-expression may have effects. A generator builds each
operand as a target-language expression string; when a later operand must emit statements (a
loop, a list, a branch with effects), the earlier operands are first stored in temporaries so they
are still evaluated before it.
"""

from __future__ import annotations

from collections.abc import Callable

from eel import nodes as n

# Expressions taller than this are cut into temporaries, so the target language's parser never
# sees deeply nested source (Python refuses more than 200 nested parentheses).
MAX_INLINE_HEIGHT = 16


_CHILDREN = {
    n.Num: lambda node: (),
    n.Var: lambda node: (),
    n.Unary: lambda node: (node.operand,),
    n.BinOp: lambda node: (node.left, node.right),
    n.Cond: lambda node: (node.test, node.then, node.orelse),
    n.Seq: lambda node: node.items,
    n.Assign: lambda node: (node.target, node.value),
    n.Call: lambda node: node.args,
}


def children(node: n.Node) -> tuple[n.Node, ...]:
    return _CHILDREN[type(node)](node)  # type: ignore[no-any-return]


_EFFECT_CALLS = frozenset(("rand", "loop", "while", "memcpy", "memset"))


def simple_target(target: n.Node) -> bool:
    return isinstance(target, n.Var) or (isinstance(target, n.Call) and target.name in ("megabuf", "gmegabuf"))


def reference_of(node: n.Assign) -> n.Node:
    """The reference an assignment passes on: its innermost target (``(a += b) = 5`` assigns a)."""
    target = node.target
    while isinstance(target, n.Assign):
        target = target.target
    return target


def is_literal(code: str) -> bool:
    try:
        float(code)
    except ValueError:
        return False
    return True


def is_atom(code: str) -> bool:
    return is_literal(code) or code.isidentifier()


class CodeWriter:
    """Indented statement emission plus the tree facts generators need."""

    indent_unit = "    "
    temp_prefix = "_t"

    def __init__(self, heights: dict[int, int] | None = None) -> None:
        self.lines: list[str] = []
        self.indent = 1
        self.temp_count = 0
        self._height: dict[int, int] = heights if heights is not None else {}
        self._stmts: dict[int, bool] = {}
        self._effects: dict[int, bool] = {}

    def emit(self, line: str) -> None:
        self.lines.append(self.indent_unit * self.indent + line)

    def new_temp(self) -> str:
        self.temp_count += 1
        return f"{self.temp_prefix}{self.temp_count}"

    def is_temp(self, code: str) -> bool:
        return code.startswith(self.temp_prefix) and code[len(self.temp_prefix):].isdigit()

    def spill(self, expr: str) -> str:
        """Evaluate ``expr`` now into a temporary (unless it is a literal or already one)."""
        if self.is_temp(expr) or is_literal(expr):
            return expr
        name = self.new_temp()
        self.assign_temp(name, expr)
        return name

    def assign_temp(self, name: str, expr: str) -> None:
        self.emit(f"{name} = {expr}")

    def block(self, body: Callable[[], None], empty: str = "pass") -> None:
        self.indent += 1
        start = len(self.lines)
        body()
        if len(self.lines) == start and empty:
            self.emit(empty)
        self.indent -= 1

    def height(self, node: n.Node) -> int:
        memo = self._height.get(id(node))
        if memo is None:
            kids = _CHILDREN[type(node)](node)
            memo = 1
            for kid in kids:
                h = self.height(kid) + 1
                if h > memo:
                    memo = h
            self._height[id(node)] = memo
        return memo

    def has_effects(self, node: n.Node) -> bool:
        """Whether evaluating ``node`` changes anything besides producing its value (memoized)."""
        memo = self._effects.get(id(node))
        if memo is None:
            if isinstance(node, n.Assign):
                memo = True
            elif isinstance(node, n.Call) and node.name in _EFFECT_CALLS:
                memo = True
            else:
                memo = any(self.has_effects(k) for k in _CHILDREN[type(node)](node))
            self._effects[id(node)] = memo
        return memo

    def needs_stmts(self, node: n.Node) -> bool:
        """True when generating ``node`` emits statements, so earlier operands must be spilled."""
        key = id(node)
        memo = self._stmts.get(key)
        if memo is not None:
            return memo
        if isinstance(node, n.Seq):
            result = len(node.items) != 1 or self.needs_stmts(node.items[0])
        elif isinstance(node, n.Call) and node.name in ("loop", "while"):
            result = True
        elif isinstance(node, n.Assign) and not simple_target(node.target):
            result = True
        elif self.height(node) > MAX_INLINE_HEIGHT:
            result = True
        else:
            result = self.extra_needs_stmts(node) or any(self.needs_stmts(k) for k in children(node))
        self._stmts[key] = result
        return result

    def extra_needs_stmts(self, node: n.Node) -> bool:
        """Backends add their own statement-only constructs here."""
        return False

    def operands(self, nodes: tuple[n.Node, ...] | list[n.Node]) -> list[str]:
        """Generate operands left to right, spilling earlier ones before a later one emits statements."""
        out: list[str] = []
        for node in nodes:
            if out and self.needs_stmts(node):
                out = [self.spill(e) for e in out]
            out.append(self.expr(node))
        return out

    def expr(self, node: n.Node) -> str:
        code = self.gen_expr(node)
        if self.height(node) > MAX_INLINE_HEIGHT and not isinstance(node, (n.Num, n.Var)):
            return self.spill(code)
        return code

    # -- the shared shape of every generator ------------------------------------------------
    # Backends implement literal, var, unary, binop, cond, call, stmt and assign_simple (Var,
    # megabuf and Cond targets); lists and pass-through references are handled here once.

    def gen_expr(self, node: n.Node) -> str:
        if isinstance(node, n.Num):
            return self.literal(node.value)
        early = self.before_expr(node)
        if early is not None:
            return early
        if isinstance(node, n.Var):
            return self.var(node.name)
        if isinstance(node, n.Unary):
            return self.unary(node.op, self.expr(node.operand))
        if isinstance(node, n.BinOp):
            return self.binop(node)
        if isinstance(node, n.Cond):
            return self.cond(node)
        if isinstance(node, n.Seq):
            if not node.items:
                return self.literal(0.0)
            for item in node.items[:-1]:
                self.stmt(item)
            return self.expr(node.items[-1])
        if isinstance(node, n.Assign):
            return self.assign(node.target, node.op, node.value)
        if isinstance(node, n.Call):
            return self.call(node)
        raise AssertionError(node)

    def before_expr(self, node: n.Node) -> str | None:
        """A backend may answer for a node before the dispatch (the GLSL backend folds constants)."""
        return None

    def assign(self, target: n.Node, op: str, value: n.Node) -> str:
        """``target op= value``; the result is the assigned value. References pass through
        ``(a += b) = v`` and ``(x; a) = v``; anything else is evaluated and nothing stored."""
        if isinstance(target, (n.Var, n.Cond)) or (isinstance(target, n.Call) and target.name in ("megabuf", "gmegabuf")):
            return self.assign_simple(target, op, value)
        if isinstance(target, n.Assign):
            self.stmt(target)
            return self.assign(reference_of(target), op, value)
        if isinstance(target, n.Seq) and target.items:
            for item in target.items[:-1]:
                self.stmt(item)
            return self.assign(target.items[-1], op, value)
        # Not a reference: MilkDrop evaluates both sides and stores nothing.
        self.stmt(target)
        return self.expr(value)

    def literal(self, value: float) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def var(self, name: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def unary(self, op: str, operand: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def binop(self, node: n.BinOp) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def cond(self, node: n.Cond) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def call(self, node: n.Call) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def stmt(self, node: n.Node) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def assign_simple(self, target: n.Node, op: str, value: n.Node) -> str:  # pragma: no cover - abstract
        raise NotImplementedError
