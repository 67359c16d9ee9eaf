"""HLSL value types and their GLSL spellings.

HLSL ``floatRxC`` (R rows, C columns) is stored in GLSL as ``matRxC`` (R columns of C components),
so GLSL column ``i`` holds HLSL row ``i``: ``M[i]`` means the same in both languages, HLSL's
row-major constructor order fills the same elements, and ``mul(v, M)`` becomes ``M * v``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALAR = "scalar"
VECTOR = "vector"
MATRIX = "matrix"
SAMPLER = "sampler"
VOID = "void"

NUMERIC_BASES = ("bool", "int", "uint", "float")  # promotion order


@dataclass(frozen=True, slots=True)
class Type:
    base: str  # float/int/uint/bool for values; sampler2D/sampler3D/samplerCube; void
    kind: str = SCALAR
    rows: int = 1  # vector size, or matrix rows
    cols: int = 1  # matrix columns
    array: int | None = None  # element count of an array type

    @property
    def is_numeric(self) -> bool:
        return self.kind in (SCALAR, VECTOR, MATRIX) and self.array is None

    @property
    def size(self) -> int:
        """Component count (1 for scalars)."""
        return self.rows * self.cols

    def with_base(self, base: str) -> Type:
        return Type(base, self.kind, self.rows, self.cols)

    def element(self) -> Type:
        """The type of ``x[i]``."""
        if self.array is not None:
            return Type(self.base, self.kind, self.rows, self.cols)
        if self.kind == MATRIX:
            return vector(self.base, self.cols)
        return Type(self.base)

    def glsl(self) -> str:
        if self.kind in (SAMPLER, VOID):
            return self.base
        if self.kind == SCALAR:
            return self.base
        prefix = {"float": "", "int": "i", "uint": "u", "bool": "b"}[self.base]
        if self.kind == VECTOR:
            return f"{prefix}vec{self.rows}"
        return f"mat{self.rows}" if self.rows == self.cols else f"mat{self.rows}x{self.cols}"

    def hlsl(self) -> str:
        if self.kind in (SAMPLER, VOID, SCALAR):
            name = self.base
        elif self.kind == VECTOR:
            name = f"{self.base}{self.rows}"
        else:
            name = f"{self.base}{self.rows}x{self.cols}"
        return name if self.array is None else f"{name}[{self.array}]"

    def __str__(self) -> str:
        return self.hlsl()


def vector(base: str, n: int) -> Type:
    """A vector type; HLSL's one-component vectors behave as scalars."""
    return Type(base) if n == 1 else Type(base, VECTOR, n)


def matrix(base: str, rows: int, cols: int) -> Type:
    return Type(base, MATRIX, rows, cols)


FLOAT = Type("float")
INT = Type("int")
UINT = Type("uint")
BOOL = Type("bool")
VOID_T = Type("void", VOID)
FLOAT2, FLOAT3, FLOAT4 = vector("float", 2), vector("float", 3), vector("float", 4)
SAMPLER2D = Type("sampler2D", SAMPLER)
SAMPLER3D = Type("sampler3D", SAMPLER)
SAMPLERCUBE = Type("samplerCube", SAMPLER)

_BASE_ALIASES = {
    "float": "float", "half": "float", "double": "float", "min16float": "float", "min10float": "float",
    "int": "int", "min16int": "int", "min12int": "int", "dword": "uint", "uint": "uint", "min16uint": "uint",
    "bool": "bool",
}
_TYPE_RE = re.compile(r"^(float|half|double|min16float|min10float|int|min16int|min12int|uint|dword|min16uint|bool)([1-4])?(?:x([1-4]))?$")
_SAMPLERS = {
    "sampler": SAMPLER2D, "sampler2D": SAMPLER2D, "sampler3D": SAMPLER3D, "samplerCUBE": SAMPLERCUBE,
    "texture": SAMPLER2D, "texture2D": SAMPLER2D, "texture3D": SAMPLER3D, "sampler1D": SAMPLER2D,
}


def parse_type_name(name: str) -> Type | None:
    """The type an HLSL type keyword names, or None if ``name`` is no type keyword."""
    if name == "void":
        return VOID_T
    sampler = _SAMPLERS.get(name)
    if sampler is not None:
        return sampler
    m = _TYPE_RE.match(name)
    if m is None:
        return None
    base = _BASE_ALIASES[m.group(1)]
    if m.group(3):
        return matrix(base, int(m.group(2)), int(m.group(3)))
    if m.group(2):
        return vector(base, int(m.group(2)))
    return Type(base)


def promote_base(a: str, b: str) -> str:
    """HLSL's arithmetic base of mixing ``a`` and ``b`` (bool < int < uint < float)."""
    return a if NUMERIC_BASES.index(a) >= NUMERIC_BASES.index(b) else b


class TypeMismatch(ValueError):
    """Two types that HLSL cannot bring together; the checker adds the position."""


def common_type(types: list[Type], arithmetic: bool = True) -> Type:
    """HLSL's common type of operands: scalars splat, vectors truncate to the shortest, matrices to
    the smallest shape; the base is promoted (bool becomes int in arithmetic)."""
    result: Type | None = None
    for t in types:
        if not t.is_numeric:
            raise TypeMismatch(f"{t} is not a numeric value")
        if result is None:
            result = t
            continue
        base = promote_base(result.base, t.base)
        if result.kind == SCALAR:
            shape = t
        elif t.kind == SCALAR:
            shape = result
        elif result.kind == VECTOR and t.kind == VECTOR:
            shape = vector(base, min(result.rows, t.rows))
        elif result.kind == MATRIX and t.kind == MATRIX:
            shape = matrix(base, min(result.rows, t.rows), min(result.cols, t.cols))
        else:
            raise TypeMismatch(f"cannot combine {result} and {t}")
        result = shape.with_base(base)
    assert result is not None
    if arithmetic and result.base == "bool":
        result = result.with_base("int")
    return result


def convertible(src: Type, dst: Type) -> bool:
    """Whether HLSL converts ``src`` to ``dst`` implicitly (or by a cast)."""
    if src == dst:
        return True
    if src.kind == SAMPLER and dst.kind == SAMPLER:
        return src.base == dst.base
    if not (src.is_numeric and dst.is_numeric):
        return False
    if src.kind == SCALAR:
        return True
    if dst.kind == SCALAR:
        return True  # takes the first component
    if src.kind == VECTOR and dst.kind == VECTOR:
        return dst.rows <= src.rows
    if src.kind == MATRIX and dst.kind == MATRIX:
        return dst.rows <= src.rows and dst.cols <= src.cols
    return src.size == dst.size  # float4 <-> float2x2 and the like, element by element
