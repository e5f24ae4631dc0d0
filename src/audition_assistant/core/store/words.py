"""The spell-checker's personal dictionary: words the user added, kept encrypted with the rest."""

from __future__ import annotations

from ..text import clean
from .base import StoreBase
from .errors import StoreError


class PersonalWords(StoreBase):
    def personal_words(self) -> list[str]:
        """The words the user added to the spell-checker's dictionary, in alphabetical order."""
        return [r["word"] for r in self._db.table("personal_words").rows_where(order_by="word")]

    def add_personal_word(self, word: str) -> None:
        """Add a word (kept as given, once); an empty one is refused."""
        word = clean(word).strip()
        if not word or any(c.isspace() for c in word):
            raise StoreError("Un mot du dictionnaire personnel ne peut être ni vide ni contenir d'espace.")
        with self._write() as db:
            db.table("personal_words").insert({"word": word, "added_at": self._stamp()}, ignore=True)
