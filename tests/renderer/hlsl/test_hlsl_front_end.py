"""Lexer, preprocessor and parser: tokens keep preset positions, every construct presets use parses."""

from __future__ import annotations

import pytest

from renderer.hlsl import nodes as n
from renderer.hlsl.errors import LexError, ParseError, PreprocessError
from renderer.hlsl.lexer import tokenize
from renderer.hlsl.parser import parse
from renderer.hlsl.preprocessor import preprocess
from renderer.hlsl.types import FLOAT3, matrix


def values(text: str, predefined=None) -> list[str]:
    return [t.value for t in preprocess(text, predefined)[:-1]]


def test_lexer_numbers_comments_positions():
    toks = tokenize("float3 a = 1.0f+.5*3e2; // c\n /* x\n y */ b 0x1F 1.")
    assert [t.value for t in toks[:-1]] == ["float3", "a", "=", "1.0f", "+", ".5", "*", "3e2", ";", "b", "0x1F", "1."]
    b = toks[9]
    assert (b.line, b.col) == (3, 7)
    with pytest.raises(LexError) as info:
        tokenize("float a;\n  a = $;")
    assert (info.value.line, info.value.col) == (2, 7)


def test_object_and_function_macros_expand_with_rescanning():
    text = "#define sat saturate\n#define F(a,b) (a*b)\n#define G F\nsat(G(x, F(1, 2)))"
    assert values(text) == ["saturate", "(", "(", "x", "*", "(", "1", "*", "2", ")", ")", ")"]


def test_macro_tokens_take_the_invocation_position():
    toks = preprocess("#define TWO (1+1)\n\nfloat x =   TWO;")
    two = [t for t in toks if t.value == "+"][0]
    assert (two.line, two.col) == (3, 13)


def test_self_reference_does_not_loop_and_function_macro_without_call_stays():
    assert values("#define x x+1\nx") == ["x", "+", "1"]
    assert values("#define f(a) a\nf + 1") == ["f", "+", "1"]


def test_token_pasting_and_undef():
    assert values("#define CAT(a,b) a##b\nCAT(q, 1)\n#undef CAT\nCAT") == ["q1", "CAT"]


def test_conditionals():
    text = "#define ON 1\n#if ON && !defined(OFF)\na\n#elif 1\nb\n#else\nc\n#endif\n#ifdef OFF\nd\n#else\ne\n#endif\n" \
           "#if 0\n#if 1\nf\n#endif\n#else\ng\n#endif\n#ifndef ON\nh\n#endif"
    assert values(text) == ["a", "e", "g"]


@pytest.mark.parametrize(
    "text, where",
    [("#if 1\nfloat a;", (2, 9)), ("#endif", (1, 2)), ("#include \"x\"", (1, 2)), ("#define F(a) a\nF(1, 2)", (2, 1)),
     ("#if foo(\n#endif", (1, 8))],
)
def test_preprocessor_errors_say_where(text, where):
    with pytest.raises(PreprocessError) as info:
        preprocess(text)
    assert (info.value.line, info.value.col)[0] == where[0]


def test_program_structure():
    program = parse(preprocess(
        "sampler sampler_foo; float4 texsize_foo : register(c0);\nstatic const float k = 2, j[2] = {1, 2};\n"
        "float3 f(in float a, out float b, inout float3 c);\n"
        "float3 f(in float a, out float b, inout float3 c) { b = a; return c; }\n"
        "shader_body { [unroll] for (int i = 0; i < 2; i++) { if (i) continue; else break; } }"
    ))
    kinds = [type(item).__name__ for item in program.items]
    assert kinds == ["VarDecl", "VarDecl", "VarDecl", "VarDecl", "FunctionDecl", "FunctionDecl", "ShaderBody"]
    proto, fn = program.items[4], program.items[5]
    assert proto.body is None and [p.qualifier for p in fn.params] == ["in", "out", "inout"]
    assert program.items[3].vtype.array == 2 and "static" in program.items[2].qualifiers


def first_expr(code: str) -> n.Expr:
    program = parse(preprocess(f"shader_body {{ {code}; }}"))
    statement = program.items[0].body.body[0]
    return statement.expr


def test_expressions_precedence_casts_constructors_ternaries_swizzles():
    e = first_expr("a = b + c * d > 1 ? (float3)x.rgb : float3(1, 2, 3)")
    assert isinstance(e, n.Assign) and isinstance(e.value, n.Ternary)
    cond = e.value.cond
    assert isinstance(cond, n.Binary) and cond.op == ">" and cond.left.right.op == "*"
    assert isinstance(e.value.then, n.Cast) and e.value.then.ctype == FLOAT3
    assert e.value.then.operand.fields == "xyz"
    assert isinstance(e.value.other, n.Constructor) and len(e.value.other.args) == 3
    m = first_expr("(float4x3)m")
    assert m.ctype == matrix("float", 4, 3)
    mask = first_expr("ret.zx += -uv.yx++")
    assert mask.target.fields == "zx" and isinstance(mask.value, n.Unary) and isinstance(mask.value.operand, n.Postfix)


def test_statements():
    program = parse(preprocess(
        "shader_body { float a; while (a < 3) a++; do { a--; } while (a > 0); if (a) {} else if (!a) {} else ;"
        " for (;;) break; return; discard; }"
    ))
    kinds = [type(s).__name__ for s in program.items[0].body.body]
    assert kinds == ["DeclStmt", "While", "DoWhile", "If", "For", "Return", "Jump"]


@pytest.mark.parametrize(
    "text, line, col",
    [
        ("shader_body {\n  ret = (1 + ;\n}", 2, 14),
        ("shader_body {\n  ret = 1\n}", 3, 1),
        ("float3 f(float a {\n}", 1, 18),
        ("shader_body {\n  ret = uv.xq;\n}", 2, 12),
        ("shader_body {\n", 1, 13),
    ],
)
def test_parse_errors_point_at_the_token(text, line, col):
    with pytest.raises(ParseError) as info:
        parse(preprocess(text))
    assert (info.value.line, info.value.col) == (line, col)
    assert str(info.value).startswith(f"{line}:{col}: ")
