"""Building GL programs from shader files shipped as package data.

Shader text is read through ``importlib.resources`` (``renderer/shaders`` by default). Three
preprocessing steps run in Python before the driver sees the text:

* ``#include "name.glsl"`` pulls in another resource (depth-capped, so cycles fail loudly);
* every file (and every spliced snippet) gets an index, and ``#line`` directives keep driver
  messages mappable back to ``warp.vert:17``. GLSL 3.30 ``#line`` takes numbers only and Mesa
  ignores the source-string number, so line numbers are emitted as ``index * LINE_STRIDE + line``
  (and the index is passed as source number too); ``describe_errors`` decodes both forms;
* splice points: a region ``#pragma splice NAME begin`` ... ``#pragma splice NAME end`` holds the
  default code; ``splices={"NAME": text}`` replaces it with generated code (e.g. the per-pixel
  function from the EEL GLSL backend). The default compiles as-is, so unspliced files are valid GLSL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Mapping

import moderngl

SHADER_PACKAGE = "renderer.shaders"
MAX_INCLUDE_DEPTH = 8
LINE_STRIDE = 10000  # no shader file is this long

_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"\s*$')
_VERSION = re.compile(r"^\s*#\s*version\b")
_SPLICE = re.compile(r"^\s*#\s*pragma\s+splice\s+(\w+)\s+(begin|end)\s*$")
# Mesa: "3:17(5): error: ..."; NVIDIA: "3(17) : error ..."
_DRIVER_LOCATION = re.compile(r"\b(\d+):(\d+)\((\d+)\)|\b(\d+)\((\d+)\)\s*:")


class ShaderBuildError(RuntimeError):
    """A shader could not be preprocessed or compiled; the message names file:line."""


@dataclass
class ShaderSource:
    """Preprocessed GLSL text plus the table mapping source-string numbers to file names."""

    text: str
    files: list[str] = field(default_factory=list)

    def describe_errors(self, driver_message: str) -> str:
        """Rewrite ``N:L(C)`` locations in a driver log as ``file:L:C``."""

        def replace(match: re.Match[str]) -> str:
            if match.group(1) is not None:
                index, line, col = int(match.group(1)), match.group(2), match.group(3)
                suffix = f":{col}"
            else:
                index, line, suffix = int(match.group(4)), match.group(5), " :"
            if index == 0 and int(line) >= LINE_STRIDE:
                index = int(line) // LINE_STRIDE
            line_number = int(line) % LINE_STRIDE
            name = self.files[index] if 0 <= index < len(self.files) else f"<string {index}>"
            return f"{name}:{line_number}{suffix}"

        return _DRIVER_LOCATION.sub(replace, driver_message)


def read_resource(name: str, package: str = SHADER_PACKAGE) -> str:
    """The text of a shader resource such as ``"warp.vert"`` or ``"include/noise.glsl"``."""
    node = resources.files(package)
    for part in name.split("/"):
        node = node / part
    try:
        return node.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ShaderBuildError(f"shader resource {package}/{name} not found") from exc


def load_shader(
    name: str,
    splices: Mapping[str, str] | None = None,
    defines: Mapping[str, str] | None = None,
    package: str = SHADER_PACKAGE,
) -> ShaderSource:
    """Load a shader resource, resolving includes and splices, with ``#line`` bookkeeping."""
    return preprocess(read_resource(name, package), name, splices, defines, package)


def preprocess(
    text: str,
    name: str,
    splices: Mapping[str, str] | None = None,
    defines: Mapping[str, str] | None = None,
    package: str = SHADER_PACKAGE,
) -> ShaderSource:
    """Preprocess shader ``text`` (called ``name`` in messages); see the module docstring."""
    source = ShaderSource(text="", files=[])
    used: set[str] = set()
    lines = _expand(text, name, source, dict(splices or {}), used, package, depth=0)
    unknown = set(splices or {}) - used
    if unknown:
        raise ShaderBuildError(f"{name}: no splice point named {', '.join(sorted(unknown))}")
    if not lines or not _VERSION.match(lines[0]):
        raise ShaderBuildError(f"{name}:1: shader must start with a #version line")
    extra = [f"#define {key} {value}" for key, value in (defines or {}).items()]
    if extra:
        lines[1:1] = extra + [_line(2, 0)]
    source.text = "\n".join(lines) + "\n"
    return source


