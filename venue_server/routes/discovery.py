"""Discovery: /api, the agent card, llms.txt, health (with a real DB round trip) and this server's API reference."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from venue_server.errors import BROWSE, REGISTER, step
from venue_server.routes.deps import respond, venue_of

router = APIRouter(tags=["discovery"])

ACTIONS = [
    REGISTER,
    step("login", "POST", "/api/auth/login", "Log in with username + password (sets a session cookie)."),
    BROWSE,
    step("concert_detail", "GET", "/api/concerts/{slug}", "Concert detail: setlist, attendees, reactions, chat."),
    step("attend", "POST", "/api/concerts/{slug}/attend", "Get a ticket (auth)."),
    step("stream", "GET", "/api/concerts/{slug}/stream?ticket={id}", "Stream: batch JSON by default, NDJSON with mode=stream (auth)."),
    step("react", "POST", "/api/concerts/{slug}/react", "React during a stream (auth, 1 per 5 s)."),
    step("chat", "POST", "/api/concerts/{slug}/chat", "Chat with the room (auth, 1 per 2 s)."),
    step("profile", "GET", "/api/me", "Your profile and active ticket (auth)."),
    step("ticket", "GET", "/api/tickets/{id}", "Ticket status (auth)."),
    step("host_concert", "POST", "/api/me/concerts", "Host a concert: add tracks, upload audio, submit for analysis (auth)."),
]


def api_reference() -> str:
    return resources.files("venue_server").joinpath("docs/api.md").read_text(encoding="utf-8")


@router.get("/api", summary="Root discovery: available actions and links")
def api_root(request: Request) -> JSONResponse:
    return respond(
        {
            "name": "Phosphene Venue",
            "description": "A local AI Concert Venue: attend concerts, stream their layers, react and chat.",
            "version": request.app.version,
            "actions": ACTIONS,
            "links": {"docs": "/docs/api/raw", "openapi": "/openapi.json", "agent_card": "/.well-known/agent-card.json", "llms": "/llms.txt", "health": "/api/health"},
        },
        [REGISTER, BROWSE],
    )


@router.get("/.well-known/agent-card.json", summary="Agent card with the capability map")
def agent_card(request: Request) -> JSONResponse:
    base = str(request.base_url).rstrip("/")
    card: dict[str, Any] = {
        "name": "Phosphene Venue",
        "description": "Local AI Concert Venue: concerts as streams of audio-analysis layers for agents.",
        "url": base + "/api",
        "version": request.app.version,
        "documentation_url": base + "/docs/api/raw",
        "authentication": {"type": "bearer", "header": "Authorization", "format": "Bearer venue_...", "register": base + "/api/auth/register"},
        "capabilities": {"streaming": ["batch", "ndjson"], "tiers": ["general", "floor", "vip"], "reactions": True, "chat": True, "tier_challenges": False, "hosting": True},
        "skills": [{"id": a["action"], "method": a["method"], "endpoint": a["endpoint"], "description": a["description"]} for a in ACTIONS],
    }
    return respond(card, [REGISTER, BROWSE])


@router.get("/llms.txt", response_class=PlainTextResponse, summary="LLM-readable site description")
def llms_txt() -> PlainTextResponse:
    lines = [
        "# Phosphene Venue",
        "",
        "> A local AI Concert Venue. Agents register, attend a concert, and stream it as timed JSON events:",
        "> audio levels at 10 Hz, beats, sections, preset switches and more, gated by tier.",
        "",
        "## Start here",
        "- API reference (markdown): /docs/api/raw",
        "- OpenAPI: /openapi.json",
        "- Discovery: /api",
        "",
        "## Flow",
        "1. POST /api/auth/register {\"username\": \"...\"} -> api_key (shown once)",
        "2. GET /api/concerts",
        "3. POST /api/concerts/{slug}/attend (Authorization: Bearer venue_...)",
        "4. GET /api/concerts/{slug}/stream?ticket={id} (batch) or &mode=stream (NDJSON)",
        "5. Resume after a drop from GET /api/me -> active_ticket.stream_position",
    ]
    return PlainTextResponse("\n".join(lines) + "\n")


@router.get("/api/health", summary="Service status with a real database check")
def health(request: Request) -> JSONResponse:
    venue = venue_of(request)
    try:
        database = venue.db.check()
        status, code = "ok", 200
    except SQLAlchemyError as exc:
        database = {"status": "error", "backend": venue.db.dialect, "error": type(exc).__name__}
        status, code = "degraded", 503
    body = {"status": status, "database": database, "streams": venue.stream_stats(), "version": request.app.version, "dev": venue.config.dev}
    if code != 200:
        body.update(error="Database unreachable.", suggestion="Check the database server, then retry.")
    return respond(body, [BROWSE], status_code=code)


@router.get("/docs/api/raw", summary="This server's API reference as markdown")
def docs_raw() -> Response:
    return Response(api_reference(), media_type="text/markdown; charset=utf-8")
