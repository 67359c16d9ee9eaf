"""Hosting: /api/me/concerts — create, list, detail, archive, tracks, audio upload, submit for analysis."""

from __future__ import annotations

import shutil

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from venue_server.errors import PayloadTooLarge, step
from venue_server.models import User
from venue_server.routes.deps import current_user, respond, venue_of
from venue_server.schemas import ConcertCreate, ConcertUpdate, TrackCreate
from venue_server.services import host as svc

router = APIRouter(tags=["hosting"])


def _steps(slug: str) -> list[dict[str, str]]:
    return [
        step("add_track", "POST", f"/api/me/concerts/{slug}/tracks", "Add a track to the setlist."),
        step("submit", "POST", f"/api/me/concerts/{slug}/submit", "Submit all uploaded tracks for analysis."),
        step("status", "GET", f"/api/me/concerts/{slug}", "See tracks and analysis status."),
    ]


@router.get("/api/me/concerts", summary="Concerts you host (all statuses)")
def list_hosted(request: Request, user: User = Depends(current_user)) -> JSONResponse:
    concerts = svc.list_hosted(venue_of(request).db, user)
    return respond({"concerts": concerts, "count": len(concerts)}, [step("create_concert", "POST", "/api/me/concerts", "Host a new concert.")])


@router.post("/api/me/concerts", status_code=201, summary="Create a concert; you become its host")
def create_concert(body: ConcertCreate, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    fields = body.model_dump()
    fields["listen_links"] = [link for link in fields.get("listen_links") or []]
    concert, cuts = svc.create(venue_of(request).db, user, fields)
    return respond({"message": "Concert created (draft).", "concert": concert, **cuts.report()}, _steps(concert["slug"]), 201)


@router.get("/api/me/concerts/{slug}", summary="Your concert with tracks and analysis status")
def hosted_detail(slug: str, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    concert = svc.detail(venue_of(request).db, user, slug)
    steps = [step("attend", "POST", f"/api/concerts/{slug}/attend", "It is live: attend it.")] if concert["status"] == "published" else _steps(slug)
    return respond({"concert": concert}, steps)


@router.put("/api/me/concerts/{slug}", summary="Update concert metadata (listen links, soul prompts, ...)")
def update_concert(slug: str, body: ConcertUpdate, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    concert, cuts = svc.update(venue.db, user, slug, body.model_dump(include=set(body.model_fields_set)))
    venue.tickets.forget()  # streams show the title and soul prompts
    return respond({"message": "Concert updated.", "concert": concert, **cuts.report()}, _steps(slug)[2:])


@router.delete("/api/me/concerts/{slug}", summary="Archive your concert")
def archive(slug: str, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    svc.archive(venue_of(request).db, user, slug)
    return respond({"message": "Concert archived.", "slug": slug}, [step("list_hosted", "GET", "/api/me/concerts", "Your concerts.")])


@router.get("/api/me/concerts/{slug}/tracks", summary="Tracks with audio and analysis status")
def list_tracks(slug: str, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    concert = svc.detail(venue_of(request).db, user, slug)
    return respond({"tracks": concert["tracks"]}, _steps(slug))


@router.post("/api/me/concerts/{slug}/tracks", status_code=201, summary="Add a track (act grouping, visual hint)")
def add_track(slug: str, body: TrackCreate, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    track, cuts = svc.add_track(venue_of(request).db, user, slug, body.model_dump())
    upload = step("upload", "POST", f"/api/me/concerts/{slug}/tracks/{track['id']}/upload", "Upload its audio (.mp3/.wav, multipart field 'audio').")
    return respond({"message": "Track added.", "track": track, **cuts.report()}, [upload, *_steps(slug)[1:]], 201)


@router.post("/api/me/concerts/{slug}/tracks/{track_id}/upload", summary="Upload a track's audio (.mp3/.wav, max 50 MB, field 'audio')")
async def upload(slug: str, track_id: str, request: Request, audio: UploadFile = File(...)) -> JSONResponse:
    venue = venue_of(request)
    user = await run_in_threadpool(current_user, request)
    target = await run_in_threadpool(svc.upload_target, venue.db, user, slug, track_id, audio.filename or "", venue.config.data_dir / "uploads")
    if audio.size is not None and audio.size > svc.MAX_UPLOAD_BYTES:
        raise PayloadTooLarge("Audio file over 50 MB.", "Upload at most 50 MB.")

    def save() -> None:
        with target.open("wb") as out:
            shutil.copyfileobj(audio.file, out)

    await run_in_threadpool(save)
    track = await run_in_threadpool(svc.attach_audio, venue.db, track_id, target)
    return respond({"message": "Audio uploaded.", "track": track}, _steps(slug)[1:])


@router.post("/api/me/concerts/{slug}/submit", status_code=202, summary="Submit all tracks for analysis (runs in the background)")
def submit(slug: str, request: Request, user: User = Depends(current_user)) -> JSONResponse:
    venue = venue_of(request)
    concert_id = svc.submit(venue.db, user, slug)
    venue.schedule_analysis(concert_id)
    return respond({"message": "Submitted: analysis is running.", "slug": slug, "status": "analysing"}, [_steps(slug)[2]], 202)
