"""The one table of EEL builtins, read by the parser, the analysis and every backend.

Each spelling maps either to a node kind (``lower``), so backends see one meaning once, or to a
canonical intrinsic called by name. ``memory`` marks functions that touch megabuf/gmegabuf,
which the GLSL backend cannot express and the numpy backend runs only without conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Intrinsic:
    name: str
    arity: int
    lower: str = ""  # "binop:<op>", "unary:<op>", "assign:<op>", "cond", "seq" or "" (a Call)
    canonical: str = ""  # the Call name when this spelling is an alias
    memory: bool = False  # reads or writes megabuf / gmegabuf
    impure: bool = False  # has an effect beyond its value (rand's generator state)
    doc: str = ""


def _table(*entries: Intrinsic) -> dict[str, Intrinsic]:
    return {entry.name: entry for entry in entries}


INTRINSICS: dict[str, Intrinsic] = _table(
    # math, one argument
    Intrinsic("sin", 1), Intrinsic("cos", 1), Intrinsic("tan", 1),
    Intrinsic("asin", 1, doc="0 outside [-1, 1]"), Intrinsic("acos", 1, doc="0 outside [-1, 1]"),
    Intrinsic("atan", 1), Intrinsic("sqr", 1, doc="x*x"), Intrinsic("sqrt", 1, doc="sqrt(|x|)"),
    Intrinsic("exp", 1), Intrinsic("log", 1, doc="0 for x <= 0"), Intrinsic("log10", 1, doc="0 for x <= 0"),
    Intrinsic("abs", 1), Intrinsic("sign", 1), Intrinsic("floor", 1), Intrinsic("ceil", 1),
    Intrinsic("int", 1, canonical="floor", doc="MilkDrop aliases int to floor"),
    Intrinsic("invsqrt", 1, doc="fast inverse square root"),
    Intrinsic("rand", 1, impure=True, doc="MT19937 float in [0, max(floor(x), 1))"),
    Intrinsic("freembuf", 1, doc="no-op in MilkDrop; returns its argument"),
    # math, two arguments
    Intrinsic("atan2", 2), Intrinsic("min", 2), Intrinsic("max", 2), Intrinsic("sigmoid", 2),
    Intrinsic("band", 2, doc="both evaluated; 1 if both |x| > 1e-5"),
    Intrinsic("bor", 2, doc="both evaluated; 1 if either |x| > 1e-5"),
    Intrinsic("pow", 2, lower="binop:^"),
    Intrinsic("equal", 2, lower="binop:=="), Intrinsic("above", 2, lower="binop:>"),
    Intrinsic("below", 2, lower="binop:<"),
    Intrinsic("bnot", 1, lower="unary:!"),
    # control
    Intrinsic("if", 3, lower="cond"), Intrinsic("_if", 3, lower="cond"),
    Intrinsic("loop", 2, doc="trunc(n) iterations, at most 1,048,576"),
    Intrinsic("while", 1, doc="do-while on the body's value, at most 1,048,576 iterations"),
    Intrinsic("exec2", 2, lower="seq"), Intrinsic("exec3", 3, lower="seq"),
    Intrinsic("assign", 2, lower="assign:="),
    # memory
    Intrinsic("megabuf", 1, memory=True), Intrinsic("_mem", 1, canonical="megabuf", memory=True),
    Intrinsic("gmegabuf", 1, memory=True), Intrinsic("_gmem", 1, canonical="gmegabuf", memory=True),
    Intrinsic("memcpy", 3, memory=True), Intrinsic("memset", 3, memory=True),
    # the operators' own names, callable as functions
    Intrinsic("_set", 2, lower="assign:="), Intrinsic("_addop", 2, lower="assign:+="),
    Intrinsic("_subop", 2, lower="assign:-="), Intrinsic("_mulop", 2, lower="assign:*="),
    Intrinsic("_divop", 2, lower="assign:/="), Intrinsic("_modop", 2, lower="assign:%="),
    Intrinsic("_powop", 2, lower="assign:^="), Intrinsic("_orop", 2, lower="assign:|="),
    Intrinsic("_andop", 2, lower="assign:&="),
    Intrinsic("_add", 2, lower="binop:+"), Intrinsic("_sub", 2, lower="binop:-"),
    Intrinsic("_mul", 2, lower="binop:*"), Intrinsic("_div", 2, lower="binop:/"),
    Intrinsic("_mod", 2, lower="binop:%"), Intrinsic("_neg", 1, lower="unary:-"),
    Intrinsic("_not", 1, lower="unary:!"), Intrinsic("_equal", 2, lower="binop:=="),
    Intrinsic("_noteq", 2, lower="binop:!="), Intrinsic("_below", 2, lower="binop:<"),
    Intrinsic("_above", 2, lower="binop:>"), Intrinsic("_beleq", 2, lower="binop:<="),
    Intrinsic("_aboeq", 2, lower="binop:>="), Intrinsic("_and", 2, lower="binop:&&"),
    Intrinsic("_or", 2, lower="binop:||"),
)

# The numeric constants of MilkDrop 2's semantics policy.
EPSILON = 1e-5  # truthiness and equality
DIVISION_EPSILON = 1e-300  # |divisor| below this divides to 0
LOOP_CAP = 1_048_576  # loop() and while() iteration limit
MEGABUF_SIZE = 8_388_608  # slots per context
GMEGABUF_SIZE = 1_048_576  # shared slots; indices wrap
REGISTER_COUNT = 100  # reg00..reg99
RAND_SEED = 0x4141F00D


def register_index(name: str) -> int | None:
    """``reg00``..``reg99`` (exactly two digits) are the process-wide registers."""
    if len(name) == 5 and name.startswith("reg") and name[3:].isdigit():
        return int(name[3:])
    return None
