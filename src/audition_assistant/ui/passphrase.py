"""First start (create the passphrase and the profile) and unlock: the main window's first page.

They show before the database modules are loaded (see ``app``): this module
names the store's errors and the workspace type only, and the function given
to open the workspace loads the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import passphrase_policy
from ..core.errors import UserError
from ..core.store import CorruptDatabase, WrongPassphrase
from ..core.text import inside_sentence
from .background import Background
from .message_bar import WrappedLabel
from .profile_form import ProfileForm

if TYPE_CHECKING:
    from ..core.maintenance import MaintenanceJob
    from ..core.workspace import Workspace

STRONG_BITS = 90.0  # the hint says « Forte » from there


def strength(passphrase: str) -> tuple[int, str]:
    """A score (0 refused, 2 enough, 3 strong) and its French hint, from the one passphrase policy."""
    problem = passphrase_policy.problem(passphrase)
    if problem:
        return 0, problem
    if passphrase_policy.estimated_bits(passphrase) < STRONG_BITS:
        return 2, "Correcte."
    return 3, "Forte."


def secret_line(parent: QWidget, name: str, label: str) -> QLineEdit:
    """A field whose typing is hidden (passphrases, document passwords), named for tests and screen readers."""
    line = QLineEdit(parent)
    line.setObjectName(name)
    line.setAccessibleName(label)
    line.setEchoMode(QLineEdit.EchoMode.Password)
    return line


class GateForm(QWidget):
    """A form in the middle of the window that opens (or creates) the database.

    ``opened`` carries the open workspace; ``quit_requested``, the user's wish
    to leave without opening it.
    """

    opened = Signal(object)
    quit_requested = Signal()
    passphrase: QLineEdit  # each form's first field: it has the focus

    def __init__(self, open_workspace: Callable[..., Workspace], title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.open_workspace = open_workspace
        self.workspace: Workspace | None = None
        self.notice = ""  # said once the window shows the cases (e.g. which backup was restored)
        self.maintenance: MaintenanceJob | None = None
        self.panel = QWidget(self)
        self.panel.setObjectName("gatePanel")
        self.panel.setFixedWidth(600)
        heading = QLabel(f"<h2>{title}</h2>", self.panel)
        heading.setObjectName("gateTitle")
        self.error = WrappedLabel(self.panel)
        self.error.setStyleSheet("color:#b00020;")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def _buttons(self, ok_text: str, ok_name: str) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setObjectName(ok_name)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quitter"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.quit_requested)
        return buttons

    def _busy(self, message: str) -> None:
        """Say what takes a moment (the key derivation, loading): painted now, before the work."""
        self.error.setStyleSheet("color:palette(text);")
        self.error.setText(message)
        self.error.repaint()
        self.error.setStyleSheet("color:#b00020;")

    def _opened(self, workspace: Workspace, passphrase: str) -> None:
        self.workspace = workspace
        # The whole-database check and the day's backup, which the window runs in the background.
        self.maintenance = workspace.maintenance_job(passphrase)
        self.opened.emit(workspace)
        if self.workspace is not None:  # the window took it (else the form stays, for a restore)
            for line in self.findChildren(QLineEdit):
                if line.echoMode() == QLineEdit.EchoMode.Password:
                    line.clear()  # the form lives until deleted: it keeps no passphrase meanwhile

    def submit(self) -> None:
        raise NotImplementedError


class FirstRunForm(GateForm):
    """Creates the encrypted database and the investigator's profile."""

    def __init__(self, open_workspace: Callable[[str], Workspace], parent: QWidget | None = None):
        super().__init__(open_workspace, "Assistant d'audition : première utilisation", parent)
        self.setObjectName("firstRunForm")
        panel = self.panel
        intro = QLabel(
            self.tr(
                "<p>Les auditions sont conservées sur cet ordinateur, dans une base chiffrée. "
                "Choisissez une <b>phrase secrète</b> pour l'ouvrir.</p>"
                "<p><b>Attention : une phrase secrète perdue ne peut pas être récupérée</b>, "
                "et les données deviennent alors illisibles. Conservez-la selon les consignes de votre service.</p>"
            ),
            panel,
        )
        intro.setWordWrap(True)
        self.passphrase = secret_line(panel, "newPassphrase", self.tr("Phrase secrète"))
        self.confirm = secret_line(panel, "confirmPassphrase", self.tr("Confirmation de la phrase secrète"))
        self.strength = QLabel(panel)
        self.strength.setObjectName("passphraseStrength")
        self.strength.setWordWrap(True)  # the policy's reason is a sentence
        self.profile = ProfileForm(None, panel)
        self.error.setObjectName("firstRunError")
        buttons = self._buttons(self.tr("Créer la base"), "createDatabaseButton")
        secrets_form = QFormLayout()
        secrets_form.addRow(self.tr("&Phrase secrète"), self.passphrase)
        secrets_form.addRow(self.tr("&Confirmation"), self.confirm)
        secrets_form.addRow("", self.strength)
        layout = QVBoxLayout(panel)
        layout.addWidget(intro)
        layout.addLayout(secrets_form)
        layout.addWidget(QLabel(self.tr("<b>Votre profil d'enquêteur</b> (modifiable ensuite)"), panel))
        layout.addWidget(self.profile)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.passphrase.textChanged.connect(self._strength)
        self._strength("")
        self.passphrase.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Entrée in any field creates the base, as « Créer la base » looks the default; on a button, presses it."""
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        focus = QApplication.focusWidget()
        if isinstance(focus, QAbstractButton) and self.isAncestorOf(focus):
            focus.click()
        else:
            self.submit()

    def _strength(self, text: str) -> None:
        self.strength.setText(strength(text)[1])

    def submit(self) -> None:
        passphrase = self.passphrase.text()
        problem = passphrase_policy.problem(passphrase)
        if problem:
            self.error.setText(problem)
            return
        if passphrase != self.confirm.text():
            self.error.setText(self.tr("Les deux saisies de la phrase secrète diffèrent."))
            return
        problem = self.profile.problem()
        if problem:
            self.error.setText(problem)
            return
        self._busy(self.tr("Création de la base chiffrée…"))
        try:
            workspace = self.open_workspace(passphrase)
        except UserError as error:
            self.error.setText(str(error))
            return
        except OSError as error:
            self.error.setText(self.tr("Impossible de créer la base : {e}").format(e=error))
            return
        workspace.save_profile(self.profile.profile())
        self._opened(workspace, passphrase)


class UnlockForm(GateForm):
    """Asks the passphrase (and the account, when the station has several); a wrong one says so, and another try.

    The key is derived from the passphrase (Argon2, about half a second) on a
    worker thread: ``derive(passphrase, account) -> (secret, account)``; the
    database then opens with the raw key on the window's thread, at once.
    """

    def __init__(
        self,
        open_workspace: Callable[..., Workspace],
        parent: QWidget | None = None,
        restore_latest: Callable[[str], str] | None = None,
        *,
        accounts: Sequence[str] = (),
        derive: Callable[[str, str | None], tuple[str, str | None]] | None = None,
    ):
        super().__init__(open_workspace, "Assistant d'audition", parent)
        self.restore_latest = restore_latest
        self.derive = derive
        self.background = Background(self)
        self.failures = 0
        self.setObjectName("unlockForm")
        panel = self.panel
        self.account: QComboBox | None = None
        if len(accounts) > 1:
            self.account = QComboBox(panel)
            self.account.setObjectName("unlockAccount")
            self.account.setAccessibleName(self.tr("Compte"))
            self.account.addItems(list(accounts))
        self.passphrase = secret_line(panel, "unlockPassphrase", self.tr("Phrase secrète"))
        self.passphrase.setMinimumWidth(320)
        self.passphrase.returnPressed.connect(self.submit)
        self.error.setObjectName("unlockError")
        buttons = self._buttons(self.tr("Ouvrir"), "unlockButton")
        form = QFormLayout(panel)
        form.addRow(QLabel(self.tr("Saisissez la phrase secrète de la base."), panel))
        if self.account is not None:
            form.addRow(self.tr("&Compte"), self.account)
            self.setTabOrder(self.account, self.passphrase)
        form.addRow(self.tr("&Phrase secrète"), self.passphrase)
        self.restore_button = QPushButton(self.tr("Restaurer la dernière sauvegarde"), panel)
        self.restore_button.setObjectName("restoreBackupButton")
        self.restore_button.hide()
        self.restore_button.clicked.connect(self.restore)
        form.addRow(self.error)
        form.addRow(self.restore_button)
        form.addRow(buttons)
        self.passphrase.setFocus()

    def show_damaged(self, message: str) -> None:
        """The database failed its check after it was opened: offer the latest backup."""
        self.error.setText(message)
        self.restore_button.setVisible(self.restore_latest is not None)

    def submit(self) -> None:
        if self.background.pending("unlock"):
            return
        passphrase = self.passphrase.text()
        account = self.account.currentText() if self.account is not None else None
        self._busy(self.tr("Ouverture de la base…"))
        if self.derive is None:
            self._open(passphrase, account)
            return
        derive = self.derive
        self.ok_button.setEnabled(False)
        self.background.run(
            lambda: derive(passphrase, account),
            lambda found: self._open(*found),
            self._not_derived,
            kind="unlock",
        )

    def _not_derived(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(error, WrongPassphrase):
            self._wrong()
        elif isinstance(error, UserError):
            self.error.setText(str(error))
        else:
            self.error.setText(self.tr("Impossible d'ouvrir la base : {e}").format(e=error))

    def _wrong(self) -> None:
        self.failures += 1
        self.error.setText(self.tr("Phrase secrète incorrecte. Réessayez."))
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _open(self, secret: str, account: str | None) -> None:
        """Open with what the passphrase gave (the raw key, or the passphrase of a database without a keyring)."""
        self.ok_button.setEnabled(True)
        try:
            workspace = self.open_workspace(secret, account) if account else self.open_workspace(secret)
        except WrongPassphrase:
            self._wrong()
            return
        except CorruptDatabase as error:
            self.show_damaged(str(error))
            return
        except UserError as error:
            self.error.setText(str(error))
            return
        except OSError as error:
            self.error.setText(self.tr("Impossible d'ouvrir la base : {e}").format(e=error))
            return
        workspace.record_failed_unlocks(self.failures)
        self._opened(workspace, secret)

    def restore(self) -> None:
        """Put the latest backup in place (checked first), then open it."""
        if self.restore_latest is None:
            return
        try:
            message = self.restore_latest(self.passphrase.text())
        except WrongPassphrase:
            self.error.setText(self.tr("Restauration impossible : la phrase secrète n'ouvre pas la sauvegarde."))
            return
        except (UserError, OSError) as error:
            said = str(error)
            self.error.setText(self.tr("Restauration impossible : {e}").format(e=inside_sentence(said)))
            return
        self.restore_button.hide()
        self.notice = message
        self.submit()
