"""Recursive-descent parser with precedence climbing: tokens -> :mod:`eel.nodes`.

Operator levels follow the project policy (projectm-eval's table), lowest first::

    =            right        ?:          right        == !=    left
    += -=        right        ||          left         > >=     left
    *= /= %=     right        &&          left         < <=     left
    ^= |= &=     right        |           left         + -      left
                              &           left         * /      left
                                                       %        left
    prefix !  (its operand takes ^ chains: !a^b is !(a^b))
    ^            left (power)
    prefix - +   (tightest: -2^2 is 4)
    postfix [ ]  (x[i] is megabuf(x + i), gmem[i] is gmegabuf(i))

Nesting deeper than :data:`MAX_DEPTH` is rejected with a :class:`ParseError` instead of
exhausting the stack.
"""

from __future__ import annotations

import sys

from eel import nodes as n
from eel.errors import AnalysisError, ParseError
from eel.intrinsics import INTRINSICS
from eel.lexer import excerpt, span_at, tokenize
from eel.source import JoinedSource
from eel.tokens import Token, TokenKind

MAX_DEPTH = 256

# operator text -> (level, right-associative)
_BINARY_LEVELS: dict[str, tuple[int, bool]] = {
    "=": (1, True),
    "+=": (2, True), "-=": (2, True),
    "*=": (3, True), "/=": (3, True), "%=": (3, True),
    "^=": (4, True), "|=": (4, True), "&=": (4, True),
    "?": (5, True),
    "||": (6, False),
    "&&": (7, False),
    "|": (8, False),
    "&": (9, False),
    "==": (10, False), "!=": (10, False),
    ">": (11, False), ">=": (11, False),
    "<": (12, False), "<=": (12, False),
    "+": (13, False), "-": (13, False),
    "*": (14, False), "/": (14, False),
    "%": (15, False),
    "^": (17, False),
}
_NOT_OPERAND_LEVEL = 17  # `!` takes a ^ chain as its operand
_ASSIGN_OPS = n.ASSIGN_OPS
_NOT_ATOM_FOLLOWERS = frozenset((TokenKind.LPAREN, TokenKind.LBRACKET))


