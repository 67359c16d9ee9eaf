"""Names, types and HLSL's implicit conversions.

The checker resolves every name, infers every expression's type, picks user-function overloads and
intrinsic rules, and wraps each implicit HLSL conversion (splat, truncation, int↔float, bool) in an
explicit ``Convert`` node, so the GLSL writer only spells out what is already decided.
HLSL quirks kept: a ``for`` loop's variable stays visible after the loop (fxc's legacy scoping), and
locals without an initializer start at zero (what MilkDrop's compiled shaders read).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import calls
from . import nodes as n
from .environment import PIXEL_INPUTS, UNIFORMS, Kind, builtin_sampler_type
from .errors import TypeCheckError
from .intrinsics import INTRINSICS
from .names import glsl_safe_name
from .types import (BOOL, INT, MATRIX, SAMPLER, SAMPLER2D, SCALAR, VECTOR, VOID_T, Type, TypeMismatch,
                    common_type, convertible, vector)

ENV = "env"  # uniform or sampler of MilkDrop's environment (or a user texture)
PIXEL = "pixel"  # uv, ret, ...: writable per-pixel globals
GLOBAL = "global"
LOCAL = "local"
PARAM = "param"


@dataclass(slots=True, eq=False)
class Symbol:
    name: str
    type: Type
    kind: str
    glsl_name: str
    readonly: bool = False


@dataclass(slots=True)
class CheckedShader:
    program: n.Program
    kind: Kind
    uniforms: dict[str, Type] = field(default_factory=dict)  # used environment uniforms, in first-use order
    samplers: dict[str, Type] = field(default_factory=dict)  # used sampler uniforms
    helpers: list[str] = field(default_factory=list)  # glsl/intrinsics.glsl sections needed
    globals: list[n.VarDecl] = field(default_factory=list)
    written_uniforms: list[str] = field(default_factory=list)  # uniforms the shader assigns to (get a copy)


def check(program: n.Program, kind: Kind) -> CheckedShader:
    """Type-check ``program`` in MilkDrop's ``kind`` environment; raises ``TypeCheckError``."""
    return _Checker(program, kind).run()


def _error(node: n.Node, message: str) -> TypeCheckError:
    return calls.located(node, message)


