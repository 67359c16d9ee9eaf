"""Concert search in three layers: full-text (FTS5 / tsvector), then substring, then fuzzy word similarity.

Searches concert titles/artists/descriptions and track titles/artists alike; each hit says whether it
matched through the concert or one of its tracks.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from venue_server.models import Concert, SearchDocument

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    concert_id: str
    matched_via: str  # "concert" or "track"
    method: str  # "fts", "substring" or "fuzzy"
    score: float


def _best(rows: list[tuple[str, str, float]], method: str) -> list[SearchHit]:
    """Collapse per-document hits to one per concert, preferring concert-level matches on equal score."""
    best: dict[str, SearchHit] = {}
    for concert_id, kind, score in rows:
        hit = SearchHit(concert_id, kind, method, float(score))
        cur = best.get(concert_id)
        if cur is None or (hit.score, hit.matched_via == "concert") > (cur.score, cur.matched_via == "concert"):
            best[concert_id] = hit
    return sorted(best.values(), key=lambda h: -h.score)


def _fts(session: Session, words: list[str], dialect: str) -> list[SearchHit]:
    if dialect == "sqlite":
        match = " ".join(f'"{w}"*' for w in words)
        rows = session.execute(
            text(
                "SELECT d.concert_id, d.kind, -bm25(search_fts) FROM search_fts JOIN search_documents d"
                " ON d.id = search_fts.rowid WHERE search_fts MATCH :q"
            ),
            {"q": match},
        ).all()
    else:
        query = " & ".join(f"{w}:*" for w in words)
        rows = session.execute(
            text(
                "SELECT concert_id, kind, ts_rank(body_tsv, to_tsquery('english', :q)) FROM search_documents"
                " WHERE body_tsv @@ to_tsquery('english', :q)"
            ),
            {"q": query},
        ).all()
    return _best([(r[0], r[1], r[2]) for r in rows], "fts")


def _substring(session: Session, query: str) -> list[SearchHit]:
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = session.execute(
        select(SearchDocument.concert_id, SearchDocument.kind).where(
            SearchDocument.body.ilike(f"%{escaped}%", escape="\\")
        )
    ).all()
    return _best([(r[0], r[1], 1.0) for r in rows], "substring")


def _fuzzy(session: Session, words: list[str]) -> list[SearchHit]:
    rows = session.execute(select(SearchDocument.concert_id, SearchDocument.kind, SearchDocument.body)).all()
    scored = []
    for concert_id, kind, body in rows:
        vocab = {w.lower() for w in _WORD.findall(body)}
        if not vocab:
            continue
        score = sum(max(difflib.SequenceMatcher(None, w, v).ratio() for v in vocab) for w in words) / len(words)
        if score >= 0.75:
            scored.append((concert_id, kind, score))
    return _best(scored, "fuzzy")


def search_concerts(session: Session, query: str, dialect: str) -> tuple[list[SearchHit], bool]:
    """Hits (best first) and whether a fallback layer was needed because full-text found nothing."""
    words = [w.lower() for w in _WORD.findall(query)][:10]
    if not words:
        return [], False
    hits = _fts(session, words, dialect)
    if hits:
        return hits, False
    hits = _substring(session, query.strip())
    if hits:
        return hits, True
    return _fuzzy(session, words), True


def index_concert(session: Session, concert: Concert, tracks: list[tuple[str, str | None]]) -> None:
    """(Re)write the search documents of one concert: itself and each (title, artist) track."""
    for doc in session.scalars(select(SearchDocument).where(SearchDocument.concert_id == concert.id)):
        session.delete(doc)
    session.flush()
    body = " ".join(x for x in (concert.title, concert.artist or "", concert.description or "", concert.genre or "") if x)
    session.add(SearchDocument(concert_id=concert.id, kind="concert", body=body))
    for title, artist in tracks:
        session.add(SearchDocument(concert_id=concert.id, kind="track", body=f"{title} {artist or ''}".strip()))
