"""Blur 1-3: separable blurs of the warped image, range-encoded into 8-bit textures.

Sizes, taps and the range encoding follow butterchurn.md §1.2/§1.6 (MilkDrop 2). Level N
decodes in shaders as ``texture(sampler_blurN, uv).rgb * scaleN + biasN``.
"""

from __future__ import annotations

from typing import Mapping

import moderngl

from renderer.gl.geometry import fullscreen_triangle
from renderer.gl.programs import program_from_files
from renderer.gl.targets import RenderTarget
from renderer.passes.shader_env import BlurRanges
from renderer.passes.uniforms import feed_uniforms

LEVEL_RATIOS = ((0.5, 0.25), (0.125, 0.125), (0.0625, 0.0625))  # (horizontal, vertical) target scale
MIN_RANGE = 0.1


def blur_size(texsize: tuple[int, int], ratio: float) -> tuple[int, int]:
    """MilkDrop's blur target size: width a multiple of 16, height of 4, both >= 16."""
    x = max(texsize[0] * ratio, 16.0)
    y = max(texsize[1] * ratio, 16.0)
    return int((x + 3) // 16 * 16), int((y + 3) // 4 * 4)


def _safe(lo: float, hi: float) -> tuple[float, float]:
    if hi - lo < MIN_RANGE:
        avg = 0.5 * (lo + hi)
        # MilkDrop 2 sets both ends to avg - 0.05 (its typo; max was meant to be avg + 0.05)
        lo = hi = avg - 0.5 * MIN_RANGE
    return lo, hi


def safe_ranges(frame_vars: Mapping[str, float]) -> BlurRanges:
    """blurN_min/max after MilkDrop's adjustment: nested ranges, at least 0.1 wide (see _safe)."""
    mins, maxs = [], []
    lo, hi = _safe(float(frame_vars.get("blur1_min", 0.0)), float(frame_vars.get("blur1_max", 1.0)))
    mins.append(lo)
    maxs.append(hi)
    for n in (2, 3):
        lo_n = max(mins[-1], float(frame_vars.get(f"blur{n}_min", 0.0)))
        hi_n = min(maxs[-1], float(frame_vars.get(f"blur{n}_max", 1.0)))
        lo_n, hi_n = _safe(lo_n, hi_n)
        mins.append(lo_n)
        maxs.append(hi_n)
    return BlurRanges(tuple(mins), tuple(maxs))  # type: ignore[arg-type]


def _ratio(value: float, lo: float, hi: float) -> float:
    span = hi - lo
    return (value - lo) / span if span != 0.0 else 0.0


def encode_params(ranges: BlurRanges, level: int) -> tuple[float, float]:
    """(scale, bias) the horizontal pass of ``level`` (0-based) writes with."""
    lo, hi = ranges.mins[level], ranges.maxs[level]
    if level > 0:
        prev_lo, prev_hi = ranges.mins[level - 1], ranges.maxs[level - 1]
        lo, hi = _ratio(lo, prev_lo, prev_hi), _ratio(hi, prev_lo, prev_hi)
    span = hi - lo
    scale = 1.0 / span if span != 0.0 else 1.0e6  # degenerate only via MilkDrop's own typo
    return scale, -lo * scale


class BlurPass:
    """Up to three blur levels; ``draw`` fills ``textures`` blur1..blurN from the main image."""

    def compile(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self.h_program = program_from_files(ctx, "fullscreen.vert", "blur_h.frag")
        self.v_program = program_from_files(ctx, "fullscreen.vert", "blur_v.frag")
        self.h_vao = fullscreen_triangle(ctx, self.h_program)
        self.v_vao = fullscreen_triangle(ctx, self.v_program)
        # bilinear, no mipmaps: the taps already low-pass, and the source's mipmaps may be stale
        self.source_sampler = ctx.sampler(filter=(moderngl.LINEAR, moderngl.LINEAR), repeat_x=False, repeat_y=False)
        self.texsize: tuple[int, int] | None = None
        self.levels: list[tuple[RenderTarget, RenderTarget]] = []

    def _ensure_targets(self, texsize: tuple[int, int]) -> None:
        if self.texsize == texsize:
            return
        for h_target, v_target in self.levels:
            h_target.release()
            v_target.release()
        self.levels = [
            (RenderTarget(self.ctx, blur_size(texsize, h), mipmapped=False),
             RenderTarget(self.ctx, blur_size(texsize, v), mipmapped=False))
            for h, v in LEVEL_RATIOS
        ]
        self.texsize = texsize

    def draw(
        self, main: moderngl.Texture, count: int, ranges: BlurRanges, edge_darken: float
    ) -> dict[str, moderngl.Texture]:
        """Run ``count`` (0-3) levels; returns {"blur1": texture, ...} for the levels run."""
        out: dict[str, moderngl.Texture] = {}
        if count <= 0:
            return out
        self._ensure_targets((main.width, main.height))
        self.ctx.disable(moderngl.BLEND)
        source = main
        for level in range(min(count, 3)):
            h_target, v_target = self.levels[level]
            scale, bias = encode_params(ranges, level)
            self.source_sampler.texture = source
            self.source_sampler.use(0)
            feed_uniforms(self.h_program, {
                "u_source": 0, "u_scale": scale, "u_bias": bias,
                "u_texsize": (source.width, source.height, 1.0 / source.width, 1.0 / source.height),
            })  # fmt: skip
            self.h_program["u_source"].value = 0
            h_target.use()
            self.h_vao.render(moderngl.TRIANGLES, vertices=3)
            h_tex = h_target.texture
            self.source_sampler.texture = h_tex
            self.source_sampler.use(0)
            feed_uniforms(self.v_program, {
                "u_texsize": (h_tex.width, h_tex.height, 1.0 / h_tex.width, 1.0 / h_tex.height),
                "u_edge_darken": edge_darken if level == 0 else 0.0,
            })  # fmt: skip
            self.v_program["u_source"].value = 0
            v_target.use()
            self.v_vao.render(moderngl.TRIANGLES, vertices=3)
            out[f"blur{level + 1}"] = v_target.texture
            source = v_target.texture
        self.ctx.clear_samplers(0, 1)
        return out

    def release(self) -> None:
        for h_target, v_target in self.levels:
            h_target.release()
            v_target.release()
        self.levels = []
        for obj in (self.h_vao, self.v_vao, self.h_program, self.v_program, self.source_sampler):
            obj.release()
