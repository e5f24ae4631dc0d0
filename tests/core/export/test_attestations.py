"""Word models (attestations, notices, referral forms): rendered from the demo hearing, reopened, read back."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from audition_assistant.core import answers_file, resources
from audition_assistant.core.export.attestations import ModelLibrary
from audition_assistant.core.export.exporter import build, export_documents
from audition_assistant.core.export.files import ExportError
from audition_assistant.core.export.models import available_models
from audition_assistant.core.export.notices import UNVALIDATED, NoticeLibrary
from audition_assistant.core.templates.errors import TemplateInvalid
from audition_assistant.core.templates.model import DocumentSpec
from readers import docx_text, flat

DEMO = "audition-victime-majeure.json"
PERSON = "CASTAÑO RUEDA Yuliana Andrea"
BUNDLED_MODELS = sorted(n.name[: -len(".docx")] for n in resources.listing("models", ".docx"))
HOSTILE = 'O\'Brien & <Fils> "Zed" 😀 王芳 ليلى'
HOSTILE_ADDRESS = "Chez <b>Mme Dupont & fils</b> 'La Maison' \"Bleue\" 👩🏽‍⚖️ 北京路 شارع"


@pytest.fixture
def fill(workspace, tmp_path):
    """Fill the bundled demo hearing, some answers changed; returns (hearing id, exported files).

    The demo hearing ends (it is closed): a variant is a new answers file, not an edit.
    """
    count = 0

    def filled(**answers):
        nonlocal count
        count += 1
        raw = json.loads(resources.read_text("demo", DEMO))
        raw["answers"].update(answers)
        path = tmp_path / f"demo-{count}.json"
        path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        return workspace.fill(answers_file.read(path, workspace.catalog), tmp_path / f"demo-{count}")

    return filled


@pytest.fixture
def demo(fill):
    """The bundled demo hearing as shipped."""
    return fill()


@pytest.fixture
def ctx(workspace, demo):
    return workspace.context(demo[0])


def test_bundled_models_are_known_to_templates():
    assert set(BUNDLED_MODELS) == {
        "notice_droits_victime",
        "notice_r425_1",
        "recepisse_plainte",
        "orientation_acse",
        "orientation_koutcha",
        "declaration_domicile_tiers",
    }
    assert set(BUNDLED_MODELS) | {"pv_audition", "fiche_synthese", "evvi"} == set(available_models())


def test_demo_exports_each_applicable_document_filled(demo):
    _hearing, files = demo
    assert [f.document_id for f in files] == [
        "pv",
        "evvi",
        "notice-droits",
        "notice-etranger",
        "recepisse-plainte",
        "orientation-acse",
        "domicile-tiers",
    ]
    texts = {f.document_id: docx_text(f.path) for f in files}
    for document_id, text in texts.items():
        assert "CASTAÑO RUEDA" in text and "Yuliana Andrea" in text, document_id
        assert "2026/004512" in text, document_id
        assert not re.search(r"\{[{%#]|[}%#]\}", text), f"{document_id}: placeholder left: {text[:300]}"
    rights = texts["notice-droits"]
    assert "INFORMATION DE LA VICTIME SUR SES DROITS" in rights
    assert "Información a la víctima sobre sus derechos" in rights and "Sus derechos" in rights
    assert "Article 10-2 du code de procédure pénale" in rights  # {article:cpp-10-2} from references.yaml
    assert f"Mention : {UNVALIDATED}." in rights
    assert "Signature de la personne / Firma de la persona" in rights
    foreign = texts["notice-etranger"]
    assert "trente jours" in foreign and "treinta días" in foreign and "Article R.425-1" in foreign
    receipt = texts["recepisse-plainte"]
    assert "RÉCÉPISSÉ DE DÉPÔT DE PLAINTE" in receipt and "Article 15-3" in receipt
    assert "Née le : 22 juillet 1998 à Pereira (Risaralda, Colombie)" in receipt
    assert "copie du procès-verbal de plainte" in receipt and "Claire DELORME" in receipt
    acse = texts["orientation-acse"]
    assert "Risque de représailles : élevé" in acse
    assert "☒ la personne accepte l'orientation vers le dispositif Ac.Sé" in acse
    domicile = texts["domicile-tiers"]
    assert "Je soussignée CASTAÑO RUEDA Yuliana Andrea, née le 22 juillet 1998" in domicile
    assert "14 rue des Glycines, 92000 Nanterre" in domicile
    notes = {f.document_id: f.notes for f in files}
    assert notes["notice-droits"] == (f"Information des droits de la victime (espagnol) : {UNVALIDATED}.",)
    assert notes["pv"] == ()
    names = {f.document_id: f.path.name for f in files}
    assert names["notice-droits"].endswith("_es.docx") and not names["recepisse-plainte"].endswith("_es.docx")


@pytest.mark.parametrize("model", BUNDLED_MODELS)
def test_each_bundled_model_renders_from_the_demo_hearing(ctx, workspace, model):
    spec = DocumentSpec(model, f"Essai {model}", model, language_field="langue_remise")
    built = build(ctx, spec, workspace.models)
    text = docx_text(built.data)
    assert "CASTAÑO RUEDA" in text and "2026/004512" in text
    # A referral form names the service to reach; a document handed to the victim never does.
    office = "Office central pour la répression de la traite des êtres humains"
    assert (office in text) == model.startswith("orientation_"), model
    assert not re.search(r"\{[{%#]|[}%#]\}", text)


def test_values_holding_markup_quotes_emoji_and_scripts_survive(fill):
    """Fails without autoescape: docxtpl would drop '<', '&' and what follows them."""
    victim = json.loads(resources.read_text("demo", DEMO))["answers"]["victime"]
    _hearing, files = fill(victime=dict(victim, prenoms=HOSTILE), domiciliation_adresse=HOSTILE_ADDRESS)
    by_id = {f.document_id: docx_text(f.path) for f in files}
    domicile, rights = by_id["domicile-tiers"], by_id["notice-droits"]
    assert f"CASTAÑO RUEDA {HOSTILE}" in domicile
    assert f"Adresse déclarée : {HOSTILE_ADDRESS}" in domicile
    assert f"Remis à : CASTAÑO RUEDA {HOSTILE}" in rights


def test_a_local_model_overrides_the_bundled_one_and_a_new_one_is_listed(workspace, store, data_paths, ctx, tmp_path):
    with resources.path_of("models", "recepisse_plainte.docx") as path:
        local = docx.Document(str(path))
    local.add_paragraph("Modèle local du service : {{ procedure.numero }} — {{ personne.nom_complet }}")
    local.save(str(tmp_path / "recepisse_plainte.docx"))
    fresh = docx.Document()
    fresh.add_paragraph("Attestation du service pour {{ personne.nom_complet }}")
    fresh.save(str(tmp_path / "attestation_service.docx"))
    receipt_info = workspace.import_model(tmp_path / "recepisse_plainte.docx")
    extra_info = workspace.import_model(tmp_path / "attestation_service.docx")
    (data_paths.models / "~$cepisse_plainte.docx").write_bytes(b"Word lock file")  # ignored

    assert receipt_info.problems == () and receipt_info.model.replaces_bundled
    assert extra_info.problems == () and not extra_info.model.replaces_bundled
    imports = [e.detail for e in store.audit_entries() if e.action == "model_imported"]
    assert [(d["model"], d["remplace_modele_livre"]) for d in imports] == [
        ("recepisse_plainte", True),
        ("attestation_service", False),
    ]
    assert imports[0]["sha256"] == hashlib.sha256((tmp_path / "recepisse_plainte.docx").read_bytes()).hexdigest()
    assert "attestation_service" in available_models(data_paths.models)
    assert "attestation_service" not in available_models()
    library = ModelLibrary(data_paths.models)
    assert library.get("recepisse_plainte").origin == "local"
    assert library.get("recepisse_plainte").replaces_bundled
    assert "~$cepisse_plainte" not in library.names()

    receipt = build(ctx, DocumentSpec("r", "Récépissé", "recepisse_plainte"), workspace.models)
    assert f"Modèle local du service : 2026/004512 — {PERSON}" in docx_text(receipt.data)
    extra = build(ctx, DocumentSpec("a", "Attestation", "attestation_service"), workspace.models)
    assert docx_text(extra.data).startswith(f"Attestation du service pour {PERSON}")


def _local_model(folder: Path, name: str, *paragraphs: str, library: ModelLibrary | None = None) -> Path:
    """A model in the data folder's models; with ``library``, taken as imported (its hash known)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / f"{name}.docx"
    document.save(str(path))
    if library is not None:
        library.imported[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return path


def test_a_jinja_syntax_error_is_reported_with_file_and_line_and_nothing_is_written(
    workspace, store, data_paths, ctx, tmp_path
):
    path = _local_model(
        data_paths.models,
        "casse",
        "Première ligne",
        "Deuxième : {{ personne.nom_complet }}",
        "Troisième : {{ personne.nom }",
        library=workspace.models,
    )
    specs = [DocumentSpec("pv", "PV", "pv_audition"), DocumentSpec("casse", "Cassé", "casse")]
    out = tmp_path / "out"
    before = len(store.exports(ctx.hearing.id))
    with pytest.raises(ExportError) as caught:
        export_documents(store, ctx, specs, out, workspace.models)
    message = str(caught.value)
    # docxtpl numbers one line per Word paragraph, after the opening <w:body> line.
    assert message.startswith(f"Modèle {path}, ligne 4 : erreur de syntaxe")
    assert "« Troisième : {{ personne.nom } »" in message
    assert not out.exists() or not any(out.iterdir())
    assert len(store.exports(ctx.hearing.id)) == before


def test_an_unknown_variable_is_an_error_naming_it_not_a_blank(workspace, data_paths, ctx):
    _local_model(data_paths.models, "coquille", "Titre", "Bonjour {{ personne.nom_compelt }}", library=workspace.models)
    with pytest.raises(ExportError) as caught:
        build(ctx, DocumentSpec("c", "Coquille", "coquille"), workspace.models)
    message = str(caught.value)
    assert "coquille.docx, ligne 3 : variable inconnue" in message and "nom_compelt" in message
    assert "« Bonjour {{ personne.nom_compelt }} »" in message


def test_a_field_missing_from_the_template_reads_as_blank(workspace, data_paths, ctx):
    _local_model(
        data_paths.models, "souple", "[{{ champs.champ_d_un_autre_modele }}][{{ valeurs.x }}]", library=workspace.models
    )
    built = build(ctx, DocumentSpec("s", "Souple", "souple"), workspace.models)
    assert docx_text(built.data).startswith("[][]")


def test_a_file_that_is_not_a_word_document_is_an_error_not_a_crash(workspace, data_paths, ctx):
    (data_paths.models / "pas_un_docx.docx").write_bytes(b"PK\x03\x04 ceci n'est pas un zip")
    workspace.models.imported["pas_un_docx"] = hashlib.sha256(b"PK\x03\x04 ceci n'est pas un zip").hexdigest()
    with pytest.raises(ExportError, match=r"pas_un_docx\.docx : ce fichier n'est pas un document Word"):
        build(ctx, DocumentSpec("p", "P", "pas_un_docx"), workspace.models)


def test_unvalidated_mention_disappears_once_a_local_translation_is_validated(workspace, data_paths, demo, tmp_path):
    hearing_id = demo[0]
    [before] = workspace.export(hearing_id, tmp_path / "avant", ["notice-droits"])
    assert UNVALIDATED in docx_text(before.path) and before.notes

    raw = yaml.safe_load(resources.read_text("notices", "notice_droits_victime", "es.yaml"))
    raw.update(validated_by="Mme Inés EXEMPLE, traductrice assermentée", validated_on="2026-03-01")
    local = data_paths.notices / "notice_droits_victime"
    local.mkdir(parents=True)
    (local / "es.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    [after] = workspace.export(hearing_id, tmp_path / "apres", ["notice-droits"])
    text = docx_text(after.path)
    assert UNVALIDATED not in text
    assert "Mention : traduction validée par Mme Inés EXEMPLE, traductrice assermentée, le 2026-03-01." in text
    assert after.notes == ()


def test_french_only_notice_when_the_language_is_french_or_unanswered(fill):
    [french] = [f for f in fill(langue_remise="fr")[1] if f.document_id == "notice-droits"]
    text = docx_text(french.path)
    assert "Vos droits" in text and "Sus derechos" not in text and UNVALIDATED not in text
    assert "_es_" not in french.path.name and french.notes == ()
    [unset] = [f for f in fill(langue_remise=None)[1] if f.document_id == "notice-droits"]
    assert "langue de remise non renseignée" in unset.notes[0]


def test_a_translation_that_does_not_mirror_the_french_text_is_refused(data_paths, fill):
    raw = yaml.safe_load(resources.read_text("notices", "notice_r425_1", "ro.yaml"))
    raw["sections"][1]["paragraphs"].pop()
    local = data_paths.notices / "notice_r425_1"
    local.mkdir(parents=True)
    (local / "ro.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ExportError, match=r"ro\.yaml: sections\[1\]\.paragraphs: 2 paragraphe\(s\), 3 attendu\(s\)"):
        fill(langue_remise="ro")


def test_every_language_of_the_list_has_both_notices_and_is_offered_by_the_template(workspace):
    notices = NoticeLibrary()
    languages = notices.languages()
    assert {"fr", "en", "es", "pt-BR", "zh-Hans", "ro", "bg", "sq", "ru"} <= set(languages)
    field = workspace.catalog.get("audition-victime-majeure").field("langue_remise")
    assert field.type == "choice" and [o.value for o in field.options] == list(languages)
    for notice_id in ("notice_droits_victime", "notice_r425_1"):
        assert notices.codes(notice_id) == sorted(languages)
        for code, language in languages.items():
            bilingual = notices.bilingual(notice_id, code)
            assert bilingual.language == language  # names in the file match the list
            if code != "fr":
                assert bilingual.translation is not None and not bilingual.translation.validated
                assert bilingual.status == UNVALIDATED
                assert not re.search(r"\{article:", str(bilingual.context()))


def test_language_field_must_name_a_choice_field(build_template, small_raw):
    small_raw["documents"].append(
        {"id": "notice", "title": "Notice", "model": "notice_droits_victime", "language_field": "notes"}
    )
    with pytest.raises(TemplateInvalid) as caught:
        build_template(small_raw)
    [problem] = caught.value.problems
    assert problem.location == "documents[2].language_field"
    assert "doit désigner un champ de type choice" in problem.message
    small_raw["documents"][-1]["language_field"] = "cadre"
    assert build_template(small_raw).documents[-1].language_field == "cadre"


# --- independent readers: LibreOffice (PDF, then pdftotext) and pandoc ----------------------
def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: run `make test` (tools/bootstrap.py installs it)"
    return found


EXPECTED = {
    "pv": ["PROCÈS-VERBAL D'AUDITION DE VICTIME", PERSON, "Question :"],
    "evvi": ["ÉVALUATION PERSONNALISÉE DE LA VICTIME", PERSON, "d'intimidation : élevé"],
    "notice-droits": ["INFORMATION DE LA VICTIME SUR SES DROITS", "Sus derechos", UNVALIDATED, PERSON],
    "notice-etranger": ["treinta días", "trente jours", UNVALIDATED],
    "recepisse-plainte": ["RÉCÉPISSÉ DE DÉPÔT DE PLAINTE", "Yuliana Andrea"],
    "orientation-acse": ["AC.SÉ", "Risque de représailles : élevé"],
    "domicile-tiers": ["DÉCLARATION D'ADRESSE CHEZ UN TIERS", "Je soussignée"],
    "orientation-koutcha": ["KOUTCHA", PERSON],
    "notice-droits-zh": ["被害人权利告知书", "您的权利", UNVALIDATED],
}


@pytest.mark.slow
def test_libreoffice_converts_and_pandoc_reads_every_exported_document(workspace, fill, tmp_path):
    soffice, pandoc, pdftotext = _tool("soffice"), _tool("pandoc"), _tool("pdftotext")
    hearing_id, files = fill()
    documents = {f.document_id: f.path for f in files}
    [koutcha] = workspace.export(hearing_id, tmp_path / "extra", ["orientation-koutcha"])  # every model
    documents["orientation-koutcha"] = koutcha.path
    [chinese] = [f for f in fill(langue_remise="zh-Hans")[1] if f.document_id == "notice-droits"]
    documents["notice-droits-zh"] = chinese.path
    assert set(documents) == set(EXPECTED)

    pdf_dir = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    run = subprocess.run(  # one LibreOffice start for every document, with a profile of its own
        [*command, "--outdir", str(pdf_dir), *map(str, documents.values())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    for document_id, path in documents.items():
        pdf = pdf_dir / (path.stem + ".pdf")
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), f"{document_id}: no PDF ({run.stdout})"
        from_pdf = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        from_pandoc = subprocess.run(
            [pandoc, "--from", "docx", "--to", "plain", "--wrap", "none", str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for expected in EXPECTED[document_id]:
            assert flat(expected) in flat(from_pdf), f"{document_id}: «{expected}» not in the PDF"
            assert flat(expected) in flat(from_pandoc), f"{document_id}: «{expected}» not read by pandoc"


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('echo pwned > pwned.txt').read() }}",
        "{{ personne.__class__.__mro__[1].__subclasses__() }}",
        "{% for i in range(10**12) %}x{% endfor %}",
    ],
)
def test_a_model_can_fill_a_document_but_never_run_code(workspace, data_paths, ctx, tmp_path, monkeypatch, payload):
    """A Word model dropped in the data folder is data: the sandbox refuses what would reach Python."""
    monkeypatch.chdir(tmp_path)
    _local_model(data_paths.models, "piege", "Titre", payload, library=workspace.models)
    with pytest.raises(ExportError) as caught:
        build(ctx, DocumentSpec("p", "Piège", "piege"), workspace.models)
    assert "piege.docx" in str(caught.value)
    assert not (tmp_path / "pwned.txt").exists()
