"""The lock: after idle time or on demand, the window's content is hidden and the key dropped.

The store closes its connection (SQLCipher wipes the key it held); the
passphrase reopens it. Failed attempts are recorded in the audit trail once
the right passphrase is given, since nothing can be written while locked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.french import counted
from ..core.store import StoreFull, WrongPassphrase
from .background import Background
from .passphrase import secret_line

if TYPE_CHECKING:
    from ..core.workspace import Workspace

INSTALL_DELAY_MS = 1500
COUNTDOWN_S = 30
# Entrée opens the passphrase field only after this long without a key: typing
# that goes on through the lock (a paragraph's Entrée) never reaches it.
QUIET_MS = 1500
USER_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse input (0: never).

    During the last ``COUNTDOWN_S`` seconds it says so each second
    (``countdown``, 0 once input cancels it), so a lock never comes unannounced.
    ``may_lock`` is asked before either: while it says no (someone is being
    heard), the delay starts again and nothing is announced.
    """

    idle = Signal()
    countdown = Signal(int)  # seconds before the lock; 0: no lock coming
    # The lock's keys pressed in another window of the application (a dialog, modal or not),
    # where the main window's own shortcut does not reach.
    lock_asked = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None):
        super().__init__(parent)
        self.may_lock: Callable[[], bool] = lambda: True
        self.lock_keys = QKeySequence()  # the main window's lock shortcut
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may come 5 % late: the countdown would lie
        self.timer.timeout.connect(self._elapsed)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)
        self._announced = 0
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
        self.restart()

    def restart(self) -> None:
        """The whole delay again, from now (input, or a hearing just suspended)."""
        self._announce(0)
        if self.minutes > 0:
            self.timer.start(self.minutes * 60_000)
            self.ticker.start()
        else:
            self.timer.stop()
            self.ticker.stop()

    def tick(self) -> None:
        """Announce the lock when it is near and allowed."""
        remaining = self.timer.remainingTime() if self.timer.isActive() else -1
        if 0 <= remaining <= COUNTDOWN_S * 1000 and self.may_lock():
            self._announce(max(1, -(-remaining // 1000)))
        else:
            self._announce(0)

    def _announce(self, seconds: int) -> None:
        if seconds != self._announced:
            self._announced = seconds
            self.countdown.emit(seconds)

    def _elapsed(self) -> None:
        if self.may_lock():
            self._announce(0)
            self.idle.emit()
        else:
            self.restart()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in USER_INPUT and self.minutes > 0:
            self.restart()
        if kind == QEvent.Type.KeyPress and self._asks_lock(event):  # type: ignore[arg-type]
            self.lock_asked.emit()
            return True  # the lock's own keys, nothing for the dialog
        return False

    def _asks_lock(self, event: QKeyEvent) -> bool:
        if self.lock_keys.isEmpty() or QKeySequence(event.keyCombination()) != self.lock_keys:
            return False
        active = QApplication.activeWindow()
        return active is not None and active is not self.parent()

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()
        self.ticker.stop()
        self._announce(0)
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False


class LockScreen(QWidget):
    """Takes no key until asked to: a click in the field (or on the button), or Entrée after a quiet moment.

    The investigator may be typing when the lock comes; those keys are dropped
    here, never put in the passphrase field, and never counted as a failed
    attempt.
    """

    unlocked = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        # Given the passphrase that unlocked (the window opens its second connection with it).
        self.opened_with: Callable[[str], None] | None = None
        self.failures = 0
        self.background = Background(self)
        self.armed = False
        self.dropped = 0  # keys typed while locked, none taken: the window says so once unlocked
        self._quiet = QElapsedTimer()  # since the lock or the last key dropped
        self.setObjectName("lockScreen")
        title = QLabel(self.tr("<h2>Session verrouillée</h2>"), self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel(self)
        self.note.setObjectName("lockNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passphrase = secret_line(self, "lockPassphrase", self.tr("Phrase secrète"))
        self.passphrase.setMinimumWidth(320)
        self.passphrase.installEventFilter(self)
        self.button = QPushButton(self.tr("Déverrouiller"), self)
        self.button.setObjectName("lockUnlockButton")
        self.button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a space typed on it would be a click
        self.error = QLabel(self)
        self.error.setObjectName("lockError")
        self.error.setStyleSheet("color:#b00020;")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, self.note, self.passphrase, self.button, self.error):
            layout.addWidget(widget, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.button.clicked.connect(self.submit)
        self.passphrase.returnPressed.connect(self.submit)
        self._disarm()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._disarm()
        self.dropped = 0
        self.error.clear()
        self.passphrase.setFocus()

    def _disarm(self) -> None:
        self.armed = False
        self.passphrase.clear()
        self.passphrase.setReadOnly(True)
        self.note.setText(
            self.tr(
                "Le contenu est masqué.\nCliquez dans le champ ou appuyez sur Entrée pour saisir la phrase secrète."
            )
        )
        self._quiet.start()

    def arm(self) -> None:
        """The user means to unlock: the field takes keys from now on."""
        if self.armed:
            return
        self.armed = True
        self.passphrase.clear()
        self.passphrase.setReadOnly(False)
        self.note.setText(self.tr("Saisissez la phrase secrète pour reprendre, puis Entrée."))
        self.passphrase.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed or watched is not self.passphrase:
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self.arm()
        elif kind == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._quiet.elapsed() >= QUIET_MS:
                self.arm()
            else:
                self._quiet.start()
                if event.text():  # type: ignore[attr-defined]  # a character or Entrée, not Maj alone
                    self.dropped += 1
            return True  # dropped: neither typed in the field nor an attempt
        elif kind == QEvent.Type.InputMethod:
            return True
        return False

    def submit(self) -> None:
        if not self.armed:
            self.arm()
            return
        if not self.workspace.locked:  # an export still writing its files: the key goes once they are recorded
            self.error.setText(self.tr("Export en cours d'écriture : réessayez dans quelques secondes."))
            return
        if self.background.pending("unlock"):
            return
        passphrase, workspace = self.passphrase.text(), self.workspace
        self.button.setEnabled(False)
        # The key is derived (Argon2, about half a second) on a worker thread; it opens the base here, at once.
        self.background.run(lambda: workspace.key_for(passphrase), self._derived, self._not_derived, kind="unlock")

    def _not_derived(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        if isinstance(error, WrongPassphrase):
            self._wrong()
        else:
            self.error.setText(self.tr("Déverrouillage impossible : {e}").format(e=error))

    def _wrong(self) -> None:
        self.failures += 1
        tries = counted(self.failures, "essai", "essais")
        self.error.setText(self.tr("Phrase secrète incorrecte ({n}).").format(n=tries))
        self.passphrase.selectAll()

    def _derived(self, secret: str) -> None:
        self.button.setEnabled(True)
        try:
            self.workspace.unlock(secret)
        except WrongPassphrase:
            self._wrong()
            return
        if self.failures:
            try:
                self.workspace.record_failed_unlocks(self.failures)
                self.failures = 0
            except StoreFull:  # the session opens all the same; the attempts are recorded at the next unlock
                pass
        if self.opened_with is not None:
            self.opened_with(secret)
        self.passphrase.clear()
        self.unlocked.emit()