class Parser:
    """Parses one block. Use :func:`parse`."""

    def __init__(self, source: JoinedSource, block: str) -> None:
        self.source = source
        self.block = block
        self.tokens = tokenize(source, block)
        self.pos = 0
        self.depth = 0

    # -- helpers -------------------------------------------------------------------------

    def _error(self, message: str, token: Token | None = None, kind: type[ParseError] | type[AnalysisError] = ParseError) -> ParseError | AnalysisError:
        tok = token or self.tokens[self.pos]
        return kind(message, span_at(self.source, self.block, tok.offset), excerpt(self.source, tok.offset))

    def _peek(self) -> Token:
        return self.tokens[self.pos]

    def _advance(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def _expect(self, kind: TokenKind, what: str) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind is not kind:
            raise self._error(f"expected {what}, found {tok.describe()}")
        self.pos += 1
        return tok

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._error(f"code nested deeper than {MAX_DEPTH} levels")

    # -- grammar -------------------------------------------------------------------------

    # grammar: block := [statement] (';' [statement])* END
    def parse_block(self) -> n.Node:
        items = self._statements(top_level=True)
        tok = self._peek()
        if tok.kind is not TokenKind.END:
            if tok.kind is TokenKind.RPAREN:
                raise self._error("unmatched ')'")
            if tok.kind is TokenKind.COMMA:
                raise self._error("',' outside a function call (statements are separated by ';')")
            raise self._error(f"expected ';' before {tok.describe()}")
        if len(items) == 1:
            return items[0]
        return n.Seq(0, tuple(items))

    # grammar: statements := [expr] (';' [expr])*     (empty statements allowed)
    def _statements(self, top_level: bool = False) -> list[n.Node]:
        items: list[n.Node] = []
        stop = (TokenKind.END,) if top_level else (TokenKind.RPAREN, TokenKind.COMMA, TokenKind.END)
        while True:
            tok = self._peek()
            if tok.kind is TokenKind.SEMI:
                self.pos += 1
                continue
            if tok.kind in stop or (top_level and tok.kind in (TokenKind.RPAREN, TokenKind.COMMA)):
                return items
            items.append(self._expr(1))
            tok = self._peek()
            if tok.kind is TokenKind.SEMI:
                self.pos += 1
                continue
            return items

    # grammar: list := statements, with at least one expression   (inside ( ) and call arguments)
    def _list(self, opener: Token) -> n.Node:
        items = self._statements()
        if not items:
            raise self._error("expected an expression", self._peek() if self._peek().kind is not TokenKind.END else opener)
        return items[0] if len(items) == 1 else n.Seq(items[0].offset, tuple(items))

    # grammar: expr(min) := prefix (binop expr(level'))*  and  expr '?' expr ':' expr
    def _expr(self, min_level: int) -> n.Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._error(f"code nested deeper than {MAX_DEPTH} levels")
        tokens = self.tokens
        tok = tokens[self.pos]
        kind = tok.kind
        if (kind is TokenKind.NUMBER or kind is TokenKind.NAME) and tokens[self.pos + 1].kind not in _NOT_ATOM_FOLLOWERS:
            # fast path for the commonest operand: a number or a variable name
            if kind is TokenKind.NUMBER:
                self.pos += 1
                left: n.Node = n.Num(tok.offset, tok.value)
            elif tok.text in INTRINSICS:
                left = self._prefix()  # reports "function used without '('"
            else:
                self.pos += 1
                left = n.Var(tok.offset, tok.text)
        else:
            left = self._prefix()
        while True:
            tok = tokens[self.pos]
            if tok.kind is TokenKind.OP:
                entry = _BINARY_LEVELS.get(tok.text)
            elif tok.kind is TokenKind.QUESTION:
                entry = _BINARY_LEVELS["?"]
            else:
                break
            if entry is None:
                break
            level, right_assoc = entry
            if level < min_level:
                break
            self.pos += 1
            if tok.kind is TokenKind.QUESTION:
                then = self._expr(1)
                if self._peek().kind is not TokenKind.COLON:
                    raise self._error("expected ':' of the '?' operator")
                self.pos += 1
                orelse = self._expr(level)
                left = n.Cond(left.offset, left, then, orelse)
                continue
            right = self._expr(level if right_assoc else level + 1)
            if tok.text in _ASSIGN_OPS:
                left = n.Assign(left.offset, tok.text, left, right)
            else:
                left = n.BinOp(left.offset, tok.text, left, right)
        self.depth -= 1
        return left

    # grammar: prefix := '!' expr(^) | ('-'|'+') prefix | postfix
    def _prefix(self) -> n.Node:
        tok = self._peek()
        if tok.kind is TokenKind.OP and tok.text in ("-", "+", "!"):
            self.pos += 1
            if tok.text == "!":
                operand = self._expr(_NOT_OPERAND_LEVEL)
            else:
                self._enter()
                operand = self._prefix()
                self.depth -= 1
            if tok.text == "+":
                return operand
            return n.Unary(tok.offset, tok.text, operand)
        return self._postfix()

    # grammar: postfix := primary ('[' [expr] ']')*
    def _postfix(self) -> n.Node:
        node = self._primary()
        while self._peek().kind is TokenKind.LBRACKET:
            opener = self._advance()
            if self._peek().kind is TokenKind.RBRACKET:
                index: n.Node | None = None
            else:
                index = self._expr(1)
            if self._peek().kind is not TokenKind.RBRACKET:
                raise self._error("expected ']'", opener if self._peek().kind is TokenKind.END else None)
            self.pos += 1
            if isinstance(node, n.Var) and node.name == "gmem":
                node = n.Call(node.offset, "gmegabuf", (index if index is not None else n.Num(opener.offset, 0.0),))
            else:
                address = node if index is None else n.BinOp(node.offset, "+", node, index)
                node = n.Call(node.offset, "megabuf", (address,))
        return node

    # grammar: primary := NUMBER | NAME | NAME '(' list (',' list)* ')' | '(' list ')'
    def _primary(self) -> n.Node:
        tok = self._advance()
        kind = tok.kind
        if kind is TokenKind.NUMBER:
            return n.Num(tok.offset, tok.value)
        if kind is TokenKind.NAME:
            if self._peek().kind is TokenKind.LPAREN:
                return self._call(tok)
            if tok.text in INTRINSICS:
                raise self._error(f"function '{tok.text}' used without '('", tok, AnalysisError)
            return n.Var(tok.offset, tok.text)
        if kind is TokenKind.LPAREN:
            self._enter()
            if self._peek().kind is TokenKind.RPAREN:
                raise self._error("empty parentheses", tok)
            inner = self._list(tok)
            if self._peek().kind is not TokenKind.RPAREN:
                raise self._error("expected ')'" + (" to close '(' " if self._peek().kind is TokenKind.END else ""), None)
            self.pos += 1
            self.depth -= 1
            return inner
        self.pos -= 1
        if kind is TokenKind.END:
            raise self._error("expected a value, found end of code")
        raise self._error(f"expected a value, found {tok.describe()}")

    def _call(self, name_tok: Token) -> n.Node:
        entry = INTRINSICS.get(name_tok.text)
        if entry is None:
            raise self._error(f"unknown function '{name_tok.text}'", name_tok, AnalysisError)
        opener = self._advance()  # '('
        self._enter()
        args: list[n.Node] = []
        if self._peek().kind is not TokenKind.RPAREN:
            while True:
                args.append(self._list(opener))
                if self._peek().kind is TokenKind.COMMA:
                    self.pos += 1
                    continue
                break
        if self._peek().kind is not TokenKind.RPAREN:
            raise self._error(f"expected ',' or ')' in the call of '{name_tok.text}'")
        self.pos += 1
        self.depth -= 1
        if len(args) != entry.arity:
            plural = "s" if entry.arity != 1 else ""
            raise self._error(
                f"'{name_tok.text}' takes {entry.arity} argument{plural}, got {len(args)}", name_tok, AnalysisError
            )
        return _lower_call(name_tok.offset, entry.name, entry.lower, entry.canonical, tuple(args))


def _lower_call(offset: int, name: str, lower: str, canonical: str, args: tuple[n.Node, ...]) -> n.Node:
    """Map a builtin's spelling onto its node kind (see :mod:`eel.nodes`)."""
    if not lower:
        return n.Call(offset, canonical or name, args)
    kind, _, op = lower.partition(":")
    if kind == "binop":
        return n.BinOp(offset, op, args[0], args[1])
    if kind == "unary":
        return n.Unary(offset, op, args[0])
    if kind == "assign":
        return n.Assign(offset, op, args[0], args[1])
    if kind == "cond":
        return n.Cond(offset, args[0], args[1], args[2])
    assert kind == "seq", lower
    return n.Seq(offset, args)


def parse(source: JoinedSource, block: str = "code") -> n.Node:
    """Parse a block; raises :class:`~eel.errors.EelError` subclasses with block/line/col."""
    parser = Parser(source, block)
    limit = sys.getrecursionlimit()
    needed = MAX_DEPTH * 8 + 500
    if limit < needed:
        sys.setrecursionlimit(needed)
    try:
        return parser.parse_block()
    finally:
        if limit < needed:
            sys.setrecursionlimit(limit)
