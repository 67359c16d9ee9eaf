"""MilkDrop 2's Import read order, replayed to find which duplicate line it reads."""

from __future__ import annotations

import re

from renderer.preset import md2_order
from renderer.preset.code_blocks import BLOCK_PREFIXES
from renderer.preset.loader import _build
from renderer.preset.milk_file import MilkFile


def test_cursor_prefers_the_line_after_the_previous_hit():
    keys = ["zoom", "per_frame_1", "per_frame_2", "rot", "per_frame_1", "per_frame_2", "per_frame_3"]
    values = ["1", "a", "b", "0", "A", "B", "C"]
    chosen = md2_order.milkdrop2_choices(keys, values)
    # zoom, then rot (index 3) are read in the motion section, leaving the cursor on index 4, so
    # per_frame_1..3 come from the second run although the first per_frame_1 is at index 1.
    assert chosen["zoom"] == 0 and chosen["rot"] == 3
    assert [chosen[f"per_frame_{n}"] for n in (1, 2, 3)] == [4, 5, 6]


def test_version_decides_which_psversion_keys_are_read():
    keys = ["MILKDROP_PRESET_VERSION", "PSVERSION", "PSVERSION_WARP", "PSVERSION_COMP"]
    assert set(md2_order.milkdrop2_choices(keys, ["200", "3", "2", "2"])) == {keys[0], "PSVERSION"}
    assert set(md2_order.milkdrop2_choices(keys, ["201", "3", "2", "2"])) == {keys[0], *keys[2:]}
    assert set(md2_order.milkdrop2_choices(keys, ["100", "3", "2", "2"])) == {keys[0]}


def test_read_order_names_every_base_key_the_loader_reads():
    milk = MilkFile("")
    _build(milk, "probe", None)
    code_key = re.compile("^(" + "|".join(map(re.escape, [*BLOCK_PREFIXES.values(), "warp_", "comp_"])) + r")\d+$")
    base_keys = {k for k in milk.used if not code_key.match(k)}
    listed = set(md2_order.GENERAL_KEYS) | set(md2_order.WAVE_KEYS) | set(md2_order.MOTION_KEYS)
    listed |= {f"wavecode_{i}_{k}" for i in range(4) for k in md2_order.WAVECODE_KEYS}
    listed |= {f"shapecode_{i}_{k}" for i in range(4) for k in md2_order.SHAPECODE_KEYS}
    listed |= {"MILKDROP_PRESET_VERSION", "PSVERSION", "PSVERSION_WARP", "PSVERSION_COMP"}
    not_md2 = {f"shapecode_{i}_image" for i in range(4)}  # read for other dialects, not by MilkDrop 2
    assert base_keys - not_md2 == listed
