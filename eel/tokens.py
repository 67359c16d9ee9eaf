"""Token kinds and the token value produced by the lexer."""

from __future__ import annotations

import enum
from typing import NamedTuple


class TokenKind(enum.Enum):
    NUMBER = "number"
    NAME = "name"
    OP = "operator"
    LPAREN = "("
    RPAREN = ")"
    LBRACKET = "["
    RBRACKET = "]"
    COMMA = ","
    SEMI = ";"
    QUESTION = "?"
    COLON = ":"
    END = "end of code"


class Token(NamedTuple):
    """A token; a tuple so the lexer can build thousands per preset cheaply."""

    kind: TokenKind
    text: str  # operator text, lower-cased name, or the number's source text
    value: float  # numbers only
    offset: int  # into the block's joined text

    def describe(self) -> str:
        if self.kind is TokenKind.END:
            return "end of code"
        return repr(self.text)
