"""The .compel container, version 1: a zip holding ``manifest.json``, the audio, the analysis
layers and the presets of a preset timeline (documented in docs/compel-format.md).

``read_compel`` validates everything a player relies on and raises ``CompelError`` naming the
field (``manifest.timeline[3].preset``) or the archive member at fault; ``write_compel`` validates
before writing, so an invalid package is never produced. No Qt, no GL.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "compel"
VERSION = 1
MANIFEST = "manifest.json"
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
ASPECT_RATIOS = ("16:9", "9:16", "4:3", "1:1", "21:9")
PLATFORMS = ("desktop", "youtube", "tiktok", "instagram", "projector")
MAX_MEMBER_BYTES = 512 * 1024 * 1024


class CompelError(Exception):
    """An invalid or unreadable package; ``field`` says where (a manifest path or a member name)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class CompelTrack:
    title: str
    audio: str  # member name, e.g. "audio/01-first-light.ogg"
    duration: float  # seconds
    start: float  # seconds from the start of the performance
    artist: str = ""
    analysis: str | None = None  # member name of the track's analysis layers (JSON)


@dataclass(frozen=True)
class PresetCue:
    t: float  # seconds from the start of the performance
    preset: str  # member name, e.g. "presets/phosphene - dusk spiral.milk"
    blend: float  # seconds; 0 is a hard cut
    reason: str = ""


@dataclass(frozen=True)
class Manifest:
    title: str
    style: str
    aspect_ratio: str
    target_platform: str
    tracks: tuple[CompelTrack, ...]
    timeline: tuple[PresetCue, ...]
    format: str = FORMAT
    version: int = VERSION
    created_by: str = "phosphene"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def duration(self) -> float:
        return max((t.start + t.duration for t in self.tracks), default=0.0)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["tracks"] = [asdict(t) for t in self.tracks]
        data["timeline"] = [asdict(c) for c in self.timeline]
        data["duration"] = round(self.duration, 3)
        extra = data.pop("extra")
        return {**extra, **data}


# -- validation -------------------------------------------------------------------------------


