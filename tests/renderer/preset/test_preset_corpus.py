"""The whole working corpus (../shared/presets): every file loads, fast, and the feature counts
agree with the table in its SOURCES.md."""

from __future__ import annotations

import re
import time

import pytest

from renderer.preset import load_preset

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus(preset_corpus):
    files = sorted(preset_corpus.glob("*.milk"))
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    presets = [load_preset(f) for f in files]
    # CPU time: the machine is shared, and wall time would measure the neighbours too.
    elapsed = (time.process_time() - start_cpu, time.perf_counter() - start_wall)
    return files, presets, elapsed


@pytest.fixture(scope="module")
def expected_counts(preset_corpus):
    sources = preset_corpus / "SOURCES.md"
    if not sources.is_file():
        pytest.skip(f"no feature table at {sources}")
    counts = {}
    for match in re.finditer(r"^\| (.+?) \| (\d+) \|$", sources.read_text(encoding="utf-8"), re.M):
        counts[match.group(1)] = int(match.group(2))
    return counts


def test_all_files_load_within_five_seconds(corpus):
    files, presets, elapsed = corpus
    assert len(files) == 1000
    assert all(len(p.waves) == 4 and len(p.shapes) == 4 for p in presets)
    cpu_s, wall_s = elapsed
    assert cpu_s < 5.0, f"loading {len(files)} presets took {cpu_s:.2f} s of CPU ({wall_s:.2f} s wall)"
    assert wall_s < 20.0, f"loading {len(files)} presets took {wall_s:.2f} s wall"


def _has_text(preset, kind):
    block = preset.code.get(kind)
    return block is not None and block.source.text.strip() != ""


def _count(presets, predicate):
    return sum(1 for p in presets if predicate(p))


def _all_text(preset):
    """Every code and shader line (the corpus has its non-ASCII bytes only there, in comments)."""
    lines = [line for block in preset.code.values() for line in block.lines]
    return "\n".join([*lines, preset.warp_shader or "", preset.comp_shader or ""])


def _any_diag(preset, text):
    return any(text in d.message for d in preset.diagnostics)


FEATURES = {
    "MilkDrop 1.x style (no MILKDROP_PRESET_VERSION or < 200)": lambda p: p.version < 200,
    "MilkDrop 2.x with warp and comp shader": lambda p: p.warp_shader is not None and p.comp_shader is not None,
    "non-empty per_pixel code": lambda p: _has_text(p, "per_pixel"),
    "custom wave enabled": lambda p: any(w.enabled for w in p.waves),
    "custom wave per_point code present": lambda p: any(_has_text(p, f"wave_{i}_per_point") for i in range(4)),
    "custom shape enabled": lambda p: any(s.enabled for s in p.shapes),
    "shape with num_inst > 1": lambda p: any(s.enabled and s.num_inst > 1 for s in p.shapes),
    "version >= 200 but no warp shader": lambda p: p.version >= 200 and p.warp_shader is None,
    "stray CR not followed by LF": lambda p: _any_diag(p, "lone CR"),
    "duplicate keys with different values": lambda p: _any_diag(p, "duplicate key"),
    "numbering gap in a code block": lambda p: _any_diag(p, "numbering gap"),
    "lines without key/value delimiter": lambda p: _any_diag(p, "; ignored: "),
    "keys for wave/shape index 4 (non-MilkDrop-2 dialect)": lambda p: _any_diag(p, "dialect)"),
    "bytes >= 0x80 (Latin-1)": lambda p: any(ord(ch) >= 0x80 for ch in _all_text(p)),
}


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_feature_counts_match_sources_table(corpus, expected_counts, feature):
    _files, presets, _elapsed = corpus
    want = expected_counts[feature]
    got = _count(presets, FEATURES[feature])
    assert abs(got - want) <= max(1, want // 100), f"{feature}: {got} files, SOURCES.md says {want}"


def test_crlf_files_read_like_the_others(corpus):
    files, presets, _elapsed = corpus
    crlf = [p for f, p in zip(files, presets) if b"\r\n" in f.read_bytes()]
    assert len(crlf) == 73
    assert all("\r" not in ln for p in crlf for b in p.code.values() for ln in b.lines)
    assert sum(1 for p in crlf if p.code) >= 70


def test_no_corpus_file_has_errors_and_no_key_is_left_unexplained(corpus):
    _files, presets, _elapsed = corpus
    errors = [(p.name, str(d)) for p in presets for d in p.diagnostics if d.severity == "error"]
    assert errors == []
    unknown = {d.key for p in presets for d in p.diagnostics if d.message == "unknown key; ignored"}
    assert unknown == set()


def test_milkdrop2_duplicate_rule_changes_only_the_shadowed_code_lines(preset_corpus, corpus):
    files, presets, _elapsed = corpus
    disagree = [(f, p) for f, p in zip(files, presets) if _any_diag(p, "MilkDrop 2 reads this key")]
    assert len(disagree) == 3  # the BrainStain-style "per_frame_8 " shadow files
    for f, md2 in disagree:  # MilkDrop 2's rule is the default
        first = load_preset(f, duplicates="first")
        assert first.code["per_frame"].lines[7] == ""
        assert md2.code["per_frame"].lines[7].startswith("zoom=")
        assert md2.base_vars() == first.base_vars()
