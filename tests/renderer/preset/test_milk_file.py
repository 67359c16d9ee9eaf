"""The key/value reader: line ends, keys, first-occurrence rule, C-like numbers, code lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renderer.preset.milk_file import MAX_BIGSTRING_LEN, MilkFile, parse_c_float, parse_c_int


def test_lines_split_on_crlf_lf_and_lone_cr_alike():
    for sep in ("\n", "\r\n", "\r"):
        milk = MilkFile(sep.join(["[preset00]", "a=1", "", "b=2", "c=3"]) + sep)
        assert {k: e.value for k, e in milk.entries.items()} == {"a": "1", "b": "2", "c": "3"}
        assert [e.line for e in milk.entries.values()] == [2, 4, 5]


def test_key_ends_at_first_equals_or_space_and_value_is_not_trimmed():
    milk = MilkFile("value_with_space 123\nk=v = w \nx==1\nzoom = zoom + 1\n")
    assert milk.get_str("value_with_space") == "123"
    assert milk.get_str("k") == "v = w "
    assert milk.get_str("x") == "=1"
    assert milk.get_str("zoom") == "= zoom + 1"


def test_first_occurrence_wins_and_only_differing_duplicates_are_reported():
    milk = MilkFile("a=1\na=1\nb=1\nb=2\n")
    assert milk.get_int("b", 0) == 1
    assert [(d.line, d.key) for d in milk.diagnostics] == [(4, "b")]
    assert "line 3" in milk.diagnostics[0].message


def test_keys_are_case_sensitive_like_milkdrop2():
    milk = MilkFile("fwarpScale=2\n")
    assert milk.get_float("fWarpScale", 1.0) == 1.0


def test_latin1_bytes_decode_losslessly():
    milk = MilkFile.from_bytes(b"c=caf\xe9 \xff\n")
    assert milk.get_str("c") == "caf\u00e9 \u00ff"


@pytest.mark.parametrize(
    ("text", "value", "rest"),
    [("1.7", 1, ".7"), (" 12", 12, ""), ("-3x", -3, "x"), ("+4", 4, ""), ("3 // c", 3, " // c"),
     ("x1", None, "x1"), ("", None, ""), ("99999999999", 2**31 - 1, "")],
)
def test_parse_c_int_is_sscanf_d(text, value, rest):
    assert parse_c_int(text) == (value, rest)


@pytest.mark.parametrize(
    ("text", "value", "rest"),
    [("0.500 pounds", 0.5, " pounds"), (".5", 0.5, ""), ("5.", 5.0, ""), ("-1e-2x", -0.01, "x"),
     ("1e", 1.0, "e"), ("  +2.25", 2.25, ""), ("junk", None, "junk"), (".", None, "."), ("nan", None, "nan")],
)
def test_parse_c_float_is_sscanf_f(text, value, rest):
    assert parse_c_float(text) == (value, rest)


@given(st.floats(allow_nan=False, allow_infinity=False, width=32), st.text(alphabet=" xyz/;", max_size=5))
def test_parse_c_float_reads_any_printed_float_back(number, junk):
    printed = f"{number:.6e}"
    value, _rest = parse_c_float(printed + junk)
    assert value == float(printed)


def test_getters_fall_back_on_missing_and_unparsable_values():
    milk = MilkFile("i=abc\nf=\nb=-1\nz=0.9\n")
    assert milk.get_int("i", 7) == 7
    assert milk.get_float("f", 2.5) == 2.5
    assert milk.get_bool("b", False) is True  # MilkDrop 2: int != 0
    assert milk.get_bool("z", True) is False  # "%d" of 0.9 is 0
    assert milk.get_int("missing", 5) == 5
    assert sorted(d.key for d in milk.diagnostics if d.severity == "warning") == ["f", "i"]


def test_code_lines_stop_at_first_gap_and_strip_one_backtick():
    milk = MilkFile("p1=`a\np2=``b\np3=\np5=e\n")
    lines, numbers = milk.code_lines("p")
    assert lines == ("a", "`b", "")
    assert numbers == (1, 2, 3)
    gap = [d for d in milk.diagnostics if "gap" in d.message]
    assert len(gap) == 1 and gap[0].key == "p5" and gap[0].line == 4
    assert "p5" not in milk.unused_keys()


def test_code_lines_stop_at_milkdrops_block_size_limit():
    chunk = "x" * 10000
    milk = MilkFile("".join(f"per_frame_{i}={chunk}\n" for i in range(1, 6)))
    lines, _ = milk.code_lines("per_frame_")
    assert len(lines) == 3  # a 4th line would pass 32,768 chars
    assert sum(len(line) + 1 for line in lines) < MAX_BIGSTRING_LEN
    assert [d.severity for d in milk.diagnostics] == ["error"]


def test_unused_keys_are_those_no_getter_asked_for():
    milk = MilkFile("a=1\nb=2\nc=3\n")
    milk.get_int("b", 0)
    assert milk.unused_keys() == ["a", "c"]


def test_byte_order_mark_is_kept_in_the_first_key_like_milkdrop2():
    milk = MilkFile.from_bytes(b"\xef\xbb\xbfMILKDROP_PRESET_VERSION=201\nzoom=2\n")
    assert milk.get_int("MILKDROP_PRESET_VERSION", 100) == 100
    assert milk.get_float("zoom", 1.0) == 2.0
    assert [(d.line, d.severity) for d in milk.diagnostics] == [(1, "warning")]
    assert "byte-order mark" in milk.diagnostics[0].message
