"""The 29 layers, the tier that unlocks each, and which of them this server's analysis computes."""

from __future__ import annotations

TIERS = ("general", "floor", "vip")

GENERAL_LAYERS = ("bass", "mid", "treble", "beats", "lyrics", "sections", "energy", "preset_switches")
FLOOR_LAYERS = (
    "equations", "visuals", "harmonic", "percussive", "brightness", "onsets", "tempo", "words", "events",
    "emotions", "recording_mood", "recording_events",
)  # fmt: skip
VIP_LAYERS = (
    "tonality", "texture", "chroma", "tonnetz", "chords", "structure", "curator", "recording_spectral",
    "recording_beats",
)  # fmt: skip
ALL_LAYERS = GENERAL_LAYERS + FLOOR_LAYERS + VIP_LAYERS

MIN_TIER = {
    **{name: "general" for name in GENERAL_LAYERS},
    **{name: "floor" for name in FLOOR_LAYERS},
    **{name: "vip" for name in VIP_LAYERS},
}

# What the local analysis really computes; everything else is reported as not available, never invented.
COMPUTED = frozenset(
    {
        "bass", "mid", "treble", "beats", "sections", "energy", "preset_switches", "equations", "visuals",
        "brightness", "onsets", "tempo", "events", "tonality", "chroma", "tonnetz",
    }
)  # fmt: skip

NOT_COMPUTED_REASON = {
    "lyrics": "the bundled tracks are instrumental and no transcription model runs locally",
    "words": "no transcription model runs locally",
    "emotions": "no emotion model runs locally",
    "recording_mood": "no recording-level model runs locally",
    "recording_events": "no recording-level model runs locally",
    "harmonic": "harmonic/percussive separation is not computed yet",
    "percussive": "harmonic/percussive separation is not computed yet",
    "texture": "not computed by the local analysis",
    "chords": "not computed by the local analysis",
    "structure": "not computed by the local analysis (see sections)",
    "curator": "curator annotations need an LLM; none runs locally",
    "recording_spectral": "no recording-level model runs locally",
    "recording_beats": "no recording-level model runs locally",
}

TIER_UNLOCKS = {
    "floor": "Frame equations, visual state in every tick, onsets, tempo, brightness, musical events.",
    "vip": "Full equations (init, frame, pixel), color and motion summaries, chroma, tonnetz, tonality.",
}


def tier_layers(tier: str) -> tuple[str, ...]:
    if tier == "vip":
        return ALL_LAYERS
    if tier == "floor":
        return GENERAL_LAYERS + FLOOR_LAYERS
    return GENERAL_LAYERS


def next_tier(tier: str) -> str | None:
    index = TIERS.index(tier)
    return TIERS[index + 1] if index + 1 < len(TIERS) else None


def available_layers(tier: str) -> list[str]:
    return [name for name in tier_layers(tier) if name in COMPUTED]


def unavailable_layers(tier: str) -> list[dict[str, str]]:
    return [{"layer": n, "reason": NOT_COMPUTED_REASON.get(n, "not computed")} for n in tier_layers(tier) if n not in COMPUTED]
