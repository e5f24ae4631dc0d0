"""The answers file: checked whole, errors name the field, nothing half-written."""

from __future__ import annotations

import json

import pytest

from audition_assistant.core import answers_file
from audition_assistant.core.answers_file import AnswersError
from audition_assistant.core.templates.catalog import TemplateCatalog

GOOD = {
    "format": "audition-assistant/answers",
    "version": 1,
    "template": "essai",
    "investigator": {"nom": "Lefèvre", "prenom": "Camille", "grade": "Capitaine de police", "qualite": "OPJ"},
    "case": {"procedure_number": "2026/000777", "heading": "Affaire c/ X"},
    "hearing": {"pv_number": "2026/000777/00001", "place": "Marseille"},
    "answers": {
        "cadre": "flagrance",
        "victime": {"nom": "Popescu", "prenoms": "Ioana", "date_naissance": "1999-01-31", "nationalite": "roumaine"},
        "droits": True,
        "delai_reflexion": True,
        "suspects": [{"surnom": "Nelu", "role": "recruteur"}],
        "nb_clients": 8,
    },
    "timeline": [
        {"event": "start", "at": "2026-03-14T09:05:00"},
        {"event": "suspend", "at": "2026-03-14T10:00:00", "reason": "repos"},
        {"event": "resume", "at": "2026-03-14T10:15:00"},
        {"event": "end", "at": "2026-03-14T11:00:00"},
    ],
    "transcript": [
        {"theme": "recit", "question": "Racontez-moi.", "answer": "Je suis venue en bus.", "at": "2026-03-14T09:10:00"}
    ],
}


@pytest.fixture
def catalog(template):
    from audition_assistant.core.templates.catalog import BUNDLED, CatalogEntry

    return TemplateCatalog([CatalogEntry("essai.yaml", BUNDLED, template)])


def problems(data, catalog) -> list[str]:
    with pytest.raises(AnswersError) as caught:
        answers_file.check(data, catalog)
    return caught.value.problems


def test_good_file_is_read(catalog):
    filled = answers_file.check(json.loads(json.dumps(GOOD)), catalog)
    assert filled.template.id == "essai"
    assert filled.answers["nb_clients"] == 8
    assert [e.kind for e in filled.timeline] == ["start", "suspend", "resume", "end"]
    assert filled.transcript[0].answer == "Je suis venue en bus."


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d.update(template="inconnu"), "template: modèle inconnu « inconnu »"),
        (
            lambda d: d["answers"].update(cadr="x"),
            "answers.cadr: champ inconnu du modèle essai (vouliez-vous « cadre » ?)",
        ),
        (
            lambda d: d["answers"].update(nb_clients="huit"),
            "answers.nb_clients: Clients par jour — un nombre entier est attendu",
        ),
        (
            lambda d: d["answers"].update(nb_clients=500),
            "answers.nb_clients: Clients par jour — le nombre doit être au plus 100",
        ),
        (
            lambda d: d["answers"]["victime"].update(date_naissance="31/01/1999"),
            "answers.victime: Personne entendue — Date de naissance : date invalide « 31/01/1999 »",
        ),
        (
            lambda d: d["answers"].update(cadre="garde_a_vue"),
            "answers.cadre: Cadre de l'enquête — valeur « garde_a_vue » hors des choix",
        ),
        (lambda d: d["answers"].pop("droits"), "answers.droits: Droits notifiés — réponse obligatoire manquante"),
        (
            lambda d: d["answers"].update(suspects=[{"surnom": "A", "age": 3}]),
            "answers.suspects: Mis en cause — élément 1 : rubrique inconnue « age »",
        ),
        (lambda d: d["timeline"][1].update(reason="pause"), "timeline[1].reason: motif « pause » inconnu"),
        (lambda d: d["timeline"].pop(0), "timeline[0]: Impossible de suspendre : audition non débutée."),
        (
            lambda d: d["transcript"][0].update(theme="recrut"),
            "transcript[0].theme: thème inconnu « recrut » (vouliez-vous « recrutement » ?)",
        ),
        (lambda d: d["case"].update(procedure_number=" "), "case.procedure_number: numéro de procédure obligatoire"),
        (lambda d: d.update(version=2), "version: version 2 non prise en charge"),
    ],
)
def test_errors_name_the_field(catalog, change, expected):
    data = json.loads(json.dumps(GOOD))
    change(data)
    found = problems(data, catalog)
    assert any(p.startswith(expected) for p in found), found


def test_unreadable_files_give_one_clear_problem(tmp_path, catalog):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(AnswersError, match="JSON invalide ligne 1"):
        answers_file.read(bad, catalog)
    with pytest.raises(AnswersError, match="lecture impossible"):
        answers_file.read(tmp_path / "absent.json", catalog)
    bad.write_bytes(b"\xff\xfe{}")
    with pytest.raises(AnswersError, match="UTF-8"):
        answers_file.read(bad, catalog)


# --- found by tests/core/test_hostile_answers.py ------------------------------------
@pytest.mark.parametrize(
    "change, expected",
    [
        # Control characters are removed before storing: nothing would be left of this number.
        (lambda d: d["case"].update(procedure_number="\x04\x1f"), "case.procedure_number: numéro de procédure"),
        # Values that are not texts where a set or a mapping is consulted.
        (lambda d: d["answers"].update(indicateurs=[["papiers_confisques"]]), "answers.indicateurs: Indicateurs"),
        (lambda d: d["timeline"][1].update(reason=["repos"]), "timeline[1].reason: motif « ['repos'] » inconnu"),
        (lambda d: d["timeline"][0].update(event={"start": 1}), "timeline[0].event: événement inconnu"),
        (lambda d: d.update(template=json.loads("[" * 900 + "]" * 900)), "template: modèle inconnu « [[[[...]]]] »"),
        # A key or a value from the file never reaches a terminal as raw control characters.
        (lambda d: d["answers"].update({"\x1b[2J": 1}), "answers.\\x1b[2J: champ inconnu"),
        (lambda d: d["case"].update({"a\nb": ""}), "case.a\\nb: clé inconnue"),
    ],
)
def test_hostile_values_are_problems_naming_the_field(catalog, change, expected):
    data = json.loads(json.dumps(GOOD))
    change(data)
    found = problems(data, catalog)
    assert any(p.startswith(expected) for p in found), found
    assert all(p.isprintable() for p in found)


def test_investigator_may_name_the_force_printed_in_the_letterhead(catalog):
    data = json.loads(json.dumps(GOOD))
    data["investigator"]["force"] = "gendarmerie"
    assert answers_file.check(data, catalog).investigator["force"] == "gendarmerie"
