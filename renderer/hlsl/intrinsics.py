"""The one table of HLSL intrinsics: how each checks its arguments and what GLSL it becomes.

Where Direct3D 9 (MilkDrop's ps_2_0/ps_3_0 target) defines more than GLSL, the table keeps D3D9's
answer: its ``rsq``, ``log`` and ``pow`` instructions take the absolute value of their input, so
``sqrt``, ``rsqrt``, ``log*`` and ``pow`` of negatives give real numbers instead of NaN; ``pow``
with a literal whole exponent is expanded to multiplies by fxc, keeping the sign for odd
exponents; and ``round`` is ``floor(x + 0.5)`` (SM3 has no round-to-even instruction).

Each rule maps the argument types to (types the arguments are converted to, result type) or raises
``TypeMismatch``. ``glsl`` is a format string over the converted arguments; ``helper`` names a
function section of ``glsl/intrinsics.glsl`` the output then needs (HLSL semantics GLSL lacks).
``mul`` is handled by the checker (its GLSL depends on operand order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .types import BOOL, FLOAT, FLOAT2, FLOAT3, FLOAT4, MATRIX, SAMPLER, VOID_T, Type, TypeMismatch, common_type

Rule = Callable[[list[Type]], tuple[list[Type], Type]]


@dataclass(frozen=True, slots=True)
class Intrinsic:
    name: str
    arity: tuple[int, ...]
    rule: Rule
    glsl: str
    helper: str | None = None
    out_args: tuple[int, ...] = ()  # argument positions HLSL writes to

    @property
    def elementwise(self) -> bool:
        """Applies per component, so a matrix argument can be done row by row."""
        return self.rule in (same_float, same_numeric)


def _floaty(t: Type) -> Type:
    return t.with_base("float")


def same_float(types: list[Type]) -> tuple[list[Type], Type]:
    """All arguments and the result share one float type (lerp, pow, sin...)."""
    t = _floaty(common_type(types))
    return [t] * len(types), t


def same_numeric(types: list[Type]) -> tuple[list[Type], Type]:
    """Like same_float but int stays int (abs, min, max, clamp)."""
    t = common_type(types)
    if t.base == "uint":
        t = t.with_base("int")
    return [t] * len(types), t


def to_scalar(types: list[Type]) -> tuple[list[Type], Type]:
    """Common float type in, one float out (dot, length, distance)."""
    t = _floaty(common_type(types))
    if t.kind == MATRIX:
        raise TypeMismatch("expects vectors, not matrices")
    return [t] * len(types), FLOAT


def to_bool_shape(types: list[Type]) -> tuple[list[Type], Type]:
    t = common_type(types)
    if t.kind == MATRIX:
        raise TypeMismatch("bool matrices are not supported")
    return [_floaty(t)], t.with_base("bool")


def to_bool_scalar(types: list[Type]) -> tuple[list[Type], Type]:
    t = common_type(types, arithmetic=False).with_base("bool")
    if t.kind == MATRIX:
        raise TypeMismatch("bool matrices are not supported")
    return [t], BOOL


def vector_same(types: list[Type]) -> tuple[list[Type], Type]:
    t = _floaty(common_type(types))
    if t.kind == MATRIX:
        raise TypeMismatch("expects vectors, not matrices")
    return [t] * len(types), t


def cross(types: list[Type]) -> tuple[list[Type], Type]:
    return [FLOAT3, FLOAT3], FLOAT3


def refract(types: list[Type]) -> tuple[list[Type], Type]:
    t = _floaty(common_type(types[:2]))
    if t.kind == MATRIX:
        raise TypeMismatch("expects vectors, not matrices")
    return [t, t, FLOAT], t


def square_matrix(types: list[Type]) -> tuple[list[Type], Type]:
    t = types[0]
    if t.kind != MATRIX or t.rows != t.cols:
        raise TypeMismatch("expects a square matrix")
    return [_floaty(t)], FLOAT


def transpose(types: list[Type]) -> tuple[list[Type], Type]:
    t = types[0]
    if t.kind != MATRIX:
        raise TypeMismatch("expects a matrix")
    return [_floaty(t)], Type("float", MATRIX, t.cols, t.rows)


def sincos(types: list[Type]) -> tuple[list[Type], Type]:
    t = _floaty(types[1]) if types[1].is_numeric else FLOAT
    if types[1] != types[2]:
        raise TypeMismatch("sincos needs its two outputs of one type")
    return [t, types[1], types[2]], VOID_T


def modf(types: list[Type]) -> tuple[list[Type], Type]:
    return [types[1], types[1]], types[1]


def clip(types: list[Type]) -> tuple[list[Type], Type]:
    t = _floaty(common_type(types))
    return [t], VOID_T


def lit(types: list[Type]) -> tuple[list[Type], Type]:
    return [FLOAT, FLOAT, FLOAT], FLOAT4


def _texture(sampler: str, coord: Type, extra: tuple[Type, ...] = ()) -> Rule:
    def rule(types: list[Type]) -> tuple[list[Type], Type]:
        if types[0].kind != SAMPLER:
            raise TypeMismatch(f"expects a sampler first, got {types[0]}")
        if sampler != "any" and types[0].base != sampler:
            raise TypeMismatch(f"expects a {sampler}, got a {types[0].base}")
        return [types[0], coord, *extra][: len(types)], FLOAT4

    return rule


def _tex_grad(types: list[Type]) -> tuple[list[Type], Type]:
    coord = FLOAT3 if types[0].base == "sampler3D" else FLOAT2
    return [types[0], coord, coord, coord], FLOAT4


def _tex2d(types: list[Type]) -> tuple[list[Type], Type]:
    if len(types) == 4:
        return _tex_grad(types)
    return _texture("sampler2D", FLOAT2)(types)


def _tex3d(types: list[Type]) -> tuple[list[Type], Type]:
    if len(types) == 4:
        return _tex_grad(types)
    return _texture("sampler3D", FLOAT3)(types)


def _entries() -> list[Intrinsic]:
    table = [
        Intrinsic("lerp", (3,), same_float, "mix({0}, {1}, {2})"),
        Intrinsic("saturate", (1,), same_float, "clamp({0}, 0.0, 1.0)"),
        Intrinsic("frac", (1,), same_float, "fract({0})"),
        Intrinsic("fmod", (2,), same_float, "hlsl_fmod({0}, {1})", "hlsl_fmod"),
        Intrinsic("atan2", (2,), same_float, "hlsl_atan2({0}, {1})", "hlsl_atan2"),
        Intrinsic("rsqrt", (1,), same_float, "inversesqrt(abs({0}))"),
        Intrinsic("rcp", (1,), same_float, "(1.0 / {0})"),
        Intrinsic("log10", (1,), same_float, "(log2(abs({0})) * 0.301029995663981)"),
        Intrinsic("mad", (3,), same_float, "({0} * {1} + {2})"),
        Intrinsic("clip", (1,), clip, "hlsl_clip({0})", "hlsl_clip"),
        Intrinsic("sincos", (3,), sincos, "hlsl_sincos({0}, {1}, {2})", "hlsl_sincos", (1, 2)),
        Intrinsic("modf", (2,), modf, "modf({0}, {1})", None, (1,)),
        Intrinsic("ddx", (1,), same_float, "dFdx({0})"),
        Intrinsic("ddy", (1,), same_float, "dFdy({0})"),
        Intrinsic("fwidth", (1,), same_float, "fwidth({0})"),
        Intrinsic("abs", (1,), same_numeric, "abs({0})"),
        Intrinsic("min", (2,), same_numeric, "min({0}, {1})"),
        Intrinsic("max", (2,), same_numeric, "max({0}, {1})"),
        Intrinsic("clamp", (3,), same_numeric, "clamp({0}, {1}, {2})"),
        Intrinsic("sign", (1,), same_float, "sign({0})"),
        Intrinsic("step", (2,), same_float, "step({0}, {1})"),
        Intrinsic("smoothstep", (3,), same_float, "smoothstep({0}, {1}, {2})"),
        Intrinsic("pow", (2,), same_float, "pow(abs({0}), {1})"),  # odd literal exponents: see glsl_writer
        Intrinsic("ldexp", (2,), same_float, "({0} * exp2({1}))"),
        Intrinsic("dot", (2,), to_scalar, "dot({0}, {1})"),
        Intrinsic("length", (1,), to_scalar, "length({0})"),
        Intrinsic("distance", (2,), to_scalar, "distance({0}, {1})"),
        Intrinsic("normalize", (1,), vector_same, "normalize({0})"),
        Intrinsic("reflect", (2,), vector_same, "reflect({0}, {1})"),
        Intrinsic("faceforward", (3,), vector_same, "faceforward({0}, {1}, {2})"),
        Intrinsic("refract", (3,), refract, "refract({0}, {1}, {2})"),
        Intrinsic("cross", (2,), cross, "cross({0}, {1})"),
        Intrinsic("determinant", (1,), square_matrix, "determinant({0})"),
        Intrinsic("transpose", (1,), transpose, "transpose({0})"),
        Intrinsic("isnan", (1,), to_bool_shape, "isnan({0})"),
        Intrinsic("isinf", (1,), to_bool_shape, "isinf({0})"),
        Intrinsic("isfinite", (1,), to_bool_shape, "hlsl_isfinite({0})", "hlsl_isfinite"),
        Intrinsic("all", (1,), to_bool_scalar, "all({0})"),
        Intrinsic("any", (1,), to_bool_scalar, "any({0})"),
        Intrinsic("lit", (3,), lit, "hlsl_lit({0}, {1}, {2})", "hlsl_lit"),
        Intrinsic("tex2D", (2, 4), _tex2d, "texture({0}, {1})"),
        Intrinsic("tex2Dlod", (2,), _texture("sampler2D", FLOAT4), "textureLod({0}, ({1}).xy, ({1}).w)"),
        Intrinsic("tex2Dbias", (2,), _texture("sampler2D", FLOAT4), "texture({0}, ({1}).xy, ({1}).w)"),
        Intrinsic("tex2Dproj", (2,), _texture("sampler2D", FLOAT4), "textureProj({0}, {1})"),
        Intrinsic("tex2Dgrad", (4,), _tex_grad, "textureGrad({0}, {1}, {2}, {3})"),
        Intrinsic("tex3D", (2, 4), _tex3d, "texture({0}, {1})"),
        Intrinsic("tex3Dlod", (2,), _texture("sampler3D", FLOAT4), "textureLod({0}, ({1}).xyz, ({1}).w)"),
        Intrinsic("tex3Dbias", (2,), _texture("sampler3D", FLOAT4), "texture({0}, ({1}).xyz, ({1}).w)"),
        Intrinsic("texCUBE", (2,), _texture("samplerCube", FLOAT3), "texture({0}, {1})"),
    ]
    for name in ("sin", "cos", "tan", "asin", "acos", "sinh", "cosh", "tanh", "exp", "exp2", "floor", "ceil",
                 "trunc", "degrees", "radians"):
        table.append(Intrinsic(name, (1,), same_float, f"{name}({{0}})"))
    for name in ("sqrt", "log", "log2"):
        table.append(Intrinsic(name, (1,), same_float, f"{name}(abs({{0}}))"))
    table.append(Intrinsic("round", (1,), same_float, "floor({0} + 0.5)"))
    table.append(Intrinsic("atan", (1,), same_float, "atan({0})"))
    return table


INTRINSICS: dict[str, Intrinsic] = {entry.name: entry for entry in _entries()}
# tex2D/tex3D with 4 arguments are the gradient forms
GRADIENT_FORMS = {"tex2D": "textureGrad({0}, {1}, {2}, {3})", "tex3D": "textureGrad({0}, {1}, {2}, {3})"}
