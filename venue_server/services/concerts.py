"""Concert browsing: list with filters/sort/search, detail, sections, layer metadata, and timeline loading."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from venue_server.db import Database
from venue_server.errors import BadRequest, NotFound
from venue_server.models import ChatMessage, Concert, Reaction, Ticket, Track, User, utcnow
from venue_server.services.search import search_concerts
from venue_server.services.tiers import ALL_LAYERS, COMPUTED, MIN_TIER, NOT_COMPUTED_REASON
from venue_server.services.timeline import Timeline

SORTS = {"newest", "oldest", "title"}
MODES = {"loop", "scheduled"}


def get_concert(session: Session, slug: str) -> Concert:
    concert = session.scalar(select(Concert).where(Concert.slug == slug, Concert.status == "published"))
    if concert is None:
        raise NotFound("Concert not found.", "Check the slug; GET /api/concerts lists what's playing.")
    return concert


def concert_tracks(session: Session, concert_id: str) -> list[Track]:
    return list(session.scalars(select(Track).where(Track.concert_id == concert_id).order_by(Track.position)))


def timeline_input(db: Database, concert_id: str) -> list[dict[str, Any]]:
    with db.read() as session:
        return [
            {
                "position": t.position,
                "title": t.title,
                "artist": t.artist,
                "act_label": t.act_label,
                "act_description": t.act_description,
                "analysis": t.analysis if t.analysis_status == "complete" else None,
            }
            for t in concert_tracks(session, concert_id)
        ]


def _counts(session: Session, concert_ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {cid: {"track_count": 0, "completed_count": 0, "attendee_count": 0, "review_count": 0, "avg_rating": None} for cid in concert_ids}
    if not concert_ids:
        return out
    for cid, n in session.execute(select(Track.concert_id, func.count()).where(Track.concert_id.in_(concert_ids)).group_by(Track.concert_id)):
        out[cid]["track_count"] = n
    from venue_server.services.reviews import stats

    for cid, (n, avg) in stats(session, concert_ids).items():
        out[cid]["review_count"], out[cid]["avg_rating"] = n, avg  # type: ignore[assignment]
    now = utcnow()
    rows = session.execute(
        select(Ticket.concert_id, Ticket.status, func.count())
        .where(Ticket.concert_id.in_(concert_ids))
        .where((Ticket.status == "complete") | ((Ticket.status == "active") & (Ticket.expires_at > now)))
        .group_by(Ticket.concert_id, Ticket.status)
    )
    for cid, status, n in rows:
        out[cid]["completed_count" if status == "complete" else "attendee_count"] = n
    return out


def concert_summary(concert: Concert, counts: dict[str, Any]) -> dict[str, Any]:
    return {
        "slug": concert.slug,
        "title": concert.title,
        "artist": concert.artist,
        "description": concert.description,
        "genre": concert.genre,
        "mode": concert.mode,
        "duration": round(concert.duration, 1),
        "scheduled_at": concert.scheduled_at.isoformat() if concert.scheduled_at else None,
        "capacity": concert.capacity,
        "image_url": f"/api/concerts/{concert.slug}/image",
        "created_at": concert.created_at.isoformat(),
        **counts,
    }


def list_concerts(db: Database, genre: str | None, mode: str | None, sort: str, search: str | None, page: int, limit: int) -> dict[str, Any]:
    if sort not in SORTS:
        raise BadRequest(f"Unknown sort {sort!r}.", "Use sort=newest, oldest or title.")
    if mode is not None and mode not in MODES:
        raise BadRequest(f"Unknown mode {mode!r}.", "Use mode=loop or mode=scheduled.")
    with db.read() as session:
        stmt = select(Concert).where(Concert.status == "published")
        if genre:
            stmt = stmt.where(func.lower(Concert.genre) == genre.strip().lower())
        if mode:
            stmt = stmt.where(Concert.mode == mode)
        order = {"newest": (Concert.created_at.desc(), Concert.slug), "oldest": (Concert.created_at.asc(), Concert.slug), "title": (func.lower(Concert.title), Concert.slug)}[sort]
        concerts = list(session.scalars(stmt.order_by(*order)))
        extra: dict[str, Any] = {}
        matched: dict[str, Any] = {}
        if search is not None and search.strip():
            hits, fallback = search_concerts(session, search, db.dialect)
            rank = {h.concert_id: i for i, h in enumerate(hits)}
            matched = {h.concert_id: h for h in hits}
            concerts = sorted((c for c in concerts if c.id in rank), key=lambda c: rank[c.id])
            extra = {
                "search": search,
                "fallback_used": fallback,
                "available_filters": {"genres": sorted({c.genre for c in concerts if c.genre})},
            }
        total = len(concerts)
        window = concerts[(page - 1) * limit : page * limit]
        counts = _counts(session, [c.id for c in window])
        items = []
        for c in window:
            item = concert_summary(c, counts[c.id])
            if c.id in matched:
                item["matched_via"] = matched[c.id].matched_via
                item["match_method"] = matched[c.id].method
            items.append(item)
    return {"concerts": items, "total": total, "page": page, "limit": limit, **extra}


def concert_detail(db: Database, slug: str) -> dict[str, Any]:
    with db.read() as session:
        concert = get_concert(session, slug)
        counts = _counts(session, [concert.id])[concert.id]
        tracks = concert_tracks(session, concert.id)
        now = utcnow()
        attendees = session.scalars(
            select(User.username).join(Ticket, Ticket.user_id == User.id)
            .where(Ticket.concert_id == concert.id, Ticket.status == "active", Ticket.expires_at > now)
            .order_by(Ticket.created_at.desc()).limit(50)
        ).all()
        reaction_counts = dict(session.execute(select(Reaction.reaction, func.count()).where(Reaction.concert_id == concert.id).group_by(Reaction.reaction)).all())
        chat = session.execute(
            select(ChatMessage, User.username).join(User, User.id == ChatMessage.user_id)
            .where(ChatMessage.concert_id == concert.id).order_by(ChatMessage.id.desc()).limit(20)
        ).all()
        setlist = [
            {"position": t.position, "title": None if concert.setlist_hidden else t.title, "artist": None if concert.setlist_hidden else t.artist,
             "duration": round(t.duration, 1), "act_label": t.act_label, "analysis_status": t.analysis_status}
            for t in tracks
        ]  # fmt: skip
        return {
            **concert_summary(concert, counts),
            "setlist_hidden": concert.setlist_hidden,
            "tracks": setlist,
            "attendees": list(attendees),
            "reactions": reaction_counts,
            "chat": [chat_view(m, u) for m, u in reversed(chat)],
            "listen_links": concert.listen_links or [],
            "recent_reviews": recent_reviews(session, concert.id, concert.slug),
            "manifest": {
                "has_manifest": all(t.analysis_status == "complete" for t in tracks) and bool(tracks),
                "layer_count": len(ALL_LAYERS),
                "computed_layers": sorted(COMPUTED),
            },
        }


def recent_reviews(session: Session, concert_id: str, slug: str) -> list[dict[str, Any]]:
    from venue_server.models import Review
    from venue_server.services.reviews import review_view

    rows = session.execute(
        select(Review, User.username).join(User, User.id == Review.user_id).where(Review.concert_id == concert_id).order_by(Review.updated_at.desc()).limit(5)
    ).all()
    return [review_view(r, u, slug) for r, u in rows]


def chat_view(message: ChatMessage, username: str) -> dict[str, Any]:
    return {"id": message.id, "username": username, "message": message.message, "created_at": message.created_at.isoformat()}


def sections_view(timeline: Timeline, with_descriptions: bool) -> list[dict[str, Any]]:
    out = []
    for sec in timeline.sections:
        item = {k: sec[k] for k in ("start", "end", "label", "energy", "track_position")}
        if with_descriptions:
            item["dynamics"] = sec["dynamics"]
            item["description"] = f"{sec['label'].capitalize()}, {sec['dynamics']} energy around {sec['energy']:.2f}."
        out.append(item)
    return out


def layers_view(timelines: dict[str, Timeline]) -> list[dict[str, Any]]:
    """Per layer: the minimum tier, whether it is computed here, and how many events it has in this concert."""
    vip = timelines["vip"]
    out = []
    for name in ALL_LAYERS:
        item: dict[str, Any] = {"layer": name, "min_tier": MIN_TIER[name], "available": name in COMPUTED, "event_count": vip.layer_counts.get(name, 0)}
        if name not in COMPUTED:
            item["reason"] = NOT_COMPUTED_REASON.get(name, "not computed")
        out.append(item)
    return out
