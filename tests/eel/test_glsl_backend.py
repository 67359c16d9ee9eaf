"""The GLSL 330 backend on a real (headless EGL, llvmpipe) context: generated code compiles and
links, every semantic point of the MilkDrop 2 policy holds in float32 on the GPU path, blocks
GLSL cannot run are refused with a reason, the preset corpus links, and the conformance vectors
pass."""

from __future__ import annotations

import math
import random
import time

import numpy as np
import pytest

import eel
from eel import runtime as rt
from eel.backends.glsl import LOOP_BUDGET, compile_glsl, mangle, uniform_expression
from eel.conformance import load_vectors, run_vectors
from eel.glsl_eval import evaluate_block, run_glsl_vectors, transform_framebuffer

pytestmark = pytest.mark.gl

MOTION = ("zoom", "zoomexp", "rot", "warp", "cx", "cy", "dx", "dy", "sx", "sy")
UNIFORMS = frozenset([f"q{i}" for i in range(1, 33)] + "time fps frame bass mid treb bass_att mid_att treb_att".split())


def gpu(gl, code: str, names: str, variables: dict[str, float] | None = None, runs: int = 1) -> dict[str, float]:
    return evaluate_block(gl, eel.compile_block(code), variables or {}, tuple(names.split()), runs)


def reference(code: str, names: str, variables: dict[str, float] | None = None) -> dict[str, float]:
    ctx = eel.Context(shared=eel.SharedMemory(), variables=variables or {})
    eel.compile_block(code).python().run(ctx)
    return {name: ctx.vars.get(name, 0.0) for name in names.split()}


def link_vertex_shader(gl, function) -> None:
    """Link ``function`` in a vertex shader that calls it and feeds every result to the output."""
    declarations = "".join(f"float {mangle(p)} = 0.5;\n    " for p in function.params)
    args = ", ".join(mangle(p) for p in function.params)
    total = " + ".join(mangle(p) for p in function.params) or "0.0"
    shader = (
        "#version 330\n" + function.uniform_declarations() + function.with_runtime()
        + f"\nout float result;\nvoid main() {{\n    {declarations}{function.name}({args});\n"
        f"    result = {total};\n    gl_Position = vec4(0.0, 0.0, 0.0, 1.0);\n}}\n"
    )
    gl.program(vertex_shader=shader, varyings=["result"]).release()


SNIPPETS = [
    "zoom = zoom + 0.01*sin(time + rad*4); rot = rot + q1*0.1",
    "dx = if(above(x, 0.5), 0.01, -0.01); dy = equal(frame % 4, 0) * 0.02",
    "a = x; a += 2; a *= 3; a /= 0; a %= 5; a ^= 2; a |= 6; a &= 3; zoom = a",
    "t = (u = 1; v = 2; u + v); if(t > 2, sx = 1.1, sy = 0.9) = 1.2",
    "loop(4, warp += 0.25; cx = cx * 0.5); cy = sigmoid(x, y) + band(x, y) + bor(0, y)",
    "float = 1; vec2 = 2; main = float + vec2; texture = sample = out = main; zoom = texture + gl_position",
    "a__b = 1; _c = 2; a_0_b = 3; zoom = a__b + _c + a_0_b",
    "r = rand(10) + rand(x); zoom = r",
    "x = " + " + ".join(f"sin(x * {i})" for i in range(60)),
    "y = " + "(" * 40 + "x" + " + 1)" * 40,
    "q5 = q2 * 2 + q32; rot = q5 + q1",
    "a = 0; b = 0; z = x ? (a = 2) : (b = 3); w = (a && b) || !(c = 4); zoom = w",
]


@pytest.mark.parametrize("code", SNIPPETS)
def test_generated_functions_compile_and_link(gl, code):
    program = eel.compile_block(code)
    function = compile_glsl(program, "per_pixel", ("x", "y", "rad", "ang"), MOTION, UNIFORMS)
    assert function.params[: len(MOTION)] == MOTION
    assert function.qualifiers == ("inout",) * len(MOTION) + ("in",) * (len(function.params) - len(MOTION))
    link_vertex_shader(gl, function)


