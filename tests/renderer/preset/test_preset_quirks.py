"""Every quirk of milk-format.md §8, each with a small hand-made fixture in tests/data/milk/."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renderer.preset import PresetLoadError, load_preset, parse_preset

DATA = Path(__file__).resolve().parents[2] / "data" / "milk"


def load(name: str):
    return load_preset(DATA / name)


def messages(preset, severity=None):
    return [d.message for d in preset.diagnostics if severity is None or d.severity == severity]


def test_empty_file_loads_with_defaults_and_one_error():
    preset = load("empty.milk")
    assert preset.name == "empty" and preset.path == DATA / "empty.milk"
    assert preset.version == 100 and preset.code == {} and preset.warp_shader is None
    assert messages(preset) == ["file is empty"]
    assert preset.diagnostics[0].severity == "error"


def test_crlf_file_reads_like_lf():
    preset = load("crlf.milk")
    assert (DATA / "crlf.milk").read_bytes().count(b"\r\n") == 13
    assert preset.feedback.decay == 0.9
    assert preset.code["per_frame"].lines == ("rot = 0.1;", "zoom = 1.02;")
    assert preset.warp_shader == "shader_body\n{\n  ret = tex2D(sampler_main, uv).xyz;\n}"
    assert "\r" not in preset.warp_shader
    assert preset.diagnostics == []


def test_lone_cr_counts_as_line_end_and_is_noted():
    preset = load("lone_cr.milk")
    assert preset.feedback.decay == 0.95 and preset.composite.gamma == 1.5
    assert preset.code["per_frame"].lines == ("a = 1;", "b = 2;")
    assert [d.severity for d in preset.diagnostics] == ["info"]
    assert "lone CR" in preset.diagnostics[0].message


def test_latin1_bytes_survive_in_comments():
    preset = load("latin1.milk")
    assert preset.code["per_frame"].lines[0] == "// the m\u00f6bius transformation"
    assert preset.code["per_frame"].source.text == "zoom = 1.01;"
    assert preset.diagnostics == []


def test_repeated_key_first_occurrence_wins():
    preset = load("repeated_key.milk")
    assert preset.rating == 4.0
    assert preset.code["per_frame"].lines == ("a = 1;", "b = 2;")
    dup = [(d.line, d.key) for d in preset.diagnostics if "duplicate" in d.message]
    assert dup == [(4, "fRating"), (8, "per_frame_2")]  # the identical fDecay repeat is not reported


def test_numbering_gap_drops_later_lines():
    preset = load("numbering_gap.milk")
    assert preset.code["per_frame"].lines == ("a = 1;", "b = 2;", "c = 3;")
    (gap,) = [d for d in preset.diagnostics if "gap" in d.message]
    assert gap.key == "per_frame_5" and gap.line == 5 and gap.severity == "warning"
    assert "2 later line(s)" in gap.message
    assert not [d for d in preset.diagnostics if "unknown" in d.message]


def test_space_delimited_empty_value_shadows_later_real_line():
    preset = load("space_delimited.milk")
    assert preset.feedback.decay == 0.9  # "fDecay 0.900"
    assert preset.code["per_frame"].lines == ("a = 1;", "", "c = 3;")
    assert any(d.key == "per_frame_2" and "duplicate" in d.message for d in preset.diagnostics)


def test_garbage_lines_bare_code_and_commented_keys_are_ignored():
    preset = load("garbage_lines.milk")
    assert preset.motion.zoom == 1.0 and preset.motion.rot == 0.0
    assert preset.feedback.decay == 0.98  # " fDecay=0.5" starts with a space: no key
    assert preset.code["per_frame"].lines == ("zoom = zoom * 1.01;",)
    by_key = {d.key: d for d in preset.diagnostics}
    assert by_key["wavecode_0_"].severity == "warning" and by_key["wavecode_0_"].line == 4
    assert sum("no key" in m for m in messages(preset)) == 2  # "=1" and " fDecay=0.5"
    assert "duplicate" in by_key["zoom"].message and by_key["zoom"].line == 9
    assert "commented-out" in by_key["//rot"].message
    assert by_key["q2"].severity == "info" and "unknown" in by_key["q2"].message
    assert not any(d.key.startswith("[preset00]") for d in preset.diagnostics)


def test_five_wave_dialect_keys_are_reported_once_per_slot_and_ignored():
    preset = load("five_waves.milk")
    assert len(preset.waves) == 4 and len(preset.shapes) == 4
    assert preset.waves[0].enabled and not any(s.enabled for s in preset.shapes)
    assert not any(kind.startswith(("wave_4", "shape_4")) for kind in preset.code)
    slots = [d for d in preset.diagnostics if "dialect)" in d.message]
    assert [(d.key, d.severity) for d in slots] == [("wavecode_4_enabled", "warning"), ("shapecode_4_enabled", "warning")]
    assert "3 key(s) for custom wave 4" in slots[0].message
    assert "4 key(s) for custom shape 4" in slots[1].message
    foreign = {d.key for d in preset.diagnostics if "non-MilkDrop-2 dialect" in d.message}
    assert foreign == {"nWrapMode_x", "nEchoWrap_y", "wavecode_0_bDrawBack", "shapecode_3_x_wrap_mode"}


def test_key_case_variants_are_ignored_like_milkdrop2():
    preset = load("case_variants.milk")
    assert preset.comp_ps_version == 2  # PSVERSION_comp is not PSVERSION_COMP
    assert preset.motion.warp_scale == 1.0 and preset.motion.warp_anim_speed == 1.5
    case = {d.key: d.message for d in preset.diagnostics if "case" in d.message}
    assert set(case) == {"PSVERSION_comp", "fwarpScale"}
    assert "fWarpScale" in case["fwarpScale"]


def test_numbers_use_c_prefix_parsing():
    preset = load("numbers.milk")
    assert preset.basic_wave.mode == 1  # "1.7" read with %d
    assert preset.feedback.decay == 0.5  # "0.500 pounds"
    assert preset.composite.gamma == 2.0  # "junk" -> default
    assert preset.echo.orientation == 3 and preset.echo.alpha == 0.0
    assert preset.composite.brighten is True and preset.composite.darken is False
    assert preset.basic_wave.scale == 3.0 and preset.basic_wave.mystery == 0.01
    assert preset.motion.zoom == 0.5 and preset.motion.rot == 0.25
    assert preset.waves[0].samples == 100
    warned = {d.key for d in preset.diagnostics if d.severity == "warning"}
    assert warned == {"fGammaAdj", "fVideoEchoAlpha"}
    noted = {d.key for d in preset.diagnostics if d.severity == "info"}
    assert {"fDecay", "fWaveScale", "wavecode_0_samples", "nWaveMode", "bDarken"} <= noted


def test_code_lines_are_glued_without_separator_after_comment_stripping():
    block = load("split_token.milk").code["per_frame"]
    assert block.lines == ("zoom = 1 + 0.01*bass/1", "99; // ends the number", "\\\\ backslash comment", "rot = 0.1;")
    assert block.source.text == "zoom = 1 + 0.01*bass/199; rot = 0.1;"
    assert block.source.position(block.source.text.index("rot")) == (4, 1)
    assert block.file_lines == (2, 3, 4, 5) and block.kind == "per_frame"


def test_key_pasted_into_code_is_flagged():
    preset = load("pasted_key.milk")
    assert preset.code["per_frame_init"].lines == ("q1 = 0;", "per_frame_1=//thanks")
    assert [(d.key, d.line) for d in preset.diagnostics if "pasted" in d.message] == [("per_frame_init_2", 3)]


def test_nul_byte_is_an_error_but_the_rest_still_loads():
    preset = load("nullbyte.milk")
    assert preset.motion.zoom == 1.0
    assert any("NUL" in d.message and d.severity == "error" for d in preset.diagnostics)


def test_unreadable_file_raises_preset_load_error(tmp_path):
    missing = tmp_path / "nope.milk"
    with pytest.raises(PresetLoadError) as info:
        load_preset(missing)
    assert info.value.path == missing and "nope.milk" in str(info.value)
    with pytest.raises(PresetLoadError):
        load_preset(tmp_path)  # a directory


def test_parse_preset_accepts_str_and_never_raises():
    preset = parse_preset("zoom=1.5\nper_frame_1=x=1;\n", name="inline")
    assert preset.name == "inline" and preset.path is None and preset.motion.zoom == 1.5
    for junk in (b"\xff\xfe\x00\x01", "=\n=\n \n", "[preset00]", "a" * 5000, "\r\r\r\n\n"):
        assert parse_preset(junk).waves[3].index == 3


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "per_frame_1=x=1;", "per_frame_3=y", "zoom=", "zoom 2", "=", " ", "\r", "\n", "\r\n", "`", "wave_0_per_point2=`a",
    "MILKDROP_PRESET_VERSION=200", "PSVERSION=9", "warp_1=`b", "comp_2=c", "shapecode_4_x=1", "nWaveMode=x",
    "[preset00]", "\x00", "\xff", "q1=", "mv_a=-1e999",
]), max_size=30))  # fmt: skip
def test_parse_preset_never_raises_on_line_soup(parts):
    preset = parse_preset("".join(parts))
    assert len(preset.waves) == 4 and len(preset.base_vars()) == 59
    assert all(block.lines for block in preset.code.values())


@given(st.binary(max_size=300))
def test_parse_preset_never_raises_on_bytes(data):
    parse_preset(data)


def test_milkdrop2_reads_the_duplicate_that_follows_the_previous_key():
    first = load_preset(DATA / "md2_duplicates.milk", duplicates="first")
    md2 = load_preset(DATA / "md2_duplicates.milk")  # MilkDrop 2's rule is the default
    assert first.code["per_frame"].lines == ("a = 1;", "", "c = 3;")  # projectM: the empty line 4 shadows
    assert md2.code["per_frame"].lines == ("a = 1;", "b = 2;", "c = 3;")  # MilkDrop 2: line 8 follows line 7
    for preset in (first, md2):  # both rules agree where the duplicate does not follow the previous key
        assert preset.motion.zoom == 1.0 and not preset.waves[0].enabled
        notes = {(d.line, d.key): d.message for d in preset.diagnostics}
        assert set(notes) == {(4 if preset is md2 else 8, "per_frame_2"), (6, "wavecode_0_enabled"), (10, "zoom")}
    (note,) = [d.message for d in first.diagnostics if d.key == "per_frame_2"]
    assert "MilkDrop 2 reads this key from line 8" in note and "projectM from line 4" in note
    assert note.endswith("line 4 is used")
    assert [d.message for d in md2.diagnostics if d.key == "per_frame_2"][0].endswith("line 8 is used")


def test_unknown_duplicate_rule_is_a_caller_error():
    with pytest.raises(ValueError):
        parse_preset("", duplicates="last")


def test_very_long_code_line_is_kept_whole():
    line = "x = x + 1;" * 160  # 1,600 chars, like the longest lines in the corpus
    preset = parse_preset(f"per_frame_1={line}\nper_frame_2=y = 2;\n")
    assert preset.code["per_frame"].lines == (line, "y = 2;")
    assert preset.diagnostics == []
