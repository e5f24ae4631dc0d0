"""A hearing's history, from the audit trail: who did what, when, with old and new values."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ..core.store import AuditReport, Store
from ..core.store.records import SUPPLEMENT_KINDS
from ..core.timeline import SUSPENSION_REASONS

ACTIONS = {
    "hearing_created": "Audition créée",
    "field_changed": "Réponse modifiée",
    "entry_added": "Question/réponse ajoutée",
    "entry_edited": "Question/réponse modifiée",
    "entry_deleted": "Question/réponse supprimée",
    "entry_moved": "Question/réponse déplacée",
    "hearing_start": "Début de l'audition",
    "hearing_suspend": "Suspension",
    "hearing_resume": "Reprise",
    "hearing_end": "Clôture",
    "correction_opened": "Réouverture pour correction",
    "correction_closed": "Fin de la correction",
    "exported": "Export",
}


def _short(value: Any, limit: int = 120) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(vide)"
    return _short(value)


def describe(action: str, detail: dict[str, Any], labels: dict[str, str]) -> str:
    """One readable line; ``labels`` maps field ids to the template's labels."""
    if action == "field_changed":
        field = labels.get(str(detail.get("field")), str(detail.get("field")))
        return f"{field} : « {_shown(detail.get('old'))} » → « {_shown(detail.get('new'))} »"
    if action == "correction_opened":
        kind = SUPPLEMENT_KINDS.get(str(detail.get("kind", "")))
        opened = f"{kind} n° {detail.get('pv_number', '')} — " if kind else ""
        return f"{opened}Motif : {detail.get('reason', '')}"
    if action == "correction_closed" and detail.get("pv_number"):
        return f"Procès-verbal n° {detail['pv_number']} clos"
    if action == "exported":
        return f"{detail.get('document')} — {detail.get('path')} (sha256 {str(detail.get('sha256', ''))[:12]}…)"
    if action == "hearing_suspend":
        reason = SUSPENSION_REASONS.get(str(detail.get("reason")), str(detail.get("reason", "")))
        return f"Motif : {reason}" + (f" ({detail['detail']})" if detail.get("detail") else "")
    if action in ("entry_added", "entry_edited", "entry_deleted", "entry_moved"):
        return f"Entrée n° {detail.get('entry')}" + (
            f" : « {_short(detail.get('question'), 60)} »" if detail.get("question") else ""
        )
    if action.startswith("hearing_"):
        at = str(detail.get("at", ""))
        return f"à {at[11:16]}" if len(at) >= 16 else ""
    return ", ".join(f"{k} : {_short(v, 60)}" for k, v in detail.items() if k != "at" and v not in (None, ""))


def is_draft(action: str, detail: dict[str, Any]) -> bool:
    """Saves of the question/answer being typed: kept in the trail, not shown in the history."""
    return action == "field_changed" and str(detail.get("field", "")).startswith("_brouillon")


class HistoryDialog(QDialog):
    def __init__(self, store: Store, hearing_id: int, labels: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("Historique de l'audition"))
        self.resize(900, 520)
        entries = [e for e in store.audit_entries(hearing_id) if not is_draft(e.action, e.detail)]
        report: AuditReport = store.verify_audit()
        status = QLabel(self)
        status.setObjectName("auditStatus")
        if report.ok:
            status.setText(self.tr("Journal intègre : {n} entrée(s) vérifiée(s).").format(n=report.entries))
        else:
            status.setText(
                self.tr("⚠ Journal altéré à l'entrée n° {n} : {p}").format(n=report.first_bad, p=report.problem)
            )
            status.setStyleSheet("color:#b00020;")
        self.table = QTableWidget(len(entries), 4, self)
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName(self.tr("Historique"))
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Par"), self.tr("Action"), self.tr("Détail")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row, entry in enumerate(entries):
            values = (entry.at.replace("T", " "), entry.actor, ACTIONS.get(entry.action, entry.action),
                      describe(entry.action, entry.detail, labels))  # fmt: skip
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        layout = QVBoxLayout(self)
        layout.addWidget(status)
        layout.addWidget(self.table)
