"""Export: which documents, where; rendered off the main thread, then written and recorded."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.export.attestations import ModelLibrary
from ..core.export.exporter import BuiltDocument, ExportedFile, protect_all, render_all, write_all
from ..core.export.files import ExportError
from ..core.export.protect import MIN_PASSWORD_LENGTH, check_password
from ..core.export.pv import HearingContext
from ..core.templates.model import DocumentSpec
from .hearing_session import HearingSession
from .passphrase import secret_line
from .review_page import findings


class RenderWorker(QObject):
    """Builds the documents' bytes (encrypted, with a password) in a worker thread: no database, no file."""

    progressed = Signal(int)
    finished = Signal(object)  # list[BuiltDocument]
    failed = Signal(str)

    def __init__(
        self, ctx: HearingContext, specs: list[DocumentSpec], models: ModelLibrary, password: str | None = None
    ):
        super().__init__()
        self.ctx = ctx
        self.specs = specs
        self.models = models
        self.password = password

    def run(self) -> None:
        try:
            out: list[BuiltDocument] = []
            for index, spec in enumerate(self.specs):
                out += protect_all(render_all(self.ctx, [spec], self.models), self.password)
                self.progressed.emit(index + 1)
        except ExportError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # a bug must not take the window down
            self.failed.emit(f"Erreur inattendue pendant la préparation des documents : {error}")
            return
        self.finished.emit(out)


