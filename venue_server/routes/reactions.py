"""Reactions: the 20 curated ones, counts, and live crowd events into streams."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from venue_server.errors import step
from venue_server.models import User
from venue_server.routes.deps import current_user, respond, venue_of
from venue_server.schemas import ReactBody
from venue_server.services.social import list_reactions, react

router = APIRouter(tags=["reactions"])


@router.post("/api/concerts/{slug}/react", summary="React during a stream (1 per 5 s; active ticket required)")
def post_reaction(slug: str, body: ReactBody, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    with venue.limiter.action("POST", "/api/concerts/{slug}/react", user.id):
        result = react(venue.db, venue.feed, user, slug, body.reaction, body.t)
    return respond({"message": f"Reacted with {body.reaction}.", **result}, [step("reactions", "GET", f"/api/concerts/{slug}/react", "See the room's reactions.")], 201)


@router.get("/api/concerts/{slug}/react", summary="Available reactions and aggregated counts")
def get_reactions(slug: str, request: Request) -> JSONResponse:
    venue = venue_of(request)
    return respond(list_reactions(venue.db, venue.feed, slug), [step("react", "POST", f"/api/concerts/{slug}/react", "React while you stream (needs a ticket).")])
