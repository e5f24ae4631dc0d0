"""« Comptes… »: the accounts of this station, and for the administrator, adding, resetting and removing one.

A new slot costs Argon2 (half a second): it is made on a worker thread, then
written with its audit entry here.

Removing an account re-encrypts the database under a new key (and its old
copies): the window's second connection is closed before and opened again
after with the new key (``before_rekey``, ``after_rekey``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.french import counted
from ..core.store.keyring import Slot
from .background import Background
from .message_bar import WrappedLabel
from .passphrase import secret_line
from .settings_dialog import REKEYED, REMOVED

if TYPE_CHECKING:
    from ..core.workspace import Workspace


class AccountsDialog(QDialog):
    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        run_dialog: Callable[[Any], Any] = lambda dialog: dialog.exec(),
        before_rekey: Callable[[], None] = lambda: None,
        after_rekey: Callable[[str], None] = lambda secret: None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.run_dialog = run_dialog
        self.before_rekey, self.after_rekey = before_rekey, after_rekey
        self.setObjectName("accountsDialog")
        self.background = Background(self)
        self.setWindowTitle(self.tr("Comptes de ce poste"))
        self.list = QListWidget(self)
        self.list.setObjectName("accountsList")
        self.list.setAccessibleName(self.tr("Comptes"))
        self.name = QLineEdit(self)
        self.name.setObjectName("accountName")
        self.name.setAccessibleName(self.tr("Nom du compte"))
        self.passphrase = secret_line(self, "accountPassphrase", self.tr("Phrase secrète du compte"))
        self.confirm = secret_line(self, "accountConfirm", self.tr("Confirmation de la phrase secrète"))
        self.admin = QCheckBox(self.tr("&Administrateur (gère les comptes de ce poste)"), self)
        self.admin.setObjectName("accountAdmin")
        self.add_button = QPushButton(self.tr("A&jouter le compte"), self)
        self.add_button.setObjectName("addAccountButton")
        self.reset_button = QPushButton(self.tr("&Nouvelle phrase pour le compte choisi"), self)
        self.reset_button.setObjectName("resetAccountButton")
        self.remove_button = QPushButton(self.tr("&Retirer le compte choisi…"), self)
        self.remove_button.setObjectName("removeAccountButton")
        self.outcome = WrappedLabel(self)
        self.outcome.setObjectName("accountsResult")
        form = QFormLayout()
        form.addRow(self.tr("&Nom"), self.name)
        form.addRow(self.tr("&Phrase secrète"), self.passphrase)
        form.addRow(self.tr("&Confirmation"), self.confirm)
        form.addRow("", self.admin)
        row = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.remove_button):
            row.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        admin = workspace.is_admin
        if admin:
            layout.addLayout(form)
            layout.addLayout(row)
        else:
            layout.addWidget(
                QLabel(self.tr("Seul un compte administrateur peut ajouter, modifier ou retirer un compte."), self)
            )
            for widget in (self.name, self.passphrase, self.confirm, self.admin, self.add_button, self.reset_button,
                           self.remove_button):  # fmt: skip
                widget.hide()
        layout.addWidget(self.outcome)
        layout.addWidget(close)
        self.add_button.clicked.connect(self.add)
        self.reset_button.clicked.connect(self.reset)
        self.remove_button.clicked.connect(self.remove)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for account in self.workspace.accounts():
            role = self.tr("administrateur") if account.admin else self.tr("enquêteur")
            mine = self.tr(" (vous)") if account.name == self.workspace.account else ""
            self.list.addItem(f"{account.name} — {role}{mine}")
            self.list.item(self.list.count() - 1).setData(256, account.name)  # Qt.UserRole

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(256)) if item is not None else None

    def _new_passphrase(self) -> str | None:
        passphrase = self.passphrase.text()
        if passphrase != self.confirm.text():
            self.outcome.setText(self.tr("Les deux saisies de la phrase secrète diffèrent."))
            return None
        return passphrase

    def _done(self, message: str) -> None:
        self.passphrase.clear()
        self.confirm.clear()
        self.refresh()
        self.outcome.setText(message)

    def _with_slot(self, name: str, new: bool, write: Callable[[Slot], None], said: str) -> None:
        """Check now, make the slot on a worker thread, then ``write`` it here."""
        passphrase = self._new_passphrase()
        if passphrase is None or self.background.pending("slot"):
            return
        try:
            job = self.workspace.store.slot_job(name, passphrase, admin=self.admin.isChecked(), new=new)
        except UserError as error:
            self.outcome.setText(str(error))
            return
        self.outcome.setText(self.tr("Chiffrement de la clé du compte…"))
        for button in (self.add_button, self.reset_button, self.remove_button):
            button.setEnabled(False)

        def made(slot: Slot) -> None:
            self._enable()
            try:
                write(slot)
            except UserError as error:
                self.outcome.setText(str(error))
                return
            if new:
                self.name.clear()
            self._done(said)

        def failed(error: BaseException) -> None:
            self._enable()
            self.outcome.setText(self.tr("Compte non enregistré\u00a0: {e}").format(e=error))

        self.background.run(job, made, failed, kind="slot")

    def _enable(self) -> None:
        for button in (self.add_button, self.reset_button, self.remove_button):
            button.setEnabled(True)

    def add(self) -> None:
        name = self.name.text().strip()
        admin = self.admin.isChecked()
        self._with_slot(
            name,
            True,
            lambda slot: self.workspace.add_account(name, "", admin, slot=slot),
            self.tr("Compte «\u00a0{name}\u00a0» ajouté.").format(name=name),
        )

    def reset(self) -> None:
        name = self.chosen()
        if name is None:
            self.outcome.setText(self.tr("Choisissez d'abord un compte dans la liste."))
            return
        self._with_slot(
            name,
            False,
            lambda slot: self.workspace.reset_account(name, "", slot=slot),
            self.tr("Nouvelle phrase secrète enregistrée pour «\u00a0{name}\u00a0».").format(name=name),
        )

    def remove(self) -> None:
        name = self.chosen()
        if name is None:
            self.outcome.setText(self.tr("Choisissez d'abord un compte dans la liste."))
            return
        question = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Retirer un compte"),
            self.tr(
                "Retirer le compte «\u00a0{name}\u00a0»\u00a0? Sa phrase secrète n'ouvrira plus rien\u00a0: la base "
                "et ses sauvegardes sont chiffrées de nouveau, sous une nouvelle clé."
            ).format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        question.setObjectName("removeAccountQuestion")
        question.button(QMessageBox.StandardButton.Yes).setText(self.tr("Retirer"))
        question.button(QMessageBox.StandardButton.No).setText(self.tr("Annuler"))
        if self.run_dialog(question) != QMessageBox.StandardButton.Yes:
            return
        self.before_rekey()
        try:
            changed = self.workspace.remove_account(name)
        except UserError as error:
            self.outcome.setText(str(error))
            return
        finally:
            secret = self.workspace.store.raw_key()
            if secret is not None:
                self.after_rekey(secret)
        said = [self.tr("Compte «\u00a0{name}\u00a0» retiré\u00a0; la base est chiffrée sous une nouvelle clé.")]
        said[0] = said[0].format(name=name)
        if changed.rekeyed:
            said.append(self.tr("{n}.").format(n=counted(len(changed.rekeyed), *REKEYED)))
        if changed.removed:
            said.append(self.tr("{n}.").format(n=counted(len(changed.removed), *REMOVED)))
        if changed.problem:
            said.append(changed.problem)
        self._done(" ".join(said))
