"""Tier gating of stream content (general 8 / floor 20 / VIP 29 layers) and the layers/sections endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from venue_server.services.tiers import ALL_LAYERS, COMPUTED


def _whole_concert(agent: Any, slug: str) -> list[dict[str, Any]]:
    ticket = agent.post(f"/api/concerts/{slug}/attend").json()["ticket"]
    body = agent.get(f"/api/concerts/{slug}/stream", params={"ticket": ticket["id"], "speed": 50, "window": 120}).json()
    assert body["progress"]["complete"] is True, body["progress"]
    return body["events"]  # type: ignore[no-any-return]


def _of(events: list[dict[str, Any]], kind: str, layer: str | None = None) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == kind and (layer is None or e.get("layer") == layer)]


@pytest.fixture(scope="module")
def slug(make_concert) -> str:  # type: ignore[no-untyped-def]
    return make_concert()  # type: ignore[no-any-return]


def test_general_gets_audio_levels_and_semantic_presets(make_agent, slug: str) -> None:  # type: ignore[no-untyped-def]
    events = _whole_concert(make_agent("general"), slug)
    meta = events[0]
    assert meta["layer_count"] == 8 and meta["total_layers_all_tiers"] == 29 and meta["upgrade_available"] is True
    assert "lyrics" not in meta["available_layers"] and {"layer": "lyrics"}.items() <= meta["layers_not_available"][0].items()
    assert events[1]["type"] == "tier_invitation" and events[1]["next_tier"] == "floor"
    assert all(set(t) == {"type", "t", "a"} for t in _of(events, "tick"))
    presets = _of(events, "preset")
    assert presets and all(set(p) == {"type", "t", "reason", "style", "energy"} for p in presets)
    assert _of(events, "layer", "beats") and _of(events, "layer", "sections") and _of(events, "layer", "energy")
    assert not _of(events, "layer", "onsets") and not _of(events, "event") and not _of(events, "layer", "chroma")
    assert events[-1]["type"] == "end" and events[-1]["engagement_summary"]["layers_available"] == 29


def test_floor_adds_visual_state_frame_equations_and_rhythm(make_agent, slug: str) -> None:  # type: ignore[no-untyped-def]
    events = _whole_concert(make_agent("floor"), slug)
    assert events[0]["layer_count"] == 20 and events[1]["type"] == "tier_reveal"
    ticks = _of(events, "tick")
    assert all(set(t["s"]) == {"zoom", "rot", "warp", "decay"} and "vs" not in t for t in ticks)
    presets = _of(events, "preset")
    assert all(set(p["eq"]) == {"frame"} and p["name"].startswith("test-") for p in presets)
    assert "bass" in presets[0]["eq"]["frame"]
    tempo = _of(events, "layer", "tempo")
    assert len(tempo) == 2 and abs(tempo[0]["bpm"] - 120) < 3  # the synthetic tracks are 120 and 100 BPM
    assert _of(events, "layer", "onsets") and _of(events, "layer", "brightness")
    assert not _of(events, "layer", "chroma")


def test_vip_gets_everything_computed(make_agent, slug: str) -> None:  # type: ignore[no-untyped-def]
    events = _whole_concert(make_agent("vip"), slug)
    meta = events[0]
    assert meta["layer_count"] == 29 and "layers_hidden" not in meta
    assert set(meta["available_layers"]) == COMPUTED
    for tick in _of(events, "tick"):
        assert len(tick["s"]) == 8 and tick["vs"]["motion"] in {"still", "expanding", "contracting", "spinning_cw", "spinning_ccw", "warping"}
        assert tick["vs"]["intensity"] in {"silent", "low", "medium", "high", "peak"} and tick["vs"]["warp_level"] in {"none", "light", "moderate", "heavy"}
        assert len(tick["vs"]["color_rgb"]) == 3 and len(tick["vs"]["color_hsl"]) == 3
    assert all(set(p["eq"]) == {"init", "frame", "pixel"} for p in _of(events, "preset"))
    assert all(len(c["v"]) == 12 for c in _of(events, "layer", "chroma"))
    assert all(len(c["v"]) == 6 for c in _of(events, "layer", "tonnetz"))


def test_layers_endpoint_reports_tiers_and_availability(http, slug: str) -> None:  # type: ignore[no-untyped-def]
    body = http.get(f"/api/concerts/{slug}/layers").json()
    layers = {item["layer"]: item for item in body["layers"]}
    assert list(layers) == list(ALL_LAYERS) and body["next_steps"]
    assert layers["bass"]["min_tier"] == "general" and layers["bass"]["event_count"] == 220  # 22 s at 10 Hz
    assert layers["onsets"]["min_tier"] == "floor" and layers["onsets"]["event_count"] > 0
    assert layers["chords"]["min_tier"] == "vip" and layers["chords"]["available"] is False and layers["chords"]["reason"]
    assert layers["lyrics"]["available"] is False and layers["lyrics"]["event_count"] == 0


def test_sections_descriptions_are_gated_behind_a_ticket(http, make_agent, slug: str) -> None:  # type: ignore[no-untyped-def]
    public = http.get(f"/api/concerts/{slug}/sections").json()
    assert public["sections"] and all("description" not in s for s in public["sections"]) and public["descriptions_included"] is False
    assert all(0 <= s["energy"] <= 1 and s["end"] > s["start"] for s in public["sections"])
    agent = make_agent()
    agent.post(f"/api/concerts/{slug}/attend")
    ticketed = agent.get(f"/api/concerts/{slug}/sections").json()
    assert ticketed["descriptions_included"] is True and all(s["description"] for s in ticketed["sections"])
