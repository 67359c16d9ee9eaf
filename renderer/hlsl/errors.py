"""Errors of the HLSL translator, all located in the preset's own shader text.

    HlslError                 root: .line, .col (1-based, in the preset's shader text), .message
    ├── PreprocessError       bad or unsupported #directive, bad macro call
    ├── LexError              a character that starts no HLSL token
    ├── ParseError            text that is not HLSL the presets' subset covers
    ├── TypeCheckError        unknown names, wrong argument counts, impossible conversions
    └── ShaderLinkError       the GL driver refused the translated GLSL (log mapped back to preset lines)

``str(error)`` is ``line:col: message``.
"""

from __future__ import annotations


class HlslError(Exception):
    """A shader that cannot be translated; says where in the preset's shader text."""

    def __init__(self, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col

    def __str__(self) -> str:
        return f"{self.line}:{self.col}: {self.message}"


class PreprocessError(HlslError):
    """A preprocessor directive or macro invocation that cannot be expanded."""


class LexError(HlslError):
    """A character sequence that is no HLSL token."""


class ParseError(HlslError):
    """Source that does not parse as the HLSL subset presets use."""


class TypeCheckError(HlslError):
    """A well-formed shader whose names or types do not work out."""


class ShaderLinkError(HlslError):
    """The GL driver rejected the translated shader; line/col point into the preset text when known."""
