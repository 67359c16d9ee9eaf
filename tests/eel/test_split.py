"""The split backend (numpy, scalar loop over the loop-carried statements, numpy) equals the scalar one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import eel
from eel import nodes as n
from eel.analysis import generic_kind, per_element_inputs
from eel.printer import block_source
from eel.runtime import SharedMemory

WAVE_OUTPUTS = ("x", "y", "r", "g", "b", "a")
WAVE_INPUTS = per_element_inputs("wave_per_point")
SHAPE_OUTPUTS = ("x", "y", "rad", "ang", "r", "g", "b", "a")

ROYAL_LIKE = """v = sample*1000000 + value2*bass*0.1; speed = bass_att*0.8;
xs = xs + sin(v)*speed*atan(v*1.51); ys = ys + sin(v)*speed*atan(v*10);
x = 0.5 + 0.5*sin(xs*0.1)*cos(time*0.2 + xs); y = 0.5 + 0.5*sin(ys*0.12)*cos(time*0.1 + xs);
x = x*0.8 + 0.1; y = y*0.8 + 0.1; g = 0.4 + 0.4*sin(time*1.307 + 2*y);
xs = if(above(xs,1000), 0, xs); ys = if(above(ys,1000), 0, ys)"""


def _wave_inputs(count: int, seed: int = 3) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    rng = np.random.default_rng(seed)
    per = {name: rng.random(count) - 0.5 for name in ("value1", "value2")}
    per.update(sample=np.linspace(0.0, 1.0, count), x=rng.random(count), y=rng.random(count))
    return per, {"r": 0.3, "g": 0.4, "b": 0.5, "a": 1.0}


def _assert_same_as_scalar(program: eel.Program, kind: str, per: dict[str, np.ndarray], resets: dict[str, float],
                           outputs: tuple[str, ...], frame: dict[str, float], frames: int = 3) -> None:  # fmt: skip
    split = program.split(per_element_inputs(kind), outputs)
    count = len(next(iter(per.values())))
    scalar_ctx = eel.Context(SharedMemory(), dict(frame))
    split_ctx = eel.Context(SharedMemory(), dict(frame))
    for _ in range(frames):  # carried values also persist from one run to the next
        want = program.python().run_many(scalar_ctx, count, {k: v.tolist() for k, v in per.items()}, resets, outputs)
        got = split.run(split_ctx, count, per, resets, outputs)
        for name in outputs:
            np.testing.assert_allclose(got[name], np.asarray(want[name], dtype=float), rtol=1e-12, atol=1e-12, err_msg=name)
    for name in split.plan.carried:
        assert split_ctx.vars.get(name) == pytest.approx(scalar_ctx.vars.get(name), rel=1e-12, nan_ok=True)


def test_only_the_carried_chain_runs_element_by_element() -> None:
    program = eel.compile_block(ROYAL_LIKE, "wave_0_per_point")
    plan = program.split(WAVE_INPUTS, WAVE_OUTPUTS).plan
    scalar_targets = {s.target.name for s in plan.b if isinstance(s, n.Assign) and not s.target.name.startswith("_split_")}
    assert scalar_targets == {"xs", "ys"} and plan.carried == {"xs", "ys"}
    assert "speed = " in block_source(n.Seq(0, plan.a)) and "sin(" in block_source(n.Seq(0, plan.c))
    per, resets = _wave_inputs(512)
    _assert_same_as_scalar(program, "wave_0_per_point", per, resets, WAVE_OUTPUTS, {"bass": 1.2, "bass_att": 1.1, "time": 3.0})


def test_a_later_phase_sees_the_version_the_order_gives() -> None:
    # y is assigned in C (it reads carried sw) before A assigns it again: the final y is A's.
    code = "sw = (1-sw)*above(sample,0); osa = sample; y = if(sw, osa, sample); sa = sample; y = sa*2; x = y + sw; osa = 0"
    program = eel.compile_block(code, "wave_0_per_point")
    per, resets = _wave_inputs(16)
    _assert_same_as_scalar(program, "wave_0_per_point", per, resets, WAVE_OUTPUTS, {})


def test_shape_instances_split_with_their_resets() -> None:
    code = "ang = ang + instance*0.1; t = t + 0.05; x = 0.5 + 0.3*cos(t + ang); y = 0.5 + 0.3*sin(t); rad = rad*0.9"
    program = eel.compile_block(code, "shape_0_per_frame")
    resets = {"x": 0.5, "y": 0.5, "rad": 0.2, "ang": 0.3, "r": 1.0, "g": 0.5, "b": 0.2, "a": 1.0}
    _assert_same_as_scalar(program, "shape_0_per_frame", {"instance": np.arange(40.0)}, resets, SHAPE_OUTPUTS, {})


@pytest.mark.parametrize(
    "code, reason",
    [
        ("m = m + 1; megabuf(m) = x", "memory"),
        ("m = m + rand(2); x = rand(3); y = rand(4)", "rand"),
        ("m = m + 1; x = m", None),  # splits
        ("m = m*0.5 + x", "every statement"),
    ],
)
def test_refusals_say_why(code: str, reason: str | None) -> None:
    program = eel.compile_block(code, "wave_0_per_point")
    if reason is None:
        program.split(WAVE_INPUTS, WAVE_OUTPUTS)
        return
    with pytest.raises(eel.BackendUnsupported, match=reason):
        program.split(WAVE_INPUTS, WAVE_OUTPUTS)


NAMES = ["a", "b", "c", "m", "k", "x", "y", "r", "sample", "value1"]
TARGETS = ["a", "b", "c", "m", "k", "x", "y", "r"]
var = st.sampled_from(NAMES).map(lambda v: n.Var(0, v))
num = st.sampled_from([0.0, 0.5, 1.0, 2.0, -1.5]).map(lambda v: n.Num(0, v))


def _grow(children):  # type: ignore[no-untyped-def]
    return st.one_of(
        st.tuples(st.sampled_from(["+", "-", "*", "/", "%", ">", "=="]), children, children).map(lambda t: n.BinOp(0, *t)),
        st.tuples(children, children, children).map(lambda t: n.Cond(0, *t)),
        st.tuples(st.sampled_from(["sin", "abs", "floor", "sqrt"]), children).map(lambda t: n.Call(0, t[0], (t[1],))),
        st.tuples(st.sampled_from(["=", "+="]), st.sampled_from(TARGETS).map(lambda v: n.Var(0, v)), children).map(
            lambda t: n.Assign(0, t[0], t[1], t[2])
        ),
        st.tuples(children).map(lambda t: n.Call(0, "rand", (t[0],))),
    )


expressions = st.recursive(st.one_of(var, num), _grow, max_leaves=8)
statements = st.one_of(
    st.tuples(st.sampled_from(TARGETS), expressions).map(lambda t: n.Assign(0, "=", n.Var(0, t[0]), t[1])), expressions
)
blocks = st.lists(statements, min_size=2, max_size=7).map(lambda items: block_source(n.Seq(0, tuple(items))))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(blocks)
def test_random_blocks_split_or_are_refused_and_agree_with_scalar(code: str) -> None:
    program = eel.compile_block(code, "wave_0_per_point")
    try:
        program.split(WAVE_INPUTS, WAVE_OUTPUTS)
    except eel.BackendUnsupported:
        assume(False)
    per, resets = _wave_inputs(9)
    _assert_same_as_scalar(program, "wave_0_per_point", per, resets, WAVE_OUTPUTS, {"a": 0.25}, frames=2)


def test_every_splittable_corpus_block_agrees_with_scalar(preset_corpus: Path) -> None:
    from renderer.equations.compile import ELEMENT_OUTPUTS
    from renderer.preset import PresetLoadError, load_preset

    split_count = 0
    for path in sorted(preset_corpus.glob("*.milk"))[::3]:
        try:
            preset = load_preset(path)
        except PresetLoadError:
            continue
        for kind, block in preset.code.items():
            generic = generic_kind(kind)
            if generic not in ELEMENT_OUTPUTS:
                continue
            try:
                program = eel.compile_block(block.source, kind)
                program.split(per_element_inputs(kind), ELEMENT_OUTPUTS[generic])
            except (eel.EelError, eel.BackendUnsupported):
                continue
            if generic == "wave_per_point":
                per, resets = _wave_inputs(48)
            elif generic == "per_pixel":
                rng = np.random.default_rng(4)
                per = {"x": rng.random(48), "y": rng.random(48), "rad": rng.random(48), "ang": rng.random(48) * 6.28}
                resets = {"zoom": 1.01, "zoomexp": 1.0, "rot": 0.01, "warp": 0.5, "cx": 0.5, "cy": 0.5, "dx": 0.0, "dy": 0.0, "sx": 1.0, "sy": 1.0}
            else:
                per, resets = {"instance": np.arange(48.0)}, {name: 0.4 for name in ELEMENT_OUTPUTS[generic]}
            frame = {"bass": 1.2, "bass_att": 1.1, "treb": 1.3, "mid": 0.9, "time": 3.0, **{f"q{i}": 0.1 * i for i in range(1, 33)}}
            _assert_same_as_scalar(program, kind, per, resets, ELEMENT_OUTPUTS[generic], frame, frames=2)
            split_count += 1
    assert split_count > 300, split_count  # the corpus has ~1,800 such blocks; a third is sampled
