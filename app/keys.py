"""MilkDrop's performer keys, as a table from Qt keys to action names (handled by ``Performance``)."""

from __future__ import annotations

from PySide6.QtCore import Qt

K = Qt.Key
KEY_ACTIONS: dict[int, str] = {
    K.Key_Space.value: "next",  # soft blend to the next preset
    K.Key_N.value: "next",
    K.Key_H.value: "hard_cut",  # hard cut to the next preset
    K.Key_Backspace.value: "previous",
    K.Key_P.value: "previous",
    K.Key_M.value: "random",
    K.Key_R.value: "toggle_shuffle",
    K.Key_ScrollLock.value: "toggle_lock",
    K.Key_L.value: "toggle_lock",
    K.Key_BracketLeft.value: "blend_shorter",
    K.Key_BracketRight.value: "blend_longer",
    K.Key_Plus.value: "rate_up",
    K.Key_Equal.value: "rate_up",
    K.Key_Minus.value: "rate_down",
    K.Key_Asterisk.value: "toggle_favorite",
    K.Key_F.value: "toggle_fullscreen",
    K.Key_F11.value: "toggle_fullscreen",
    K.Key_Escape.value: "leave_fullscreen",
}

KEY_HELP = (
    ("Space / N", "next preset (blend)"), ("H", "hard cut to the next preset"), ("Backspace / P", "previous preset"),
    ("M", "random preset"), ("R", "shuffle on/off"), ("L / Scroll Lock", "lock the preset (no auto switching)"),
    ("[ / ]", "blend time -/+ 0.5 s"), ("+ / -", "rate the preset"), ("*", "favorite"), ("F / F11", "fullscreen"),
)  # fmt: skip


def action_for(key: int) -> str | None:
    return KEY_ACTIONS.get(int(key))
