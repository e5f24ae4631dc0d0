"""Notice languages are data: a language is its notice files, offered by the templates as they are found.

The language used here is invented (``qaa``, a code ISO 639 keeps for local
use); its texts are the English ones under another name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from audition_assistant import cli
from audition_assistant.core import answers_file, resources
from audition_assistant.core.export.notices import LANGUAGES_SOURCE, NoticeLibrary
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.references import load_references
from audition_assistant.core.templates.errors import TemplateInvalid
from audition_assistant.core.templates.model import Option
from audition_assistant.core.templates.validate import validate
from readers import docx_text

NOTICES = ("notice_droits_victime", "notice_r425_1")
TEMPLATES = ("audition-victime-majeure", "audition-victime-mineure")
TEST_LANGUAGE = Option("qaa", "langue d'essai (Lingua Exempla)")


def add_translation(paths: DataPaths, notice_id: str, **changes: object) -> Path:
    """The English text of ``notice_id`` as the invented language, in the data folder's notices."""
    raw = yaml.safe_load(resources.read_text("notices", notice_id, "en.yaml"))
    raw.update(language="qaa", name_fr="langue d'essai", name="Lingua Exempla", title=f"[qaa] {raw['title']}")
    raw.update(changes)
    path = paths.notices / notice_id / "qaa.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def fill(workspace, tmp_path: Path, **answers: object):
    raw = json.loads(resources.read_text("demo", "audition-victime-majeure.json"))
    raw["answers"].update(answers)
    path = tmp_path / "reponses.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return workspace.fill(answers_file.read(path, workspace.catalog), tmp_path / "documents")


def test_a_language_is_its_notice_files_offered_by_every_template_and_exported(data_paths, request, tmp_path):
    for notice_id in NOTICES:
        add_translation(data_paths, notice_id)
    workspace = request.getfixturevalue("workspace")  # started once the files are there, as the application is

    for template_id in TEMPLATES:
        options = workspace.catalog.get(template_id).field("langue_remise").options
        assert TEST_LANGUAGE in options
        assert options[0] == Option("fr", "français seulement")  # then by French name
        labels = [o.label for o in options[1:]]
        assert labels == sorted(labels) and "albanais (shqip)" in labels
    assert NoticeLibrary(data_paths.notices).problems() == []

    _hearing_id, files = fill(workspace, tmp_path, langue_remise="qaa")
    documents = {f.document_id: f for f in files}
    for document_id, notice_id in (("notice-droits", "notice_droits_victime"), ("notice-etranger", "notice_r425_1")):
        english = yaml.safe_load(resources.read_text("notices", notice_id, "en.yaml"))
        text = docx_text(documents[document_id].path)
        assert f"[qaa] {english['title']}" in text and "Lingua Exempla" in text, document_id
        assert any("langue d'essai" in note for note in documents[document_id].notes)  # not validated yet


def test_a_language_missing_one_notice_is_named_at_validation_and_not_offered(
    data_paths, request, tmp_path, capsys, monkeypatch
):
    add_translation(data_paths, "notice_droits_victime")
    missing = data_paths.notices / "notice_r425_1" / "qaa.yaml"

    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(data_paths.root))
    code = cli.main(["templates", "validate"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines() == [
        f"{missing}: (fichier): traduction manquante : la langue « qaa » (langue d'essai) a notice_droits_victime "
        "mais pas notice_r425_1 ; elle n'est proposée dans aucun modèle tant que ce fichier manque "
        "(copiez notice_r425_1/fr.yaml et traduisez-le)"
    ]

    workspace = request.getfixturevalue("workspace")
    for template_id in TEMPLATES:
        values = [o.value for o in workspace.catalog.get(template_id).field("langue_remise").options]
        assert "qaa" not in values and "es" in values
    with pytest.raises(answers_file.AnswersError, match="qaa"):  # never chosen, so never a failed export
        fill(workspace, tmp_path, langue_remise="qaa")


def test_a_translation_that_does_not_mirror_the_french_text_or_renames_the_language_is_named(data_paths):
    raw = yaml.safe_load(resources.read_text("notices", "notice_r425_1", "en.yaml"))
    raw["sections"][1]["paragraphs"].pop()
    add_translation(data_paths, "notice_droits_victime")
    path = add_translation(data_paths, "notice_r425_1", sections=raw["sections"])
    notices = NoticeLibrary(data_paths.notices, load_references())
    [problem] = notices.problems()
    assert problem.startswith(f"{path}: sections[1].paragraphs: 2 paragraphe(s), 3 attendu(s)")

    add_translation(data_paths, "notice_r425_1", name_fr="Langue d'essai")
    [problem] = notices.problems()
    assert problem == (
        f"{path}: name_fr: « Langue d'essai » et name : « Lingua Exempla », mais « langue d'essai » et "
        f"« Lingua Exempla » dans {path.parent.parent / 'notice_droits_victime' / 'qaa.yaml'} : "
        "une langue porte les mêmes noms dans chaque notice"
    )


def test_a_misnamed_file_or_folder_is_named_at_validation(data_paths):
    path = add_translation(data_paths, "notice_droits_victime")
    misspelt = data_paths.notices / "notice_droit_victime"  # a letter short: no such notice
    path.parent.rename(misspelt)
    (data_paths.notices / "notice_r425_1").mkdir()
    (data_paths.notices / "notice_r425_1" / "Russe.yaml").write_text("language: ru\n", encoding="utf-8")
    problems = NoticeLibrary(data_paths.notices).problems()
    assert [p.split(": ", 2)[:2] for p in problems] == [
        [str(misspelt), "(dossier)"],
        [str(data_paths.notices / "notice_r425_1" / "Russe.yaml"), "(fichier)"],
    ]
    assert "n'est pas un code de langue" in problems[1]
    assert "Russe" not in NoticeLibrary(data_paths.notices).languages()


def test_options_from_names_a_known_list_and_excludes_written_options(small_raw):
    sources = {LANGUAGES_SOURCE: (Option("fr", "français seulement"), TEST_LANGUAGE)}
    fields = small_raw["sections"][1]["fields"]
    fields.append({"id": "langue", "type": "choice", "label": "Langue", "options_from": LANGUAGES_SOURCE})
    template = validate(small_raw, "essai.yaml", option_sources=sources)
    assert template.field("langue").options == sources[LANGUAGES_SOURCE]

    fields[-1]["options_from"] = "langue_notices"
    fields[-1]["options"] = ["fr"]
    with pytest.raises(TemplateInvalid) as caught:
        validate(small_raw, "essai.yaml", option_sources=sources)
    [problem] = caught.value.problems
    assert problem.location == "sections[1].fields[2].options_from"
    assert problem.message == "options et options_from s'excluent : gardez la liste nommée, sans options"
    del fields[-1]["options"]
    with pytest.raises(TemplateInvalid) as caught:
        validate(small_raw, "essai.yaml", option_sources=sources)
    [problem] = caught.value.problems
    assert "liste d'options inconnue « langue_notices »" in problem.message
    assert "vouliez-vous « langues_notices » ?" in problem.message
