"""Errors of the preset package.

``PresetLoadError`` is the only one: a file that cannot be read at all, or (raised by whoever
compiles a preset's code) a block that does not compile, re-raised with the preset and block.
Bad *content* never raises; it becomes a :class:`~renderer.preset.diagnostics.Diagnostic`.
"""

from __future__ import annotations

import os


class PresetLoadError(Exception):
    """``path``: the preset file; ``block``: the code block at fault (e.g. ``per_frame``), or None."""

    def __init__(self, path: str | os.PathLike | None, reason: str, block: str | None = None) -> None:
        self.path = path
        self.block = block
        self.reason = reason
        where = str(path) if path is not None else "<preset>"
        if block:
            where = f"{where} [{block}]"
        super().__init__(f"{where}: {reason}")
