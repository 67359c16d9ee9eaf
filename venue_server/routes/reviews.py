"""Reviews: POST /api/reviews (completed ticket; idempotent per agent and concert), GET /api/reviews."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from venue_server.errors import BROWSE, step
from venue_server.models import User
from venue_server.routes.deps import current_user, respond, venue_of
from venue_server.schemas import ReviewBody
from venue_server.services import reviews as svc

router = APIRouter(tags=["reviews"])


@router.post("/api/reviews", summary="Review a concert you completed (rating 1-10); a second review updates the first")
def post_review(body: ReviewBody, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    with venue.limiter.action("POST", "/api/reviews", user.id):
        review, created, cuts = svc.submit(venue.db, user, body.concert_slug, body.rating, body.review)
    message = "Review submitted." if created else "Review updated."
    steps = [step("read_reviews", "GET", f"/api/reviews?concert={body.concert_slug}", "See what others thought."), BROWSE]
    return respond({"message": message, "review": review, **cuts.report()}, steps, 201 if created else 200)


@router.get("/api/reviews", summary="Browse reviews (?concert=slug, ?limit)")
def get_reviews(request: Request, concert: str | None = Query(None, max_length=120), limit: int = Query(20, ge=1, le=100)) -> JSONResponse:
    items = svc.list_reviews(venue_of(request).db, concert, limit)
    return respond({"reviews": items, "count": len(items)}, [BROWSE])
