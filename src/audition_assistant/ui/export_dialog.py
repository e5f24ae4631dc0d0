"""Export: which documents, where; rendered off the window's thread, then written and recorded on it.

Closing the dialog while an export runs does not stop it: the documents are
all written and recorded, the dialog says so and closes itself then (see
``background`` for the lock). An export that fails after the close was asked
stays open to say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.export.attestations import LOCAL
from ..core.export.exporter import BuiltDocument, ExportedFile, protect_all, render_all, write_all
from ..core.export.files import ExportError
from ..core.export.protect import MIN_PASSWORD_LENGTH, check_password
from ..core.templates.model import DocumentSpec
from ..core.workspace import Workspace
from .background import Background
from .hearing_session import HearingSession
from .passphrase import secret_line
from .review_page import Finding, findings
from .word_models import origin_text

SIZE = (700, 620)  # fits a 1280x720 screen, its title bar and task bar included
DOCUMENT_ROWS_SHOWN = 10  # more documents than this, the list scrolls
MISSING_SHOWN = 5  # the missing answers named before the export, the others counted
OTHERS_SHOWN = 3  # the review's other points quoted


def _first(found: list[Finding], shown: int) -> str:
    """The first findings' texts, one after the other; an ellipsis when there are more."""
    texts = "\u00a0; ".join(f.text.rstrip(".") for f in found[:shown])  # French: a no-break space before « ; »
    return texts + ("…" if len(found) > shown else ".")


def local_models_text(workspace: Workspace, specs: Sequence[DocumentSpec]) -> str:
    """Which documents a service's own Word model fills, and whether it replaces a bundled one."""
    library = workspace.models
    found = [(spec, library.get(spec.model)) for spec in specs]
    named = [
        f"«\u00a0{spec.title}\u00a0» ({origin_text(model, library.is_imported(model))})"
        for spec, model in found
        if model is not None and model.origin == LOCAL
    ]
    return "Modèles locaux du service\u00a0: " + "\u00a0; ".join(named) + "." if named else ""


