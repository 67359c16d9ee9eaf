"""`create_app(config)`: the ASGI app, with a lifespan that migrates, seeds, and runs the background flushers."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from venue_server.config import VenueConfig
from venue_server.db import Database
from venue_server.errors import PayloadTooLarge, error_response, install_error_handlers
from venue_server.routes import all_routers
from venue_server.routes.batch_fast_path import BatchFastPath
from venue_server.services.host import MAX_UPLOAD_BYTES
from venue_server.services.seed import seed_demo
from venue_server.services.tickets import sweep_expired
from venue_server.services.venue import Venue, flush_positions

VERSION = "0.1.0"
log = logging.getLogger("venue_server")

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "suggestion", "next_steps"],
    "properties": {"error": {"type": "string"}, "suggestion": {"type": "string"}, "next_steps": {"type": "array"}, "retry_after": {"type": "integer"}},
}


class BodySizeLimit:
    """Refuse request bodies over the limit with 413, whether or not Content-Length is sent."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int) -> None:
        self.app, self.max_bytes, self.upload_bytes = app, max_bytes, upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_bytes if scope["path"].endswith("/upload") else self.max_bytes
        too_big = PayloadTooLarge(f"Request body over {limit} bytes.", f"Send at most {limit} bytes.")
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await error_response(too_big)(scope, receive, send)
                return
        seen = 0
        rejected = False
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if rejected:
                return  # we already answered 413; drop whatever the app says after the cut-off
            started = started or message["type"] == "http.response.start"
            await send(message)

        async def limited() -> Message:
            nonlocal seen, rejected
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit and not rejected:
                    if not started:
                        await error_response(too_big)(scope, receive, send)
                    rejected = True
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, limited, guarded_send)


class VenueApp(FastAPI):
    """FastAPI with the batch stream's fast path in front of its middleware and routing."""

    def build_middleware_stack(self) -> ASGIApp:
        return BatchFastPath(super().build_middleware_stack(), self)


async def _every(seconds: float, job: Any) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            await run_in_threadpool(job)
        except Exception:  # noqa: BLE001 - app edge: a background flush must never die silently or kill the server
            log.exception("background job %s failed", getattr(job, "__name__", job))


def create_app(config: VenueConfig) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(config.resolved_database_url)
        await run_in_threadpool(db.migrate)
        if config.seed_demo:
            await run_in_threadpool(seed_demo, db, config.music_dir, config.presets_dir)
        venue = Venue(config=config, db=db)
        app.state.venue = venue
        if config.tune_gc:
            # Long-lived startup objects never become garbage: move them out of the collector's sight, and collect
            # the young generation less often, so thousands of streams don't pay for full collections in the loop.
            # Process-wide, so only the server's own process asks for it (`serve`), never an embedding one.
            gc.collect()
            gc.freeze()
            gc.set_threshold(50_000, 20, 50)
        tasks = [
            asyncio.create_task(_every(1.0, lambda: flush_positions(db, venue.positions.take(), venue.tickets))),
            asyncio.create_task(_every(30.0, lambda: sweep_expired(db))),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            venue.analysis_pool.shutdown(wait=False, cancel_futures=True)
            flush_positions(db, venue.positions.take(), venue.tickets)
            db.dispose()

    app = VenueApp(
        title="Phosphene Venue API",
        version=VERSION,
        description="A local re-implementation of the AI Concert Venue agent API. Reference: /docs/api/raw.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    install_error_handlers(app)
    for router in all_routers():
        app.include_router(router)
    app.add_middleware(BodySizeLimit, max_bytes=config.max_body_bytes, upload_bytes=MAX_UPLOAD_BYTES + 64 * 1024)

    def openapi() -> dict[str, Any]:
        """FastAPI documents validation failures as 422; this API answers them 400 with error + suggestion."""
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)
                for code, text in (("400", "Invalid parameters or body"), ("401", "Missing or invalid credentials"), ("403", "Not allowed"),
                                   ("404", "Not found"), ("409", "Conflict"), ("413", "Body too large"), ("429", "Rate limited")):  # fmt: skip
                    responses.setdefault(code, {"description": text, **error_ref})
        schema["components"]["schemas"].pop("HTTPValidationError", None)
        schema["components"]["schemas"].pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