class ExportDialog(QDialog):
    exported = Signal(object)  # list[ExportedFile]

    def __init__(self, session: HearingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Exporter les documents"))
        self.resize(640, 460)
        self.written: list[ExportedFile] = []
        self._thread: QThread | None = None
        self._worker: RenderWorker | None = None
        # From start() until the files are written or the export failed (the worker may be done
        # while its result still waits in the event queue).
        self._busy = False
        self._close_when_done: int | None = None  # the result asked for while busy

        view = session.view
        applicable = {d.id for d in view.applicable_documents()}
        self.documents = QListWidget(self)
        self.documents.setObjectName("exportDocuments")
        self.documents.setAccessibleName(self.tr("Documents à exporter"))
        for spec in session.template.documents:
            item = QListWidgetItem(spec.title, self.documents)
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if spec.id in applicable else Qt.CheckState.Unchecked)
            if spec.id not in applicable:
                item.setToolTip(self.tr("Non prévu pour cette audition d'après les réponses données."))
        # A reopened hearing's procès-verbaux complémentaires or de rectification, each with its own number.
        for spec in session.workspace.supplement_documents(session.hearing_id):
            item = QListWidgetItem(spec.title, self.documents)
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        missing = [f for f in findings(session) if f.blocking]
        self.warning = QLabel(self)
        self.warning.setObjectName("exportWarning")
        self.warning.setWordWrap(True)
        if missing:
            self.warning.setText(
                self.tr("⚠ {n} réponse(s) obligatoire(s) manquante(s) : {names}. L'export reste possible.").format(
                    n=len(missing), names="; ".join(f.text for f in missing[:5]) + ("…" if len(missing) > 5 else "")
                )
            )
            self.warning.setStyleSheet("color:#8a4b00;")
        self.folder = QLineEdit(str(session.workspace.export_folder(session.hearing_id)), self)
        self.folder.setObjectName("exportFolder")
        self.folder.setAccessibleName(self.tr("Dossier de destination"))
        browse = QPushButton(self.tr("Parcourir…"), self)
        browse.setObjectName("exportBrowse")
        browse.clicked.connect(self._browse)
        self.protect = QCheckBox(self.tr("Protéger les documents par un mot de passe"), self)
        self.protect.setObjectName("exportProtect")
        self.password = secret_line(self, "exportPassword", self.tr("Mot de passe des documents"))
        self.password.setPlaceholderText(self.tr("{n} caractères au moins").format(n=MIN_PASSWORD_LENGTH))
        self.password_confirm = secret_line(self, "exportPasswordConfirm", self.tr("Confirmation du mot de passe"))
        self.password_note = QLabel(
            self.tr(
                "Word et LibreOffice demanderont ce mot de passe pour ouvrir les documents. "
                "Transmettez-le au destinataire par un autre moyen que les documents : "
                "il ne peut pas être retrouvé."
            ),
            self,
        )
        self.password_note.setObjectName("exportPasswordNote")
        self.password_note.setWordWrap(True)
        self.protect.toggled.connect(self._protect_toggled)
        self._protect_toggled(False)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.hide()
        self.result = QLabel(self)
        self.result.setObjectName("exportResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(self.tr("Exporter"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.open_folder_button = QPushButton(self.tr("Ouvrir le dossier"), self)
        self.open_folder_button.setObjectName("openExportFolder")
        self.open_folder_button.hide()
        close = QPushButton(self.tr("Fermer"), self)
        close.setObjectName("exportClose")
        close.clicked.connect(self.reject)
        self.export_button.clicked.connect(self.start)
        self.open_folder_button.clicked.connect(self.open_folder)

        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Documents produits par ce modèle (cochés : prévus pour cette audition)"), self)
        )
        layout.addWidget(self.documents, 1)
        layout.addWidget(self.warning)
        layout.addWidget(QLabel(self.tr("Dossier de destination"), self))
        layout.addLayout(row)
        layout.addWidget(self.protect)
        passwords = QFormLayout()
        passwords.addRow(self.tr("Mot de passe"), self.password)
        passwords.addRow(self.tr("Confirmation"), self.password_confirm)
        layout.addLayout(passwords)
        layout.addWidget(self.password_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addLayout(buttons)

    def _protect_toggled(self, checked: bool) -> None:
        for widget in (self.password, self.password_confirm, self.password_note):
            widget.setEnabled(checked)

    def chosen_password(self) -> str | None:
        """The documents' password, None when they are not to be protected; raises ExportError (French)."""
        if not self.protect.isChecked():
            return None
        password = self.password.text()
        if password != self.password_confirm.text():
            raise ExportError(self.tr("Les deux saisies du mot de passe diffèrent."))
        check_password(password)
        return password

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Dossier de destination"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def chosen(self) -> list[str]:
        return [
            self.documents.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.documents.count())
            if self.documents.item(i).checkState() == Qt.CheckState.Checked
        ]

    def start(self) -> None:
        ids = self.chosen()
        if not ids:
            self.result.setText(self.tr("Cochez au moins un document."))
            return
        if not self.folder.text().strip():
            self.result.setText(self.tr("Choisissez un dossier de destination."))
            return
        workspace = self.session.workspace
        try:
            password = self.chosen_password()
            ctx = workspace.context(self.session.hearing_id)
            specs = workspace.documents_for(ctx, ids)
        except ExportError as error:
            self.result.setText(str(error))
            return
        self.export_button.setEnabled(False)
        self._busy = True
        self.progress.setRange(0, len(specs))
        self.progress.setValue(0)
        self.progress.show()
        self.result.setText(self.tr("Préparation des documents…"))
        self._thread = QThread(self)
        self._worker = RenderWorker(ctx, specs, workspace.models, password)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progress.setValue)
        self._worker.finished.connect(self._write)
        self._worker.failed.connect(self._failed)
        # Direct: the worker thread ends its own loop. Queued to the GUI thread, the quit
        # would wait for a GUI that may itself be waiting for the thread (closing).
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._worker.failed.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.start()

    def _write(self, rendered: list[BuiltDocument]) -> None:
        folder = Path(self.folder.text().strip()).expanduser()
        try:
            self.written = write_all(self.session.store, self.session.hearing_id, rendered, folder)
        except ExportError as error:
            self._failed(str(error))
            return
        self.export_button.setEnabled(True)
        self.password.clear()
        self.password_confirm.clear()
        names = "<br>".join(
            f"• {escape(f.path.name)}" + "".join(f"<br>&nbsp;&nbsp;⚠ {escape(n)}" for n in f.notes)
            for f in self.written
        )
        if any(f.protected for f in self.written):
            text = self.tr("{n} document(s) exporté(s), protégé(s) par mot de passe, dans {folder} :<br>{names}")
        else:
            text = self.tr("{n} document(s) exporté(s) dans {folder} :<br>{names}")
        self.result.setText(text.format(n=len(self.written), folder=escape(str(folder)), names=names))
        self.open_folder_button.show()
        self.exported.emit(self.written)
        self._close_if_asked()

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.progress.hide()
        self.result.setText(self.tr("Export impossible : {m}").format(m=message))
        self._close_if_asked()

    def _close_if_asked(self) -> None:
        self._busy = False
        if self._close_when_done is not None:
            result, self._close_when_done = self._close_when_done, None
            super().done(result)

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))

    def done(self, result: int) -> None:
        """Closing during an export never waits on the window's thread: the export ends, then the window closes."""
        if self._busy:
            self._close_when_done = result
            self.result.setText(
                self.tr(
                    "Export en cours : les documents seront tous écrits, puis cette fenêtre se fermera d'elle-même."
                )
            )
            return
        super().done(result)
