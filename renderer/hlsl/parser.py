"""Recursive-descent parser for the HLSL subset MilkDrop presets use (after preprocessing)."""

from __future__ import annotations

import re

from . import nodes as n
from .errors import ParseError
from .lexer import EOF, IDENT, NUMBER, Token
from .types import Type, parse_type_name, vector

_QUALIFIERS = {"static", "const", "uniform", "extern", "volatile", "inline", "precise", "shared", "groupshared",
               "row_major", "column_major", "nointerpolation", "linear", "centroid", "noperspective"}
_PARAM_QUALIFIERS = {"in", "out", "inout", "uniform", "const"}
_ASSIGN_OPS = {"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="}
# binary operator -> precedence (higher binds tighter)
_BINARY = {
    "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7,
    "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}
_SWIZZLE_MAP = str.maketrans("rgba", "xyzw")
_MATRIX_FIELD = re.compile(r"_m[0-3][0-3]|_[1-4][1-4]")  # m._m01 (zero-based) and m._12 (one-based)


def parse(tokens: list[Token]) -> n.Program:
    """The syntax tree of a preprocessed shader; raises ``ParseError`` at the offending token."""
    return _Parser(tokens).program()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    # ------------------------------------------------------------ helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.pos + k, len(self.tokens) - 1)]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != EOF:
            self.pos += 1
        return tok

    def at(self, value: str) -> bool:
        tok = self.tokens[self.pos]
        return tok.value == value and tok.kind != EOF

    def accept(self, value: str) -> bool:
        if self.at(value):
            self.pos += 1
            return True
        return False

    def expect(self, value: str) -> Token:
        if not self.at(value):
            self.error(f"expected {value!r}")
        return self.advance()

    def error(self, message: str, tok: Token | None = None) -> None:
        tok = tok or self.tok
        found = "end of shader" if tok.kind == EOF else repr(tok.value)
        raise ParseError(f"{message}, found {found}", tok.line, tok.col)

    def ident(self) -> Token:
        if self.tok.kind != IDENT:
            self.error("expected a name")
        return self.advance()

    def type_at(self, k: int = 0) -> Type | None:
        tok = self.peek(k)
        return parse_type_name(tok.value) if tok.kind == IDENT else None

    # ------------------------------------------------------------ top level
    # program := { global_decl | function | 'shader_body' block | ';' }
    def program(self) -> n.Program:
        items: list[n.Node] = []
        while self.tok.kind != EOF:
            if self.accept(";"):
                continue
            if self.tok.value == "shader_body" and self.tok.kind == IDENT:
                start = self.advance()
                items.append(n.ShaderBody(start.line, start.col, self.block()))
                continue
            self.skip_attributes()
            start = self.tok
            qualifiers = self.qualifiers()
            vtype = self.type_name()
            name = self.ident()
            if self.at("("):
                items.append(self.function(vtype, name))
            else:
                decls = self.declarators(vtype, name, qualifiers, start)
                items.extend(decls)
        return n.Program(1, 1, items)

    def skip_attributes(self) -> None:
        """``[unroll]``, ``[loop]``, ``[unroll(4)]``...: hints without meaning for GLSL."""
        while self.at("[") and self.peek().kind == IDENT:
            depth = 0
            while True:
                tok = self.advance()
                if tok.kind == EOF:
                    self.error("attribute is not closed", tok)
                if tok.value == "[":
                    depth += 1
                elif tok.value == "]":
                    depth -= 1
                    if depth == 0:
                        break

    def qualifiers(self) -> frozenset[str]:
        found = set()
        while self.tok.kind == IDENT and self.tok.value in _QUALIFIERS:
            found.add(self.advance().value)
        return frozenset(found)

    def type_name(self) -> Type:
        t = self.type_at()
        if t is None:
            self.error("expected a type")
        self.advance()
        assert t is not None
        return t

    def array_suffix(self, t: Type) -> Type:
        if self.accept("["):
            size_tok = self.tok
            if size_tok.kind != NUMBER:
                self.error("array size must be a number")
            self.advance()
            self.expect("]")
            return Type(t.base, t.kind, t.rows, t.cols, int(size_tok.value.rstrip("uUlL"), 0))
        return t

    def skip_semantic(self) -> None:
        """``: TEXCOORD0`` or ``: register(s0)`` after a declarator."""
        if self.accept(":"):
            self.ident()
            if self.accept("("):
                while not self.accept(")"):
                    if self.tok.kind == EOF:
                        self.error("unclosed register()")
                    self.advance()

    # declarators := declarator { ',' declarator } ';'
    def declarators(self, vtype: Type, name: Token, qualifiers: frozenset[str], start: Token) -> list[n.VarDecl]:
        decls = [self.declarator(vtype, name, qualifiers)]
        while self.accept(","):
            decls.append(self.declarator(vtype, self.ident(), qualifiers))
        self.expect(";")
        return decls

    # declarator := name [ '[' N ']' ] [ ':' semantic ] [ '=' (initializer | sampler_state {...}) ]
    def declarator(self, vtype: Type, name: Token, qualifiers: frozenset[str]) -> n.VarDecl:
        t = self.array_suffix(vtype)
        self.skip_semantic()
        init: n.Expr | None = None
        if self.accept("="):
            if self.tok.value == "sampler_state":
                self.advance()
                self.skip_braces()
            else:
                init = self.initializer()
        return n.VarDecl(name.line, name.col, t, name.value, init, qualifiers)

    def skip_braces(self) -> None:
        self.expect("{")
        depth = 1
        while depth:
            tok = self.advance()
            if tok.kind == EOF:
                self.error("'{' is never closed", tok)
            depth += {"{": 1, "}": -1}.get(tok.value, 0)

    def initializer(self) -> n.Expr:
        if self.at("{"):
            start = self.advance()
            items: list[n.Expr] = []
            while not self.at("}"):
                items.append(self.initializer())
                if not self.accept(","):
                    break
            self.expect("}")
            return n.InitList(start.line, start.col, items)
        return self.assignment()

    # function := type name '(' [param {',' param}] ')' [':' semantic] (block | ';')
    def function(self, ret: Type, name: Token) -> n.FunctionDecl:
        self.expect("(")
        params: list[n.Param] = []
        if not (self.at(")") or (self.at("void") and self.peek().value == ")")):
            while True:
                qualifier = "in"
                while self.tok.kind == IDENT and self.tok.value in _PARAM_QUALIFIERS:
                    q = self.advance().value
                    if q in ("out", "inout"):
                        qualifier = q
                ptype = self.type_name()
                pname = self.ident()
                ptype = self.array_suffix(ptype)
                self.skip_semantic()
                default = self.assignment() if self.accept("=") else None
                params.append(n.Param(pname.line, pname.col, ptype, pname.value, qualifier, default))
                if not self.accept(","):
                    break
        else:
            self.accept("void")
        self.expect(")")
        self.skip_semantic()
        if self.accept(";"):
            return n.FunctionDecl(name.line, name.col, ret, name.value, params, None)
        return n.FunctionDecl(name.line, name.col, ret, name.value, params, self.block())

    # ------------------------------------------------------------ statements
    def block(self) -> n.Block:
        start = self.expect("{")
        body: list[n.Stmt] = []
        while not self.accept("}"):
            if self.tok.kind == EOF:
                self.error("'{' is never closed", start)
            body.append(self.statement())
        return n.Block(start.line, start.col, body)

    def is_declaration(self) -> bool:
        tok = self.tok
        if tok.kind != IDENT:
            return False
        if tok.value in _QUALIFIERS:
            return True
        return self.type_at() is not None and self.peek().kind == IDENT

    def statement(self) -> n.Stmt:
        self.skip_attributes()
        tok = self.tok
        value = tok.value if tok.kind == IDENT else None
        if tok.value == "{" and tok.kind != EOF:
            return self.block()
        if tok.value == ";" and tok.kind != EOF:
            self.advance()
            return n.Empty(tok.line, tok.col)
        if value == "if":
            self.advance()
            self.expect("(")
            cond = self.expression()
            self.expect(")")
            then = self.statement()
            other = self.statement() if self.accept("else") else None
            return n.If(tok.line, tok.col, cond, then, other)
        if value == "for":
            self.advance()
            self.expect("(")
            init: n.Stmt | None = None
            if not self.accept(";"):
                init = self.simple_statement()
            cond = None if self.at(";") else self.expression()
            self.expect(";")
            step = None if self.at(")") else self.expression()
            self.expect(")")
            return n.For(tok.line, tok.col, init, cond, step, self.statement())
        if value == "while":
            self.advance()
            self.expect("(")
            cond = self.expression()
            self.expect(")")
            return n.While(tok.line, tok.col, cond, self.statement())
        if value == "do":
            self.advance()
            body = self.statement()
            self.expect("while")
            self.expect("(")
            cond = self.expression()
            self.expect(")")
            self.expect(";")
            return n.DoWhile(tok.line, tok.col, body, cond)
        if value == "return":
            self.advance()
            ret = None if self.at(";") else self.expression()
            self.expect(";")
            return n.Return(tok.line, tok.col, ret)
        if value in ("break", "continue", "discard"):
            self.advance()
            self.expect(";")
            return n.Jump(tok.line, tok.col, tok.value)
        return self.simple_statement()

    def simple_statement(self) -> n.Stmt:
        """A declaration or an expression, with its ';'."""
        tok = self.tok
        if self.is_declaration():
            qualifiers = self.qualifiers()
            vtype = self.type_name()
            return n.DeclStmt(tok.line, tok.col, self.declarators(vtype, self.ident(), qualifiers, tok))
        expr = self.expression()
        self.expect(";")
        return n.ExprStmt(tok.line, tok.col, expr)

    # ------------------------------------------------------------ expressions
    # expression := assignment { ',' assignment }
    def expression(self) -> n.Expr:
        first = self.assignment()
        if not self.at(","):
            return first
        items = [first]
        while self.accept(","):
            items.append(self.assignment())
        return n.Comma(first.line, first.col, items)

    # assignment := ternary [ assign_op assignment ]
    def assignment(self) -> n.Expr:
        target = self.ternary()
        tok = self.tok
        if tok.kind != EOF and tok.value in _ASSIGN_OPS and tok.kind == "punct":
            self.advance()
            return n.Assign(tok.line, tok.col, tok.value, target, self.assignment())
        return target

    # ternary := binary [ '?' assignment ':' assignment ]
    def ternary(self) -> n.Expr:
        cond = self.binary(1)
        if self.at("?"):
            tok = self.advance()
            then = self.assignment()
            self.expect(":")
            other = self.assignment()
            return n.Ternary(tok.line, tok.col, cond, then, other)
        return cond

    def binary(self, min_prec: int) -> n.Expr:
        left = self.unary()
        while True:
            tok = self.tok
            prec = _BINARY.get(tok.value) if tok.kind == "punct" else None
            if prec is None or prec < min_prec:
                return left
            self.advance()
            right = self.binary(prec + 1)
            left = n.Binary(tok.line, tok.col, tok.value, left, right)

    # unary := ('-'|'+'|'!'|'~'|'++'|'--') unary | '(' type ')' unary | postfix
    def unary(self) -> n.Expr:
        tok = self.tok
        if tok.kind == "punct" and tok.value in ("-", "+", "!", "~", "++", "--"):
            self.advance()
            return n.Unary(tok.line, tok.col, tok.value, self.unary())
        if tok.value == "(" and tok.kind == "punct":
            ctype = self.type_at(1)
            if ctype is not None and self.peek(2).value in (")", "["):
                self.advance()
                self.advance()
                ctype = self.array_suffix(ctype)
                self.expect(")")
                return n.Cast(tok.line, tok.col, ctype, self.unary())
        return self.postfix(self.primary())

    def postfix(self, expr: n.Expr) -> n.Expr:
        while True:
            tok = self.tok
            if tok.kind != "punct":
                return expr
            if tok.value == ".":
                self.advance()
                field = self.ident()
                expr = self.member(expr, field)
            elif tok.value == "[":
                self.advance()
                index = self.expression()
                self.expect("]")
                expr = n.Index(tok.line, tok.col, expr, index)
            elif tok.value in ("++", "--"):
                self.advance()
                expr = n.Postfix(tok.line, tok.col, tok.value, expr)
            else:
                return expr

    def member(self, expr: n.Expr, field: Token) -> n.Expr:
        name = field.value
        if len(name) <= 4 and (set(name) <= set("xyzw") or set(name) <= set("rgba")):
            return n.Swizzle(field.line, field.col, expr, name.translate(_SWIZZLE_MAP))
        elements = _MATRIX_FIELD.findall(name)
        if elements and "".join(elements) == name:
            picks: list[n.Expr] = []
            for element in elements:
                digits = element.lstrip("_m")
                row, col = (int(digits[0]), int(digits[1])) if element.startswith("_m") else (int(digits[0]) - 1, int(digits[1]) - 1)
                row_expr = n.Index(field.line, field.col, expr, n.Literal(field.line, field.col, str(row), "int"))
                picks.append(n.Index(field.line, field.col, row_expr, n.Literal(field.line, field.col, str(col), "int")))
            if len(picks) == 1:
                return picks[0]
            return n.Constructor(field.line, field.col, vector("float", len(picks)), picks)
        raise ParseError(f"unknown field or swizzle '.{name}'", field.line, field.col)

    def primary(self) -> n.Expr:
        tok = self.tok
        if tok.kind == NUMBER:
            self.advance()
            return _number(tok)
        if tok.kind == IDENT:
            if tok.value in ("true", "false"):
                self.advance()
                return n.Literal(tok.line, tok.col, tok.value, "bool")
            ctype = self.type_at()
            if ctype is not None:
                self.advance()
                if not self.at("("):
                    self.error(f"expected '(' after type {tok.value}")
                return n.Constructor(tok.line, tok.col, ctype, self.arguments())
            self.advance()
            if self.at("("):
                return n.Call(tok.line, tok.col, tok.value, self.arguments())
            return n.Name(tok.line, tok.col, tok.value)
        if tok.value == "(" and tok.kind == "punct":
            self.advance()
            expr = self.expression()
            self.expect(")")
            return expr
        if tok.value == "{" and tok.kind == "punct":
            return self.initializer()
        self.error("expected an expression")
        raise AssertionError  # unreachable

    def arguments(self) -> list[n.Expr]:
        self.expect("(")
        args: list[n.Expr] = []
        if self.accept(")"):
            return args
        while True:
            args.append(self.assignment())
            if self.accept(")"):
                return args
            self.expect(",")


def _number(tok: Token) -> n.Literal:
    text = tok.value
    lower = text.lower()
    if lower.startswith("0x"):
        return n.Literal(tok.line, tok.col, str(int(lower.rstrip("ul"), 16)), "int")
    is_float = "." in text or ("e" in lower) or lower.endswith(("f", "h"))
    digits = text.rstrip("fFhHlLuU")
    if not is_float:
        return n.Literal(tok.line, tok.col, str(int(digits)), "int")
    value = min(float(digits), 3.4028234663852886e38)  # beyond float range HLSL saturates to FLT_MAX here
    return n.Literal(tok.line, tok.col, repr(value), "float")
