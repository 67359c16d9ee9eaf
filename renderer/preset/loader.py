"""Turning .milk bytes into a :class:`Preset`, the way MilkDrop 2's ``CState::Import`` reads them."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .code_blocks import read_code, read_shader_lines
from .custom import MAX_CUSTOM_SHAPES, MAX_CUSTOM_WAVES, read_shapes, read_waves
from .diagnostics import INFO, WARNING, Diagnostic
from .errors import PresetLoadError
from .milk_file import MilkFile
from .settings import (
    INNER_BORDER_DEFAULTS,
    OUTER_BORDER_DEFAULTS,
    BasicWaveSettings,
    BlurSettings,
    CompositeSettings,
    EchoSettings,
    FeedbackSettings,
    MotionSettings,
    read_border,
    read_group,
    read_motion_vectors,
)
from .state import DEFAULT_PRESET_VERSION, Preset

MAX_PS_VERSION = 4  # MD2_PS_3_0; 5 (ps_4_0) is not supported by MilkDrop 2
VERSION_KEYS = ("MILKDROP_PRESET_VERSION", "PSVERSION", "PSVERSION_WARP", "PSVERSION_COMP")

# Keys of a MilkDrop 1.x derivative dialect (seen with 5 waves/shapes); MilkDrop 2 ignores them.
_FOREIGN_KEY = re.compile(
    r"^(nWrapMode_[xy]|nEchoWrap_[xy]|wavecode_\d+_(bDrawBack|[xy])"
    r"|shapecode_\d+_(bDrawBack|tex_capture|tex_c[xy]|[xy]_wrap_mode))$"
)
_EXTRA_SLOT = re.compile(r"^(wavecode|shapecode|wave|shape)_(\d+)_")


def load_preset(path: str | os.PathLike, *, duplicates: str = "milkdrop2") -> Preset:
    """Read and parse a .milk file. Raises :class:`PresetLoadError` only if it cannot be read.

    ``duplicates``: which line a repeated key takes, ``"first"`` (projectM) or ``"milkdrop2"``
    (MilkDrop 2's sequential reader, the default: presets were authored against it); they differ
    in a handful of real files, always with a warning.
    """
    file_path = Path(path)
    try:
        data = file_path.read_bytes()
    except OSError as exc:
        raise PresetLoadError(file_path, f"cannot read preset file: {exc.strerror or exc}") from exc
    return _build(MilkFile.from_bytes(data, duplicates), file_path.stem, file_path)


def parse_preset(data: bytes | str, name: str = "<memory>", *, duplicates: str = "milkdrop2") -> Preset:
    """Parse .milk content; never raises for bad content (see ``Preset.diagnostics``).

    ``duplicates`` as for :func:`load_preset` (a ValueError for any other value is a caller bug).
    """
    milk = MilkFile.from_bytes(data, duplicates) if isinstance(data, bytes) else MilkFile(data, duplicates)
    return _build(milk, name, None)


def _build(milk: MilkFile, name: str, path: Path | None) -> Preset:
    version, warp_ps, comp_ps = _read_versions(milk)
    rating = milk.get_float("fRating", 3.0)
    composite = read_group(milk, CompositeSettings)
    echo = read_group(milk, EchoSettings)
    feedback = read_group(milk, FeedbackSettings)
    blur = read_group(milk, BlurSettings)
    basic_wave = read_group(milk, BasicWaveSettings)
    motion_vectors = read_motion_vectors(milk)
    waves = read_waves(milk)
    shapes = read_shapes(milk)
    motion = read_group(milk, MotionSettings)
    outer_border = read_border(milk, "ob", OUTER_BORDER_DEFAULTS)
    inner_border = read_border(milk, "ib", INNER_BORDER_DEFAULTS)
    code = read_code(milk)
    warp_shader = _shader_text(milk, "warp", warp_ps, version)
    comp_shader = _shader_text(milk, "comp", comp_ps, version)
    _report_unused(milk)
    diagnostics = sorted(milk.diagnostics, key=lambda d: d.line)
    return Preset(
        name=name,
        path=path,
        version=version,
        warp_ps_version=warp_ps,
        comp_ps_version=comp_ps,
        rating=rating,
        motion=motion,
        feedback=feedback,
        echo=echo,
        composite=composite,
        basic_wave=basic_wave,
        outer_border=outer_border,
        inner_border=inner_border,
        motion_vectors=motion_vectors,
        blur=blur,
        waves=waves,
        shapes=shapes,
        code=code,
        warp_shader=warp_shader,
        comp_shader=comp_shader,
        diagnostics=diagnostics,
    )


def _read_versions(milk: MilkFile) -> tuple[int, int, int]:
    """(preset version, warp PS version, comp PS version) as MilkDrop 2 decides them."""
    for key in VERSION_KEYS:
        milk.used.add(key)
    version = milk.get_int("MILKDROP_PRESET_VERSION", DEFAULT_PRESET_VERSION)
    if version < 200:  # MilkDrop 1.x era: no shaders whatever the file says
        warp = comp = 0
    elif version == 200:  # MilkDrop 2.0 had one PSVERSION for both shaders
        warp = comp = milk.get_int("PSVERSION", 2)
    else:
        warp = milk.get_int("PSVERSION_WARP", 2)
        comp = milk.get_int("PSVERSION_COMP", 2)
    for which, value in (("PSVERSION_WARP", warp), ("PSVERSION_COMP", comp)):
        if value > MAX_PS_VERSION or value < 0:
            entry = milk.entries.get(which) or milk.entries.get("PSVERSION")
            milk.diagnostics.append(
                Diagnostic(entry.line if entry else 0, which, f"pixel shader version {value} is not one "
                           f"MilkDrop 2 supports (0, 2, 3, 4)", WARNING)
            )
    return version, warp, comp


def _shader_text(milk: MilkFile, which: str, ps_version: int, version: int) -> str | None:
    lines = read_shader_lines(milk, which)
    if not lines:
        return None
    if ps_version <= 0:
        first = milk.entries[f"{which}_1"]
        reason = "the preset version is below 200" if version < 200 else f"PSVERSION_{which.upper()} is 0"
        milk.diagnostics.append(
            Diagnostic(first.line, f"{which}_1", f"{which} shader lines ignored because {reason}", INFO)
        )
        return None
    return "\n".join(lines)


def _report_unused(milk: MilkFile) -> None:
    """Keys MilkDrop 2 never reads: extra wave/shape slots, case variants, commented-out keys, the rest."""
    known_lower = {key.lower(): key for key in milk.used}
    extra_slots: dict[tuple[str, int], list[str]] = {}
    for key in milk.unused_keys():
        line = milk.entries[key].line
        slot = _EXTRA_SLOT.match(key)
        if slot:
            family = "wave" if slot.group(1).startswith("wave") else "shape"
            index = int(slot.group(2))
            limit = MAX_CUSTOM_WAVES if family == "wave" else MAX_CUSTOM_SHAPES
            if index >= limit:
                extra_slots.setdefault((family, index), []).append(key)
                continue
        if key.lower() in known_lower:
            message = (f"differs only in case from {known_lower[key.lower()]}; MilkDrop 2 ignores it "
                       "(keys are case-sensitive there, projectM would read it)")
            milk.diagnostics.append(Diagnostic(line, key, message, WARNING))
        elif key.startswith("//"):
            milk.diagnostics.append(Diagnostic(line, key, "commented-out key; ignored", INFO))
        elif _FOREIGN_KEY.match(key):
            milk.diagnostics.append(Diagnostic(line, key, "key of a non-MilkDrop-2 dialect; ignored", INFO))
        else:
            milk.diagnostics.append(Diagnostic(line, key, "unknown key; ignored", INFO))
    for (family, index), keys in extra_slots.items():
        first = milk.entries[keys[0]].line
        message = (f"{len(keys)} key(s) for custom {family} {index} (a 5-{family} dialect); "
                   f"MilkDrop 2 has {family}s 0-3 and ignores them")
        milk.diagnostics.append(Diagnostic(first, keys[0], message, WARNING))
