"""The EEL2 compiler: MilkDrop 2 preset equations to Python, numpy and GLSL.

Typical use::

    import eel
    program = eel.compile_block(code, "per_frame")   # raises eel.EelError with block:line:col
    ctx = eel.Context()
    program.python().run(ctx)                        # scalar: one run on ctx.vars
"""

from eel.errors import (
    AnalysisError,
    BackendUnsupported,
    CodegenError,
    EelError,
    LexError,
    ParseError,
)
from eel.program import Program, compile_block
from eel.runtime import SHARED, Context, Megabuf, SharedMemory
from eel.source import JoinedSource, Span, join_lines, single_line

__all__ = [
    "AnalysisError",
    "BackendUnsupported",
    "CodegenError",
    "Context",
    "EelError",
    "JoinedSource",
    "LexError",
    "Megabuf",
    "ParseError",
    "Program",
    "SHARED",
    "SharedMemory",
    "Span",
    "compile_block",
    "join_lines",
    "single_line",
]
