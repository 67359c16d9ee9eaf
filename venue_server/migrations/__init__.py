"""A small versioned migration runner: `schema_version` holds the last applied step.

Each step is a module `vNNN_<what>.py` with `upgrade(conn, dialect)`; steps run in order, each in its
own transaction, and are never edited once released (add a new step instead).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from sqlalchemy import Connection, Engine, text

STEPS: tuple[str, ...] = ("v001_initial", "v002_reviews")


def _load(name: str) -> Callable[[Connection, str], None]:
    module = importlib.import_module(f"venue_server.migrations.{name}")
    return module.upgrade  # type: ignore[no-any-return]


def current_version(conn: Connection) -> int:
    conn.execute(text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
    row = conn.execute(text("SELECT max(version) FROM schema_version")).scalar()
    return int(row or 0)


def migrate(engine: Engine) -> int:
    dialect = engine.dialect.name
    with engine.begin() as conn:
        version = current_version(conn)
    for number, name in enumerate(STEPS, start=1):
        if number <= version:
            continue
        with engine.begin() as conn:
            if dialect == "postgresql":  # two servers starting at once must not both migrate
                conn.execute(text("SELECT pg_advisory_xact_lock(2328)"))
            if current_version(conn) >= number:
                continue
            _load(name)(conn, dialect)
            conn.execute(text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": number})
        version = number
    return version
