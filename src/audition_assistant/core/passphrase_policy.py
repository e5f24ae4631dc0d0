"""How strong a new passphrase must be: one rule for the window and the command line.

The database key is derived from the passphrase, so whoever copies the
laptop's disk can try passphrases offline as fast as their hardware allows:
only the passphrase's unpredictability stands in the way. The estimate is a
small cousin of zxcvbn, written here for French: the parts a guesser tries
first (repeated characters, keyboard rows and alphabetical or numeric runs,
years, common French passwords and the words of the job) count for a few
bits each; every other character counts for the size of its alphabet
(lowercase, uppercase, digits, other signs), as the CNIL's and ANSSI's
password guidance counts. A long phrase of a few words passes easily; ten
random-looking characters do not.

The rule applies to new passphrases only (first start, a change): a database
created before opens with the passphrase it has.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

MIN_LENGTH = 12
# About what the CNIL asks of a password protecting data alone (80 bits for a
# sign-in without other measure), lowered because the key derivation
# (SQLCipher's PBKDF2, 256,000 rounds) slows every guess.
MIN_BITS = 60.0
MIN_DISTINCT = 6
NBSP = "\u00a0"  # French typography: a no-break space before « : » and inside « »

# Tried first by anyone who guesses: common French passwords, and the words of
# the job and of this application (the investigator's service, the tool's name).
_COMMON = """
    motdepasse password passe secret azerty qwerty soleil bonjour bonsoir salut coucou doudou loulou chouchou
    jetaime amour amoureux cheri cherie bebe princesse chocolat football marseille paris lyon toulouse france
    nicolas camille thomas julien marie sophie nathalie isabelle pierre michel jean philippe
    admin administrateur utilisateur user login test essai demo defaut default bienvenue welcome
    gendarmerie gendarme police policier commissariat brigade enquete enqueteur officier capitaine lieutenant
    brigadier adjudant major commandant nationale national ministere interieur justice tribunal parquet procureur
    audition assistant assistantaudition auditionassistant victime plainte proces verbal proxenetisme traite
"""
COMMON_WORDS = frozenset(_COMMON.split())
# Keyboard rows (AZERTY and QWERTY) and the alphabet, read both ways for runs.
_RUNS = (
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "&é\"'(-è_çà",
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t", "!": "i"})
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class _Weak:
    """A stretch of the passphrase a guesser tries early, and what kind it is."""

    start: int
    end: int
    kind: str  # "repeat", "sequence", "common" or "year"
    word: str = ""


def problem(passphrase: str) -> str | None:
    """Why ``passphrase`` is too weak for a new database (one French sentence), or None when it will do."""
    if len(passphrase) < MIN_LENGTH:
        return (
            f"Phrase secrète trop courte{NBSP}: au moins {MIN_LENGTH} caractères "
            "(quelques mots séparés par des espaces, par exemple)."
        )
    if len(set(passphrase)) < MIN_DISTINCT:
        return f"Phrase secrète trop prévisible{NBSP}: elle répète quelques caractères seulement."
    bits, weak = _estimate(passphrase)
    if bits >= MIN_BITS:
        return None
    covered = sum(w.end - w.start for w in weak)
    if weak and covered * 2 >= len(passphrase):
        main = max(weak, key=lambda w: w.end - w.start)
        if main.kind == "common":
            words = " et ".join(f"«{NBSP}{w.word}{NBSP}»" for w in weak if w.kind == "common")
            verb = "sont" if " et " in words else "est"
            return (
                f"Phrase secrète trop prévisible{NBSP}: {words} {verb} parmi les premiers mots essayés. "
                "Ajoutez des mots moins attendus."
            )
        if main.kind == "repeat":
            return f"Phrase secrète trop prévisible{NBSP}: elle répète les mêmes caractères."
        if main.kind == "year":
            return f"Phrase secrète trop prévisible{NBSP}: une année se devine vite. Ajoutez des mots."
        return (
            f"Phrase secrète trop prévisible{NBSP}: suite de touches ou de caractères "
            f"(«{NBSP}azerty{NBSP}», «{NBSP}12345{NBSP}»…)."
        )
    return (
        f"Phrase secrète trop faible{NBSP}: allongez-la (un ou deux mots de plus) "
        "ou mêlez majuscules, chiffres et signes."
    )


def estimated_bits(passphrase: str) -> float:
    """The estimate ``problem`` compares to MIN_BITS (for a strength hint)."""
    return _estimate(passphrase)[0]


def _estimate(passphrase: str) -> tuple[float, list[_Weak]]:
    """Bits of guessing work: weak stretches count a few bits each, other characters their alphabet's size."""
    folded = _fold(passphrase)
    weak = _weak_stretches(folded, folded.translate(_LEET))
    pool = _pool(passphrase)
    bits = 0.0
    covered = [False] * len(folded)
    for stretch in weak:
        for i in range(stretch.start, stretch.end):
            covered[i] = True
        length = stretch.end - stretch.start
        if stretch.kind == "common":
            bits += math.log2(len(COMMON_WORDS)) + 1  # which word, and its case
        elif stretch.kind == "year":
            bits += math.log2(200)
        elif stretch.kind == "repeat":
            bits += math.log2(pool) + math.log2(length)
        else:
            bits += math.log2(len(_RUNS) * 26 * 2) + math.log2(length)
    bits += sum(math.log2(pool) for i in range(len(folded)) if not covered[i])
    return bits, weak