class ExportDialog(QDialog):
    exported = Signal(object)  # list[ExportedFile]
    rendered = Signal(int)  # documents rendered so far (emitted by the rendering thread, queued here)

    def __init__(self, session: HearingSession, parent: QWidget | None = None, *, background: Background | None = None):
        super().__init__(parent)
        self.session = session
        # The window's (a lock leaves an export running): the rendering runs there, no database, no file.
        self.background = background or Background(self)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Exporter les documents"))
        self.written: list[ExportedFile] = []
        # From start() until the files are written or the export failed (the rendering may be done
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
        self.warning = QLabel(self)
        self.warning.setObjectName("exportWarning")
        self.warning.setWordWrap(True)
        warning = self._warning_text(findings(session))
        if warning:
            self.warning.setText(warning)
            self.warning.setStyleSheet("color:#8a4b00;")
        self.local_models = QLabel(local_models_text(session.workspace, session.template.documents), self)
        self.local_models.setObjectName("exportLocalModels")
        self.local_models.setWordWrap(True)
        self.local_models.setVisible(bool(self.local_models.text()))
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
        self.outcome = QLabel(self)
        self.outcome.setObjectName("exportResult")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(self.tr("Exporter"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.open_folder_button = QPushButton(self.tr("Ouvrir le dossier"), self)
        self.open_folder_button.setObjectName("openExportFolder")
        self.open_folder_button.hide()
        close = self.close_button = QPushButton(self.tr("Fermer"), self)
        close.setObjectName("exportClose")
        close.clicked.connect(self.reject)
        self.export_button.clicked.connect(self.start)
        self.rendered.connect(self.progress.setValue)
        self.open_folder_button.clicked.connect(self.open_folder)

        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        # Everything but the buttons scrolls: a long warning or result is read whole on a small screen,
        # and the buttons stay in sight.
        self.body = QScrollArea(self)
        self.body.setObjectName("exportBody")
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(self.body)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            QLabel(self.tr("Documents produits par ce modèle (cochés : prévus pour cette audition)"), content)
        )
        rows = min(self.documents.count(), DOCUMENT_ROWS_SHOWN)
        self.documents.setFixedHeight(self.documents.sizeHintForRow(0) * rows + 2 * self.documents.frameWidth())
        layout.addWidget(self.documents)
        layout.addWidget(self.warning)
        layout.addWidget(self.local_models)
        layout.addWidget(QLabel(self.tr("Dossier de destination"), content))
        layout.addLayout(row)
        layout.addWidget(self.protect)
        passwords = QFormLayout()
        passwords.addRow(self.tr("Mot de passe"), self.password)
        passwords.addRow(self.tr("Confirmation"), self.password_confirm)
        layout.addLayout(passwords)
        layout.addWidget(self.password_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self.body.setWidget(content)
        self._follow_result = False
        self.body.verticalScrollBar().rangeChanged.connect(lambda *_: self._scroll_to_result())
        outer = QVBoxLayout(self)
        outer.addWidget(self.body, 1)
        outer.addLayout(buttons)
        self._fit_screen()

    def _fit_screen(self) -> None:
        """Tall enough for the list, the warning and a result of a few lines, never taller than the screen."""
        screen = (self.parentWidget() or self).screen().availableGeometry()
        width = min(SIZE[0], screen.width() - 40)
        self.resize(width, min(SIZE[1], screen.height() - 60))  # the title bar and a margin

    def _show_result(self) -> None:
        """The result in sight, scrolled to if the screen is too small to show everything."""
        self._follow_result = True
        self._scroll_to_result()

    def _scroll_to_result(self) -> None:
        # Called again when the layout has given a new text its lines (the scroll range changes then).
        if self._follow_result:
            self.body.ensureWidgetVisible(self.outcome, 0, 0)

    def _warning_text(self, found: list[Finding]) -> str:
        """What the review still lists, said before the export: the missing answers, then the other points."""
        missing = [f for f in found if f.blocking]
        others = [f for f in found if not f.blocking]
        lines = []
        if missing:
            lines.append(
                self.tr("⚠ {n} réponse(s) obligatoire(s) manquante(s) : {names}").format(
                    n=len(missing), names=_first(missing, MISSING_SHOWN)
                )
            )
        if others:
            heading = self.tr("⚠ 1 point à revoir") if len(others) == 1 else self.tr("⚠ {n} points à revoir")
            lines.append(
                (heading + self.tr(" (Vérification et export) : {points}")).format(
                    n=len(others), points=_first(others, OTHERS_SHOWN)
                )
            )
        if lines:
            lines.append(self.tr("L'export reste possible."))
        return "\n".join(lines)

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
            self.outcome.setText(self.tr("Cochez au moins un document."))
            return
        if not self.folder.text().strip():
            self.outcome.setText(self.tr("Choisissez un dossier de destination."))
            return
        workspace = self.session.workspace
        try:
            password = self.chosen_password()
            ctx = workspace.context(self.session.hearing_id)
            specs = workspace.documents_for(ctx, ids)
        except ExportError as error:
            self.outcome.setText(str(error))
            return
        self.export_button.setEnabled(False)
        self._busy = True
        self.progress.setRange(0, len(specs))
        self.progress.setValue(0)
        self.progress.show()
        self.outcome.setText(self.tr("Préparation des documents…"))
        models, progressed = workspace.models, self.rendered.emit

        def render() -> list[BuiltDocument]:  # one rendering process for every Word model of the export
            return protect_all(render_all(ctx, specs, models, progressed), password)

        self.background.run(render, self._write, self._render_failed, kind="export")

    def _render_failed(self, error: BaseException) -> None:
        if isinstance(error, ExportError):
            self._failed(str(error))
        else:  # a bug must not take the window down
            self._failed(self.tr("Erreur inattendue pendant la préparation des documents : {e}").format(e=error))

    def _write(self, rendered: list[BuiltDocument]) -> None:
        folder = Path(self.folder.text().strip()).expanduser()
        try:
            identity = self.session.workspace.settings.identity_in_file_names
            self.written = write_all(self.session.store, self.session.hearing_id, rendered, folder, identity=identity)
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
        self.outcome.setText(text.format(n=len(self.written), folder=escape(str(folder)), names=names))
        self._show_result()
        self.open_folder_button.show()
        self.exported.emit(self.written)
        self._close_if_asked()

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.progress.hide()
        self.outcome.setText(self.tr("Export impossible : {m}").format(m=message))
        self._show_result()
        if self.isVisible():  # the close asked meanwhile waits: the user reads why first
            self._close_when_done = None
            self.close_button.setText(self.tr("Fermer"))
        self._close_if_asked()

    def _close_if_asked(self) -> None:
        self._busy = False
        if self._close_when_done is not None:
            result, self._close_when_done = self._close_when_done, None
            super().done(result)

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))

    def done(self, result: int) -> None:
        """Closing during an export never waits on the window's thread: the export goes on to its end, then
        the window closes (or stays, if it failed, to say why)."""
        if self._busy:
            self._close_when_done = result
            self.outcome.setText(
                self.tr(
                    "L'export continue\u00a0: les documents seront tous écrits et inscrits au journal, puis cette "
                    "fenêtre se fermera d'elle-même. En cas d'échec, elle restera ouverte pour en dire la raison."
                )
            )
            self._show_result()
            self.close_button.setText(self.tr("Fermeture après l'export…"))
            return
        super().done(result)
