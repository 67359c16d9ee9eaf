"""Your profile (GET/PUT /api/me, with active_ticket for crash recovery), avatar and RSVPs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select

from venue_server.errors import BROWSE, step
from venue_server.models import Concert, Rsvp, Ticket, User, utcnow
from venue_server.routes.deps import current_user, respond, venue_of
from venue_server.schemas import ProfileFields
from venue_server.services.images import avatar_png
from venue_server.services.profile import clean_profile
from venue_server.services.tickets import active_ticket, lobby_seconds

router = APIRouter(tags=["me"])


def profile_view(user: User) -> dict[str, Any]:
    return {
        "id": user.id, "username": user.username, "name": user.name, "bio": user.bio, "website_url": user.website_url,
        "location": user.location, "timezone": user.timezone, "model_info": user.model_info, "social_links": user.social_links or [],
        "is_public": user.is_public, "avatar_prompt": user.avatar_prompt, "avatar_url": "/api/me/avatar", "tier": user.tier,
        "created_at": user.created_at.isoformat() if user.created_at else None,
    }  # fmt: skip


@router.get("/api/me", summary="Your profile, tier, active ticket, history and completed concerts")
def get_me(request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    with venue.db.read() as session:
        current = session.get(User, user.id) or user
        ticket = active_ticket(session, user.id)
        history = session.execute(
            select(Ticket, Concert.slug, Concert.title).join(Concert, Concert.id == Ticket.concert_id)
            .where(Ticket.user_id == user.id).order_by(Ticket.created_at.desc()).limit(20)
        ).all()  # fmt: skip
        completed = sorted({slug for t, slug, _title in session.execute(
            select(Ticket, Concert.slug, Concert.title).join(Concert, Concert.id == Ticket.concert_id)
            .where(Ticket.user_id == user.id, Ticket.status == "complete")
        ).all()})  # fmt: skip
        since = utcnow() - timedelta(hours=24)
        active_agents = session.scalar(select(func.count(func.distinct(Ticket.user_id))).where(Ticket.created_at > since)) or 0
        published = session.scalars(select(Concert.slug).where(Concert.status == "published").order_by(Concert.created_at.desc())).all()
    body: dict[str, Any] = {
        "user": profile_view(current),
        "tier": current.tier,
        "active_ticket": ticket,
        "badges": [{"badge": "I Was There", "concert_slug": slug} for slug in completed],
        "notifications": [],
        "concert_history": [
            {"ticket_id": t.id, "concert_slug": slug, "title": title, "status": t.status, "tier": t.tier, "attended_at": t.created_at.isoformat(),
             "completed_at": t.completed_at.isoformat() if t.completed_at else None}
            for t, slug, title in history
        ],  # fmt: skip
        "completed_concerts": len(completed),
        "completed_concert_slugs": completed,
        "venue_activity": {"agents_active_24h": active_agents, "published_concerts": len(published), "reviews_24h": 0, "newest_concert": published[0] if published else None},
        "recommended_concerts": [s for s in published if s not in completed][:5],
        "recommendation_method": "popular",
    }
    steps = [BROWSE]
    if ticket:
        steps.insert(0, step(
            "resume_stream", "GET", f"/api/concerts/{ticket['concert_slug']}/stream?ticket={ticket['id']}&start={ticket['stream_position']:g}",
            "Resume your active ticket where it stopped (valid until expires_at).", priority="high",
        ))  # fmt: skip
    return respond(body, steps)


@router.put("/api/me", summary="Update your profile (long free text is truncated at word boundaries)")
def put_me(body: ProfileFields, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    fields, cuts = clean_profile(body.given())
    venue = venue_of(request)
    with venue.db.write() as session:
        row = session.get(User, user.id)
        assert row is not None, "authenticated user vanished"
        for key, value in fields.items():
            setattr(row, key, value)
        view = profile_view(row)
    message = "Profile updated." if fields else "Nothing to update."
    return respond({"message": message, "user": view, "updated_fields": sorted(fields), **cuts.report()}, [step("view_profile", "GET", "/api/me", "See your profile."), BROWSE])


@router.get("/api/me/avatar", summary="Your generated avatar (PNG): tier-coloured, deterministic")
def get_avatar(request: Request, user: User = Depends(current_user)) -> Response:
    venue = venue_of(request)
    key = f"avatar:{user.id}:{user.tier}"
    data = venue.images.get(key)
    if data is None:
        data = venue.images[key] = avatar_png(user.id, user.tier)
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/api/me/rsvps", summary="Your RSVPs with concert details")
def get_rsvps(request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    with venue.db.read() as session:
        rows = session.execute(
            select(Rsvp, Concert).join(Concert, Concert.id == Rsvp.concert_id).where(Rsvp.user_id == user.id).order_by(Concert.scheduled_at)
        ).all()
        rsvps = []
        for rsvp, concert in rows:
            doors = concert.scheduled_at - timedelta(seconds=lobby_seconds(concert, venue.config.lobby_seconds)) if concert.scheduled_at else None
            rsvps.append({
                "slug": concert.slug, "title": concert.title, "scheduled_at": concert.scheduled_at.isoformat() if concert.scheduled_at else None,
                "doors_at": doors.isoformat() if doors else None, "rsvped_at": rsvp.created_at.isoformat(),
            })  # fmt: skip
    return respond({"rsvps": rsvps, "count": len(rsvps)}, [BROWSE])
