"""Undo and redo of the question/answer list: add, edit, delete, move, each saved at once.

Each change is made first, then pushed as a command whose first ``redo`` does
nothing; undo and redo go through the hearing session, so the store (and its
audit log) always holds what the screen shows. An undone deletion comes back
as a new row with a new id: every command on the same entry shares one
``EntryRef`` so the later ones follow it. The store refuses any change to the
entries of a signed PV, and the editor clears the history when a PV is closed
or reopened, so no undo reaches a signed entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from .transcript_editor import TranscriptEditor


class EntryRef:
    """One entry across undo and redo: its id changes when a deletion is undone."""

    def __init__(self, entry_id: int):
        self.id = entry_id


@dataclass(frozen=True)
class EntryText:
    theme: str | None
    question: str
    answer: str
    created_at: dt.datetime


class _EntryCommand(QUndoCommand):
    def __init__(self, editor: TranscriptEditor, ref: EntryRef, text: str):
        super().__init__(text)
        self.editor = editor
        self.ref = ref
        self._fresh = True  # the change was made before the command was pushed

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
        elif not self.do():
            self.editor.history_broken()

    def undo(self) -> None:
        if not self.revert():
            self.editor.history_broken()

    def do(self) -> bool:  # pragma: no cover - every command overrides it
        raise NotImplementedError

    def revert(self) -> bool:  # pragma: no cover
        raise NotImplementedError

    def _restore(self, text: EntryText, index: int) -> bool:
        new_id = self.editor.session.restore_entry(text.theme, text.question, text.answer, text.created_at, index)
        if new_id is None:
            return False
        self.editor.follow(self.ref, new_id)
        return True


class AddEntry(_EntryCommand):
    """Undone, the entry leaves the store and, when the boxes are empty, its text goes back into them."""

    def __init__(self, editor: TranscriptEditor, ref: EntryRef, text: EntryText, index: int, focus_answer: bool):
        super().__init__(editor, ref, editor.tr("ajout de la question et de la réponse"))
        self.entry = text  # not ``text``: QUndoCommand.text() is the command's label
        self.index = index
        self.focus_answer = focus_answer

    def revert(self) -> bool:
        if not self.editor.session.delete_entry(self.ref.id):
            return False
        self.editor.put_back(self.entry.question, self.entry.answer, self.focus_answer)
        return True

    def do(self) -> bool:
        if not self._restore(self.entry, self.index):
            return False
        self.editor.take_back(self.entry.question, self.entry.answer)
        self.editor.select(self.ref.id)
        return True


class EditEntry(_EntryCommand):
    def __init__(self, editor: TranscriptEditor, ref: EntryRef, old: tuple[str, str], new: tuple[str, str]):
        super().__init__(editor, ref, editor.tr("modification de la question et de la réponse"))
        self.old = old
        self.new = new

    def _set(self, text: tuple[str, str]) -> bool:
        done = self.editor.session.update_entry(self.ref.id, *text)
        if done:
            self.editor.select(self.ref.id)
        return done

    def do(self) -> bool:
        return self._set(self.new)

    def revert(self) -> bool:
        return self._set(self.old)


class DeleteEntry(_EntryCommand):
    def __init__(self, editor: TranscriptEditor, ref: EntryRef, text: EntryText, index: int):
        super().__init__(editor, ref, editor.tr("suppression de la question et de la réponse"))
        self.entry = text
        self.index = index

    def do(self) -> bool:
        return self.editor.session.delete_entry(self.ref.id)

    def revert(self) -> bool:
        if not self._restore(self.entry, self.index):
            return False
        self.editor.select(self.ref.id)
        return True


class MoveEntry(_EntryCommand):
    def __init__(self, editor: TranscriptEditor, ref: EntryRef, origin: int, target: int):
        super().__init__(editor, ref, editor.tr("déplacement de la question et de la réponse"))
        self.origin = origin
        self.target = target

    def _move(self, index: int) -> bool:
        done = self.editor.session.move_entry(self.ref.id, index)
        if done:
            self.editor.select(self.ref.id)
        return done

    def do(self) -> bool:
        return self._move(self.target)

    def revert(self) -> bool:
        return self._move(self.origin)
