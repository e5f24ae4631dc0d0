"""French spell-checking without Qt: which words of a text to flag, and the checker behind it.

The rules about what to look at live here (``misspellings``), the dictionary
behind an interface (``Checker``), so the window's underline and menu depend
on neither the library nor the dictionary files. The dictionary is Hunspell's
French one through Enchant (pyenchant): it runs offline, checks a 2,000-character
answer in a few milliseconds, and its Windows wheels carry Enchant itself.
Words the user adds go to the personal dictionary in the encrypted store
(``PersonalWords``), never to Enchant's own word list in the user's profile.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from . import resources

LANGUAGE = "fr_FR"
# A word: letters, joined by apostrophes or hyphens (« l'interprète », « c'est-à-dire »),
# not glued to a digit or another word character (« 706-52 », « 3e », « B12 » are not words).
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]+(?:['’-][^\W\d_]+)*['’]?(?![\w])")
# Addresses are not French: what is inside one is never flagged.
_ADDRESS = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+")
_SENTENCE_ENDS = ".!?…:—–"
_OPENERS = '«"([ \t\u00a0\u202f'
_SUGGESTIONS = 6

UNAVAILABLE_NOTE = (
    "Correcteur orthographique indisponible : dictionnaire français introuvable. "
    "Installez les paquets libenchant-2-2 et hunspell-fr (README, « Installation »)."
)


@dataclass(frozen=True)
class Word:
    """A word of a text and where it stands (character offsets, end excluded)."""

    start: int
    end: int
    text: str


class Checker(Protocol):
    """What the window asks of a spell-checker; words come as typed (any apostrophe, any case)."""

    @property
    def available(self) -> bool:
        """True once a dictionary is loaded; until then (or without one) nothing is flagged."""
        ...

    @property
    def problem(self) -> str:
        """Why checking does not work, in French for the user; "" when it does."""
        ...

    def load(self) -> bool:
        """Read the dictionary (slow: off the window's thread); False when there is none."""
        ...

    def use(self, personal: PersonalWords | None) -> None:
        """Take the personal dictionary of the store just opened (None: none)."""
        ...

    def correct(self, word: str) -> bool: ...

    def suggestions(self, word: str) -> list[str]:
        """The nearest correct words, best first (may take a tenth of a second: not on the window's thread)."""
        ...

    def add(self, word: str) -> None:
        """Into the personal dictionary, kept for the next sessions."""
        ...

    def ignore(self, word: str) -> None:
        """Accepted until the application closes."""
        ...


class PersonalWords(Protocol):
    """Where the personal dictionary is kept (the store)."""

    def personal_words(self) -> list[str]: ...

    def add_personal_word(self, word: str) -> None: ...


def words(text: str) -> Iterator[Word]:
    """The words of ``text``, outside e-mail and web addresses."""
    addresses = [m.span() for m in _ADDRESS.finditer(text)]
    for match in _WORD.finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in addresses):
            continue
        yield Word(start, end, match.group())


