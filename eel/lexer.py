"""Turns a block's joined text into tokens.

EEL as MilkDrop 2 reads it: decimal numbers without exponent (``1.``, ``.5`` and a lone ``.``,
which is 0), case-insensitive names, ``$pi``/``$e``/``$phi``/``$xHEX``/``$'c'`` constants,
``//`` and ``/* */`` comments (an unterminated ``/*`` swallows the rest, as in MilkDrop).
"""

from __future__ import annotations

import math
import re

from eel.errors import LexError
from eel.source import JoinedSource, Span
from eel.tokens import Token, TokenKind

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<num>\d+(?:\.\d*)?|\.\d*)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<const>\$(?:'[^']'|[A-Za-z][A-Za-z0-9_]*))
  | (?P<op>\+=|-=|\*=|/=|%=|\^=|\|=|&=|==|!=|<=|>=|&&|\|\||[-+*/%^=<>!&|])
  | (?P<punct>[()\[\],;?:])
    """,
    re.VERBOSE | re.DOTALL,
)

_PUNCT = {
    "(": TokenKind.LPAREN,
    ")": TokenKind.RPAREN,
    "[": TokenKind.LBRACKET,
    "]": TokenKind.RBRACKET,
    ",": TokenKind.COMMA,
    ";": TokenKind.SEMI,
    "?": TokenKind.QUESTION,
    ":": TokenKind.COLON,
}

# MilkDrop 2's preprocessor writes these as decimal text.
_NAMED_CONSTANTS = {"$pi": math.pi, "$e": 2.71828183, "$phi": 1.61803399}


def _constant_value(text: str) -> float | None:
    low = text.lower()
    if low in _NAMED_CONSTANTS:
        return _NAMED_CONSTANTS[low]
    if low.startswith("$'"):
        return float(ord(text[2]) & 0xFF)
    if low.startswith("$x") and len(low) > 2:
        try:
            return float(int(low[2:], 16) & 0xFFFFFFFF)
        except ValueError:
            return None
    return None


def excerpt(source: JoinedSource, offset: int, width: int = 60) -> str:
    """The text around ``offset`` with a caret under it, for error messages."""
    text = source.text
    start = max(0, offset - width // 2)
    end = min(len(text), offset + width // 2)
    snippet = text[start:end].replace("\n", " ").replace("\t", " ")
    prefix = "..." if start > 0 else ""
    suffix = "..." if end < len(text) else ""
    caret = " " * (len(prefix) + offset - start) + "^"
    return f"{prefix}{snippet}{suffix}\n    {caret}"


def span_at(source: JoinedSource, block: str, offset: int) -> Span:
    line, col = source.position(offset)
    return Span(block, line, col)


def tokenize(source: JoinedSource, block: str) -> list[Token]:
    """All tokens of the block, ending with an END token. Raises :class:`LexError`."""
    text = source.text
    tokens: list[Token] = []
    append = tokens.append
    pos = 0
    length = len(text)
    match = _TOKEN_RE.match
    while pos < length:
        m = match(text, pos)
        if m is None:
            raise LexError(f"unexpected character {text[pos]!r}", span_at(source, block, pos), excerpt(source, pos))
        kind = m.lastgroup
        value = m.group()
        if kind == "num":
            append(Token(TokenKind.NUMBER, value, float(value) if value != "." else 0.0, pos))
        elif kind == "name":
            append(Token(TokenKind.NAME, value.lower(), 0.0, pos))
        elif kind == "op":
            append(Token(TokenKind.OP, value, 0.0, pos))
        elif kind == "punct":
            append(Token(_PUNCT[value], value, 0.0, pos))
        elif kind == "const":
            number = _constant_value(value)
            if number is None:
                raise LexError(f"unknown constant {value!r}", span_at(source, block, pos), excerpt(source, pos))
            append(Token(TokenKind.NUMBER, value, number, pos))
        pos = m.end()
    append(Token(TokenKind.END, "", 0.0, length))
    return tokens
