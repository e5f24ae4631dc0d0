"""Start, suspend (with a reason), resume and close the hearing; the elapsed time."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..core import timeline
from ..core.french import hhmm
from .hearing_session import HearingSession


class SuspendDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("suspendDialog")
        self.setWindowTitle(self.tr("Suspendre l'audition"))
        self.reason = QComboBox(self)
        self.reason.setObjectName("suspendReason")
        self.reason.setAccessibleName(self.tr("Motif de la suspension"))
        for key, label in timeline.SUSPENSION_REASONS.items():
            self.reason.addItem(label.capitalize(), key)
        self.detail = QLineEdit(self)
        self.detail.setObjectName("suspendDetail")
        self.detail.setAccessibleName(self.tr("Précision"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Suspendre"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Motif"), self.reason)
        form.addRow(self.tr("&Précision (facultatif)"), self.detail)
        form.addRow(buttons)


# Free beside the window's keys (Ctrl+P suspends with a reason, Ctrl+D starts).
PERSON_PAUSE_KEY = "Ctrl+Shift+P"


def format_elapsed(seconds: int) -> str:
    """A duration as French writes one: ``27 min``, ``1 h 05 min`` (no-break spaces, as ``hhmm``)."""
    hours, rest = divmod(seconds, 3600)
    minutes = f"{rest // 60:02d}\u00a0min" if hours else f"{rest // 60}\u00a0min"
    return f"{hours}\u00a0h\u00a0{minutes}" if hours else minutes


class TimelineBar(QWidget):
    state_text_changed = Signal(str)

    def __init__(self, session: HearingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("timelineBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.start_button = self._button("startButton", self.tr("Débuter l'audition"), self.start)
        self.suspend_button = self._button("suspendButton", self.tr("Suspendre"), self.suspend)
        self.resume_button = self._button("resumeButton", self.tr("Reprendre"), self.resume)
        self.end_button = self._button("endButton", self.tr("Clore l'audition"), self.end)
        for button in (self.start_button, self.suspend_button, self.resume_button, self.end_button):
            layout.addWidget(button)
        # One key, no question: the person needs a pause; the same key resumes.
        self.pause_action = QAction(self.tr("Pause pour la personne / reprise"), self)
        self.pause_action.setObjectName("actionPersonPause")
        self.pause_action.setShortcut(QKeySequence(PERSON_PAUSE_KEY))
        self.pause_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.pause_action.triggered.connect(self.toggle_person_pause)
        self.addAction(self.pause_action)
        self.suspend_button.setToolTip(
            self.tr("Suspendre en indiquant le motif (Ctrl+P). Pause pour la personne, sans question : Ctrl+Maj+P.")
        )
        self.resume_button.setToolTip(self.tr("Reprendre l'audition (Ctrl+P, ou Ctrl+Maj+P après une pause)."))
        self.state_label = QLabel(self)
        self.state_label.setObjectName("timelineState")
        layout.addWidget(self.state_label, 1)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.refresh_label)
        self.ticker.start()
        # Tests (and a scripted session) may answer instead of the dialog.
        self.ask_reason = self._ask_reason
        self.confirm_end = self._confirm_end
        session.timeline_changed.connect(self.refresh)
        self.refresh()

    def _button(self, name: str, text: str, action: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.clicked.connect(action)
        return button

    def _ask_reason(self) -> tuple[str, str] | None:
        dialog = SuspendDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.currentData(), dialog.detail.text()

    def _confirm_end(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            self.tr("Clore l'audition"),
            self.tr(
                "Clore l'audition maintenant ? L'heure de fin est enregistrée et l'audition devient "
                "non modifiable ; une correction ultérieure fera l'objet d'un procès-verbal complémentaire ou de "
                "rectification, avec son propre numéro et un motif conservé dans l'historique."
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def start(self) -> None:
        self.session.record_event(timeline.START)

    def suspend(self) -> None:
        if self.session.view.state != timeline.RUNNING:
            return
        answer = self.ask_reason()
        if answer is not None:
            self.session.record_event(timeline.SUSPEND, *answer)

    def resume(self) -> None:
        self.session.record_event(timeline.RESUME)

    def toggle_suspend(self) -> None:
        if self.session.view.state == timeline.RUNNING:
            self.suspend()
        elif self.session.view.state == timeline.SUSPENDED:
            self.resume()

    def toggle_person_pause(self) -> None:
        """Suspend at once for the person's rest (no dialog), or resume whatever the suspension."""
        state = self.session.view.state
        if state == timeline.RUNNING:
            self.session.record_event(timeline.SUSPEND, timeline.PERSON_PAUSE)
        elif state == timeline.SUSPENDED:
            self.session.record_event(timeline.RESUME)

    def end(self) -> None:
        if self.confirm_end():
            self.session.record_event(timeline.END)

    def refresh(self) -> None:
        state = self.session.view.state
        self.start_button.setEnabled(state == timeline.NOT_STARTED)
        self.suspend_button.setEnabled(state == timeline.RUNNING)
        self.resume_button.setEnabled(state == timeline.SUSPENDED)
        self.end_button.setEnabled(state in (timeline.RUNNING, timeline.SUSPENDED))
        self.pause_action.setEnabled(state in (timeline.RUNNING, timeline.SUSPENDED))
        self.refresh_label()

    def refresh_label(self) -> None:
        view = self.session.view
        state = view.state
        text = timeline.STATE_LABELS[state]
        if state != timeline.NOT_STARTED:
            spent = timeline.elapsed(view.timeline, self.session.now())
            text += self.tr(" — durée {d}").format(d=format_elapsed(int(spent.total_seconds())))
            start = timeline.started_at(view.timeline)
            if start:
                text += self.tr(" (début {t})").format(t=hhmm(start, season=True))
        if state == timeline.SUSPENDED:
            last = view.timeline[-1]
            text += self.tr(" — suspendue à {t} : {r}").format(t=hhmm(last.at, season=True), r=last.reason_label)
        if text != self.state_label.text():
            self.state_label.setText(text)
            self.state_text_changed.emit(text)
