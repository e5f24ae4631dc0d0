"""« Évaluation de l'audition… »: the notes written after the hearing, and the evaluation document exported.

The notes are saved through the hearing's service (also on a closed
hearing: they are not the PV). « Exporter » saves them, reads what the
document needs on the window's thread (the store is its own), then builds
and renders it on a thread of its own (the question profile of a long
hearing and a PDF take longer than the window may wait), and writes and
records the files back here, as the export dialog does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.evaluation import build_evaluation
from ..core.export import formats as export_formats
from ..core.export.evaluation import render_evaluation, write_evaluation
from ..core.export.exporter import BuiltDocument, ExportedFile
from ..core.store.records import EvaluationNotes
from .background import Background
from .hearing_session import HearingSession
from .plan_dialog import box_lines

KIND = "evaluation"


class EvaluationDialog(QDialog):
    exported = Signal(list)  # the ExportedFile written

    def __init__(self, session: HearingSession, parent: QWidget | None = None, *, background: Background | None = None):
        super().__init__(parent)
        self.session = session
        self.background = background or Background(self)
        self._token: int | None = None
        self.written: list[ExportedFile] = []
        self.setObjectName("evaluationDialog")
        self.setWindowTitle(self.tr("Évaluation de l'audition"))
        before = session.service.evaluation() or EvaluationNotes()
        self.covered = self._box("evaluation_covered", self.tr("Ce que l'audition a couvert"), before.covered)
        self.follow_up = self._box(
            "evaluation_follow_up", self.tr("Suites à donner, une par ligne"), "\n".join(before.follow_up)
        )
        self.remarks = self._box("evaluation_remarks", self.tr("Observations de l'enquêteur"), before.remarks)
        form = QFormLayout()
        form.addRow(self.tr("Ce que l'audition a &couvert"), self.covered)
        form.addRow(self.tr("&Suites à donner"), self.follow_up)
        form.addRow(self.tr("&Observations"), self.remarks)
        chosen = session.workspace.export_formats()
        self.formats: dict[str, QCheckBox] = {}
        row = QHBoxLayout()
        for fmt in export_formats.DOCUMENT_FORMATS:
            box = QCheckBox(export_formats.LABELS[fmt], self)
            box.setObjectName(f"evaluation_format_{fmt}")
            box.setAccessibleName(self.tr("Format {f}").format(f=export_formats.LABELS[fmt]))
            box.setChecked(fmt in chosen)
            row.addWidget(box)
            self.formats[fmt] = box
        form.addRow(self.tr("Formats"), row)
        self.folder = QLineEdit(str(session.service.evaluation_folder()), self)
        self.folder.setObjectName("evaluation_folder")
        self.folder.setAccessibleName(self.tr("Dossier de destination"))
        form.addRow(self.tr("&Dossier"), self.folder)
        note = QLabel(
            self.tr(
                "Document de travail pour l'enquêteur et son chef de groupe, à ne pas joindre à la procédure. "
                "Les types de questions et les éléments non abordés sont calculés à l'export."
            ),
            self,
        )
        note.setObjectName("evaluationNote")
        note.setWordWrap(True)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("evaluationOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = self._button("evaluationSaveButton", self.tr("&Enregistrer"), self.save_and_close)
        self.export_button = self._button("evaluationExportButton", self.tr("E&xporter"), self.export)
        self.export_button.setAccessibleName(self.tr("Exporter le document d'évaluation"))
        close = self._button("evaluationCloseButton", self.tr("Fermer"), self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.save_button, self.export_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form, 1)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.resize(640, 560)
        self.covered.setFocus(Qt.FocusReason.OtherFocusReason)

    def _box(self, name: str, accessible: str, text: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setTabChangesFocus(True)
        box.setPlainText(text)
        return box

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def notes(self) -> EvaluationNotes:
        return EvaluationNotes(
            covered=self.covered.toPlainText().strip(),
            follow_up=box_lines(self.follow_up),
            remarks=self.remarks.toPlainText().strip(),
        )

    def chosen_formats(self) -> tuple[str, ...]:
        return export_formats.ordered(fmt for fmt, box in self.formats.items() if box.isChecked())

    def save(self) -> bool:
        try:
            self.session.service.save_evaluation(self.notes())
        except UserError as error:
            self.outcome.setText(str(error))
            return False
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def export(self) -> None:
        """Save the notes, then build and render off the window's thread; ``_write`` records the files."""
        if self._token is not None:
            return
        folder = self.folder.text().strip()
        try:
            chosen = self.chosen_formats()
            if not folder:
                raise UserError(self.tr("Choisissez un dossier de destination."))
        except UserError as error:
            self.outcome.setText(str(error))
            return
        if not self.save():
            return
        try:
            facts = self.session.service.evaluation_facts()
        except UserError as error:
            self.outcome.setText(str(error))
            return
        self.export_button.setEnabled(False)
        self.outcome.setText(self.tr("Préparation du document…"))

        def render() -> list[BuiltDocument]:
            return render_evaluation(build_evaluation(facts), facts.procedure_number, chosen)

        target = Path(folder).expanduser()
        self._token = self.background.run(render, lambda built: self._write(built, target), self._failed, kind=KIND)

    def _write(self, built: Sequence[BuiltDocument], folder: Path) -> None:
        self._token = None
        self.export_button.setEnabled(True)
        try:
            self.written = write_evaluation(self.session.store, self.session.hearing_id, built, folder)
        except UserError as error:
            self.outcome.setText(str(error))
            return
        count = len(self.written)
        notes = " ".join(dict.fromkeys(n for f in self.written for n in f.notes))
        self.outcome.setText(
            self.tr("Évaluation exportée : {n} fichier{s} dans {folder}.").format(
                n=count, s="s" if count > 1 else "", folder=folder
            )
            + (f" {notes}" if notes else "")
        )
        self.exported.emit(self.written)

    def _failed(self, error: BaseException) -> None:
        self._token = None
        self.export_button.setEnabled(True)
        self.outcome.setText(
            str(error)
            if isinstance(error, UserError)
            else self.tr("Erreur inattendue pendant la préparation du document\u00a0: {e}").format(e=error)
        )

    def done(self, result: int) -> None:
        """Closed (or locked) while rendering: the report is dropped, nothing is written."""
        self.background.drop(self._token)
        self._token = None
        super().done(result)
