"""Step 2: reviews (one per agent and concert)."""

from __future__ import annotations

from sqlalchemy import Connection

from venue_server.models import Base


def upgrade(conn: Connection, dialect: str) -> None:
    Base.metadata.create_all(conn, tables=[Base.metadata.tables["reviews"]])
