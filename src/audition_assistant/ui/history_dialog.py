"""A hearing's history, from the audit trail: who did what, when, with old and new values.

The hearing's entries are read on the window's thread and put in the table a
batch at a time (a long hearing has a thousand); the whole chain's
verification, which reads every entry of every hearing, runs on the second
connection (core.side_connection) off the window's thread, and its verdict
replaces « vérification en cours » when it comes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import clock as moments
from ..core.french import counted, thousands
from ..core.maintenance import verify_trail
from ..core.side_connection import SideConnection
from ..core.store import AuditReport, Store
from ..core.store.profile import officer_profile
from ..core.store.records import SUPPLEMENT_KINDS
from ..core.templates.fieldtypes import IDENTITY_PART_INDEX, IDENTITY_PARTS
from ..core.templates.model import Field
from ..core.text import inside_sentence
from ..core.timeline import SUSPENSION_REASONS
from .background import Background

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
    "printed": "Impression",
    "copied_for_drafting": "Copie pour le logiciel de rédaction",
    "restore": "Restauration d'une sauvegarde",
    "hearing_updated": "Numéro ou lieu du PV modifié",
    "hearing_imported": "Audition reçue par une archive",
    "case_imported": "Dossier reçu par une archive",
    "archive_imported": "Archive de dossier importée",
    "archive_exported": "Archive de dossier exportée",
    "retention_set": "Durées de conservation modifiées",
    "case_purged": "Dossier purgé",
    "publisher_trusted": "Éditeur de modèles reconnu",
    "pack_imported": "Paquet de modèles signé importé",
    "keyring_created": "Comptes mis en place (clé de la base renouvelée)",
    "account_added": "Compte ajouté",
    "account_reset": "Phrase secrète d'un compte réinitialisée",
    "account_removed": "Compte retiré (base chiffrée de nouveau)",
    "hearing_opened": "Consultation de l'audition",
    "previewed": "Aperçu d'un document",
    "searched": "Recherche dans les dossiers",
    "plan_saved": "Plan d'audition enregistré",
    "plan_item_checked": "Point du plan coché ou décoché",
    "evaluation_saved": "Évaluation de l'audition enregistrée",
    "element_tagged": "Élément rattaché (notes de l'enquêteur)",
    "element_untagged": "Rattachement d'un élément retiré (notes de l'enquêteur)",
}
# The kinds of entries the history can be narrowed to: (label, whether an entry is of that kind).
KINDS = {
    "Tout": lambda entry: True,
    "Consultations": lambda entry: entry.is_read,
    "Modifications": lambda entry: not entry.is_read,
}
ALL_ACCOUNTS = "Tous les comptes"
NO_ACCOUNT = "(sans compte)"
SCREENS = {"audition": "écran de saisie", "verification": "page de vérification"}
HEARING_PARTS = {"pv_number": "numéro de PV", "place": "lieu"}


ACCOUNT_COLUMN = 4  # after the detail in the model (the columns before keep their places), shown after « Par »
SHORT = 240  # characters of an answer shown in the table; the whole answer in its tooltip
# Rows whose contents size the date, author and action columns: a long hearing's thousand rows, all
# measured, would hold the window's thread for a fifth of a second for columns whose widths vary little.
ROWS_MEASURED = 100
BATCH = 100  # rows put in (or fitted) at a time: a few tens of milliseconds
IDENTITY_ORDER = [p.id for p in IDENTITY_PARTS]
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
ORDINARY_SPACES = re.compile(r"[ \t\r\n]+")


def _short(value: Any, limit: int | None = SHORT) -> str:
    text = ORDINARY_SPACES.sub(" ", str(value)).strip()  # on one line; the no-break spaces stay
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _member(part_id: str, field: Field | None) -> Field | None:
    """A group's sub-field, when the field is known."""
    return next((f for f in field.subfields if f.id == part_id), None) if field is not None else None


