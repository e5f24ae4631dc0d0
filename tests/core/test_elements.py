"""The elements of the charges: the table's data, its errors, which charges a hearing shows, coverage and suggestions,
the tags in the encrypted store and its audit, a purge and a case archive; never a word of them in the PV."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from tests.conftest import PASSPHRASE, Clock
from tests.readers import docx_text

from audition_assistant.core import resources
from audition_assistant.core.elements import (
    ADDRESSED,
    NOT_ADDRESSED,
    Element,
    articles_named,
    charges_for,
    coverage,
    element_index,
    elements_of,
    suggest,
)
from audition_assistant.core.hearing_service import HearingService
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.references import load_references, parse_references
from audition_assistant.core.review import element_findings
from audition_assistant.core.store import NotFound, Store, StoreError
from audition_assistant.core.store.records import ElementTag
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace

ADULT = "audition-victime-majeure"
MINOR = "audition-victime-mineure"
# A verdict, never a topic: « établi », « prouvée », « constitués »... (not « établissement »).
VERDICT = re.compile(r"\b(établi|prouvé|constitué|caractérisé)e?s?\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def references():
    return load_references()


def _table(elements: object) -> dict[str, object]:
    return {
        "references": {
            "cp-1-1": {"code": "Code pénal", "article": "1-1", "label": "Essai", "requires": "x", "elements": elements}
        }
    }


# --- the table -------------------------------------------------------------------------------
def test_every_charge_of_the_brief_and_every_offence_the_templates_cite_lists_elements(references):
    listed = elements_of(references)
    asked = {"cp-225-4-1", "cp-225-4-2", "cp-225-5", "cp-225-6", "cp-225-7", "cp-225-7-1", "cp-225-10"}
    asked |= {"cp-225-12-1", "cp-225-12-2"}
    assert asked <= set(listed)
    penalties_only = {"cp-131-5-1", "cp-131-16", "cp-132-11"}  # penalties and recidivism, not offences
    for path in resources.listing("templates", ".yaml"):
        if path.name.endswith(".yaml"):
            cited = yaml.safe_load(path.read_text(encoding="utf-8")).get("references", [])
            offences = {k for k in cited if k.startswith("cp-")} - penalties_only
            assert offences <= set(listed), (path.name, offences - set(listed))
    trafficking = {e.key: e for e in listed["cp-225-4-1"]}
    assert {"cp-225-4-1.acte", "cp-225-4-1.moyen", "cp-225-4-1.but", "cp-225-4-1.mineur"} <= set(trafficking)
    assert trafficking["cp-225-4-1.mineur"].label == "Victime mineure (aucun moyen exigé)"
    # Aggravated pimping is pimping first: its acts, then its circumstances.
    assert [e.kind for e in listed["cp-225-7"]][:2] == ["element", "circonstance"]
    assert {e.kind for e in listed["cp-225-7"][1:]} == {"circonstance"}


def test_the_labels_say_what_to_address_never_a_verdict_and_uncertain_ones_are_marked(references):
    every = element_index(references)
    for element in every.values():
        assert element.label.strip() and len(element.label) <= 110, element.key
        assert not VERDICT.search(element.label), element.label
        assert element.kind in ("element", "circonstance")
        assert element.key == f"{element.charge}.{element.key.split('.', 1)[1]}"
    # An entry not checked against a source has its elements « à vérifier » too.
    for key in ("cp-225-4-3", "cp-225-6", "cp-225-10"):
        assert references[key].to_verify and all(e.to_verify for e in references[key].elements)


def test_the_themes_and_indicators_that_suggest_an_element_exist_in_the_bundled_templates(references):
    themes: set[str] = set()
    items: set[str] = set()
    for path in resources.listing("templates", ".yaml"):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        themes |= {t["id"] for t in (raw.get("transcript") or {}).get("themes", [])}
        for section in raw.get("sections", []):
            for f in section.get("fields", []):
                for category in f.get("categories", []) or []:
                    items |= {i["id"] for i in category.get("items", [])}
    for element in element_index(references).values():
        assert set(element.themes) <= themes, (element.key, set(element.themes) - themes)
        assert set(element.indicators) <= items, (element.key, set(element.indicators) - items)


@pytest.mark.parametrize(
    ("elements", "message"),
    [
        ("acte", "references.yaml: cp-1-1: elements: a list is expected"),
        (["acte"], "references.yaml: cp-1-1: elements[0]: a mapping is expected"),
        ([{"label": "Acte"}], "references.yaml: cp-1-1: elements[0].id:"),
        ([{"id": "Acte ", "label": "Acte"}], "references.yaml: cp-1-1: elements[0].id:"),
        ([{"id": "acte", "label": ""}], "references.yaml: cp-1-1: elements[0].label:"),
        ([{"id": "acte", "label": "Acte", "kind": "aggravante"}], "references.yaml: cp-1-1: elements[0].kind:"),
        ([{"id": "acte", "label": "Acte", "to_verify": "oui"}], "references.yaml: cp-1-1: elements[0].to_verify:"),
        ([{"id": "acte", "label": "Acte", "themes": "recrutement"}], "references.yaml: cp-1-1: elements[0].themes:"),
        ([{"id": "acte", "label": "Acte", "indicators": [3]}], "references.yaml: cp-1-1: elements[0].indicators:"),
        (
            [{"id": "acte", "label": "Acte", "lable": "x"}],
            "references.yaml: cp-1-1: elements[0]: unknown field 'lable'",
        ),
        (
            [{"id": "acte", "label": "Acte"}, {"id": "acte", "label": "Autre"}],
            "references.yaml: cp-1-1: elements[1].id: 'acte' is used twice in cp-1-1",
        ),
    ],
)
def test_a_malformed_element_names_its_entry_and_field(elements, message):
    with pytest.raises(ValueError) as raised:
        parse_references(_table(elements))
    assert str(raised.value).startswith(message)


def test_a_sound_element_is_parsed_frozen_with_its_key_and_defaults():
    parsed = parse_references(_table([{"id": "acte", "label": "Acte :  recruter\n  ou héberger"}]))["cp-1-1"]
    (element,) = parsed.elements
    assert element == Element("cp-1-1.acte", "cp-1-1", "Acte : recruter ou héberger", "element")
    assert not element.to_verify and element.themes == () and element.indicators == ()
    with pytest.raises(AttributeError):
        element.label = "autre"  # type: ignore[misc]
    assert parse_references(_table(None))["cp-1-1"].elements == ()


# --- which charges ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("qualification", "expected"),
    [
        ("art. 225-4-1 et 225-7 du code pénal", ("cp-225-4-1", "cp-225-7")),
        ("225-5 CP", ("cp-225-5",)),
        ("Proxénétisme aggravé (art.225-7 CP), traite (225-4-1, 225-4-2)", ("cp-225-7", "cp-225-4-1", "cp-225-4-2")),
        ("Recours à la prostitution de mineur, art. 225-12-1 al. 2 et 225-12-2 CP", ("cp-225-12-1", "cp-225-12-2")),
        ("TEH 225-4-1 ; titre de séjour L.425-1 CESEDA ; R. 425-1", ("cp-225-4-1",)),
        ("225-4-1, 225-4-1 et encore 225-4-1", ("cp-225-4-1",)),
        ("viol sur mineur de quinze ans (222-23-1)", ("cp-222-23-1",)),
    ],
)
def test_the_qualification_names_the_charges(references, qualification, expected):
    assert charges_for(qualification, None, references) == expected


def test_without_an_article_with_elements_the_templates_offences_are_shown(workspace: Workspace, references):
    adult = workspace.catalog.get(ADULT)
    from_template = charges_for("traite des êtres humains", adult, references)
    assert from_template == tuple(k for k in adult.references if k.startswith("cp-") and references[k].elements)
    assert "cp-225-4-1" in from_template and "cp-225-7-1" not in from_template
    assert charges_for("art. 225-8 CP, 706-47 CPP", adult, references) == from_template  # none with elements
    assert charges_for("", workspace.catalog.get("premier-contact"), references) == ()
    assert articles_named("procédure 2026/225-4 du 3 mars") == ()


# --- coverage and suggestions ------------------------------------------------------------------
def _tag(element: str, entry: int | None = None, field: str | None = None, tag_id: int = 1) -> ElementTag:
    return ElementTag(tag_id, 1, element, entry, field, "2026-03-14T10:00:00", "camille")


def test_coverage_says_abordé_with_the_entries_in_the_hearings_order_or_non_abordé(references):
    elements = references["cp-225-4-1"].elements
    tags = [
        _tag("cp-225-4-1.acte", 7),
        _tag("cp-225-4-1.acte", 3),
        _tag("cp-225-4-1.acte", 3),
        _tag("cp-225-4-1.moyen", field="indicateurs"),
        _tag("cp-225-4-1.but", 99),  # an entry no longer in the hearing
        _tag("cp-225-7.mineur", 3),  # a charge not shown
    ]
    covered = {c.element.key: c for c in coverage(elements, tags, order=[7, 5, 3])}
    assert list(covered) == [e.key for e in elements]
    assert covered["cp-225-4-1.acte"].entries == (7, 3) and covered["cp-225-4-1.acte"].state == ADDRESSED
    assert covered["cp-225-4-1.moyen"].fields == ("indicateurs",) and covered["cp-225-4-1.moyen"].addressed
    assert covered["cp-225-4-1.but"].state == NOT_ADDRESSED and covered["cp-225-4-1.mineur"].state == NOT_ADDRESSED
    assert coverage(elements, tags)[2].entries == (99,)  # without an order, every tagged entry


def test_the_theme_and_the_indicators_ticked_suggest_elements_and_nothing_else(references):
    elements = [*references["cp-225-4-1"].elements, *references["cp-225-5"].elements]
    assert suggest("recrutement", [], elements) == ["cp-225-4-1.acte", "cp-225-5.embauche"]
    assert "cp-225-4-1.moyen" in suggest(None, ["tra_dette"], elements)
    assert suggest("recit_libre", [], elements) == [] and suggest(None, ["inconnu"], elements) == []


def test_the_review_lists_the_elements_not_addressed_never_blocking(references):
    elements = [*references["cp-225-4-1"].elements, *references["cp-225-4-2"].elements]
    covered = coverage(elements, [_tag("cp-225-4-1.acte", 1)], order=[1])
    found = element_findings(covered, references)
    assert [f.text.split(",")[0] for f in found] == ["Éléments non abordés", "Circonstances aggravantes non abordées"]
    assert not any(f.blocking for f in found)
    assert "« Moyen : menace" in found[0].text and "Acte :" not in found[0].text
    assert found[0].text.startswith("Éléments non abordés, art. 225-4-1 (Traite des êtres humains) : ")
    assert "(à vérifier)" in found[1].text
    assert not VERDICT.search(" ".join(f.text for f in found))


# --- the store ----------------------------------------------------------------------------------
def _open_hearing(workspace: Workspace, qualification: str = "art. 225-4-1 et 225-7 du code pénal") -> int:
    case_id = workspace.create_case(procedure_number="2026/000316", heading="Affaire c/ X", qualification=qualification)
    return workspace.new_hearing(
        case_id, workspace.catalog.get(ADULT), identity={"nom": "Ruiz", "prenoms": "Ana"}, pv_number="2026/000316/1"
    )


def test_tags_round_trip_idempotent_audited_and_the_trail_still_verifies(workspace: Workspace):
    store = workspace.store
    hearing = _open_hearing(workspace)
    first = store.add_entry(hearing, "recrutement", "Racontez-moi votre arrivée.", "Un homme m'a proposé un emploi.")
    second = store.add_entry(hearing, "controle", "Et ensuite ?", "Il a gardé mon passeport.")

    tag = store.tag_element(hearing, "cp-225-4-1.acte", entry_id=first)
    assert store.tag_element(hearing, "cp-225-4-1.acte", entry_id=first) == tag  # twice: one tag
    other = store.tag_element(hearing, "cp-225-4-1.moyen", entry_id=second)
    noted = store.tag_element(hearing, "cp-225-4-1.moyen", field_id="indicateurs")
    tags = store.element_tags(hearing)
    assert [(t.id, t.element, t.entry_id, t.field_id) for t in tags] == [
        (tag, "cp-225-4-1.acte", first, None),
        (other, "cp-225-4-1.moyen", second, None),
        (noted, "cp-225-4-1.moyen", None, "indicateurs"),
    ]
    assert tags[0].account == store.account and tags[0].hearing_id == hearing
    store.untag_element(other)
    assert [t.id for t in store.element_tags(hearing)] == [tag, noted]

    tagged = store.audit_entries_of("element_tagged")
    assert [(e.hearing_id, e.detail["element"], e.detail.get("entry")) for e in tagged] == [
        (hearing, "cp-225-4-1.acte", first),
        (hearing, "cp-225-4-1.moyen", second),
        (hearing, "cp-225-4-1.moyen", None),
    ]
    (untagged,) = store.audit_entries_of("element_untagged")
    assert untagged.detail == {"tag": other, "element": "cp-225-4-1.moyen", "entry": second}
    report = store.verify_audit(replay=True)
    assert report.ok, report.problems


def test_a_tag_goes_with_its_entry_and_never_passes_to_the_next_entry_given_its_id(workspace: Workspace):
    store = workspace.store
    hearing = _open_hearing(workspace)
    store.add_entry(hearing, None, "Première ?", "Oui.")
    last = store.add_entry(hearing, None, "Deuxième ?", "Non.")
    store.tag_element(hearing, "cp-225-7.contrainte", entry_id=last)
    store.delete_entry(last)
    assert store.element_tags(hearing) == []
    again = store.add_entry(hearing, None, "Troisième ?", "Peut-être.")
    assert again == last  # SQLite gives the id again: the old tag must not come back with it
    assert store.element_tags(hearing) == []
    assert store.verify_audit(replay=True).ok


def test_tagging_is_refused_on_a_closed_hearing_an_unknown_entry_or_an_entry_of_another_hearing(
    workspace: Workspace, clock
):
    store = workspace.store
    hearing = _open_hearing(workspace)
    other = _open_hearing(workspace)
    entry = store.add_entry(hearing, None, "Racontez-moi.", "Je suis arrivée en mars.")
    elsewhere = store.add_entry(other, None, "Racontez-moi.", "Non.")
    with pytest.raises(NotFound):
        store.tag_element(hearing, "cp-225-4-1.acte", entry_id=elsewhere)
    with pytest.raises(NotFound):
        store.tag_element(hearing, "cp-225-4-1.acte", entry_id=999)
    with pytest.raises(ValueError):
        store.tag_element(hearing, "cp-225-4-1.acte")
    with pytest.raises(NotFound):
        store.untag_element(12345)
    tag = store.tag_element(hearing, "cp-225-4-1.acte", entry_id=entry)
    now = store.now()
    store.add_event(hearing, TimelineEvent("start", now - dt.timedelta(minutes=30)))
    store.add_event(hearing, TimelineEvent("end", now))
    with pytest.raises(StoreError, match="close"):
        store.tag_element(hearing, "cp-225-4-1.moyen", entry_id=entry)
    with pytest.raises(StoreError, match="close"):
        store.untag_element(tag)
    assert [t.id for t in store.element_tags(hearing)] == [tag]


def test_the_service_shows_the_qualifications_charges_coverage_and_suggestions(workspace: Workspace):
    hearing = _open_hearing(workspace)
    service = HearingService(workspace, hearing)
    assert service.charges() == ("cp-225-4-1", "cp-225-7")
    first = service.add_entry("recrutement", "Comment l'avez-vous rencontré ?", "Sur Facebook.")
    second = service.add_entry("recrutement", "Et ensuite ?", "Il m'a payé le billet.")
    service.tag_element("cp-225-4-1.acte", entry_id=second)
    service.tag_element("cp-225-4-1.acte", entry_id=first)
    with pytest.raises(StoreError, match="inconnu"):
        service.tag_element("cp-225-4-1.inexistant", entry_id=first)
    covered = {c.element.key: c for c in service.element_coverage()}
    assert covered["cp-225-4-1.acte"].entries == (first, second)
    assert covered["cp-225-7.arme"].state == NOT_ADDRESSED
    assert len(covered) == len(service.elements()) == 4 + len(workspace.references["cp-225-7"].elements)
    assert service.suggested_elements("recrutement")[0] == "cp-225-4-1.acte"
    service.save_answer("indicateurs", ["tra_dette"], None)
    assert "cp-225-4-1.moyen" in service.suggested_elements(None)


# --- purge and archives -------------------------------------------------------------------------
def test_a_purge_removes_the_tags_with_the_case(workspace: Workspace):
    store = workspace.store
    hearing = _open_hearing(workspace)
    entry = store.add_entry(hearing, None, "Racontez-moi.", "Je suis arrivée en mars.")
    store.tag_element(hearing, "cp-225-4-1.acte", entry_id=entry)
    store.tag_element(hearing, "cp-225-4-1.but", field_id="indicateurs")
    report = workspace.purge_case(store.hearing(hearing).case_id)
    assert report.counts["element_tags"] == 2  # found by their hearing_id column, as every table of a hearing
    assert store.element_tags(hearing) == []
    assert all(e.purged for e in store.audit_entries_of("element_tagged"))
    assert store.verify_audit(replay=True).ok


def test_a_case_archive_carries_the_tags_to_the_other_laptop(workspace: Workspace, tmp_path: Path, investigator):
    store = workspace.store
    hearing = _open_hearing(workspace)
    store.add_entry(hearing, None, "Première ?", "Oui.")
    entry = store.add_entry(hearing, None, "Racontez-moi.", "Je suis arrivée en mars.")
    store.tag_element(hearing, "cp-225-4-1.acte", entry_id=entry)
    store.tag_element(hearing, "cp-225-7.mineur", field_id="indicateurs")
    out = tmp_path / "dossier.age"
    workspace.export_archive(store.hearing(hearing).case_id, out, "une phrase pour l'archive")

    paths = DataPaths(tmp_path / "poste-2")
    paths.ensure()
    other = Store.open(paths.database, PASSPHRASE, clock=Clock())
    other.save_profile(investigator)
    receiver = Workspace(paths, other)
    try:
        imported = receiver.import_archive(out, "une phrase pour l'archive")
        (new_hearing,) = imported.hearing_ids
        new_entries = [e.id for e in other.entries(new_hearing)]
        tags = other.element_tags(new_hearing)
        assert [(t.element, t.entry_id, t.field_id) for t in tags] == [
            ("cp-225-4-1.acte", new_entries[1], None),
            ("cp-225-7.mineur", None, "indicateurs"),
        ]
        entry_of_import = other.audit_entries_of("hearing_imported")[-1]
        assert entry_of_import.detail["element_tags"][0]["element"] == "cp-225-4-1.acte"
        assert other.verify_audit(replay=True).ok
    finally:
        other.close()


# --- never in the PV ----------------------------------------------------------------------------
def test_a_tagged_hearings_pv_carries_no_element_label(workspace: Workspace, fill_demo, tmp_path: Path):
    hearing, _files = fill_demo(ADULT)
    store = workspace.store
    # The demo hearing is closed: reopened for a procès-verbal de rectification, which may be tagged.
    workspace.reopen_for_correction(hearing, "rectification", "2026/000999/00009", "une date erronée")
    for entry in store.entries(hearing):
        store.tag_element(hearing, "cp-225-4-1.moyen", entry_id=entry.id)
        store.tag_element(hearing, "cp-225-7.contrainte", entry_id=entry.id)
    # The labels long enough to be the panel's own words (« Violences » alone is a notice's word too).
    labels = [e.label for e in element_index(workspace.references).values() if len(e.label) >= 25]
    assert (
        "Moyen : menace, contrainte, violence, manœuvre dolosive, abus d'autorité ou de vulnérabilité, "
        "rémunération" in labels
    )
    for exported in workspace.export(hearing, tmp_path / "apres"):
        if exported.path.suffix == ".docx":
            text = docx_text(exported.path)
            assert not [label for label in labels if label in text], exported.document_id
            assert "non abordé" not in text and "Éléments" not in text


def test_an_entry_and_the_elements_chosen_while_it_was_typed_are_one_commit(workspace: Workspace):
    hearing = _open_hearing(workspace)
    service = HearingService(workspace, hearing)
    entry = service.add_tagged_entry(None, "Racontez-moi.", "Oui.", ["cp-225-4-1.acte", "cp-225-7.mineur"])
    assert [(t.element, t.entry_id) for t in service.element_tags()] == [
        ("cp-225-4-1.acte", entry),
        ("cp-225-7.mineur", entry),
    ]
    with pytest.raises(StoreError, match="inconnu"):
        service.add_tagged_entry(None, "Et ensuite ?", "Non.", ["cp-225-4-1.acte", "cp-225-4-1.faute_de_frappe"])
    assert [e.question for e in workspace.store.entries(hearing)] == ["Racontez-moi."]  # nothing of the second
    assert [e.question for e in service.view.transcript] == ["Racontez-moi."]
    assert len(service.element_tags()) == 2 and workspace.store.verify_audit(replay=True).ok
