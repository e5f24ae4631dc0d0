"""French words reduced to the keys two inflections of one word share: « frappée », « frappé », « frapper ».

simplemma (a dictionary, no model, deterministic, offline) gives the lemma; it leaves some participles as they
are (« frappée » -> « frappé » but « frapper » stays, « menacée » -> « menacé » but « menacé » -> « menacer »),
so each word also gets a light stem of its own and of its lemma: accents, plural, feminine and the infinitive's
ending dropped. Two words match when they share a key. See docs/types-de-questions.md for the measures.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

# Letters only: digits are never content words.
WORD = re.compile(r"[^\W\d_]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-"})
_PARTICIPLE = re.compile(r"é(?:e|es|s)?$")
_DERIVED = re.compile(r"(?:ation|ement)s?$")
_LOCK = threading.Lock()
_loaded = False


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe and hyphen, spaces collapsed (the accents kept)."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_APOSTROPHES).lower().split())


def unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def tokens(text: str) -> list[str]:
    """The words of ``text``, normalised; an apostrophe or a hyphen separates two (« l'appartement » gives
    « l » and « appartement », « rez-de-chaussée » three words): the elided words are in the stoplist."""
    return WORD.findall(normalise(text))


def warm() -> None:
    """Load simplemma's French dictionary (a few tenths of a second, the first time): off the window's thread."""
    global _loaded
    with _LOCK:
        if not _loaded:
            import simplemma

            simplemma.lemmatize("frappée", lang="fr")
            _loaded = True


def _lemma(word: str) -> str:
    if not _loaded:
        warm()
    import simplemma

    return str(simplemma.lemmatize(word, lang="fr")).lower()


def stem(word: str) -> str:
    """A light stem: accents, a plural, a feminine, an -er/-ir infinitive's ending and an -i participle's dropped."""
    word = unaccented(word)
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    for _ in range(2):
        if len(word) > 3 and word.endswith("e"):
            word = word[:-1]
    if len(word) > 4 and word.endswith(("er", "ir")):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("i"):  # « partie », « sortie »: the participle of « partir », « sortir »
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def keys(word: str) -> frozenset[str]:
    """What ``word`` (one token, lower case) is compared by: its stem and its lemma's."""
    return frozenset((stem(word), stem(_lemma(word))))


@lru_cache(maxsize=65536)
def infinitive(word: str) -> str:
    """The infinitive ``word`` is a form of (« gardait » -> « garder », « forcée » -> « forcer »), or "" when it
    is not read as a verb: a noun (« papiers »), a name, an adjective. simplemma has no parts of speech: a form
    whose lemma is an infinitive is a verb unless it is that lemma's plural; a participle in -é simplemma leaves
    as is (« forcé », « amenée ») is a verb when its -er infinitive is a known word (« café » is not)."""
    lemma = _lemma(word)
    if lemma.endswith(("er", "ir", "re", "oir")):
        return "" if word in (lemma + "s", lemma + "x") else lemma
    participle = _PARTICIPLE.search(word)
    if participle:
        candidate = word[: participle.start()] + "er"
        if _known(candidate) and _lemma(candidate) == candidate:
            return candidate
    return ""


def derived_keys(word: str) -> frozenset[str]:
    """The verb a noun in -ation or -ement is made from (« réservations » -> réserv-, « enfermement » ->
    enferm-): only ever used to say such a noun is not new after the verb was said."""
    found = _DERIVED.search(word)
    return frozenset((stem(word[: found.start()]),)) if found and found.start() >= 4 else frozenset()


@lru_cache(maxsize=65536)
def noun_too(word: str) -> bool:
    """Whether ``word`` is also a noun (« dîner », « chambre », « pierre »): it has a plural of its own."""
    return _known(word + "s") and _lemma(word + "s") == word


def _known(word: str) -> bool:
    if not _loaded:
        warm()
    import simplemma

    return bool(simplemma.is_known(word, lang="fr"))
