"""`phosphene app` (the desktop app) and `phosphene play FILE` (open a .compel, audio file or preset)."""

from __future__ import annotations

import argparse
from pathlib import Path


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exit-after", type=float, default=None, metavar="SECONDS", help="quit after this many seconds")
    parser.add_argument("--screenshot", type=Path, default=None, metavar="PATH", help="save a PNG of the window before quitting")
    parser.add_argument("--record", type=Path, default=None, metavar="PATH", help="save a 3 s MP4 of the visuals before quitting")
    parser.add_argument("--venue", default=None, metavar="URL", help="venue URL (default http://127.0.0.1:2328, started if nothing answers)")
    parser.add_argument("--no-server", action="store_true", help="do not start the bundled venue server")
    parser.add_argument("--venue-data", type=Path, default=None, metavar="DIR", help="data folder for a bundled server started here")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    app = subparsers.add_parser("app", help="open the Phosphene desktop app", description=(
        "Open the app: visualizer, preset browser, performer keys and venue mode. On a machine without a display "
        "it starts Xvfb itself. --demo plays the demo concert from the bundled venue server."))  # fmt: skip
    app.add_argument("--demo", action="store_true", help="attend and play the demo concert of the bundled venue")
    app.add_argument("--speed", type=float, default=1.0, help="stream speed for venue concerts (1 = real time)")
    _common(app)
    app.set_defaults(func=run_app)
    play = subparsers.add_parser("play", help="open a .compel, audio file or .milk preset in the app")
    play.add_argument("file", type=Path)
    _common(play)
    play.set_defaults(func=run_play, no_server=True)


def _options(args: argparse.Namespace, **extra: object):  # type: ignore[no-untyped-def]
    from app.main import AppOptions

    return AppOptions(
        exit_after=args.exit_after, screenshot=args.screenshot, record=args.record, venue_url=args.venue,
        no_server=args.no_server, venue_data=args.venue_data, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def run_app(args: argparse.Namespace) -> int:
    from app.main import run

    return run(_options(args, demo=args.demo, speed=args.speed))


def run_play(args: argparse.Namespace) -> int:
    from app.main import run

    if not args.file.exists():
        print(f"phosphene play: {args.file}: no such file")
        return 2
    return run(_options(args, open_path=args.file))
