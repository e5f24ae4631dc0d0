"""Template validation: good files become frozen objects, bad ones name every problem."""

from __future__ import annotations

import dataclasses
import json
import textwrap

import pytest

from audition_assistant.core.templates.catalog import LOCAL, load_catalog, load_file
from audition_assistant.core.templates.errors import TemplateInvalid
from audition_assistant.core.templates.parse import parse_text


def problems_of(build_template, raw) -> list[tuple[str, str]]:
    with pytest.raises(TemplateInvalid) as caught:
        build_template(raw)
    return [(p.location, p.message) for p in caught.value.problems]


def test_small_template_is_frozen_and_complete(template):
    assert template.id == "essai"
    assert [s.id for s in template.sections][:3] == ["cadre_s", "identite", "interpretation"]
    assert template.field("cadre").options[2].value == "commission_rogatoire"
    assert template.field("suspects").subfields[1].options[0].value == "recruteur"
    assert template.pv.subject == "victime"
    with pytest.raises(dataclasses.FrozenInstanceError):
        template.title = "autre"  # type: ignore[misc]


def test_typo_in_condition_reference_names_location_and_nearest_field(build_template, small_raw):
    small_raw["sections"][0]["fields"][1]["show_if"] = {"field": "cadr", "equals": "flagrance"}
    assert problems_of(build_template, small_raw) == [
        (
            "sections[0].fields[1].show_if.field",
            "« cadr » ne désigne aucun champ ni valeur dérivée (vouliez-vous « cadre » ?)",
        ),
    ]


def test_unknown_field_type_and_unknown_key_suggest_the_right_name(build_template, small_raw):
    small_raw["sections"][1]["fields"][1]["type"] = "yesno"
    small_raw["sections"][1]["fields"][0]["requird"] = True
    found = problems_of(build_template, small_raw)
    assert ("sections[1].fields[0].requird", "clé inconnue « requird » (vouliez-vous « required » ?)") in found
    _, message = next(p for p in found if p[0] == "sections[1].fields[1].type")
    assert "type « yesno » inconnu" in message and "vouliez-vous « yes_no »" in message


def test_every_problem_is_reported_at_once(build_template, small_raw):
    small_raw["kind"] = "audit"
    small_raw["references"] = ["cpp-10-2", "cpp-99-99"]
    small_raw["sections"][0]["fields"][0]["options"] = []
    small_raw["documents"][0]["model"] = "pv_audtion"
    locations = [loc for loc, _ in problems_of(build_template, small_raw)]
    assert locations == ["kind", "references[1]", "sections[0].fields[0].options", "documents[0].model"]


def test_duplicate_ids_and_bad_identity_part(build_template, small_raw):
    small_raw["sections"][2]["fields"][0]["id"] = "cadre"
    small_raw["sections"][2]["fields"][1]["parts"] = ["nom", "prenom"]
    found = dict(problems_of(build_template, small_raw))
    assert found["sections[2].fields[0].id"] == "champ « cadre » déjà défini ailleurs dans le modèle"
    assert found["sections[2].fields[1].parts[1]"].startswith("rubrique d'identité inconnue « prenom »")
    assert "prenoms" in found["sections[2].fields[1].parts[1]"]


def test_condition_grammar_errors(build_template, small_raw):
    fields = small_raw["sections"][0]["fields"]
    fields[1]["show_if"] = {"field": "cadre", "equal": "x"}
    small_raw["sections"][3]["show_if"] = {"all": []}
    small_raw["sections"][4]["show_if"] = {"any": [{"field": "age", "less_than": "dix"}], "not": {}}
    found = dict(problems_of(build_template, small_raw))
    assert found["sections[0].fields[1].show_if"] == "opérateur inconnu « equal » (vouliez-vous « equals » ?)"
    assert found["sections[3].show_if.all"] == "une liste non vide de conditions est attendue"
    assert "ne se combine pas" in found["sections[4].show_if"]


def test_circular_conditions_are_refused(build_template, small_raw):
    fields = small_raw["sections"][2]["fields"]
    fields[0]["show_if"] = {"field": "interprete", "is_set": True}
    found = problems_of(build_template, small_raw)
    assert any("conditions circulaires" in m and "interprete_present" in m for _, m in found)


