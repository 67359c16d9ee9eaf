"""GLSL 330 text from a checked HLSL tree, spliced into the warp/comp template.

Every conversion is already an explicit ``Convert`` node; this module only spells things the GLSL
way (``matrixCompMult``, ``lessThan``, ``M * v`` for ``mul(v, M)``...) and remembers, for each
output line, the preset line it came from so driver errors can be mapped back.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from . import nodes as n
from .checker import CheckedShader
from .environment import template
from .intrinsics import GRADIENT_FORMS, Intrinsic
from .types import MATRIX, SCALAR, VECTOR, Type

_COMPARE = {"<": "lessThan", ">": "greaterThan", "<=": "lessThanEqual", ">=": "greaterThanEqual",
            "==": "equal", "!=": "notEqual"}


@cache
def helper_sections() -> dict[str, str]:
    """``glsl/intrinsics.glsl`` split at its ``// @helper NAME`` markers."""
    text = resources.files(__package__).joinpath("glsl", "intrinsics.glsl").read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    for chunk in re.split(r"^// @helper ", text, flags=re.M)[1:]:
        name, _, body = chunk.partition("\n")
        sections[name.strip()] = body.strip()
    return sections


def zero(t: Type) -> str:
    """GLSL for the zero value of ``t`` (what an uninitialized HLSL variable holds here)."""
    if t.array is not None:
        element = zero(t.element())
        return f"{t.element().glsl()}[{t.array}](" + ", ".join([element] * t.array) + ")"
    if t.kind == SCALAR:
        return {"float": "0.0", "int": "0", "uint": "0u", "bool": "false"}[t.base]
    return f"{t.glsl()}({zero(Type(t.base))})"


def declarator(t: Type, name: str) -> str:
    if t.array is not None:
        return f"{t.element().glsl()} {name}[{t.array}]"
    return f"{t.glsl()} {name}"


