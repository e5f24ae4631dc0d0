"""The investigator's profile form: the force printed in every PV's letterhead is a choice."""

from __future__ import annotations

import dataclasses

from audition_assistant.core.store import Profile
from audition_assistant.ui.profile_form import ProfileForm


def test_force_is_chosen_and_read_back(qtbot, investigator):
    form = ProfileForm(dataclasses.replace(investigator, force="gendarmerie"))
    qtbot.addWidget(form)
    assert form.force.currentText() == "Gendarmerie nationale"
    assert form.profile().force == "gendarmerie"
    form.force.setCurrentIndex(form.force.findData("police"))
    assert form.profile() == dataclasses.replace(investigator, force="police")
    assert form.force.accessibleName() == "Force" and form.force.objectName() == "profile_force"


def test_a_profile_saved_before_the_force_existed_offers_police_first(qtbot):
    form = ProfileForm(Profile(nom="Martin", prenom="Jeanne"))
    qtbot.addWidget(form)
    assert [form.force.itemData(i) for i in range(form.force.count())] == ["police", "gendarmerie"]
    assert form.profile().force == "police"
