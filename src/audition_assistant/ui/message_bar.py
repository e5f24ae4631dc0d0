"""A message band at the top of the window: errors said in French, never a crash."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

STYLES = {
    "error": "background:#fdecea;color:#611a15;border:1px solid #f5c6cb;",
    "info": "background:#e8f4fd;color:#0c3c60;border:1px solid #b8daff;",
}


class MessageBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel(self)
        self.label.setObjectName("messageText")
        self.label.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Fermer"), self)
        self.close_button.setObjectName("messageClose")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self.setAutoFillBackground(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        self.label.setText(text)
        self.setStyleSheet(f"#messageBar {{{STYLES[kind]}}}")
        self.setAccessibleDescription(text)
        self.show()
        # Information fades; an error stays until read and closed.
        if kind == "info":
            self._timer.start(8000)
        else:
            self._timer.stop()

    def error(self, text: str) -> None:
        self.show_message(text, "error")

    def info(self, text: str) -> None:
        self.show_message(text, "info")