def _get(data: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...], required: bool = True) -> Any:
    if key not in data:
        if required:
            raise CompelError(f"{where}.{key}", "missing")
        return None
    value = data[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise CompelError(f"{where}.{key}", f"must be {name}, got {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise CompelError(f"{where}.{key}", "must be a finite number")
    return value


def _text(data: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = _get(data, key, where, str, required)
    if required and not value.strip():
        raise CompelError(f"{where}.{key}", "must not be empty")
    return value or ""


def parse_manifest(data: Any, members: set[str] | None = None) -> Manifest:
    """Check a manifest dict field by field; ``members`` (the archive's names) checks references."""
    where = "manifest"
    if not isinstance(data, dict):
        raise CompelError(where, f"must be a JSON object, got {type(data).__name__}")
    if data.get("format") != FORMAT:
        raise CompelError(f"{where}.format", f"must be {FORMAT!r}, got {data.get('format')!r}")
    version = _get(data, "version", where, int)
    if version != VERSION:
        raise CompelError(f"{where}.version", f"version {version} is not supported (this reader knows version {VERSION})")
    title = _text(data, "title", where)
    style = _text(data, "style", where)
    aspect = _text(data, "aspect_ratio", where)
    if aspect not in ASPECT_RATIOS:
        raise CompelError(f"{where}.aspect_ratio", f"must be one of {', '.join(ASPECT_RATIOS)}, got {aspect!r}")
    platform = _text(data, "target_platform", where)
    if platform not in PLATFORMS:
        raise CompelError(f"{where}.target_platform", f"must be one of {', '.join(PLATFORMS)}, got {platform!r}")

    def member(value: str, at: str, suffixes: tuple[str, ...]) -> str:
        if not value.lower().endswith(suffixes):
            raise CompelError(at, f"{value!r} must end with {' or '.join(suffixes)}")
        if value.startswith("/") or ".." in Path(value).parts:
            raise CompelError(at, f"{value!r} must be a relative path inside the archive")
        if members is not None and value not in members:
            raise CompelError(at, f"{value!r} is not in the archive")
        return value

    raw_tracks = _get(data, "tracks", where, list)
    if not raw_tracks:
        raise CompelError(f"{where}.tracks", "needs at least one track")
    tracks = []
    end = 0.0
    for i, raw in enumerate(raw_tracks):
        at = f"{where}.tracks[{i}]"
        if not isinstance(raw, dict):
            raise CompelError(at, "must be an object")
        duration = _get(raw, "duration", at, float)
        start = _get(raw, "start", at, float)
        if duration <= 0:
            raise CompelError(f"{at}.duration", f"must be positive, got {duration}")
        if start < end - 1e-3:
            raise CompelError(f"{at}.start", f"{start} overlaps the previous track (which ends at {end:g})")
        analysis = _get(raw, "analysis", at, str, required=False)
        tracks.append(CompelTrack(
            title=_text(raw, "title", at), audio=member(_text(raw, "audio", at), f"{at}.audio", AUDIO_SUFFIXES),
            duration=duration, start=start, artist=_text(raw, "artist", at, required=False),
            analysis=member(analysis, f"{at}.analysis", (".json",)) if analysis else None,
        ))  # fmt: skip
        end = start + duration
    raw_cues = _get(data, "timeline", where, list)
    cues = []
    previous = -1.0
    for i, raw in enumerate(raw_cues):
        at = f"{where}.timeline[{i}]"
        if not isinstance(raw, dict):
            raise CompelError(at, "must be an object")
        t = _get(raw, "t", at, float)
        blend = _get(raw, "blend", at, float)
        if t < 0 or t > end + 1e-3:
            raise CompelError(f"{at}.t", f"{t} is outside the performance (0..{end:g} s)")
        if t < previous:
            raise CompelError(f"{at}.t", f"{t} comes before the previous cue ({previous:g}); cues must be in time order")
        if blend < 0:
            raise CompelError(f"{at}.blend", f"must be 0 (hard cut) or more, got {blend}")
        cues.append(PresetCue(t, member(_text(raw, "preset", at), f"{at}.preset", (".milk",)), blend, _text(raw, "reason", at, required=False)))
        previous = t
    known = {"format", "version", "title", "style", "aspect_ratio", "target_platform", "tracks", "timeline", "created_by", "duration"}
    extra = {k: v for k, v in data.items() if k not in known}
    created_by = _text(data, "created_by", where, required=False) or "unknown"
    return Manifest(title, style, aspect, platform, tuple(tracks), tuple(cues), created_by=created_by, extra=extra)


# -- reading and writing ----------------------------------------------------------------------


class CompelPackage:
    """An opened .compel: the validated manifest plus access to its members."""

    def __init__(self, path: Path, manifest: Manifest, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.manifest = manifest
        self._zip = archive

    def read(self, member: str) -> bytes:
        info = self._zip.getinfo(member)
        if info.file_size > MAX_MEMBER_BYTES:
            raise CompelError(member, f"is {info.file_size} bytes, over the {MAX_MEMBER_BYTES} limit")
        return self._zip.read(member)

    def preset_text(self, member: str) -> str:
        return self.read(member).decode("utf-8", errors="replace")

    def analysis(self, track: CompelTrack) -> dict[str, Any] | None:
        if track.analysis is None:
            return None
        try:
            return json.loads(self.read(track.analysis))
        except ValueError as exc:
            raise CompelError(track.analysis, f"is not valid JSON: {exc}") from exc

    def close(self) -> None:
        self._zip.close()


def read_compel(path: str | Path) -> CompelPackage:
    """Open and validate a .compel. Raises ``CompelError``."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise CompelError(str(path), f"not a readable .compel (zip) file: {exc}") from exc
    try:
        members = set(archive.namelist())
        if MANIFEST not in members:
            raise CompelError(MANIFEST, "missing from the archive")
        try:
            data = json.loads(archive.read(MANIFEST))
        except ValueError as exc:
            raise CompelError(MANIFEST, f"is not valid JSON: {exc}") from exc
        manifest = parse_manifest(data, members)
    except CompelError:
        archive.close()
        raise
    return CompelPackage(path, manifest, archive)


def write_compel(path: str | Path, manifest: Manifest, members: dict[str, bytes]) -> Path:
    """Write the package (manifest first); validates the manifest against ``members`` first."""
    path = Path(path)
    data = manifest.to_json()
    parse_manifest(json.loads(json.dumps(data)), set(members) | {MANIFEST})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(MANIFEST, json.dumps(data, indent=1, ensure_ascii=False), zipfile.ZIP_DEFLATED)
        for name, content in members.items():
            stored = name.lower().endswith((".ogg", ".mp3", ".flac"))  # already compressed
            archive.writestr(name, content, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path
