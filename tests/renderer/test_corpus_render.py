"""A sample of real presets: translated shaders plug into the renderer and render cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.frame import PresetRenderer, PresetShaders
from renderer.hlsl import HlslError, translate_shader
from renderer.preset import load_preset
from renderer.static_runtime import StaticRuntime

TEXSIZE = (96, 72)
SAMPLE_EVERY = 60  # ~17 presets of the ~1000-file corpus, spread over it


@pytest.mark.corpus
def test_sampled_corpus_presets_build_and_render(gl, preset_corpus):
    files = sorted(preset_corpus.glob("*.milk"))[::SAMPLE_EVERY]
    assert files, f"no .milk files in {preset_corpus}"
    rendered, with_shaders = 0, 0
    for path in files:
        preset = load_preset(path)
        try:
            warp = translate_shader(preset.warp_shader, "warp") if preset.warp_shader else None
            comp = translate_shader(preset.comp_shader, "comp") if preset.comp_shader else None
        except HlslError:
            continue  # the translator's own tests cover its failures; here only the renderer side
        with_shaders += bool(warp or comp)
        shaders = PresetShaders(
            warp=warp.glsl if warp else None,
            comp=comp.glsl if comp else None,
            blur_level=max(warp.blur_level if warp else 0, comp.blur_level if comp else 0),
        )
        renderer = PresetRenderer(gl, TEXSIZE, shaders=shaders)
        runtime = StaticRuntime(preset, TEXSIZE)
        for frame in range(2):
            renderer.render_frame(runtime.frame_inputs(frame / 30.0, 30.0, frame))
        image = renderer.read_output()
        assert image.shape == (72, 96, 3), path.name
        assert gl.error == "GL_NO_ERROR", path.name
        renderer.release()
        rendered += 1
    assert rendered >= 0.75 * len(files)
    assert with_shaders >= 0.5 * rendered


def render_preset_file(gl, path, frames=2):
    preset = load_preset(path)
    warp = translate_shader(preset.warp_shader, "warp") if preset.warp_shader else None
    comp = translate_shader(preset.comp_shader, "comp") if preset.comp_shader else None
    shaders = PresetShaders(warp=warp.glsl if warp else None, comp=comp.glsl if comp else None)
    renderer = PresetRenderer(gl, TEXSIZE, shaders=shaders)
    runtime = StaticRuntime(preset, TEXSIZE)
    for frame in range(frames):
        renderer.render_frame(runtime.frame_inputs(frame / 30.0, 30.0, frame))
    image = renderer.read_output()
    renderer.release()
    return image


def test_phosphene_own_presets_render_their_static_look(gl):
    folder = Path(__file__).resolve().parents[2] / "assets" / "presets"
    files = sorted(folder.glob("*.milk"))
    assert len(files) >= 10
    lit_presets = 0
    for path in files:
        image = render_preset_file(gl, path)
        assert image.shape == (72, 96, 3), path.name
        lit_presets += bool(image.max() > 0)
    assert lit_presets == len(files)