def test_calling_convention_matches_warp_vert_splice(gl):
    from renderer.gl.programs import program_from_files

    program = eel.compile_block("zoom = zoom + 0.1*q3*sin(ang); k = time; dx = k*0.001 + mid")
    function = program.glsl("per_pixel", ("x", "y", "rad", "ang"), MOTION, UNIFORMS)
    assert function.params == MOTION + ("x", "y", "rad", "ang")
    assert function.uniforms == ("mid", "q3", "time")
    assert uniform_expression("q3") == "_qa.z" and uniform_expression("q32") == "_qh.w"
    assert "uniform vec4 _qa;" in function.uniform_declarations()
    assert not function.approximate
    program_from_files(gl, "warp.vert", "warp.frag", splices={"per_pixel": function.with_runtime()}).release()


def test_uniforms_are_read_from_the_packed_q_vectors(gl):
    """q1..q32 come from _qa.._qh, EEL's time from eel_time, other uniforms by name; a written uniform is a local copy."""
    program = eel.compile_block("zoom = q1 + q6 * 10 + q32 * 100 + time * 1000; q7 = q6 + 1; rot = q7 + bass")
    function = program.glsl("per_pixel", ("x",), ("zoom", "rot"), UNIFORMS)
    assert function.uniforms == ("bass", "q1", "q32", "q6", "q7", "time")
    shader = (
        "#version 330\n" + function.uniform_declarations() + function.with_runtime()
        + "\nout vec2 result;\nvoid main() {\n    float zoom = 0.0, rot = 0.0;\n"
        "    per_pixel(zoom, rot, 0.5);\n    result = vec2(zoom, rot);\n    gl_Position = vec4(0.0);\n}\n"
    )
    prog = gl.program(vertex_shader=shader, varyings=["result"])
    prog["_qa"].value = (0.5, 0.0, 0.0, 0.0)
    prog["_qb"].value = (0.0, 0.25, 0.0, 0.0)  # q6
    prog["_qh"].value = (0.0, 0.0, 0.0, 0.75)  # q32
    prog["eel_time"].value = 2.0
    prog["bass"].value = 0.125
    out = gl.buffer(reserve=8)
    vao = gl.vertex_array(prog, [])
    transform_framebuffer(gl).use()
    vao.transform(out, mode=gl.POINTS, vertices=1)
    zoom, rot = np.frombuffer(out.read(), dtype="f4")
    for resource in (vao, out, prog):
        resource.release()
    assert zoom == pytest.approx(0.5 + 2.5 + 75 + 2000)
    assert rot == pytest.approx(1.25 + 0.125)


