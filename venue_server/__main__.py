"""`python -m venue_server serve [--host 127.0.0.1] [--port 2328] [--data DIR] [--database-url URL] [--dev]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from venue_server.config import DEFAULT_PORT, VenueConfig, default_data_dir


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--data", type=Path, default=None, help=f"data folder (default {default_data_dir()})")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL instead of the SQLite file in the data folder")
    parser.add_argument("--dev", action="store_true", help="dev mode: stream speeds up to 50")
    parser.add_argument("--no-seed", action="store_true", help="do not seed the demo concert")
    parser.add_argument("--log-level", default="warning")


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from venue_server.app import create_app

    config = VenueConfig(
        data_dir=args.data or default_data_dir(), database_url=args.database_url, dev=args.dev, host=args.host, port=args.port,
        seed_demo=not args.no_seed, tune_gc=True,
    )  # fmt: skip
    config.data_dir.mkdir(parents=True, exist_ok=True)
    uvicorn.run(
        create_app(config), host=args.host, port=args.port, log_level=args.log_level, access_log=False,
        timeout_graceful_shutdown=3, backlog=4096,
    )  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m venue_server")
    sub = parser.add_subparsers(dest="command", required=True)
    add_serve_arguments(sub.add_parser("serve", help="run the venue server"))
    args = parser.parse_args(argv)
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