def _fold(text: str) -> str:
    """Lowercase and without accents, as a guesser's rules see it; one character in, one out."""
    return "".join(unicodedata.normalize("NFD", char.lower()[:1] or char)[0] for char in text)


def _pool(text: str) -> int:
    """The size of the alphabets the passphrase draws from (CNIL's count)."""
    size = 0
    if any(c.islower() for c in text):
        size += 26
    if any(c.isupper() for c in text):
        size += 26
    if any(c.isdigit() for c in text):
        size += 10
    if any(not c.isalnum() for c in text):
        size += 33
    if any(c.isalpha() and not c.isascii() for c in text):
        size += 20  # accented letters
    return max(size, 10)


def _weak_stretches(folded: str, leet: str) -> list[_Weak]:
    """Non-overlapping weak stretches, longest first; words are also looked for with look-alikes read ("p@ss")."""
    found: list[_Weak] = []
    candidates = _repeats(folded) + _sequences(folded) + _commons(folded) + _commons(leet) + _years(folded)
    taken = [False] * len(folded)
    for stretch in sorted(candidates, key=lambda w: w.end - w.start, reverse=True):
        if not any(taken[stretch.start : stretch.end]):
            found.append(stretch)
            for i in range(stretch.start, stretch.end):
                taken[i] = True
    return sorted(found, key=lambda w: w.start)


def _repeats(text: str) -> list[_Weak]:
    """A chunk of 1 to 6 characters said three times or more in a row ("aaaa", "abcabcabc")."""
    found = []
    for size in range(1, 7):
        i = 0
        while i + size * 3 <= len(text):
            chunk = text[i : i + size]
            j = i + size
            while text[j : j + size] == chunk:
                j += size
            if j - i >= size * 3:
                found.append(_Weak(i, j, "repeat"))
                i = j
            else:
                i += 1
    return found


def _sequences(text: str) -> list[_Weak]:
    """Four or more characters following a keyboard row or the alphabet, forwards or backwards."""
    found = []
    for run in _RUNS:
        for line in (run, run[::-1]):
            i = 0
            while i < len(text):
                j = i
                while j < len(text) and text[j] in line:
                    if j > i and line.find(text[j]) != line.find(text[j - 1]) + 1:
                        break
                    j += 1
                if j - i >= 4:
                    found.append(_Weak(i, j, "sequence"))
                    i = j
                else:
                    i += 1
    return found


def _commons(text: str) -> list[_Weak]:
    found = []
    for word in COMMON_WORDS:
        start = text.find(word)
        while start != -1 and len(word) >= 4:
            found.append(_Weak(start, start + len(word), "common", word))
            start = text.find(word, start + 1)
    return found


def _years(text: str) -> list[_Weak]:
    return [_Weak(m.start(), m.end(), "year") for m in _YEAR.finditer(text)]
