"""Settings: idle lock, backups, passphrase change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.store import StoreError, WrongPassphrase
from ..core.workspace import Workspace
from .passphrase import secret_line

NBSP = "\u00a0"
IDENTITY_WARNING = (
    f"Attention{NBSP}: le nom de la personne se lira sans ouvrir les documents, dans les dossiers, "
    f"sur une clé USB et dans la liste des documents récents de Word ou de l'ordinateur. "
    f"Les documents protégés par mot de passe ne le portent jamais."
)


class SettingsDialog(QDialog):
    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        before_rekey: Callable[[], None] | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        # Re-keying rewrites every page: the opening check, if it still runs, is stopped first.
        self.before_rekey = before_rekey
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Réglages"))
        current = workspace.settings

        self.idle = QSpinBox(self)
        self.idle.setObjectName("idleMinutes")
        self.idle.setAccessibleName(self.tr("Verrouillage après inactivité (minutes)"))
        self.idle.setRange(0, 240)
        self.idle.setSpecialValueText(self.tr("jamais"))
        self.idle.setValue(current.idle_lock_minutes)
        self.kept = QSpinBox(self)
        self.kept.setObjectName("backupsKept")
        self.kept.setAccessibleName(self.tr("Nombre de sauvegardes conservées"))
        self.kept.setRange(1, 100)
        self.kept.setValue(current.backups_kept)
        self.backup_button = QPushButton(self.tr("Sauvegarder maintenant"), self)
        self.backup_button.setObjectName("backupNowButton")
        self.backup_result = QLabel(self)
        self.backup_result.setObjectName("backupResult")
        self.backup_result.setWordWrap(True)

        self.current = secret_line(self, "currentPassphrase", self.tr("Phrase secrète actuelle"))
        self.new = secret_line(self, "newPassphraseSetting", self.tr("Nouvelle phrase secrète"))
        self.confirm = secret_line(self, "confirmPassphraseSetting", self.tr("Confirmation"))
        self.change_button = QPushButton(self.tr("Changer la phrase secrète"), self)
        self.change_button.setObjectName("changePassphraseButton")
        self.change_result = QLabel(self)
        self.change_result.setObjectName("changePassphraseResult")
        self.change_result.setWordWrap(True)

        documents = self._documents_group(current.identity_in_file_names)

        general = QGroupBox(self.tr("Sécurité et sauvegardes"), self)
        form = QFormLayout(general)
        form.addRow(self.tr("Verrouiller après (minutes sans activité)"), self.idle)
        form.addRow(self.tr("Sauvegardes conservées"), self.kept)
        form.addRow(self.backup_button, self.backup_result)
        secret = QGroupBox(self.tr("Phrase secrète"), self)
        secret_form = QFormLayout(secret)
        secret_form.addRow(self.tr("Actuelle"), self.current)
        secret_form.addRow(self.tr("Nouvelle"), self.new)
        secret_form.addRow(self.tr("Confirmation"), self.confirm)
        secret_form.addRow(self.change_button, self.change_result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("settingsSave")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Fermer"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(general)
        layout.addWidget(documents)
        layout.addWidget(secret)
        layout.addWidget(buttons)
        self.backup_button.clicked.connect(self.backup_now)
        self.change_button.clicked.connect(self.change_passphrase)

    def _documents_group(self, identity: bool) -> QGroupBox:
        """Whether exported file names carry the person's name: off by default, said plainly when on."""
        group = QGroupBox(self.tr("Documents exportés"), self)
        self.identity = QCheckBox(self.tr("Ajouter le nom de la personne entendue au nom des fichiers"), group)
        self.identity.setObjectName("identityInFileNames")
        self.identity.setAccessibleName(self.tr("Nom de la personne dans le nom des fichiers exportés"))
        self.identity.setChecked(identity)
        self.identity_warning = QLabel(self.tr(IDENTITY_WARNING), group)
        self.identity_warning.setObjectName("identityWarning")
        self.identity_warning.setWordWrap(True)
        self.identity_warning.setStyleSheet("color:#b00020;")
        self.identity_warning.setVisible(identity)
        self.identity.toggled.connect(self.identity_warning.setVisible)
        layout = QVBoxLayout(group)
        layout.addWidget(self.identity)
        layout.addWidget(self.identity_warning)
        return group

    def save(self) -> None:
        chosen = replace(
            self.workspace.settings,
            idle_lock_minutes=self.idle.value(),
            backups_kept=self.kept.value(),
            identity_in_file_names=self.identity.isChecked(),
        )
        self.workspace.save_settings(chosen)
        self.accept()

    def backup_now(self) -> None:
        try:
            made = self.workspace.backup_now()
        except (OSError, StoreError) as error:
            self.backup_result.setText(self.tr("Sauvegarde impossible : {e}").format(e=error))
            return
        self.backup_result.setText(self.tr("Sauvegarde enregistrée : {path}").format(path=made))

    def change_passphrase(self) -> None:
        if self.new.text() != self.confirm.text():
            self.change_result.setText(self.tr("Les deux saisies de la nouvelle phrase secrète diffèrent."))
            return
        if self.before_rekey is not None:
            self.before_rekey()
        try:
            self.workspace.store.change_passphrase(self.current.text(), self.new.text())
        except WrongPassphrase:
            self.change_result.setText(self.tr("Phrase secrète actuelle incorrecte."))
            return
        except StoreError as error:
            self.change_result.setText(str(error))
            return
        for line in (self.current, self.new, self.confirm):
            line.clear()
        self.change_result.setText(
            self.tr("Phrase secrète changée. Les sauvegardes déjà faites gardent l'ancienne phrase.")
        )
