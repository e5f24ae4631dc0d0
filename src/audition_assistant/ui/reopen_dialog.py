"""Reopening a closed hearing: a new PV (complémentaire or de rectification), its number and the reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core.store.records import SUPPLEMENT_KINDS


class ReopenDialog(QDialog):
    """Asks what the new PV is, its number (required) and why; the signed PV is never changed."""

    def __init__(self, signed_number: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reopenDialog")
        self.setWindowTitle(self.tr("Rouvrir pour correction"))
        self.setAccessibleName(self.tr("Rouvrir l'audition pour un nouveau procès-verbal"))
        number = signed_number or self.tr("(sans numéro)")
        intro = QLabel(
            self.tr(
                "Le procès-verbal n° {n} est clos et signé : il ne sera pas modifié. Ce que vous ajoutez ou "
                "corrigez maintenant sera consigné dans un nouveau procès-verbal, avec son propre numéro, "
                "qui fait référence au premier."
            ).format(n=number),
            self,
        )
        intro.setObjectName("reopenIntro")
        intro.setWordWrap(True)
        self.complementary = QRadioButton(
            self.tr("Procès-verbal &complémentaire : de nouvelles déclarations à ajouter"), self
        )
        self.complementary.setObjectName("reopenKindComplementaire")
        self.complementary.setAccessibleName(self.tr("Procès-verbal complémentaire"))
        self.rectification = QRadioButton(
            self.tr("Procès-verbal de &rectification : corriger ce qui a été consigné"), self
        )
        self.rectification.setObjectName("reopenKindRectification")
        self.rectification.setAccessibleName(self.tr("Procès-verbal de rectification"))
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.complementary)
        self.kinds.addButton(self.rectification)
        self.number = QLineEdit(self)
        self.number.setObjectName("reopenPvNumber")
        self.number.setAccessibleName(self.tr("Numéro du nouveau procès-verbal"))
        self.number.setPlaceholderText(self.tr("ex. : {n}").format(n="2026/000123/00018"))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reopenReason")
        self.reason.setAccessibleName(self.tr("Motif (conservé dans l'historique)"))
        self.error = QLabel(self)
        self.error.setObjectName("reopenError")
        self.error.setStyleSheet("color:#b00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Rouvrir"))
        self.ok_button.setObjectName("reopenConfirmButton")
        self.ok_button.setAccessibleName(self.tr("Rouvrir l'audition"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Annuler"))
        cancel.setObjectName("reopenCancelButton")
        cancel.setAccessibleName(self.tr("Annuler"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        number_label = QLabel(self.tr("&Numéro du nouveau procès-verbal *"), self)
        number_label.setBuddy(self.number)
        reason_label = QLabel(self.tr("&Motif *"), self)
        reason_label.setBuddy(self.reason)
        form.addRow(number_label, self.number)
        form.addRow(reason_label, self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.complementary)
        layout.addWidget(self.rectification)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setTabOrder(self.complementary, self.rectification)
        self.setTabOrder(self.rectification, self.number)
        self.setTabOrder(self.number, self.reason)
        self.complementary.setFocus()

    def kind(self) -> str:
        if self.complementary.isChecked():
            return "complementaire"
        if self.rectification.isChecked():
            return "rectification"
        return ""

    def values(self) -> tuple[str, str, str]:
        """(kind, number, reason), as typed."""
        return self.kind(), self.number.text().strip(), self.reason.text().strip()

    def problem(self) -> str:
        kind, number, reason = self.values()
        if kind not in SUPPLEMENT_KINDS:
            return self.tr("Choisissez : procès-verbal complémentaire ou de rectification.")
        if not number:
            return self.tr("Indiquez le numéro du nouveau procès-verbal.")
        if not reason:
            return self.tr("Indiquez le motif de la correction.")
        return ""

    def submit(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return
        self.accept()
