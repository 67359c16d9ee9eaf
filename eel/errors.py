"""Errors raised by the EEL compiler.

Every error of a program carries a :class:`~eel.source.Span` and prints as ``block:line:col: message``::

    EelError                 any problem with a block's code
    ├── LexError             a character or token that EEL does not have
    ├── ParseError           text that does not form a program (missing operand, parenthesis, ...)
    ├── AnalysisError        a well-formed program that cannot mean anything (unknown function, arity)
    └── CodegenError         a backend could not turn a valid program into code (compiler limit)

:class:`BackendUnsupported` is not an error of the program: it says that one backend (numpy or
GLSL) cannot run this block exactly, so the caller picks another backend.
"""

from __future__ import annotations

from eel.source import Span


class EelError(Exception):
    """A block's code was rejected; ``span`` says where, ``excerpt`` shows the text around it."""

    def __init__(self, message: str, span: Span, excerpt: str = "") -> None:
        self.message = message
        self.span = span
        self.excerpt = excerpt
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.span}: {self.message}"
        if self.excerpt:
            text += f"\n    {self.excerpt}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {"block": self.span.block, "line": self.span.line, "col": self.span.col, "message": self.message}


class LexError(EelError):
    """A character or token that EEL does not have (``#``, ``@``, an unterminated ``$'``)."""


class ParseError(EelError):
    """Text that does not form a program."""


class AnalysisError(EelError):
    """An unknown function, a wrong number of arguments, or a function name used as a value."""


class CodegenError(EelError):
    """A backend hit one of its own limits on a valid program."""


class BackendUnsupported(Exception):
    """This backend cannot run the block exactly; ``reason`` says why (e.g. ``megabuf``)."""

    def __init__(self, backend: str, reason: str) -> None:
        self.backend = backend
        self.reason = reason
        super().__init__(f"{backend} backend: {reason}")
