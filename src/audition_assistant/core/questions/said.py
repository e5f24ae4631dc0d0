"""What the person has said so far in this hearing, as the lemma keys a question's words are compared with.

Each answer is lemmatised once, when it is added (``plus``): a question is then checked against a 300-entry
hearing by dict look-ups, without reading the answers again.

The hearing screen keeps one ``Said`` per entry (what was said before it). Rather than a growing set per entry
(quadratic in the hearing's length), the ``Said`` values of one hearing share one map, each key to the number
of the answer that first said it; a ``Said`` is that map seen up to its own length. ``plus`` on the newest
value extends the map in place; on an older one (an entry edited above the last) it copies the part it sees.
Each value still behaves as an immutable one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from . import lemmas


class _Memory:
    """Each key to the number of the answer that first said it, and how many answers it holds."""

    __slots__ = ("first", "length", "lock")

    def __init__(self, first: dict[str, int] | None = None, length: int = 0):
        self.first: dict[str, int] = first if first is not None else {}
        self.length = length
        self.lock = threading.Lock()


class Said:
    """What the answers up to ``length`` said: a view of a memory shared with the earlier values."""

    __slots__ = ("_length", "_memory")

    def __init__(self) -> None:
        self._memory = _Memory()
        self._length = 0

    @classmethod
    def _view(cls, memory: _Memory, length: int) -> Said:
        said = cls.__new__(cls)
        said._memory, said._length = memory, length
        return said

    @classmethod
    def of(cls, answers: Iterable[str]) -> Said:
        said = cls()
        for answer in answers:
            said = said.plus(answer)
        return said

    def plus(self, answer: str) -> Said:
        """This, and ``answer`` (an immutable value: the hearing screen keeps one per entry). The memory's
        length counts the answers that added a key: a view's length bounds what it sees, nothing more."""
        added = _keys_of(answer)
        if not any(self._memory.first.get(key, self._length) >= self._length for key in added):
            return self  # nothing new: the same value
        memory = self._memory
        with memory.lock:
            if memory.length != self._length:  # an older value: its own copy, the later answers left out
                first = {key: at for key, at in memory.first.items() if at < self._length}
                memory = _Memory(first, self._length)
            for key in added:
                memory.first.setdefault(key, memory.length)
            memory.length += 1
            return Said._view(memory, memory.length)

    def has(self, word: str) -> bool:
        """Whether the person said ``word`` (one token, lower case) in some inflection."""
        return self.has_any(lemmas.keys(word))

    def has_any(self, keys: Iterable[str]) -> bool:
        """Whether the person said a word of one of these lemma keys."""
        first, length = self._memory.first, self._length
        return any(first.get(key, length) < length for key in keys)

    @property
    def keys(self) -> frozenset[str]:
        """Every key said so far (built on demand: a look-up goes through ``has`` or ``has_any``)."""
        length = self._length
        return frozenset(key for key, at in list(self._memory.first.items()) if at < length)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Said) and self.keys == other.keys

    def __hash__(self) -> int:
        return hash(self.keys)

    def __repr__(self) -> str:
        return f"Said({len(self.keys)} keys, {self._length} answers)"


def _keys_of(answer: str) -> set[str]:
    found: set[str] = set()
    for word in lemmas.tokens(answer):
        found |= lemmas.keys(word)
    return found
