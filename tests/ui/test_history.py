"""The hearing's history reads as the form does: an identity's parts named, yes and no, choices by their labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from audition_assistant.ui.history_dialog import describe
from hearings import ADULT, make_hearing
from keyboard import inside, press, type_text


def test_an_identity_changed_reads_part_by_part_in_the_history(qtbot, window, gui_workspace):
    hearing_id = make_hearing(gui_workspace, {"victime": {"nom": "Ruiz", "prenoms": "Ana"}})
    window.open_hearing(hearing_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.hearing_page
    page.go_to("identite")
    identity = page.forms["identite"].editors["victime"]
    identity.members["adresse"].setFocus()
    qtbot.waitUntil(lambda: inside(identity.members["adresse"]))
    type_text("sans domicile fixe")
    press(Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "adresse" in (gui_workspace.store.answers(hearing_id).get("victime") or {}))
    page.go_to("conditions")
    page.forms["conditions"].focus_field("separee_tiers")
    type_text("oui")
    assert gui_workspace.store.answers(hearing_id)["separee_tiers"] is True

    def look(dialog):
        details = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
        identity = (
            "Personne entendue : « nom : Ruiz ; prénoms : Ana » → "
            "« nom : Ruiz ; prénoms : Ana ; domicile ou adresse déclarée : sans domicile fixe »"
        )
        separated = "Personne séparée de toute personne susceptible d'exercer une emprise sur elle"
        assert identity in details
        assert f"{separated} : « (vide) » → « oui »" in details
        assert not any("{" in d or '"' in d or "true" in d for d in details)  # no raw JSON
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    press(Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.run_dialog.seen[-1] == "historyDialog"


def test_groups_checklists_choices_and_dates_read_as_the_form_names_them(gui_workspace):
    fields = gui_workspace.catalog.get(ADULT).field_index()
    labels = {f.id: f.label for f in fields.values()}

    def changed(field_id, old, new):
        return describe("field_changed", {"field": field_id, "old": old, "new": new}, labels, fields, limit=None)

    suspects = [{"surnom": "Tío", "role": "recruteur"}, {"nom": "Petrov Ivan"}]
    assert changed("suspects", None, suspects) == (
        "Personnes mises en cause : « (vide) » → "
        "« Mis en cause 1 : surnom : Tío ; rôle : recruteur / Mis en cause 2 : nom et prénom : Petrov Ivan »"
    )
    assert changed("cadre", "flagrance", "preliminaire") == (
        "Cadre de l'enquête : « Enquête de flagrance (art. 53 et s. CPP) » → "
        "« Enquête préliminaire (art. 75 et s. CPP) »"
    )
    indicators = fields["indicateurs"]
    first, second = indicators.categories[0].items[:2]
    assert changed("indicateurs", [first.id], [first.id, second.id]) == (
        f"{indicators.label} : « {first.label} » → « {first.label}, {second.label} »"
    )
    assert changed("victime", {"date_naissance": "2010-03-14"}, {}) == (
        "Personne entendue : « date de naissance : 14/03/2010 » → « (vide) »"
    )


def test_a_changed_number_or_place_reads_old_and_new():
    detail = {"old": {"pv_number": "", "place": "Lyon"}, "new": {"pv_number": "2026/000500/00001", "place": "Bron"}}
    assert describe("hearing_updated", detail, {}) == (
        "numéro de PV : « (vide) » → « 2026/000500/00001 » ; lieu : « Lyon » → « Bron »"
    )


def test_a_long_history_comes_a_batch_at_a_time_whole_and_in_order(qtbot, window, gui_workspace):
    """A thousand-row history would hold the window for a third of a second: its rows come in batches."""
    from audition_assistant.ui.history_dialog import BATCH

    store = gui_workspace.store
    hearing_id = make_hearing(gui_workspace, {"victime": {"nom": "Ruiz", "prenoms": "Ana"}})
    count = 2 * BATCH + 30
    with store.transaction():
        ids = [store.add_entry(hearing_id, None, f"Question {n} ?", f"Réponse {n}.") for n in range(1, count + 1)]
    window.open_hearing(hearing_id)
    expected = len(store.audit_entries(hearing_id))  # the opening included: a consultation is in the history

    def look(dialog):
        assert dialog.table.rowCount() < expected and not dialog.complete  # the first rows at once, not all
        qtbot.waitUntil(lambda: dialog.complete, timeout=10_000)
        details = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
        assert len(details) == expected
        added = [d for d in details if d.startswith("Entrée n° ")]
        assert added == [f"Entrée n° {i} : « Question {n} ? »" for n, i in enumerate(ids, start=1)]
        heights = [dialog.table.rowHeight(r) for r in range(len(details))]
        assert min(heights) > 0
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(look)
    window.show_history()
    assert window.run_dialog.seen[-1] == "historyDialog"


def test_consultations_read_in_french():
    assert describe("hearing_opened", {"ecran": "verification"}, {}) == "Ouverture (page de vérification)"
    assert describe("hearing_opened", {"ecran": "audition"}, {}) == "Ouverture (écran de saisie)"
    assert describe("hearing_opened", {"ecran": "audition", "apres_verrouillage": True}, {}) == (
        "Ouverture (écran de saisie, affichée de nouveau après le verrouillage)"
    )
    assert describe("previewed", {"document": "pv", "titre": "Procès-verbal d'audition"}, {}) == (
        "Procès-verbal d'audition"
    )
    assert describe("searched", {"requete": "Petrova", "resultats": 4177}, {}) == "« Petrova » — 4\u202f177 dossiers"
    assert describe("searched", {"requete": "Ruiz", "resultats": 1}, {}) == "« Ruiz » — 1 dossier"
    assert describe("searched", {"requete": "Ruiz", "resultats": None, "au_moins": 100}, {}) == (
        "« Ruiz » — au moins 100 dossiers, décompte interrompu"
    )


def test_the_closing_names_the_officer_it_froze():
    officer = {"prenom": "Camille", "nom": "Lefèvre", "grade": "Capitaine de police"}
    closing = describe("hearing_end", {"at": "2026-03-14T10:30:00+01:00", "officer": officer}, {})
    assert closing.endswith("— procès-verbal de Capitaine de police Camille LEFÈVRE")
    assert describe("hearing_end", {"at": "2026-03-14T10:30:00+01:00"}, {}).startswith("à ")
