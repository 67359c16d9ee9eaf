"""The typed syntax tree of an EEL block.

The parser lowers EEL's function spellings onto a few node kinds, so every backend handles each
meaning once: ``if(c,a,b)`` and ``c ? a : b`` are :class:`Cond`; ``equal``/``above``/``_and``/``pow``
are :class:`BinOp`; ``bnot``/``_neg`` are :class:`Unary`; ``assign``/``_set``/``_addop`` are
:class:`Assign`; ``exec2``/``exec3`` and parenthesised lists are :class:`Seq`; ``x[i]`` is
``Call("megabuf", (x + i,))``. Everything else is a :class:`Call` of a name in :mod:`eel.intrinsics`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Node:
    offset: int  # where the node starts in the block's joined text


@dataclass(frozen=True, slots=True)
class Num(Node):
    value: float


@dataclass(frozen=True, slots=True)
class Var(Node):
    name: str  # lower-case


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str  # "-", "+", "!"
    operand: Node


@dataclass(frozen=True, slots=True)
class BinOp(Node):
    # "+ - * / % ^ | &", comparisons "== != < > <= >=", short-circuit "&& ||"
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Assign(Node):
    op: str  # "=", "+=", "-=", "*=", "/=", "%=", "^=", "|=", "&="
    target: Node
    value: Node


@dataclass(frozen=True, slots=True)
class Cond(Node):
    test: Node
    then: Node
    orelse: Node


@dataclass(frozen=True, slots=True)
class Seq(Node):
    items: tuple[Node, ...]  # value is the last item's


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str  # canonical intrinsic name
    args: tuple[Node, ...]


BINARY_OPS = frozenset("+ - * / % ^ | & == != < > <= >= && ||".split())
ASSIGN_OPS = frozenset("= += -= *= /= %= ^= |= &=".split())
