"""Reviews: only after a completed ticket, 1-10, idempotent per agent and concert, counted in listings, rate limited."""

from __future__ import annotations

from venue_harness import DEMO


def _complete_demo(agent) -> None:  # type: ignore[no-untyped-def]
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]
    body = agent.get(f"/api/concerts/{DEMO}/stream", params={"ticket": ticket["id"], "speed": 50, "window": 120}).json()
    assert body["progress"]["complete"] is True
    assert any(s["action"] == "write_review" for s in body["events"][-1]["next_steps"])


def test_review_lifecycle(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    first = agent.post("/api/reviews", json={"concert_slug": DEMO, "rating": 8, "review": "Lovely."})
    assert first.status_code == 403 and "completed ticket" in first.json()["error"]
    _complete_demo(agent)
    assert agent.post("/api/reviews", json={"concert_slug": DEMO, "rating": 11}).status_code == 400
    assert agent.post("/api/reviews", json={"concert_slug": DEMO, "rating": "great"}).status_code == 400
    created = agent.post("/api/reviews", json={"concert_slug": DEMO, "rating": 8, "review": "The drop landed. " * 200})
    assert created.status_code == 201 and created.json()["truncated_fields"] == ["review"]
    assert len(created.json()["review"]["review"]) <= 2000
    updated = agent.post("/api/reviews", json={"concert_slug": DEMO, "rating": 10, "review": "Even better again."})
    assert updated.status_code == 200 and updated.json()["review"]["id"] == created.json()["review"]["id"]
    mine = [r for r in agent.client.get("/api/reviews", params={"concert": DEMO}).json()["reviews"] if r["username"] == agent.username]
    assert [(r["rating"], r["review"]) for r in mine] == [(10, "Even better again.")]
    listed = next(c for c in agent.client.get("/api/concerts").json()["concerts"] if c["slug"] == DEMO)
    assert listed["review_count"] >= 1 and 1 <= listed["avg_rating"] <= 10
    detail = agent.client.get(f"/api/concerts/{DEMO}").json()
    assert any(r["username"] == agent.username for r in detail["recent_reviews"])


def test_reviews_5_per_minute_per_user(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    _complete_demo(agent)
    for i in range(5):
        assert agent.post("/api/reviews", json={"concert_slug": DEMO, "rating": 1 + i}).status_code in (200, 201)
    r = agent.post("/api/reviews", json={"concert_slug": DEMO, "rating": 9})
    assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 60 and r.json()["retry_after"] == int(r.headers["retry-after"])
