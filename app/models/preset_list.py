"""The preset browser's model: one row per preset, with favorite, rating and thumbnail roles,
and a filter proxy for the search box and the favorites-only switch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QIcon, QPixmap

from app.playlist import PresetEntry
from app.settings import Settings

PathRole = Qt.ItemDataRole.UserRole + 1
FavoriteRole = Qt.ItemDataRole.UserRole + 2
RatingRole = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


class PresetListModel(QAbstractListModel):
    def __init__(self, settings: Settings, parent: Any = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.entries: list[PresetEntry] = []
        self.thumbnails: dict[Path, QIcon] = {}
        self.playing: Path | None = None

    def set_entries(self, entries: list[PresetEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        key = entry.path.name
        if role == Qt.ItemDataRole.DisplayRole:
            stars = self.settings.ratings.get(key, 0)
            mark = "♥ " if self.settings.is_favorite(key) else ""
            playing = "▶ " if entry.path == self.playing else ""
            return f"{playing}{mark}{entry.name}" + (f"  {'★' * stars}" if stars else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(entry.path)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnails.get(entry.path)
        if role == PathRole:
            return str(entry.path)
        if role == FavoriteRole:
            return self.settings.is_favorite(key)
        if role == RatingRole:
            return self.settings.ratings.get(key, 0)
        return None

    def row_of(self, path: Path) -> int | None:
        return next((i for i, e in enumerate(self.entries) if e.path == path), None)

    def _changed(self, path: Path) -> None:
        row = self.row_of(path)
        if row is not None:
            self.dataChanged.emit(self.index(row), self.index(row))

    def set_thumbnail(self, path: Path, image_path: str) -> None:
        self.thumbnails[path] = QIcon(QPixmap(image_path))
        self._changed(path)

    def set_playing(self, path: Path | None) -> None:
        old, self.playing = self.playing, path
        for p in (old, path):
            if p is not None:
                self._changed(p)

    def toggle_favorite(self, path: Path) -> bool:
        on = not self.settings.is_favorite(path.name)
        self.settings.set_favorite(path.name, on)
        self._changed(path)
        return on

    def rate(self, path: Path, stars: int) -> None:
        self.settings.rate(path.name, stars)
        self._changed(path)


class PresetFilter(QSortFilterProxyModel):
    """Case-insensitive substring search on the name; optionally favorites only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.favorites_only = False

    def _refilter(self, change: Any) -> None:
        """Qt >= 6.9 wants begin/endFilterChange around the change (invalidate* is deprecated there)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # older Qt
            change()
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "text", text.strip().lower()))

    def set_favorites_only(self, on: bool) -> None:
        self._refilter(lambda: setattr(self, "favorites_only", on))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PresetListModel)
        entry = model.entries[source_row]
        if self.favorites_only and not model.settings.is_favorite(entry.path.name):
            return False
        return all(word in entry.name.lower() for word in self.text.split())
