"""Hosting: agents create concerts, add tracks, upload audio and submit it for analysis.

Analysis runs once, in a background worker thread, when the host submits; a concert is published
when every track has been analysed. The stream hot path only ever reads the stored result.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from venue_server.analysis import analyse_file, load_presets
from venue_server.analysis.decode import AudioDecodeError
from venue_server.db import Database
from venue_server.errors import BadRequest, Conflict, Forbidden, NotFound
from venue_server.models import Concert, Track, User, utcnow
from venue_server.services.hosting import slugify
from venue_server.services.search import index_concert
from venue_server.services.text import Truncations, is_valid_url

log = logging.getLogger(__name__)

AUDIO_EXTENSIONS = (".mp3", ".wav")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _text(cuts: Truncations, field: str, value: str | None, limit: int) -> str | None:
    return None if value is None else cuts.apply(field, value.strip(), limit)


def owned_concert(session: Any, host: User, slug: str) -> Concert:
    concert = session.scalar(select(Concert).where(Concert.slug == slug, Concert.status != "archived"))
    if concert is None:
        raise NotFound("Concert not found.", "GET /api/me/concerts lists the concerts you host.")
    if concert.host_user_id != host.id:
        raise Forbidden("Not the host of this concert.", "Only the host can change a concert; create your own with POST /api/me/concerts.")
    return concert


def track_view(track: Track) -> dict[str, Any]:
    return {
        "id": track.id, "position": track.position, "title": track.title, "artist": track.artist, "bpm": track.bpm,
        "has_lyrics": track.has_lyrics, "act_label": track.act_label, "act_description": track.act_description,
        "visual_hint": track.visual_hint, "has_audio": bool(track.audio_path), "analysis_status": track.analysis_status,
        "duration": round(track.duration, 2),
    }  # fmt: skip


def hosted_view(concert: Concert, tracks: list[Track]) -> dict[str, Any]:
    return {
        "slug": concert.slug, "title": concert.title, "artist": concert.artist, "genre": concert.genre,
        "description": concert.description, "mode": concert.mode, "status": concert.status, "capacity": concert.capacity,
        "scheduled_at": concert.scheduled_at.isoformat() if concert.scheduled_at else None, "setlist_hidden": concert.setlist_hidden,
        "duration": round(concert.duration, 2), "listen_links": concert.listen_links or [], "tracks": [track_view(t) for t in tracks],
    }  # fmt: skip


def create(db: Database, host: User, fields: dict[str, Any]) -> tuple[dict[str, Any], Truncations]:
    cuts = Truncations()
    title = _text(cuts, "title", fields["title"], 200)
    if not title:
        raise BadRequest("title is required.", "Give the concert a title (at most 200 characters).")
    mode = fields.get("mode") or "loop"
    if mode not in ("loop", "scheduled"):
        raise BadRequest(f"Unknown mode {mode!r}.", "Use mode 'loop' (default) or 'scheduled'.")
    scheduled_at = fields.get("scheduled_at")
    if mode == "scheduled" and scheduled_at is None:
        raise BadRequest("scheduled_at is required for scheduled concerts.", "Send an ISO 8601 time with a timezone, e.g. 2026-03-28T20:00:00Z.")
    if scheduled_at is not None and scheduled_at.tzinfo is None:
        raise BadRequest("scheduled_at needs a timezone.", "Add 'Z' or an offset such as +02:00.")
    links = fields.get("listen_links") or []
    for i, link in enumerate(links):
        if not is_valid_url(link["url"], 500):
            raise BadRequest(f"listen_links[{i}].url is not a valid http(s) URL.", "Fix the URL.")
    with db.write() as session:
        base = slugify(title)
        taken = set(session.scalars(select(Concert.slug).where(Concert.slug.like(f"{base}%"))))
        slug = base if base not in taken else next(f"{base}-{n}" for n in range(2, 10_000) if f"{base}-{n}" not in taken)
        concert = Concert(
            slug=slug, title=title, artist=_text(cuts, "artist", fields.get("artist"), 200), genre=_text(cuts, "genre", fields.get("genre"), 100),
            description=_text(cuts, "description", fields.get("description"), 2000), image_prompt=_text(cuts, "image_prompt", fields.get("image_prompt"), 500),
            mode=mode, scheduled_at=scheduled_at, capacity=fields.get("capacity"), setlist_hidden=bool(fields.get("setlist_hidden")),
            listen_links=links, soul_prompts={}, host_user_id=host.id, status="draft",
        )  # fmt: skip
        session.add(concert)
        session.flush()
        return hosted_view(concert, []), cuts


def list_hosted(db: Database, host: User) -> list[dict[str, Any]]:
    with db.read() as session:
        concerts = session.scalars(select(Concert).where(Concert.host_user_id == host.id).order_by(Concert.created_at.desc())).all()
        return [hosted_view(c, list(session.scalars(select(Track).where(Track.concert_id == c.id).order_by(Track.position)))) for c in concerts]


def detail(db: Database, host: User, slug: str) -> dict[str, Any]:
    with db.read() as session:
        concert = owned_concert(session, host, slug)
        return hosted_view(concert, list(session.scalars(select(Track).where(Track.concert_id == concert.id).order_by(Track.position))))


def update(db: Database, host: User, slug: str, fields: dict[str, Any]) -> tuple[dict[str, Any], Truncations]:
    """PUT semantics for the given fields only; `capacity: null` means unlimited. Re-indexes search."""
    cuts = Truncations()
    limits = {"title": 200, "artist": 200, "genre": 100, "description": 2000, "image_prompt": 500}
    with db.write() as session:
        concert = owned_concert(session, host, slug)
        for key, value in fields.items():
            if key in limits:
                if key == "title" and not (value or "").strip():
                    raise BadRequest("title cannot be empty.", "Send a title of at most 200 characters, or leave it out.")
                setattr(concert, key, _text(cuts, key, value, limits[key]))
            elif key == "listen_links":
                for i, link in enumerate(value or []):
                    if not is_valid_url(link["url"], 500):
                        raise BadRequest(f"listen_links[{i}].url is not a valid http(s) URL.", "Fix the URL.")
                concert.listen_links = value or []
            elif key == "soul_prompts":
                prompts = {}
                for name, text in (value or {}).items():
                    prompts[cuts.apply("soul_prompts", name.strip(), 200)] = cuts.apply("soul_prompts", text.strip(), 2000)
                concert.soul_prompts = prompts
            elif key in ("capacity", "setlist_hidden"):
                if key == "setlist_hidden" and value is None:
                    raise BadRequest("setlist_hidden cannot be null.", "Send true or false.")
                setattr(concert, key, value)
        tracks = list(session.scalars(select(Track).where(Track.concert_id == concert.id).order_by(Track.position)))
        if concert.status == "published":
            index_concert(session, concert, [(t.title, t.artist) for t in tracks])
        cuts.fields = sorted(set(cuts.fields))
        return hosted_view(concert, tracks), cuts


def archive(db: Database, host: User, slug: str) -> None:
    with db.write() as session:
        owned_concert(session, host, slug).status = "archived"


def add_track(db: Database, host: User, slug: str, fields: dict[str, Any]) -> tuple[dict[str, Any], Truncations]:
    cuts = Truncations()
    title = _text(cuts, "title", fields["title"], 200)
    if not title:
        raise BadRequest("title is required.", "Give the track a title (at most 200 characters).")
    with db.write() as session:
        concert = owned_concert(session, host, slug)
        if concert.status == "analysing":
            raise Conflict("The concert is being analysed.", "Wait until analysis finishes, then add tracks.")
        position = session.scalar(select(func.count()).select_from(Track).where(Track.concert_id == concert.id)) or 0
        track = Track(
            concert_id=concert.id, position=position, title=title, artist=_text(cuts, "artist", fields.get("artist"), 200), bpm=fields.get("bpm"),
            has_lyrics=bool(fields.get("has_lyrics")), act_label=_text(cuts, "act_label", fields.get("act_label"), 200),
            act_description=_text(cuts, "act_description", fields.get("act_description"), 1000),
            visual_hint=_text(cuts, "visual_hint", fields.get("visual_hint"), 500), analysis_status="awaiting_audio",
        )  # fmt: skip
        session.add(track)
        session.flush()
        return track_view(track), cuts


def upload_target(db: Database, host: User, slug: str, track_id: str, filename: str, upload_dir: Path) -> Path:
    """Check ownership and the file type; returns where the upload goes."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in AUDIO_EXTENSIONS:
        raise BadRequest(f"Unsupported audio file {filename!r}.", "Upload an .mp3 or .wav file (multipart field 'audio', at most 50 MB).")
    with db.read() as session:
        concert = owned_concert(session, host, slug)
        track = session.get(Track, track_id)
        if track is None or track.concert_id != concert.id:
            raise NotFound("Track not found in this concert.", f"GET /api/me/concerts/{slug} lists its tracks.")
    upload_dir.mkdir(parents=True, exist_ok=True)
    return upload_dir / f"{track_id}{suffix}"


