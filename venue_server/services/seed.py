"""First start: publish a demo concert made of Phosphene's own bundled tracks, analysed for real.

The presets folder is read now, at seed time; if it is empty the concert simply has no preset switches.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from venue_server.analysis import analyse_file, load_presets
from venue_server.analysis.decode import AudioDecodeError
from venue_server.db import Database
from venue_server.errors import Conflict
from venue_server.models import Concert
from venue_server.services.hosting import TrackSpec, create_concert

log = logging.getLogger(__name__)

DEMO_SLUG = "phosphene-first-light"


@dataclass(frozen=True)
class DemoTrack:
    filename: str
    title: str
    act_label: str
    act_description: str
    visual_hint: str


DEMO_TRACKS = (
    DemoTrack("phosphene-first-light.ogg", "First Light", "ACT I: IGNITION", "A pad wakes, then the kick arrives.", "Slow teal bloom into bright pulses"),
    DemoTrack("phosphene-phase-garden.ogg", "Phase Garden", "ACT II: BLOOM", "Minor chords drifting over a steady groove.", "Violet phase patterns, gentle rotation"),
)


def seed_demo(db: Database, music_dir: Path, presets_dir: Path) -> bool:
    """Create the demo concert unless it exists; returns True when it was created."""
    with db.read() as session:
        if session.scalar(select(Concert.id).where(Concert.slug == DEMO_SLUG)):
            return False
    presets = load_presets(presets_dir)
    specs = []
    for demo in DEMO_TRACKS:
        path = music_dir / demo.filename
        try:
            analysis = analyse_file(path, presets)
        except (AudioDecodeError, OSError) as exc:
            log.warning("demo track %s not analysed: %s", path, exc)
            analysis = None
        specs.append(TrackSpec(demo.title, "Phosphene", analysis, demo.act_label, demo.act_description, demo.visual_hint, str(path)))
    try:
        create_concert(
            db, "First Light", specs, slug=DEMO_SLUG, artist="Phosphene", genre="electronic", mode="loop",
            description="Two short original pieces composed and synthesised by Phosphene itself, looping all day.",
            soul_prompts={"meta": "You are early. The room is dark except for one slow pulse of teal."},
        )  # fmt: skip
    except Conflict:  # another server process seeded it first
        return False
    return True
