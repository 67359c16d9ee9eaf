"""The show: determinism, transitions, failed shaders falling back, offline rendering."""

import time
from pathlib import Path

import numpy as np
import pytest

from renderer.audio.frame_audio import FrameAudio
from renderer.preset import parse_preset
from renderer.show import Show, prepare_preset

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "presets"
SIZE = (96, 72)


def own_presets() -> list[Path]:
    presets = sorted(ASSETS.glob("*.milk"))
    assert len(presets) >= 12
    return presets


def render_frames(ctx, preset_path, frames: int, seed: int = 3) -> list[np.ndarray]:
    show = Show(ctx, SIZE, seed=seed)
    show.set_preset(prepare_preset(preset_path))
    images = []
    for i in range(frames):
        audio = FrameAudio(bass=1.0 + 0.5 * np.sin(i), mid=1.0, treb=1.0, bass_att=1.0, mid_att=1.0, treb_att=1.0)
        show.render(1 / 30, audio)
        images.append(show.read_output())
    show.release()
    return images


def test_two_renders_with_the_same_seed_are_identical(gl) -> None:
    preset = own_presets()[0]
    a = render_frames(gl, preset, 12)
    b = render_frames(gl, preset, 12)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[2], a[11])  # and it moves


def test_mid_blend_differs_from_both_ends(gl) -> None:
    first, second = own_presets()[0], own_presets()[5]
    show = Show(gl, SIZE, seed=1)
    show.set_preset(prepare_preset(first))
    for _ in range(10):
        show.render(1 / 30)
    show.set_preset(prepare_preset(second), blend_seconds=1.0)
    frames = []
    for _ in range(40):
        show.render(1 / 30)
        frames.append((show.blend_progress, show.read_output().astype(int)))
    assert not show.blending
    mid = next(img for p, img in frames if p >= 0.5)
    # render the two presets alone from the same point for comparison
    alone_old = render_frames(gl, first, 25, seed=1)[-1].astype(int)
    alone_new = frames[-1][1]
    assert np.abs(mid - alone_old).mean() > 1.0
    assert np.abs(mid - alone_new).mean() > 1.0
    show.release()


def test_a_shader_that_fails_falls_back_and_is_reported(gl) -> None:
    text = (ASSETS / "phosphene - aurora tunnel.milk").read_text(encoding="latin-1")
    assert "comp_2=`{" in text
    broken = text.replace("comp_2=`{", "comp_2=`{ this is not hlsl;", 1)
    prepared = prepare_preset(parse_preset(broken, "broken"))
    assert [e["shader"] for e in prepared.errors] == ["comp"] and prepared.errors[0]["line"] == 2
    assert prepared.shaders.comp is None and prepared.shaders.warp is not None
    show = Show(gl, SIZE)
    show.set_preset(prepared)
    show.render(1 / 30)
    assert show.read_output().shape == (SIZE[1], SIZE[0], 3)
    show.release()


def test_prepare_needs_no_gl_and_is_quick() -> None:
    start = time.perf_counter()
    prepared = [prepare_preset(p) for p in own_presets()]
    assert all(not p.errors for p in prepared)
    assert (time.perf_counter() - start) / len(prepared) < 0.5


@pytest.mark.slow
def test_switch_frame_times_stay_near_the_median(gl) -> None:
    """Switches in a headless run: the GL builds of the next preset are the only switch cost."""
    presets = own_presets()
    show = Show(gl, (160, 120), seed=2)
    show.set_preset(prepare_preset(presets[0]))
    upcoming = prepare_preset(presets[1])
    times = []
    for frame in range(90):
        if frame in (30, 60):
            show.set_preset(upcoming, blend_seconds=0.5)
            upcoming = prepare_preset(presets[2])
        start = time.perf_counter()
        show.render(1 / 30)
        show.read_output()
        times.append(time.perf_counter() - start)
    show.release()
    assert max(times[5:]) < 0.5  # no frame stalls; the 2x-median figure is measured by `bench render`


def test_user_textures_are_found_next_to_the_preset(gl, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (8, 8), (250, 10, 10)).save(tmp_path / "mytex.png")
    preset = tmp_path / "uses texture.milk"
    preset.write_text(
        "MILKDROP_PRESET_VERSION=201\nPSVERSION=2\nPSVERSION_WARP=2\nPSVERSION_COMP=2\n[preset00]\n"
        "comp_1=`sampler sampler_mytex;\ncomp_2=`shader_body\ncomp_3=`{\n"
        "comp_4=`ret = tex2D(sampler_mytex, uv).xyz;\ncomp_5=`}\n"
    )
    prepared = prepare_preset(preset)
    assert prepared.errors == [] and prepared.shaders.comp is not None
    show = Show(gl, SIZE)
    show.set_preset(prepared)
    show.render(1 / 30)
    mean = show.read_output().reshape(-1, 3).mean(axis=0)
    show.release()
    assert mean[0] > 200 and mean[1] < 40 and mean[2] < 40


