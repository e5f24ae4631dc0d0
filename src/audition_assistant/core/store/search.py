"""Full-text search over the cases: the first results at once, the whole count a slice at a time.

A word said in most statements matches tens of thousands of answers and
statements; finding the case of each one reads that many rows of a large
encrypted file (about half a second for 10,000 hearings). So the four FTS5
indexes are read first (their row ids only, which is cheap), then:

- few hits: they are mapped to their cases in one statement, which gives
  every matching case and their exact count;
- many hits: the cases are walked in the list's order, a batch at a time,
  each case tested against the hits through its own hearings' index entries.
  Nearly every case matches, so the first batch holds the first results;
  the count goes on batch by batch (:meth:`CaseSearch.step`), each batch a
  few tens of milliseconds, so a window stays responsive between them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from .records import Case

# Statements matched (an answer counts four: its case is found through its row, not a covering index)
# above which walking the cases in the list's order is cheaper than finding the case of each one.
DIRECT_COST = 8_000
# Cases tested by one step of the walk (a few tens of milliseconds on 10,000 hearings).
BATCH = 100

ReadCases = Callable[[str, Any], list[Case]]

# The cases matched directly: by their own index, or one of their people's.
_DIRECT = """
    SELECT rowid AS id FROM cases_fts WHERE cases_fts MATCH :q
    UNION SELECT case_id FROM persons WHERE rowid IN (SELECT rowid FROM persons_fts WHERE persons_fts MATCH :q)
"""

# What the FTS5 indexes match, as JSON arrays built in SQLite: the cases matched directly, and the row
# ids of the matching statements and of the matching answers.
_HITS = f"""
    SELECT
        (SELECT json_group_array(id) FROM ({_DIRECT})),
        (SELECT json_group_array(rowid) FROM transcript_entries_fts WHERE transcript_entries_fts MATCH :q),
        (SELECT json_group_array(rowid) FROM answers_fts WHERE answers_fts MATCH :q)
"""

# Ids of the cases whose number, heading, people, answers or words said match :q.
# A matching transcript entry leads to its hearing through the small covering
# index on (id, hearing_id) (migration m002), not through the entry's row and
# its text.
_MATCHING_CASES = f"""
    {_DIRECT}
    UNION SELECT h.case_id FROM hearings h WHERE h.id IN
        (SELECT t.hearing_id FROM transcript_entries t INDEXED BY idx_transcript_entries_id_hearing
         WHERE t.id IN (SELECT rowid FROM transcript_entries_fts WHERE transcript_entries_fts MATCH :q))
    UNION SELECT h.case_id FROM hearings h WHERE h.id IN
        (SELECT a.hearing_id FROM answers a
         WHERE a.rowid IN (SELECT rowid FROM answers_fts WHERE answers_fts MATCH :q))
"""

# Which cases of the batch :batch match: directly (:direct, from the cases' and persons' indexes), or
# through an answer or a statement of one of their hearings among the hits. The hearing's own index
# entries (answers by their primary key, statements by hearing) are probed, never the rows; ``+``
# keeps SQLite from driving the loop from the hits instead.
_WALK = """
    WITH answer_hits(id) AS MATERIALIZED (SELECT value FROM json_each(:answers)),
         entry_hits(id) AS MATERIALIZED (SELECT value FROM json_each(:entries))
    SELECT c.id FROM cases c WHERE c.id IN (SELECT value FROM json_each(:batch)) AND (
        c.id IN (SELECT value FROM json_each(:direct))
        OR EXISTS (SELECT 1 FROM hearings h WHERE h.case_id = c.id AND (
            EXISTS (SELECT 1 FROM answers a WHERE a.hearing_id = h.id AND +a.rowid IN answer_hits)
            OR EXISTS (SELECT 1 FROM transcript_entries t INDEXED BY idx_transcript_entries_hearing_id
                       WHERE t.hearing_id = h.id AND +t.id IN entry_hits))))
"""


def fts_query(text: str) -> str | None:
    """User words -> an FTS5 query matching every word as a prefix.

    Each word is quoted, so FTS5 operators typed by the user (``AND``, ``-``,
    ``*``, quotes) are searched as text, never parsed.
    """
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words[:20])


def _cost(ids: str) -> int:
    """The number of ids in a JSON array, as SQLite writes it (``[1,2,3]``)."""
    return 0 if ids == "[]" else ids.count(",") + 1


class CaseSearch:
    """One search: :meth:`first` gives the first results in the list's order, :attr:`total` their count.

    ``total`` is ``None`` until the count is done: :meth:`step` advances it by
    one bounded slice of work, :meth:`count` finishes it. The cases' order and
    the hits are read when the search starts; a list searched again after a
    change sees the change.
    """

    def __init__(self, conn: Any, read: ReadCases, text: str, statuses: Sequence[str] | None = None):
        self._conn = conn
        self._read = read  # the store's reader of Case rows for a WHERE clause
        self._query = fts_query(text)
        if self._query is None and statuses is None:  # no words: the list as it is shown unsearched
            statuses = ("open", "closed")
        where, params = self._status_filter(statuses)
        order = f"SELECT id FROM cases{where} ORDER BY updated_at DESC, id DESC"
        self._order = [row[0] for row in conn.execute(order, params)]
        self._found: list[int] = []
        self._walked = 0
        self._params: dict[str, str] = {}  # the hits, for the walk
        self.total: int | None = None
        if self._query is None:
            self._found, self._walked = list(self._order), len(self._order)
            self.total = len(self._found)
            return
        direct, entries, answers = conn.execute(_HITS, {"q": self._query}).fetchone()
        if _cost(entries) + 4 * _cost(answers) <= DIRECT_COST:
            matching = {row[0] for row in conn.execute(_MATCHING_CASES, {"q": self._query})}
            self._found = [case_id for case_id in self._order if case_id in matching]
            self._walked = len(self._order)
            self.total = len(self._found)
            return
        self._params.update(direct=direct, entries=entries, answers=answers)

    @staticmethod
    def _status_filter(statuses: Sequence[str] | None) -> tuple[str, list[str]]:
        if statuses is None:
            return "", []
        return f" WHERE status IN ({','.join('?' * len(statuses))})", list(statuses)

    @property
    def done(self) -> bool:
        return self.total is not None

    def step(self, size: int | None = None) -> bool:
        """Test the next ``size`` cases (``BATCH``); True once every case was tested and ``total`` is known."""
        if self.total is None:
            batch = self._order[self._walked : self._walked + (size or BATCH)]
            matching = {row[0] for row in self._conn.execute(_WALK, {**self._params, "batch": json.dumps(batch)})}
            self._found += [case_id for case_id in batch if case_id in matching]
            self._walked += len(batch)
            if self._walked >= len(self._order):
                self.total = len(self._found)
        return self.total is not None

    def first(self, limit: int | None = None) -> list[Case]:
        """The first ``limit`` matching cases (all with ``None``), most recently changed first."""
        # A quarter more cases than results wanted: each statement costs the hits' reading again.
        while (limit is None or len(self._found) < limit) and not self.step(
            None if limit is None else max(BATCH, (limit - len(self._found)) * 5 // 4)
        ):
            pass
        ids = self._found if limit is None else self._found[:limit]
        read = self._read("cases.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])
        cases = {case.id: case for case in read}
        return [cases[case_id] for case_id in ids if case_id in cases]

    def count(self) -> int:
        """Every matching case, counted to the end."""
        while not self.step():
            pass
        assert self.total is not None
        return self.total
