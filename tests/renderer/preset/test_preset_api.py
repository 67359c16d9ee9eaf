"""The package's public surface and its layering (no GL, no Qt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import renderer.preset as preset_pkg

REPO = Path(__file__).resolve().parents[3]


def test_exported_members_are_exactly_all():
    public = {name for name in dir(preset_pkg) if not name.startswith("_")}
    modules = {"code_blocks", "custom", "diagnostics", "errors", "loader", "md2_order", "milk_file", "settings", "state"}
    assert public - modules == set(preset_pkg.__all__)
    for name in ("load_preset", "parse_preset", "Preset", "CodeBlock", "WaveSettings", "ShapeSettings",
                 "Diagnostic", "PresetLoadError"):  # fmt: skip
        assert name in preset_pkg.__all__


def test_block_kinds_are_the_contracts():
    expected = ["per_frame_init", "per_frame", "per_pixel"]
    expected += [f"wave_{i}_{part}" for i in range(4) for part in ("init", "per_frame", "per_point")]
    expected += [f"shape_{i}_{part}" for i in range(4) for part in ("init", "per_frame")]
    assert list(preset_pkg.BLOCK_KINDS) == expected


def test_code_block_source_is_eels_joined_source():
    from eel.source import JoinedSource, join_lines

    preset = preset_pkg.parse_preset("wave_3_per_point1=x = 1\nwave_3_per_point2=2; // two\n")
    block = preset.code["wave_3_per_point"]
    assert isinstance(block.source, JoinedSource)
    assert block.source == join_lines(block.lines)
    assert block.source.text == "x = 12; "


def test_importing_the_package_pulls_in_neither_gl_nor_qt():
    code = "import sys, renderer.preset; print(sorted(m for m in ('moderngl', 'PySide6', 'glcontext') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
