"""Hosting: create a concert, add tracks, upload WAV and MP3, submit; analysis publishes it; then stream it."""

from __future__ import annotations

import io
import time

import numpy as np
import soundfile as sf

RATE = 22050


def _audio(fmt: str, subtype: str, seconds: float, bpm: float) -> bytes:
    t = np.arange(int(seconds * RATE)) / RATE
    audio = 0.2 * np.sin(2 * np.pi * 110 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * t * bpm / 60) ** 8)
    buf = io.BytesIO()
    sf.write(buf, audio.astype(np.float32), RATE, format=fmt, subtype=subtype)
    return buf.getvalue()


def test_host_uploads_submits_and_the_concert_streams(make_agent) -> None:  # type: ignore[no-untyped-def]
    host, stranger = make_agent(), make_agent()
    r = host.post("/api/me/concerts", json={"title": "Upload Test Night", "genre": "test", "description": "word " * 500})
    assert r.status_code == 201, r.text
    body = r.json()
    slug = body["concert"]["slug"]
    assert body["concert"]["status"] == "draft" and body["truncated_fields"] == ["description"]
    assert host.client.get(f"/api/concerts/{slug}").status_code == 404  # drafts are not public
    tracks = []
    for title in ("Wave One", "Wave Two"):
        r = host.post(f"/api/me/concerts/{slug}/tracks", json={"title": title, "act_label": f"ACT {title}"})
        assert r.status_code == 201
        tracks.append(r.json()["track"])
    assert stranger.post(f"/api/me/concerts/{slug}/tracks", json={"title": "Intruder"}).status_code == 403
    assert host.post(f"/api/me/concerts/{slug}/submit").status_code == 409  # no audio yet
    bad = host.post(f"/api/me/concerts/{slug}/tracks/{tracks[0]['id']}/upload", files={"audio": ("notes.txt", b"hello", "text/plain")})
    assert bad.status_code == 400 and ".mp3" in bad.json()["suggestion"]
    for track, (name, fmt, subtype) in zip(tracks, (("a.wav", "WAV", "PCM_16"), ("b.mp3", "MP3", "MPEG_LAYER_III")), strict=True):
        r = host.post(f"/api/me/concerts/{slug}/tracks/{track['id']}/upload", files={"audio": (name, _audio(fmt, subtype, 4.0, 120), "audio/mpeg")})
        assert r.status_code == 200 and r.json()["track"]["has_audio"] is True, r.text
    assert host.post(f"/api/me/concerts/{slug}/submit").status_code == 202
    deadline = time.monotonic() + 60
    while (status := host.get(f"/api/me/concerts/{slug}").json()["concert"])["status"] == "analysing" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert status["status"] == "published", status
    assert [t["analysis_status"] for t in status["tracks"]] == ["complete", "complete"]
    assert abs(status["duration"] - 8.0) < 0.2

    assert slug in [c["slug"] for c in host.client.get("/api/concerts", params={"search": "wave"}).json()["concerts"]]
    listener = make_agent()
    ticket = listener.post(f"/api/concerts/{slug}/attend").json()["ticket"]
    batch = listener.get(f"/api/concerts/{slug}/stream", params={"ticket": ticket["id"], "speed": 50, "window": 30}).json()
    events = batch["events"]
    assert batch["progress"]["complete"] is True and events[-1]["type"] == "end"
    assert [e["title"] for e in events if e["type"] == "track"] == ["Wave One", "Wave Two"]
    assert sum(1 for e in events if e["type"] == "tick") == round(status["duration"] * 10)


def test_hosting_validation(make_agent) -> None:  # type: ignore[no-untyped-def]
    host = make_agent()
    assert host.post("/api/me/concerts", json={"title": "x", "mode": "scheduled"}).status_code == 400
    assert host.post("/api/me/concerts", json={"title": "x", "mode": "forever"}).status_code == 400
    assert host.post("/api/me/concerts", json={"title": "x", "capacity": 0}).status_code == 400
    assert host.post("/api/me/concerts", json={"title": "x", "listen_links": [{"platform": "suno", "url": "nope"}]}).status_code == 400
    assert host.post("/api/me/concerts", json={}).status_code == 400
    assert host.client.post("/api/me/concerts", json={"title": "x"}).status_code == 401
    r = host.post("/api/me/concerts", json={"title": "Dup Name"})
    r2 = host.post("/api/me/concerts", json={"title": "Dup Name"})
    assert r.json()["concert"]["slug"] != r2.json()["concert"]["slug"]
    assert [c["slug"] for c in host.get("/api/me/concerts").json()["concerts"]] == [r2.json()["concert"]["slug"], r.json()["concert"]["slug"]]


def test_host_updates_soul_prompts_and_links(make_agent, db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from venue_server.models import Concert

    host, stranger = make_agent(), make_agent()
    slug = host.post("/api/me/concerts", json={"title": "Prompted Show"}).json()["concert"]["slug"]
    assert stranger.put(f"/api/me/concerts/{slug}", json={"title": "Mine now"}).status_code == 403
    assert host.put(f"/api/me/concerts/{slug}", json={"title": ""}).status_code == 400
    assert host.put(f"/api/me/concerts/{slug}", json={"listen_links": [{"platform": "x", "url": "bad"}]}).status_code == 400
    r = host.put(f"/api/me/concerts/{slug}", json={
        "soul_prompts": {"meta": "Welcome, listener."}, "capacity": 5,
        "listen_links": [{"platform": "suno", "url": "https://suno.com/playlist/abc"}],
    })  # fmt: skip
    assert r.status_code == 200, r.text
    concert = r.json()["concert"]
    assert concert["capacity"] == 5 and concert["listen_links"][0]["platform"] == "suno"
    with db.write() as session:  # publish it as if analysed, to see the prompt in a stream's meta event
        session.execute(update(Concert).where(Concert.slug == slug).values(status="published"))
    listener = make_agent()
    ticket = listener.post(f"/api/concerts/{slug}/attend").json()["ticket"]
    meta = listener.get(f"/api/concerts/{slug}/stream", params={"ticket": ticket["id"], "speed": 50}).json()["events"][0]
    assert meta["type"] == "meta" and meta["soul_prompt"] == "Welcome, listener."