def test_pv_roles_must_point_at_fields_of_the_right_type(build_template, small_raw):
    small_raw["pv"]["subject"] = "cadre"
    found = dict(problems_of(build_template, small_raw))
    assert found["pv.subject"].startswith("« cadre » doit désigner un champ de type identity")


def test_derived_value_must_read_a_date(build_template, small_raw):
    small_raw["derived"][0]["of"] = "victime.nom"
    found = dict(problems_of(build_template, small_raw))
    assert "derived[0].of" in found


@pytest.mark.parametrize(
    "raw, location",
    [
        (None, ""),
        ([1, 2, 3], ""),
        ("juste du texte", ""),
        ({"format": 1}, "id"),
    ],
)
def test_non_mapping_or_empty_documents_give_problems(build_template, raw, location):
    found = problems_of(build_template, raw)
    assert found and found[0][0] == location


def test_yaml_syntax_error_gives_line_and_column(tmp_path):
    path = tmp_path / "casse.yaml"
    path.write_text("id: x\nsections: [\n  - a\n", encoding="utf-8")
    entry = load_file(path, LOCAL, known_references=(), known_models=())
    assert not entry.valid
    assert entry.problems[0].path == str(path)
    assert entry.problems[0].location.startswith("ligne ")
    assert "YAML illisible" in entry.problems[0].message


def test_yaml_aliases_are_refused_with_their_place():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    with pytest.raises(TemplateInvalid) as caught:
        parse_text(bomb, "bombe.yaml")
    problem = caught.value.problems[0]
    assert "alias" in problem.message and problem.location == "ligne 2, colonne 8"


def test_broken_local_template_is_listed_not_fatal_and_local_overrides_bundled(tmp_path):
    local = tmp_path / "templates"
    local.mkdir()
    (local / "casse.yaml").write_text("format: 1\nid: casse\ntitle: [\n", encoding="utf-8")
    (local / "pas-utf8.yaml").write_bytes(b"id: \xff\xfe")
    catalog = load_catalog(local, known_references={"cpp-10-2"}, known_models={"pv_audition"})
    invalid = {e.path.rsplit("/", 1)[-1]: e for e in catalog.invalid()}
    assert set(invalid) >= {"casse.yaml", "pas-utf8.yaml"}
    assert "UTF-8" in invalid["pas-utf8.yaml"].problems[0].message


def test_local_template_replaces_bundled_one_with_same_id(tmp_path, small_raw):
    import yaml

    from audition_assistant.core.export.models import available_models
    from audition_assistant.core.references import load_references
    from audition_assistant.core.templates.catalog import load_catalog as load

    bundled = load(None, known_references=load_references(), known_models=available_models())
    target = bundled.valid()[0]
    small_raw["id"] = target.id
    small_raw["title"] = "Version locale"
    local = tmp_path / "templates"
    local.mkdir()
    (local / "local.yaml").write_text(yaml.safe_dump(small_raw, allow_unicode=True), encoding="utf-8")
    merged = load(local, known_references=load_references(), known_models=available_models())
    assert merged.get(target.id).title == "Version locale"
    assert [e.origin for e in merged.entries if e.id == target.id] == [LOCAL]


def test_bundled_templates_are_all_valid():
    from audition_assistant.core.export.models import available_models
    from audition_assistant.core.references import load_references

    catalog = load_catalog(None, known_references=load_references(), known_models=available_models())
    assert catalog.valid(), "no bundled template"
    assert [str(p) for e in catalog.invalid() for p in e.problems] == []


def test_error_line_format_is_path_location_message(build_template, small_raw):
    small_raw["audience"] = "adulte"
    with pytest.raises(TemplateInvalid) as caught:
        build_template(small_raw)
    assert str(caught.value.problems[0]) == (
        "essai.yaml: audience: valeur « adulte » invalide, attendue parmi : adult, minor, any"
        " (vouliez-vous « adult » ?)"
    )


