"""Calls in HLSL: intrinsics by the table, ``mul`` by its row-vector rule, user functions by overload.

Split from ``checker.py``; each function takes the running checker for its scopes and conversions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import nodes as n
from .errors import TypeCheckError
from .intrinsics import Intrinsic
from .types import FLOAT, MATRIX, SCALAR, VECTOR, Type, TypeMismatch, common_type, convertible, vector

if TYPE_CHECKING:
    from .checker import _Checker


def located(node: n.Node, message: str) -> TypeCheckError:
    """A type error at ``node``'s place in the preset text."""
    return TypeCheckError(message, node.line, node.col)


def intrinsic_call(checker: _Checker, e: n.Call, args: list[n.Expr], intrinsic: Intrinsic) -> n.Expr:
    if len(args) not in intrinsic.arity:
        expected = " or ".join(str(a) for a in intrinsic.arity)
        raise located(e, f"{e.name}() takes {expected} arguments, got {len(args)}")
    try:
        params, result = intrinsic.rule([a.type for a in args])  # type: ignore[misc]
    except TypeMismatch as exc:
        raise located(e, f"{e.name}(): {exc}") from None
    for i in intrinsic.out_args:
        checker.lvalue(args[i])
        if args[i].type != params[i]:
            raise located(args[i], f"{e.name}() writes a {params[i]} here, got a {args[i].type}")
    e.args = [checker.coerce(a, p) for a, p in zip(args, params)]
    e.target = intrinsic
    e.type = result
    if intrinsic.helper:
        checker.need(intrinsic.helper)
    return e

def mul(checker: _Checker, e: n.Call, args: list[n.Expr]) -> n.Expr:
    """HLSL ``mul`` with its row-vector convention: ``mul(v, M)`` is v as a row times M."""
    if len(args) != 2:
        raise located(e, f"mul() takes 2 arguments, got {len(args)}")
    a, b = args
    ta, tb = a.type, b.type
    assert ta is not None and tb is not None
    if not (ta.is_numeric and tb.is_numeric):
        raise located(e, "mul() needs numbers")
    e.target = "mul"
    if ta.kind == SCALAR or tb.kind == SCALAR:
        t = common_type([ta, tb]).with_base("float")
        e.args = [checker.coerce(a, t), checker.coerce(b, t)]
        e.type = t
        e.target = "mul_scalar"
        return e
    if ta.kind == VECTOR and tb.kind == VECTOR:
        t = vector("float", min(ta.rows, tb.rows))
        e.args = [checker.coerce(a, t), checker.coerce(b, t)]
        e.type = FLOAT
        e.target = "mul_dot"
        return e
    if ta.kind == VECTOR and tb.kind == MATRIX:
        if ta.rows < tb.rows:
            raise located(e, f"mul({ta}, {tb}): the vector needs {tb.rows} components")
        e.args = [checker.coerce(a, vector("float", tb.rows)), checker.coerce(b, tb.with_base("float"))]
        e.type = vector("float", tb.cols)
        return e
    if ta.kind == MATRIX and tb.kind == VECTOR:
        if tb.rows < ta.cols:
            raise located(e, f"mul({ta}, {tb}): the vector needs {ta.cols} components")
        e.args = [checker.coerce(a, ta.with_base("float")), checker.coerce(b, vector("float", ta.cols))]
        e.type = vector("float", ta.rows)
        return e
    if ta.cols != tb.rows:
        raise located(e, f"mul({ta}, {tb}): inner dimensions differ")
    e.args = [checker.coerce(a, ta.with_base("float")), checker.coerce(b, tb.with_base("float"))]
    e.type = Type("float", MATRIX, ta.rows, tb.cols)
    return e

def user_call(checker: _Checker, e: n.Call, args: list[n.Expr], overloads: list[n.FunctionDecl]) -> n.Expr:
    best: tuple[int, n.FunctionDecl] | None = None
    for fn in overloads:
        if len(fn.params) < len(args) or any(p.default is None for p in fn.params[len(args):]):
            continue
        score = 0
        for a, p in zip(args, fn.params):
            assert a.type is not None
            if a.type == p.ptype:
                continue
            if p.qualifier != "in" or not convertible(a.type, p.ptype):
                break
            score += 1 if a.type.base == p.ptype.base else 2
        else:
            if best is None or score < best[0]:
                best = (score, fn)
    if best is None:
        types = ", ".join(str(a.type) for a in args)
        raise located(e, f"no overload of '{e.name}' takes ({types})")
    fn = best[1]
    args = args + [checker.expr(p.default) for p in fn.params[len(args):] if p.default is not None]
    for a, p in zip(args, fn.params):
        if p.qualifier != "in":
            checker.lvalue(a)
    e.args = [checker.coerce(a, p.ptype) for a, p in zip(args, fn.params)]
    e.target = fn
    e.type = fn.ret
    checker.calls.append(e)
    return e
