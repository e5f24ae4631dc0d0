"""The plan beside the Q/R, as a checklist: objectives, elements to address and breaks ticked off, and the facts
not to suggest shown as a reminder.

It never takes the focus from the Question and Réponse boxes: a click ticks
an item and the cursor stays where it was (``NoFocus``); Space ticks the
current item only when the checklist was given the focus some other way. A
tick is saved at once through the hearing's service, with its audit entry.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..core.elements import element_index
from ..core.errors import UserError
from ..core.store.records import HearingPlan
from .hearing_session import HearingSession

KEY_ROLE = Qt.ItemDataRole.UserRole
HEADINGS = {"objectives": "Objectifs", "elements": "Éléments à aborder", "breaks": "Pauses prévues"}
REMINDER = "À ne pas suggérer (connu du dossier)"
NO_PLAN = "Pas de plan pour cette audition : menu Audition › « Plan d'audition… »."
REMINDER_COLOUR = QColor("#8a4b00")


class ChecklistView(QListWidget):
    """The list itself: Space ticks the current item when it has the focus (it is never given it by a click)."""

    space_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.space_pressed.emit()
            return
        super().keyPressEvent(event)


class PlanChecklist(QWidget):
    ticked = Signal(str, bool)  # the item's key, whether it is now done

    def __init__(self, session: HearingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("planChecklist")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list = ChecklistView(self)
        self.list.setObjectName("planChecklistItems")
        self.list.setAccessibleName(self.tr("Plan d'audition : cases à cocher et faits à ne pas suggérer"))
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click ticks; the cursor stays in the boxes
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.list.itemClicked.connect(self.toggle)
        self.list.space_pressed.connect(lambda: self.toggle(self.list.currentItem()))
        self.reload()

    def reload(self) -> None:
        """Show the plan as stored (after it was written, a tick, an unlock)."""
        try:
            plan = self.session.service.plan()
        except UserError:  # locked meanwhile: ``clear`` has emptied it, the unlock reloads it
            return
        self.show_plan(plan)

    def clear(self) -> None:
        """Nothing of the hearing left on screen (the session is locked)."""
        self.list.clear()

    def show_plan(self, plan: HearingPlan | None) -> None:
        self.list.clear()
        if plan is None or plan.empty:
            self._note(self.tr(NO_PLAN))
            return
        shown = ""
        # An element to address written as its key (« cp-225-4-1.moyen ») reads as its label, as in the evaluation.
        labels = {e.key: e.label for e in element_index(self.session.service.workspace.references).values()}
        for item in plan.items():
            if item.kind != shown:
                self._heading(self.tr(HEADINGS[item.kind]))
                shown = item.kind
            row = QListWidgetItem(labels.get(item.text, item.text), self.list)
            row.setData(KEY_ROLE, item.key)
            row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)  # ticked by ``toggle`` alone
            row.setCheckState(Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked)
        if plan.known_facts:
            self._heading(self.tr(REMINDER))
            for fact in plan.known_facts:
                row = self._note(fact)
                row.setForeground(QBrush(REMINDER_COLOUR))

    def _heading(self, text: str) -> None:
        row = QListWidgetItem(text, self.list)
        font = QFont(row.font())
        font.setBold(True)
        row.setFont(font)
        row.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _note(self, text: str) -> QListWidgetItem:
        row = QListWidgetItem(text, self.list)
        row.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return row

    def items(self) -> list[QListWidgetItem]:
        """The rows that can be ticked, in order."""
        rows = [self.list.item(i) for i in range(self.list.count())]
        return [row for row in rows if row.data(KEY_ROLE)]

    def toggle(self, row: QListWidgetItem | None) -> None:
        """Tick (or untick) a row: saved now; a refusal is said in the window and the row shows what is stored."""
        key = row.data(KEY_ROLE) if row is not None else None
        if row is None or not key:
            return
        done = row.checkState() != Qt.CheckState.Checked
        try:
            self.session.service.check_plan_item(str(key), done)
        except UserError as error:
            self.session.failed.emit(str(error))
            self.reload()
            return
        row.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
        self.ticked.emit(str(key), done)
