"""The preset editor panel: the .milk text, recompiled on each edit, errors marked at their line.

Edits are debounced (``DEBOUNCE_MS``) and then offered to the show as a new preset through
``source_changed``; the show keeps playing the last good state of each block, since broken
blocks are dropped alone. ``show_errors`` maps each error (block + line within the block, or a
shader + line) back to the line of the .milk text and highlights it.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from renderer.preset import Preset

DEBOUNCE_MS = 300
ERROR_COLOUR = QColor(120, 20, 20)
_SHADER_KEY = {"warp": "warp_", "comp": "comp_"}


def error_line(preset: Preset | None, text: str, error: dict[str, Any]) -> int:
    """The 1-based line of ``text`` an error points at (0 when it cannot be placed)."""
    line = int(error.get("line") or 0)
    block = error.get("block")
    if block and preset is not None and block in preset.code:
        file_lines = preset.code[block].file_lines
        if 1 <= line <= len(file_lines):
            return file_lines[line - 1]
        return file_lines[0] if file_lines else 0
    shader = error.get("shader") or (str(block).removesuffix("_shader") if block else None)
    if shader in _SHADER_KEY:
        pattern = re.compile(rf"^\s*{_SHADER_KEY[shader]}{max(line, 1)}\s*=", re.IGNORECASE)
        for number, row in enumerate(text.splitlines(), 1):
            if pattern.match(row):
                return number
    return 0


class PresetEditor(QWidget):
    source_changed = Signal(str, str)  # preset name, .milk text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = "untitled"
        self.text = QPlainTextEdit()
        self.text.setObjectName("presetText")
        self.text.setFont(QFont("monospace", 9))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.title = QLabel("no preset loaded")
        self.errors = QListWidget()
        self.errors.setObjectName("editorErrors")
        self.errors.setMaximumHeight(90)
        self.error_lines: list[int] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.errors)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self._loading = False
        self.text.textChanged.connect(self._edited)
        self.errors.itemActivated.connect(self._jump)

    def load(self, name: str, text: str) -> None:
        """Show a preset's text (does not emit ``source_changed``)."""
        self._loading = True
        self.name = name
        self.title.setText(name)
        self.text.setPlainText(text)
        self._loading = False
        self.show_errors(None, [])

    def _edited(self) -> None:
        if not self._loading:
            self._timer.start()

    def _emit(self) -> None:
        self.source_changed.emit(self.name, self.text.toPlainText())

    def show_errors(self, preset: Preset | None, errors: list[dict[str, Any]]) -> None:
        """Mark each error's line in red and list the errors (the show goes on regardless)."""
        source = self.text.toPlainText()
        self.errors.clear()
        self.error_lines = []
        selections = []
        for error in errors:
            line = error_line(preset, source, error)
            where = error.get("block") or error.get("shader") or "preset"
            item = QListWidgetItem(f"line {line or '?'}: {where}:{error.get('line', 0)}:{error.get('col', 0)}: {error.get('message', '')}")
            item.setData(256, line)
            self.errors.addItem(item)
            if line:
                self.error_lines.append(line)
                selection = QTextEdit.ExtraSelection()
                selection.format.setBackground(ERROR_COLOUR)
                selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                cursor = QTextCursor(self.text.document().findBlockByNumber(line - 1))
                selection.cursor = cursor
                selections.append(selection)
        self.text.setExtraSelections(selections)
        self.title.setText(f"{self.name}: {len(errors)} error(s)" if errors else f"{self.name}: compiles")

    def _jump(self, item: QListWidgetItem) -> None:
        line = int(item.data(256) or 0)
        if line:
            cursor = QTextCursor(self.text.document().findBlockByNumber(line - 1))
            self.text.setTextCursor(cursor)
            self.text.setFocus()
