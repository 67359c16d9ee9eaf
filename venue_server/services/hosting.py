"""Creating concerts from analysed tracks (used by the demo seed and by tests; host endpoints come later)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from venue_server.db import Database
from venue_server.errors import Conflict
from venue_server.models import Concert, Track
from venue_server.services.search import index_concert


@dataclass(frozen=True)
class TrackSpec:
    title: str
    artist: str | None
    analysis: dict[str, Any] | None
    act_label: str | None = None
    act_description: str | None = None
    visual_hint: str | None = None
    audio_path: str | None = None


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:100] or "concert"


def create_concert(
    db: Database,
    title: str,
    tracks: list[TrackSpec],
    *,
    slug: str | None = None,
    artist: str | None = None,
    description: str | None = None,
    genre: str | None = None,
    mode: str = "loop",
    scheduled_at: datetime | None = None,
    capacity: int | None = None,
    soul_prompts: dict[str, str] | None = None,
) -> str:
    """Publish a concert with its tracks and search index; returns the slug (409 if it exists)."""
    concert = Concert(
        slug=slug or slugify(title), title=title, artist=artist, description=description, genre=genre, mode=mode,
        scheduled_at=scheduled_at, capacity=capacity, soul_prompts=soul_prompts or {}, listen_links=[],
        duration=sum(float(t.analysis["duration"]) for t in tracks if t.analysis),
    )  # fmt: skip
    try:
        with db.write() as session:
            session.add(concert)
            session.flush()
            for position, spec in enumerate(tracks):
                session.add(
                    Track(
                        concert_id=concert.id, position=position, title=spec.title, artist=spec.artist,
                        duration=float(spec.analysis["duration"]) if spec.analysis else 0.0,
                        bpm=spec.analysis["tempo"]["bpm"] if spec.analysis else None,
                        act_label=spec.act_label, act_description=spec.act_description, visual_hint=spec.visual_hint,
                        audio_path=spec.audio_path, analysis_status="complete" if spec.analysis else "failed", analysis=spec.analysis,
                    )  # fmt: skip
                )
            index_concert(session, concert, [(t.title, t.artist) for t in tracks])
    except IntegrityError as exc:
        raise Conflict(f"A concert with slug {concert.slug!r} exists.", "Choose another slug.") from exc
    return concert.slug
