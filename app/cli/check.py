"""`phosphene check PATH...`: read and compile presets, one JSON line each, then `N passed, M failed`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "check",
        help="parse and compile presets, reporting every broken block",
        description=(
            "Parse each .milk preset (files or folders, recursively) and compile every EEL block with "
            "the backends the renderer uses. Prints one JSON line per preset, then 'N passed, M failed'. "
            "Exits 0 even when presets fail, unless --strict."
        ),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".milk files or folders")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any preset fails")
    parser.set_defaults(func=run)


def iter_presets(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() == ".milk" and p.is_file())
        else:
            yield path


def check_one(path: Path) -> dict[str, object]:
    from renderer.equations import compile_preset
    from renderer.preset import PresetLoadError, load_preset

    try:
        preset = load_preset(path)
    except PresetLoadError as exc:
        return {"preset": path.name, "ok": False, "blocks": 0, "errors": [{"block": "file", "line": 0, "col": 0, "message": str(exc)}]}
    compiled = compile_preset(preset)
    errors = [e.as_dict() for e in compiled.errors]
    return {"preset": preset.name, "ok": not errors, "blocks": len(preset.code), "errors": errors}


def run(args: argparse.Namespace) -> int:
    passed = failed = 0
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"phosphene check: {path}: no such file or folder", file=sys.stderr)
    for path in iter_presets([p for p in args.paths if p.exists()]):
        result = check_one(path)
        print(json.dumps(result), flush=False)
        if result["ok"]:
            passed += 1
        else:
            failed += 1
    failed += len(missing)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if args.strict and failed else 0
