"""Venue account dialog: register a name (optionally with a password for web login) or log in."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget


class AccountDialog(QDialog):
    """``mode`` is "register" or "login" after ``exec()`` accepts; fields hold what was typed."""

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Venue account")
        self.mode = ""
        self.username = QLineEdit()
        self.username.setObjectName("accountUsername")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("accountPassword")
        self.register_button = QPushButton("Register")
        self.login_button = QPushButton("Log in")
        buttons = QDialogButtonBox()
        buttons.addButton(self.register_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.register_button.clicked.connect(lambda: self._choose("register"))
        self.login_button.clicked.connect(lambda: self._choose("login"))
        form = QFormLayout(self)
        form.addRow(QLabel(f"Venue: {url}"))
        form.addRow("Username", self.username)
        form.addRow("Password", self.password)
        form.addRow(QLabel("Registering keeps the API key in a file only you can read.\nThe password is optional (web login)."))
        form.addRow(buttons)

    def _choose(self, mode: str) -> None:
        if not self.username.text().strip() or (mode == "login" and not self.password.text()):
            return
        self.mode = mode
        self.accept()
