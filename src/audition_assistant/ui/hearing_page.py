"""The hearing screen: section navigator, form, guidance, transcript, timeline, review."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.french import NBSP, NNBSP, counted, typography
from ..core.templates.model import AUDIENCE_LABELS
from .elements_panel import ElementsPanel
from .hearing_session import HearingSession
from .plan_checklist import PlanChecklist
from .review_page import PROFILE, TRANSCRIPT, ReviewPage
from .section_form import SectionForm
from .signature_mark import signature_html
from .timeline_bar import TimelineBar
from .transcript_editor import TranscriptEditor

REVIEW = "__review__"
MISSING_COLOUR = QColor("#b00020")


def guidance_html(text: str) -> str:
    """Template guidance: paragraphs separated by blank lines, "- " lines as a list.

    With French typography's no-break spaces, as in the documents: a « never ends a
    line, a : or a ; never starts one, however the pane wraps.
    """

    def french(part: str) -> str:
        # Qt's rich text makes the narrow no-break space an ordinary one, where a line may break.
        return escape(typography(part)).replace(NNBSP, NBSP)

    html = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        items: list[str] = []
        words: list[str] = []
        for line in lines:
            if line.startswith(("- ", "• ")):
                items.append(line[2:])
            elif items:
                items[-1] += " " + line
            else:
                words.append(line)
        if words:
            html.append(f"<p>{french(' '.join(words))}</p>")
        if items:
            html.append("<ul>" + "".join(f"<li>{french(i)}</li>" for i in items) + "</ul>")
    return "".join(html)


class Forms(Mapping[str, SectionForm]):
    """The sections' forms by section id, each built at its first use (a hearing has about twenty).

    Looking one up builds it; ``in`` does not; :meth:`built` gives those
    that exist, the only ones holding anything to save, refresh or clear.
    """

    def __init__(self, section_ids: list[str], build: Callable[[str], SectionForm]):
        self._ids = section_ids
        self._build = build
        self._built: dict[str, SectionForm] = {}

    def __getitem__(self, section_id: str) -> SectionForm:
        if section_id not in self._built:
            if section_id not in self._ids:
                raise KeyError(section_id)
            self._built[section_id] = self._build(section_id)
        return self._built[section_id]

    def __contains__(self, section_id: object) -> bool:
        return section_id in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def built(self) -> list[SectionForm]:
        return list(self._built.values())


class HearingPage(QWidget):
    export_requested = Signal()
    closed_requested = Signal()  # back to the cases
    history_requested = Signal()
    profile_requested = Signal()  # a finding about the investigator's profile

    def __init__(self, session: HearingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("hearingPage")
        template = session.template
        left_at = session.service.current_section  # where it was left: the page it opens on
        self._opening = True  # the pages shown while it is built are not where the investigator is
        self._arriving = False

        self.header = QLabel(self)
        self.header.setObjectName("hearingHeader")
        self.header.setWordWrap(True)  # a long title or name wraps, never widens the window
        self._set_header(session.person_name())
        self.back_button = QPushButton(self.tr("← Dossiers"), self)
        self.back_button.setObjectName("backToCasesButton")
        self.back_button.setAccessibleName(self.tr("Revenir à la liste des dossiers"))
        self.guidance_button = QPushButton(self.tr("Conseils"), self)
        self.guidance_button.setObjectName("toggleGuidanceButton")
        self.guidance_button.setCheckable(True)
        self.guidance_button.setChecked(True)
        self.full_width_button = QPushButton(self.tr("Pleine largeur"), self)
        self.full_width_button.setObjectName("fullWidthButton")
        self.full_width_button.setCheckable(True)
        self.full_width_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click leaves the cursor where it was
        self.full_width_button.setToolTip(self.tr("Masquer les volets latéraux pour la saisie (F11)"))
        self.timeline_bar = TimelineBar(session, self)
        self.timeline_bar.state_label.setWordWrap(True)  # a long suspension reason wraps
        self.correction_button = QPushButton(self.tr("Rouvrir pour correction…"), self)
        self.correction_button.setObjectName("reopenForCorrectionButton")
        self.finish_correction_button = QPushButton(self.tr("Terminer la correction"), self)
        self.finish_correction_button.setObjectName("finishCorrectionButton")
        self.finish_correction_button.setAccessibleName(self.tr("Clore le nouveau procès-verbal"))
        self.correction_button.setAccessibleName(
            self.tr("Rouvrir pour un procès-verbal complémentaire ou de rectification")
        )
        # While a supplement is open: "Procès-verbal complémentaire n° … en cours".
        self.supplement_label = QLabel(self)
        self.supplement_label.setObjectName("supplementLabel")
        self.supplement_label.setStyleSheet("color:#8a4b00; font-weight:bold;")
        self.supplement_label.setWordWrap(True)
        self.history_button = QPushButton(self.tr("Historique"), self)
        self.history_button.setObjectName("historyButton")
        self.history_button.setAccessibleName(self.tr("Historique de l'audition"))
        # Tests (and a scripted session) may answer instead of the dialog: (kind, number, reason) or None.
        self.ask_reopening = self._ask_reopening
        self.progress = QProgressBar(self)
        self.progress.setObjectName("overallProgress")
        self.progress.setAccessibleName(self.tr("Progression de l'audition"))

        self.navigator = QListWidget(self)
        self.navigator.setObjectName("sectionNavigator")
        self.navigator.setAccessibleName(self.tr("Sections de l'audition"))
        self.navigator.setMinimumWidth(180)
        self.navigator.setWordWrap(True)
        self.navigator.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigator.setSpacing(1)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("hearingStack")
        self.guidance = QTextBrowser(self)
        self.guidance.setObjectName("guidancePane")
        self.guidance.setAccessibleName(self.tr("Conseils à l'enquêteur"))
        self.guidance.setMinimumWidth(160)

        self._guidance: tuple[str, str] | None = None  # what the guidance pane shows
        self._transcript_state: tuple[int | None, tuple[str, str] | None, int | None] = (None, None, None)
        self.forms = Forms([section.id for section in template.sections], self._build_form)
        self.pages: dict[str, QWidget] = {}
        self.transcript = TranscriptEditor(session, self.stack)
        self.pages[TRANSCRIPT] = self.transcript
        self.stack.addWidget(self.transcript)
        # The elements of the charges addressed: the investigator's notes beside the Q/R.
        self.elements = ElementsPanel(session, self.transcript)
        self.transcript.add_notes_pane(self.elements, self.tr("Éléments"))
        # The hearing plan beside the Q/R: ticked by a click, never taking the focus from the boxes.
        self.plan_checklist = PlanChecklist(session, self.transcript)
        self.transcript.add_notes_pane(self.plan_checklist, self.tr("Plan"))
        self.review = ReviewPage(session, self.stack, marks=self.transcript.marks)
        self.pages[REVIEW] = self.review
        self.stack.addWidget(self.review)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.header, 1)
        top.addWidget(self.supplement_label)
        top.addWidget(self.correction_button)
        top.addWidget(self.finish_correction_button)
        top.addWidget(self.history_button)
        top.addWidget(self.guidance_button)
        top.addWidget(self.full_width_button)
        left = QWidget(self)
        self.side_pane = left
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Progression"), left))
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.navigator, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("hearingSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.guidance)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 1)
        # The typing pane first: on a 1366 px laptop the answer box gets about half the width.
        self.splitter.setSizes([230, 900, 230])
        self.transcript.splitter.setSizes([170, 480, 250])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.timeline_bar)
        layout.addWidget(self.splitter, 1)

        self.navigator.currentRowChanged.connect(self._row_changed)
        self.navigator.itemClicked.connect(lambda _item: self.focus_page())
        self.guidance_button.toggled.connect(self._lay_out_panes)
        self.full_width_button.toggled.connect(self._lay_out_panes)
        self.back_button.clicked.connect(self.closed_requested)
        self.correction_button.clicked.connect(self.reopen_for_correction)
        self.finish_correction_button.clicked.connect(self.session.finish_correction)
        self.history_button.clicked.connect(self.history_requested)
        self.transcript.theme_selected.connect(self._theme_guidance)
        self.review.jump_requested.connect(self.jump_to)
        self.review.export_requested.connect(self.export_requested)
        session.changed.connect(self.refresh)
        session.transcript_changed.connect(self.refresh)
        session.timeline_changed.connect(self._timeline_changed)

        self.refresh()
        self._timeline_changed()
        self._opening = False
        self._arriving = True  # the page it opens on belongs to the opening, logged once by the window
        self.go_to(left_at)
        self._arriving = False

    def _set_header(self, name: str) -> None:
        template = self.session.template
        self.header.setText(
            f"<b>{escape(template.title)}</b> — {escape(name)}"
            f" — <span>{escape(AUDIENCE_LABELS[template.audience])}, v{escape(template.version)}</span>"
            f" — {signature_html(self.session.signature)}"
        )

    # --- the lock ---------------------------------------------------------------
    def clear_for_lock(self) -> None:
        """Every word of the hearing taken off the screen: the answers, the boxes, the list, the preview.

        Call ``flush`` first: what waited for a typing pause is saved (or kept
        by the session when the disk is full). ``restore_after_lock`` reads it
        all again once the passphrase is given.
        """
        self._transcript_state = self.transcript.clear_for_lock()
        self.plan_checklist.clear()
        self.elements.clear_for_lock()
        for form in self.forms.built():
            form.clear_values()
        self.review.clear()
        self._set_header("")
        self.supplement_label.clear()
        self.guidance.clear()
        self.session.forget()
        self.timeline_bar.refresh()

    def restore_after_lock(self) -> None:
        self.session.refresh()  # the answers, words and timeline read again (and those a full disk kept)
        self._set_header(self.session.person_name())
        for form in self.forms.built():
            form.load_values()
        self._timeline_changed()
        self.timeline_bar.refresh()
        self.transcript.reload_themes()
        self.transcript.restore_after_lock(self._transcript_state)
        self.plan_checklist.reload()
        self.elements.refresh()
        if self._guidance is not None:
            self._show_guidance(*self._guidance)

    # --- navigation ------------------------------------------------------------
    def page_ids(self) -> list[str]:
        return [self.navigator.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.navigator.count())]

    def current_page(self) -> str:
        item = self.navigator.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def go_to(self, page_id: str) -> None:
        ids = self.page_ids()
        if page_id not in ids:
            page_id = ids[0]
        self.navigator.setCurrentRow(ids.index(page_id))
        self.focus_page()

    def step(self, delta: int) -> None:
        row = self.navigator.currentRow() + delta
        if 0 <= row < self.navigator.count():
            self.navigator.setCurrentRow(row)
            self.focus_page()

    def focus_page(self) -> None:
        """The cursor follows the page shown: a section's first empty field, never a button left behind."""
        page_id = self.current_page()
        if page_id in self.forms:
            self.forms[page_id].focus_first_empty()
            return
        if page_id == TRANSCRIPT and self.transcript.question.isEnabled():
            self.transcript.question.setFocus(Qt.FocusReason.OtherFocusReason)  # the next word is a question
            return
        page = self.forms[page_id] if page_id in self.forms else self.pages.get(page_id)
        focused = self.focusWidget()
        if page is not None and not (focused is not None and page.isAncestorOf(focused)):
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def jump_to(self, section_id: str, field_id: str) -> None:
        if section_id == PROFILE:
            self.profile_requested.emit()
            return
        self.go_to(section_id)
        if field_id and section_id in self.forms:
            self.forms[section_id].focus_field(field_id)
        elif section_id == TRANSCRIPT and field_id.isdigit():  # one question/answer entry, selected
            row = self.transcript.model.row_of(int(field_id))
            self.transcript.entries.setCurrentIndex(self.transcript.model.index(row))
            self.transcript.entries.setFocus(Qt.FocusReason.OtherFocusReason)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.flush()
        page_id = self.navigator.item(row).data(Qt.ItemDataRole.UserRole)
        self.stack.setCurrentWidget(self.forms[page_id] if page_id in self.forms else self.pages[page_id])
        if page_id in self.forms:
            section = self.forms[page_id].section
            self._show_guidance(section.title, section.guidance)
        elif page_id == TRANSCRIPT:
            self._theme_guidance(self.transcript.current_theme_guidance())
        else:
            self.review.opened(opening_logged=self._arriving)
            self._show_guidance(
                self.tr("Vérification"),
                self.tr(
                    "Relisez les points signalés avant d'exporter. Un champ obligatoire manquant "
                    "n'empêche pas l'export, mais il est signalé."
                ),
            )
        if not self._opening:
            self.session.set_current_section(page_id)

    def _show_guidance(self, title: str, text: str) -> None:
        self._guidance = (title, text)
        advice = self.session.view.applicable_advice()
        extra = ""
        if advice:
            items = "".join(
                f"<li><b>{escape(a.title)}</b> {escape(a.text)}</li>" if a.title else f"<li>{escape(a.text)}</li>"
                for a in advice
            )
            extra = f"<h4>{escape(self.tr('Suites suggérées'))}</h4><ul>{items}</ul>"
        self.guidance.setHtml(f"<h3>{escape(title)}</h3>{guidance_html(text) or '<p>—</p>'}{extra}")

    def _theme_guidance(self, text: str) -> None:
        if self.current_page() == TRANSCRIPT:
            self._show_guidance(
                self.tr("Questions / réponses"),
                text
                or self.tr(
                    "Commencez par le récit libre, puis des questions ouvertes (« Racontez… », « Décrivez… »). "
                    "Évitez les questions fermées, suggestives ou commençant par « pourquoi »."
                ),
            )

    def set_full_width(self, on: bool) -> None:
        """Typing mode: the side panes (sections, guidance, the Q/R's themes and list) collapse."""
        self.full_width_button.setChecked(on)

    def _lay_out_panes(self) -> None:
        on = self.full_width_button.isChecked()
        self.side_pane.setVisible(not on)
        self.guidance.setVisible(not on and self.guidance_button.isChecked())
        splitter = self.transcript.splitter
        for index in (0, splitter.count() - 1):
            if (pane := splitter.widget(index)) is not None:
                pane.setVisible(not on)
        focus = QApplication.focusWidget()
        if on and self.current_page() == TRANSCRIPT and (focus is None or not focus.isVisible()):
            self.transcript.question.setFocus()  # the focus was in a pane just hidden

    # --- state -------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the navigator's entries and markers from the engine's view."""
        view = self.session.view
        current = self.current_page()
        visible = view.visible_sections()
        self.navigator.blockSignals(True)
        self.navigator.clear()
        for section in visible:
            p = view.progress(section)
            mark = "⚠" if p.missing else ("✓" if p.total and p.filled == p.total else "○")
            item = QListWidgetItem(f"{mark} {section.title}  ({p.filled}/{p.total})", self.navigator)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            missing = counted(p.missing, "réponse obligatoire manquante", "réponses obligatoires manquantes")
            item.setToolTip(missing if p.missing else "")
            if p.missing:
                item.setForeground(QBrush(MISSING_COLOUR))
        entries = len(view.transcript)
        item = QListWidgetItem(self.tr("✎ Questions / réponses ({n})").format(n=entries), self.navigator)
        item.setData(Qt.ItemDataRole.UserRole, TRANSCRIPT)
        item = QListWidgetItem(self.tr("☑ Vérification et export"), self.navigator)
        item.setData(Qt.ItemDataRole.UserRole, REVIEW)
        ids = self.page_ids()
        self.navigator.setCurrentRow(ids.index(current) if current in ids else 0)
        self.navigator.blockSignals(False)
        if current not in ids:
            self._row_changed(self.navigator.currentRow())
        if self._guidance is not None:
            self._show_guidance(*self._guidance)  # advice follows the answers
        overall = view.overall_progress()
        self.progress.setMaximum(max(overall.total, 1))
        self.progress.setValue(overall.filled)
        self.progress.setFormat(self.tr("%v / %m réponses"))
        for form in self.forms.built():
            form.update_visibility()
        if self.current_page() == REVIEW:
            self.review.refresh()

    def _timeline_changed(self) -> None:
        status = self.session.status
        handed_over = self.session.handed_over  # its case went to another laptop: read-only here
        closed = status == "closed" or handed_over
        for form in self.forms.built():
            form.set_read_only(closed)
        self.transcript.set_read_only(closed)
        self.timeline_bar.setEnabled(not handed_over)
        self.correction_button.setVisible(status == "closed" and not handed_over)
        self.finish_correction_button.setVisible(status == "correction" and not handed_over)
        supplement = self.session.supplement if status == "correction" else None
        if supplement is not None:
            self.supplement_label.setText(
                self.tr("{title} n° {number} en cours").format(title=supplement.title, number=supplement.pv_number)
            )
            self.finish_correction_button.setText(
                self.tr("Clore le procès-verbal n° {number}").format(number=supplement.pv_number)
            )
        else:
            self.supplement_label.clear()
            self.finish_correction_button.setText(self.tr("Terminer la correction"))
        self.supplement_label.setVisible(supplement is not None)
        for form in self.forms.built():
            self._keep_signed(form)
        self.transcript.set_signed(self.session.signed_entry_ids(), supplement.kind if supplement else "")

    def _build_form(self, section_id: str) -> SectionForm:
        """A section's form, built when first shown or asked for: opening a hearing builds only the one shown."""
        section = next(s for s in self.session.template.sections if s.id == section_id)
        form = SectionForm(self.session, section, self.stack)
        self.stack.addWidget(form)
        self._keep_signed(form)
        return form

    def _keep_signed(self, form: SectionForm) -> None:
        """In a complementary PV, the answers the signed PV holds are read-only: a rectification corrects them."""
        supplement = self.session.supplement if self.session.status == "correction" else None
        if supplement is not None and supplement.kind == "complementaire":
            signed = supplement.base.get("answers", {})
            for field_id, editor in form.editors.items():
                if signed.get(field_id) not in (None, "", [], {}):
                    editor.set_read_only(True)

    def _ask_reopening(self) -> tuple[str, str, str] | None:
        from PySide6.QtWidgets import QDialog

        from .reopen_dialog import ReopenDialog

        dialog = ReopenDialog(self.session.record.pv_number, self)
        # The main window's dialog runner (tests drive it without exec()).
        run = getattr(self.window(), "run_dialog", None) or (lambda d: d.exec())
        if run(dialog) != QDialog.DialogCode.Accepted or dialog.problem():
            return None
        return dialog.values()

    def reopen_for_correction(self) -> None:
        """A signed PV never changes: reopening opens a new PV (complémentaire or de rectification)."""
        self.flush()
        answer = self.ask_reopening()
        if answer is not None:
            self.session.reopen_for_correction(*answer)

    def flush(self) -> None:
        """Save at once whatever is waiting for a typing pause."""
        for form in self.forms.built():
            form.flush()
        self.transcript.flush()