def _expand(
    text: str,
    name: str,
    source: ShaderSource,
    splices: dict[str, str],
    used: set[str],
    package: str,
    depth: int,
) -> list[str]:
    index = len(source.files)
    source.files.append(name)
    out: list[str] = [] if depth == 0 else [_line(1, index)]
    skipping: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        splice = _SPLICE.match(line)
        if splice:
            point, edge = splice.groups()
            if edge == "begin" and point in splices and skipping is None:
                used.add(point)
                skipping = point
                out.extend(_snippet(splices[point], f"<splice {point} in {name}>", source))
            elif edge == "end" and skipping == point:
                skipping = None
                out.append(_line(number + 1, index))
            elif skipping is None:
                out.append(line)
            continue
        if skipping is not None:
            continue
        include = _INCLUDE.match(line)
        if include:
            if depth >= MAX_INCLUDE_DEPTH:
                raise ShaderBuildError(
                    f"{name}:{number}: #include nested deeper than {MAX_INCLUDE_DEPTH} (a cycle?)"
                )
            child = include.group(1)
            out.extend(_expand(read_resource(child, package), child, source, splices, used, package, depth + 1))
            out.append(_line(number + 1, index))
            continue
        if _VERSION.match(line):
            if depth > 0 or number != 1:
                raise ShaderBuildError(f"{name}:{number}: #version is only allowed on line 1 of the top file")
            out.append(line)
            out.append(_line(2, index))
            continue
        out.append(line)
    if skipping is not None:
        raise ShaderBuildError(f"{name}: splice point {skipping} has no matching 'end' pragma")
    return out


def _line(number: int, index: int) -> str:
    return f"#line {index * LINE_STRIDE + number} {index}"


def _snippet(text: str, name: str, source: ShaderSource) -> list[str]:
    index = len(source.files)
    source.files.append(name)
    return [_line(1, index)] + text.splitlines()


def build_program(
    ctx: moderngl.Context,
    vertex: ShaderSource,
    fragment: ShaderSource,
    varyings: tuple[str, ...] = (),
) -> moderngl.Program:
    """Compile and link; driver errors come back as ``ShaderBuildError`` naming file:line."""
    try:
        return ctx.program(vertex_shader=vertex.text, fragment_shader=fragment.text, varyings=varyings)
    except moderngl.Error as exc:
        message = str(exc)
        stage = fragment if "fragment_shader" in message or "GL_FRAGMENT_SHADER" in message else vertex
        raise ShaderBuildError(stage.describe_errors(message)) from exc


def program_from_files(
    ctx: moderngl.Context,
    vertex_name: str,
    fragment_name: str,
    splices: Mapping[str, str] | None = None,
    varyings: tuple[str, ...] = (),
) -> moderngl.Program:
    """Shortcut: load both resources (splices apply to either) and build the program."""
    splices = dict(splices or {})
    vertex = _load_partial(vertex_name, splices)
    fragment = _load_partial(fragment_name, splices)
    return build_program(ctx, vertex, fragment, varyings)


def _load_partial(name: str, splices: dict[str, str]) -> ShaderSource:
    """Load ``name`` applying only the splice points it actually has."""
    text = read_resource(name)
    points = {m.group(1) for m in map(_SPLICE.match, text.splitlines()) if m}
    return preprocess(text, name, {k: v for k, v in splices.items() if k in points})


def uniform_names(program: moderngl.Program) -> set[str]:
    """Names of the active uniforms (including samplers) of a linked program."""
    return {name for name in program if isinstance(program[name], moderngl.Uniform)}
