"""The Qt binding the app runs on must not leak references: PySide6 6.12.0 dropped one reference
to None on every void method call and to True on every signal disconnect, which crashed the app
(and qasync's socket notifiers) after a few thousand calls. constraints.txt pins a good version."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel


def test_void_calls_and_disconnects_keep_none_and_true_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    label, timer = QLabel(), QTimer()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        label.setText("x")
        label.setEnabled(True)
        timer.timeout.connect(label.clear)
        timer.timeout.disconnect()
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert after[0] >= before[0] - 50, f"void calls lost {before[0] - after[0]} references to None"
    assert after[1] >= before[1] - 50, f"disconnects lost {before[1] - after[1]} references to True"