# (code, expected values) -- each line one point of the semantics policy, hand-computed.
SEMANTICS = [
    ("a = if(0.000009, 1, 2); b = if(0.00002, 1, 2); c = !0.000009", {"a": 2, "b": 1, "c": 1}),
    ("big = exp(1000 * v); n = big - big; a = if(n, 1, 2); b = !n; c = n == 5; d = n && 1", {"a": 2, "b": 1, "c": 1, "d": 0}),
    ("a = equal(v, v + 0.000001); b = equal(v, v + 0.0001); c = v != v + 0.000001; d = v < v + 0.000001", {"a": 1, "b": 0, "c": 0, "d": 1}),
    ("a = -7.5 % 2; b = 7 % -3; c = v % 0.5; d = 1000000007 % 1000; e = (v * 1000) % 7", {"a": 1, "b": 1, "c": 0, "d": 7, "e": 6}),
    ("a = 1 / 0; b = v / (v - v); c = 6 / v; a /= 0", {"a": 0, "b": 0, "c": 6}),
    ("a = (-8)^(1/3); b = 0^(-1); c = 2^10; d = (-2)^3; e = -2^2; f = (v - 1)^(-2); g = pow(-v, 0.5)", {"a": 0, "b": 0, "c": 1024, "d": -8, "e": 4, "f": 0, "g": 0}),
    ("a = log(0); b = log(-v); c = log10(1000 * v); d = asin(2); e = acos(-1.5); f = sqrt(-4 * v); g = log(exp(v))", {"a": 0, "b": 0, "c": 3, "d": 0, "e": 0, "f": 2, "g": 1}),
    ("a = int(-1.5 * v); b = int(2.7); c = sign(-3 * v); d = sign(v - v); e = ceil(-0.5 * v); f = floor(v * 2.5)", {"a": -2, "b": 2, "c": -1, "d": 0, "e": 0, "f": 2}),
    ("a = min(1, 2); b = max(v, 3); c = min(v, v); d = sigmoid(0, 5 * v); e = band(1, 0.000001); f = bor(0, 0.5 * v)", {"a": 1, "b": 3, "c": 1, "d": 0.5, "e": 0, "f": 1}),
    ("n = exp(1000 * v); n -= n; a = min(n, 1); b = max(n, 2); c = if(min(1, n), 5, 6); d = if(max(3, n), 5, 6)", {"a": 1, "b": 2, "c": 6, "d": 6}),
    ("a = 5 | (3 * v); b = -3 | 5; c = 6.7 & (3.2 * v); d = -1.5 | 0; e = 12 & -4", {"a": 7, "b": -3, "c": 2, "d": -1, "e": 12}),
    ("a = 0 && (b = 1); c = (v || (d = 1)); if(v, e = 1, f = 1); v ? (g = 2) : (h = 3); i = band(0, j = 5)", {"a": 0, "b": 0, "c": 1, "d": 0, "e": 1, "f": 0, "g": 2, "h": 0, "j": 5}),
    ("a = (b = 3) + 1; c = (d += 2) * 10; e = (f = v) + (f = 2) * 10", {"a": 4, "b": 3, "c": 20, "d": 2, "e": 21, "f": 2}),
    ("if(v - 1, a, b) = 5; (c += 2) = 7; d += e = 5; if(v, g, h) += 4", {"a": 0, "b": 5, "c": 7, "d": 5, "e": 0, "g": 4, "h": 0}),
    ("loop(3, n += v); loop(0, m += 1); loop(-2, m += 1); loop(2.9, k += 1; loop(2, j += 1))", {"n": 3, "m": 0, "k": 2, "j": 4}),
    ("a = sqr(v + 1); b = abs(-v); c = atan2(v, -1 - v) ; d = exp(0); e = freembuf(7)", {"a": 4, "b": 1, "c": math.atan2(1, -2), "d": 1, "e": 7}),
]


@pytest.mark.parametrize("code, expected", SEMANTICS, ids=[c[:40] for c, _ in SEMANTICS])
def test_semantics_on_the_gpu(gl, code, expected):
    names = " ".join(expected)
    got = gpu(gl, code, names, {"v": 1.0})
    want_ref = reference(code, names, {"v": 1.0})
    for name, want in expected.items():
        assert want_ref[name] == pytest.approx(want, rel=1e-12, abs=1e-12), f"reference disagrees on {name}"
        assert got[name] == pytest.approx(want, rel=1e-6, abs=1e-6), f"{name} in {code!r}"


def test_invsqrt_is_the_fast_approximation_bit_for_bit(gl):
    values = [0.25, 1.0, 2.0, 4.0, 10.0, 12345.0]
    code = "; ".join(f"r{i} = invsqrt(x{i})" for i in range(len(values)))
    got = gpu(gl, code, " ".join(f"r{i}" for i in range(len(values))), {f"x{i}": v for i, v in enumerate(values)})
    for i, v in enumerate(values):
        assert got[f"r{i}"] == pytest.approx(rt.invsqrt(v), rel=1e-6)
        assert got[f"r{i}"] != pytest.approx(1 / math.sqrt(v), rel=1e-5)  # the estimate, not the exact value


def test_runs_persist_written_variables(gl):
    got = gpu(gl, "n = n + 1; s = s + n", "n s", {"n": 10}, runs=3)
    assert got == {"n": 13.0, "s": 36.0}


def test_random_programs_match_the_python_backend(gl):
    """Random arithmetic/branch blocks: GPU float32 within float tolerance of the scalar backend."""
    rng = random.Random(7)
    atoms = ["a", "b", "c", "0.5", "2", "3.25"]
    funcs = ["sin({})", "cos({})", "abs({})", "sqr({})", "min({}, b)", "max(a, {})", "if(above({}, 1), a, c)", "({}) * 0.5 + b"]
    for trial in range(20):
        expr = rng.choice(atoms)
        for _ in range(6):
            expr = rng.choice(funcs).format(expr) if rng.random() < 0.6 else f"({expr} {rng.choice('+-*')} {rng.choice(atoms)})"
        code = f"x = {expr}; a = a + x * 0.1"
        variables = {"a": rng.uniform(-2, 2), "b": rng.uniform(-2, 2), "c": rng.uniform(-2, 2)}
        want = reference(code, "x a", variables)
        got = gpu(gl, code, "x a", variables)
        for name in ("x", "a"):
            assert got[name] == pytest.approx(want[name], rel=1e-3, abs=1e-4), f"trial {trial}: {code}"