class GlslWriter:
    def __init__(self, checked: CheckedShader) -> None:
        self.checked = checked
        self.lines: list[str] = []
        self.origins: list[int] = []  # preset line of each line in self.lines (0: none)
        self.indent = 0

    def emit(self, text: str, line: int = 0) -> None:
        self.lines.append("    " * self.indent + text)
        self.origins.append(line)

    # ------------------------------------------------------------ whole shader
    def write(self) -> tuple[str, list[int]]:
        """The complete fragment shader and the preset line of each of its lines (1-based list)."""
        checked = self.checked
        for name, t in checked.uniforms.items():
            self.emit(f"uniform {t.glsl()} {name};")
        for name, t in checked.samplers.items():
            self.emit(f"uniform {t.glsl()} {name};")
        sections = helper_sections()
        for helper in checked.helpers:
            for text in sections[helper].splitlines():
                self.emit(text)
        for name in checked.written_uniforms:
            self.emit(f"{checked.uniforms[name].glsl()} {name}_w;")
        for decl in checked.globals:
            self.emit(declarator(decl.vtype, decl.glsl_name) + ";", decl.line)
        for item in checked.program.items:
            if isinstance(item, n.FunctionDecl):
                self.function(item)
        self.emit("void hlsl_init_globals() {")
        self.indent += 1
        for name in checked.written_uniforms:
            self.emit(f"{name}_w = {name};")
        for decl in checked.globals:
            value = self.expr(decl.init) if decl.init is not None else zero(decl.vtype)
            self.emit(f"{decl.glsl_name} = {value};", decl.line)
        self.indent -= 1
        self.emit("}")
        for item in checked.program.items:
            if isinstance(item, n.ShaderBody):
                self.emit("void shader_body() {", item.line)
                self.indent += 1
                for s in item.body.body:
                    self.statement(s)
                self.indent -= 1
                self.emit("}")
        frame = template(checked.kind)
        head, marker, tail = frame.partition("//@DECLARATIONS")
        assert marker, "template lacks its //@DECLARATIONS marker"
        head_lines = head.count("\n")
        origins = [0] * head_lines + self.origins + [0] * (tail.count("\n") + 1)
        return head + "\n".join(self.lines) + tail, origins

    def function(self, fn: n.FunctionDecl) -> None:
        params = ", ".join(
            ("" if p.qualifier == "in" else p.qualifier + " ") + declarator(p.ptype, p.glsl_name) for p in fn.params
        )
        signature = f"{fn.ret.glsl()} {fn.glsl_name}({params})"
        if fn.body is None:
            self.emit(signature + ";", fn.line)
            return
        self.emit(signature + " {", fn.line)
        self.indent += 1
        for s in fn.body.body:
            self.statement(s)
        if fn.ret.kind != "void" and not (fn.body.body and isinstance(fn.body.body[-1], n.Return)):
            self.emit(f"return {zero(fn.ret)};")  # fxc tolerates falling off the end; GLSL does not
        self.indent -= 1
        self.emit("}")

    # ------------------------------------------------------------ statements
    def body(self, s: n.Stmt) -> None:
        """A statement as the braced body of if/for/while/do."""
        self.indent += 1
        if isinstance(s, n.Block) and s.scoped:
            for inner in s.body:
                self.statement(inner)
        else:
            self.statement(s)
        self.indent -= 1

    def statement(self, s: n.Stmt) -> None:
        if isinstance(s, n.Block):
            if not s.scoped:
                for inner in s.body:
                    self.statement(inner)
                return
            self.emit("{", s.line)
            self.body(s)
            self.emit("}")
        elif isinstance(s, n.DeclStmt):
            for d in s.decls:
                value = self.expr(d.init) if d.init is not None else zero(d.vtype)
                self.emit(f"{declarator(d.vtype, d.glsl_name)} = {value};", d.line)
        elif isinstance(s, n.ExprStmt):
            self.emit(self.top(s.expr) + ";", s.line)
        elif isinstance(s, n.If):
            self.emit(f"if ({self.top(s.cond)}) {{", s.line)
            self.body(s.then)
            other = s.other
            while isinstance(other, n.If):
                self.emit(f"}} else if ({self.top(other.cond)}) {{", other.line)
                self.body(other.then)
                other = other.other
            if other is not None:
                self.emit("} else {", other.line)
                self.body(other)
            self.emit("}")
        elif isinstance(s, n.For):
            init = self.top(s.init.expr) if isinstance(s.init, n.ExprStmt) else ""
            cond = self.top(s.cond) if s.cond is not None else ""
            step = self.top(s.step) if s.step is not None else ""
            self.emit(f"for ({init}; {cond}; {step}) {{", s.line)
            self.body(s.body)
            self.emit("}")
        elif isinstance(s, n.While):
            self.emit(f"while ({self.top(s.cond)}) {{", s.line)
            self.body(s.body)
            self.emit("}")
        elif isinstance(s, n.DoWhile):
            self.emit("do {", s.line)
            self.body(s.body)
            self.emit(f"}} while ({self.top(s.cond)});", s.cond.line)
        elif isinstance(s, n.Return):
            self.emit("return;" if s.value is None else f"return {self.top(s.value)};", s.line)
        elif isinstance(s, n.Jump):
            self.emit(f"{s.kind};", s.line)
        elif isinstance(s, n.Empty):
            pass
        else:  # pragma: no cover - the parser makes no other statements
            raise AssertionError(type(s).__name__)

    # ------------------------------------------------------------ expressions
    def top(self, e: n.Expr) -> str:
        """An expression without its outermost parentheses."""
        text = self.expr(e)
        if isinstance(e, (n.Binary, n.Assign, n.Ternary)) and text.startswith("(") and text.endswith(")"):
            return text[1:-1]
        return text

    def expr(self, e: n.Expr) -> str:
        return getattr(self, f"x_{type(e).__name__}")(e)  # type: ignore[no-any-return]

    def x_Literal(self, e: n.Literal) -> str:
        return e.value

    def x_Name(self, e: n.Name) -> str:
        return e.symbol.glsl_name  # type: ignore[no-any-return]

    def x_Binary(self, e: n.Binary) -> str:
        left_node, right_node = e.left, e.right
        if e.op in ("+", "-", "*", "/") and e.type is not None and e.type.kind != SCALAR:
            # GLSL mixes a vector or matrix with a scalar of its base directly: no splat needed
            left_node, right_node = _unsplat(left_node), _unsplat(right_node)
            if left_node is not e.left and right_node is not e.right:
                left_node = e.left  # one side must keep the vector/matrix type
        left, right = self.expr(left_node), self.expr(right_node)
        operand = e.left.type
        assert operand is not None
        if e.op in _COMPARE and operand.kind == VECTOR:
            return f"{_COMPARE[e.op]}({left}, {right})"
        if e.op in ("&&", "||") and operand.kind == VECTOR:
            # GLSL has no component-wise && and ||: go through 0/1 floats
            t = operand.glsl()[1:]  # bvecN -> vecN
            combine = "*" if e.op == "&&" else "+"
            return f"{operand.glsl()}({t}({left}) {combine} {t}({right}))"
        if e.op == "%" and operand.base == "float":
            if e.type is not None and e.type.kind == MATRIX:
                rows = ", ".join(f"hlsl_fmod({left}[{r}], {right}[{r}])" for r in range(e.type.rows))
                return f"{e.type.glsl()}({rows})"
            return f"hlsl_fmod({left}, {right})"
        if e.op == "*" and _is_matrix(left_node) and _is_matrix(right_node):
            return f"matrixCompMult({left}, {right})"  # HLSL '*' is element-wise, GLSL's is a product
        return f"({left} {e.op} {right})"

    def x_Unary(self, e: n.Unary) -> str:
        operand = self.expr(e.operand)
        if e.op == "!" and e.type is not None and e.type.kind == VECTOR:
            return f"not({operand})"
        return f"({e.op}{operand})"

    def x_Postfix(self, e: n.Postfix) -> str:
        return f"({self.expr(e.operand)}{e.op})"

    def x_Assign(self, e: n.Assign) -> str:
        return f"({self.expr(e.target)} {e.op} {self.top(e.value)})"

    def x_Ternary(self, e: n.Ternary) -> str:
        cond, then, other = self.expr(e.cond), self.expr(e.then), self.expr(e.other)
        if e.cond.type is not None and e.cond.type.kind == VECTOR:
            assert e.type is not None
            if e.type.base == "float":
                return f"mix({other}, {then}, {cond})"
            floats = e.type.with_base("float").glsl()  # GLSL 330 selects with mix() on floats only
            return f"{e.type.glsl()}(mix({floats}({other}), {floats}({then}), {cond}))"
        return f"({cond} ? {then} : {other})"

    def x_Comma(self, e: n.Comma) -> str:
        return "(" + ", ".join(self.top(i) for i in e.items) + ")"

    def x_Swizzle(self, e: n.Swizzle) -> str:
        operand = self.expr(e.operand)
        source = e.operand.type
        assert source is not None
        if source.kind == SCALAR:
            if len(e.fields) == 1:
                return operand
            return f"{e.type.glsl()}({operand})"  # type: ignore[union-attr]
        return f"{operand}.{e.fields}"

    def x_Index(self, e: n.Index) -> str:
        return f"{self.expr(e.operand)}[{self.top(e.index)}]"

    def x_Constructor(self, e: n.Constructor) -> str:
        args = ", ".join(self.top(a) for a in e.args)
        t = e.ctype
        if t.array is not None:
            return f"{t.element().glsl()}[{t.array}]({args})"
        return f"{t.glsl()}({args})"

    def x_Convert(self, e: n.Convert) -> str:
        src, dst = e.operand.type, e.to
        assert src is not None
        value = self.top(e.operand)
        if src.kind == SCALAR:
            if dst.kind == SCALAR:
                return f"{dst.glsl()}({value})"
            if dst.kind == VECTOR:
                if isinstance(e.operand, n.Literal) and src.base == "int" and dst.base == "float":
                    return f"{dst.glsl()}({float(e.operand.value)!r})"
                return f"{dst.glsl()}({value})"
            if src.base != "float":
                value = f"float({value})"
            return f"{dst.glsl()}(" + ", ".join([value] * dst.size) + ")"
        if src.kind != dst.kind and src.kind != SCALAR and dst.kind != SCALAR:  # float4 <-> float2x2
            if dst.kind == VECTOR:
                matrix_text = self.expr(e.operand)
                rows = ", ".join(f"{matrix_text}[{i}]" for i in range(src.rows))
                return f"{dst.glsl()}({rows})"
            return f"{dst.glsl()}({value})"
        if dst.kind == SCALAR:
            first = f"{self.expr(e.operand)}.x" if src.kind == VECTOR else f"{self.expr(e.operand)}[0][0]"
            return first if src.base == dst.base else f"{dst.glsl()}({first})"
        return f"{dst.glsl()}({value})"

    def x_Call(self, e: n.Call) -> str:
        target = e.target
        if isinstance(target, n.FunctionDecl):
            return f"{target.glsl_name}({', '.join(self.top(a) for a in e.args)})"
        args = [self.expr(a) for a in e.args]  # parenthesized: templates put them next to operators
        if target == "mul":
            return f"({self.expr(e.args[1])} * {self.expr(e.args[0])})"
        if target == "mul_scalar":
            a, b = e.args[0].type, e.args[1].type
            if a is not None and a.kind == MATRIX:
                return f"matrixCompMult({args[0]}, {args[1]})"
            return f"({self.expr(e.args[0])} * {self.expr(e.args[1])})"
        if target == "mul_dot":
            return f"dot({args[0]}, {args[1]})"
        assert isinstance(target, Intrinsic)
        pattern = target.glsl
        if target.name == "pow" and _odd_whole_literal(e.args[1]):
            # fxc turns pow(x, 3) into x*x*x: the sign of x survives an odd literal exponent
            pattern = "(pow(abs({0}), {1}) * sign({0}))"
        if len(args) == 4 and target.name in GRADIENT_FORMS:
            pattern = GRADIENT_FORMS[target.name]
        if target.name in ("all", "any") and e.args[0].type is not None and e.args[0].type.kind == SCALAR:
            return args[0]  # GLSL's all/any take only bool vectors
        if target.elementwise and e.type is not None and e.type.kind == MATRIX:
            # GLSL's built-ins take no matrices: apply per row (a GLSL column, see types.py)
            operands = [self.expr(a) for a in e.args]
            rows = [pattern.format(*(f"{o}[{r}]" for o in operands)) for r in range(e.type.rows)]
            return f"{e.type.glsl()}({', '.join(rows)})"
        return pattern.format(*args)


def _unsplat(e: n.Expr) -> n.Expr:
    if isinstance(e, n.Convert) and e.operand.type is not None and e.operand.type.kind == SCALAR:
        if e.operand.type.base == e.to.base:
            return e.operand
    return e


def _is_matrix(e: n.Expr) -> bool:
    return e.type is not None and e.type.kind == MATRIX


def _odd_whole_literal(e: n.Expr) -> bool:
    while isinstance(e, n.Convert):
        e = e.operand
    if not isinstance(e, n.Literal) or e.base == "bool":
        return False
    value = float(e.value.rstrip("u"))
    return value.is_integer() and int(value) % 2 == 1
