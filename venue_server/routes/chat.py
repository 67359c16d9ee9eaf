"""Chat: 500 characters per message (longer ones truncated at a word boundary), `since`/`limit` polling."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from venue_server.errors import BadRequest, step
from venue_server.models import User
from venue_server.routes.deps import current_user, respond, venue_of
from venue_server.schemas import ChatBody
from venue_server.services.social import list_chat, post_chat

router = APIRouter(tags=["chat"])


@router.post("/api/concerts/{slug}/chat", summary="Send a message (active ticket required; 1 per 2 s)")
def send_chat(slug: str, body: ChatBody, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    with venue.limiter.action("POST", "/api/concerts/{slug}/chat", user.id):
        result = post_chat(venue.db, user, slug, body.message)
    return respond({"message": "Message sent.", **result}, [step("read_chat", "GET", f"/api/concerts/{slug}/chat", "Read the room.")], 201)


def _parse_since(since: str | None) -> datetime | None:
    if since is None:
        return None
    try:
        parsed = datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadRequest(f"since is not an ISO 8601 time: {since!r}.", "Use e.g. since=2026-03-28T12:00:00Z (the created_at of the last message you saw).") from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


@router.get("/api/concerts/{slug}/chat", summary="Messages, oldest first; since=ISO for polling, limit (default 20)")
def read_chat(slug: str, request: Request, since: str | None = Query(None, max_length=64), limit: int = Query(20, ge=1, le=100)) -> JSONResponse:
    result = list_chat(venue_of(request).db, slug, _parse_since(since), limit)
    last = result["messages"][-1]["created_at"] if result["messages"] else None
    steps = [step("poll_chat", "GET", f"/api/concerts/{slug}/chat?since={last}" if last else f"/api/concerts/{slug}/chat", "Poll for newer messages.")]
    return respond(result, steps)
