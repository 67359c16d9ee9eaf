"""The HLSL syntax tree. Expression nodes carry a ``type`` slot the checker fills in, and the
checker wraps implicit conversions in explicit ``Convert`` nodes so the GLSL writer never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .types import Type


@dataclass(slots=True, eq=False)
class Node:
    line: int
    col: int


# ---------------------------------------------------------------- expressions


@dataclass(slots=True, eq=False)
class Expr(Node):
    type: Type | None = field(default=None, init=False)


@dataclass(slots=True, eq=False)
class Literal(Expr):
    value: str  # as written, without suffix
    base: str  # float, int or bool


@dataclass(slots=True, eq=False)
class Name(Expr):
    name: str
    symbol: Any = field(default=None, init=False)


@dataclass(slots=True, eq=False)
class Binary(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(slots=True, eq=False)
class Unary(Expr):
    op: str  # - + ! ~ ++ -- (prefix)
    operand: Expr


@dataclass(slots=True, eq=False)
class Postfix(Expr):
    op: str  # ++ --
    operand: Expr


@dataclass(slots=True, eq=False)
class Assign(Expr):
    op: str  # = += -= *= /= %= ...
    target: Expr
    value: Expr


@dataclass(slots=True, eq=False)
class Ternary(Expr):
    cond: Expr
    then: Expr
    other: Expr


@dataclass(slots=True, eq=False)
class Call(Expr):
    name: str
    args: list[Expr]
    target: Any = field(default=None, init=False)  # FunctionDecl or intrinsics.Intrinsic


@dataclass(slots=True, eq=False)
class Constructor(Expr):
    ctype: Type
    args: list[Expr]


@dataclass(slots=True, eq=False)
class Cast(Expr):
    ctype: Type
    operand: Expr


@dataclass(slots=True, eq=False)
class Convert(Expr):
    """An implicit HLSL conversion made explicit by the checker."""

    operand: Expr
    to: Type


@dataclass(slots=True, eq=False)
class Swizzle(Expr):
    operand: Expr
    fields: str  # normalised to xyzw


@dataclass(slots=True, eq=False)
class Index(Expr):
    operand: Expr
    index: Expr


@dataclass(slots=True, eq=False)
class InitList(Expr):
    items: list[Expr]


@dataclass(slots=True, eq=False)
class Comma(Expr):
    items: list[Expr]


# ---------------------------------------------------------------- statements


@dataclass(slots=True, eq=False)
class Stmt(Node):
    pass


@dataclass(slots=True, eq=False)
class VarDecl(Stmt):
    vtype: Type
    name: str
    init: Expr | None
    qualifiers: frozenset[str]
    glsl_name: str = field(default="", init=False)


@dataclass(slots=True, eq=False)
class DeclStmt(Stmt):
    decls: list[VarDecl]


@dataclass(slots=True, eq=False)
class ExprStmt(Stmt):
    expr: Expr


@dataclass(slots=True, eq=False)
class Block(Stmt):
    body: list[Stmt]
    scoped: bool = True  # False: a hoisted for-loop whose variable must stay visible after it


@dataclass(slots=True, eq=False)
class If(Stmt):
    cond: Expr
    then: Stmt
    other: Stmt | None


@dataclass(slots=True, eq=False)
class For(Stmt):
    init: Stmt | None
    cond: Expr | None
    step: Expr | None
    body: Stmt


@dataclass(slots=True, eq=False)
class While(Stmt):
    cond: Expr
    body: Stmt


@dataclass(slots=True, eq=False)
class DoWhile(Stmt):
    body: Stmt
    cond: Expr


@dataclass(slots=True, eq=False)
class Return(Stmt):
    value: Expr | None


@dataclass(slots=True, eq=False)
class Jump(Stmt):
    kind: str  # break, continue, discard


@dataclass(slots=True, eq=False)
class Empty(Stmt):
    pass


# ---------------------------------------------------------------- top level


@dataclass(slots=True, eq=False)
class Param(Node):
    ptype: Type
    name: str
    qualifier: str  # in, out, inout
    default: Expr | None = None  # HLSL default argument value
    glsl_name: str = field(default="", init=False)


@dataclass(slots=True, eq=False)
class FunctionDecl(Node):
    ret: Type
    name: str
    params: list[Param]
    body: Block | None  # None: a prototype
    glsl_name: str = field(default="", init=False)


@dataclass(slots=True, eq=False)
class ShaderBody(Node):
    body: Block


@dataclass(slots=True, eq=False)
class Program(Node):
    items: list[Node]  # VarDecl, FunctionDecl, ShaderBody
