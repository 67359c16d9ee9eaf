"""`phosphene compel pack|info`: build a .compel from audio + presets, or check and describe one."""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("compel", help="build or inspect .compel performance packages")
    inner = parser.add_subparsers(dest="compel_command", metavar="ACTION", required=True)
    pack = inner.add_parser("pack", help="analyse audio, choose a preset timeline, write a .compel",
                            description="Analyse each audio file with the venue's analysis, choose one preset per section "
                                        "(hard cuts on drops), and write audio, layers and presets into one .compel.")  # fmt: skip
    pack.add_argument("audio", nargs="+", type=Path, help="WAV/FLAC/OGG/MP3 files, played in this order")
    pack.add_argument("-o", "--out", type=Path, required=True, help="the .compel to write")
    pack.add_argument("--presets", type=Path, default=REPO / "assets" / "presets", help="folder of .milk presets (default assets/presets)")
    pack.add_argument("--title", default=None)
    pack.add_argument("--style", default=None, help="default: the timeline's most common style")
    pack.add_argument("--aspect-ratio", default="16:9")
    pack.add_argument("--platform", default="desktop", help="target platform: desktop, youtube, tiktok, instagram, projector")
    pack.add_argument("--blend", type=float, default=2.0, help="blend seconds for switches that are not on a drop")
    pack.set_defaults(func=run_pack)
    info = inner.add_parser("info", help="validate a .compel and print its manifest summary")
    info.add_argument("file", type=Path)
    info.set_defaults(func=run_info)


def run_pack(args: argparse.Namespace) -> int:
    from app.compel.format import CompelError
    from app.compel.pack import pack_compel

    try:
        manifest = pack_compel(args.audio, args.presets, args.out, args.title, args.style, args.aspect_ratio, args.platform, args.blend)
    except CompelError as exc:
        print(f"phosphene compel pack: {exc}")
        print("0 passed, 1 failed")
        return 1
    print(f"wrote {args.out.resolve()}: {len(manifest.tracks)} track(s), {manifest.duration:.1f} s, {len(manifest.timeline)} preset cue(s)")
    return 0


def run_info(args: argparse.Namespace) -> int:
    from app.compel.format import CompelError, read_compel

    try:
        package = read_compel(args.file)
    except CompelError as exc:
        print(f"{args.file}: invalid: {exc}")
        print("0 passed, 1 failed")
        return 1
    m = package.manifest
    print(f"{args.file}: {m.title!r}, style {m.style!r}, {m.aspect_ratio}, for {m.target_platform}, {m.duration:.1f} s")
    for track in m.tracks:
        print(f"  track {track.start:7.2f} s  {track.title} ({track.duration:.1f} s, {track.audio})")
    for cue in m.timeline:
        print(f"  cue   {cue.t:7.2f} s  {Path(cue.preset).stem} ({'cut' if cue.blend == 0 else f'blend {cue.blend:g} s'}) {cue.reason}")
    package.close()
    print("1 passed, 0 failed")
    return 0