def attach_audio(db: Database, track_id: str, path: Path) -> dict[str, Any]:
    with db.write() as session:
        track = session.get(Track, track_id)
        assert track is not None, "track vanished during upload"
        track.audio_path, track.analysis_status, track.analysis = str(path), "uploaded", None
        return track_view(track)


def submit(db: Database, host: User, slug: str) -> str:
    """Mark the concert for analysis; returns its id (the caller schedules `analyse_concert`)."""
    with db.write() as session:
        concert = owned_concert(session, host, slug)
        tracks = list(session.scalars(select(Track).where(Track.concert_id == concert.id)))
        if not tracks:
            raise Conflict("The concert has no tracks.", f"Add tracks with POST /api/me/concerts/{slug}/tracks first.")
        missing = [t.title for t in tracks if not t.audio_path]
        if missing:
            raise Conflict(f"Tracks without audio: {', '.join(missing)}.", "Upload audio for every track, then submit.")
        concert.status = "analysing"
        for t in tracks:
            t.analysis_status = "queued"
        return concert.id


def analyse_concert(db: Database, concert_id: str, presets_dir: Path) -> None:
    """Decode and analyse every track (once), then publish the concert if all succeeded."""
    presets = load_presets(presets_dir)
    with db.read() as session:
        jobs = [(t.id, t.audio_path) for t in session.scalars(select(Track).where(Track.concert_id == concert_id))]
    for track_id, audio_path in jobs:
        try:
            analysis, status = analyse_file(Path(str(audio_path)), presets), "complete"
        except (AudioDecodeError, OSError) as exc:
            log.warning("track %s: analysis failed: %s", track_id, exc)
            analysis, status = None, "failed"
        with db.write() as session:
            track = session.get(Track, track_id)
            if track is not None:
                track.analysis, track.analysis_status = analysis, status
                track.duration = float(analysis["duration"]) if analysis else 0.0
                if analysis and not track.bpm:
                    track.bpm = analysis["tempo"]["bpm"]
    with db.write() as session:
        concert = session.get(Concert, concert_id)
        if concert is None:
            return
        tracks = list(session.scalars(select(Track).where(Track.concert_id == concert_id).order_by(Track.position)))
        ok = all(t.analysis_status == "complete" for t in tracks)
        concert.status = "published" if ok else "failed"
        concert.duration = sum(t.duration for t in tracks)
        if ok:
            concert.created_at = utcnow()  # "newest" means newest published
            index_concert(session, concert, [(t.title, t.artist) for t in tracks])
