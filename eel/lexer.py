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
    ((?:\s+|//[^\n]*|/\*.*?(?:\*/|\Z))*)      # 1: whitespace and comments, skipped
    (?:
      (\d+(?:\.\d*)?|\.\d*)                       # 2: number (a lone "." is 0)
    | ([A-Za-z_][A-Za-z0-9_]*)                     # 3: name
    | (\+=|-=|\*=|/=|%=|\^=|\|=|&=|==|!=|<=|>=|&&|\|\||[-+*/%^=<>!&|])   # 4: operator
    | ([()\[\],;?:])                               # 5: punctuation
    | (\$(?:'[^']'|[A-Za-z][A-Za-z0-9_]*))         # 6: $ constant
    | (\Z)                                         # 7: end
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
    """All tokens of the block, ending with an END token. Raises :class:`LexError`.

    One ``findall`` pass (in C) splits the text; when the pieces do not cover the whole text, a
    character was not EEL, and the slow path finds where.
    """
    text = source.text
    pieces = _TOKEN_RE.findall(text)
    tokens: list[Token] = []
    append = tokens.append
    make = tuple.__new__  # Token(...) without NamedTuple's Python-level __new__
    number, name, op, end = TokenKind.NUMBER, TokenKind.NAME, TokenKind.OP, TokenKind.END
    pos = 0
    for skipped, num, word, oper, punct, const, _ in pieces:
        pos += len(skipped)
        if word:
            append(make(Token, (name, word.lower(), 0.0, pos)))
            pos += len(word)
        elif num:
            append(make(Token, (number, num, float(num) if num != "." else 0.0, pos)))
            pos += len(num)
        elif oper:
            append(make(Token, (op, oper, 0.0, pos)))
            pos += len(oper)
        elif punct:
            append(make(Token, (_PUNCT[punct], punct, 0.0, pos)))
            pos += 1
        elif const:
            constant = _constant_value(const)
            if constant is None:
                raise LexError(f"unknown constant {const!r}", span_at(source, block, pos), excerpt(source, pos))
            append(make(Token, (number, const, constant, pos)))
            pos += len(const)
        elif pos == len(text):
            append(make(Token, (end, "", 0.0, pos)))
            return tokens
        else:
            break
    _raise_at_first_bad_character(source, block)
    raise AssertionError("tokenize: text not covered yet no bad character found")


def _raise_at_first_bad_character(source: JoinedSource, block: str) -> None:
    text = source.text
    pos = 0
    while True:
        m = _TOKEN_RE.match(text, pos)
        if m is None or m.end() == pos:
            bad = pos
            while bad < len(text) and text[bad].isspace():
                bad += 1
            if bad >= len(text):
                return
            raise LexError(f"unexpected character {text[bad]!r}", span_at(source, block, bad), excerpt(source, bad))
        pos = m.end()
