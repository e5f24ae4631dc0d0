"""Case archives from the cases page: export one (its passphrase typed twice, and what becomes of the case here),
import one. Encrypting and decrypting (scrypt, a second or more) run off the window's thread; the rows are read
and written on it, by the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core import archive
from ..core.errors import UserError
from ..core.side_connection import SideConnection
from ..core.store import Case
from ..core.workspace import Workspace
from .background import Background

KIND = "archive"


def _named(widget: Any, name: str, accessible: str) -> Any:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class _ArchiveDialog(QDialog):
    """What both dialogs share: the file, the passphrase, the error line, the buttons, and the job off the thread."""

    def __init__(self, workspace: Workspace, background: Background, prefix: str, parent: QWidget | None):
        super().__init__(parent)
        self.workspace, self.background, self._prefix = workspace, background, prefix
        self._token: int | None = None
        self.path = _named(QLineEdit(self), f"{prefix}Path", self.tr("Fichier de l'archive"))
        self.browse = _named(QPushButton(self.tr("Choisir…"), self), f"{prefix}Browse", self.tr("Choisir le fichier"))
        self.browse.clicked.connect(self.choose_file)
        self.passphrase = _named(QLineEdit(self), f"{prefix}Passphrase", self.tr("Phrase secrète de l'archive"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _named(QLabel(self), f"{prefix}Error", self.tr("Erreur"))
        self.error.setStyleSheet("color:#b00020;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        _named(self.cancel, f"{prefix}Cancel", self.tr("Annuler")).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def file_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        return row

    def choose_file(self) -> None:
        raise NotImplementedError

    def submit(self) -> None:
        raise NotImplementedError

    def start(self, job: Any, done: Any, busy: str) -> None:
        """Run ``job`` off the thread, the dialog's inputs off meanwhile; ``done`` on the window's thread."""
        self.error.setText(busy)
        self._enable(False)
        self._token = self.background.run(job, done, self.failed, kind=KIND)

    def failed(self, error: BaseException) -> None:
        self._token = None
        self._enable(True)
        if not isinstance(error, UserError):
            raise error
        self.error.setText(str(error))

    def _enable(self, on: bool) -> None:
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPushButton | QRadioButton) and widget is not self.cancel:
                widget.setEnabled(on)

    def reject(self) -> None:
        self.background.drop(self._token)  # a job still running reports to no one; nothing of it was written
        super().reject()


class ExportArchiveDialog(_ArchiveDialog):
    """Export the case's archive, encrypted for a passphrase the other laptop gets by another channel."""

    archive_exported = Signal(object)  # archive.ArchiveWritten

    def __init__(
        self,
        workspace: Workspace,
        case: Case,
        background: Background,
        parent: QWidget | None = None,
        side: Callable[[], SideConnection | None] | None = None,
    ):
        super().__init__(workspace, background, "exportArchive", parent)
        self.case = case
        self.side = side or (lambda: None)  # the second connection the purge runs on, off the window's thread
        self.setObjectName("exportArchiveDialog")
        self.setWindowTitle(self.tr("Exporter une archive"))
        self.setAccessibleName(self.tr("Exporter une archive du dossier"))
        intro = QLabel(
            self.tr(
                "L'archive contient tout le dossier n° {n} : personnes, auditions, déclarations, déroulé, "
                "exports et son historique. Elle est chiffrée pour la phrase secrète ci-dessous, à transmettre "
                "au destinataire par un autre moyen que l'archive elle-même."
            ).format(n=case.procedure_number),
            self,
        )
        _named(intro, "exportArchiveIntro", self.tr("Ce que contient l'archive")).setWordWrap(True)
        self.path.setText(str(workspace.paths.exports / f"dossier-{_safe(case.procedure_number)}{archive.SUFFIX}"))
        self.again = _named(QLineEdit(self), "exportArchiveAgain", self.tr("Phrase secrète de l'archive, à nouveau"))
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.keep = _named(
            QRadioButton(self.tr("&Garder le dossier sur ce poste"), self), "exportArchiveKeep", self.tr("Garder")
        )
        self.hand_over = _named(
            QRadioButton(self.tr("Le marquer « &Transmis » : il reste ici en lecture seule"), self),
            "exportArchiveHandOver",
            self.tr("Marquer transmis"),
        )
        self.purge = _named(
            QRadioButton(self.tr("Le &purger de ce poste une fois l'archive écrite et relue"), self),
            "exportArchivePurge",
            self.tr("Purger"),
        )
        self.purge.setEnabled(workspace.is_admin)
        self.keep.setChecked(True)
        self.then = QButtonGroup(self)
        for button in (self.keep, self.hand_over, self.purge):
            self.then.addButton(button)
        _named(self.ok_button, "exportArchiveConfirm", self.tr("Exporter l'archive")).setText(self.tr("Exporter"))
        form = QFormLayout()
        form.addRow(self.tr("Fichier"), self.file_row())
        form.addRow(self.tr("Phrase secrète (12 caractères au moins)"), self.passphrase)
        form.addRow(self.tr("Confirmez-la"), self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        for button in (self.keep, self.hand_over, self.purge):
            layout.addWidget(button)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()

    def _enable(self, on: bool) -> None:
        super()._enable(on)
        self.purge.setEnabled(on and self.workspace.is_admin)

    def choice(self) -> str:
        if self.hand_over.isChecked():
            return archive.HAND_OVER
        return archive.PURGE if self.purge.isChecked() else archive.KEEP

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Enregistrer l'archive"), self.path.text(), self.tr("Archive de dossier (*.age)")
        )
        if chosen:
            self.path.setText(chosen)

    def submit(self) -> None:
        out, passphrase, then = Path(self.path.text().strip()), self.passphrase.text(), self.choice()
        try:
            archive.check_passphrase(passphrase, self.again.text())
            archive.check_target(out)
            content = self.workspace.archive_content(self.case.id, passphrase, then)
        except UserError as error:
            self.error.setText(str(error))
            return

        def sealed(data: bytes) -> None:
            self._token = None
            try:
                written = self.workspace.save_archive(self.case.id, out, data, content, then, purge_now=False)
            except UserError as error:
                self.failed(error)
                return
            if then == archive.PURGE:
                self.purge_then(written)
                return
            self.archive_exported.emit(written)
            self.accept()

        job = lambda: archive.sealed_checked(content, passphrase, check=then == archive.PURGE)  # noqa: E731
        self.start(job, sealed, self.tr("Chiffrement de l'archive…"))

    def purge_then(self, written: archive.ArchiveWritten) -> None:
        """The archive is written and read back: the case is purged, off the thread when the second connection is up."""
        side = self.side()

        def purged(_report: object) -> None:
            self._token = None
            self.archive_exported.emit(written)
            self.accept()

        if side is None:
            try:
                purged(self.workspace.purge_case(self.case.id))
            except UserError as error:
                self.failed(error)
            return
        self.start(self.workspace.purge_job(self.case.id, side), purged, self.tr("Purge du dossier…"))


