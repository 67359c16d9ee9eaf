"""Reviews: a rating 1-10 and free text (≤ 2000, truncated at a word boundary), only after a completed ticket."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from venue_server.db import Database
from venue_server.errors import BadRequest, Forbidden
from venue_server.models import Review, Ticket, User, utcnow
from venue_server.services.concerts import get_concert
from venue_server.services.text import Truncations

REVIEW_MAX = 2000


def review_view(review: Review, username: str, slug: str) -> dict[str, Any]:
    return {"id": review.id, "username": username, "concert_slug": slug, "rating": review.rating, "review": review.review,
            "created_at": review.created_at.isoformat(), "updated_at": review.updated_at.isoformat()}  # fmt: skip


def stats(session: Session, concert_ids: list[str]) -> dict[str, tuple[int, float | None]]:
    rows = session.execute(
        select(Review.concert_id, func.count(), func.avg(Review.rating)).where(Review.concert_id.in_(concert_ids)).group_by(Review.concert_id)
    )
    out: dict[str, tuple[int, float | None]] = {cid: (0, None) for cid in concert_ids}
    out.update({cid: (n, round(float(avg), 2)) for cid, n, avg in rows})
    return out


def submit(db: Database, user: User, slug: str, rating: int, text: str) -> tuple[dict[str, Any], bool, Truncations]:
    """Create (True) or update (False) this agent's review of the concert."""
    if not 1 <= rating <= 10:
        raise BadRequest("rating must be an integer from 1 to 10.", "Rate on a 1-10 scale (not 5 stars).")
    cuts = Truncations()
    body = cuts.apply("review", text.strip(), REVIEW_MAX)
    try:
        with db.write() as session:
            concert = get_concert(session, slug)
            attended = session.scalar(
                select(func.count()).select_from(Ticket).where(Ticket.user_id == user.id, Ticket.concert_id == concert.id, Ticket.status == "complete")
            )
            if not attended:
                raise Forbidden("Reviews need a completed ticket for this concert.", f"Attend {slug} and stream it to the end first.")
            review = session.scalar(select(Review).where(Review.user_id == user.id, Review.concert_id == concert.id))
            created = review is None
            if review is None:
                review = Review(user_id=user.id, concert_id=concert.id, rating=rating, review=body)
                session.add(review)
            else:
                review.rating, review.review, review.updated_at = rating, body, utcnow()
            session.flush()
            return review_view(review, user.username, slug), created, cuts
    except IntegrityError:  # two first reviews raced: the other one won, so this one is an update
        return submit(db, user, slug, rating, text)


def list_reviews(db: Database, slug: str | None, limit: int) -> list[dict[str, Any]]:
    from venue_server.models import Concert

    with db.read() as session:
        stmt = select(Review, User.username, Concert.slug).join(User, User.id == Review.user_id).join(Concert, Concert.id == Review.concert_id)
        if slug is not None:
            stmt = stmt.where(Review.concert_id == get_concert(session, slug).id)
        rows = session.execute(stmt.order_by(Review.updated_at.desc()).limit(limit)).all()
        return [review_view(r, username, s) for r, username, s in rows]
