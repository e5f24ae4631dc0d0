"""Create or edit a case."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..core.store import Case


class CaseDialog(QDialog):
    def __init__(self, case: Case | None = None, default_service: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("caseDialog")
        self.setWindowTitle(self.tr("Modifier le dossier") if case else self.tr("Nouveau dossier"))
        self.inputs: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key, label, placeholder in (
            ("procedure_number", self.tr("N° de &procédure *"), "2026/000123"),
            ("heading", self.tr("&Intitulé"), self.tr("Affaire c/ X : proxénétisme aggravé, traite des êtres humains")),
            ("qualification", self.tr("&Qualification"), self.tr("ex. : art. 225-4-1 et 225-7 du code pénal")),
            ("service", self.tr("&Service"), ""),
        ):
            line = QLineEdit(self)
            line.setObjectName(f"case_{key}")
            line.setAccessibleName(label.replace("&", "").rstrip(" *"))
            line.setPlaceholderText(placeholder)
            line.setText(getattr(case, key) if case else (default_service if key == "service" else ""))
            form.addRow(label, line)
            self.inputs[key] = line
        self.export_dir = QLineEdit(self)
        self.export_dir.setObjectName("case_export_dir")
        self.export_dir.setAccessibleName(self.tr("Dossier d'export"))
        self.export_dir.setPlaceholderText(self.tr("Dossier d'export par défaut"))
        self.export_dir.setText(case.export_dir if case else "")
        browse = QPushButton(self.tr("Parcourir…"), self)
        browse.setObjectName("case_browse_export_dir")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.export_dir, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Dossier d'export"), row)
        self.error = QLabel(self)
        self.error.setObjectName("caseError")
        self.error.setStyleSheet("color:#b00020;")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("caseSaveButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Dossier d'export du dossier"), self.export_dir.text())
        if folder:
            self.export_dir.setText(folder)

    def values(self) -> dict[str, str]:
        out = {key: line.text().strip() for key, line in self.inputs.items()}
        out["export_dir"] = self.export_dir.text().strip()
        return out

    def submit(self) -> None:
        if not self.values()["procedure_number"]:
            self.error.setText(self.tr("Le numéro de procédure est obligatoire."))
            return
        self.accept()