class _RandomBlocks:
    """Random EEL blocks mixing every construct: references, compound assignments inside
    operands, short-circuit operators, lists, loops -- to pin evaluation order on the GPU."""

    VARS = ("a", "b", "c", "d", "e")
    BINARY = "+ - * / % ^ | & == != < > <= >= && ||".split()
    ASSIGN = "= += -= *= /= %= ^= |= &=".split()
    UNARY_CALLS = "sin cos abs sqr sqrt floor ceil sign int log exp atan bnot".split()
    BINARY_CALLS = "min max above below equal band bor atan2 pow sigmoid".split()

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def target(self, depth: int) -> str:
        r, v = self.rng.random(), self.rng.choice(self.VARS)
        if depth <= 0 or r < 0.6:
            return v
        if r < 0.75:
            return f"if({self.expr(depth - 1)}, {v}, {self.rng.choice(self.VARS)})"
        if r < 0.9:
            return f"({v} {self.rng.choice(self.ASSIGN)} {self.expr(depth - 1)})"
        return f"({self.expr(depth - 1)}; {v})"

    def expr(self, depth: int) -> str:
        rng, r, sub = self.rng, self.rng.random(), lambda: self.expr(depth - 1)
        if depth <= 0 or r < 0.2:
            return rng.choice(self.VARS + ("0", "1", "2", "0.5", "3", ".25", "10"))
        if r < 0.4:
            return f"({sub()} {rng.choice(self.BINARY)} {sub()})"
        if r < 0.5:
            return f"{rng.choice('-!')}{sub()}"
        if r < 0.62:
            return f"({self.target(depth - 1)} {rng.choice(self.ASSIGN)} {sub()})"
        if r < 0.72:
            return f"{rng.choice(self.UNARY_CALLS)}({sub()})"
        if r < 0.80:
            return f"{rng.choice(self.BINARY_CALLS)}({sub()}, {sub()})"
        if r < 0.88:
            return f"if({sub()}, {sub()}, {sub()})"
        if r < 0.92:
            return f"({sub()} ? {sub()} : {sub()})"
        if r < 0.97:
            return f"({sub()}; {sub()})"
        return f"loop({rng.randint(0, 4)}, {sub()})"

    def vectors(self, count: int) -> list[dict]:
        out = []
        while len(out) < count:
            code = "; ".join(f"{self.rng.choice(self.VARS)} = {self.expr(4)}" for _ in range(self.rng.randint(1, 4)))
            variables = {v: round(self.rng.uniform(-3, 3), 2) for v in self.VARS}
            ctx = eel.Context(shared=eel.SharedMemory(), variables=variables)
            block = eel.compile_block(code).python()
            for _ in range(2):
                block.run(ctx)
            expect = {v: ctx.vars.get(v, 0.0) for v in self.VARS}
            if all(math.isfinite(x) and abs(x) < 1e6 for x in expect.values()):
                out.append({"id": f"random-{len(out)}", "code": code, "vars": variables, "expect": expect,
                            "error": False, "tol": 1e-9, "tags": [], "runs": 2})
        return out


def test_random_blocks_evaluate_in_eel_order_on_the_gpu(gl):
    vectors = _RandomBlocks(2024).vectors(300)
    outcomes = list(run_glsl_vectors(vectors, ctx=gl))
    failed = [o for o in outcomes if not o.passed]
    assert not any(o.skipped for o in outcomes)
    assert len(failed) <= 3, [o.message for o in failed]
    assert all("float32" in o.message for o in failed), [(o.vector_id, o.message) for o in failed]


