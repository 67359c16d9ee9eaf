"""Every documented rate limit that this server has an endpoint for: 429, Retry-After, retry_after, shared state."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from venue_harness import DEMO, VenueProcess, source_client
from venue_server.ratelimit import LIMITS, Limit, RateLimiter


def _is_429(r: httpx.Response, window_s: int) -> dict[str, Any]:
    assert r.status_code == 429, (r.status_code, r.text)
    body = r.json()
    retry = int(r.headers["retry-after"])
    assert 1 <= retry <= window_s and body["retry_after"] == retry
    assert body["error"] == f"Rate limited. Try again in {retry}s." and body["suggestion"] and "next_steps" in body
    return body


def test_the_table_is_the_documented_one() -> None:
    documented = {
        ("POST", "/api/auth/register"): (5, 60, "ip"), ("POST", "/api/auth/login"): (10, 60, "ip"),
        ("POST", "/api/concerts/{slug}/attend"): (10, 60, "user"), ("POST", "/api/concerts/{slug}/chat"): (1, 2, "user"),
        ("POST", "/api/concerts/{slug}/react"): (1, 5, "user"), ("POST", "/api/concerts/{slug}/reflect"): (1, 5, "user"),
        ("GET", "/api/concerts/{slug}/sections"): (10, 1, "slug"), ("GET", "/api/concerts/{slug}/layers"): (10, 1, "slug"),
        ("POST", "/api/reviews"): (5, 60, "user"), ("GET", "/api/tickets/{id}/challenge"): (10, 60, "user"),
        ("POST", "/api/me/concerts/{slug}/tracks/{id}/generate"): (1, 60, "user"), ("POST", "/api/battles/{slug}/vote"): (1, 5, "user"),
        ("POST", "/api/me/concerts/{slug}/contributors"): (10, 60, "user"),
    }  # fmt: skip
    assert {k: (v.count, v.window_s, v.keyed_by) for k, v in LIMITS.items()} == documented


def test_sliding_window_frees_slots_as_time_passes() -> None:
    now = [100.0]
    limiter = RateLimiter(clock=lambda: now[0])
    LIMITS[("GET", "/test")] = Limit(2, 10, "user")
    try:
        limiter.hit("GET", "/test", "a")
        now[0] = 104.0
        limiter.hit("GET", "/test", "a")
        try:
            limiter.hit("GET", "/test", "a")
            raise AssertionError("third hit allowed")
        except Exception as exc:  # noqa: BLE001 - checking the type below
            assert type(exc).__name__ == "RateLimited" and exc.retry_after == 6  # type: ignore[attr-defined]
        limiter.hit("GET", "/test", "b")  # other keys are separate
        now[0] = 110.01
        limiter.hit("GET", "/test", "a")  # the first hit left the window
    finally:
        del LIMITS[("GET", "/test")]


def test_register_5_per_minute_per_ip(venue: VenueProcess) -> None:
    with source_client(venue, "127.0.2.1") as client:
        for i in range(5):
            assert client.post("/api/auth/register", json={"username": f"rl-{venue.port}-{i}"}).status_code == 201
        _is_429(client.post("/api/auth/register", json={"username": f"rl-{venue.port}-x"}), 60)
    with source_client(venue, "127.0.2.9") as other:  # another IP is not affected
        assert other.post("/api/auth/register", json={"username": f"rl-{venue.port}-other"}).status_code == 201


def test_register_limit_holds_under_concurrency(venue: VenueProcess) -> None:
    with source_client(venue, "127.0.2.2") as client, ThreadPoolExecutor(12) as pool:
        codes = list(pool.map(lambda i: client.post("/api/auth/register", json={"username": f"cc-{venue.port}-{i}"}).status_code, range(12)))
    assert sorted(codes) == [201] * 5 + [429] * 7


def test_login_10_per_minute_per_ip(venue: VenueProcess) -> None:
    with source_client(venue, "127.0.2.3") as client:
        for _ in range(10):
            assert client.post("/api/auth/login", json={"username": "nobody", "password": "whatever1"}).status_code == 401
        _is_429(client.post("/api/auth/login", json={"username": "nobody", "password": "whatever1"}), 60)


def test_attend_10_per_minute_per_user(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent, other = make_agent(), make_agent()
    codes = [agent.post(f"/api/concerts/{DEMO}/attend").status_code for _ in range(10)]
    assert codes == [201] + [200] * 9  # the same active ticket comes back
    _is_429(agent.post(f"/api/concerts/{DEMO}/attend"), 60)
    assert other.post(f"/api/concerts/{DEMO}/attend").status_code == 201


def test_chat_1_per_2s_per_user(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    agent.post(f"/api/concerts/{DEMO}/attend")
    assert agent.post(f"/api/concerts/{DEMO}/chat", json={"message": "hello"}).status_code == 201
    _is_429(agent.post(f"/api/concerts/{DEMO}/chat", json={"message": "again"}), 2)
    time.sleep(2.05)
    assert agent.post(f"/api/concerts/{DEMO}/chat", json={"message": "later"}).status_code == 201


def test_react_1_per_5s_per_user(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent, other = make_agent(), make_agent()
    for a in (agent, other):
        a.post(f"/api/concerts/{DEMO}/attend")
    assert agent.post(f"/api/concerts/{DEMO}/react", json={"reaction": "fire"}).status_code == 201
    _is_429(agent.post(f"/api/concerts/{DEMO}/react", json={"reaction": "joy"}), 5)
    assert other.post(f"/api/concerts/{DEMO}/react", json={"reaction": "joy"}).status_code == 201


def _burst(http: httpx.Client, path: str, n: int) -> tuple[list[httpx.Response], float]:
    http.get("/api/health")  # warm the connection pool
    started = time.monotonic()
    with ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(lambda _i: http.get(path), range(n)))
    return responses, time.monotonic() - started


def test_sections_and_layers_10_per_second_per_slug(http, make_concert) -> None:  # type: ignore[no-untyped-def]
    for resource in ("sections", "layers"):
        slug, other = make_concert(), make_concert()
        responses, elapsed = _burst(http, f"/api/concerts/{slug}/{resource}", 14)
        ok = [r for r in responses if r.status_code == 200]
        limited = [r for r in responses if r.status_code == 429]
        assert len(ok) + len(limited) == 14 and len(ok) <= 10 * (int(elapsed) + 1)  # a sliding 1 s window
        if elapsed < 0.9:
            assert len(ok) == 10
        for r in limited:
            _is_429(r, 1)
        assert http.get(f"/api/concerts/{other}/{resource}").status_code == 200  # keyed by slug
        time.sleep(1.05)
        assert http.get(f"/api/concerts/{slug}/{resource}").status_code == 200
