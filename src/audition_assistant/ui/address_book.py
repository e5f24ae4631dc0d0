"""The address book beside an identity block: interpreters and attendants typed once.

An identity field with ``address_book`` gets a completer on its name: typing
a few letters offers the people already kept, and choosing one (arrows,
Entrée) fills every part of the block in one action. « Ajouter au carnet »
keeps the person typed. The book lives in the encrypted store; the widgets
find it through the service installed when a hearing opens, so the editors
need no extra argument.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ..core.store import Contact, StoreError


class Book(Protocol):
    """What the address book needs from the store."""

    def contacts(self, role: str) -> list[Contact]: ...

    def save_contact(self, role: str, identity: dict[str, Any]) -> int: ...


_book: Book | None = None


def install(book: Book | None) -> None:
    """Set the address book the identity editors read (None: none, e.g. once the store is closed)."""
    global _book
    _book = book


def attach(editor: Any) -> None:
    """Give an identity editor (fields.CompositeEditor) its completer and its « Ajouter au carnet » button."""
    role = editor.field.address_book
    name = editor.members.get("nom")
    if not role or name is None or _book is None:
        return
    line = getattr(name, "line", None)
    if not isinstance(line, QLineEdit):
        return
    picker = _Picker(editor, line, role, _book)
    row = QWidget(editor)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(picker.button)
    layout.addWidget(picker.note, 1)
    editor.form.addRow(editor.tr("Carnet d'adresses"), row)
    editor.address_book = picker


class _Picker:
    def __init__(self, editor: Any, line: QLineEdit, role: str, book: Book):
        self.editor, self.line, self.role, self.book = editor, line, role, book
        self.contacts: dict[str, Contact] = {}
        self.model = QStringListModel(editor)
        self.completer = QCompleter(self.model, editor)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        line.setCompleter(self.completer)
        # The line takes the chosen entry as its text once the signal is handled: each part is put in
        # its place just after, so the name part holds the name alone.
        self.completer.activated[str].connect(  # type: ignore[index]  # the stubs know no overload by type
            lambda text: QTimer.singleShot(0, lambda: self.pick(text))
        )
        self.reload()
        self.button = QPushButton(editor.tr("Ajouter au carnet"), editor)
        self.button.setObjectName(f"addressBookSave_{editor.field.id}")
        self.button.setAccessibleName(editor.tr("Ajouter cette personne au carnet d'adresses"))
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.save)
        self.note = QLabel(editor.tr("Tapez le début du nom : les personnes du carnet sont proposées."), editor)
        self.note.setObjectName(f"addressBookNote_{editor.field.id}")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(mid);")

    def reload(self) -> None:
        try:
            contacts = self.book.contacts(self.role)
        except StoreError:
            contacts = []
        self.contacts = {_entry(c): c for c in contacts}
        self.model.setStringList(list(self.contacts))

    def pick(self, text: str) -> None:
        """Fill every part of the block from the person chosen, as one edit."""
        contact = self.contacts.get(text)
        if contact is None:
            return
        self.editor.set_value(contact.identity)
        self.editor.edited.emit()
        self._say(self.editor.tr("Identité reprise du carnet d'adresses."))

    def save(self) -> None:
        self.editor.flush()
        try:
            self.book.save_contact(self.role, self.editor.value() or {})
        except StoreError as error:
            self._say(str(error))
            return
        self.reload()
        self._say(self.editor.tr("Personne ajoutée au carnet d'adresses."))

    def _say(self, text: str) -> None:
        self.note.setText(text)


def _entry(contact: Contact) -> str:
    """The completer's line: the name, then what tells two people apart (languages, profession)."""
    details = [str(contact.identity.get(k) or "") for k in ("langues", "profession")]
    extra = ", ".join(d for d in details if d)
    return f"{contact.display_name} — {extra}" if extra else contact.display_name


__all__ = ["attach", "install"]
