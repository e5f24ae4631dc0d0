"""« Conservation des données » : the retention periods, the cases due, and the purge of one, confirmed.

For the administrator: the periods are changed only by them (the workspace
refuses anyone else), and the purge too. The purge rewrites the whole file
and makes a backup (seconds on a large base): it runs off the window's
thread, on the second connection, when the window has one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.french import counted, typography
from ..core.purge import PurgeReport
from ..core.retention import DueCase
from ..core.side_connection import SideConnection
from ..core.store.cipher import DatabaseError
from ..core.store.retention import MAX_DAYS, RetentionPolicy
from ..core.workspace import Workspace
from .background import Background

NO_LIMIT = -1  # the spin box's value shown as « sans limite »


def _days_box(parent: QWidget, name: str, accessible: str, days: int | None) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(NO_LIMIT, MAX_DAYS)
    box.setSpecialValueText("sans limite")
    box.valueChanged.connect(lambda value: box.setSuffix("\u00a0jour" if value < 2 else "\u00a0jours"))
    box.setValue(NO_LIMIT if days is None else days)
    box.setSuffix("\u00a0jour" if box.value() < 2 else "\u00a0jours")
    return box


def _days(box: QSpinBox) -> int | None:
    return None if box.value() == NO_LIMIT else box.value()


def french_date(day: object) -> str:
    return f"{day:%d/%m/%Y}"


class RetentionDialog(QDialog):
    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        run_dialog: Callable[[QDialog], object] | None = None,
        background: Background | None = None,
        side: Callable[[], SideConnection | None] | None = None,
        purged: Callable[[PurgeReport], None] | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.run_dialog = run_dialog or (lambda dialog: dialog.exec())
        self.background = background or Background(self)
        self.side = side or (lambda: None)
        self.purged = purged or (lambda report: None)
        self.purging: int | None = None  # the purge job's token while it runs
        self._close_when_done = False  # closed (a lock) while purging: closes once the purge has ended
        self.due: list[DueCase] = []
        self.setObjectName("retentionDialog")
        self.setWindowTitle(self.tr("Conservation des données"))
        policy = workspace.retention_policy()
        self.closed_days = _days_box(
            self, "closedDays", self.tr("Durée de conservation des dossiers clos"), policy.closed_days
        )
        self.exported_days = _days_box(
            self, "exportedDays", self.tr("Durée de conservation après l'export des auditions"), policy.exported_days
        )
        self.save_button = QPushButton(self.tr("Enregistrer les durées"), self)
        self.save_button.setObjectName("saveRetention")
        self.save_button.clicked.connect(self.save)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("dueCases")
        self.table.setAccessibleName(self.tr("Dossiers à purger"))
        self.table.setHorizontalHeaderLabels([self.tr("Dossier"), self.tr("Règle"), self.tr("À purger depuis le")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to « Purger… », never to another case
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.purge_button = QPushButton(self.tr("Purger…"), self)
        self.purge_button.setObjectName("purgeCase")
        self.purge_button.clicked.connect(self.ask_purge)
        self.status = QLabel(self)
        self.status.setObjectName("retentionStatus")
        self.status.setWordWrap(True)
        close = QPushButton(self.tr("Fermer"), self)
        close.setObjectName("closeRetention")
        close.clicked.connect(self.reject)
        form = self.form = QFormLayout()
        form.addRow(self.tr("Dossiers clos\u00a0: purger après"), self.closed_days)
        form.addRow(self.tr("Auditions toutes exportées\u00a0: purger après"), self.exported_days)
        buttons = QHBoxLayout()
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Passé ces durées, un dossier est proposé à la purge\u00a0: il est effacé de la base, de son index "
                "de recherche et de toutes les sauvegardes plus anciennes\u00a0; le journal garde la trace de la "
                "purge (numéro de procédure, nombre de lignes, qui, quand), sans son contenu."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        self.due_label = QLabel(self)
        self.due_label.setObjectName("dueLabel")
        layout.addWidget(self.due_label)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        if not workspace.is_admin:
            for widget in (self.closed_days, self.exported_days, self.save_button, self.purge_button):
                widget.setEnabled(False)
            self.status.setText(self.tr("Seul un compte administrateur peut modifier ces durées ou purger."))
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.purging is not None

    def refresh(self) -> None:
        self.due = self.workspace.due_cases()
        self.table.setRowCount(len(self.due))
        for row, case in enumerate(self.due):
            for column, text in enumerate((case.procedure_number, case.rule_label, french_date(case.due_since))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.due:
            self.table.selectRow(0)
        policy = self.workspace.retention_policy()
        if self.due:
            found = counted(len(self.due), "dossier", "dossiers") + "."
        elif policy.closed_days is None and policy.exported_days is None:
            found = self.tr("aucun tant qu'aucune durée n'est fixée.")
        else:
            found = self.tr("aucun.")
        self.due_label.setText(self.tr("Dossiers à purger\u00a0: {found}").format(found=found))
        self.purge_button.setEnabled(bool(self.due) and self.workspace.is_admin and not self.busy)

    def save(self) -> None:
        policy = RetentionPolicy(_days(self.closed_days), _days(self.exported_days))
        try:
            self.workspace.set_retention_policy(policy)
        except UserError as error:
            self.status.setText(str(error))
            return
        self.status.setText(self.tr("Durées enregistrées."))
        self.refresh()

    def selected(self) -> DueCase | None:
        rows = self.table.selectionModel().selectedRows()
        return self.due[rows[0].row()] if rows else None

    def ask_purge(self) -> None:
        case = self.selected()
        if case is None or self.busy:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Purger un dossier"), "", parent=self)
        box.setObjectName("confirmPurge")
        heading = self.workspace.store.case(case.case_id).heading
        named = f"{case.procedure_number} ({typography(f'« {heading} »')})" if heading else case.procedure_number
        box.setText(self.tr("Purger définitivement le dossier {named}\u00a0?").format(named=named))
        box.setInformativeText(
            self.tr(
                "Ses personnes, auditions, réponses, procès-verbaux et leur historique détaillé seront effacés de "
                "la base et des sauvegardes plus anciennes. Cette opération est irréversible."
            )
        )
        # No "&" in the texts: a letter typed by habit must not press a button.
        keep = box.addButton(self.tr("Annuler"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepCase")
        purge = box.addButton(self.tr("Purger"), QMessageBox.ButtonRole.DestructiveRole)
        purge.setObjectName("confirmPurgeButton")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.run_dialog(box)
        confirmed = box.clickedButton() is purge
        box.deleteLater()
        if confirmed:
            self.purge(case)

    def purge(self, case: DueCase) -> None:
        """Off the window's thread on the second connection (here without one); the report comes to ``_purged``."""
        side = self.side()
        self.status.setText(self.tr("Purge du dossier {number} en cours…").format(number=case.procedure_number))
        self.purge_button.setEnabled(False)
        if side is None:
            try:
                self._purged(self.workspace.purge_case(case.case_id))
            except (OSError, UserError, DatabaseError) as error:
                self._failed(error)
            return
        try:
            job = self.workspace.purge_job(case.case_id, side)
        except UserError as error:
            self._failed(error)
            return
        self.purging = self.background.run(job, self._purged, self._failed, kind="purge")

    def _purged(self, report: PurgeReport) -> None:
        self.purging = None
        self.purged(report)
        if self._ended():
            return
        self.status.setText(report.summary)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.purging = None
        if self._ended():
            return
        if not isinstance(error, OSError | UserError | DatabaseError):
            raise error
        self.status.setText(self.tr("Purge impossible\u00a0: {e}").format(e=error))
        self.refresh()

    def _ended(self) -> bool:
        """Close now if a lock asked to while the purge ran (the key goes once it is closed)."""
        if self._close_when_done:
            super().reject()
        return self._close_when_done

    def reject(self) -> None:
        if self.busy:  # the purge goes on (a lock hides the dialog): it closes once the purge has ended
            self._close_when_done = True
            return
        super().reject()
