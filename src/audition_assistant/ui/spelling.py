"""Spell-checking in the window's text boxes: unknown words underlined, suggestions in the right-click menu.

``install(checker)`` once at start sets the checker every box uses (it loads
its dictionary on a background thread if it has not yet); ``attach(edit)``
adds checking to one box. A QPlainTextEdit or QTextEdit gets a red wavy
underline through a QSyntaxHighlighter, which only colours text and never
changes it; a QLineEdit (one line, no highlighter in Qt) gets the
suggestions in its right-click menu. Suggestions take a tenth of a second, so
they are looked up off the window's thread (``background``) while the menu is
already open; a lock forgets them (``forget_words``): none typed before it
comes back into memory afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QAction, QColor, QContextMenuEvent, QSyntaxHighlighter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QTextEdit, QWidget

from ..core.spelling import Checker, PersonalWords, Word, misspellings
from .background import Background

ADD = "Ajouter au dictionnaire"
IGNORE = "Ignorer"
SEARCHING = "Recherche de suggestions…"
NO_SUGGESTION = "Aucune suggestion"

TextBox = QPlainTextEdit | QTextEdit | QLineEdit


def underline() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(QColor("#d0021b"))
    return fmt


class Service(QObject):
    """The checker the boxes share, its highlighters, and the reports of its background work."""

    loaded = Signal(bool)  # the dictionary finished loading: True when it is usable

    def __init__(self, checker: Checker):
        super().__init__()
        self.checker = checker
        # Its own: the service outlives the windows (it is made before the first one).
        self.background = Background(self)
        self.suggestions: dict[str, list[str]] = {}
        self.loaded.connect(lambda _ok: self.rehighlight())

    def start(self) -> None:
        """Load the dictionary off the window's thread when the checker has a ``load`` and needs it."""
        if self.checker.available:
            return
        self.background.run(self.checker.load, self.loaded.emit, kind="dictionary")

    def wait(self) -> None:
        """Until the dictionary has loaded or failed to (a smoke test of a build; never the window's thread)."""
        self.background.wait("dictionary")

    def forget_words(self) -> None:
        """The words looked up are words typed: forgotten at a lock, with the lookups still running."""
        self.background.forget("suggestions")
        self.suggestions.clear()

    @property
    def note(self) -> str:
        """What to tell the user when checking does not work (French), else ""."""
        return self.checker.problem

    def rehighlight(self) -> None:
        """Underline again everywhere (dictionary loaded, a word added or ignored)."""
        for highlighter in list(_highlighters):
            if not shiboken6.isValid(highlighter) or not shiboken6.isValid(highlighter.edit):
                _highlighters.discard(highlighter)
                continue
            highlighter.rehighlight_quietly()


_service: Service | None = None
_highlighters: set[Highlighter] = set()


def install(checker: Checker) -> Service:
    """Make ``checker`` the one every box uses, and start loading its dictionary."""
    global _service
    _service = Service(checker)
    _service.start()
    _service.rehighlight()
    return _service


def service() -> Service | None:
    return _service


def use_personal(personal: PersonalWords | None) -> None:
    """Give the checker the personal dictionary of the store just opened."""
    if _service is not None:
        _service.checker.use(personal)
        _service.rehighlight()


def attach(edit: TextBox) -> None:
    """Check the spelling of what is typed in ``edit`` (underline where possible, suggestions in its menu)."""
    if isinstance(edit, QPlainTextEdit | QTextEdit):
        _highlighters.add(Highlighter(edit))
        targets: list[QWidget] = [edit, edit.viewport()]
    else:
        targets = [edit]
    menu_filter = _MenuFilter(edit)
    for target in targets:
        target.installEventFilter(menu_filter)


def _utf16(text: str, index: int) -> int:
    """Qt counts positions in UTF-16 units: characters beyond the BMP (emoji) count twice."""
    return index + sum(1 for c in text[:index] if ord(c) > 0xFFFF)


def _from_utf16(text: str, position: int) -> int:
    count = 0
    for i, c in enumerate(text):
        if count >= position:
            return i
        count += 2 if ord(c) > 0xFFFF else 1
    return len(text)


class Highlighter(QSyntaxHighlighter):
    """Underlines, block by block, the words the checker does not know. Never changes the text."""

    FORMAT = underline()

    def __init__(self, edit: QPlainTextEdit | QTextEdit):
        super().__init__(edit.document())
        self.edit = edit

    def highlightBlock(self, text: str) -> None:
        if _service is None:
            return
        for word in misspellings(_service.checker, text):
            start = _utf16(text, word.start)
            self.setFormat(start, _utf16(text, word.end) - start, self.FORMAT)

    def rehighlight_quietly(self) -> None:
        """Rehighlight without the box saying its text changed (Qt says so on a rehighlight: nothing was typed)."""
        was_blocked = self.edit.blockSignals(True)
        try:
            self.rehighlight()
        finally:
            self.edit.blockSignals(was_blocked)


