"""First start (create the passphrase and the profile) and unlock dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.instance import FolderBusy
from ..core.store import CorruptDatabase, StoreError, WrongPassphrase
from ..core.workspace import Workspace
from .profile_form import ProfileForm

MIN_LENGTH = 10


def strength(passphrase: str) -> tuple[int, str]:
    """A rough score (0-3) and its French hint; length matters most for a passphrase."""
    classes = sum(
        any(test(c) for c in passphrase) for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    length = len(passphrase)
    if length < MIN_LENGTH:
        return 0, f"Trop courte : au moins {MIN_LENGTH} caractères."
    if length < 14 and classes < 3:
        return 1, "Faible : allongez-la (plusieurs mots) ou mêlez chiffres et signes."
    if length < 20:
        return 2, "Correcte."
    return 3, "Forte."


def _secret(parent: QWidget, name: str, label: str) -> QLineEdit:
    line = QLineEdit(parent)
    line.setObjectName(name)
    line.setAccessibleName(label)
    line.setEchoMode(QLineEdit.EchoMode.Password)
    return line


class FirstRunDialog(QDialog):
    """Creates the encrypted database and the investigator's profile."""

    def __init__(self, open_workspace: Callable[[str], Workspace], parent: QWidget | None = None):
        super().__init__(parent)
        self.open_workspace = open_workspace
        self.workspace: Workspace | None = None
        self.setObjectName("firstRunDialog")
        self.setWindowTitle(self.tr("Assistant d'audition — première utilisation"))
        intro = QLabel(
            self.tr(
                "<p>Les auditions sont conservées sur cet ordinateur, dans une base chiffrée. "
                "Choisissez une <b>phrase secrète</b> pour l'ouvrir.</p>"
                "<p><b>Attention : une phrase secrète perdue ne peut pas être récupérée</b>, "
                "et les données deviennent alors illisibles. Conservez-la selon les consignes de votre service.</p>"
            ),
            self,
        )
        intro.setWordWrap(True)
        self.passphrase = _secret(self, "newPassphrase", self.tr("Phrase secrète"))
        self.confirm = _secret(self, "confirmPassphrase", self.tr("Confirmation de la phrase secrète"))
        self.strength = QLabel(self)
        self.strength.setObjectName("passphraseStrength")
        self.profile = ProfileForm(None, self)
        self.error = QLabel(self)
        self.error.setObjectName("firstRunError")
        self.error.setStyleSheet("color:#b00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Créer la base"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("createDatabaseButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quitter"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        secrets_form = QFormLayout()
        secrets_form.addRow(self.tr("&Phrase secrète"), self.passphrase)
        secrets_form.addRow(self.tr("&Confirmation"), self.confirm)
        secrets_form.addRow("", self.strength)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(secrets_form)
        layout.addWidget(QLabel(self.tr("<b>Votre profil d'enquêteur</b> (modifiable ensuite)"), self))
        layout.addWidget(self.profile)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.passphrase.textChanged.connect(self._strength)
        self._strength("")

    def _strength(self, text: str) -> None:
        self.strength.setText(strength(text)[1])

    def submit(self) -> None:
        passphrase = self.passphrase.text()
        if strength(passphrase)[0] == 0:
            self.error.setText(self.tr("Phrase secrète trop courte : au moins {n} caractères.").format(n=MIN_LENGTH))
            return
        if passphrase != self.confirm.text():
            self.error.setText(self.tr("Les deux saisies de la phrase secrète diffèrent."))
            return
        problem = self.profile.problem()
        if problem:
            self.error.setText(problem)
            return
        try:
            workspace = self.open_workspace(passphrase)
        except (FolderBusy, StoreError) as error:
            self.error.setText(str(error))
            return
        except (OSError, WrongPassphrase) as error:
            self.error.setText(self.tr("Impossible de créer la base : {e}").format(e=error))
            return
        workspace.store.save_profile(self.profile.profile())
        self.workspace = workspace
        self.accept()


class UnlockDialog(QDialog):
    """Asks the passphrase; a wrong one says so and lets the user try again."""

    def __init__(
        self,
        open_workspace: Callable[[str], Workspace],
        parent: QWidget | None = None,
        restore_latest: Callable[[str], str] | None = None,
    ):
        super().__init__(parent)
        self.open_workspace = open_workspace
        self.restore_latest = restore_latest
        self.workspace: Workspace | None = None
        self.failures = 0
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Assistant d'audition — déverrouillage"))
        self.passphrase = _secret(self, "unlockPassphrase", self.tr("Phrase secrète"))
        self.error = QLabel(self)
        self.error.setObjectName("unlockError")
        self.error.setStyleSheet("color:#b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ouvrir"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("unlockButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quitter"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Saisissez la phrase secrète de la base."), self))
        form.addRow(self.tr("&Phrase secrète"), self.passphrase)
        self.restore_button = QPushButton(self.tr("Restaurer la dernière sauvegarde"), self)
        self.restore_button.setObjectName("restoreBackupButton")
        self.restore_button.hide()
        self.restore_button.clicked.connect(self.restore)
        form.addRow(self.error)
        form.addRow(self.restore_button)
        form.addRow(buttons)

    def submit(self) -> None:
        try:
            self.workspace = self.open_workspace(self.passphrase.text())
        except WrongPassphrase:
            self.failures += 1
            self.error.setText(self.tr("Phrase secrète incorrecte. Réessayez."))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        except FolderBusy as error:
            self.error.setText(str(error))
            return
        except CorruptDatabase as error:
            self.error.setText(str(error))
            self.restore_button.setVisible(self.restore_latest is not None)
            return
        if self.failures:
            self.workspace.store.record("unlock_failed", attempts=self.failures)
        self.accept()

    def restore(self) -> None:
        """Put the latest backup in place (checked first), then open it."""
        if self.restore_latest is None:
            return
        try:
            message = self.restore_latest(self.passphrase.text())
        except WrongPassphrase:
            self.error.setText(self.tr("Restauration impossible : la phrase secrète n'ouvre pas la sauvegarde."))
            return
        except (StoreError, OSError) as error:
            self.error.setText(self.tr("Restauration impossible : {e}").format(e=error))
            return
        self.restore_button.hide()
        self.error.setText(message)
        self.submit()
