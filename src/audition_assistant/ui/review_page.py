"""Review before export: what is missing or inconsistent (click to go there), the preview, the hand-off.

Under the findings, the question-type profile (counts per category, and the
suggestive and option questions, click to go there): for the investigator's
own look back, never a finding, never blocking.

The preview shows every document the hearing calls for: those built in code
from their blocks, at once; a Word model filled as the export fills it and
read back, off the window's thread (filling one takes a sandboxed process,
a few tenths of a second).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
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
from ..core.errors import UserError
from ..core.export.exporter import build, build_blocks
from ..core.export.files import ExportError
from ..core.export.models import BUILDERS
from ..core.export.supplement import SUPPLEMENT_MODEL
from ..core.french import counted
from ..core.review import PROFILE, TRANSCRIPT, Finding
from ..core.templates.model import DocumentSpec
from .background import Background
from .handoff_dialog import HandoffDialog, digest
from .hearing_session import HearingSession
from .preview import model_html, to_html
from .question_mark import HearingMarks
from .reads import logged
from .signature_mark import signature_html

__all__ = ["PROFILE", "TRANSCRIPT", "Finding", "ReviewPage", "element_findings", "findings"]


def findings(session: HearingSession) -> list[Finding]:
    """The review's findings for a hearing being typed, its unsaved draft included."""
    return review.findings(session.view, session.draft(), session.service.profile())


def element_findings(session: HearingSession) -> list[Finding]:
    """The elements no entry was tagged with (« non abordé »): the review page's, not the export's, concern."""
    if not session.template.themes:  # no questions and answers to tag
        return []
    return review.element_findings(session.service.element_coverage(), session.workspace.references)