def _part_label(part_id: str, field: Field | None) -> str:
    """The name of one part of an answer: a group's sub-field, an identity part, else its id made readable."""
    member = _member(part_id, field)
    if member is not None:
        return inside_sentence(member.label)
    if part_id in IDENTITY_PART_INDEX:
        return inside_sentence(IDENTITY_PART_INDEX[part_id].label)
    return part_id.replace("_", " ")


def readable(value: Any, field: Field | None = None) -> str:
    """An answer as the investigator reads it: « oui », a choice's label, « nom : Ruiz ; prénoms : Ana »."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dict):
        # In the form's order (the trail stores the parts sorted by name).
        order = [f.id for f in field.subfields] if field is not None and field.subfields else IDENTITY_ORDER
        known = sorted((k for k in value if k in order), key=order.index)
        parts = [(k, value[k]) for k in known + [k for k in value if k not in order]]
        parts = [(k, v) for k, v in parts if v not in (None, "", [], {})]
        return " ; ".join(f"{_part_label(k, field)} : {readable(v, _member(k, field))}" for k, v in parts)
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, dict) for v in value):  # the items of a group
            name = (field.item_label if field is not None else "") or "Élément"
            return " / ".join(f"{name} {n} : {readable(v, field)}" for n, v in enumerate(value, start=1))
        return ", ".join(readable(v, field) for v in value)  # a checklist's ticked items
    if isinstance(value, str):
        if field is not None and field.options:
            return field.option_label(value)
        if field is not None and field.categories:
            found = field.checklist_item(value)
            return found[1].label if found is not None else value
        day = ISO_DATE.fullmatch(value)
        return f"{day[3]}/{day[2]}/{day[1]}" if day else value
    return str(value)


def _shown(value: Any, field: Field | None = None, limit: int | None = SHORT) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "(vide)"
    return _short(readable(value, field), limit) or "(vide)"


def describe(
    action: str,
    detail: dict[str, Any],
    labels: dict[str, str],
    fields: Mapping[str, Field] | None = None,
    limit: int | None = SHORT,
) -> str:
    """One readable line; ``labels`` maps field ids to the template's labels, ``fields`` to the fields themselves
    (their options, parts and items named as the form names them). ``limit``: None for the whole answers."""
    if action == "field_changed":
        field_id = str(detail.get("field"))
        field = (fields or {}).get(field_id)
        name = labels.get(field_id, field.label if field is not None else field_id)
        old, new = _shown(detail.get("old"), field, limit), _shown(detail.get("new"), field, limit)
        return f"{name} : « {old} » → « {new} »"
    if action == "correction_opened":
        kind = SUPPLEMENT_KINDS.get(str(detail.get("kind", "")))
        opened = f"{kind} n° {detail.get('pv_number', '')} — " if kind else ""
        return f"{opened}Motif : {detail.get('reason', '')}"
    if action == "correction_closed" and detail.get("pv_number"):
        return f"Procès-verbal n° {detail['pv_number']} clos"
    if action == "hearing_updated":
        before, after = detail.get("old") or {}, detail.get("new") or {}
        return " ; ".join(
            f"{HEARING_PARTS.get(k, k)} : « {_shown(before.get(k))} » → « {_shown(v)} »" for k, v in after.items()
        )
    if action == "hearing_imported":
        entries, exports = len(detail.get("entries") or []), len(detail.get("exports") or [])
        sender = detail.get("audition_expediteur")
        officer = detail.get("officer")
        signed = f" ; procès-verbal de {officer_profile(officer).display}" if isinstance(officer, dict) else ""
        return (
            f"{counted(entries, 'question et réponse', 'questions et réponses')}, "
            f"{counted(exports, 'export', 'exports')}"
            f" ; audition n° {sender} de l'expéditeur{signed}"
        )
    if action == "exported":
        return f"{detail.get('document')} — {detail.get('path')} (sha256 {str(detail.get('sha256', ''))[:12]}…)"
    if action == "printed":
        copies = int(detail.get("copies") or 1)
        where = f" sur « {detail['printer']} »" if detail.get("printer") else ""
        return f"{detail.get('path')} — {copies} exemplaire{'s' if copies > 1 else ''}{where}"
    if action == "copied_for_drafting":
        characters = detail.get("characters")
        size = thousands(characters) if isinstance(characters, int) else characters
        return f"{detail.get('what')} ({size} caractères)"
    if action == "hearing_opened":
        again = ", affichée de nouveau après le verrouillage" if detail.get("apres_verrouillage") else ""
        return f"Ouverture ({SCREENS.get(str(detail.get('ecran')), str(detail.get('ecran', '')))}{again})"
    if action == "previewed":
        return f"{detail.get('titre') or detail.get('document')}"
    if action == "searched":
        found = detail.get("resultats")
        least = detail.get("au_moins")
        partial = f"au moins {thousands(least)} dossiers, décompte interrompu" if isinstance(least, int) else "?"
        count = f"{thousands(found)} dossier{'s' if found > 1 else ''}" if isinstance(found, int) else partial
        return f"« {_short(detail.get('requete'), 60)} » — {count}"
    if action == "hearing_suspend":
        reason = SUSPENSION_REASONS.get(str(detail.get("reason")), str(detail.get("reason", "")))
        return f"Motif : {reason}" + (f" ({detail['detail']})" if detail.get("detail") else "")
    if action in ("entry_added", "entry_edited", "entry_deleted", "entry_moved"):
        return f"Entrée n° {detail.get('entry')}" + (
            f" : « {_short(detail.get('question'), 60)} »" if detail.get("question") else ""
        )
    if action in ("element_tagged", "element_untagged"):
        where = f"Entrée n° {detail['entry']}" if detail.get("entry") is not None else f"Réponse {detail.get('field')}"
        return f"{where} : {detail.get('element')}"
    if action == "restore":
        before, after = detail.get("entrees_avant"), detail.get("entrees_apres")
        rewound = f" : le journal passe de {before} à {after} entrées" if before is not None else ""
        return f"Sauvegarde {detail.get('sauvegarde')}{rewound} ; ce qui l'a suivie n'est plus dans la base"
    if action.startswith("hearing_"):
        at = str(detail.get("at", ""))
        when = f"à {moments.shown(at, '%H:%M')}" if at else ""
        officer = detail.get("officer") if action == "hearing_end" else None
        signed = f"procès-verbal de {officer_profile(officer).display}" if isinstance(officer, dict) else ""
        return " — ".join(part for part in (when, signed) if part)
    return ", ".join(f"{k} : {_short(readable(v), 60)}" for k, v in detail.items() if k != "at" and v not in (None, ""))


def is_draft(action: str, detail: dict[str, Any]) -> bool:
    """Saves of the question/answer being typed: kept in the trail, not shown in the history."""
    return action == "field_changed" and str(detail.get("field", "")).startswith("_brouillon")


class HistoryDialog(QDialog):
    def __init__(
        self,
        store: Store,
        hearing_id: int,
        labels: dict[str, str],
        parent: QWidget | None = None,
        fields: Mapping[str, Field] | None = None,
        *,
        background: Background | None = None,
        side: SideConnection | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("Historique de l'audition"))
        self.resize(900, 520)
        self._all = [e for e in store.audit_entries(hearing_id) if not is_draft(e.action, e.detail)]
        entries = self._all
        status = self.status = QLabel(self)
        status.setObjectName("auditStatus")
        status.setWordWrap(True)
        self.background = background or Background(self)
        self._checking: int | None = None
        self.kind = QComboBox(self)
        self.kind.setObjectName("historyKind")
        self.kind.setAccessibleName(self.tr("Type d'entrées affichées"))
        for label in KINDS:
            self.kind.addItem(self.tr(label), label)
        self.account = QComboBox(self)
        self.account.setObjectName("historyAccount")
        self.account.setAccessibleName(self.tr("Compte"))
        self.account.addItem(self.tr(ALL_ACCOUNTS), ALL_ACCOUNTS)
        for name in sorted({e.account or "" for e in entries}, key=str.casefold):
            self.account.addItem(name or self.tr(NO_ACCOUNT), name)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName(self.tr("Historique"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Par"), self.tr("Action"), self.tr("Détail"), self.tr("Compte")]
        )
        self.table.horizontalHeader().moveSection(ACCOUNT_COLUMN, 2)  # shown after « Par », the detail last
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self._entries, self._labels, self._fields = entries, labels, fields
        self._fitted = 0  # rows whose height fits the detail column's width
        self._batches = QTimer(self)
        self._batches.setSingleShot(True)
        self._batches.setInterval(0)
        self._batches.timeout.connect(self._next_batch)
        self._add_rows()  # the first rows at once; a long hearing's others a batch at a time
        self.table.horizontalHeader().setResizeContentsPrecision(ROWS_MEASURED)
        self.table.resizeColumnsToContents()
        # An identity's parts wrap within the detail column, as wide as the window leaves it.
        self.table.horizontalHeader().sectionResized.connect(self._refit)
        self._batches.start()  # heights and the next rows once the dialog is up
        self.kind.currentIndexChanged.connect(self._filter)
        self.account.currentIndexChanged.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Afficher\u00a0:"), self))
        filters.addWidget(self.kind)
        filters.addWidget(QLabel(self.tr("Compte\u00a0:"), self))
        filters.addWidget(self.account)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(status)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        # Once the table is built: the verification's thread would otherwise share the interpreter with it.
        if side is None or store.path is None:  # no second connection (a base in memory): checked here
            self._checked(store.verify_audit())
        else:
            database, run = store.path, side.call
            status.setText(self.tr("Vérification du journal d'audit en cours…"))
            self._checking = self.background.run(
                lambda: run(lambda conn: verify_trail(conn, database)), self._checked, self._not_checked, kind="check"
            )

    @property
    def complete(self) -> bool:
        """Every row in the table, each as high as its text."""
        return self._fitted == len(self._entries)

    def _next_batch(self) -> None:
        """Fit the next rows' heights and put in the next rows: BATCH at a time, the window answering in between."""
        end = min(self._fitted + BATCH, self.table.rowCount())
        for row in range(self._fitted, end):
            self.table.resizeRowToContents(row)
        self._fitted = end
        self._add_rows()
        if not self.complete:
            self._batches.start()

    def _filter(self) -> None:
        """Only the entries of the kind and account chosen: the table filled again, a batch at a time."""
        wanted = KINDS[self.kind.currentData()]
        account = self.account.currentData()
        self._entries = [
            e for e in self._all if wanted(e) and (account == ALL_ACCOUNTS or (e.account or "") == account)
        ]
        self.table.setRowCount(0)
        self._fitted = 0
        self._add_rows()
        self._batches.start()

    def _add_rows(self) -> None:
        table, entries = self.table, self._entries
        start = table.rowCount()
        end = min(start + BATCH, len(entries))
        table.setRowCount(end)
        for row in range(start, end):
            entry = entries[row]
            if entry.purged:
                detail = tip = self.tr("(détail effacé par une purge)")
            else:
                detail = describe(entry.action, entry.detail, self._labels, self._fields)
                tip = describe(entry.action, entry.detail, self._labels, self._fields, limit=None)
            values = (moments.shown(entry.at), entry.actor, ACTIONS.get(entry.action, entry.action), detail,
                      entry.account or "—")  # fmt: skip
            items = [QTableWidgetItem(value) for value in values]
            items[3].setToolTip(tip)
            for column, item in enumerate(items):
                table.setItem(row, column, item)

    def _refit(self) -> None:
        """The detail column's width changed: heights are fitted again, a batch at a time."""
        self._fitted = 0
        self._batches.start()

    def _checked(self, report: AuditReport) -> None:
        self._checking = None
        self.status.setText(report.summary if report.ok else "⚠ " + report.summary)
        self.status.setStyleSheet("" if report.ok else "color:#b00020;")

    def _not_checked(self, error: BaseException) -> None:
        self._checking = None
        self.status.setText(self.tr("⚠ Vérification du journal d'audit impossible : {e}").format(e=error))
        self.status.setStyleSheet("color:#b00020;")

    def done(self, result: int) -> None:
        self.background.drop(self._checking)  # its verdict would come to a closed dialog
        self._batches.stop()
        self._checking = None
        super().done(result)
