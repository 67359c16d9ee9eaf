"""Step 1: the initial tables, plus full-text search (SQLite FTS5 / PostgreSQL tsvector + GIN)."""

from __future__ import annotations

from sqlalchemy import Connection, text

from venue_server.models import Base

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_documents', content_rowid='id',"
    " tokenize='porter unicode61')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN"
    " INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body);"
    " INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body); END",
)

_POSTGRES_FTS = (
    "ALTER TABLE search_documents ADD COLUMN body_tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('english', body)) STORED",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING GIN (body_tsv)",
)


V1_TABLES = ("users", "web_sessions", "concerts", "tracks", "tickets", "reactions", "chat_messages", "rsvps", "search_documents")


def upgrade(conn: Connection, dialect: str) -> None:
    Base.metadata.create_all(conn, tables=[Base.metadata.tables[name] for name in V1_TABLES])
    for statement in _SQLITE_FTS if dialect == "sqlite" else _POSTGRES_FTS:
        conn.execute(text(statement))