def test_template_text_can_be_written_inline():
    raw = parse_text(
        textwrap.dedent("""\
        format: 1
        id: mini
        version: 2
        title: Mini
        kind: fiche
        audience: adult
        sections:
          - id: s
            title: S
            fields: [{id: a, type: text, label: A}]
        """),
        "mini.yaml",
    )
    from audition_assistant.core.templates.validate import validate

    template = validate(raw, "mini.yaml")
    assert template.version == "2" and template.kind == "fiche"


def test_deep_nesting_is_refused_with_its_place():
    deep = "a: " + "[" * 150 + "]" * 150 + "\n"
    with pytest.raises(TemplateInvalid) as caught:
        parse_text(deep, "profond.yaml")
    problem = caught.value.problems[0]
    assert "imbrication" in problem.message and problem.location.startswith("ligne 1, colonne ")


def test_libyaml_and_pure_python_loaders_read_templates_alike(monkeypatch):
    from audition_assistant.core import resources
    from audition_assistant.core.templates import parse

    text = resources.read_text("templates", "audition-victime-majeure.yaml")
    fast = parse_text(text, "bundled.yaml")
    monkeypatch.setattr(parse, "_FAST_LOADER", None)
    assert parse_text(text, "bundled.yaml") == fast
    bomb = "a: &a [x]\nb: *a\n"
    with pytest.raises(TemplateInvalid) as caught:
        parse_text(bomb, "bombe.yaml")
    assert "alias" in caught.value.problems[0].message


# --- found by test_hostile_templates.py ---------------------------------------------
def test_values_of_the_wrong_shape_are_problems_not_crashes(build_template, small_raw):
    deep = json.loads("[" * 900 + "]" * 900)
    small_raw["version"] = deep
    small_raw["kind"] = ["audition"]
    small_raw["sections"][0]["fields"][0]["type"] = ["choice"]
    small_raw["pv"]["reading"] = {"field": "lecture"}
    found = dict(problems_of(build_template, small_raw))
    assert found["version"] == 'version « [[[[...]]]] » invalide (ex. : "1.0")'
    assert found["kind"].startswith("valeur « ['audition'] » invalide")
    assert found["sections[0].fields[0].type"].startswith("type « ['choice'] » inconnu")
    assert found["pv.reading"].startswith("« {'field': 'lecture'} » doit désigner un champ de type choice")


def test_keys_with_control_characters_are_shown_escaped(build_template, small_raw):
    small_raw["\x1b[2Jtitre"] = "x"
    [(location, message)] = problems_of(build_template, small_raw)
    assert location == "\\x1b[2Jtitre" and message.isprintable()


@pytest.mark.parametrize(
    "text, location, message",
    [
        ("id: a\x1fb\n", "ligne 1, colonne 6", "YAML illisible : caractère interdit U+001F"),
        ("a: " + "[" * 5000 + "]" * 5000, "ligne 1, colonne 103", "YAML illisible : imbrication trop profonde"),
    ],
)
def test_unreadable_yaml_says_where(text, location, message):
    with pytest.raises(TemplateInvalid) as caught:
        parse_text(text, "x.yaml")
    [problem] = caught.value.problems
    assert problem.location == location and problem.message.startswith(message)


def test_bundled_templates_read_the_same_with_libyaml_as_with_the_pure_python_reader():
    import yaml

    from audition_assistant.core import resources
    from audition_assistant.core.templates import parse

    assert parse._FAST_LOADER is not None  # PyYAML's wheels bring libyaml: templates load ten times quicker
    for resource in resources.listing("templates", ".yaml"):
        text = resource.read_text(encoding="utf-8")
        assert parse_text(text, resource.name) == yaml.load(text, Loader=parse._BoundedLoader), resource.name


