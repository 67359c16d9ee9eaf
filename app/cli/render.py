"""`phosphene render`: presets + audio -> an MP4 (H.264 + AAC) or a folder of PNG frames."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from app.cli.arguments import size_argument


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "render",
        help="render presets over an audio file to MP4 or PNG frames",
        description="Render a preset, a folder of presets, or a playlist (a text file of preset paths) "
        "over an audio file, offline, with the audio muxed in (H.264 + AAC). -o DIR/ writes PNG frames.",
    )
    parser.add_argument("source", type=Path, metavar="PRESET|FOLDER|PLAYLIST|FILE.compel")
    parser.add_argument("--audio", type=Path, default=None, metavar="FILE",
                        help="WAV/FLAC/OGG/MP3 soundtrack (a .compel brings its own)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.mp4|DIR/", help="an .mp4 file or a folder for PNGs")
    parser.add_argument("--size", type=size_argument, default=None,
                        help="output size, WxH (default 1280x720; a .compel: its aspect ratio, long side 1280)")
    parser.add_argument("--fps", type=int, default=30, help="frames per second (default 30)")
    parser.add_argument("--seconds", type=float, default=None, help="length (default: the audio's)")
    parser.add_argument("--seed", type=int, default=0, help="random seed; same seed, same frames")
    parser.add_argument("--switch-every", type=float, default=0.0, metavar="SECONDS", help="seconds per preset")
    parser.add_argument("--blend", type=float, default=2.0, metavar="SECONDS", help="blend time at switches (0 = hard cut)")
    parser.add_argument("--texsize", type=size_argument, default=None, help="internal feedback size (default: output size)")
    parser.set_defaults(func=run)


def preset_list(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if p.suffix.lower() == ".milk")
    if source.suffix.lower() == ".milk":
        return [source]
    lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines()]
    paths = [(source.parent / line) for line in lines if line and not line.startswith("#")]
    return [p for p in paths if p.suffix.lower() == ".milk"]


def run(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from renderer.gl.context import create_headless_context
    from renderer.offline import RenderSettings, render_offline

    if not args.source.exists():
        print(f"phosphene render: {args.source}: no such file or folder", file=sys.stderr)
        return 2
    is_compel = args.source.suffix.lower() == ".compel"
    if not is_compel and args.audio is None:
        print("phosphene render: --audio FILE is required (except for a .compel)", file=sys.stderr)
        return 2
    if not is_compel and not args.audio.is_file():
        print(f"phosphene render: --audio {args.audio}: no such file", file=sys.stderr)
        return 2
    presets = [] if is_compel else preset_list(args.source)
    if not is_compel and not presets:
        print(f"phosphene render: {args.source}: no .milk presets found", file=sys.stderr)
        return 2
    settings = RenderSettings(size=args.size or (1280, 720), fps=args.fps, seconds=args.seconds, seed=args.seed,
                              switch_every=args.switch_every, blend_seconds=args.blend, texsize=args.texsize)  # fmt: skip
    ctx = create_headless_context()
    started = time.perf_counter()
    with Progress(TextColumn("rendering"), BarColumn(), TextColumn("{task.completed}/{task.total} frames"),
                  TimeRemainingColumn(), transient=False) as bar:  # fmt: skip
        task = bar.add_task("render", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        if is_compel:
            from app.compel.format import CompelError
            from app.compel.render import render_compel

            try:
                result = render_compel(args.source, args.output, settings, ctx, progress, size_given=args.size is not None)
            except CompelError as exc:
                print(f"phosphene render: {args.source}: {exc}", file=sys.stderr)
                return 2
        else:
            result = render_offline(presets, args.audio, args.output, settings, ctx, progress)
    wall = time.perf_counter() - started
    for report in result.reports:
        for error in report["errors"]:
            print(f"{report['preset']}: {error}", file=sys.stderr)
    print(f"wrote {result.output}: {result.frames} frames, {result.seconds:.1f} s of video in {wall:.1f} s "
          f"({result.seconds / wall:.2f}x real time)")
    return 0
