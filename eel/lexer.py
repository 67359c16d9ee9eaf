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
    (?:\s+|//[^\n]*|/\*.*?(?:\*/|\Z))*       # whitespace and comments, skipped
    (?:
      (\d+(?:\.\d*)?|\.\d*)                       # 1: number (a lone "." is 0)
    | ([A-Za-z_][A-Za-z0-9_]*)                     # 2: name
    | (\+=|-=|\*=|/=|%=|\^=|\|=|&=|==|!=|<=|>=|&&|\|\||[-+*/%^=<>!&|])   # 3: operator
    | ([()\[\],;?:])                               # 4: punctuation
    | (\$(?:'[^']'|[A-Za-z][A-Za-z0-9_]*))         # 5: $ constant
    | (\Z)                                         # 6: end
    )
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
    make = tuple.__new__  # Token(...) without NamedTuple's Python-level __new__
    pos = 0
    match = _TOKEN_RE.match
    number, name, op, end = TokenKind.NUMBER, TokenKind.NAME, TokenKind.OP, TokenKind.END
    while True:
        m = match(text, pos)
        if m is None:
            # Skip what the pattern skips, then report the first character it could not read.
            bad = pos
            while bad < len(text) and text[bad].isspace():
                bad += 1
            raise LexError(f"unexpected character {text[bad]!r}", span_at(source, block, bad), excerpt(source, bad))
        group = m.lastindex
        start = m.start(group)
        value = m.group(group)
        if group == 2:
            append(make(Token, (name, value.lower(), 0.0, start)))
        elif group == 1:
            append(make(Token, (number, value, float(value) if value != "." else 0.0, start)))
        elif group == 3:
            append(make(Token, (op, value, 0.0, start)))
        elif group == 4:
            append(make(Token, (_PUNCT[value], value, 0.0, start)))
        elif group == 5:
            constant = _constant_value(value)
            if constant is None:
                raise LexError(f"unknown constant {value!r}", span_at(source, block, start), excerpt(source, start))
            append(Token(number, value, constant, start))
        else:
            append(Token(end, "", 0.0, len(text)))
            return tokens
        pos = m.end()
