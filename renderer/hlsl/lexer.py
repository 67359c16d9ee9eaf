"""HLSL tokens with their line and column in the preset's shader text.

The lexer knows nothing of the preprocessor: it marks the first token of every line (``bol``)
so that ``preprocessor.py`` can find ``#`` directives, which are line-based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import LexError

IDENT = "ident"
NUMBER = "number"
PUNCT = "punct"
STRING = "string"
EOF = "eof"


@dataclass(slots=True)
class Token:
    kind: str
    value: str
    line: int
    col: int
    bol: bool = False  # first token on its source line
    hidden: frozenset[str] = frozenset()  # macros that must not re-expand this token

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.value!r}, {self.line}:{self.col})"


_PUNCTUATORS = sorted(
    """<<= >>= ++ -- += -= *= /= %= &= |= ^= == != <= >= && || << >> :: ## { } ( ) [ ] ; , . ? : + - * / %
    < > = ! ~ & | ^ #""".split(),
    key=len,
    reverse=True,
)

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>[ \t\r\f\v]+|\\\r?\n)
  | (?P<nl>\n)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<number>(?:0[xX][0-9a-fA-F]+[uUlL]*)
              |(?:(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?[fFhHlL]?)
              |(?:\d+[eE][+-]?\d+[fFhHlL]?)
              |(?:\d+[uUlLfFhH]*))
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<string>"[^"\n]*")
  | (?P<punct>"""
    + "|".join(re.escape(p) for p in _PUNCTUATORS)
    + r""")
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text`` followed by one EOF token; comments and whitespace dropped."""
    tokens: list[Token] = []
    line, line_start, pos, bol = 1, 0, 0, True
    end = len(text)
    match = _TOKEN_RE.match
    while pos < end:
        m = match(text, pos)
        if m is None:
            if text.startswith("/*", pos):
                raise LexError("comment '/*' is never closed", line, pos - line_start + 1)
            raise LexError(f"unexpected character {text[pos]!r}", line, pos - line_start + 1)
        kind = m.lastgroup
        value = m.group()
        if kind == "nl":
            line += 1
            line_start = m.end()
            bol = True
        elif kind == "ws" or kind == "comment":
            newlines = value.count("\n")
            if newlines:
                line += newlines
                line_start = pos + value.rindex("\n") + 1
                if kind == "comment":
                    bol = True
        else:
            tokens.append(Token(kind, value, line, pos - line_start + 1, bol))  # type: ignore[arg-type]
            bol = False
        pos = m.end()
    tokens.append(Token(EOF, "", line, pos - line_start + 1, True))
    return tokens