class _MenuFilter(QObject):
    """Replaces the box's right-click menu by the same one with the spelling actions on top."""

    def __init__(self, edit: TextBox):
        super().__init__(edit)
        self.edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ContextMenu or not isinstance(event, QContextMenuEvent):
            return False
        mouse = event.reason() == QContextMenuEvent.Reason.Mouse
        # A mouse click on a text box's viewport gives viewport coordinates; on a line edit, its own.
        at = event.pos() if mouse and (watched is not self.edit or isinstance(self.edit, QLineEdit)) else None
        menu = context_menu(self.edit, at)
        menu.exec(event.globalPos())
        menu.deleteLater()
        return True


def _word_at(edit: TextBox, at: QPoint | None) -> tuple[Word, Callable[[str], None]] | None:
    """The misspelt word at ``at`` (or at the text cursor), and how to replace it."""
    if _service is None or not _service.checker.available:
        return None
    if isinstance(edit, QLineEdit):
        text = edit.text()
        position = _from_utf16(text, edit.cursorPositionAt(at) if at is not None else edit.cursorPosition())

        def replace_line(word: Word, by: str) -> None:
            edit.setSelection(_utf16(text, word.start), _utf16(text, word.end) - _utf16(text, word.start))
            edit.insert(by)

        replace: Callable[[Word, str], None] = replace_line
    else:
        cursor = edit.cursorForPosition(at) if at is not None else edit.textCursor()
        block = cursor.block()
        text = block.text()
        position = _from_utf16(text, cursor.positionInBlock())

        def replace_text(word: Word, by: str) -> None:
            change = QTextCursor(block)
            change.setPosition(block.position() + _utf16(text, word.start))
            change.setPosition(block.position() + _utf16(text, word.end), QTextCursor.MoveMode.KeepAnchor)
            change.insertText(by)

        replace = replace_text
    for word in misspellings(_service.checker, text):
        if word.start <= position <= word.end:
            return word, lambda by, word=word: replace(word, by)
    return None


def context_menu(edit: TextBox, at: QPoint | None = None) -> QMenu:
    """The box's standard menu (in French with Qt's translations) with, over a misspelt word,
    its suggestions, « Ajouter au dictionnaire » and « Ignorer » on top."""
    menu = edit.createStandardContextMenu()
    menu.setObjectName("spellingMenu")
    found = None if edit.isReadOnly() else _word_at(edit, at)
    if found is None or _service is None:
        return menu
    word, replace = found
    service = _service
    first = menu.actions()[0] if menu.actions() else None
    pending = QAction(SEARCHING, menu)
    pending.setEnabled(False)
    add = QAction(ADD, menu)
    add.setObjectName("spellingAdd")
    add.triggered.connect(lambda: _accept(service, word.text, add=True))
    ignore = QAction(IGNORE, menu)
    ignore.setObjectName("spellingIgnore")
    ignore.triggered.connect(lambda: _accept(service, word.text, add=False))
    separator = QAction(menu)
    separator.setSeparator(True)
    menu.insertActions(first, [pending, add, ignore, separator])  # type: ignore[arg-type]

    def show(suggestions: list[str]) -> None:
        if not shiboken6.isValid(menu):
            return
        for suggestion in suggestions:
            action = QAction(suggestion, menu)
            action.setObjectName("spellingSuggestion")
            action.triggered.connect(lambda _checked=False, by=suggestion: replace(by))
            menu.insertAction(pending, action)
        if suggestions:
            menu.removeAction(pending)
        else:
            pending.setText(NO_SUGGESTION)

    known = service.suggestions.get(word.text)
    if known is not None:
        show(known)
    else:
        _suggest_later(service, word.text, menu, show)
    return menu


def _suggest_later(service: Service, word: str, menu: QMenu, show: Callable[[list[str]], None]) -> None:
    def found(suggestions: list[str]) -> None:
        service.suggestions[word] = suggestions
        show(suggestions)  # nothing when the menu closed meanwhile

    service.background.run(
        lambda: service.checker.suggestions(word), found, lambda _error: show([]), kind="suggestions"
    )


def _accept(service: Service, word: str, *, add: bool) -> None:
    try:
        if add:
            service.checker.add(word)
        else:
            service.checker.ignore(word)
    except Exception as error:  # the store locked or closed: the word stays accepted for this session
        service.checker.ignore(word)
        print(f"Mot non enregistré dans le dictionnaire personnel : {error}", file=sys.stderr)
    service.rehighlight()
