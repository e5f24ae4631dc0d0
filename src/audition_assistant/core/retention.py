"""Retention rules: which cases have outlived their need, and since when.

Two periods, set by the administrator and kept in the database
(store/retention.py): days after a case was closed (or archived, or handed
over), and days after the last export of its hearings, once every one of
them was exported. None by default: nothing is due until a period is set.
A case under both rules is due from the earlier date. Purging it is
core/purge.py's job, on confirmation: nothing here erases anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from . import clock as moments
from .store.retention import CaseDates, RetentionPolicy

CLOSED, EXPORTED = "closed", "exported"
RULES = {CLOSED: "dossier clos", EXPORTED: "auditions exportées"}


class RetentionSource(Protocol):
    def retention_policy(self) -> RetentionPolicy: ...

    def retention_dates(self) -> list[CaseDates]: ...


@dataclass(frozen=True)
class DueCase:
    """A case whose retention period has run out: the rule that says so and the day it became due."""

    case_id: int
    procedure_number: str
    rule: str  # CLOSED | EXPORTED
    due_since: dt.date

    @property
    def rule_label(self) -> str:
        return RULES[self.rule]


def due_date(dates: CaseDates, policy: RetentionPolicy) -> tuple[str, dt.date] | None:
    """The earliest (rule, day) at which a rule makes the case due; None when none applies."""
    found = []
    for rule, since, days in (
        (CLOSED, dates.closed_at, policy.closed_days),
        (EXPORTED, dates.last_export, policy.exported_days),
    ):
        if since and days is not None:
            found.append((moments.parse(since).date() + dt.timedelta(days=days), rule))
    if not found:
        return None
    day, rule = min(found)
    return rule, day


def due_cases(store: RetentionSource, today: dt.date) -> list[DueCase]:
    """The cases due on ``today`` (or earlier), the longest overdue first."""
    policy = store.retention_policy()
    if policy.closed_days is None and policy.exported_days is None:
        return []
    due = []
    for dates in store.retention_dates():
        found = due_date(dates, policy)
        if found is not None and found[1] <= today:
            due.append(DueCase(dates.case_id, dates.procedure_number, found[0], found[1]))
    return sorted(due, key=lambda c: (c.due_since, c.case_id))
