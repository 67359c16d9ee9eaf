"""The preset browser panel: search, favorites-only, the list with thumbnails, rate and favorite."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, QSize, Signal
from PySide6.QtWidgets import QCheckBox, QLineEdit, QListView, QMenu, QVBoxLayout, QWidget

from app.models.preset_list import PathRole, PresetFilter, PresetListModel


class PresetBrowser(QWidget):
    preset_chosen = Signal(Path)
    ratings_changed = Signal()

    def __init__(self, model: PresetListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = PresetFilter(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(placeholderText="Search presets…")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("presetSearch")
        self.favorites_only = QCheckBox("Favorites only")
        self.list = QListView()
        self.list.setObjectName("presetList")
        self.list.setModel(self.proxy)
        self.list.setIconSize(QSize(64, 36))
        self.list.setUniformItemSizes(True)
        self.list.setContextMenuPolicy(self.list.contextMenuPolicy().CustomContextMenu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.search)
        layout.addWidget(self.favorites_only)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self.proxy.set_text)
        self.favorites_only.toggled.connect(self.proxy.set_favorites_only)
        self.list.activated.connect(self._activated)
        self.list.doubleClicked.connect(self._activated)
        self.list.customContextMenuRequested.connect(self._menu)

    def visible_names(self) -> list[str]:
        return [self.model.entries[self.proxy.mapToSource(self.proxy.index(r, 0)).row()].name for r in range(self.proxy.rowCount())]

    def _path(self, index: QModelIndex) -> Path:
        return Path(self.proxy.data(index, PathRole))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.preset_chosen.emit(self._path(index))

    def _menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        if not index.isValid():
            return
        path = self._path(index)
        menu = QMenu(self)
        menu.addAction("Play", lambda: self.preset_chosen.emit(path))
        menu.addAction("Toggle favorite", lambda: (self.model.toggle_favorite(path), self.ratings_changed.emit()))
        rate = menu.addMenu("Rate")
        for stars in range(6):
            rate.addAction("★" * stars or "no rating", lambda s=stars: (self.model.rate(path, s), self.ratings_changed.emit()))
        menu.exec(self.list.viewport().mapToGlobal(pos))
