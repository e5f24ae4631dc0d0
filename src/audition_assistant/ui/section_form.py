"""The form of one template section: its editors, help, inline problems, live visibility."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..core.french import typography
from ..core.templates.model import Section
from .fields import FOCUS_RING, SECTION_DESTINATION, FieldEditor, create_editor, destination_marker
from .hearing_session import HearingSession

FULL_WIDTH = {"identity", "group", "checklist"}
LABEL_CHARS = 40  # a label longer than this many average characters wraps
UNSAVED = "⚠ Non enregistrée (disque plein)\u00a0: gardée ici, elle sera enregistrée dès que possible."


class FormLabel(QLabel):
    """A field's label that wraps and always shows whole beside its field.

    A form gives a wrapped label the height it needs at the width of the label
    column, but draws it no wider than its own size hint; a plain QLabel's hint
    for wrapped text is narrower than the column, so its second line was cut
    off. Here the hint is the text on one line, up to ``LABEL_CHARS`` characters:
    at that width the label needs no more lines than at the column's.
    """

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        extra = margins.left() + margins.right() + 2 * self.margin() + 2  # a pixel or two against rounding
        one_line = metrics.horizontalAdvance(self.text()) + extra
        width = min(one_line, metrics.averageCharWidth() * LABEL_CHARS + extra)
        return QSize(width, self.heightForWidth(width))


class SectionForm(QScrollArea):
    def __init__(self, session: HearingSession, section: Section, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.section = section
        self.setObjectName(f"section_{section.id}")
        self.setWidgetResizable(True)
        body = QWidget(self)
        body.setStyleSheet(FOCUS_RING)
        outer = QVBoxLayout(body)
        title = QLabel(f"<h2>{_escape(section.title)}</h2>", body)
        title.setObjectName("sectionTitle")
        outer.addWidget(title)
        self.destination: QLabel | None = None
        if section.destination in SECTION_DESTINATION:
            # What everyone will read: the investigator sees which answers stay out of the PV.
            sentence = SECTION_DESTINATION[section.destination]
            self.destination = QLabel(sentence, body)
            self.destination.setObjectName("sectionDestination")
            self.destination.setAccessibleName(sentence)
            self.destination.setWordWrap(True)
            self.destination.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.destination.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.destination.setStyleSheet("font-style: italic;")
            outer.addWidget(self.destination)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.setWidget(body)

        self.editors: dict[str, FieldEditor] = {}
        self.problems: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}
        answers = session.view.answers
        for f in section.fields:
            editor = create_editor(f, body)
            editor.set_value(answers.get(f.id))
            editor.edited.connect(lambda f=f, e=editor: self._edited(f.id, e))
            label = FormLabel(("* " if f.required else "") + f.label, body)
            label.setBuddy(editor)
            label.setObjectName(f"label_{f.id}")
            if f.required:
                label.setToolTip(self.tr("Réponse obligatoire"))
            cell = QWidget(body)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.addWidget(editor)
            if f.destination != section.destination:
                cell_layout.addWidget(destination_marker(f, cell))
            if f.help:
                help_label = QLabel(typography(f.help), cell)
                help_label.setWordWrap(True)
                help_label.setObjectName(f"help_{f.id}")
                help_label.setStyleSheet("color: palette(mid);")
                cell_layout.addWidget(help_label)
            problem = QLabel(cell)
            problem.setObjectName(f"problem_{f.id}")
            problem.setStyleSheet("color: #b00020;")
            problem.setWordWrap(True)
            problem.hide()
            cell_layout.addWidget(problem)
            if f.type in FULL_WIDTH:
                # Blocks with their own inner labels read better with the title above them.
                label.setStyleSheet("font-weight: bold; margin-top: 8px;")
                self.form.addRow(label)
                self.form.addRow(cell)
            else:
                self.form.addRow(label, cell)
            self.editors[f.id] = editor
            self.problems[f.id] = problem
            self.labels[f.id] = label
            self.rows[f.id] = cell
        self.set_read_only(session.closed)
        self.update_visibility()
        session.answers_filled.connect(self._filled)
        session.unsaved_changed.connect(self._mark_unsaved)

    def _filled(self, field_ids: list[str]) -> None:
        """Show the answers another one pre-filled (default_from)."""
        for field_id in field_ids:
            if field_id in self.editors:
                self.editors[field_id].set_value(self.session.view.answers.get(field_id))

    def _edited(self, field_id: str, editor: FieldEditor) -> None:
        f = next(x for x in self.section.fields if x.id == field_id)
        problem = self.session.set_answer(f, editor.value())
        if problem is None and editor.property("unsaved"):
            return  # kept by a full disk: its marker stays until it is saved
        label = self.problems[field_id]
        label.setText(problem or "")
        label.setVisible(bool(problem))

    def _mark_unsaved(self) -> None:
        """A field whose answer a full disk kept says so under it, until it is saved."""
        unsaved = set(self.session.unsaved())
        for field_id, editor in self.editors.items():
            marked = bool(editor.property("unsaved"))
            if (field_id in unsaved) == marked:
                continue
            editor.setProperty("unsaved", not marked)
            label = self.problems[field_id]
            label.setText("" if marked else self.tr(UNSAVED))
            label.setVisible(not marked)

    def clear_values(self) -> None:
        """Every answer taken off the screen (the lock); ``load_values`` shows them again."""
        for field_id, editor in self.editors.items():
            editor.set_value(None)  # as loading does: nothing is saved
            editor.setProperty("unsaved", False)
            self.problems[field_id].clear()
            self.problems[field_id].hide()

    def load_values(self) -> None:
        answers = self.session.view.answers
        for field_id, editor in self.editors.items():
            editor.set_value(answers.get(field_id))
        self.update_visibility()
        self._mark_unsaved()

    def update_visibility(self) -> None:
        visible = {f.id for f in self.session.view.visible_fields(self.section)}
        for field_id, cell in self.rows.items():
            shown = field_id in visible
            cell.setVisible(shown)
            self.labels[field_id].setVisible(shown)

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)

    def flush(self) -> None:
        for editor in self.editors.values():
            editor.flush()

    def focus_first_empty(self) -> None:
        """The cursor goes where the next word goes: the first shown field still to answer, else the first one."""
        shown = [self.editors[f.id] for f in self.section.fields if not self.rows[f.id].isHidden()]
        for editor in [e for e in shown if e.has_gap()] + shown:
            if editor.focus_first_empty():
                self.ensureWidgetVisible(self.focusWidget() or editor)
                return
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # nothing to type into: a space scrolls, nothing more

    def focus_field(self, field_id: str) -> None:
        editor = self.editors.get(field_id)
        if editor is not None:
            self.ensureWidgetVisible(editor)
            editor.setFocus(Qt.FocusReason.OtherFocusReason)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