class ReviewPage(QWidget):
    jump_requested = Signal(str, str)  # section id (or TRANSCRIPT), field id
    export_requested = Signal()

    def __init__(
        self,
        session: HearingSession,
        parent: QWidget | None = None,
        *,
        background: Background | None = None,
        marks: HearingMarks | None = None,
    ):
        super().__init__(parent)
        self.session = session
        # The entries' question types: the editor's when it is there, else followed here.
        self._own_marks = marks is None
        self.marks = marks or HearingMarks(self)
        self._profile_shown = False
        self.background = background or Background(self)
        self._rendering: int | None = None  # the token of the Word-model preview being filled
        self._copied = ""  # the digest of the last hand-off copied (never its text)
        self._previewed: str | None = None  # the document whose preview was logged since the page was opened
        self.setObjectName("reviewPage")
        self.template_label = QLabel(self)
        self.template_label.setObjectName("reviewTemplate")
        self.template_label.setWordWrap(True)
        template = session.template
        self.template_label.setText(
            self.tr("Modèle\u00a0: {title}, v{version} — {signature}").format(
                title=escape(template.title),
                version=escape(template.version),
                signature=signature_html(session.signature),
            )
        )
        self.summary = QLabel(self)
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setObjectName("reviewProblems")
        self.problems.setAccessibleName(self.tr("Points à vérifier"))
        self.problems.setWordWrap(True)
        self.profile_summary = QLabel(self)
        self.profile_summary.setObjectName("questionProfileSummary")
        self.profile_summary.setWordWrap(True)
        self.profile_list = QListWidget(self)
        self.profile_list.setObjectName("questionProfileList")
        self.profile_list.setAccessibleName(self.tr("Questions suggestives et questions fermées ou à choix"))
        self.profile_list.setWordWrap(True)
        # The elements of the charges not addressed: the investigator's notes, apart from the documents' points
        # (the export dialog repeats those, never these).
        self.elements_label = QLabel(
            self.tr("Éléments des infractions non abordés (notes, jamais au procès-verbal)"), self
        )
        self.elements_label.setObjectName("reviewElementsLabel")
        self.elements_label.setWordWrap(True)
        self.elements = QListWidget(self)
        self.elements.setObjectName("reviewElements")
        self.elements.setAccessibleName(self.tr("Éléments non abordés"))
        self.elements.setWordWrap(True)
        self.document = QComboBox(self)
        self.document.setObjectName("previewDocument")
        self.document.setAccessibleName(self.tr("Document à prévisualiser"))
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("documentPreview")
        self.preview.setAccessibleName(self.tr("Aperçu du document"))
        self.export_button = QPushButton(self.tr("Exporter les documents…"), self)
        self.export_button.setObjectName("reviewExportButton")
        self.handoff_button = QPushButton(self.tr("Copier pour le logiciel de rédaction…"), self)
        self.handoff_button.setObjectName("reviewHandoffButton")
        self.handoff_button.setAccessibleName(self.tr("Copier le texte pour LRPPN ou LRPGN"))
        self.handoff_button.setToolTip(
            self.tr("Les questions et réponses en texte brut, à coller dans LRPPN ou LRPGN.")
        )

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("<h2>Vérification</h2>"), left))
        left_layout.addWidget(self.template_label)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.problems, 2)
        left_layout.addWidget(self.profile_summary)
        left_layout.addWidget(self.profile_list, 1)
        left_layout.addWidget(self.elements_label)
        left_layout.addWidget(self.elements, 1)
        left_layout.addWidget(self.export_button)
        left_layout.addWidget(self.handoff_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Aperçu\u00a0:"), right))
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
        self.profile_list.itemActivated.connect(self._jump)
        self.profile_list.itemClicked.connect(self._jump)
        self.marks.changed.connect(self._show_profile)
        self.elements.itemActivated.connect(self._jump)
        self.elements.itemClicked.connect(self._jump)
        self.document.currentIndexChanged.connect(self.render_preview)
        self.export_button.clicked.connect(self.export_requested)
        self.handoff_button.clicked.connect(self.open_handoff)

    def opened(self, *, opening_logged: bool = False) -> None:
        """The page shown: its opening logged as a consultation (unless the hearing's own opening, logged
        already, brought it), then the findings and the preview shown."""
        self._previewed = None
        problem = "" if opening_logged else self._log("hearing_opened", ecran="verification")
        if problem:
            self.problems.clear()
            self.summary.setText(problem)
            self.preview.setPlainText(problem)
            return
        self.refresh()

    def _log(self, action: str, **detail: Any) -> str:
        return logged(self.session.store, action, hearing_id=self.session.hearing_id, **detail)

    def refresh(self) -> None:
        self.problems.clear()
        found = findings(self.session)
        self._show_elements()
        for finding in found:
            item = QListWidgetItem(("⚠ " if finding.blocking else "• ") + finding.text, self.problems)
            item.setData(Qt.ItemDataRole.UserRole, (finding.section_id, finding.field_id))
        if found:
            self.summary.setText(
                self.tr("{n}. Rien n'empêche l'export\u202f; cliquez un point pour y aller.").format(
                    n=counted(len(found), "point à vérifier", "points à vérifier")
                )
            )
        else:
            self.summary.setText(self.tr("Aucun point à vérifier\u00a0: l'audition est complète."))
        self._profile_shown = True
        if self._own_marks:
            self.marks.follow(self.session.view.ordered_transcript())
        self._show_profile()
        current = self.document.currentData()
        self.document.blockSignals(True)
        self.document.clear()
        for spec in self.session.view.applicable_documents():
            self.document.addItem(spec.title, spec.id)
        # A reopened hearing: the new PVs (complémentaire or de rectification), the one being written included.
        for spec in self.session.workspace.supplement_documents(self.session.hearing_id):
            self.document.addItem(spec.title, spec.id)
        index = self.document.findData(current)
        self.document.setCurrentIndex(max(index, 0))
        self.document.blockSignals(False)
        self.render_preview()

    def clear(self) -> None:
        """The findings and the preview taken off the screen (the lock); ``refresh`` shows them again.

        A hand-off copied from here and still on the clipboard goes too: the
        statements are not left for anyone at the locked computer to paste.
        """
        self.problems.clear()
        self.elements.clear()
        self.summary.clear()
        self._profile_shown = False
        self.profile_summary.clear()
        self.profile_list.clear()
        if self._own_marks:
            self.marks.clear()
        self.background.drop(self._rendering)
        self._rendering = None
        self._previewed = None  # shown again after the passphrase: a consultation again
        self.preview.clear()
        clipboard = QGuiApplication.clipboard()
        if self._copied and digest(clipboard.text()) == self._copied:
            clipboard.clear()
        self._copied = ""

    def _show_elements(self) -> None:
        """The elements no entry was tagged with, in their own list (hidden when there are none)."""
        self.elements.clear()
        for finding in element_findings(self.session):
            item = QListWidgetItem("• " + finding.text, self.elements)
            item.setData(Qt.ItemDataRole.UserRole, (finding.section_id, finding.field_id))
        shown = self.elements.count() > 0
        self.elements_label.setVisible(shown)
        self.elements.setVisible(shown)

    def open_handoff(self) -> None:
        """« Copier pour le logiciel de rédaction »: the dialog, through the window's dialog runner."""
        dialog = HandoffDialog(self.session, self)
        dialog.copied.connect(self._handed_off)
        run = getattr(self.window(), "run_dialog", None) or (lambda d: d.exec())
        run(dialog)
        dialog.deleteLater()  # it read the hearing's text: not kept beyond its use

    def _handed_off(self, copied: str) -> None:
        self._copied = copied

    def _show_profile(self) -> None:
        """The question types of the entries, once worked out (off the window's thread): never a finding."""
        if not self._profile_shown or not self.isVisible():  # shown again when the page is opened
            return
        self.profile_list.clear()
        profile = self.marks.profile()
        if profile is None:
            self.profile_summary.setText(self.tr("Types de questions\u00a0: calcul en cours…"))
            return
        shown = review.question_profile(profile, self.session.view.ordered_transcript())
        self.profile_summary.setText(shown.summary)
        for line in shown.lines:
            item = QListWidgetItem(line.text, self.profile_list)
            item.setToolTip(line.text)
            item.setData(Qt.ItemDataRole.UserRole, (TRANSCRIPT, str(line.entry_id)))

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
        self.background.drop(self._rendering)  # the document shown before: its preview is no longer wanted
        self._rendering = None
        ctx = self.session.workspace.context(self.session.hearing_id)
        if spec.model not in BUILDERS and spec.model != SUPPLEMENT_MODEL:
            self._render_model(ctx, spec)
            return
        try:
            document = build_blocks(ctx, spec)
        except ExportError as error:
            self.preview.setPlainText(str(error))
            return
        self._show(spec, lambda: to_html(document))

    def _show(self, spec: DocumentSpec, html: Callable[[], str]) -> None:
        """The preview shown once its consultation is logged; otherwise why it is not."""
        problem = self._previewing(spec)
        if problem:
            self.preview.setPlainText(problem)
        else:
            self.preview.setHtml(html())

    def _previewing(self, spec: DocumentSpec) -> str:
        """Log the preview of ``spec`` once per document shown while the page is open; "" or why it is not shown."""
        if spec.id == self._previewed:
            return ""
        problem = self._log("previewed", document=spec.id, titre=spec.title, modele=spec.model or "")
        if not problem:
            self._previewed = spec.id
        return problem

    def _render_model(self, ctx: Any, spec: DocumentSpec) -> None:
        """A Word model filled as the export fills it, read back and shown, off the window's thread."""
        self.preview.setHtml(
            self.tr("<p><i>Préparation de l'aperçu de «\u00a0{t}\u00a0»…</i></p>").format(t=escape(spec.title))
        )
        models = self.session.workspace.models

        def fill() -> str:
            from ..core.export.docx_reader import read_docx  # python-docx loads here, off the window's thread

            built = build(ctx, spec, models)
            return model_html(read_docx(built.data), built.notes)

        self._rendering = self.background.run(
            fill, lambda html: self._model_shown(spec, html), self._model_failed, kind="preview"
        )

    def _model_shown(self, spec: DocumentSpec, html: str) -> None:
        self._rendering = None
        self._show(spec, lambda: html)

    def _model_failed(self, error: BaseException) -> None:
        self._rendering = None
        if isinstance(error, UserError):
            self.preview.setPlainText(str(error))
        else:  # a bug must not take the window down
            self.preview.setPlainText(self.tr("Aperçu impossible\u00a0: {e}").format(e=error))