class ImportArchiveDialog(_ArchiveDialog):
    """Import a case archive: decrypted and checked off the thread, then recorded in one transaction."""

    archive_imported = Signal(object)  # archive.ArchiveImported

    def __init__(self, workspace: Workspace, background: Background, parent: QWidget | None = None):
        super().__init__(workspace, background, "importArchive", parent)
        self.setObjectName("importArchiveDialog")
        self.setWindowTitle(self.tr("Importer une archive"))
        self.setAccessibleName(self.tr("Importer une archive de dossier"))
        intro = QLabel(
            self.tr(
                "Le dossier de l'archive est ajouté à ce poste avec ses auditions, telles qu'elles ont été "
                "exportées. La phrase secrète est celle choisie par l'expéditeur."
            ),
            self,
        )
        _named(intro, "importArchiveIntro", self.tr("Ce que fait l'import")).setWordWrap(True)
        _named(self.ok_button, "importArchiveConfirm", self.tr("Importer l'archive")).setText(self.tr("Importer"))
        form = QFormLayout()
        form.addRow(self.tr("Fichier"), self.file_row())
        form.addRow(self.tr("Phrase secrète de l'archive"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.path.setFocus()

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Ouvrir une archive"),
            str(self.workspace.paths.exports),
            self.tr("Archive de dossier (*.age)"),
        )
        if chosen:
            self.path.setText(chosen)

    def submit(self) -> None:
        source, passphrase = Path(self.path.text().strip()), self.passphrase.text()
        if not self.path.text().strip():
            self.error.setText(self.tr("Choisissez le fichier de l'archive."))
            return

        def opened(result: archive.ArchiveOpened) -> None:
            self._token = None
            try:
                imported = self.workspace.import_opened_archive(result, source.name)
            except UserError as error:
                self.failed(error)
                return
            self.archive_imported.emit(imported)
            self.accept()

        job = lambda: archive.unseal(archive.read(source), passphrase)  # noqa: E731
        self.start(job, opened, self.tr("Déchiffrement et vérification de l'archive…"))


_THEN_SAID = {
    archive.KEEP: "le dossier reste sur ce poste",
    archive.HAND_OVER: "le dossier reste ici, marqué « Transmis », en lecture seule",
    archive.PURGE: "le dossier a été purgé de ce poste",
}


def archive_exported_text(written: archive.ArchiveWritten) -> str:
    return (
        f"Archive du dossier n° {written.case_number} écrite dans {written.path} ; {_THEN_SAID[written.then]}. "
        "Transmettez la phrase secrète par un autre moyen."
    )


def archive_imported_text(imported: archive.ArchiveImported) -> str:
    count = len(imported.hearing_ids)
    hearings = "1 audition" if count == 1 else f"{count} auditions"
    sender = f", transmis par {imported.sender}" if imported.sender else ""
    return f"Dossier n° {imported.case_number} importé avec {hearings}{sender}."


def _safe(number: str) -> str:
    """A procedure number as part of a file name (its slashes become dashes)."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in number).strip("-") or "dossier"
