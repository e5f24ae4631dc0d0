"""The elements panel: each element of the hearing's charges, « abordé » (by which entries) or « non abordé ».

The investigator's notes, never the PV. The application suggests (the theme
chosen, the indicators ticked) and never decides: the investigator tags an
entry with one keystroke, Alt+1 to Alt+9, the n-th element of the numbered
short list (the suggested elements first, then the rest of the charge
chosen). On a French AZERTY keyboard the digit row gives & é " ' ( - è _ ç:
Alt with those keys works the same. Ctrl+Alt is never used (AltGr on
Windows), nor Alt with the numeric keypad (Windows' Alt codes).

What Alt+n tags:
- from the Question or Réponse box, with text in them: the entry being typed,
  tagged when it is added (Ctrl+Entrée); with empty boxes: the last entry
  added; while an entry is being edited: that entry;
- from the entries list (or the panel): the selected entry.

The keys never insert, drop or alter a character, and never move the focus.
The panel shows no word of the hearing (entries are named « Q3 »): nothing
of what was said stays on screen after the lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from ..core.elements import Element, ElementCoverage
from ..core.french import counted
from ..core.store import StoreError
from ..core.store.records import ElementTag
from .hearing_session import HearingSession
from .message_bar import ElidedCombo
from .transcript_editor import TranscriptEditor

MAX_KEYS = 9
# The digit row's keys, the digits and what a French AZERTY keyboard gives without Shift: the n-th element.
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}
_AZERTY = {
    Qt.Key.Key_Ampersand: 1,
    Qt.Key.Key_Eacute: 2,
    Qt.Key.Key_QuoteDbl: 3,
    Qt.Key.Key_Apostrophe: 4,
    Qt.Key.Key_ParenLeft: 5,
    Qt.Key.Key_Minus: 6,
    Qt.Key.Key_Egrave: 7,
    Qt.Key.Key_Underscore: 8,
    Qt.Key.Key_Ccedilla: 9,
}
TAG_KEYS = {**_DIGITS, **_AZERTY}
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

# Roles of the list's items: what a line is.
KIND_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
TAG_ROLE = Qt.ItemDataRole.UserRole + 2
ELEMENT_LINE, TAG_LINE, PENDING_LINE, CHARGE_LINE, GROUP_LINE = "element", "tag", "pending", "charge", "group"
STALE_MS = 150  # the coverage read again this long after the last change of a burst
SUGGESTED = QColor("#fff4c2")
TAG_INDENT = "\u2003\u2003↳ "  # a tag's line, under its element
NOT_ADDRESSED_COLOUR = QColor("#8a4b00")

TOOLTIP = (
    "Notes de l'enquêteur, jamais au procès-verbal. Alt+1 à Alt+9 (ou Alt avec & é \" ' ( - è _ ç) rattache "
    "un élément de la liste numérotée : depuis Question ou Réponse, la question en cours de saisie (rattachée "
    "à son ajout par Ctrl+Entrée) ou, cases vides, la dernière question ajoutée ; depuis la liste des "
    "questions, la question sélectionnée. Les éléments suggérés (thème, indicateurs cochés) viennent en tête : "
    "l'application suggère, l'enquêteur décide. Suppr ou clic droit sur une ligne « Q… » retire le rattachement."
)


def tag_number(event: QKeyEvent) -> int | None:
    """The n of Alt+n (1 to 9), digit row or AZERTY key; None for any other key (Ctrl+Alt, the keypad...)."""
    mods = event.modifiers()
    if not mods & ALT or mods & ~(ALT | SHIFT):  # Ctrl+Alt is AltGr on Windows; the keypad types Alt codes
        return None
    if mods & SHIFT and event.key() not in _DIGITS:  # Alt+Maj+& gives the digit on AZERTY
        return None
    return TAG_KEYS.get(Qt.Key(event.key()))


@dataclass(frozen=True)
class Pending:
    """An element chosen for the entry being typed, tagged when the entry is added."""

    key: str


class ElementsPanel(QWidget):
    tagged = Signal(int)  # the tag id, once stored
    changed = Signal()  # the panel was refreshed (coverage or numbering)

    def __init__(self, session: HearingSession, editor: TranscriptEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.editor = editor
        self.setObjectName("elementsPanel")
        self.setAccessibleName(self.tr("Éléments abordés (notes de l'enquêteur, jamais au procès-verbal)"))
        self.setToolTip(self.tr(TOOLTIP))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pending: list[Pending] = []
        self.shortcuts: list[str] = []  # the element keys of Alt+1..Alt+9, in order
        self._elements: list[Element] = []
        self._coverage: list[ElementCoverage] = []

        self.charge = ElidedCombo(self)  # a long charge title never widens the window
        self.charge.setObjectName("elementsCharge")
        self.charge.setAccessibleName(self.tr("Infraction dont les éléments sont numérotés"))
        self.charge.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # chosen with the mouse: typing never lands here
        self.note = QLabel(self)
        self.note.setObjectName("elementsNote")
        self.note.setWordWrap(True)
        self.element_list = QListWidget(self)  # a list, as the entries: its lines wrap, never cut
        self.element_list.setObjectName("elementsTree")
        self.element_list.setAccessibleName(self.tr("Éléments des infractions, abordés ou non abordés"))
        self.element_list.setWordWrap(True)
        self.element_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.element_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # never reached by Tab from the boxes
        self.element_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.element_list.setToolTip(self.tr(TOOLTIP))
        self.untag_action = QAction(self.tr("Retirer le rattachement"), self.element_list)
        self.untag_action.setObjectName("actionUntagElement")
        self.untag_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.untag_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.untag_action.triggered.connect(self.untag_selected)
        self.element_list.addAction(self.untag_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.charge)
        layout.addWidget(self.note)
        layout.addWidget(self.element_list, 1)

        for widget in (editor.question, editor.answer, editor.entries, self.element_list):
            widget.installEventFilter(self)
        self.charge.currentIndexChanged.connect(lambda _i: self.refresh())
        self.element_list.customContextMenuRequested.connect(self._context_menu)
        editor.theme.currentIndexChanged.connect(lambda _i: self.refresh())
        editor.entry_added.connect(self._entry_added)
        editor.elements_for_entry = lambda: [p.key for p in self.pending]
        editor.question.textChanged.connect(self._draft_changed)
        editor.answer.textChanged.connect(self._draft_changed)
        # A burst of saves (an answer typed, entries added one after the other) reads the coverage once, after it:
        # tagging, an entry added and the theme refresh at once.
        self._stale = QTimer(self)
        self._stale.setSingleShot(True)
        self._stale.setInterval(STALE_MS)
        self._stale.timeout.connect(self.refresh)
        session.transcript_changed.connect(self._stale.start)
        session.changed.connect(self._stale.start)
        self.refresh()

    # --- what is shown ---------------------------------------------------------
    def _load_charges(self, charges: tuple[str, ...] | None = None) -> None:
        """The charges to choose from (the case's qualification may change while the hearing is open)."""
        references = self.session.workspace.references
        charges = self.session.service.charges() if charges is None else charges
        if [self.charge.itemData(i) for i in range(self.charge.count())] == list(charges):
            return
        current = self.charge.currentData()
        self.charge.blockSignals(True)
        self.charge.clear()
        for key in charges:
            ref = references[key]
            self.charge.addItem(f"art. {ref.article} — {ref.label}", key)
        self.charge.setCurrentIndex(max(self.charge.findData(current), 0))
        self.charge.setVisible(self.charge.count() > 1)
        self.charge.blockSignals(False)

    def refresh(self) -> None:
        """The coverage read again, the short list numbered again (it changes with the theme and indicators only)."""
        service = self.session.service
        try:
            self._load_charges(service.charges())
            self._elements = service.elements()
            self._coverage = service.element_coverage()
            suggested = service.suggested_elements(self.editor.current_theme())
        except StoreError:  # locked: shown again at the next refresh
            return
        self._number(suggested)
        self._fill(set(suggested))
        self.changed.emit()

    def _number(self, suggested: list[str]) -> None:
        """Alt+1.. : the suggested elements, then the charge chosen's, then the next charges' (nine at most)."""
        charges = list(dict.fromkeys(e.charge for e in self._elements))
        chosen = self.charge.currentData()
        start = charges.index(chosen) if chosen in charges else 0
        rank = {charge: (i - start) % len(charges) for i, charge in enumerate(charges)}
        rest = sorted((e for e in self._elements if e.key not in suggested), key=lambda e: rank[e.charge])
        self.shortcuts = [*suggested, *(e.key for e in rest)][:MAX_KEYS]

    def _fill(self, suggested: set[str]) -> None:
        order = {e.id: i + 1 for i, e in enumerate(self.session.view.ordered_transcript())}
        tags = {t.id: t for t in self.session.service.element_tags()}
        references = self.session.workspace.references
        self.element_list.clear()
        if not self._elements:
            self.note.setText(
                self.tr(
                    "Aucune infraction à éléments : renseignez la qualification du dossier "
                    "(par exemple « art. 225-4-1 du code pénal »)."
                )
            )
            return
        self.note.setText(self.tr("Alt+1 à Alt+9 : rattacher. Notes de l'enquêteur, jamais au procès-verbal."))
        charge, group = "", ""
        for covered in self._coverage:
            element = covered.element
            if element.charge != charge:
                charge, group = element.charge, ""
                ref = references[element.charge]
                line = self._line(CHARGE_LINE, element.charge, f"art. {ref.article} — {ref.label}")
                font = line.font()
                font.setBold(True)
                line.setFont(font)
            if element.circumstance and group != element.charge:
                group = element.charge
                line = self._line(GROUP_LINE, element.charge, self.tr("Circonstances aggravantes"))
                font = line.font()
                font.setItalic(True)
                line.setFont(font)
            self._element_line(covered, order, tags, element.key in suggested)

    def _element_line(
        self, covered: ElementCoverage, order: dict[int, int], tags: dict[int, ElementTag], suggested: bool
    ) -> None:
        element = covered.element
        number = self.shortcuts.index(element.key) + 1 if element.key in self.shortcuts else None
        entries = ", ".join(f"Q{order[e]}" for e in covered.entries if e in order)
        waiting = [p for p in self.pending if p.key == element.key]
        state = covered.state + (f" ({entries})" if entries else "")
        if waiting and not covered.addressed:
            state = self.tr("non abordé, rattaché à la question en cours")
        # The state first: a narrow pane shows it at once, the label wrapping under it.
        text = f"[Alt+{number}] " if number else ""
        text += f"{state} — {element.label}"
        if element.to_verify:
            text += self.tr(" — à vérifier")
        if suggested:
            text += self.tr(" — suggéré")
        item = self._line(ELEMENT_LINE, element.key, text)
        if suggested:
            item.setBackground(QBrush(SUGGESTED))
        if not covered.addressed:
            item.setForeground(QBrush(NOT_ADDRESSED_COLOUR))
        ids = {t.entry_id: t.id for t in tags.values() if t.element == element.key and t.entry_id is not None}
        for entry_id in covered.entries:  # in the hearing's order
            if entry_id in order and entry_id in ids:
                line = self._line(TAG_LINE, element.key, f"{TAG_INDENT}Q{order[entry_id]}")
                line.setData(TAG_ROLE, ids[entry_id])
        for index, _pending in enumerate(waiting):
            line = self._line(
                PENDING_LINE, element.key, TAG_INDENT + self.tr("question en cours (rattachée à son ajout)")
            )
            line.setData(TAG_ROLE, index)

    def _line(self, kind: str, key: str, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.element_list)
        item.setData(KIND_ROLE, kind)
        item.setData(KEY_ROLE, key)
        return item

    def element_lines(self) -> dict[str, str]:
        """Each element's line as shown, by key (for tests and the screenshots' captions)."""
        return {item.data(KEY_ROLE): item.text() for item in self.lines() if item.data(KIND_ROLE) == ELEMENT_LINE}

    def lines(self) -> list[QListWidgetItem]:
        """Every line of the panel, in order."""
        shown = self.element_list
        return [item for item in (shown.item(i) for i in range(shown.count())) if item is not None]

    def clear_for_lock(self) -> None:
        """Nothing of the hearing on screen at the lock (the panel holds no word of it; the pending go)."""
        self._stale.stop()
        self.pending.clear()
        self.element_list.clear()

    # --- keys ------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Alt+n in the boxes, the entries list or the panel: tag, and the key goes nowhere else."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            number = tag_number(event)
            if number is not None:
                self.tag_nth(number, watched)
                return True
        return super().eventFilter(watched, event)

    def tag_nth(self, number: int, source: QObject | None = None) -> None:
        """Alt+``number``: the n-th element of the short list, on the entry the investigator means."""
        if not 1 <= number <= len(self.shortcuts):
            self.editor.say(self.tr("Alt+{n} : aucun élément sous ce numéro.").format(n=number))
            return
        key = self.shortcuts[number - 1]
        editor = self.editor
        if editor.read_only:
            self.editor.say(self.tr("Audition close : les éléments ne se rattachent plus."))
            return
        boxes = source in (editor.question, editor.answer)
        if boxes and editor.editing_id is not None:
            self.tag(key, editor.editing_id)
        elif boxes and (editor.question.toPlainText().strip() or editor.answer.toPlainText().strip()):
            self._add_pending(key)
        elif boxes:
            entries = self.session.view.ordered_transcript()
            last = max(entries, key=lambda e: (e.created_at, e.id)) if entries else None
            if last is None:
                self.editor.say(self.tr("Aucune question à rattacher : tapez-la, puis Alt+{n}.").format(n=number))
                return
            self.tag(key, last.id)
        else:
            selected = editor.selected_id()
            if selected is None:
                self.editor.say(self.tr("Sélectionnez d'abord une question dans la liste."))
                return
            self.tag(key, selected)

    def _add_pending(self, key: str) -> None:
        label = self._label(key)
        if any(p.key == key for p in self.pending):
            self.editor.say(self.tr("« {label} » est déjà rattaché à la question en cours.").format(label=label))
            return
        self.pending.append(Pending(key))
        self.editor.say(
            self.tr("« {label} » sera rattaché à la question en cours quand elle sera ajoutée (Ctrl+Entrée).").format(
                label=label
            )
        )
        self._fill(set(self.session.service.suggested_elements(self.editor.current_theme())))

    def _draft_changed(self) -> None:
        """Both boxes emptied by hand: the question abandoned takes its waiting tags with it, never the next one."""
        editor = self.editor
        if not self.pending or editor.question.toPlainText().strip() or editor.answer.toPlainText().strip():
            return
        self.pending = []
        self.refresh()
        self.editor.say(self.tr("Question effacée : ses éléments en attente sont retirés."))

    def _entry_added(self, entry_id: int) -> None:
        """The entry typed is added, tagged in the same commit with the elements chosen while it was typed."""
        pending, self.pending = self.pending, []
        self.refresh()
        if pending:
            tagged = counted(len(pending), "élément", "éléments")
            self.editor.say(self.tr("Question ajoutée et rattachée à {n}.").format(n=tagged))

    def tag(self, key: str, entry_id: int, *, quiet: bool = False) -> int | None:
        try:
            tag_id = self.session.service.tag_element(key, entry_id=entry_id)
        except StoreError as error:
            self.session.failed.emit(str(error))
            return None
        self.refresh()
        if not quiet:
            order = {e.id: i + 1 for i, e in enumerate(self.session.view.ordered_transcript())}
            self.editor.say(
                self.tr("Q{q} rattachée à « {label} » — Suppr sur la ligne du panneau Éléments pour retirer.").format(
                    q=order.get(entry_id, "?"), label=self._label(key)
                )
            )
        self.tagged.emit(tag_id)
        return tag_id

    def _label(self, key: str) -> str:
        return next((e.label for e in self._elements if e.key == key), key)

    # --- untagging ---------------------------------------------------------------
    def untag_selected(self) -> None:
        item = self.element_list.currentItem()
        if item is not None:
            self.untag(item)

    def untag(self, item: QListWidgetItem) -> None:
        kind = item.data(KIND_ROLE)
        if kind == PENDING_LINE:
            key = item.data(KEY_ROLE)
            self.pending = [p for p in self.pending if p.key != key]
            self.refresh()
            return
        if kind != TAG_LINE:
            return
        try:
            self.session.service.untag_element(int(item.data(TAG_ROLE)))
        except StoreError as error:
            self.session.failed.emit(str(error))
            return
        self.editor.say(self.tr("Rattachement retiré."))
        self.refresh()

    def _context_menu(self, at: QPoint) -> None:
        item = self.element_list.itemAt(at)
        if item is None or item.data(KIND_ROLE) not in (TAG_LINE, PENDING_LINE):
            return
        menu = QMenu(self.element_list)
        menu.setObjectName("elementsMenu")
        remove = menu.addAction(self.tr("Retirer le rattachement"))
        remove.setObjectName("actionUntagFromMenu")
        chosen = menu.exec(self.element_list.viewport().mapToGlobal(at))
        if chosen is remove:
            self.untag(item)


__all__ = ["TAG_KEYS", "TOOLTIP", "ElementsPanel", "tag_number"]