def test_blend_eases_the_incoming_presets_frame_values() -> None:
    from renderer.transition import blend_frame_vars, ease

    old = {"decay": 0.9, "ob_size": 0.0, "wrap": 0.0, "gamma": 1.0, "echo_zoom": 1.0, "zoom": 1.2}
    new = {"decay": 1.0, "ob_size": 0.1, "wrap": 1.0, "gamma": 9.0, "echo_zoom": 2.0, "zoom": 0.8}
    assert ease(0.0) == 0.0 and ease(1.0) == 1.0 and ease(0.5) == pytest.approx(0.5)
    early = blend_frame_vars(old, new, 0.25)
    mix = ease(0.25)
    assert early["decay"] == pytest.approx(0.9 + 0.1 * mix) and mix < 0.25  # eased, slower than linear at first
    assert early["wrap"] == 0.0 and blend_frame_vars(old, new, 0.75)["wrap"] == 1.0  # switches snap at mix 0.5
    assert early["zoom"] == 0.8  # motion stays per preset, not mixed
    assert blend_frame_vars(old, new, 1.0)["gamma"] == 8.0  # MilkDrop clamps gamma to [0, 8]


def blending_show(ctx, seed: int, frames: int) -> Show:
    """A show ``frames`` frames into a 1 s blend between two of our presets."""
    show = Show(ctx, SIZE, seed=seed)
    show.set_preset(prepare_preset(own_presets()[0]))
    show.render(1 / 30)
    show.set_preset(prepare_preset(own_presets()[5]), blend_seconds=1.0)
    for _ in range(frames):
        show.render(1 / 30)
    return show


def spy_render_frames(monkeypatch) -> list[tuple[object, object, object]]:  # type: ignore[no-untyped-def]
    """(renderer, inputs, warp_uvs) of every ``PresetRenderer.render_frame`` call from now on."""
    from renderer.frame import PresetRenderer

    calls: list[tuple[object, object, object]] = []
    original = PresetRenderer.render_frame

    def spy(self, inputs, *args, warp_uvs=None, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((self, inputs, warp_uvs))
        return original(self, inputs, *args, warp_uvs=warp_uvs, **kwargs)

    monkeypatch.setattr(PresetRenderer, "render_frame", spy)
    return calls


def test_mid_blend_draws_the_new_preset_with_eased_values(gl, monkeypatch) -> None:
    show = blending_show(gl, seed=1, frames=7)
    calls = spy_render_frames(monkeypatch)
    show.render(1 / 30)
    (_, old_inputs, _), (_, new_inputs, _) = calls  # the outgoing preset is drawn first
    old_vars, new_vars = old_inputs.frame_vars, new_inputs.frame_vars
    own = show.current.runtime.frame_inputs(show.time, show.fps, show.frame, FrameAudio()).frame_vars
    progress = show.blend_progress
    mix = 0.5 - 0.5 * np.cos(np.pi * progress)
    assert 0.0 < progress < 1.0 and abs(old_vars["decay"] - own["decay"]) > 1e-3
    assert new_vars["decay"] == pytest.approx(old_vars["decay"] * (1 - mix) + own["decay"] * mix, abs=1e-6)
    show.release()


def test_mid_blend_warps_both_presets_with_the_pattern_mixed_uvs(gl, monkeypatch) -> None:
    show = blending_show(gl, seed=2, frames=14)
    old, new = show.previous, show.current
    assert old is not None
    calls = spy_render_frames(monkeypatch)
    show.render(1 / 30)
    (r_old, old_inputs, given_old), (r_new, new_inputs, given_new) = calls
    assert r_old is old.renderer and r_new is new.renderer
    assert np.array_equal(given_old, given_new)
    own_old, own_new = old.renderer.warp_uvs(old_inputs), new.renderer.warp_uvs(new_inputs)  # each preset's own UVs
    weight = show.pattern.weight(show.blend_progress)[:, :, None]
    assert (weight == 0).any() and (weight == 1).any() and ((weight > 0) & (weight < 1)).any()
    np.testing.assert_allclose(given_new, own_new * weight + own_old * (1 - weight), atol=1e-6)
    assert np.abs(own_new - own_old).max() > 1e-3  # the two presets really warp differently
    show.release()


def test_given_uvs_replace_the_computed_ones_in_the_warp_mesh(gl) -> None:
    show = Show(gl, SIZE, seed=2)
    show.set_preset(prepare_preset(own_presets()[0]))
    show.render(1 / 30)
    renderer = show.current.renderer
    inputs = show.current.runtime.frame_inputs(show.time, show.fps, show.frame, FrameAudio())
    own = renderer.warp_uvs(inputs)
    given = np.random.default_rng(0).random(own.shape).astype(np.float32)
    state = renderer._frame_state(inputs)
    renderer.warp.set_uniforms(state.frame_vars, state.env, state.vertex_motion, given)
    np.testing.assert_allclose(renderer.warp.capture_uvs(), given, atol=1e-7)
    show.release()


def test_shaders_see_the_time_since_the_preset_started_and_eel_the_show_time(gl) -> None:
    show = Show(gl, SIZE, seed=2)
    show.set_preset(prepare_preset(own_presets()[0]))
    for _ in range(30):
        show.render(1 / 30)
    show.set_preset(prepare_preset(own_presets()[1]))
    for _ in range(3):
        show.render(1 / 30)
    program = show.current.renderer.warp.program
    assert show.time == pytest.approx(33 / 30)
    assert program["time"].value == pytest.approx(2 / 30, abs=1e-6)  # first frame of the preset is 0
    assert program["eel_time"].value == pytest.approx(33 / 30, abs=1e-6)
    show.release()
