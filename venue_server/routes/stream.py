"""GET /api/concerts/:slug/stream — batch JSON windows by default, NDJSON with mode=stream.

Batch re-fetches and countdowns served from memory never reach this route: batch_fast_path.py answers them first.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from venue_server.errors import BadRequest
from venue_server.routes.deps import current_user, venue_of
from venue_server.services.batch import batch
from venue_server.services.streaming import open_ndjson

router = APIRouter(tags=["stream"])


@router.get(
    "/api/concerts/{slug}/stream",
    summary="Stream the concert (batch JSON by default; mode=stream for NDJSON)",
    responses={200: {"content": {"application/json": {}, "application/x-ndjson": {}}}},
)
async def stream(
    slug: str,
    request: Request,
    ticket: str = Query(..., min_length=1, max_length=64, description="Your ticket id (required)"),
    start: float | None = Query(None, ge=0, le=1e7, description="Resume from this concert time (s)"),
    mode: str | None = Query(None, description="'stream' for NDJSON; default batch"),
    speed: float = Query(3, description="1-10 (dev mode up to 50)"),
    window: float = Query(30, description="Batch window in seconds of concert time, 10-120"),
) -> Response:
    venue = venue_of(request)
    if mode not in (None, "batch", "stream"):
        raise BadRequest(f"Unknown mode {mode!r}.", "Omit mode for batch JSON, or use mode=stream for NDJSON.")
    if mode == "stream":
        user = await run_in_threadpool(current_user, request)
        lines = await open_ndjson(venue, user, slug, ticket, start, speed)
        return StreamingResponse(lines, media_type="application/x-ndjson", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    def one_batch() -> bytes:  # one trip to the thread pool: authenticate, then build the window
        return batch(venue, current_user(request), slug, ticket, start, window, speed)

    venue.batch_answers["database"] += 1
    body = await run_in_threadpool(one_batch)
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})
