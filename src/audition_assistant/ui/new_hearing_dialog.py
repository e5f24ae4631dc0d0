"""Start a hearing: who is heard (a new or known person) and which template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.engine import age_at
from ..core.references import Reference
from ..core.store import Person
from ..core.templates.catalog import CatalogEntry, TemplateCatalog
from ..core.templates.model import AUDIENCE_LABELS, KIND_LABELS, Template
from ..core.templates.packs import NOT_SIGNED
from .cases_page import wrap_lines
from .choice_input import SafeCombo
from .date_input import DateInput
from .fields import FOCUS_RING
from .signature_mark import UNSIGNED_COLOR, signature_html, signature_text

NEW_PERSON = -1


def applies(template: Template, minor: bool | None) -> bool:
    """Minor templates for a minor, adult ones for an adult; unknown age shows all."""
    if minor is None or template.audience == "any":
        return True
    return (template.audience == "minor") == minor


class NewHearingDialog(QDialog):
    def __init__(
        self,
        catalog: TemplateCatalog,
        references: dict[str, Reference],
        persons: list[Person],
        parent: QWidget | None = None,
        signature: Callable[[CatalogEntry], str] | None = None,
    ):
        super().__init__(parent)
        self.catalog = catalog
        # Who signed each template (« signé par … »); unknown: « non signé », never a signature assumed.
        self.signature = signature or (lambda _entry: NOT_SIGNED)
        self.references = references
        self.setObjectName("newHearingDialog")
        self.setWindowTitle(self.tr("Nouvelle audition"))
        self.resize(900, 560)
        self.setStyleSheet(FOCUS_RING)

        # A space typed in a name must never open the list of known persons.
        self.person = SafeCombo(self)
        self.person.setObjectName("personChoice")
        self.person.setAccessibleName(self.tr("Personne entendue"))
        self.person.addItem(self.tr("Nouvelle personne"), NEW_PERSON)
        for p in persons:
            self.person.addItem(p.display_name, p.id)
        self.persons = {p.id: p for p in persons}
        self.nom = QLineEdit(self)
        self.nom.setObjectName("newPersonNom")
        self.nom.setAccessibleName(self.tr("Nom"))
        self.prenoms = QLineEdit(self)
        self.prenoms.setObjectName("newPersonPrenoms")
        self.prenoms.setAccessibleName(self.tr("Prénoms"))
        self.birth = DateInput("newPersonBirth", self.tr("Date de naissance"), show_age=True, parent=self)
        self.pv_number = QLineEdit(self)
        self.pv_number.setObjectName("pvNumber")
        self.pv_number.setAccessibleName(self.tr("Numéro de PV"))
        self.place = QLineEdit(self)
        self.place.setObjectName("hearingPlace")
        self.place.setAccessibleName(self.tr("Lieu de l'audition"))
        # The PV reads "… à <lieu>": a town first reads right there.
        self.place.setPlaceholderText(self.tr("Lille, commissariat central, salle 2"))
        self.place.setToolTip(self.tr("Repris au procès-verbal après « à » : commencez par la ville."))
        self.templates = QListWidget(self)
        self.templates.setObjectName("templatePicker")
        self.templates.setAccessibleName(self.tr("Modèles"))
        wrap_lines(self.templates)  # a long title wraps, never hides behind a sideways scroll
        self.details = QTextBrowser(self)
        self.details.setObjectName("templateDetails")
        self.details.setAccessibleName(self.tr("Description du modèle"))
        self.audience_note = QLabel(self)
        self.audience_note.setObjectName("audienceNote")
        self.audience_note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("&Personne entendue"), self.person)
        form.addRow(self.tr("&Nom"), self.nom)
        form.addRow(self.tr("P&rénoms"), self.prenoms)
        form.addRow(self.tr("&Date de naissance"), self.birth)
        form.addRow(self.tr("N° de P&V"), self.pv_number)
        form.addRow(self.tr("&Lieu de l'audition"), self.place)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.templates)
        splitter.addWidget(self.details)
        splitter.setSizes([380, 500])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Commencer l'audition"))
        self.ok_button.setObjectName("startHearingButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("<b>Modèle</b>"), self))
        layout.addWidget(self.audience_note)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self.person.currentIndexChanged.connect(self._person_changed)
        self.birth.dateChanged.connect(lambda _d: self.fill_templates())
        self.templates.currentItemChanged.connect(lambda _c, _p: self._show_details())
        self.fill_templates()
        # The dialog opens where the investigator types first: the name of a new person.
        for before, after in (
            (self.nom, self.prenoms),
            (self.prenoms, self.birth),
            (self.birth, self.pv_number),
            (self.pv_number, self.place),
            (self.place, self.templates),
        ):
            QWidget.setTabOrder(before, after)
        self.nom.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        first = self.nom if self.nom.isEnabled() else self.pv_number
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- person --------------------------------------------------------------
    def _person_changed(self) -> None:
        person = self.persons.get(self.person.currentData())
        for widget in (self.nom, self.prenoms, self.birth):
            widget.setEnabled(person is None)
        if person is not None:
            self.nom.setText(person.identity.get("nom", ""))
            self.prenoms.setText(person.identity.get("prenoms", ""))
            self.birth.set_iso(person.identity.get("date_naissance"))
        self.fill_templates()

    def identity(self) -> dict[str, str]:
        out = {"nom": self.nom.text().strip(), "prenoms": self.prenoms.text().strip()}
        birth = self.birth.iso()
        if birth:
            out["date_naissance"] = birth
        return {k: v for k, v in out.items() if v}

    def person_id(self) -> int | None:
        data = self.person.currentData()
        return None if data == NEW_PERSON else int(data)

    def is_minor(self) -> bool | None:
        birth = self.identity().get("date_naissance")
        age = age_at(birth, dt.date.today()) if birth else None
        return None if age is None else age < 18

    # --- templates -------------------------------------------------------------
    def fill_templates(self) -> None:
        minor = self.is_minor()
        current = self.selected_template()
        self.templates.clear()
        for entry in self.catalog.entries:
            t = entry.template
            if t is not None and t.kind == "attestation":
                continue
            if t is not None and not applies(t, minor):
                continue
            if t is not None:
                text = (
                    f"{t.title}\n{KIND_LABELS[t.kind]} · {AUDIENCE_LABELS[t.audience]} · v{t.version}"
                    f" · {signature_text(self.signature(entry))}"
                )
            else:
                text = self.tr("{name}\nModèle invalide : non utilisable").format(name=entry.title or entry.path)
            item = QListWidgetItem(text, self.templates)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            if t is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                item.setForeground(Qt.GlobalColor.darkRed)
            elif self.signature(entry) == NOT_SIGNED:
                item.setForeground(QColor(UNSIGNED_COLOR))
            if t is not None and current is not None and t.id == current.id:
                self.templates.setCurrentItem(item)
        if self.templates.currentItem() is None:
            for i in range(self.templates.count()):
                if self.templates.item(i).data(Qt.ItemDataRole.UserRole).valid:
                    self.templates.setCurrentRow(i)
                    break
        if minor is None:
            self.audience_note.setText(self.tr("Sans date de naissance, tous les modèles sont proposés."))
        elif minor:
            self.audience_note.setText(self.tr("Personne mineure : seuls les modèles pour mineurs sont proposés."))
        else:
            self.audience_note.setText(self.tr("Personne majeure : les modèles pour mineurs sont masqués."))
        self._show_details()

    def selected_template(self) -> Template | None:
        item = self.templates.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item else None
        return entry.template if entry is not None else None

    def _show_details(self) -> None:
        item = self.templates.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.ok_button.setEnabled(entry is not None and entry.valid)
        if entry is None:
            self.details.setHtml("")
            return
        if entry.template is None:
            problems = "".join(f"<li>{escape(p.location)} : {escape(p.message)}</li>" for p in entry.problems)
            self.details.setHtml(f"<h3>{escape(entry.path)}</h3><p>Ce modèle est invalide :</p><ul>{problems}</ul>")
            return
        t = entry.template
        refs = "".join(
            f"<li>{escape(self.references[k].citation)} — {escape(self.references[k].label)}"
            + (" <i>(à vérifier)</i>" if self.references[k].to_verify else "")
            + "</li>"
            for k in t.references
            if k in self.references
        )
        verify = "".join(f"<li>{escape(v)}</li>" for v in t.to_verify)
        self.details.setHtml(
            f"<h3>{escape(t.title)}</h3><p>{escape(KIND_LABELS[t.kind])} · {escape(AUDIENCE_LABELS[t.audience])}"
            f" · version {escape(t.version)}</p><p>{signature_html(self.signature(entry))}</p>"
            f"<p>{escape(t.description)}</p>"
            + (f"<p><b>Références</b></p><ul>{refs}</ul>" if refs else "")
            + (f"<p><b>Points à vérifier</b></p><ul>{verify}</ul>" if verify else "")
        )
