"""The preset's EEL code blocks and shader texts, read from numbered lines.

Block kinds use MilkDrop's words: ``per_frame_init``, ``per_frame``, ``per_pixel``,
``wave_{i}_init``, ``wave_{i}_per_frame``, ``wave_{i}_per_point``, ``shape_{i}_init``,
``shape_{i}_per_frame`` (i = 0..3). Their keys are ``per_frame_1``... but ``wave_0_per_point1``
(no underscore before the number in the wave/shape keys).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eel.source import JoinedSource, join_lines

from .custom import MAX_CUSTOM_SHAPES, MAX_CUSTOM_WAVES
from .diagnostics import WARNING, Diagnostic
from .milk_file import MilkFile


def _block_prefixes() -> dict[str, str]:
    prefixes = {"per_frame_init": "per_frame_init_", "per_frame": "per_frame_", "per_pixel": "per_pixel_"}
    for i in range(MAX_CUSTOM_WAVES):
        for part in ("init", "per_frame", "per_point"):
            prefixes[f"wave_{i}_{part}"] = f"wave_{i}_{part}"
    for i in range(MAX_CUSTOM_SHAPES):
        for part in ("init", "per_frame"):
            prefixes[f"shape_{i}_{part}"] = f"shape_{i}_{part}"
    return prefixes


BLOCK_PREFIXES: dict[str, str] = _block_prefixes()
"""Block kind -> key prefix of its numbered lines, in MilkDrop's reading order."""
BLOCK_KINDS: tuple[str, ...] = tuple(BLOCK_PREFIXES)
SHADER_PREFIXES = {"warp": "warp_", "comp": "comp_"}

# A line whose value starts with another code key, e.g. "per_frame_init_9=per_frame_1=//...".
_PASTED_KEY = re.compile(r"^\s*(per_frame_init_|per_frame_|per_pixel_|wave_\d_\w+?|shape_\d_\w+?)\d+=")


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """One block's lines (backtick stripped) and their MilkDrop-2-joined text for the EEL compiler.

    ``file_lines[i]`` is the line in the .milk file that held ``lines[i]``.
    """

    kind: str
    lines: tuple[str, ...]
    source: JoinedSource
    file_lines: tuple[int, ...] = ()


def read_code(milk: MilkFile) -> dict[str, CodeBlock]:
    """All code blocks that have at least one line (an empty ``per_frame_1=`` counts as a line)."""
    blocks: dict[str, CodeBlock] = {}
    for kind, prefix in BLOCK_PREFIXES.items():
        lines, numbers = milk.code_lines(prefix)
        if not lines:
            continue
        for n, (text, number) in enumerate(zip(lines, numbers), start=1):
            if _PASTED_KEY.match(text):
                milk.diagnostics.append(
                    Diagnostic(number, f"{prefix}{n}", "code line starts with another code key (pasted key?)", WARNING)
                )
        blocks[kind] = CodeBlock(kind, lines, join_lines(lines), numbers)
    return blocks


def read_shader_lines(milk: MilkFile, which: str) -> tuple[str, ...]:
    """The ``warp_N`` or ``comp_N`` lines (``which`` = "warp" / "comp"), backtick stripped."""
    lines, _numbers = milk.code_lines(SHADER_PREFIXES[which])
    return lines
