"""The `phosphene` command: one argparse parser, one module per subcommand.

Plain ``phosphene`` opens the app. Each command module exposes ``register(subparsers)`` and sets
``func`` on its parser;
heavy imports (GL, Qt, numpy) happen inside the command, so ``phosphene --help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Subcommand modules, in the order `phosphene --help` lists them.
COMMAND_MODULES = (
    "app.cli.check",
    "app.cli.eel_cmd",
    "app.cli.venue",
    "app.cli.render",
    "app.cli.bench",
    "app.cli.app_cmd",
    "app.cli.compel",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phosphene",
        description="Phosphene: live MilkDrop-style visuals, a local concert venue, and offline rendering.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:  # plain `phosphene` opens the app, as `phosphene app` does
        args = parser.parse_args(["app", *(argv or [])])
        func = args.func
    code = func(args)
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
