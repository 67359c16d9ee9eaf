import pytest

import eel
from eel import nodes as n
from eel.parser import MAX_DEPTH, parse
from eel.printer import block_source
from eel.source import join_lines, single_line


def value_of(code: str, **variables: float) -> dict[str, float]:
    ctx = eel.Context(shared=eel.SharedMemory(), variables=variables)
    eel.compile_block(code).python().run(ctx)
    return ctx.vars


# The policy's precedence table, one probe per rule.
@pytest.mark.parametrize(
    "code, want",
    [
        ("x = 1 + 2 * 3", 7), ("x = 10 - 4 - 3", 3), ("x = -2^2", 4), ("x = 2^3^2", 64),
        ("x = 3*2%5*7", 42), ("x = 3*2/5*7", 8.4), ("x = !0^2", 1), ("x = 1 || 0 && 0", 1),
        ("x = 1 ? 2 : 0 ? 4 : 5", 2), ("x = 0 ? 2 : 0 ? 4 : 5", 5), ("x = 2 < 3 == 1", 1),
        ("x = 5 & 3 | 8", 9), ("x = 1 + 2 == 3", 1), ("x = -3 % 2", 1), ("x = 7 % -3", 1),
        ("x = 1 / 0", 0), ("x = (1; 2; 3)", 3), ("x = .", 0),
    ],
)
def test_precedence_and_policy(code: str, want: float) -> None:
    assert value_of(code)["x"] == pytest.approx(want)


def test_assignment_levels() -> None:
    # a += b = 5 is (a += b) = 5: a ends up 5 and b is untouched
    out = value_of("a = 1; b = 2; a += b = 5")
    assert out["a"] == 5 and out["b"] == 2


def test_references_pass_through_if() -> None:
    assert value_of("c = 0; if(c, a, b) = 9")["b"] == 9
    assert value_of("c = 1; c ? a : b += 3")["a"] == 3


def test_function_spellings_lower_to_one_node_kind() -> None:
    assert isinstance(parse(single_line("if(a, b, c)")), n.Cond)
    assert isinstance(parse(single_line("a ? b : c")), n.Cond)
    assert isinstance(parse(single_line("equal(a, b)")), n.BinOp)
    assert parse(single_line("int(x)")) == n.Call(0, "floor", (n.Var(4, "x"),))
    tree = parse(single_line("x[2]"))
    assert isinstance(tree, n.Call) and tree.name == "megabuf"


@pytest.mark.parametrize(
    "code, kind, col",
    [
        ("x = ", eel.ParseError, 5), ("x = 1 + 2)", eel.ParseError, 10), ("x = 1 y = 2", eel.ParseError, 7),
        ("x = 1, y = 2", eel.ParseError, 6), ("x = sin", eel.AnalysisError, 5), ("x = bogus(3)", eel.AnalysisError, 5),
        ("x = sin(1, 2)", eel.AnalysisError, 5), ("x = a ? b", eel.ParseError, 10), ("x = ()", eel.ParseError, 5),
        ("x = a[1; 2]", eel.ParseError, 8),
    ],
)
def test_errors_name_block_line_and_column(code: str, kind: type, col: int) -> None:
    with pytest.raises(kind) as info:
        eel.compile_block(code, "per_frame")
    assert (info.value.span.block, info.value.span.line, info.value.span.col) == ("per_frame", 1, col)
    assert "^" in str(info.value)  # the excerpt points at the spot


def test_error_lines_refer_to_the_presets_own_lines() -> None:
    source = join_lines(["a = 1;", "b = 2;", "c = (3 +;"])
    with pytest.raises(eel.ParseError) as info:
        eel.compile_block(source, "per_frame")
    assert info.value.span.line == 3


def test_milkdrop_line_joining_glues_tokens() -> None:
    source = join_lines(["x = 1", "2; // comment", "y = be", "ta;"])
    out = eel.Context(variables={"beta": 4.0})
    eel.compile_block(source).python().run(out)
    assert out.vars["x"] == 12 and out.vars["y"] == 4


def test_nesting_limit_is_an_error_not_a_crash() -> None:
    deep = "x = " + "(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5)
    with pytest.raises(eel.ParseError, match="nested deeper"):
        eel.compile_block(deep)
    ok = "x = " + "(" * 100 + "1" + ")" * 100
    assert value_of(ok)["x"] == 1


@pytest.mark.parametrize(
    "code",
    ["x = -2^2 + a[3] * b", "c ? b : d = 5; loop(3, x += 1; y = 2)", "x = !a^b; gmem[2] = 1; reg05 = 3",
     "while(x -= 1; x > 0); m = max((a = 3; a + 1), 2)", "a += b = 5"],
)
def test_round_trip_through_the_printer(code: str) -> None:
    tree = parse(single_line(code))
    printed = block_source(tree)
    assert block_source(parse(single_line(printed))) == printed
