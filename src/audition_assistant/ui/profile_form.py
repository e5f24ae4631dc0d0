"""The investigator's profile: who writes the PV (first start and settings)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from ..core.french import QUALITES, qualite_choice
from ..core.store import Profile
from ..core.store.records import FORCES, MATRICULE_LABEL, MATRICULE_LABELS


class ProfileForm(QWidget):
    def __init__(self, profile: Profile | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("profileForm")
        form = QFormLayout(self)
        self.inputs: dict[str, QLineEdit] = {}
        # The force is named in every PV's letterhead, under the ministry.
        self.force = QComboBox(self)
        self.force.setObjectName("profile_force")
        self.force.setAccessibleName(self.tr("Force"))
        for value, letterhead in FORCES.items():
            self.force.addItem(letterhead.capitalize(), value)  # POLICE NATIONALE -> Police nationale
        form.addRow(self.tr("&Force"), self.force)
        for key, label, placeholder in (
            ("nom", self.tr("&Nom"), ""),
            ("prenom", self.tr("&Prénom"), ""),
            ("grade", self.tr("&Grade"), self.tr("ex. : Capitaine de police, Adjudant-chef")),
            ("service", self.tr("&Service"), self.tr("ex. : Brigade de protection des familles")),
            ("unite", self.tr("&Unité"), self.tr("ex. : Groupe traite des êtres humains")),
            ("matricule", self.tr("&RIO"), ""),
            ("telephone", self.tr("&Téléphone"), self.tr("professionnel, ex. : 01 99 00 00 00")),
            ("email", self.tr("C&ourriel"), self.tr("professionnel, ex. : prenom.nom@interieur.gouv.fr")),
            ("commune", self.tr("Co&mmune du « Fait à »"), self.tr("ex. : Nanterre")),
        ):
            line = QLineEdit(self)
            line.setObjectName(f"profile_{key}")
            line.setAccessibleName(label.replace("&", ""))
            line.setPlaceholderText(placeholder)
            self.inputs[key] = line
            form.addRow(label, line)
            if key == "matricule":
                self.matricule_label = form.labelForField(line)
            if key == "grade":
                self.qualite = QComboBox(self)
                self.qualite.setObjectName("profile_qualite")
                self.qualite.setAccessibleName(self.tr("Qualité"))
                for code in QUALITES:
                    self.qualite.addItem(qualite_choice(code), code)
                form.addRow(self.tr("&Qualité"), self.qualite)
        # The identifier is named as the investigator's own force names it.
        self.force.currentIndexChanged.connect(self._name_matricule)
        self._name_matricule()
        if profile is not None:
            self.set_profile(profile)

    def _name_matricule(self) -> None:
        name = MATRICULE_LABELS.get(self.force.currentData() or "", MATRICULE_LABEL)
        label = self.matricule_label
        if isinstance(label, QLabel):
            label.setText("&" + name)
        self.inputs["matricule"].setAccessibleName(name)

    def set_profile(self, profile: Profile) -> None:
        for key, line in self.inputs.items():
            line.setText(getattr(profile, key))
        index = self.qualite.findData(profile.qualite)
        self.qualite.setCurrentIndex(max(index, 0))
        self.force.setCurrentIndex(max(self.force.findData(profile.force), 0))

    def profile(self) -> Profile:
        values = {key: line.text().strip() for key, line in self.inputs.items()}
        return Profile(qualite=self.qualite.currentData(), force=self.force.currentData(), **values)

    def problem(self) -> str | None:
        profile = self.profile()
        if not profile.nom or not profile.prenom:
            return self.tr("Indiquez au moins votre nom et votre prénom : ils figurent sur chaque procès-verbal.")
        return None
