"""« Plan d'audition… »: the plan written before the hearing (PEACE « planification »), edited during it.

Each list is one box, one item per line, Tab moving on to the next box (as
in a form): written by keyboard alone. Saved through the hearing's service,
which records it with its audit entry; what it refuses is said in French and
the dialog stays open with what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.store.records import HearingPlan
from .hearing_session import HearingSession

NOT_IN_PV = "Notes de l'enquêteur : le plan n'apparaît dans aucun procès-verbal ni document remis."
# The plan's lists: (attribute, label, placeholder). Special measures are free lines: no legal assertion here.
LISTS = (
    ("objectives", "&Objectifs", "Une ligne par objectif : établir le trajet, identifier le logeur…"),
    ("elements", "Éléments à &aborder", "Une ligne par élément (texte libre, ou clé d'élément : cp-225-4-1.moyen)"),
    ("known_facts", "Faits connus à ne &pas suggérer", "Ce que le dossier apprend et qu'elle doit dire la première"),
    ("welfare", "&Besoins de la personne", "Repos, repas, soins, garde d'enfant…"),
    ("special_measures", "&Mesures particulières", "Enregistrement (mineur), accompagnant, salle adaptée…"),
    ("breaks", "Pa&uses prévues", "Une ligne par pause"),
)


def box_lines(box: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in box.toPlainText().splitlines() if line.strip())


class PlanDialog(QDialog):
    saved = Signal(object)  # the HearingPlan as stored

    def __init__(self, session: HearingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("planDialog")
        self.setWindowTitle(self.tr("Plan d'audition"))
        self._before = session.service.plan() or HearingPlan()
        self.boxes: dict[str, QPlainTextEdit] = {}
        fields = QWidget(self)
        form = QFormLayout(fields)
        for name, label, placeholder in LISTS:
            box = QPlainTextEdit(fields)
            box.setObjectName(f"plan_{name}")
            box.setAccessibleName(self.tr(label.replace("&", "")))
            box.setPlaceholderText(self.tr(placeholder))
            box.setTabChangesFocus(True)  # Tab goes on to the next box; a line ends with Entrée
            box.setPlainText("\n".join(getattr(self._before, name)))
            box.setMinimumHeight(64)
            form.addRow(self.tr(label), box)
            self.boxes[name] = box
            if name == "welfare":  # the interpreter after the person's needs, as the plan is read
                self.language = self._line("plan_interpreter_language", self.tr("Langue de l'interprète"))
                self.language.setText(self._before.interpreter_language)
                form.addRow(self.tr("&Langue de l'interprète"), self.language)
                self.interpreter = self._line("plan_interpreter_name", self.tr("Nom de l'interprète, s'il est connu"))
                self.interpreter.setText(self._before.interpreter_name)
                form.addRow(self.tr("&Interprète"), self.interpreter)
        scroll = QScrollArea(self)
        scroll.setObjectName("planScroll")
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(fields)
        note = QLabel(self.tr(NOT_IN_PV), self)
        note.setObjectName("planNote")
        note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("planError")
        self.error.setStyleSheet("color:#b00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Enregistrer"))
        self.save_button.setObjectName("planSaveButton")
        self.save_button.setAccessibleName(self.tr("Enregistrer le plan d'audition"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Annuler"))
        cancel.setObjectName("planCancelButton")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 620)
        self.boxes["objectives"].setFocus(Qt.FocusReason.OtherFocusReason)

    def _line(self, name: str, accessible: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        return line

    def plan(self) -> HearingPlan:
        """The plan as typed; the items ticked so far stay ticked (the store keeps those still in it)."""
        lines = {name: box_lines(box) for name, box in self.boxes.items()}
        return HearingPlan(
            objectives=lines["objectives"],
            elements=lines["elements"],
            known_facts=lines["known_facts"],
            welfare=lines["welfare"],
            interpreter_language=self.language.text().strip(),
            interpreter_name=self.interpreter.text().strip(),
            special_measures=lines["special_measures"],
            breaks=lines["breaks"],
            checked=self._before.checked,
        )

    def submit(self) -> None:
        try:
            stored = self.session.service.save_plan(self.plan())
        except UserError as error:  # a case handed over, a full disk, a lock: said, and what was typed stays
            self.error.setText(str(error))
            return
        self.saved.emit(stored)
        self.accept()
