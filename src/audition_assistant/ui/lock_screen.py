"""The lock: after idle time or on demand, the window's content is hidden and the key dropped.

The store closes its connection (SQLCipher wipes the key it held); the
passphrase reopens it. Failed attempts are recorded in the audit trail once
the right passphrase is given, since nothing can be written while locked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.store import Store, WrongPassphrase
from .passphrase import secret_line

INSTALL_DELAY_MS = 1500
USER_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse input (0: never)."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        # Installed once the window is up: the first events through a Python filter make
        # PySide build its enum types, a cost start-up need not pay.
        self._installed = self._stopped = False
        QTimer.singleShot(INSTALL_DELAY_MS, self, self._install)

    def _install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed and not self._stopped:
            app.installEventFilter(self)
            self._installed = True

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT and self.minutes > 0:
            self.timer.start(self.minutes * 60_000)
        return False

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False


class LockScreen(QWidget):
    unlocked = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.failures = 0
        self.setObjectName("lockScreen")
        title = QLabel(self.tr("<h2>Session verrouillée</h2>"), self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note = QLabel(self.tr("Le contenu est masqué. Saisissez la phrase secrète pour reprendre."), self)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passphrase = secret_line(self, "lockPassphrase", self.tr("Phrase secrète"))
        self.passphrase.setMinimumWidth(320)
        self.button = QPushButton(self.tr("Déverrouiller"), self)
        self.button.setObjectName("lockUnlockButton")
        self.error = QLabel(self)
        self.error.setObjectName("lockError")
        self.error.setStyleSheet("color:#b00020;")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, note, self.passphrase, self.button, self.error):
            layout.addWidget(widget, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.button.clicked.connect(self.submit)
        self.passphrase.returnPressed.connect(self.submit)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.passphrase.clear()
        self.error.clear()
        self.passphrase.setFocus()

    def submit(self) -> None:
        try:
            self.store.unlock(self.passphrase.text())
        except WrongPassphrase:
            self.failures += 1
            self.error.setText(self.tr("Phrase secrète incorrecte ({n} essai(s)).").format(n=self.failures))
            self.passphrase.selectAll()
            return
        if self.failures:
            self.store.record("unlock_failed", attempts=self.failures)
            self.failures = 0
        self.passphrase.clear()
        self.unlocked.emit()
