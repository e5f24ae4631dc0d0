"""Review before export: what is missing or inconsistent (click to go there), and the preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core import review
from ..core.export.exporter import build_blocks
from ..core.export.files import ExportError
from ..core.export.models import BUILDERS
from ..core.review import PROFILE, TRANSCRIPT, Finding
from .hearing_session import HearingSession
from .preview import to_html

__all__ = ["PROFILE", "TRANSCRIPT", "Finding", "ReviewPage", "findings"]


def findings(session: HearingSession) -> list[Finding]:
    """The review's findings for a hearing being typed, its unsaved draft included."""
    return review.findings(session.view, session.draft(), session.service.profile())


class ReviewPage(QWidget):
    jump_requested = Signal(str, str)  # section id (or TRANSCRIPT), field id
    export_requested = Signal()

    def __init__(self, session: HearingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("reviewPage")
        self.summary = QLabel(self)
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setObjectName("reviewProblems")
        self.problems.setAccessibleName(self.tr("Points à vérifier"))
        self.problems.setWordWrap(True)
        self.document = QComboBox(self)
        self.document.setObjectName("previewDocument")
        self.document.setAccessibleName(self.tr("Document à prévisualiser"))
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("documentPreview")
        self.preview.setAccessibleName(self.tr("Aperçu du document"))
        self.export_button = QPushButton(self.tr("Exporter les documents…"), self)
        self.export_button.setObjectName("reviewExportButton")

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("<h2>Vérification</h2>"), left))
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.problems, 1)
        left_layout.addWidget(self.export_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Aperçu :"), right))
        bar.addWidget(self.document, 1)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("reviewSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.problems.itemActivated.connect(self._jump)
        self.problems.itemClicked.connect(self._jump)
        self.document.currentIndexChanged.connect(self.render_preview)
        self.export_button.clicked.connect(self.export_requested)

    def refresh(self) -> None:
        self.problems.clear()
        found = findings(self.session)
        for finding in found:
            item = QListWidgetItem(("⚠ " if finding.blocking else "• ") + finding.text, self.problems)
            item.setData(Qt.ItemDataRole.UserRole, (finding.section_id, finding.field_id))
        if found:
            self.summary.setText(
                self.tr("{n} point(s) à vérifier. Rien n'empêche l'export ; cliquez un point pour y aller.").format(
                    n=len(found)
                )
            )
        else:
            self.summary.setText(self.tr("Aucun point à vérifier : l'audition est complète."))
        current = self.document.currentData()
        self.document.blockSignals(True)
        self.document.clear()
        for spec in self.session.view.applicable_documents():
            if spec.model in BUILDERS:
                self.document.addItem(spec.title, spec.id)
        # A reopened hearing: the new PVs (complémentaire or de rectification), the one being written included.
        for spec in self.session.workspace.supplement_documents(self.session.hearing_id):
            self.document.addItem(spec.title, spec.id)
        index = self.document.findData(current)
        self.document.setCurrentIndex(max(index, 0))
        self.document.blockSignals(False)
        self.render_preview()

    def clear(self) -> None:
        """The findings and the preview taken off the screen (the lock); ``refresh`` shows them again."""
        self.problems.clear()
        self.summary.clear()
        self.preview.clear()

    def _jump(self, item: QListWidgetItem) -> None:
        section_id, field_id = item.data(Qt.ItemDataRole.UserRole)
        self.jump_requested.emit(section_id, field_id)

    def render_preview(self) -> None:
        doc_id = self.document.currentData()
        supplements = self.session.workspace.supplement_documents(self.session.hearing_id)
        specs = [*self.session.template.documents, *supplements]
        spec = next((d for d in specs if d.id == doc_id), None)
        if spec is None:
            self.preview.setHtml(self.tr("<p>Aucun document à prévisualiser.</p>"))
            return
        try:
            document = build_blocks(self.session.workspace.context(self.session.hearing_id), spec)
        except ExportError as error:
            self.preview.setPlainText(str(error))
            return
        self.preview.setHtml(to_html(document))
