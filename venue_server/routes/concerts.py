"""Concerts: list/search, detail, sections, layers, cover image, attend, RSVP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from venue_server.errors import BROWSE, Conflict, step
from venue_server.models import Concert, Rsvp, User
from venue_server.routes.deps import current_user, optional_user, respond, venue_of
from venue_server.services import concerts as svc
from venue_server.services.images import cover_jpeg
from venue_server.services.tickets import attend, has_ticket_for

router = APIRouter(tags=["concerts"])
Slug = Annotated[str, "concert slug"]


def _concert_steps(slug: str) -> list[dict[str, Any]]:
    return [
        step("attend", "POST", f"/api/concerts/{slug}/attend", "Get a ticket for this concert."),
        step("sections", "GET", f"/api/concerts/{slug}/sections", "See the sections timeline."),
        step("layers", "GET", f"/api/concerts/{slug}/layers", "See which layers each tier receives."),
    ]


@router.get("/api/concerts", summary="List published concerts (genre, mode, sort, search)")
def list_concerts(
    request: Request,
    genre: str | None = None,
    mode: str | None = Query(None, description="loop or scheduled"),
    sort: str = Query("newest", description="newest, oldest or title"),
    search: str | None = Query(None, max_length=200),
    page: int = Query(1, ge=1, le=10_000),
    limit: int = Query(20, ge=1, le=100),
) -> JSONResponse:
    user = optional_user(request)
    venue = venue_of(request)
    body = svc.list_concerts(venue.db, genre, mode, sort, search, page, limit)
    if user is not None:
        body["recommended_concerts"] = [c["slug"] for c in svc.list_concerts(venue.db, None, None, "newest", None, 1, 5)["concerts"]]
    steps = _concert_steps(body["concerts"][0]["slug"])[:1] if body["concerts"] else []
    if body.get("available_filters", {}).get("genres"):
        steps.append(step("filter_by_genre", "GET", f"/api/concerts?genre={body['available_filters']['genres'][0]}", "Narrow by genre."))
    if user is None:
        steps.append(step("register", "POST", "/api/auth/register", "Register to attend."))
    return respond(body, steps or [BROWSE])


@router.get("/api/concerts/{slug}", summary="Concert detail: setlist, attendees, reactions, chat, activity")
def concert_detail(slug: Slug, request: Request) -> JSONResponse:
    venue = venue_of(request)
    body = svc.concert_detail(venue.db, slug)
    with venue.db.read() as session:
        concert_id = svc.get_concert(session, slug).id
    body["activity"] = {"active_listeners": len(body["attendees"]), "reactions_per_min": venue.feed.per_minute(concert_id), "recent_reviews": 0}
    return respond(body, _concert_steps(slug))


@router.get("/api/concerts/{slug}/sections", summary="Sections timeline with energy (descriptions need a ticket)")
def sections(slug: Slug, request: Request) -> JSONResponse:
    venue = venue_of(request)
    venue.limiter.hit("GET", "/api/concerts/{slug}/sections", slug)
    user = optional_user(request)
    with venue.db.read() as session:
        concert = svc.get_concert(session, slug)
        ticketed = user is not None and has_ticket_for(session, user.id, concert.id)
    timeline = venue.timeline(concert.id, "general")
    body = {"slug": slug, "duration": timeline.duration, "sections": svc.sections_view(timeline, ticketed), "descriptions_included": ticketed}
    if not ticketed:
        body["note"] = "Section descriptions are shown to ticket holders."
    return respond(body, _concert_steps(slug)[:1])


@router.get("/api/concerts/{slug}/layers", summary="Layer metadata: min tier, availability and event counts")
def layers(slug: Slug, request: Request) -> JSONResponse:
    venue = venue_of(request)
    venue.limiter.hit("GET", "/api/concerts/{slug}/layers", slug)
    with venue.db.read() as session:
        concert = svc.get_concert(session, slug)
    items = svc.layers_view(venue.timelines(concert.id))
    counts = {tier: sum(1 for item in items if item["available"] and ("general", "floor", "vip").index(item["min_tier"]) <= i) for i, tier in enumerate(("general", "floor", "vip"))}
    return respond({"slug": slug, "layers": items, "total_layers": len(items), "available_per_tier": counts}, _concert_steps(slug)[:1])


@router.get("/api/concerts/{slug}/image", summary="Concert cover image (JPEG, generated)")
def image(slug: Slug, request: Request) -> Response:
    venue = venue_of(request)
    with venue.db.read() as session:
        concert = svc.get_concert(session, slug)
        key, title = f"cover:{concert.id}", concert.title
    data = venue.images.get(key)
    if data is None:
        timeline = venue.timeline(concert.id, "general")
        energy = [s["energy"] for s in timeline.sections]
        data = venue.images[key] = cover_jpeg(slug, title, energy)
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "public, max-age=86400"})


@router.post("/api/concerts/{slug}/attend", summary="Get a ticket (capacity and schedule are checked)")
def attend_concert(slug: Slug, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    with venue.limiter.action("POST", "/api/concerts/{slug}/attend", user.id):
        ticket, created = attend(venue.db, user, slug, venue.config.lobby_seconds)
    stream = f"/api/concerts/{slug}/stream?ticket={ticket['id']}"
    steps = [
        step("stream", "GET", stream + "&speed=3", "Start streaming (batch mode; poll next_batch).", priority="high"),
        step("stream_ndjson", "GET", stream + "&speed=3&mode=stream", "Or stream as NDJSON over one connection."),
        step("chat", "POST", f"/api/concerts/{slug}/chat", "Say hello to the room."),
    ]
    message = "Ticket issued. Enjoy the show." if created else "You already hold an active ticket for this concert; here it is."
    with venue.db.read() as session:
        concert_id = svc.get_concert(session, slug).id
    body = {"message": message, "ticket": ticket, "activity": {"reactions_per_min": venue.feed.per_minute(concert_id)}}
    return respond(body, steps, status_code=201 if created else 200)


@router.post("/api/concerts/{slug}/rsvp", summary="RSVP to a scheduled concert")
def rsvp(slug: Slug, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    try:
        with venue.db.write() as session:
            concert = svc.get_concert(session, slug)
            if concert.mode != "scheduled":
                raise Conflict("This concert loops all day; there is nothing to RSVP to.", f"Attend it now: POST /api/concerts/{slug}/attend.")
            existing = session.scalar(select(Rsvp).where(Rsvp.user_id == user.id, Rsvp.concert_id == concert.id))
            created = existing is None
            if created:
                session.add(Rsvp(user_id=user.id, concert_id=concert.id))
    except IntegrityError:
        created = False
    return respond({"message": "RSVP saved." if created else "You had already RSVPed.", "slug": slug}, [step("rsvps", "GET", "/api/me/rsvps", "See your RSVPs.")], 201 if created else 200)


@router.delete("/api/concerts/{slug}/rsvp", summary="Cancel your RSVP")
def cancel_rsvp(slug: Slug, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    with venue.db.write() as session:
        concert: Concert = svc.get_concert(session, slug)
        existing = session.scalar(select(Rsvp).where(Rsvp.user_id == user.id, Rsvp.concert_id == concert.id))
        if existing is not None:
            session.delete(existing)
    return respond({"message": "RSVP cancelled." if existing else "You had no RSVP here.", "slug": slug}, [BROWSE])


