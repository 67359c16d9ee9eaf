"""GET /api/tickets/:id — only the owner may read a ticket."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from venue_server.errors import BROWSE, step
from venue_server.models import User
from venue_server.routes.deps import current_user, respond, venue_of
from venue_server.services.tickets import get_ticket

router = APIRouter(tags=["tickets"])


@router.get("/api/tickets/{ticket_id}", summary="Ticket status: status, tier, stream_position, expires_at, completed_at")
def ticket_status(ticket_id: str, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    ticket = get_ticket(venue_of(request).db, user, ticket_id)
    if ticket["status"] == "active":
        url = f"/api/concerts/{ticket['concert_slug']}/stream?ticket={ticket['id']}&start={ticket['stream_position']:g}"
        steps = [step("resume_stream", "GET", url, "Resume streaming from stream_position.", priority="high")]
    else:
        steps = [step("attend_again", "POST", f"/api/concerts/{ticket['concert_slug']}/attend", "Get a new ticket for another session."), BROWSE]
    return respond({"ticket": ticket}, steps)
