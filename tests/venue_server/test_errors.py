"""The app edge: even an unexpected bug answers 500 in the venue's error shape."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from venue_server.app import create_app
from venue_server.config import VenueConfig


def test_unexpected_errors_answer_500_with_error_and_suggestion(tmp_path: Path) -> None:
    app = create_app(VenueConfig(data_dir=tmp_path, seed_demo=False))

    @app.get("/api/test-bug")
    def bug() -> None:
        raise RuntimeError("a bug")

    async def call() -> httpx.Response:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://venue") as client:
                return await client.get("/api/test-bug")

    response = asyncio.run(call())
    assert response.status_code == 500
    body = response.json()
    assert body["error"] == "Internal error." and body["suggestion"] and body["next_steps"]


def test_health_reports_an_unreachable_database_as_503(tmp_path: Path) -> None:
    from venue_server.db import Database

    app = create_app(VenueConfig(data_dir=tmp_path, seed_demo=False))

    async def call() -> tuple[httpx.Response, httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://venue") as client:
                healthy = await client.get("/api/health")
                venue = app.state.venue
                working, venue.db = venue.db, Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
                try:
                    return healthy, await client.get("/api/health")
                finally:
                    venue.db.dispose()
                    venue.db = working

    healthy, broken = asyncio.run(call())
    assert healthy.status_code == 200 and healthy.json()["database"]["status"] == "ok"
    assert broken.status_code == 503
    body = broken.json()
    assert body["status"] == "degraded" and body["database"]["status"] == "error" and body["error"] and body["suggestion"]