def is_proper_name(word: Word, text: str) -> bool:
    """A capital inside a sentence marks a name (« RESTREPO », « Medellín », « Jean-Marc »), not a typo.

    At the start of a sentence the capital says nothing: the word is checked.
    Words in capitals (names as a PV writes them, acronyms) are never flagged.
    """
    letters = [c for c in word.text if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return True
    if not word.text[0].isupper():
        return False
    return not starts_sentence(text, word.start)


def starts_sentence(text: str, start: int) -> bool:
    """Whether what stands at ``start`` opens a sentence (or a line): only spaces and quotes since the last stop."""
    i = start
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    return i == 0 or text[i - 1] in _SENTENCE_ENDS or text[i - 1] == "\n"


def misspellings(checker: Checker, text: str) -> list[Word]:
    """The words of ``text`` the checker does not know, proper names left alone."""
    if not checker.available:
        return []
    found = []
    for word in words(text):
        if is_proper_name(word, text) or checker.correct(word.text):
            continue
        # An elided word being typed (« l' », « jusqu' ») is judged once the next word comes.
        if word.text[-1] in "'’" and checker.correct(word.text[:-1]):
            continue
        found.append(word)
    return found


def normalise(word: str) -> str:
    """One apostrophe (the typographic one is what Word and the keyboard's AltGr give)."""
    return word.replace("’", "'")


def dictionary_folders(language: str = LANGUAGE) -> list[Path]:
    """Folders holding a Hunspell dictionary of the program's own (``hunspell/fr_FR.dic``).

    ``AUDITION_ASSISTANT_DICTIONARIES`` names one; the copy shipped in the
    resources (resources/dictionaries) comes next. Enchant is asked for them
    only when the system has no French dictionary (Windows: pyenchant's
    Enchant carries English ones only).
    """
    folders = []
    if os.environ.get("AUDITION_ASSISTANT_DICTIONARIES"):
        folders.append(Path(os.environ["AUDITION_ASSISTANT_DICTIONARIES"]))
    shipped = resources.root() / "dictionaries"
    if isinstance(shipped, Path):  # on disk: checkout, installed package, frozen build
        folders.append(shipped)
    return [f for f in folders if (f / "hunspell" / f"{language}.dic").is_file()]


class FrenchChecker:
    """The French Hunspell dictionary through Enchant, with the personal dictionary on top.

    ``load`` reads the dictionary (about 80 ms: the window calls it on a
    background thread); until it has, or when it failed, ``available`` is
    False and ``problem`` says why in French. ``correct`` only ever runs on
    one thread (the window's); ``suggestions`` uses a second dictionary
    handle of its own, so it can run on a worker thread meanwhile.
    """

    def __init__(self, language: str = LANGUAGE):
        self.language = language
        self.problem = ""
        self._dict: Any = None
        self._suggester: Any = None
        self._suggest_lock = threading.Lock()
        self._accepted: set[str] = set()
        self._cache: dict[str, bool] = {}
        self._personal: PersonalWords | None = None

    @property
    def available(self) -> bool:
        return self._dict is not None

    def load(self) -> bool:
        """Open the dictionary; False (and ``problem`` set) when the library or the dictionary is missing."""
        if self._dict is not None:
            return True
        try:
            self._dict = self._request()
        except Exception as error:  # ImportError without libenchant, DictNotFoundError without the dictionary
            self.problem = UNAVAILABLE_NOTE
            print(f"Correcteur orthographique indisponible : {error}", file=sys.stderr)
            return False
        self.problem = ""
        return True

    def _request(self) -> Any:
        import enchant

        try:
            return enchant.Broker().request_dict(self.language)
        except enchant.errors.DictNotFoundError:
            folders = dictionary_folders(self.language)
            if not folders:
                raise
            # Enchant's Hunspell provider also looks in <its configuration folder>/hunspell.
            os.environ["ENCHANT_CONFIG_DIR"] = str(folders[0])
            return enchant.Broker().request_dict(self.language)

    def use(self, personal: PersonalWords | None) -> None:
        """Take the personal dictionary of the store just opened (None: forget it)."""
        self._personal = personal
        self._accepted = {normalise(w) for w in personal.personal_words()} if personal is not None else set()
        self._cache.clear()

    def correct(self, word: str) -> bool:
        word = normalise(word)
        known = self._cache.get(word)
        if known is None:
            known = word in self._accepted or word.lower() in self._accepted or self._check(word)
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[word] = known
        return known

    def _check(self, word: str) -> bool:
        if self._dict is None:
            return True
        if self._dict.check(word):
            return True
        # A compound the dictionary does not list is right when each part is (« ex-compagnon-là »).
        parts = word.split("-")
        return len(parts) > 1 and all(part and self._dict.check(part) for part in parts)

    def suggestions(self, word: str) -> list[str]:
        if self._dict is None:
            return []
        with self._suggest_lock:
            if self._suggester is None:
                import enchant

                self._suggester = enchant.Broker().request_dict(self.language)
            found = self._suggester.suggest(normalise(word))
        return [s for s in found if s != word][:_SUGGESTIONS]

    def add(self, word: str) -> None:
        word = normalise(word)
        if self._personal is not None and word not in self._accepted:
            self._personal.add_personal_word(word)
        self.ignore(word)

    def ignore(self, word: str) -> None:
        word = normalise(word)
        self._accepted.add(word)
        self._cache.pop(word, None)