def test_rand_is_a_deterministic_approximation(gl):
    program = eel.compile_block("r = rand(5); s = rand(5); t = rand(0.5)")
    function = program.glsl("f", ("x",), ("r", "s", "t"))
    assert function.approximate
    first = evaluate_block(gl, program, {"x": 0.25}, ("r", "s", "t"))
    again = evaluate_block(gl, program, {"x": 0.25}, ("r", "s", "t"))
    other = evaluate_block(gl, program, {"x": 0.75}, ("r", "s", "t"))
    assert first == again
    assert first != other and first["r"] != first["s"]
    assert 0 <= first["r"] <= 5 and 0 <= first["s"] <= 5 and 0 <= first["t"] <= 1


@pytest.mark.parametrize(
    "code, reason",
    [
        ("x = megabuf(3)", "megabuf"),
        ("megabuf(1) = x", "megabuf"),
        ("x = gmegabuf(2)", "gmegabuf"),
        ("x = gmem[5]", "gmegabuf"),
        ("x = a[2]", "megabuf"),
        ("memcpy(0, 10, 5)", "memcpy"),
        ("memset(0, 1, 5)", "memset"),
        ("reg00 = x", "reg00"),
        ("x = reg42", "reg42"),
        ("while(x -= 1)", "while"),
        ("loop(x, y += 1)", "computed count"),
        (f"loop({LOOP_BUDGET + 1}, y += 1)", "iterations"),
        ("loop(200, loop(200, y += 1))", "iterations"),
        ("k = k + 1; zoom = k", "carried"),
        ("zoom = if(x, t, 1); t = 2", "carried"),
    ],
)
def test_unsupported_blocks_raise_backend_unsupported(code, reason):
    program = eel.compile_block(code)
    with pytest.raises(eel.BackendUnsupported) as info:
        program.glsl("per_pixel", ("x", "y", "rad", "ang"), MOTION, UNIFORMS)
    assert info.value.backend == "glsl"
    assert reason in info.value.reason


def test_parameters_are_not_carried():
    program = eel.compile_block("zoom = zoom * 1.01; x = x + 1; loop(100, dx = dx + 0.001)")
    function = program.glsl("per_pixel", ("x", "y", "rad", "ang"), MOTION, UNIFORMS)
    assert function.params[:10] == MOTION


VERTEX_INPUTS = {
    "x": 0.3125, "y": 0.2361, "rad": 0.4, "ang": 2.2, "zoom": 1.01, "zoomexp": 1.0, "rot": 0.02, "warp": 0.5,
    "cx": 0.5, "cy": 0.5, "dx": 0.001, "dy": -0.002, "sx": 1.0, "sy": 1.0, "time": 123.4, "fps": 60.0,
    "frame": 7404.0, "bass": 1.1, "mid": 0.9, "treb": 1.3, "bass_att": 1.05, "mid_att": 0.95, "treb_att": 1.2,
    "progress": 0.3, "meshx": 48.0, "meshy": 36.0, "aspectx": 1.0, "aspecty": 1.333, "pixelsx": 1024.0,
    "pixelsy": 768.0, **{f"q{i}": 0.1 * i for i in range(1, 33)},
}


