"""Noise generation (pure) and the GL texture library: user images, fallbacks, samplers."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from renderer.passes.samplers import SamplerBinder, parse_sampler_name
from renderer.textures.builtin import clouds
from renderer.textures.library import TextureLibrary
from renderer.textures.noise import NOISE_TEXTURES, cubic_interpolate, generate_noise


def test_noise_textures_have_milkdrop_sizes_and_are_reproducible():
    first, second = generate_noise(seed=3), generate_noise(seed=3)
    shapes = {spec.name: first[spec.name].shape for spec in NOISE_TEXTURES}
    assert shapes == {
        "noise_lq": (256, 256, 4), "noise_lq_lite": (32, 32, 4), "noise_mq": (256, 256, 4),
        "noise_hq": (256, 256, 4), "noisevol_lq": (32, 32, 32, 4), "noisevol_hq": (32, 32, 32, 4),
    }  # fmt: skip
    assert all(np.array_equal(first[k], second[k]) for k in first)
    assert not np.array_equal(first["noise_lq"], generate_noise(seed=4)["noise_lq"])


def test_zoomed_noise_is_smoother_than_white_noise():
    noise = generate_noise(seed=0)
    def roughness(texels):
        return np.abs(np.diff(texels[..., 0].astype(float), axis=-1)).mean()
    assert roughness(noise["noise_hq"]) < roughness(noise["noise_mq"]) < 0.5 * roughness(noise["noise_lq"])
    assert 100 < noise["noise_lq"].mean() < 156


def test_cubic_interpolate_passes_through_the_inner_points():
    y = [np.array(v) for v in (0.0, 1.0, 3.0, 2.0)]
    assert cubic_interpolate(*y, np.array(0.0)) == pytest.approx(1.0)
    assert cubic_interpolate(*y, np.array(1.0)) == pytest.approx(3.0)


def test_builtin_clouds_tile_seamlessly():
    image = clouds().astype(float)
    seam = np.abs(image[:, 0] - image[:, -1]).mean()
    inner = np.abs(np.diff(image, axis=1)).mean()
    assert seam < 3 * inner + 1


@pytest.mark.parametrize(
    "uniform, texture, filter_name, wrap",
    [("sampler_main", "main", None, None), ("sampler_pw_noise_lq", "noise_lq", "point", True),
     ("sampler_fc_main", "main", "linear", False), ("sampler_clouds2", "clouds2", None, None)],
)
def test_sampler_names_split_into_texture_filter_and_wrap(uniform, texture, filter_name, wrap):
    request = parse_sampler_name(uniform)
    assert (request.texture, request.filter, request.wrap) == (texture, filter_name, wrap)
    assert parse_sampler_name("u_source") is None


def test_library_loads_user_images_and_falls_back_to_clouds(gl, tmp_path):
    Image.new("RGBA", (8, 4), (255, 0, 0, 255)).save(tmp_path / "Redish.png")
    library = TextureLibrary(gl, [tmp_path])
    red = library.image("redish")
    assert red.size == (8, 4)
    assert np.frombuffer(red.read(), np.uint8)[:4].tolist() == [255, 0, 0, 255]
    assert library.image("redish.jpg").size == (8, 4)  # an extension in the name is ignored
    (tmp_path / "broken.png").write_bytes(b"not an image")
    assert library.image("broken").size == (128, 128)  # unreadable files fall back too
    assert library.image("no_such_texture").size == (128, 128)  # clouds2 fallback
    assert library.image("rand07").size == (8, 4)  # randNN picks among the user images
    assert library.noise("noisevol_hq").size == (32, 32, 32)
    library.release()


def test_binder_feeds_texsize_of_user_textures(gl, tmp_path):
    Image.new("RGBA", (16, 2), (0, 0, 255, 255)).save(tmp_path / "strip.png")
    library = TextureLibrary(gl, [tmp_path])
    binder = SamplerBinder(gl, library)
    program = gl.program(
        vertex_shader="#version 330\nvoid main() { gl_Position = vec4(0.0); }",
        fragment_shader="""#version 330
uniform sampler2D sampler_pc_strip; uniform sampler3D sampler_noisevol_lq; uniform vec4 texsize_strip;
out vec4 c;
void main() { c = texture(sampler_pc_strip, vec2(0.5)) + texture(sampler_noisevol_lq, vec3(0.5)) + texsize_strip; }
""",
    )
    texsizes = binder.bind(program, {}, wrap_main=True)
    assert texsizes["texsize_strip"] == (16, 2, 1 / 16, 0.5)
    assert texsizes["texsize_noisevol_lq"][:2] == (32, 32)
    binder.release_units()
    program.release()
    binder.release()
    library.release()
