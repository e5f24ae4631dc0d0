"""Qt item models over plain core records (tested without a window)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ..core.french import hhmm
from ..core.questions import Classification
from ..core.store.records import CASE_STATUSES, Case, TranscriptEntry
from ..core.timeline import Suspension, interleave
from .question_mark import SYMBOLS, mark_words

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


ZERO_WIDTH_SPACE = "\u200b"
LONG_WORD = 16  # characters: a word longer than this (an address, a username) may break anywhere on screen


def _short(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def breakable(text: str) -> str:
    """``text`` as a narrow list shows it: a long unbroken word (a web address) may break between any two letters.

    Invisible zero-width spaces go between the letters of such words only, so
    that the line wraps at the list's edge instead of widening the entry past it.
    For display alone: the text stored, exported and read aloud never has them.
    """
    words = text.split(" ")
    return " ".join(ZERO_WIDTH_SPACE.join(word) if len(word) > LONG_WORD else word for word in words)


def _date(stamp: str) -> str:
    """``2026-03-14T09:05:00`` -> ``14/03/2026``."""
    return f"{stamp[8:10]}/{stamp[5:7]}/{stamp[0:4]}" if len(stamp) >= 10 else stamp


class CasesModel(QAbstractTableModel):
    HEADERS = ("N° de procédure", "Intitulé", "Date", "Statut", "Auditions")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.cases: list[Case] = []

    def set_cases(self, cases: list[Case]) -> None:
        self.beginResetModel()
        self.cases = list(cases)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.cases)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self.cases[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                case.procedure_number,
                case.heading,
                _date(case.created_at),
                CASE_STATUSES.get(case.status, case.status),
                str(case.hearing_count),
            )[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return case.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{case.procedure_number} — {case.heading}" if case.heading else case.procedure_number
        return None

    def case_at(self, row: int) -> Case | None:
        return self.cases[row] if 0 <= row < len(self.cases) else None


class TranscriptModel(QAbstractListModel):
    """The question/answer entries in their order, each with its time and theme, and the suspensions between them.

    A suspension is a row of its own, after the last entry recorded before it
    began; it can be neither selected nor edited (its user role is None).
    An entry's question type (``set_marks``) leads its first line as a sign, its reason in the tooltip:
    the investigator's aid on screen, never in a document (those read the store, not this model).
    """

    def __init__(self, theme_title: Callable[[str | None], str], parent: Any = None):
        super().__init__(parent)
        self.theme_title = theme_title
        self.entries: list[TranscriptEntry] = []
        self.rows: list[TranscriptEntry | Suspension] = []
        self.pauses: list[Suspension] = []
        self.marks: dict[int, Classification] = {}  # by entry id

    def set_entries(self, entries: list[TranscriptEntry], pauses: list[Suspension] | None = None) -> None:
        self.beginResetModel()
        questions = {e.id: e.question for e in self.entries}
        self.entries = list(entries)
        # A question changed keeps no mark of its old words until its own comes (set_marks).
        kept = [e.id for e in self.entries if e.id in self.marks and questions.get(e.id) == e.question]
        self.marks = {entry_id: self.marks[entry_id] for entry_id in kept}
        self.pauses = list(pauses or [])
        self.rows = interleave(self.entries, lambda e: e.created_at, self.pauses)
        self.endResetModel()

    def set_marks(self, marks: dict[int, Classification]) -> None:
        """Each entry's question type; only the rows whose mark changed are drawn again."""
        changed = [
            row
            for row, item in enumerate(self.rows)
            if isinstance(item, TranscriptEntry) and marks.get(item.id) != self.marks.get(item.id)
        ]
        self.marks = {e.id: marks[e.id] for e in self.entries if e.id in marks}
        if changed:
            self.dataChanged.emit(self.index(changed[0]), self.index(changed[-1]))

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and isinstance(self.rows[index.row()], Suspension):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if isinstance(row, Suspension):
            return self._suspension_data(row, role)
        entry = row
        mark = self.marks.get(entry.id)
        if role == Qt.ItemDataRole.DisplayRole:
            during = " · ajoutée pendant la suspension" if any(p.covers(entry.created_at) for p in self.pauses) else ""
            sign = f"{SYMBOLS[mark.category]} " if mark else ""
            return (
                f"{sign}{hhmm(entry.created_at)} · {self.theme_title(entry.theme)}{during}\n"
                f"Q : {breakable(_short(entry.question)) or '—'}\nR : {breakable(_short(entry.answer)) or '—'}"
            )
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = f"Type de question : {mark_words(mark)}\n\n" if mark else ""
            return f"{kind}Question : {entry.question}\n\nRéponse : {entry.answer}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            kind = f" — type de question : {mark_words(mark)}" if mark else ""
            return f"Question {self.entries.index(entry) + 1} : {entry.question}. Réponse : {entry.answer}{kind}"
        return None

    def _suspension_data(self, pause: Suspension, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return breakable(pause.label())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return pause.label()
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Suspension de l'audition : elle figure au procès-verbal avec ses heures et son motif."
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def row_of(self, entry_id: int) -> int:
        """The entry's row in the list (suspensions included), -1 when absent."""
        return next((i for i, r in enumerate(self.rows) if isinstance(r, TranscriptEntry) and r.id == entry_id), -1)

    def entry_index(self, entry_id: int) -> int:
        """The entry's place among the entries alone (what the store's order counts), -1 when absent."""
        return next((i for i, e in enumerate(self.entries) if e.id == entry_id), -1)

    def entry(self, entry_id: int) -> TranscriptEntry | None:
        index = self.entry_index(entry_id)
        return self.entries[index] if index >= 0 else None
