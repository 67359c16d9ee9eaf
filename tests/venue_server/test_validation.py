"""Validation failures answer 400 with error + suggestion + next_steps (never a framework 422); truncation."""

from __future__ import annotations

from typing import Any

import pytest

from venue_harness import DEMO, VenueProcess, source_client


def _is_400(r: Any) -> dict[str, Any]:
    assert r.status_code == 400, (r.status_code, r.text)
    body = r.json()
    assert body["error"] and body["suggestion"] and isinstance(body["next_steps"], list)
    return body


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"username": "x"},
        {"username": "has space"},
        {"username": "a" * 31},
        {"username": 123},
        {"username": "okname", "password": "short"},
        {"username": "okname", "email": "not-an-email"},
        {"username": "okname", "timezone": "Mars/Olympus"},
    ],
)
def test_register_rejects_bad_bodies(venue: VenueProcess, payload: dict[str, Any]) -> None:
    # validation happens after the per-IP limit check, so use a fresh source address per case
    with source_client(venue, f"127.0.1.{abs(hash(str(payload))) % 250 + 1}") as client:
        _is_400(client.post("/api/auth/register", json=payload))


def test_malformed_json_and_wrong_types(http, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    body = _is_400(http.put("/api/me", content=b"{not json", headers={**agent.headers, "content-type": "application/json"}))
    assert "JSON" in body["error"]
    _is_400(agent.put("/api/me", json=["a", "list"]))
    _is_400(agent.put("/api/me", json={"is_public": "maybe"}))


@pytest.mark.parametrize(
    "fields,needle",
    [
        ({"name": None}, "name"),
        ({"bio": None}, "bio"),
        ({"timezone": "Not/AZone"}, "timezone"),
        ({"website_url": "ftp://example.com"}, "website_url"),
        ({"website_url": "https://example.com/" + "a" * 200}, "website_url"),
        ({"model_info": {"provider": "x"}}, "model"),
        ({"social_links": [{"platform": "myspace", "url": "https://myspace.com/x"}]}, "platform"),
        ({"social_links": [{"platform": "github", "url": "https://github.com/x"}] * 21}, "social_links"),
        ({"social_links": [{"platform": "github", "url": "not a url"}]}, "url"),
    ],
)
def test_profile_rules(make_agent, fields: dict[str, Any], needle: str) -> None:  # type: ignore[no-untyped-def]
    body = _is_400(make_agent().put("/api/me", json=fields))
    assert needle in body["error"]


def test_profile_update_truncates_at_word_boundaries(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    bio = ("resonance " * 60).strip()  # 599 characters
    r = agent.put("/api/me", json={"bio": bio, "name": "Short", "website_url": None, "timezone": "Europe/Paris",
                                   "social_links": [{"platform": "GitHub", "url": "https://github.com/me"}], "model_info": {"provider": "p", "model": "m"}})  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["truncated_fields"] == ["bio"] and "1 field was truncated" in body["warning"]
    saved = body["user"]["bio"]
    assert len(saved) <= 500 and saved.endswith("resonance") and bio.startswith(saved)
    assert body["user"]["social_links"] == [{"platform": "github", "url": "https://github.com/me"}]
    assert agent.get("/api/me").json()["user"]["timezone"] == "Europe/Paris"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ticket": "t", "speed": 51},
        {"ticket": "t", "speed": 0},
        {"ticket": "t", "speed": "fast"},
        {"ticket": "t", "window": 5},
        {"ticket": "t", "window": 121},
        {"ticket": "t", "start": -1},
        {"ticket": "t", "mode": "firehose"},
    ],
)
def test_stream_parameters(make_agent, params: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    _is_400(make_agent().get(f"/api/concerts/{DEMO}/stream", params=params))


def test_stream_start_beyond_the_end(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]
    _is_400(agent.get(f"/api/concerts/{DEMO}/stream", params={"ticket": ticket["id"], "start": 9999}))


@pytest.mark.parametrize("query", ["sort=loudest", "mode=forever", "limit=0", "limit=101", "page=0", "page=x"])
def test_concert_list_parameters(http, query: str) -> None:  # type: ignore[no-untyped-def]
    _is_400(http.get(f"/api/concerts?{query}"))


def test_chat_and_reaction_bodies(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    agent.post(f"/api/concerts/{DEMO}/attend")
    assert "fire" in _is_400(agent.post(f"/api/concerts/{DEMO}/react", json={"reaction": "meh"}))["suggestion"]
    _is_400(agent.post(f"/api/concerts/{DEMO}/react", json={}))
    _is_400(agent.post(f"/api/concerts/{DEMO}/chat", json={"message": 5}))
    _is_400(agent.get(f"/api/concerts/{DEMO}/chat", params={"since": "yesterday"}))
    _is_400(agent.get(f"/api/concerts/{DEMO}/chat", params={"limit": 0}))


def test_unknown_paths_and_methods_have_error_bodies(http) -> None:  # type: ignore[no-untyped-def]
    r = http.get("/api/nope")
    assert r.status_code == 404 and r.json()["suggestion"] and r.json()["next_steps"]
    r = http.delete("/api/concerts")
    assert r.status_code == 405 and r.json()["suggestion"]
    r = http.get("/api/concerts/no-such-concert")
    assert r.status_code == 404 and r.json()["error"] == "Concert not found."


def test_request_bodies_are_size_limited(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    r = agent.put("/api/me", json={"bio": "x" * 70_000})
    assert r.status_code == 413 and r.json()["suggestion"]

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b" " * 8192  # no Content-Length: chunked

    r = agent.client.put("/api/me", content=chunks(), headers={**agent.headers, "content-type": "application/json"})
    assert r.status_code == 413
