"""« Copier pour le logiciel de rédaction »: the hearing as plain text on the clipboard, for LRPPN / LRPGN.

The text is the one ``core.export.handoff`` composes from the PV's blocks,
shown in full before it is copied. Each copy is recorded in the hearing's
history (what it covered and its length, never the text) before the
clipboard gets it: a copy the history cannot record is not made.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.export import handoff
from ..core.french import thousands
from ..core.store import StoreError
from .hearing_session import HearingSession


def digest(text: str) -> str:
    """What the review page keeps of a copy to recognise it on the clipboard later: never the text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def put_on_clipboard(text: str) -> None:
    """``text`` as plain text only: no HTML or rich text for the drafting software to keep.

    ``QClipboard.setText`` makes the text/plain data itself. Data made here and
    handed over with ``setMimeData`` is also held by Python, which frees it a
    second time when the application ends (a crash at exit).
    """
    QGuiApplication.clipboard().setText(text)


class HandoffDialog(QDialog):
    copied = Signal(str)  # the digest of the text copied (see ``digest``)

    def __init__(self, session: HearingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("handoffDialog")
        self.setWindowTitle(self.tr("Copier pour le logiciel de rédaction"))
        self.setAccessibleName(self.tr("Copier le texte de l'audition pour le logiciel de rédaction"))
        self.parts = handoff.parts(session.workspace.context(session.hearing_id))

        intro = QLabel(
            self.tr(
                "Le texte est copié sans mise en forme, un paragraphe par ligne («\u00a0Question\u00a0:\u00a0», "
                "«\u00a0Réponse\u00a0:\u00a0»), tel que le procès-verbal le rédige, pour être collé dans "
                "LRPPN ou LRPGN."
            ),
            self,
        )
        intro.setObjectName("handoffIntro")
        intro.setWordWrap(True)
        self.whole = QRadioButton(self.tr("Toute l'&audition"), self)
        self.whole.setObjectName("handoffWhole")
        self.whole.setAccessibleName(self.tr("Copier toute l'audition"))
        self.one = QRadioButton(self.tr("Une &section\u00a0:"), self)
        self.one.setObjectName("handoffOneSection")
        self.one.setAccessibleName(self.tr("Copier une seule section"))
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.whole)
        self.scope.addButton(self.one)
        self.section = QComboBox(self)
        self.section.setObjectName("handoffSection")
        self.section.setAccessibleName(self.tr("Section à copier"))
        for section in self.parts.sections:
            self.section.addItem(section.title, section.id)
        self.section.setCurrentIndex(max(self.section.findData(handoff.DECLARATIONS), 0))
        self.identity = QCheckBox(self.tr("Bloc d'&identité de la personne entendue"), self)
        self.identity.setObjectName("handoffIdentity")
        self.identity.setAccessibleName(self.tr("Inclure le bloc d'identité"))
        self.mentions = QCheckBox(self.tr("&Mentions et informations consignées de chaque section"), self)
        self.mentions.setObjectName("handoffMentions")
        self.mentions.setAccessibleName(self.tr("Inclure les mentions"))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("handoffText")
        self.text.setAccessibleName(self.tr("Texte qui sera copié"))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.count = QLabel(self)
        self.count.setObjectName("handoffCount")
        self.outcome = QLabel(self)
        self.outcome.setObjectName("handoffOutcome")
        self.outcome.setAccessibleName(self.tr("Résultat de la copie"))
        self.outcome.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.copy_button = buttons.addButton(self.tr("&Copier"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setObjectName("handoffCopyButton")
        self.copy_button.setAccessibleName(self.tr("Copier dans le presse-papiers"))
        self.copy_button.setDefault(True)
        close = buttons.addButton(self.tr("&Fermer"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("handoffCloseButton")
        close.setAccessibleName(self.tr("Fermer"))

        scope = QHBoxLayout()
        scope.addWidget(self.whole)
        scope.addWidget(self.one)
        scope.addWidget(self.section, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(scope)
        layout.addWidget(self.identity)
        layout.addWidget(self.mentions)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        self.setMinimumSize(480, 360)
        self.resize(720, 560)

        self.whole.setChecked(True)
        self.whole.toggled.connect(self.update_text)
        self.section.activated.connect(self._section_chosen)  # picking a section is choosing to copy it alone
        self.section.currentIndexChanged.connect(self._section_chosen)
        self.identity.toggled.connect(self.update_text)
        self.mentions.toggled.connect(self.update_text)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        self.update_text()
        self.whole.setFocus()

    def done(self, result: int) -> None:
        """Closed (by the user or the lock): the hearing's text it read is let go."""
        self.parts = handoff.Parts((), ())
        self.text.clear()
        super().done(result)

    def chosen(self) -> list[str] | None:
        """The ids of the sections to copy; None for the whole hearing."""
        return None if self.whole.isChecked() else [self.section.currentData()]

    def options(self) -> dict[str, bool]:
        return {"identity": self.identity.isChecked(), "mentions": self.mentions.isChecked()}

    def current_text(self) -> str:
        return handoff.compose(self.parts, sections=self.chosen(), **self.options())

    def update_text(self) -> None:
        text = self.current_text()
        self.text.setPlainText(text)
        self.copy_button.setEnabled(bool(text))
        if text:
            self.count.setText(self.tr("{n} caractères").format(n=thousands(len(text))))
        elif self.one.isChecked():
            self.count.setText(
                self.tr(
                    "Rien à copier\u00a0: cette section ne contient que des mentions\u202f; "
                    "cochez la case des mentions."
                )
            )
        else:
            self.count.setText(self.tr("Rien à copier\u00a0: l'audition ne contient encore aucune déclaration."))
        self.outcome.clear()

    def _section_chosen(self) -> None:
        self.one.setChecked(True)
        self.update_text()

    def copy(self) -> None:
        text = self.current_text()
        if not text:
            return
        what = handoff.describe(self.parts, sections=self.chosen(), **self.options())
        try:  # recorded first: a copy the history cannot record is not made
            self.session.store.record_handoff(self.session.hearing_id, what, len(text))
        except (StoreError, UserError) as error:
            self.outcome.setText(
                self.tr("Rien n'a été copié\u00a0: la copie n'a pas pu être inscrite dans l'historique ({e}).").format(
                    e=error
                )
            )
            return
        put_on_clipboard(text)
        self.copied.emit(digest(text))
        self.outcome.setText(
            self.tr(
                "Copié dans le presse-papiers\u00a0: {what} ({n} caractères). Collez-le dans le logiciel de "
                "rédaction (Ctrl+V). La copie est inscrite dans l'historique de l'audition."
            ).format(what=what, n=thousands(len(text)))
        )
