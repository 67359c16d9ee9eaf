"""Feeding uniforms by name: every pass writes only what its program actually declares.

Preset shaders declare any subset of MilkDrop's uniforms, with the translator choosing types
(``float`` vs ``int``/``bool`` flags, ``mat4x3`` vs ``mat3x4``); writes adapt to the declared type.
"""

from __future__ import annotations

from typing import Mapping, Sequence, Union

import struct

import moderngl
import numpy as np

UniformValue = Union[float, int, Sequence[float], np.ndarray]

GL_INT = 0x1404
GL_BOOL = 0x8B56
GL_UNSIGNED_INT = 0x1405
GL_FLOAT_MAT3x4 = 0x8B68  # 3 columns of vec4
GL_FLOAT_MAT4x3 = 0x8B6A  # 4 columns of vec3
_INTEGER_TYPES = {GL_INT, GL_BOOL, GL_UNSIGNED_INT, 0x8B53, 0x8B54, 0x8B55, 0x8B57, 0x8B58, 0x8B59}
_SAMPLER_TYPES = {
    0x8B5D, 0x8B5E, 0x8B5F, 0x8B60, 0x8B61, 0x8B62, 0x8B63, 0x8B64,  # sampler1D..sampler2DRectShadow
    0x8DC1, 0x8DC2, 0x8DC5, 0x8DC8, 0x8DCA, 0x8DCB, 0x8DCC, 0x8DCD, 0x8DCE, 0x8DCF, 0x8DD0,
    0x8DD2, 0x8DD3, 0x8DD4, 0x8DD5, 0x8DD6, 0x8DD7, 0x9108, 0x9109, 0x910A, 0x910B, 0x910C, 0x910D,
}  # fmt: skip
GL_SAMPLER_3D = 0x8B5F
_pack_float = struct.Struct("f").pack
_FLOAT_VECTORS = {0x8B50: 2, 0x8B51: 3, 0x8B52: 4}  # GL_FLOAT_VEC2..4: components
_pack_floats = {n: struct.Struct(f"{n}f").pack for n in _FLOAT_VECTORS.values()}
_pack_int = struct.Struct("i").pack


def uniforms_of(program: moderngl.Program) -> dict[str, moderngl.Uniform]:
    """Active uniforms by name (array uniforms appear under their base name); looked up once per
    program and kept in ``program.extra``, since walking a program's members costs per frame."""
    cached = program.extra
    if isinstance(cached, _UniformTable):
        return cached
    table = _UniformTable({name: member for name in program if isinstance(member := program[name], moderngl.Uniform)})
    if program.extra is None:
        program.extra = table
    return table


class _UniformTable(dict):  # type: ignore[type-arg]
    """The cached uniform lookup of one program, its non-sampler uniforms, and the plain values
    (numbers and tuples of numbers) last written through :func:`feed_uniforms`."""

    def __init__(self, members: dict[str, moderngl.Uniform]) -> None:
        super().__init__(members)
        self.plain = [(name, uniform) for name, uniform in members.items() if not is_sampler(uniform)]
        self.last: dict[str, object] = {}


def is_sampler(uniform: moderngl.Uniform) -> bool:
    return uniform.gl_type in _SAMPLER_TYPES


def write_uniform(uniform: moderngl.Uniform, value: UniformValue) -> None:
    """Write ``value`` to ``uniform`` converting to its declared type and size."""
    gl_type = uniform.gl_type
    if isinstance(value, (float, int)) and uniform.dimension == 1 and uniform.array_length == 1:
        # most uniforms are one number: pack it directly, without numpy's conversions
        if gl_type not in _INTEGER_TYPES and -3.4e38 < value < 3.4e38:  # struct refuses beyond float32
            uniform.write(_pack_float(value))
            return
        if -2147483648.0 < value < 2147483647.0:  # also false for NaN
            uniform.write(_pack_int(round(value)))
            return
    if type(value) is tuple and gl_type in _FLOAT_VECTORS and len(value) == _FLOAT_VECTORS[gl_type] and uniform.array_length == 1:
        try:  # vec2..vec4 given as a tuple of numbers (texsize, aspect, rand_frame, ...)
            uniform.write(_pack_floats[len(value)](*value))
            return
        except (struct.error, TypeError, OverflowError):
            pass  # out of float32 range or not numbers: the general path below
    if gl_type in (GL_FLOAT_MAT3x4, GL_FLOAT_MAT4x3):
        matrix = np.asarray(value, dtype=np.float32).reshape(4, 3)  # HLSL float4x3 rows
        # mat4x3: column i = HLSL row i (so HLSL mul(v, M) == M * v); mat3x4 is its transpose
        data = matrix if gl_type == GL_FLOAT_MAT4x3 else matrix.T
        uniform.write(np.ascontiguousarray(data, dtype=np.float32).tobytes())
        return
    flat = np.asarray(value, dtype=np.float64).ravel()
    count = uniform.dimension * uniform.array_length
    if flat.size < count:
        flat = np.concatenate([flat, np.zeros(count - flat.size)])
    flat = flat[:count]
    if gl_type in _INTEGER_TYPES:
        uniform.write(np.round(flat).astype(np.int32).tobytes())
    else:
        uniform.write(flat.astype(np.float32).tobytes())


def feed_uniforms(program: moderngl.Program, values: Mapping[str, UniformValue]) -> set[str]:
    """Write every non-sampler uniform of ``program`` found in ``values``; returns the names written.

    A number or tuple of numbers equal to the one this function last wrote to the uniform is not
    written again: most of a frame's values (sizes, settings, unchanged per-frame variables) repeat,
    and each write costs a conversion and a driver call. Write other uniforms of a fed program
    only through here, or the remembered value goes stale."""
    written = set()
    table = uniforms_of(program)
    last = table.last
    for name, uniform in table.plain:
        if name not in values:
            continue
        value = values[name]
        written.add(name)
        plain = _is_plain(value)
        if plain and last.get(name, _UNSET) == value:
            continue
        write_uniform(uniform, value)
        if plain:
            last[name] = value
        else:
            last.pop(name, None)
    return written


_UNSET = object()


def _is_plain(value: object) -> bool:
    kind = type(value)
    if kind is float or kind is int:
        return True
    return kind is tuple and all(type(v) is float or type(v) is int for v in value)  # type: ignore[union-attr]
