"""`phosphene venue serve`: run the bundled local AI Concert Venue server."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("venue", help="the local AI Concert Venue server")
    inner = parser.add_subparsers(dest="venue_command", metavar="ACTION", required=True)
    serve = inner.add_parser("serve", help="serve the venue API (default http://127.0.0.1:2328)")
    from venue_server.__main__ import add_serve_arguments, serve as run_serve

    add_serve_arguments(serve)
    serve.set_defaults(func=run_serve)
