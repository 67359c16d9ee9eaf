"""The compiler's front door: parse and analyse a block once, then build backends on demand."""

from __future__ import annotations

import sys
from functools import cached_property
from typing import TYPE_CHECKING

from eel import nodes as n
from eel.analysis import Effects, analyze
from eel.errors import CodegenError, EelError
from eel.parser import parse
from eel.source import JoinedSource, Span, single_line

if TYPE_CHECKING:
    from eel.backends.glsl import GlslFunction
    from eel.backends.npvector import VectorBlock
    from eel.backends.pyscalar import ScalarBlock
    from eel.backends.split import SplitBlock

# Generating code for very long operator chains recurses once per operator.
_CODEGEN_RECURSION_LIMIT = 20_000


class _deep_recursion:
    """Raise the interpreter's recursion limit for one compile; turn exhaustion into CodegenError."""

    def __init__(self, program: "Program", stage: str) -> None:
        self.program = program
        self.stage = stage

    def __enter__(self) -> None:
        self.saved = sys.getrecursionlimit()
        if self.saved < _CODEGEN_RECURSION_LIMIT:
            sys.setrecursionlimit(_CODEGEN_RECURSION_LIMIT)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> bool:
        sys.setrecursionlimit(self.saved)
        if exc_type is not None and issubclass(exc_type, (RecursionError, MemoryError)):  # type: ignore[arg-type]
            raise CodegenError(
                f"{self.stage}: expression too deeply nested to compile", Span(self.program.block, 1, 1)
            ) from None
        if exc_type is not None and issubclass(exc_type, SyntaxError):  # type: ignore[arg-type]
            raise CodegenError(f"{self.stage}: generated code rejected ({exc})", Span(self.program.block, 1, 1)) from None
        return False


class Program:
    """One parsed and analysed EEL block. Backends are compiled lazily and cached."""

    def __init__(self, tree: n.Node, source: JoinedSource, block: str) -> None:
        self.tree = tree
        self.source = source
        self.block = block
        self._backends: dict[object, object] = {}

    @cached_property
    def effects(self) -> Effects:
        with _deep_recursion(self, "analysis"):
            return analyze(self.tree)

    @property
    def is_empty(self) -> bool:
        return isinstance(self.tree, n.Seq) and not self.tree.items

    def python(self) -> "ScalarBlock":
        """The scalar backend (always available)."""
        cached = self._backends.get("python")
        if cached is None:
            from eel.backends.pyscalar import compile_scalar

            with _deep_recursion(self, "python backend"):
                cached = self._backends["python"] = compile_scalar(self.tree, self.block)
        return cached  # type: ignore[return-value]

    def numpy(self, per_element_inputs: frozenset[str] | set[str] = frozenset(), check: bool = True) -> "VectorBlock":
        """The vectorized backend; raises ``BackendUnsupported`` when the block cannot vectorize.

        ``per_element_inputs`` are the variables the caller sets for each element (x, y, rad, ...),
        which therefore carry nothing from one element to the next. ``check=False`` skips the
        vectorizability check (only exact when all elements start alike, as in conformance runs).
        """
        from eel.backends.npvector import compile_vector

        key = ("_numpy", frozenset(per_element_inputs), check)
        cached = self._backends.get(key)
        if cached is None:
            with _deep_recursion(self, "numpy backend"):
                cached = compile_vector(self, frozenset(per_element_inputs), check)
            self._backends[key] = cached
        return cached  # type: ignore[return-value]

    def split(self, per_element_inputs: frozenset[str] | set[str], outputs: tuple[str, ...]) -> "SplitBlock":
        """Numpy + scalar + numpy phases for a loop-carried block (see :mod:`eel.analysis.phases`);
        raises ``BackendUnsupported`` when the block cannot be split that way."""
        from eel.backends.split import compile_split

        key = ("_split", frozenset(per_element_inputs), tuple(outputs))
        cached = self._backends.get(key)
        if cached is None:
            with _deep_recursion(self, "split backend"):
                cached = compile_split(self, frozenset(per_element_inputs), tuple(outputs))
            self._backends[key] = cached
        return cached  # type: ignore[return-value]

    def glsl(self, function_name: str, inputs: tuple[str, ...], outputs: tuple[str, ...], uniforms: frozenset[str] = frozenset()) -> "GlslFunction":
        """A GLSL 330 function; raises ``BackendUnsupported`` for megabuf, registers, unbounded while."""
        from eel.backends.glsl import compile_glsl

        with _deep_recursion(self, "glsl backend"):
            return compile_glsl(self, function_name, inputs, outputs, uniforms)


def compile_block(code: str | JoinedSource, block: str = "code") -> Program:
    """Parse and analyse one block of EEL code.

    ``code`` is either the block's joined text or a :class:`~eel.source.JoinedSource` from
    :func:`~eel.source.join_lines` (then errors report the preset's original line numbers).
    Raises an :class:`~eel.errors.EelError` subclass naming block, line and column.
    """
    source = code if isinstance(code, JoinedSource) else single_line(code)
    try:
        tree = parse(source, block)
    except RecursionError:
        raise CodegenError("code too deeply nested", Span(block, 1, 1)) from None
    program = Program(tree, source, block)
    return program


__all__ = ["Program", "compile_block", "EelError"]