class _Checker:
    def __init__(self, program: n.Program, kind: Kind) -> None:
        self.program = program
        self.kind = kind
        self.result = CheckedShader(program, kind)
        self.uniform_table = UNIFORMS[kind]
        self.scopes: list[dict[str, Symbol]] = [{}]
        self.pixel_inputs = {name: Symbol(name, t, PIXEL, name) for name, t in PIXEL_INPUTS[kind].items()}
        self.scopes[0].update(self.pixel_inputs)
        self.functions: dict[str, list[n.FunctionDecl]] = {}
        self.current: n.FunctionDecl | None = None
        self.has_body = False
        self.calls: list[n.Call] = []  # user-function calls, checked for a definition at the end

    # ------------------------------------------------------------ scopes
    def lookup(self, name: str) -> Symbol | None:
        for scope in reversed(self.scopes):
            sym = scope.get(name)
            if sym is not None:
                return sym
        return self.environment_symbol(name)

    def environment_symbol(self, name: str) -> Symbol | None:
        """MilkDrop uniforms and samplers, created on first use (user textures included)."""
        t = self.uniform_table.get(name)
        if t is None and name.startswith("texsize_"):
            t = Type("float", VECTOR, 4)
        if t is None and name.startswith("sampler_"):
            t = builtin_sampler_type(name) or SAMPLER2D
        if t is None:
            return None
        sym = Symbol(name, t, ENV, name, readonly=True)
        self.scopes[0][name] = sym
        return sym

    def declare(self, node: n.Node, name: str, t: Type, kind: str) -> Symbol:
        scope = self.scopes[-1]
        if name in scope and scope[name].kind not in (ENV, PIXEL):
            raise _error(node, f"'{name}' is already declared in this scope")
        sym = Symbol(name, t, kind, glsl_safe_name(name))
        scope[name] = sym
        return sym

    def use(self, sym: Symbol) -> None:
        if sym.kind != ENV:
            return
        target = self.result.samplers if sym.type.kind == SAMPLER else self.result.uniforms
        target.setdefault(sym.name, sym.type)

    # ------------------------------------------------------------ top level
    def run(self) -> CheckedShader:
        aspect = self.environment_symbol("aspect")  # the template computes rad and ang from it
        assert aspect is not None
        self.use(aspect)
        for item in self.program.items:
            if isinstance(item, n.VarDecl):
                self.global_decl(item)
            elif isinstance(item, n.FunctionDecl):
                self.function(item)
            elif isinstance(item, n.ShaderBody):
                if self.has_body:
                    raise _error(item, "second shader_body")
                self.has_body = True
                self.current = None
                # the body sees MilkDrop's per-pixel inputs even where a user global shares a name
                self.scopes.append(dict(self.pixel_inputs))
                self.block_items(item.body)
                self.scopes.pop()
        if not self.has_body:
            raise TypeCheckError("the shader has no shader_body", 1, 1)
        for call in self.calls:
            fn = call.target
            if not any(o.body is not None and o.glsl_name == fn.glsl_name and len(o.params) == len(fn.params)
                       and [p.ptype for p in o.params] == [p.ptype for p in fn.params] for o in self.functions[fn.name]):
                raise _error(call, f"function '{fn.name}' is declared but never defined")
        return self.result

    def global_decl(self, decl: n.VarDecl) -> None:
        t = decl.vtype
        env_type = self.uniform_table.get(decl.name)
        if t.kind == SAMPLER:
            builtin = builtin_sampler_type(decl.name) if decl.name.startswith("sampler_") else None
            if builtin is not None:
                t = builtin  # MilkDrop declares these itself, with their own dimensions
            sym = Symbol(decl.name, t, ENV, decl.name, readonly=True)
            self.scopes[0][decl.name] = sym
            return
        is_uniform = "static" not in decl.qualifiers and "const" not in decl.qualifiers and decl.init is None
        if is_uniform and (env_type is not None or decl.name.startswith("texsize_")):
            if env_type is not None and env_type != t:
                raise _error(decl, f"'{decl.name}' is MilkDrop's {env_type}, redeclared as {t}")
            self.scopes[0][decl.name] = Symbol(decl.name, t, ENV, decl.name, readonly=True)
            return
        if decl.init is not None:
            decl.init = self.initializer(decl.init, t)
        sym = self.declare(decl, decl.name, t, GLOBAL)
        if sym.glsl_name in PIXEL_INPUTS[self.kind] or sym.glsl_name in self.uniform_table:
            sym.glsl_name = f"{sym.glsl_name}_g"
        decl.glsl_name = sym.glsl_name
        self.result.globals.append(decl)

    def function(self, fn: n.FunctionDecl) -> None:
        overloads = self.functions.setdefault(fn.name, [])
        prototype = next((o for o in overloads if [p.ptype for p in o.params] == [p.ptype for p in fn.params]), None)
        if prototype is not None:
            if prototype.body is not None and fn.body is not None:
                raise _error(fn, f"function '{fn.name}' is defined twice")
            fn.glsl_name = prototype.glsl_name
            if fn.body is not None:
                overloads[overloads.index(prototype)] = fn
        else:
            fn.glsl_name = glsl_safe_name(fn.name)
            overloads.append(fn)
        if fn.body is None:
            return
        self.current = fn
        self.scopes.append({})
        for p in fn.params:
            p.glsl_name = self.declare(p, p.name, p.ptype, PARAM).glsl_name
        self.block_items(fn.body)
        self.scopes.pop()
        self.current = None

    # ------------------------------------------------------------ statements
    def block_items(self, block: n.Block) -> None:
        block.body = [self.statement(s) for s in block.body]

    def statement(self, s: n.Stmt) -> n.Stmt:
        if isinstance(s, n.Block):
            self.scopes.append({})
            self.block_items(s)
            self.scopes.pop()
        elif isinstance(s, n.DeclStmt):
            for d in s.decls:
                self.local_decl(d)
        elif isinstance(s, n.ExprStmt):
            s.expr = self.expr(s.expr)
        elif isinstance(s, n.If):
            s.cond = self.condition(s.cond)
            s.then = self.scoped(s.then)
            if s.other is not None:
                s.other = self.scoped(s.other)
        elif isinstance(s, n.For):
            return self.for_loop(s)
        elif isinstance(s, n.While):
            s.cond = self.condition(s.cond)
            s.body = self.scoped(s.body)
        elif isinstance(s, n.DoWhile):
            s.body = self.scoped(s.body)
            s.cond = self.condition(s.cond)
        elif isinstance(s, n.Return):
            ret = self.current.ret if self.current is not None else VOID_T
            if s.value is None:
                if ret != VOID_T:
                    raise _error(s, f"must return a {ret}")
            elif ret == VOID_T:
                raise _error(s, "shader_body and void functions return no value")
            else:
                s.value = self.coerce(self.expr(s.value), ret)
        return s

    def scoped(self, s: n.Stmt) -> n.Stmt:
        self.scopes.append({})
        result = self.statement(s)
        self.scopes.pop()
        return result

    def for_loop(self, s: n.For) -> n.Stmt:
        """fxc's legacy scoping: the loop variable is declared in the enclosing scope."""
        hoisted: list[n.Stmt] = []
        if isinstance(s.init, n.DeclStmt):
            assigns: list[n.Expr] = []
            for d in s.init.decls:
                existing = self.scopes[-1].get(d.name)
                if existing is None or existing.type != d.vtype or existing.kind not in (LOCAL, PARAM):
                    init, d.init = d.init, None
                    self.local_decl(d)
                    hoisted.append(n.DeclStmt(d.line, d.col, [d]))
                else:
                    init = d.init
                if init is not None:
                    target = n.Name(d.line, d.col, d.name)
                    assigns.append(self.expr(n.Assign(d.line, d.col, "=", target, init)))
            s.init = None
            if assigns:
                expr = assigns[0] if len(assigns) == 1 else n.Comma(s.line, s.col, assigns)
                if len(assigns) > 1:
                    expr.type = assigns[-1].type
                s.init = n.ExprStmt(s.line, s.col, expr)
        elif isinstance(s.init, n.ExprStmt):
            s.init.expr = self.expr(s.init.expr)
        self.scopes.append({})
        if s.cond is not None:
            s.cond = self.condition(s.cond)
        if s.step is not None:
            s.step = self.expr(s.step)
        s.body = self.scoped(s.body)
        self.scopes.pop()
        if hoisted:
            return n.Block(s.line, s.col, [*hoisted, s], scoped=False)
        return s

    def local_decl(self, d: n.VarDecl) -> None:
        if d.vtype.kind == SAMPLER:
            raise _error(d, "local samplers are not supported")
        if d.init is not None:
            d.init = self.initializer(d.init, d.vtype)
        d.glsl_name = self.declare(d, d.name, d.vtype, LOCAL).glsl_name

    def condition(self, e: n.Expr) -> n.Expr:
        return self.coerce(self.expr(e), BOOL)

    def initializer(self, e: n.Expr, t: Type) -> n.Expr:
        """An initializer for type ``t``; ``{...}`` lists become constructors."""
        if not isinstance(e, n.InitList):
            return self.coerce(self.expr(e), t)
        if t.array is not None:
            element = t.element()
            items = [self.initializer(item, element) for item in self._group(e.items, element, t.array)]
            if len(items) != t.array:
                raise _error(e, f"{t} needs {t.array} elements, got {len(items)}")
            ctor = n.Constructor(e.line, e.col, t, items)
            ctor.type = t
            return ctor
        flat = [self.expr(item) for item in self._flatten(e.items)]
        if len(flat) == 1:
            return self.coerce(flat[0], t)
        return self.constructor(n.Constructor(e.line, e.col, t, flat))

    def _flatten(self, items: list[n.Expr]) -> list[n.Expr]:
        out: list[n.Expr] = []
        for item in items:
            out.extend(self._flatten(item.items) if isinstance(item, n.InitList) else [item])
        return out

    def _group(self, items: list[n.Expr], element: Type, count: int) -> list[n.Expr]:
        """Array elements from a list that may give them flat (``{1,2,3,4}`` for two float2s)."""
        if element.size > 1 and len(items) == count * element.size and not any(isinstance(i, n.InitList) for i in items):
            size = element.size
            return [n.InitList(items[k].line, items[k].col, items[k:k + size]) for k in range(0, len(items), size)]
        return items

    # ------------------------------------------------------------ conversions
    def coerce(self, e: n.Expr, t: Type) -> n.Expr:
        src = e.type
        assert src is not None
        if src == t:
            return e
        if not convertible(src, t):
            raise _error(e, f"cannot convert {src} to {t}")
        if isinstance(e, n.Literal):
            e = _literal_as(e, Type(t.base))  # 2 used as a float3 is the splat of 2.0
            if t.kind == SCALAR:
                return e
        out = n.Convert(e.line, e.col, e, t)
        out.type = t
        return out

    # ------------------------------------------------------------ expressions
    def expr(self, e: n.Expr) -> n.Expr:
        method = getattr(self, f"expr_{type(e).__name__}")
        result: n.Expr = method(e)
        assert result.type is not None, type(e).__name__
        return result

    def expr_Literal(self, e: n.Literal) -> n.Expr:
        e.type = Type(e.base)
        return e

    def expr_Name(self, e: n.Name) -> n.Expr:
        sym = self.lookup(e.name)
        if sym is None:
            if e.name in self.functions or e.name in INTRINSICS:
                raise _error(e, f"function '{e.name}' used as a value")
            raise _error(e, f"unknown name '{e.name}'")
        self.use(sym)
        e.symbol = sym
        e.type = sym.type
        return e

    def expr_Binary(self, e: n.Binary) -> n.Expr:
        left = self.expr(e.left)
        right = self.expr(e.right)
        op = e.op
        try:
            if op in ("&&", "||"):
                t = common_type([left.type, right.type], arithmetic=False).with_base("bool")  # type: ignore[list-item]
                if t.kind == MATRIX:
                    raise TypeMismatch("bool matrices are not supported")
                e.left, e.right = self.coerce(left, t), self.coerce(right, t)
                e.type = t
                return e
            if op in ("<", ">", "<=", ">=", "==", "!="):
                t = common_type([left.type, right.type], arithmetic=op not in ("==", "!="))  # type: ignore[list-item]
                if t.kind == MATRIX:
                    raise TypeMismatch("matrix comparison is not supported")
                e.left, e.right = self.coerce(left, t), self.coerce(right, t)
                e.type = t.with_base("bool")
                return e
            t = common_type([left.type, right.type])  # type: ignore[list-item]
            if op in ("&", "|", "^", "<<", ">>"):
                if t.base == "float":
                    raise TypeMismatch(f"'{op}' needs integers")
        except TypeMismatch as exc:
            raise _error(e, f"'{op}': {exc}") from None
        e.left, e.right = self.coerce(left, t), self.coerce(right, t)
        e.type = t
        if op == "%" and t.base == "float":
            self.need("hlsl_fmod")
        return e

    def expr_Unary(self, e: n.Unary) -> n.Expr:
        operand = self.expr(e.operand)
        if e.op in ("-", "+") and isinstance(operand, n.Literal) and operand.base != "bool":
            value = operand.value if e.op == "+" else _negate(operand.value)
            folded = n.Literal(e.line, e.col, value, operand.base)
            folded.type = operand.type
            return folded
        t = operand.type
        assert t is not None
        if not t.is_numeric:
            raise _error(e, f"'{e.op}' needs a number, got {t}")
        if e.op == "!":
            e.operand = self.coerce(operand, t.with_base("bool"))
            e.type = t.with_base("bool")
        elif e.op in ("++", "--"):
            self.lvalue(operand)
            e.operand = operand
            e.type = t
        else:
            if t.base == "bool":
                operand = self.coerce(operand, t.with_base("int"))
            e.operand = operand
            e.type = operand.type
        return e

    def expr_Postfix(self, e: n.Postfix) -> n.Expr:
        e.operand = self.expr(e.operand)
        self.lvalue(e.operand)
        e.type = e.operand.type
        return e

    def lvalue(self, e: n.Expr) -> None:
        if isinstance(e, n.Name):
            sym = e.symbol
            if sym.readonly:
                if sym.type.kind == SAMPLER:
                    raise _error(e, f"cannot assign to sampler '{e.name}'")
                # HLSL lets a shader write its uniforms: it writes a private copy
                sym.glsl_name = f"{sym.name}_w"
                sym.readonly = False
                self.result.written_uniforms.append(sym.name)
            return
        if isinstance(e, n.Swizzle):
            if len(set(e.fields)) != len(e.fields):
                raise _error(e, f"write mask '.{e.fields}' repeats a component")
            self.lvalue(e.operand)
            return
        if isinstance(e, n.Index):
            self.lvalue(e.operand)
            return
        raise _error(e, "cannot assign to this expression")

    def expr_Assign(self, e: n.Assign) -> n.Expr:
        target = self.expr(e.target)
        self.lvalue(target)
        value = self.expr(e.value)
        t = target.type
        assert t is not None
        e.target = target
        e.type = t
        if e.op == "=":
            e.value = self.coerce(value, t)
            return e
        op = e.op[:-1]
        combined = self.expr_Binary(n.Binary(e.line, e.col, op, target, value))
        simple = combined.type == t and not (op == "%" and t.base == "float") and not (op == "*" and t.kind == MATRIX)
        if simple:
            assert isinstance(combined, n.Binary)
            e.value = combined.right
            return e
        e.op = "="
        e.value = self.coerce(combined, t)
        return e

    def expr_Ternary(self, e: n.Ternary) -> n.Expr:
        cond = self.expr(e.cond)
        then = self.expr(e.then)
        other = self.expr(e.other)
        try:
            t = common_type([then.type, other.type], arithmetic=False)  # type: ignore[list-item]
            vector_cond = cond.type is not None and cond.type.kind == VECTOR
            if vector_cond:
                t = common_type([t, cond.type.with_base(t.base)], arithmetic=False)  # type: ignore[union-attr]
        except TypeMismatch as exc:
            raise _error(e, f"'?:': {exc}") from None
        if vector_cond:
            e.cond = self.coerce(cond, t.with_base("bool"))
        else:
            e.cond = self.coerce(cond, BOOL)
        e.then, e.other = self.coerce(then, t), self.coerce(other, t)
        e.type = t
        return e

    def expr_Comma(self, e: n.Comma) -> n.Expr:
        e.items = [self.expr(i) for i in e.items]
        e.type = e.items[-1].type
        return e

    def expr_Swizzle(self, e: n.Swizzle) -> n.Expr:
        operand = self.expr(e.operand)
        t = operand.type
        assert t is not None
        if t.kind not in (SCALAR, VECTOR) or not t.is_numeric:
            raise _error(e, f"cannot swizzle a {t}")
        limit = t.rows if t.kind == VECTOR else 1
        for c in e.fields:
            if "xyzw".index(c) >= limit:
                raise _error(e, f"'.{e.fields}' reaches past the {limit} components of a {t}")
        e.operand = operand
        e.type = vector(t.base, len(e.fields))
        return e

    def expr_Index(self, e: n.Index) -> n.Expr:
        operand = self.expr(e.operand)
        t = operand.type
        assert t is not None
        if t.kind == SCALAR and t.array is None:
            raise _error(e, f"cannot index a {t}")
        index = self.expr(e.index)
        e.operand = operand
        e.index = self.coerce(index, INT)
        e.type = t.element()
        return e

    def expr_Cast(self, e: n.Cast) -> n.Expr:
        operand = self.expr(e.operand)
        if isinstance(operand, n.InitList):
            return self.initializer(operand, e.ctype)
        return self.coerce(operand, e.ctype)

    def expr_InitList(self, e: n.InitList) -> n.Expr:
        raise _error(e, "'{...}' only initializes a declaration")

    def expr_Convert(self, e: n.Convert) -> n.Expr:
        return e  # already checked (hoisted loop initializers are checked once)

    def expr_Constructor(self, e: n.Constructor) -> n.Expr:
        e.args = [self.expr(a) for a in e.args]
        return self.constructor(e)

    def constructor(self, e: n.Constructor) -> n.Expr:
        t = e.ctype
        if not t.is_numeric:
            raise _error(e, f"cannot construct a {t}")
        for a in e.args:
            if a.type is None or not a.type.is_numeric:
                raise _error(a, f"a {t} cannot be built from a {a.type}")
        if len(e.args) == 1:
            return self.coerce(e.args[0], t)
        total = sum(a.type.size for a in e.args)  # type: ignore[union-attr]
        if total != t.size:
            raise _error(e, f"{t} needs {t.size} components, got {total}")
        e.args = [_literal_as(a, a.type.with_base(t.base)) if isinstance(a, n.Literal) else a for a in e.args]  # type: ignore[union-attr]
        e.type = t
        return e

    def need(self, helper: str) -> None:
        if helper not in self.result.helpers:
            self.result.helpers.append(helper)

    def expr_Call(self, e: n.Call) -> n.Expr:
        args = [self.expr(a) for a in e.args]
        overloads = self.functions.get(e.name)
        if overloads:
            return calls.user_call(self, e, args, overloads)
        if e.name == "mul":
            return calls.mul(self, e, args)
        intrinsic = INTRINSICS.get(e.name)
        if intrinsic is None:
            raise _error(e, f"unknown function '{e.name}'")
        return calls.intrinsic_call(self, e, args, intrinsic)

def _negate(value: str) -> str:
    return value[1:] if value.startswith("-") else "-" + value


def _literal_as(e: n.Literal, t: Type) -> n.Literal:
    """A literal retyped in place: ``1`` used as a float is written ``1.0``."""
    if t.kind != SCALAR or t.base == e.base:
        return e
    value = e.value
    if t.base == "float":
        value = repr(float(value == "true")) if e.base == "bool" else repr(float(value))
    elif t.base in ("int", "uint"):
        value = str(int(float(value))) if e.base != "bool" else str(int(value == "true"))
        if t.base == "uint":
            value += "u"
    else:
        value = "true" if (e.base == "bool" and value == "true") or (e.base != "bool" and float(value) != 0) else "false"
    out = n.Literal(e.line, e.col, value, t.base)
    out.type = t
    return out
