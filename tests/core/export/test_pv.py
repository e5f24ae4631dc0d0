"""The PV: reopened with python-docx, checked for text, order and styles."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest

from audition_assistant.core.export.document import STYLES, Document
from audition_assistant.core.export.docx_writer import render
from audition_assistant.core.export.files import ExportError
from audition_assistant.core.export.french import NBSP, NNBSP
from audition_assistant.core.timeline import TimelineEvent

IDENTITY = {
    "nom": "Rivera",
    "prenoms": "Lucía Andrea",
    "date_naissance": "1998-05-02",
    "nationalite": "colombienne",
    "sexe": "féminin",
    "lieu_naissance": "Pereira (Colombie)",
}


@pytest.fixture
def recorded(workspace, store, template, clock):
    case_id = store.create_case("2026/004512", "Affaire c/ X : proxénétisme aggravé, TEH")
    person_id = store.add_person(case_id, IDENTITY)
    hearing_id = workspace.start_hearing(case_id, person_id, template, "2026/004512/00017", "Lyon")
    for field_id, value in {
        "cadre": "preliminaire",
        "victime": IDENTITY,
        "droits": True,
        "interprete_present": True,
        "interprete": {"nom": "Moreno", "prenoms": "Inés", "langues": "espagnol"},
        "delai_reflexion": True,
        "suspects": [{"surnom": "El Flaco", "role": "recruteur"}],
        "indicateurs": ["papiers_confisques"],
        "lecture": "par_interprete",
        "signature": "signe",
    }.items():
        store.set_answer(hearing_id, field_id, value)
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    clock.advance(minutes=5)
    store.add_entry(hearing_id, "recit", "Racontez-moi ce qui s'est passé.", "Je suis arrivée à Madrid en 2025.")
    clock.advance(minutes=20)
    store.add_entry(hearing_id, "recrutement", "Comment avez-vous rencontré cette personne ?", "Par une amie.")
    store.add_event(hearing_id, TimelineEvent("suspend", clock.advance(minutes=10), "repas"))
    store.add_event(hearing_id, TimelineEvent("resume", clock.advance(minutes=45)))
    clock.advance(minutes=5)
    store.add_entry(hearing_id, None, "Voulez-vous ajouter quelque chose ?", "Non.")
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=15)))
    return hearing_id


def plain(text: str) -> str:
    """Text with the no-break spaces of French typography read as spaces (checked on their own below)."""
    return text.replace(NBSP, " ").replace(NNBSP, " ")


def paragraphs(path):
    return [(p.style.name, plain(p.text)) for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def signature_boxes(path):
    return [plain(c.text) for c in docx.Document(str(path)).tables[0].rows[0].cells]


def test_pv_reopens_with_header_identity_times_and_qa_in_order(workspace, recorded, tmp_path):
    [exported] = [f for f in workspace.export(recorded, tmp_path) if f.document_id == "pv"]
    paras = paragraphs(exported.path)
    texts = [t for _, t in paras]
    assert "RÉPUBLIQUE FRANÇAISE" in texts
    assert "Procédure n° : 2026/004512" in texts and "PV n° : 2026/004512/00017" in texts
    # The case heading already says "Affaire": it is not prefixed with "Affaire :" again.
    assert texts[texts.index("Procédure n° : 2026/004512") + 2] == "Affaire c/ X : proxénétisme aggravé, TEH"
    assert "L'an deux mille vingt-six, le quatorze mars, à neuf heures cinq, à Lyon," in texts
    assert any(t.startswith("Nous, Camille LEFÈVRE, Capitaine de police, officier de police judiciaire") for t in texts)
    assert any("en enquête préliminaire" in t for t in texts)
    assert "Nom : RIVERA" in texts and "Date de naissance : 2 mai 1998" in texts
    assert any("avons notifié à la personne entendue ses droits" in t for t in texts)
    sequence = [
        t
        for t in texts
        if t.startswith(("Question :", "Réponse :", "Mention : avons suspendu", "Mention : avons repris"))
    ]
    assert sequence == [
        "Question : Racontez-moi ce qui s'est passé.",
        "Réponse : Je suis arrivée à Madrid en 2025.",
        "Question : Comment avez-vous rencontré cette personne ?",
        "Réponse : Par une amie.",
        "Mention : avons suspendu l'audition à 9 h 40 pour permettre le repas.",
        "Mention : avons repris l'audition à 10 h 25.",
        "Question : Voulez-vous ajouter quelque chose ?",
        "Réponse : Non.",
    ]
    assert (
        "PV Clôture",
        "Lecture faite par traduction de l'interprète, persiste et signe avec nous et l'interprète à 10 h 45.",
    ) in paras


def test_pv_uses_the_named_styles_of_the_base_document(workspace, recorded, tmp_path):
    [exported] = [f for f in workspace.export(recorded, tmp_path) if f.document_id == "pv"]
    styles = {style for style, _ in paragraphs(exported.path)}
    assert {STYLES[k] for k in ("title", "question", "answer", "mention", "identity", "closing")} <= styles
    document = docx.Document(str(exported.path))
    assert signature_boxes(exported.path) == [
        "La personne entendue\nRIVERA Lucía Andrea",
        "L'interprète\nMORENO Inés",
        "L'officier de police judiciaire\nCapitaine de police Camille LEFÈVRE",
    ]
    footer = document.sections[0].footer.paragraphs[-1]
    assert plain(footer.text).startswith("Procédure n° 2026/004512 — PV n° 2026/004512/00017 — page ")
    xml = zipfile.ZipFile(exported.path).read("word/footer1.xml").decode()
    assert 'w:instr="PAGE"' in xml and 'w:instr="NUMPAGES"' in xml


def test_export_records_sha256_and_conditional_documents(workspace, store, recorded, tmp_path):
    files = workspace.export(recorded, tmp_path)
    assert [f.document_id for f in files] == ["pv", "pv-etranger"]  # foreign victim
    for f in files:
        assert hashlib.sha256(f.path.read_bytes()).hexdigest() == f.sha256
    assert [(r.document_id, r.sha256) for r in store.exports(recorded)] == [(f.document_id, f.sha256) for f in files]
    again = workspace.export(recorded, tmp_path, ["pv"])
    assert again[0].path.name.endswith("(2).docx")
    with pytest.raises(ExportError, match="inconnu"):
        workspace.export(recorded, tmp_path, ["attestation"])


def test_refusal_to_sign_and_missing_end_time(workspace, store, template, tmp_path):
    case_id = store.create_case("2026/1")
    person_id = store.add_person(case_id, {"nom": "Dupont", "prenoms": "Jean", "sexe": "masculin"})
    hearing_id = workspace.start_hearing(case_id, person_id, template)
    store.set_answer(hearing_id, "victime", {"nom": "Dupont", "prenoms": "Jean", "sexe": "masculin"})
    store.set_answer(hearing_id, "lecture", "par_elle_meme")
    store.set_answer(hearing_id, "signature", "refuse_de_signer")
    [exported] = workspace.export(hearing_id, tmp_path)
    texts = [t for _, t in paragraphs(exported.path)]
    assert "Lecture faite par lui-même, persiste mais refuse de signer." in texts
    assert "Mention : la personne entendue refuse de signer." in texts
    assert "Mention : heure de fin d'audition non enregistrée." in texts


def test_writer_strips_xml_invalid_characters_and_keeps_the_rest():
    doc = Document("d", "Titre")
    doc.add("answer", "avant\x00\x0b\x0c\x1f après 😀 王芳 ليلى\nligne deux", "Réponse :")
    data = render(doc)
    reopened = docx.Document(io.BytesIO(data))
    assert reopened.paragraphs[0].text == f"Réponse{NBSP}: avant après 😀 王芳 ليلى\nligne deux"


def test_fiche_counts_indicators_and_lists_applicable_advice(workspace, store, build_template, small_raw, tmp_path):
    small_raw.update(id="fiche-essai", kind="fiche")
    small_raw["derived"].append({"id": "nb", "type": "count", "of": "indicateurs"})
    small_raw["advice"] = [
        {
            "title": "Indices convergents",
            "text": "Proposer une audition au calme.",
            "when": {"field": "nb", "at_least": 2},
        },
        {"title": "Aucun indice", "text": "Rester attentif.", "when": {"field": "nb", "less_than": 1}},
    ]
    small_raw["documents"] = [{"id": "fiche", "title": "Fiche de détection", "model": "fiche_synthese"}]
    template = build_template(small_raw)
    case_id = store.create_case("2026/5")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    store.set_answer(hearing_id, "indicateurs", ["papiers_confisques", "argent_remis"])
    [exported] = workspace.export(hearing_id, tmp_path)
    texts = [t for _, t in paragraphs(exported.path)]
    assert "FICHE-ESSAI" not in texts and "AUDITION D'ESSAI" in texts
    assert "Contrôle : 2 sur 2" in texts
    assert "Indices convergents : Proposer une audition au calme." in texts
    assert not any("Rester attentif" in t for t in texts)
    assert any(t.startswith("Cette fiche est une aide à la détection") for t in texts)


def test_in_pv_signatories_mentions_and_times(workspace, store, build_template, small_raw, tmp_path):
    sections = {s["id"]: s for s in small_raw["sections"]}
    sections["details"]["fields"][-1]["in_pv"] = False  # notes: kept for the investigator only
    sections["interpretation"]["in_pv"] = False
    sections["details"]["fields"].append(
        {
            "id": "present",
            "type": "choice",
            "label": "Présent",
            "mention": "est présent : {valeur}.",
            "options": [{"value": "psy", "label": "Psychologue"}, {"value": "aah", "label": "AAH désigné"}],
        }
    )
    small_raw["pv"].pop("interpreter")
    small_raw["pv"]["signatories"] = [{"field": "interprete", "label": "L'interprète requis"}]
    template = build_template(small_raw)
    case_id = store.create_case("2026/6")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    for field_id, value in {
        "present": "psy",
        "notes": "Adresse de mise à l'abri : secret",
        "heure_arrivee": "22:50",
        "interprete_present": True,
        "interprete": {"nom": "Ilic", "prenoms": "Ana"},
    }.items():
        store.set_answer(hearing_id, field_id, value)
    [exported] = workspace.export(hearing_id, tmp_path)
    texts = [t for _, t in paragraphs(exported.path)]
    assert not any("mise à l'abri" in t for t in texts)
    assert not any(t.startswith("Interprète") for t in texts)
    assert "Mention : est présent : psychologue." in texts
    assert "Heure d'arrivée : 22 h 50" in texts
    assert signature_boxes(exported.path) == [
        "La personne entendue",
        "L'interprète requis\nILIC Ana",
        "L'officier de police judiciaire\nCapitaine de police Camille LEFÈVRE",
    ]


def test_paragraphs_are_written_as_python_docx_writes_them():
    """The writer resolves styles once and writes plain runs directly: same XML as the plain API."""
    from docx.enum.style import WD_STYLE_TYPE

    from audition_assistant.core import resources
    from audition_assistant.core.export.french import typography
    from audition_assistant.core.text import clean

    document = Document(id="pv", title="Essai")
    for kind in STYLES:
        document.add(kind, f"Texte « {kind} », accentué ", "Libellé :")
    document.add("answer", "ligne 1\nligne 2\tcolonne\r\nfin")
    document.add("body", "  espaces de tête et de fin  ")
    written = docx.Document(io.BytesIO(render(document)))

    with resources.path_of("base.docx") as base:
        expected = docx.Document(str(base))
    for block in document.blocks:
        paragraph = expected.add_paragraph(style=STYLES[block.kind])
        if block.label:
            paragraph.add_run(typography(clean(block.label) + " ")).bold = True
        paragraph.add_run(typography(clean(block.text)))
    body = lambda d: [p._p.xml for p in d.paragraphs]  # noqa: E731
    assert body(written) == body(expected)
    assert "<w:br/>" in body(written)[-2] and "<w:tab/>" in body(written)[-2]
    assert [p.style.name for p in written.paragraphs] == [STYLES[b.kind] for b in document.blocks]
    assert expected.styles.default(WD_STYLE_TYPE.PARAGRAPH).name not in STYLES.values()


def test_framework_details_are_written_once_with_the_framework(workspace, store, template, tmp_path):
    case_id = store.create_case("2026/7")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    store.set_answer(hearing_id, "cadre", "commission_rogatoire")
    store.set_answer(hearing_id, "juge", "Mme Aubert, TJ de Lyon")
    [exported] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(exported.path)]
    assert texts.count("Juge d'instruction : Mme Aubert, TJ de Lyon") == 1
    assert texts[texts.index("Juge d'instruction : Mme Aubert, TJ de Lyon") - 1].startswith("Agissant en exécution")


def test_exports_are_recorded_with_absolute_paths(workspace, store, template, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    case_id = store.create_case("2026/8")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    [exported] = workspace.export(hearing_id, Path("sortie"), ["pv"])
    assert exported.path.parent == Path("sortie") and exported.path.exists()
    assert Path(store.exports(hearing_id)[0].path) == tmp_path / "sortie" / exported.path.name


def _mention_template(build_template, small_raw):
    """The small template with option-level mentions, a ``mention_no`` and ``{field}`` placeholders."""
    sections = {s["id"]: s for s in small_raw["sections"]}
    sections["details"]["fields"] += [
        {
            "id": "plainte",
            "type": "choice",
            "label": "Plainte",
            "options": [
                {
                    "value": "porte_plainte",
                    "label": "Porte plainte",
                    "mention": "la personne entendue déclare porter plainte contre {plainte_contre}"
                    " du chef de {plainte_chefs}.",
                },
                {"value": "pas_de_plainte", "label": "Ne porte pas plainte à ce stade"},
            ],
        },
        {"id": "plainte_contre", "type": "text", "label": "Plainte contre"},
        {"id": "plainte_chefs", "type": "text", "label": "Chefs de la plainte"},
        {
            "id": "copie",
            "type": "yes_no",
            "label": "Copie demandée",
            "mention": "une copie du présent procès-verbal lui est remise sur sa demande.",
            "mention_no": "la personne entendue ne demande pas de copie du présent procès-verbal.",
        },
        {
            "id": "inscrit",
            "type": "text",
            "label": "Cour d'appel",
            "mention": "l'interprète, {interprete.nom} {interprete.prenoms}, est inscrit sur la liste"
            " de la cour d'appel de {valeur}.",
        },
        {
            "id": "soutiens",
            "type": "multi_choice",
            "label": "Soutiens",
            "mention": "autres soutiens : {valeur}.",
            "options": [
                {"value": "psy", "label": "Psychologue", "mention": "un psychologue est présent."},
                {"value": "asso", "label": "Association"},
                {"value": "aah", "label": "AAH"},
            ],
        },
    ]
    return build_template(small_raw)


def test_option_mentions_mention_no_and_placeholders_keep_what_was_typed(
    workspace, store, build_template, small_raw, tmp_path
):
    template = _mention_template(build_template, small_raw)
    case_id = store.create_case("2026/9")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    for field_id, value in {
        "plainte": "porte_plainte",
        "plainte_contre": "X et M. Adrian POPESCU",
        "plainte_chefs": "proxénétisme aggravé",
        "copie": False,
        "interprete_present": True,
        "interprete": {"nom": "Moreno", "prenoms": "Inés"},
        "inscrit": "Versailles",
        "soutiens": ["psy", "asso", "aah"],
    }.items():
        store.set_answer(hearing_id, field_id, value)
    [exported] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(exported.path)]
    assert (
        "Mention : la personne entendue déclare porter plainte contre X et M. Adrian POPESCU"
        " du chef de proxénétisme aggravé." in texts
    )
    assert not any(t.startswith("Plainte :") for t in texts)
    assert "Mention : la personne entendue ne demande pas de copie du présent procès-verbal." in texts
    assert not any(t.startswith("Copie demandée") for t in texts)
    assert "Mention : l'interprète, MORENO Inés, est inscrit sur la liste de la cour d'appel de Versailles." in texts
    assert "Mention : un psychologue est présent." in texts
    assert "Mention : autres soutiens : association, AAH." in texts


def test_empty_field_named_by_a_mention_prints_non_renseigne_and_is_listed_missing(
    workspace, store, build_template, small_raw, tmp_path
):
    template = _mention_template(build_template, small_raw)
    case_id = store.create_case("2026/10")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    store.set_answer(hearing_id, "plainte", "porte_plainte")
    store.set_answer(hearing_id, "plainte_contre", "X")
    [exported] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(exported.path)]
    assert "Mention : la personne entendue déclare porter plainte contre X du chef de [non renseigné]." in texts
    gaps = workspace.view(hearing_id).mention_gaps()
    assert [(m.field_id, m.section_id) for m in gaps] == [("plainte_chefs", "details")]
    assert "la mention de « Plainte » le cite" in gaps[0].message
    store.set_answer(hearing_id, "plainte", "pas_de_plainte")
    assert workspace.view(hearing_id).mention_gaps() == []
