"""Audio analysis: rates and ranges of the layers, tempo/beats/onsets on known signals, decoding, presets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from venue_server.analysis import analyse, analyse_file, choose_preset_switches, decode_audio, load_presets
from venue_server.analysis.presets import read_preset
from venue_server.services.text import truncate_words

RATE = 22050


def _kicks(seconds: float, bpm: float, start: float = 0.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    audio = 0.005 * np.random.default_rng(0).standard_normal(len(t))
    for beat in np.arange(start, seconds, 60 / bpm):
        i = int(beat * RATE)
        n = min(len(t) - i, int(0.12 * RATE))
        tt = np.arange(n) / RATE
        audio[i : i + n] += np.sin(2 * np.pi * (50 + 120 * np.exp(-tt * 40)) * tt) * np.exp(-tt * 15)
    return audio.astype(np.float32)


def test_levels_are_10hz_in_0_1_and_follow_the_band() -> None:
    t = np.arange(6 * RATE) / RATE
    low = np.where(t < 3, np.sin(2 * np.pi * 80 * t), 0.0)  # bass only in the first half
    high = np.where(t >= 3, 0.3 * np.sin(2 * np.pi * 8000 * t), 0.0)  # treble only in the second
    result = analyse((low + high).astype(np.float32), RATE, [])
    assert result["tick_hz"] == 10 and len(result["bass"]) == len(result["mid"]) == len(result["treble"]) == 60
    for name in ("bass", "mid", "treble", "energy"):
        assert all(0.0 <= v <= 1.0 for v in result[name]), name
    bass, treble = np.array(result["bass"]), np.array(result["treble"])
    assert bass[5:25].mean() > 0.8 and bass[40:].mean() < 0.3
    assert treble[35:].mean() > 0.8 and treble[5:25].mean() < 0.3
    assert np.abs(np.diff(bass[5:25])).max() < 0.05  # smoothed: a steady tone gives a steady level


def test_tempo_beats_and_onsets_on_a_click_track() -> None:
    result = analyse(_kicks(12.0, 120.0), RATE, [])
    assert abs(result["tempo"]["bpm"] - 120.0) < 2.0 and result["tempo"]["confidence"] > 0.3
    beats = np.array(result["beats"])
    intervals = np.diff(beats)
    assert len(beats) >= 20 and np.median(intervals) == pytest.approx(0.5, abs=0.02)
    onsets = np.array([o["t"] for o in result["onsets"]])
    kicks = np.arange(0, 12, 0.5)
    near = [np.min(np.abs(onsets - k)) for k in kicks[1:-1]]
    assert np.median(near) < 0.03  # onsets land on the kicks
    assert all(0 <= o["strength"] <= 1 for o in result["onsets"])


def test_sections_and_events_follow_energy() -> None:
    quiet = 0.02 * np.sin(2 * np.pi * 220 * np.arange(10 * RATE) / RATE)
    loud = _kicks(10.0, 120.0) + 0.3 * np.sin(2 * np.pi * 110 * np.arange(10 * RATE) / RATE)
    result = analyse(np.concatenate([quiet, loud]).astype(np.float32), RATE, [])
    sections = result["sections"]
    assert len(sections) >= 2 and sections[0]["start"] == 0 and sections[-1]["end"] == pytest.approx(20, abs=0.1)
    boundary = min(sections[1:], key=lambda s: abs(s["start"] - 10))
    assert abs(boundary["start"] - 10) <= 1.5 and boundary["energy"] > sections[0]["energy"] + 0.15
    assert any(e["event"] == "drop" and abs(e["t"] - boundary["start"]) < 1e-6 for e in result["events"])
    assert len(result["brightness"]) == 40 and len(result["chroma"]) == 40 and all(len(v) == 12 for v in result["chroma"])


@pytest.mark.parametrize("fmt,subtype", [("WAV", "PCM_16"), ("FLAC", "PCM_16"), ("OGG", "VORBIS"), ("MP3", "MPEG_LAYER_III")])
def test_decodes_common_formats(tmp_path: Path, fmt: str, subtype: str) -> None:
    audio = _kicks(3.0, 120.0)
    stereo = np.stack([audio, audio], axis=1) * 0.5
    path = tmp_path / f"clip.{fmt.lower()}"
    sf.write(path, stereo, RATE, format=fmt, subtype=subtype)
    samples, rate = decode_audio(path)
    assert rate == RATE and samples.ndim == 1 and abs(len(samples) - len(audio)) < RATE * 0.1
    assert abs(analyse_file(path, [])["tempo"]["bpm"] - 120) < 3


def test_undecodable_file_raises_a_clear_error(tmp_path: Path) -> None:
    from venue_server.analysis.decode import AudioDecodeError

    bad = tmp_path / "noise.mp3"
    bad.write_bytes(b"this is not audio at all" * 10)
    with pytest.raises(AudioDecodeError, match="noise.mp3"):
        decode_audio(bad)


def test_bundled_demo_music_is_small_original_and_analysable() -> None:
    music = Path(__file__).resolve().parents[2] / "assets" / "music"
    tracks = sorted(music.glob("*.ogg"))
    assert tracks and sum(p.stat().st_size for p in tracks) < 3_000_000 and (music / "compose.py").is_file()
    result = analyse_file(tracks[0], [])
    assert result["duration"] > 10 and result["beats"] and max(result["bass"]) > 0.5


def test_presets_are_read_ranked_and_chosen_by_energy(tmp_path: Path) -> None:
    assert load_presets(tmp_path / "missing") == [] and load_presets(tmp_path) == []
    assert choose_preset_switches([{"start": 0.0, "label": "intro", "energy": 0.3}], []) == []
    (tmp_path / "calm.milk").write_text("[preset00]\nzoom=1.0\nwarp=0.1\nper_frame_1=a=1;\nper_frame_2=b=2;\nper_frame_4=skipped=1;\n")
    (tmp_path / "busy.milk").write_text("[preset00]\nzoom=1.08\nrot=0.1\nwarp=3\nper_frame_1=zoom=zoom+bass*treb;\nper_pixel_1=rot=rot+mid;\n")
    calm = read_preset(tmp_path / "calm.milk")
    assert calm.eq_frame == "a=1;\nb=2;"  # MilkDrop stops at the first missing line number
    presets = {p.name: p for p in load_presets(tmp_path)}
    assert presets["calm"].energy == 0.0 and presets["busy"].energy == 1.0
    sections = [{"start": 0.0, "label": "intro", "energy": 0.1}, {"start": 8.0, "label": "chorus", "energy": 0.9}]
    switches = choose_preset_switches(sections, list(presets.values()))
    assert [s["preset"] for s in switches] == ["calm", "busy"] and switches[1]["eq"]["pixel"] == "rot=rot+mid;"


@pytest.mark.parametrize(
    "text,limit,expected",
    [("short", 10, "short"), ("one two three four", 9, "one two"), ("one two three", 13, "one two three"), ("x" * 20, 10, "x" * 10)],
)
def test_truncation_cuts_at_word_boundaries(text: str, limit: int, expected: str) -> None:
    out, cut = truncate_words(text, limit)
    assert out == expected and cut == (text != expected) and len(out) <= limit


def test_cli_registers_venue_serve() -> None:
    import argparse

    from app.cli import venue

    parser = argparse.ArgumentParser()
    venue.register(parser.add_subparsers())
    args = parser.parse_args(["venue", "serve", "--dev", "--port", "2999", "--data", "/tmp/x"])
    assert args.dev and args.port == 2999 and args.host == "127.0.0.1" and args.func.__name__ == "serve"
