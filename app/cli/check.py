"""`phosphene check PATH...`: read, compile (and optionally render) presets; one JSON line each.

The last line is ``N passed, M failed``. A preset passes when every EEL block compiles, both
shaders translate and link (when a GL context can be had), and, with ``--render N``, its frames
show no GL error, no NaN and no degenerate (uniformly black or white) image.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_CHECK_AUDIO = Path(__file__).resolve().parents[2] / "assets" / "music" / "phosphene-first-light.ogg"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "check",
        help="parse, compile and translate presets, reporting every broken block and shader",
        description=(
            "Parse each .milk preset (files or folders, recursively), compile every EEL block with the "
            "backends the renderer uses, translate both HLSL shaders and link them on a headless GL "
            "context. Prints one JSON line per preset, then 'N passed, M failed'. Exits 0 even when "
            "presets fail, unless --strict."
        ),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".milk files or folders")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any preset fails")
    parser.add_argument("--render", type=int, default=0, metavar="N", help="also render N frames of each preset headless")
    parser.add_argument("--size", default="320x240", help="render size for --render (default 320x240)")
    parser.add_argument("--no-gl", action="store_true", help="skip shader linking and rendering (no GL context)")
    parser.set_defaults(func=run)


def iter_presets(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() == ".milk" and p.is_file())
        else:
            yield path


class Checker:
    """Holds the GL context and audio shared by all presets of one check run."""

    def __init__(self, use_gl: bool, render_frames: int, size: tuple[int, int]) -> None:
        self.ctx = None
        self.gl_problem = ""
        self.render_frames = render_frames
        self.size = size
        self.audio = None
        if use_gl:
            from renderer.gl.context import create_headless_context

            try:
                self.ctx = create_headless_context()
            except RuntimeError as exc:
                self.gl_problem = str(exc)
        self.library = None
        if render_frames and self.ctx is not None:
            from renderer.audio.file_source import decode_audio
            from renderer.textures.library import TextureLibrary

            self.audio = decode_audio(DEFAULT_CHECK_AUDIO)
            self.library = TextureLibrary(self.ctx, seed=0)  # noise generation is shared by all presets

    def check(self, path: Path) -> dict[str, Any]:
        from renderer.equations import compile_preset
        from renderer.preset import PresetLoadError, load_preset

        try:
            preset = load_preset(path)
        except PresetLoadError as exc:
            return {"preset": path.name, "ok": False, "blocks": 0,
                    "errors": [{"block": "file", "line": 0, "col": 0, "message": str(exc)}]}  # fmt: skip
        compiled = compile_preset(preset)
        result: dict[str, Any] = {
            "preset": preset.name, "ok": True, "blocks": len(preset.code),
            "errors": [e.as_dict() for e in compiled.errors],
        }  # fmt: skip
        if self.ctx is not None:
            from renderer.hlsl import check_preset_shaders

            shaders = check_preset_shaders(preset, self.ctx)
            result["shaders"] = shaders
            if self.render_frames:
                result["render"] = self.render(preset)
        elif self.gl_problem:
            result["shaders"] = {"warp": "unchecked", "comp": "unchecked", "errors": [{"message": self.gl_problem}]}
        result["ok"] = (
            not result["errors"]
            and "failed" not in (result.get("shaders", {}).get("warp"), result.get("shaders", {}).get("comp"))
            and result.get("render", {}).get("ok", True)
        )
        return result

    def render(self, preset) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        import numpy as np

        from renderer.audio.analysis import AudioAnalyzer
        from renderer.show import Show, prepare_preset

        assert self.ctx is not None and self.audio is not None
        problems: list[str] = []
        notes: list[str] = []
        fps = 30.0
        show = Show(self.ctx, self.size, seed=0, library=self.library)
        try:
            show.set_preset(prepare_preset(preset))
            analyzer = AudioAnalyzer(self.audio.sample_rate)
            nan_frames = 0
            for frame in range(self.render_frames):
                audio = analyzer.analyze(self.audio.frame_slice(frame + 300, fps), fps)
                show.render(1.0 / fps, audio)
                nan_frames += 0 if show.current is None or _finite(show.current.runtime.frame_ctx.vars) else 1
            error = self.ctx.error
            if error != "GL_NO_ERROR":
                problems.append(f"GL error {error}")
            if nan_frames:
                problems.append(f"NaN or inf in the equations' output on {nan_frames} frames (sanitized before the GPU)")
            image = show.read_output().astype(np.float32)
            mean, spread = float(image.mean()), float(image.std())
            drawn = show.current.renderer.feedback.target.read_rgba()[..., :3].astype(np.float32) if show.current else image
            if spread < 0.5 and (mean < 2.0 or mean > 253.0):
                # Uniform output is a defect when the preset drew something (its feedback image has
                # content) and MilkDrop's fixed composite lost it. A preset whose own image is still
                # blank after N frames (waiting for a beat), or whose own comp shader saturates or
                # blacks the picture out (Butterchurn shows the same), is reported but passes.
                what = "uniformly " + ("black" if mean < 2.0 else "white") + " image"
                comp_shader = show.current is not None and show.current.prepared.shaders.comp is not None
                frame_vars = show.current.runtime.frame_ctx.vars if show.current else {}
                if float(drawn.std()) < 0.5:
                    notes.append(what + f": the preset drew nothing visible in {self.render_frames} frames")
                elif comp_shader:
                    notes.append(what + ": the preset's comp shader maps its picture to one color")
                elif float(_fixed_composite(drawn / 255.0, frame_vars).std() * 255.0) < 0.5:
                    notes.append(what + ": MilkDrop's composite (gamma, brighten, darken, solarize, invert) saturates this picture")
                else:
                    problems.append(what + " although the composite of the preset's feedback image has content")
            shader_errors = [e for e in show.reports[-1]["errors"] if "did not link" in str(e.get("message", ""))]
            problems += [f"{e['shader']}: {e['message']}" for e in shader_errors]
        finally:
            show.release()
        return {"ok": not problems, "frames": self.render_frames, "problems": problems, "notes": notes,
                "mean": round(mean, 2), "std": round(spread, 2)}  # fmt: skip


def _fixed_composite(image, frame_vars):  # type: ignore[no-untyped-def]
    """What MilkDrop's fixed composite makes of ``image`` (0..1 RGB), echo and hue left out:
    enough to tell a preset that saturates its own picture from a renderer that lost it."""
    import numpy as np

    ret = np.clip(image * float(frame_vars.get("gamma", 2.0)), 0.0, 1.0)
    if frame_vars.get("brighten", 0.0):
        ret = np.sqrt(ret)
    if frame_vars.get("darken", 0.0):
        ret = ret * ret
    if frame_vars.get("solarize", 0.0):
        ret = ret * (1.0 - ret) * 4.0
    if frame_vars.get("invert", 0.0):
        ret = 1.0 - ret
    return ret


def _finite(values: dict[str, float]) -> bool:
    for value in values.values():
        if not math.isfinite(value):
            return False
    return True


def run(args: argparse.Namespace) -> int:
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        print(f"phosphene check: --size must look like 320x240, not {args.size!r}", file=sys.stderr)
        return 2
    checker = Checker(not args.no_gl, args.render, (w, h))
    passed = failed = 0
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"phosphene check: {path}: no such file or folder", file=sys.stderr)
    eel_ok = with_shaders = shaders_ok = total = rendered_ok = 0
    for path in iter_presets([p for p in args.paths if p.exists()]):
        try:
            result = checker.check(path)
        except Exception as exc:  # the command's edge: one preset that breaks Phosphene is reported, the run goes on
            traceback.print_exc(file=sys.stderr)
            result = {"preset": path.stem, "ok": False, "blocks": 0,
                      "errors": [{"block": "phosphene", "line": 0, "col": 0, "message": f"internal error: {type(exc).__name__}: {exc}"}]}  # fmt: skip
        print(json.dumps(result))
        total += 1
        eel_ok += not result["errors"]
        shaders = result.get("shaders", {})
        if "ok" in (shaders.get("warp"), shaders.get("comp")) or "failed" in (shaders.get("warp"), shaders.get("comp")):
            with_shaders += 1
            shaders_ok += "failed" not in (shaders.get("warp"), shaders.get("comp"))
        rendered_ok += bool(result.get("render", {}).get("ok"))
        passed += bool(result["ok"])
        failed += not result["ok"]
    failed += len(missing)
    print(f"eel: {eel_ok}/{total} presets compile every block", file=sys.stderr)
    if checker.ctx is not None:
        print(f"shaders: {shaders_ok}/{with_shaders} presets with shaders translate and link", file=sys.stderr)
    elif checker.gl_problem:
        print(f"shaders: not linked ({checker.gl_problem})", file=sys.stderr)
    if args.render:
        print(f"render: {rendered_ok}/{total} presets render {args.render} frames cleanly", file=sys.stderr)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if args.strict and failed else 0
