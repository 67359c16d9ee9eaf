"""Argument types the commands share."""

from __future__ import annotations

import argparse


def size_argument(text: str) -> tuple[int, int]:
    """``WIDTHxHEIGHT`` (e.g. ``1280x720``), each side 16..8192."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, not {text!r}") from None
    if w < 16 or h < 16 or w > 8192 or h > 8192:
        raise argparse.ArgumentTypeError(f"size {w}x{h} is outside 16..8192")
    return w, h
