"""The .compel format: pack from real audio and presets, read back, validation naming the field,
and playback in the app with the timeline following the playback clock."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.compel.format import CompelError, read_compel, write_compel
from app.compel.pack import pack_compel

from .conftest import needs_display

REPO = Path(__file__).resolve().parents[2]
TRACK = REPO / "assets" / "music" / "phosphene-first-light.ogg"
PRESETS = REPO / "assets" / "presets"


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compel") / "first-light.compel"
    pack_compel([TRACK], PRESETS, out, title="First Light", aspect_ratio="16:9", target_platform="youtube")
    return out


def test_pack_and_read_back(packed: Path) -> None:
    package = read_compel(packed)
    m = package.manifest
    assert (m.title, m.aspect_ratio, m.target_platform, m.version) == ("First Light", "16:9", "youtube", 1)
    assert len(m.tracks) == 1 and m.tracks[0].duration == pytest.approx(24.0, abs=0.1)
    assert package.read(m.tracks[0].audio) == TRACK.read_bytes()
    layers = package.analysis(m.tracks[0])
    assert len(layers["bass"]) == 240 and layers["beats"] and layers["sections"]
    assert len(m.timeline) == len(layers["sections"]) >= 2  # one preset per section, from the venue's analysis
    assert m.timeline[0].t == 0.0
    drops = {round(e["t"], 2) for e in layers["events"] if e["event"] == "drop"}
    for cue in m.timeline:
        text = package.preset_text(cue.preset)
        assert text == (PRESETS / Path(cue.preset).name).read_text()
        assert (cue.blend == 0.0) == (round(cue.t, 2) in drops)  # drops cut, the rest blend
    package.close()


def rewrite(src: Path, dst: Path, change) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            zout.writestr(item, data)
    return dst


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda m: m.pop("title"), "manifest.title"),
        (lambda m: m.update(version=2), "manifest.version"),
        (lambda m: m.update(aspect_ratio="5:3"), "manifest.aspect_ratio"),
        (lambda m: m["tracks"][0].update(audio="audio/missing.ogg"), "manifest.tracks[0].audio"),
        (lambda m: m["tracks"][0].update(duration="long"), "manifest.tracks[0].duration"),
        (lambda m: m["timeline"][1].update(preset="presets/nope.milk"), "manifest.timeline[1].preset"),
        (lambda m: m["timeline"][1].update(t=-1.0), "manifest.timeline[1].t"),
        (lambda m: m["timeline"][0].update(blend=-2), "manifest.timeline[0].blend"),
    ],
)
def test_validation_names_the_field(packed: Path, tmp_path: Path, change, field: str) -> None:  # type: ignore[no-untyped-def]
    bad = rewrite(packed, tmp_path / "bad.compel", change)
    with pytest.raises(CompelError) as caught:
        read_compel(bad)
    assert caught.value.field == field, str(caught.value)


def test_not_a_zip_and_writer_refuses_invalid(packed: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.compel"
    junk.write_bytes(b"hello")
    with pytest.raises(CompelError, match="zip"):
        read_compel(junk)
    manifest = read_compel(packed).manifest
    with pytest.raises(CompelError, match=r"tracks\[0\]\.audio"):
        write_compel(tmp_path / "x.compel", manifest, {})  # members missing


def test_cli_pack_and_info(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from app.cli import main

    out = tmp_path / "cli.compel"
    assert main(["compel", "pack", str(TRACK), "-o", str(out), "--title", "CLI"]) == 0
    assert main(["compel", "info", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "'CLI'" in printed and printed.strip().endswith("1 passed, 0 failed")


@needs_display
def test_the_app_plays_a_compel_by_its_clock(qtbot, packed: Path, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.phosphene_app import PhospheneApp
    from app.settings import Settings

    monkeypatch.setenv("PHOSPHENE_CONFIG_DIR", str(tmp_path))
    app = PhospheneApp(Settings(texsize=(160, 90)), thumbnails=False)
    app.window.show()
    qtbot.waitExposed(app.window)
    try:
        assert app.open_path(packed)
        player = app.compel
        timeline = player.package.manifest.timeline
        first = Path(timeline[0].preset).stem
        qtbot.waitUntil(lambda: app.view.current_name == first and app.view.frames > 3, timeout=15000)
        assert app.bridge.status.startswith("file: First Light")
        later = len(timeline) - 1
        player.playback.seek(timeline[later].t + 0.5)  # a seek lands on the last section's preset
        qtbot.waitUntil(lambda: player.current_cue == later and app.view.current_name == Path(timeline[later].preset).stem, timeout=15000)
        assert app.bridge.last_audio.bass != 1.0  # the frames analyse the compel's own PCM
    finally:
        app.window.close()
        app.dispose()
        app.window.deleteLater()
