"""The venue side panel (layout only): server URL, account, concerts, chat, and reaction buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

REACTIONS = (
    "bass_hit", "drop", "beautiful", "fire", "transcendent", "mind_blown", "chill", "confused", "sad", "joy",
    "goosebumps", "headbang", "dance", "nostalgic", "dark", "ethereal", "crescendo", "silence", "vocals", "encore",
)  # fmt: skip


class VenuePanel(QWidget):
    connect_requested = Signal(str)
    account_requested = Signal()
    attend_requested = Signal(str)  # concert slug
    chat_submitted = Signal(str)
    reaction_clicked = Signal(str)

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = QLineEdit(url)
        self.connect_button = QPushButton("Connect")
        self.account = QLabel("not signed in")
        self.account_button = QPushButton("Account…")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.concerts = QListWidget()
        self.concerts.setMaximumHeight(90)
        self.attend_button = QPushButton("Attend")
        self.chat = QListWidget()
        self.chat.setObjectName("chatList")
        self.chat_input = QLineEdit(placeholderText="Say something to the room…")
        self.chat_input.setMaxLength(500)
        self.send_button = QPushButton("Send")
        self.reaction_buttons: dict[str, QToolButton] = {}
        grid = QGridLayout()
        for i, name in enumerate(REACTIONS):
            button = QToolButton()
            button.setText(name.replace("_", " "))
            button.setObjectName(f"react_{name}")
            button.clicked.connect(lambda _=False, n=name: self.reaction_clicked.emit(n))
            self.reaction_buttons[name] = button
            grid.addWidget(button, i // 4, i % 4)
        top = QHBoxLayout()
        top.addWidget(self.url)
        top.addWidget(self.connect_button)
        send = QHBoxLayout()
        send.addWidget(self.chat_input)
        send.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        account_row = QHBoxLayout()
        account_row.addWidget(self.account, 1)
        account_row.addWidget(self.account_button)
        layout.addLayout(account_row)
        layout.addWidget(self.concerts)
        layout.addWidget(self.attend_button)
        layout.addWidget(self.status)
        layout.addWidget(self.chat, 1)
        layout.addLayout(send)
        layout.addLayout(grid)
        self.connect_button.clicked.connect(lambda: self.connect_requested.emit(self.url.text().strip()))
        self.attend_button.clicked.connect(self._attend)
        self.account_button.clicked.connect(self.account_requested)
        self.send_button.clicked.connect(self._send)
        self.chat_input.returnPressed.connect(self._send)

    def _attend(self) -> None:
        item = self.concerts.currentItem()
        if item is not None:
            self.attend_requested.emit(item.data(256))

    def _send(self) -> None:
        text = self.chat_input.text().strip()
        if text:
            self.chat_submitted.emit(text)
            self.chat_input.clear()

    def set_concerts(self, concerts: list[dict]) -> None:
        self.concerts.clear()
        for concert in concerts:
            self.concerts.addItem(f"{concert.get('title')} — {concert.get('artist')} ({concert.get('mode')})")
            self.concerts.item(self.concerts.count() - 1).setData(256, concert["slug"])
        if concerts:
            self.concerts.setCurrentRow(0)

    def add_chat(self, username: str, message: str) -> None:
        self.chat.addItem(f"{username}: {message}")
        self.chat.scrollToBottom()

    def set_counts(self, counts: dict[str, int]) -> None:
        for name, button in self.reaction_buttons.items():
            count = int(counts.get(name, 0))
            label = name.replace("_", " ")
            button.setText(f"{label} {count}" if count else label)
