import math

import eel
from eel.runtime import Megabuf, SharedMemory


def run(code: str, ctx: eel.Context | None = None) -> eel.Context:
    ctx = ctx or eel.Context(shared=SharedMemory())
    eel.compile_block(code).python().run(ctx)
    return ctx


def test_megabuf_bounds_and_rounding() -> None:
    mem = Megabuf()
    mem.set(-1, 5.0)  # trunc(-1 + 1e-5) is slot 0
    assert mem.get(0) == 5.0
    mem.set(8_388_608, 3.0)  # out of range: dropped
    assert mem.get(8_388_608) == 0.0 and not any(k > 127 for k in mem.blocks)
    mem.set(2.999999, 7.0)  # within 1e-5 of 3
    assert mem.get(3) == 7.0
    assert mem.get(math.nan) == 0.0


def test_gmegabuf_wraps_and_is_shared_between_contexts() -> None:
    shared = SharedMemory()
    a = eel.Context(shared=shared)
    b = eel.Context(shared=shared)
    run("gmem[-2] = 4", a)  # trunc(-2 + 1e-5) = -1, which wraps to the last slot
    assert run("x = gmegabuf(1048575)", b).vars["x"] == 4
    assert a.megabuf is not b.megabuf


def test_registers_are_shared_and_user_variables_are_not() -> None:
    shared = SharedMemory()
    a, b = eel.Context(shared=shared), eel.Context(shared=shared)
    run("reg07 = 3; mine = 1", a)
    out = run("x = reg07 + mine", b)
    assert out.vars["x"] == 3


def test_memcpy_is_overlap_safe() -> None:
    out = run("loop(5, megabuf(i) = i + 1; i += 1); memcpy(1, 0, 4); a = megabuf(1); b = megabuf(4)")
    assert out.vars["a"] == 1 and out.vars["b"] == 4


def test_rand_is_seeded_like_milkdrop() -> None:
    first = run("x = rand(1000)").vars["x"]
    again = run("x = rand(1000)").vars["x"]
    assert first == again and 0 <= first <= 1000
    assert run("x = rand(0)").vars["x"] < 1  # max(floor(x), 1)


def test_loop_and_while_are_capped() -> None:
    assert run("n = 0; while(n += 1)").vars["n"] == 1_048_576
    assert run("n = 0; loop(2000000, n += 1)").vars["n"] == 1_048_576


def test_safe_math_never_raises() -> None:
    code = "a = sin(1/0) + log(-1) + asin(2) + pow(-2, 0.5) + exp(1000) * 0 + sqrt(-4) + 5 % 0 + invsqrt(4)"
    out = run(code)
    assert math.isnan(out.vars["a"]) or math.isfinite(out.vars["a"])


def test_run_many_matches_run_per_element() -> None:
    import random

    code = "flip = -flip; it = it + 1; x = x + 0.01 * flip * sin(it * sample); mx = mx + x; r = r * 0.5 + value1"
    block = eel.compile_block(code, "wave_0_per_point").python()
    n = 40
    rng = random.Random(5)
    inputs = {"sample": [i / (n - 1) for i in range(n)], "value1": [rng.random() for _ in range(n)], "x": [rng.random() for _ in range(n)]}
    resets = {"r": 0.7, "a": 1.0}
    one = eel.Context(variables={"flip": 1.0})
    expected = []
    for i in range(n):
        one.vars.update(resets)
        one.vars.update({k: v[i] for k, v in inputs.items()})
        block.run(one)
        expected.append((one.vars["x"], one.vars["r"], one.vars["a"]))
    many = eel.Context(variables={"flip": 1.0})
    out = block.run_many(many, n, inputs, resets, ("x", "r", "a"))
    assert list(zip(out["x"], out["r"], out["a"])) == expected
    assert many.vars["mx"] == one.vars["mx"] and many.vars["it"] == n


def test_run_many_of_a_block_that_writes_nothing() -> None:
    block = eel.compile_block("sin(q1)", "shape_0_per_frame").python()  # reads no input, writes nothing
    out = block.run_many(eel.Context(), 3, {"instance": [0.0, 1.0, 2.0]}, {"x": 0.5}, ("x",))
    assert out["x"] == [0.5, 0.5, 0.5]


def test_rand_stream_is_mt19937_and_shared_by_both_backends() -> None:
    import random

    import numpy as np

    from eel.backends.npvector import VectorContext
    from eel.runtime import RAND_SEED

    reference = random.Random()  # set to MilkDrop's init_genrand(RAND_SEED) state below
    mt = [RAND_SEED & 0xFFFFFFFF]
    for i in range(1, 624):
        mt.append((1812433253 * (mt[-1] ^ (mt[-1] >> 30)) + i) & 0xFFFFFFFF)
    reference.setstate((3, tuple(mt) + (624,), None))
    expected = [reference.getrandbits(32) * (1.0 / 0xFFFFFFFF) * 7 for _ in range(5000)]  # [0, 1] inclusive, times floor(7.5)

    scalar_shared, vector_shared = SharedMemory(), SharedMemory()
    scalar = [eel.compile_block("x = rand(7.5)").python().run(ctx := eel.Context(shared=scalar_shared)) or ctx.vars["x"] for _ in range(5000)]
    assert scalar == expected  # crosses the 4096-value chunk boundary
    vec = VectorContext(5000, shared=vector_shared)
    eel.compile_block("x = rand(7.5)", "wave_0_per_point").numpy({"sample"}).run(vec)
    assert vec.vars["x"].tolist() == expected
    masked = VectorContext(4, shared=SharedMemory(), variables={"sample": np.array([0.0, 1.0, 0.0, 1.0])})
    eel.compile_block("x = if(sample, rand(7), -1)", "wave_0_per_point").numpy({"sample"}).run(masked)
    assert masked.vars["x"].tolist() == [-1.0, expected[0], -1.0, expected[1]]  # only drawing elements consume the stream