@pytest.mark.corpus
@pytest.mark.slow
def test_preset_per_pixel_blocks_link_in_the_warp_shader_and_agree(gl, preset_corpus):
    """Per-pixel blocks without memory/registers: every block the backend accepts links in
    warp.vert (>= 95% required), the only refusals are MilkDrop's vertex-to-vertex state, and
    at a realistic vertex the GPU results match the scalar backend (every other block; rand
    blocks skipped)."""
    from renderer.gl.programs import program_from_files
    from renderer.preset import load_preset

    start = time.monotonic()
    candidates = accepted = linked = 0
    refusals: list[str] = []
    vectors = []
    for path in sorted(preset_corpus.glob("*.milk")):
        block = load_preset(path).code.get("per_pixel")
        if block is None:
            continue
        try:
            program = eel.compile_block(block.source, "per_pixel")
            effects = program.effects
        except eel.EelError:
            continue
        if program.is_empty or effects.memory_reads or effects.memory_writes or effects.registers_read or effects.registers_written:
            continue
        candidates += 1
        try:
            function = program.glsl("per_pixel", ("x", "y", "rad", "ang"), MOTION, UNIFORMS)
        except eel.BackendUnsupported as exc:
            refusals.append(f"{path.name}: {exc.reason}")
            continue
        accepted += 1
        program_from_files(gl, "warp.vert", "warp.frag", splices={"per_pixel": function.with_runtime()}).release()
        linked += 1
        ctx = eel.Context(shared=eel.SharedMemory(), variables=VERTEX_INPUTS)
        program.python().run(ctx)
        expect = {name: ctx.vars[name] for name in MOTION}
        if accepted % 2 and all(math.isfinite(v) for v in expect.values()):  # every other block: time
            tags = ["rand"] if effects.uses_rand else []
            vectors.append({"id": path.name, "lines": list(block.lines), "code": "", "vars": VERTEX_INPUTS,
                            "expect": expect, "error": False, "tol": 1e-9, "tags": tags})
        if time.monotonic() - start > 40:
            break
    assert candidates >= 100, f"only {candidates} per_pixel blocks found in {preset_corpus}"
    assert linked >= 0.95 * accepted
    unexpected = [r for r in refusals if "carried from one element" not in r and "iterations" not in r and "count" not in r]
    assert not unexpected, unexpected[:5]
    outcomes = [o for o in run_glsl_vectors(vectors, ctx=gl) if not o.skipped]
    failed = [o for o in outcomes if not o.passed]
    assert len(outcomes) >= 0.45 * accepted - 10
    assert len(failed) <= 0.02 * len(outcomes), [o.message for o in failed]
    assert all("float32" in o.message for o in failed), [o.message for o in failed]
    print(f"\n{candidates} per_pixel blocks without memory/registers: {linked} linked, {len(refusals)} refused "
          f"(carried state or loops); GPU vs scalar at one vertex: {len(outcomes) - len(failed)} agree, {len(failed)} differ")


def test_conformance_vectors_on_glsl(gl, eel_vectors_path):
    vectors = load_vectors(eel_vectors_path)
    start = time.monotonic()
    outcomes = list(run_vectors(vectors, "glsl"))
    elapsed = time.monotonic() - start
    assert len(outcomes) == len(vectors)
    ran = [o for o in outcomes if not o.skipped]
    failed = [o for o in ran if not o.passed]
    skipped = [o for o in outcomes if o.skipped]
    assert all(o.message.startswith("skipped: ") for o in skipped)
    assert {v["id"] for v in vectors if "rand" in v["tags"]} <= {o.vector_id for o in skipped}
    assert len(ran) - len(failed) >= 0.99 * len(ran), [o.message for o in failed]
    assert all("float32" in o.message for o in failed), [o.message for o in failed]
    assert elapsed < 60
    print(f"\nglsl vectors: {len(ran) - len(failed)} passed, {len(failed)} failed, {len(skipped)} skipped, {elapsed:.1f} s")


def test_float_constants_round_to_float32(gl):
    got = gpu(gl, "a = 0.1 + v; b = 16777217 + v - v", "a b", {"v": 0.0})
    assert got["a"] == float(np.float32(0.1))
    assert got["b"] == 16777216.0


@pytest.mark.parametrize(
    "code, variables, expected, fragment",
    [
        ("x = above(a, 0.3)", {"a": 0.30000001}, {"x": (0.0, 1.0)}, "comparison >"),
        ("x = equal(a, 100)", {"a": 100.00001}, {"x": (1.0, 0.0)}, "epsilon"),
        ("x = 1000000007 % a", {"a": 1000}, {"x": (0.0, 7.0)}, "2^24"),
        ("x = a * 1e300 ", {"a": 1}, {"x": (0.0, 1e300)}, "float32 range"),
        ("x = sin(a * 1000)", {"a": 123.456}, {"x": (0.5, math.sin(123456.0))}, "sin/cos/tan"),
        ("x = a + 1", {"a": 2}, {"x": (4.0, 5.0)}, "NOT a precision effect"),
    ],
)
def test_explainer_names_the_float32_cause(code, variables, expected, fragment):
    from eel.glsl_explain import explain

    code = code.replace("1e300", "1" + "0" * 300)  # EEL numbers have no exponent
    program = eel.compile_block(code)
    vector = {"vars": variables, "runs": 1}
    bad = [(name, got, want) for name, (got, want) in expected.items()]
    assert fragment in explain(program, vector, bad)