def test_mention_placeholders_must_name_fields(build_template, small_raw):
    """A placeholder is ``{valeur}``, ``{field}`` or ``{identity.part}``; anything else is located and hinted."""
    fields = small_raw["sections"][1]["fields"]
    fields[1]["mention"] = "avons notifié ses droits à {victme.nom} ; cadre : {cadre} ; {valeur}."
    fields[1]["mention_no"] = "les droits n'ont pas été notifiés : {motif_refus}."
    small_raw["sections"][0]["fields"][0]["options"][0] = {
        "value": "flagrance",
        "label": "Flagrance",
        "mention": "enquête de flagrance ouverte le {arivee} {",
    }
    found = problems_of(build_template, small_raw)
    assert found == [
        (
            "sections[0].fields[0].options[0].mention",
            "« {arivee} » ne désigne aucun champ (attendu : {valeur} ou {identifiant_d_un_champ})"
            " (vouliez-vous « arrivee » ?)",
        ),
        (
            "sections[0].fields[0].options[0].mention",
            "accolade isolée : un nom de champ s'écrit entre { et }, par ex. {valeur}",
        ),
        (
            "sections[1].fields[1].mention",
            "« {victme.nom} » ne désigne aucun champ (attendu : {valeur} ou {identifiant_d_un_champ})"
            " (vouliez-vous « victime.nom » ?)",
        ),
        (
            "sections[1].fields[1].mention_no",
            "« {motif_refus} » ne désigne aucun champ (attendu : {valeur} ou {identifiant_d_un_champ})",
        ),
    ]


def test_mention_accord_needs_two_non_empty_forms(build_template, small_raw):
    """``{accord:FÉMININ|MASCULIN}`` is an agreement, not a field; one form, three or an empty one is located."""
    fields = small_raw["sections"][1]["fields"]
    fields[1]["mention"] = "avons informé {accord:la personne entendue|le mineur} de ses droits."
    assert build_template(small_raw).field("droits").mention.startswith("avons informé {accord:")
    fields[1]["mention"] = "avons informé {accord:la mineure} de ses droits."
    fields[1]["mention_no"] = "{accord:entendue|entendu|entendu·e}, {accord:|le mineur} ne veut pas."
    found = problems_of(build_template, small_raw)
    expected = (
        "un accord s'écrit avec deux formes non vides, la féminine puis la masculine,"
        " par ex. {accord:la mineure|le mineur}"
    )
    assert found == [
        ("sections[1].fields[1].mention", f"« {{accord:la mineure}} » : {expected}"),
        ("sections[1].fields[1].mention_no", f"« {{accord:entendue|entendu|entendu·e}} » : {expected}"),
        ("sections[1].fields[1].mention_no", f"« {{accord:|le mineur}} » : {expected}"),
    ]


def test_section_pv_position_is_read_and_a_typo_is_located_with_the_nearest_value(build_template, small_raw):
    """``pv_position`` is before_statements (default) or after_statements."""
    small_raw["sections"][5]["pv_position"] = "after_statements"
    template = build_template(small_raw)
    assert [s.pv_position for s in template.sections][4:6] == ["before_statements", "after_statements"]
    small_raw["sections"][5]["pv_position"] = "after_statement"
    small_raw["sections"][6]["pv_postion"] = "after_statements"
    assert problems_of(build_template, small_raw) == [
        (
            "sections[5].pv_position",
            "valeur « after_statement » invalide, attendue parmi : before_statements, after_statements"
            " (vouliez-vous « after_statements » ?)",
        ),
        ("sections[6].pv_postion", "clé inconnue « pv_postion » (vouliez-vous « pv_position » ?)"),
    ]


def test_option_mention_and_mention_no_are_read(build_template, small_raw):
    fields = small_raw["sections"][1]["fields"]
    fields[1]["mention_no"] = "la personne entendue n'a pas souhaité que ses droits lui soient lus."
    small_raw["sections"][0]["fields"][0]["options"][2] = {
        "value": "commission_rogatoire",
        "label": "Commission rogatoire",
        "mention": "le juge mandant est {juge}.",
    }
    template = build_template(small_raw)
    assert template.field("droits").mention_no.startswith("la personne entendue n'a pas")
    assert template.field("cadre").option("commission_rogatoire").mention == "le juge mandant est {juge}."
    assert template.field("cadre").option("flagrance").mention == ""


def test_mention_no_belongs_to_yes_no_fields_only(build_template, small_raw):
    small_raw["sections"][5]["fields"][-1]["mention_no"] = "aucune observation."
    assert problems_of(build_template, small_raw) == [
        ("sections[5].fields[6].mention_no", "clé inconnue « mention_no » (vouliez-vous « mention » ?)"),
    ]
