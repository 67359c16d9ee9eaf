"""Playlist rules: order, shuffle, history-based previous, lock against automatic switches, beat counting."""

from __future__ import annotations

from pathlib import Path

from app.playlist import AutoSwitch, Playlist, PresetEntry, scan_presets

REPO = Path(__file__).resolve().parents[2]


def entries(n: int) -> list[PresetEntry]:
    return [PresetEntry(f"p{i}", Path(f"/presets/p{i}.milk")) for i in range(n)]


def test_sequential_next_wraps_and_previous_walks_history() -> None:
    playlist = Playlist(entries(3), shuffle=False)
    assert [playlist.next().name for _ in range(4)] == ["p0", "p1", "p2", "p0"]
    assert playlist.previous().name == "p2"
    assert playlist.previous().name == "p1"


def test_shuffle_never_repeats_the_current_preset_and_previous_returns_to_it() -> None:
    playlist = Playlist(entries(5), shuffle=True, seed=3)
    seen = [playlist.next().name]
    for _ in range(30):
        name = playlist.next().name
        assert name != seen[-1]
        seen.append(name)
    assert playlist.previous().name == seen[-2]


def test_lock_stops_automatic_switches_but_not_the_performer() -> None:
    playlist = Playlist(entries(3), shuffle=False)
    playlist.next()
    playlist.locked = True
    assert playlist.auto_next() is None
    assert playlist.current_entry.name == "p0"
    assert playlist.next().name == "p1"


def test_set_entries_keeps_the_playing_preset_by_path() -> None:
    playlist = Playlist(entries(3), shuffle=False)
    playlist.select(2)
    playlist.set_entries(list(reversed(entries(4))))
    assert playlist.current_entry.name == "p2"
    assert playlist.find("P3") == 0


def test_auto_switch_every_n_beats_and_on_drops() -> None:
    auto = AutoSwitch(every_beats=4, on_drops=False)
    assert [auto.beat() for _ in range(8)] == [False, False, False, True] * 2
    assert not auto.drop()
    assert not AutoSwitch(every_beats=0).beat()
    assert AutoSwitch(on_drops=True).drop()


def test_scan_finds_the_bundled_presets_sorted() -> None:
    found = scan_presets([REPO / "assets" / "presets", REPO / "no-such-folder"])
    assert len(found) >= 10
    assert [e.name.lower() for e in found] == sorted(e.name.lower() for e in found)
    assert all(e.path.suffix == ".milk" for e in found)


def test_peeks_name_what_the_keys_will_play_without_moving() -> None:
    playlist = Playlist(entries(5), shuffle=False, seed=7)
    playlist.next()
    playlist.next()  # p1, with p0 in the history
    assert (playlist.peek_next().name, playlist.peek_previous().name) == ("p2", "p0")
    pick = playlist.peek_random()
    assert pick.name != "p1" and playlist.peek_random() == pick and playlist.current_entry.name == "p1"
    assert [e.name for e in playlist.upcoming()] == ["p2", "p0"] + ([pick.name] if pick.name not in ("p2", "p0") else [])
    assert playlist.random() == pick
    assert playlist.previous().name == "p1"


def test_shuffled_next_is_the_pick_drawn_ahead() -> None:
    playlist = Playlist(entries(6), shuffle=True, seed=1)
    for _ in range(20):
        ahead = playlist.peek_next()
        assert playlist.next() == ahead
        assert playlist.peek_random() != playlist.current_entry
