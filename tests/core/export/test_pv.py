"""The PV: reopened with python-docx, checked for text, order and styles."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest

from audition_assistant.core.export.document import STYLES, Document
from audition_assistant.core.export.docx_writer import render
from audition_assistant.core.export.files import ExportError
from audition_assistant.core.french import NBSP, NNBSP
from audition_assistant.core.timeline import TimelineEvent
from readers import plain

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


def test_sections_after_the_statements_print_between_the_qa_and_the_closing(
    workspace, store, clock, build_template, small_raw, tmp_path
):
    """The complaint and the wishes after the Q/R, her observations just before the closing formula."""
    sections = {s["id"]: s for s in small_raw["sections"]}
    sections["details"]["pv_position"] = "after_statements"
    sections["details"]["fields"] = [
        {"id": "plainte", "type": "yes_no", "label": "Plainte", "mention": "à {plainte_heure}, la personne entendue"
         " déclare porter plainte."},
        {"id": "plainte_heure", "type": "time", "label": "Heure de la plainte"},
    ]  # fmt: skip
    sections["cloture"]["pv_position"] = "after_statements"
    sections["cloture"]["fields"].append({"id": "observations", "type": "long_text", "label": "Observations"})
    hearing_id = _hearing(
        workspace, store, build_template(small_raw), droits=True, plainte=True, plainte_heure="16:05",
        observations="Je demande que ma mère soit protégée.", lecture="par_elle_meme", signature="signe",
    )  # fmt: skip
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    store.add_entry(hearing_id, "recit", "Racontez-moi ce qui s'est passé.", "Je suis arrivée en 2025.")
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(hours=7)))
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    order = [
        "Identité",  # before the statements: the rights notified before the account
        "Mention : avons notifié à la personne entendue ses droits (art. 10-2 CPP).",
        "Déclarations",
        "Réponse : Je suis arrivée en 2025.",
        "Détails",  # after the statements, in template order
        "Mention : à 16 h 05, la personne entendue déclare porter plainte.",
        "Clôture",  # the closing section's fields under the closing heading, without a heading of their own
        "Observations : Je demande que ma mère soit protégée.",
        "Lecture faite par elle-même, persiste et signe avec nous à 16 h 05.",
    ]
    assert [t for t in texts if t in order] == order
    assert texts.index("Observations : Je demande que ma mère soit protégée.") + 1 == texts.index(order[-1])
    # Without ``pv_position``, a section prints before the statements, as before.
    del sections["details"]["pv_position"]
    hearing_id = _hearing(workspace, store, build_template(small_raw), plainte=True, plainte_heure="16:05")
    store.add_entry(hearing_id, "recit", "Racontez-moi ce qui s'est passé.", "Je suis arrivée en 2025.")
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    assert texts.index("Détails") < texts.index("Déclarations")


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


def test_fiche_lists_indicators_by_weight_and_applicable_advice(workspace, store, build_template, small_raw, tmp_path):
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
    # Indicators without a weight are medium ones; they are listed, never counted.
    assert "Indices moyens : Papiers confisqués ; Gains remis à un tiers" in texts
    assert not any(" sur 2" in t or "(s)" in t for t in texts)
    assert "Indices convergents : proposer une audition au calme." in texts  # lower case after the colon
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
    from audition_assistant.core.french import typography
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
    # The answers the mention cites are stated in it: never again on a line of their own.
    assert not any(t.startswith(("Plainte contre :", "Chefs de la plainte :", "Cour d'appel :")) for t in texts)
    assert "Mention : la personne entendue ne demande pas de copie du présent procès-verbal." in texts
    assert not any(t.startswith("Copie demandée") for t in texts)
    assert "Mention : l'interprète, MORENO Inés, est inscrit sur la liste de la cour d'appel de Versailles." in texts
    assert "Mention : un psychologue est présent." in texts
    assert "Mention : autres soutiens : association, AAH." in texts


@pytest.mark.parametrize(
    "sexe, informed",
    [("féminin", "la mineure, informée"), ("M", "le mineur, informé"), ("homme", "le mineur, informé"),
     ("", "la mineure, informée"), (None, "la mineure, informée")],
)  # fmt: skip
def test_accord_placeholder_agrees_with_the_person_heard_feminine_when_unknown(
    workspace, store, build_template, small_raw, tmp_path, sexe, informed
):
    fields = {s["id"]: s for s in small_raw["sections"]}["identite"]["fields"]
    fields[1]["mention"] = (
        "avons informé {accord:la mineure|le mineur}, {accord:informée|informé} de ses droits, en présence de"
        " {interprete.nom}."
    )
    identity = {"nom": "Vernet", "prenoms": "Maëlys"} | ({} if sexe is None else {"sexe": sexe})
    hearing_id = _hearing(
        workspace, store, build_template(small_raw), identity, victime=identity, droits=True,
        interprete_present=True, interprete={"nom": "Moreno", "prenoms": "Inés"},
    )  # fmt: skip
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    assert f"Mention : avons informé {informed} de ses droits, en présence de MORENO." in texts
    assert not any("accord" in t or "[non renseigné]" in t for t in texts)
    assert workspace.view(hearing_id).mention_gaps() == []


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


def _raw_texts(path) -> list[str]:
    """Paragraph texts as written, no-break spaces kept."""
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_french_typography_no_break_spaces_everywhere_typed_text_otherwise_untouched(
    workspace, store, template, clock, tmp_path
):
    case_id = store.create_case("2026/004512", "Affaire c/ X : proxénétisme aggravé")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template, "2026/00017")
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    question = "Votre «patron» vous a-t-il menacée ?"
    answer = "Oui ! Il disait : « paie ». À 10:30; voir https://x.fr"
    store.add_entry(hearing_id, None, question, answer)
    store.add_event(hearing_id, TimelineEvent("suspend", clock.advance(minutes=35), "repas"))
    [exported] = workspace.export(hearing_id, tmp_path, ["pv"])
    raw = _raw_texts(exported.path)
    assert f"Procédure n°{NBSP}:{NBSP}2026/004512" not in raw  # the space after ":" stays breakable
    assert f"Procédure n°{NBSP}: 2026/004512" in raw
    assert f"Affaire c/ X{NBSP}: proxénétisme aggravé" in raw
    assert f"Question{NBSP}: Votre «{NBSP}patron{NBSP}» vous a-t-il menacée{NNBSP}?" in raw
    # What was typed without a space ("10:30", "10:30;", "https://") is left as typed.
    assert f"Réponse{NBSP}: Oui{NNBSP}! Il disait{NBSP}: «{NBSP}paie{NBSP}». À 10:30; voir https://x.fr" in raw
    assert f"Mention{NBSP}: avons suspendu l'audition à 9{NBSP}h{NBSP}40 pour permettre le repas." in raw
    # No ordinary space is left before a colon, semicolon, question or exclamation mark.
    assert [t for t in raw if any(f" {sign}" in t for sign in ":;?!")] == []
    footer = docx.Document(str(exported.path)).sections[0].footer.paragraphs
    assert footer[0].text == f"Paraphes{NBSP}:"
    assert f"Procédure n°{NBSP}2026/004512" in footer[-1].text


def test_every_page_has_room_for_initials_in_a_pv_only(workspace, store, build_template, small_raw, tmp_path):
    """Art. 66: the footer repeated on each page carries a "Paraphes :" line with room below it."""
    import docx.shared

    [pv] = [f for f in workspace.export(_hearing(workspace, store, build_template(small_raw)), tmp_path, ["pv"])]
    document = docx.Document(str(pv.path))
    for section in document.sections:
        first = section.footer.paragraphs[0]
        assert plain(first.text) == "Paraphes :" and first.style.name == "PV Paraphes"
        assert first.style.paragraph_format.space_after >= docx.shared.Pt(24)
    small_raw.update(id="fiche-essai", kind="fiche")
    small_raw["documents"] = [{"id": "fiche", "title": "Fiche", "model": "fiche_synthese"}]
    [fiche] = workspace.export(_hearing(workspace, store, build_template(small_raw)), tmp_path)
    assert not any("Paraphes" in p.text for p in docx.Document(str(fiche.path)).sections[0].footer.paragraphs)


def _hearing(workspace, store, template, identity=None, **answers):
    case_id = store.create_case("2026/20")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, identity or {}), template)
    for field_id, value in answers.items():
        store.set_answer(hearing_id, field_id, value)
    return hearing_id


@pytest.mark.parametrize(
    "force, line", [("police", "POLICE NATIONALE"), ("gendarmerie", "GENDARMERIE NATIONALE"), ("", None)]
)
def test_letterhead_names_the_force_of_the_profile(workspace, store, template, investigator, tmp_path, force, line):
    store.save_profile(dataclasses.replace(investigator, force=force))
    [pv] = workspace.export(_hearing(workspace, store, template), tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    assert texts[:2] == ["RÉPUBLIQUE FRANÇAISE", "MINISTÈRE DE L'INTÉRIEUR"]
    if line:
        assert texts[2] == line and texts[3] == "Brigade de protection des familles"
    else:
        assert not any("NATIONALE" in t for t in texts)


def test_case_heading_without_affaire_keeps_its_label(workspace, store, template, tmp_path):
    case_id = store.create_case("2026/21", "c/ X : proxénétisme aggravé")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    assert "Affaire : c/ X : proxénétisme aggravé" in [t for _, t in paragraphs(pv.path)]


@pytest.mark.parametrize(
    "sexe, first",
    [("féminin", "Fille de"), ("F", "Fille de"), ("masculin", "Fils de"), ("homme", "Fils de"), ("", "Enfant de")],
)
def test_filiation_agrees_with_the_sex_of_the_person_heard(workspace, store, template, tmp_path, sexe, first):
    identity = {"nom": "Rivera", "prenoms": "Alex", "sexe": sexe, "pere": "Jorge RIVERA", "mere": "Ana GÓMEZ"}
    [pv] = workspace.export(_hearing(workspace, store, template, identity, victime=identity), tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    # The parents on one line, as a sentence, in the place of the father's line.
    assert f"{first} Jorge RIVERA et de Ana GÓMEZ" in texts
    assert texts.index("Prénoms : Alex") < texts.index(f"{first} Jorge RIVERA et de Ana GÓMEZ")
    assert not any(t.startswith(("et de", f"{first} :")) for t in texts)
    assert not any("Fille ou fils" in t or "(père)" in t or "(mère)" in t for t in texts)


def test_only_mother_known_is_named_with_the_agreed_filiation(workspace, store, template, tmp_path):
    identity = {"nom": "Rivera", "prenoms": "Lucía", "sexe": "féminin", "mere": "Ana GÓMEZ"}
    [pv] = workspace.export(_hearing(workspace, store, template, identity, victime=identity), tmp_path, ["pv"])
    assert "Fille de Ana GÓMEZ" in [t for _, t in paragraphs(pv.path)]


@pytest.mark.parametrize(
    "reason, detail, mention",
    [
        ("repos", "", "avons suspendu l'audition à 9 h 10 pour permettre une pause."),
        ("repas", "", "avons suspendu l'audition à 9 h 10 pour permettre le repas."),
        ("soins", "", "avons suspendu l'audition à 9 h 10 pour permettre des soins."),
        ("interprete", "relève", "avons suspendu l'audition à 9 h 10 pour les besoins de l'interprétation (relève)."),
        ("autre", "appel du parquet", "avons suspendu l'audition à 9 h 10 (appel du parquet)."),
        ("autre", "", "avons suspendu l'audition à 9 h 10."),
    ],
)
def test_suspension_mentions_in_the_pv_active_voice(
    workspace, store, template, clock, tmp_path, reason, detail, mention
):
    hearing_id = _hearing(workspace, store, template)
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    store.add_event(hearing_id, TimelineEvent("suspend", clock.advance(minutes=5), reason, detail))
    store.add_event(hearing_id, TimelineEvent("resume", clock.advance(minutes=50)))
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    assert f"Mention : {mention}" in texts
    assert "Mention : avons repris l'audition à 10 h." in texts  # on the hour: never "10 h 00"
    assert not any("motif :" in t for t in texts)


def test_commission_rogatoire_opening_names_date_judge_court_and_information(
    workspace, store, build_template, small_raw, tmp_path
):
    fields = small_raw["sections"][0]["fields"]
    cr = {"show_if": {"field": "cadre", "equals": "commission_rogatoire"}}
    fields += [
        {"id": "cr_juge_instruction", "type": "text", "label": "Juge d'instruction mandant", **cr},
        {"id": "cr_tribunal", "type": "text", "label": "Tribunal judiciaire", **cr},
        {"id": "cr_date", "type": "date", "label": "Date de la commission rogatoire", **cr},
        {"id": "cr_information", "type": "text", "label": "Information", **cr},
        {
            "id": "cr_serment",
            "type": "yes_no",
            "label": "Serment",
            "mention": "la personne entendue prête serment de dire toute la vérité, rien que la vérité.",
            **cr,
        },
    ]
    template = build_template(small_raw)
    answers = {
        "cadre": "commission_rogatoire",
        "cr_juge_instruction": "Mme Claire AUBERT",
        "cr_tribunal": "Bobigny",
        "cr_date": "2026-02-03",
        "cr_information": "n° JI 26/00045 suivie contre X du chef de traite des êtres humains",
        "cr_serment": True,
    }
    [pv] = workspace.export(_hearing(workspace, store, template, **answers), tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    opening = texts.index(
        "Agissant en exécution de la commission rogatoire délivrée le 3 février 2026 par Mme Claire AUBERT,"
        " juge d'instruction au tribunal judiciaire de Bobigny, dans l'information n° JI 26/00045 suivie"
        " contre X du chef de traite des êtres humains, vu les articles 151 et 152 du code de procédure pénale,"
    )
    assert texts[opening + 1] == (
        "Mention : la personne entendue prête serment de dire toute la vérité, rien que la vérité."
    )
    assert not any(
        t.startswith(("Juge d'instruction mandant", "Tribunal judiciaire :", "Information :")) for t in texts
    )

    answers.update(
        cr_tribunal="tribunal judiciaire de Créteil", cr_juge_instruction="M. Paul Henry, juge d'instruction"
    )
    answers.pop("cr_information")
    [pv] = workspace.export(_hearing(workspace, store, template, **answers), tmp_path, ["pv"])
    assert (
        "Agissant en exécution de la commission rogatoire délivrée le 3 février 2026 par M. Paul Henry,"
        " juge d'instruction au tribunal judiciaire de Créteil, vu les articles 151 et 152 du code de procédure pénale,"
    ) in [t for _, t in paragraphs(pv.path)]
    # The information typed with its own word "information" (as the template's help suggests) says it once.
    answers["cr_information"] = "Information suivie contre X du chef de proxénétisme aggravé"
    [pv] = workspace.export(_hearing(workspace, store, template, **answers), tmp_path, ["pv"])
    assert any(
        t.endswith(
            "au tribunal judiciaire de Créteil, dans l'information suivie contre X du chef de proxénétisme aggravé,"
            " vu les articles 151 et 152 du code de procédure pénale,"
        )
        for _, t in paragraphs(pv.path)
    )


def test_what_the_user_typed_keeps_its_case_in_mentions(workspace, store, build_template, small_raw, tmp_path):
    """Point 16: only a template's option label is lower-cased inside a sentence, never typed text."""
    small_raw["sections"][5]["fields"] += [
        {
            "id": "cour",
            "type": "text",
            "label": "Cour",
            "mention": "inscrit sur la liste de la cour d'appel de {valeur}.",
        },
        {"id": "avocate", "type": "text", "label": "Avocate", "mention": "{valeur} assiste la personne entendue."},
    ]
    template = build_template(small_raw)
    hearing_id = _hearing(workspace, store, template, cour="Versailles", avocate="Mme LACROIX")
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    assert "Mention : inscrit sur la liste de la cour d'appel de Versailles." in texts
    assert "Mention : Mme LACROIX assiste la personne entendue." in texts


def test_signature_boxes_name_each_signatory_in_role(workspace, store, build_template, small_raw, tmp_path):
    small_raw["sections"][2]["fields"] += [
        {"id": "accompagnant", "type": "identity", "label": "Accompagnant", "parts": ["nom", "prenoms"]},
        {"id": "tiers", "type": "identity", "label": "Tiers", "parts": ["nom", "prenoms"]},
        {"id": "aah", "type": "identity", "label": "AAH", "parts": ["nom", "prenoms"]},
    ]
    small_raw["pv"]["companion"] = "accompagnant"
    small_raw["pv"]["signatories"] = [
        {"field": "tiers", "label": "Le tiers présent (art. 706-53 CPP)"},
        {"field": "aah", "label": "L'administrateur ad hoc"},
    ]
    template = build_template(small_raw)
    victim = {"nom": "Rivera", "prenoms": "Lucía", "sexe": "féminin"}
    hearing_id = _hearing(
        workspace,
        store,
        template,
        victim,
        victime=victim,
        interprete_present=True,
        interprete={"nom": "Moreno", "prenoms": "Inés"},
        accompagnant={"nom": "Durand", "prenoms": "Sophie"},
        tiers={"nom": "Petit", "prenoms": "Marc"},
        aah={"nom": "Garnier", "prenoms": "Hélène"},
    )
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    assert signature_boxes(pv.path) == [
        "La personne entendue\nRIVERA Lucía",
        "L'interprète\nMORENO Inés",
        "La personne accompagnante (art. 10-4 CPP)\nDURAND Sophie",
        "Le tiers présent (art. 706-53 CPP)\nPETIT Marc",
        "L'administrateur ad hoc\nGARNIER Hélène",
        "L'officier de police judiciaire\nCapitaine de police Camille LEFÈVRE",
    ]
    # The closing formula names the same people, in the same order, in the sentence's words.
    assert (
        "Lecture faite, persiste et signe avec nous, l'interprète, la personne accompagnante, le tiers présent"
        " et l'administrateur ad hoc." in [t for _, t in paragraphs(pv.path)]
    )
    # A companion the template also lists as a signatory signs once, under the template's label.
    small_raw["pv"]["companion"] = "tiers"
    hearing_id = _hearing(workspace, store, build_template(small_raw), victim, victime=victim, tiers={"nom": "Petit"})
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    assert signature_boxes(pv.path)[1:] == [
        "Le tiers présent (art. 706-53 CPP)\nPETIT",
        "L'officier de police judiciaire\nCapitaine de police Camille LEFÈVRE",
    ]
    assert "Lecture faite, persiste et signe avec nous et le tiers présent." in [t for _, t in paragraphs(pv.path)]


def test_closing_formula_names_who_signs_with_us_with_the_end_time(
    workspace, store, clock, build_template, small_raw, tmp_path
):
    """The closing formula: "persiste et signe avec nous, l'administrateur ad hoc et le tiers présent, à 12 h 15"."""
    small_raw["sections"][2]["fields"] += [
        {"id": "tiers", "type": "identity", "label": "Tiers", "parts": ["nom", "prenoms"]},
        {"id": "aah", "type": "identity", "label": "AAH", "parts": ["nom", "prenoms"]},
        {"id": "aah_present", "type": "yes_no", "label": "AAH présent"},
    ]
    small_raw["pv"]["signatories"] = [
        {"field": "aah", "label": "L'administrateur ad hoc", "when": {"field": "aah_present", "equals": True}},
        {"field": "tiers", "label": "Le tiers présent (art. 706-53 du code de procédure pénale)"},
    ]
    template = build_template(small_raw)
    victim = {"nom": "Vernet", "prenoms": "Maëlys", "sexe": "F"}
    answers = {
        "victime": victim, "lecture": "par_elle_meme", "signature": "signe", "aah_present": True,
        "aah": {"nom": "Fontaine", "prenoms": "Marc"}, "tiers": {"nom": "Roche", "prenoms": "Émilie"},
    }  # fmt: skip
    hearing_id = _hearing(workspace, store, template, victim, **answers)
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(hours=3, minutes=10)))  # 12:15
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    assert (
        "Lecture faite par elle-même, persiste et signe avec nous, l'administrateur ad hoc et le tiers présent,"
        " à 12 h 15." in texts
    )
    assert [b.split("\n")[0] for b in signature_boxes(pv.path)][1:3] == [
        "L'administrateur ad hoc",
        "Le tiers présent (art. 706-53 du code de procédure pénale)",
    ]
    # Whoever does not sign (``when`` false) is named neither in a box nor in the sentence.
    hearing_id = _hearing(workspace, store, template, victim, **(answers | {"aah_present": False}))
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=5)))
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=40)))  # 13:00
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])
    closing = [t for _, t in paragraphs(pv.path) if t.startswith("Lecture faite")]
    assert closing == ["Lecture faite par elle-même, persiste et signe avec nous et le tiers présent à 13 h."]
    assert not any(b.startswith("L'administrateur ad hoc") for b in signature_boxes(pv.path))


def test_an_interpreter_joined_by_telephone_neither_signs_nor_signs_with_us(
    workspace, store, build_template, small_raw, tmp_path
):
    small_raw["sections"][2]["fields"].append(
        {"id": "modalite", "type": "choice", "label": "Modalité", "options": ["present", "telephone"]}
    )
    small_raw["pv"]["signatories"] = [
        {"field": "interprete", "label": "L'interprète", "when": {"not": {"field": "modalite", "equals": "telephone"}}}
    ]
    template = build_template(small_raw)
    answers = {
        "interprete_present": True,
        "interprete": {"nom": "Moreno", "prenoms": "Inés"},
        "lecture": "par_interprete",
        "modalite": "telephone",
    }
    [pv] = workspace.export(_hearing(workspace, store, template, **answers), tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(pv.path)]
    assert "Lecture faite par traduction de l'interprète, persiste et signe avec nous." in texts
    assert signature_boxes(pv.path) == [
        "La personne entendue",
        "L'officier de police judiciaire\nCapitaine de police Camille LEFÈVRE",
    ]
    answers["modalite"] = "present"
    [pv] = workspace.export(_hearing(workspace, store, template, **answers), tmp_path, ["pv"])
    assert "Lecture faite par traduction de l'interprète, persiste et signe avec nous et l'interprète." in [
        t for _, t in paragraphs(pv.path)
    ]
    assert signature_boxes(pv.path)[1] == "L'interprète\nMORENO Inés"


@pytest.mark.slow
def test_libreoffice_and_pandoc_read_times_in_words_typography_and_paraphes_on_every_page(
    workspace, store, template, clock, tmp_path
):
    """Independent readers: the words, the no-break spaces and the initials line, one per page."""
    import datetime as dt
    import shutil
    import subprocess

    soffice, pandoc, pdftotext = (shutil.which(t) for t in ("soffice", "pandoc", "pdftotext"))
    assert soffice and pandoc and pdftotext, "run `make test`: tools/bootstrap.py installs LibreOffice and pandoc"
    clock.now = dt.datetime(2026, 3, 21, 21, 0)
    hearing_id = _hearing(workspace, store, template)
    store.add_event(hearing_id, TimelineEvent("start", clock.advance(minutes=1)))
    for i in range(60):  # several pages
        store.add_entry(hearing_id, None, f"Question numéro {i} : que s'est-il passé ?", "Réponse assez longue. " * 8)
    store.add_event(hearing_id, TimelineEvent("end", clock.advance(minutes=50)))
    [pv] = workspace.export(hearing_id, tmp_path, ["pv"])

    profile = (tmp_path / "lo-profile").as_uri()
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            pv.path,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    pages = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(tmp_path / (pv.path.stem + ".pdf")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 1
    assert all("Paraphes" in page for page in pages)
    from_pdf = " ".join(" ".join(pages).split())
    assert "L'an deux mille vingt-six, le vingt et un mars, à vingt et une heures une" in from_pdf
    assert "persiste et signe avec nous à 21 h 51." in from_pdf

    from_pandoc = subprocess.run(
        [pandoc, "--from", "docx", "--to", "plain", "--wrap", "none", str(pv.path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Question{NBSP}: Question numéro 0{NBSP}: que s'est-il passé{NNBSP}?" in from_pandoc
    assert "L'an deux mille vingt-six, le vingt et un mars, à vingt et une heures une" in from_pandoc


def test_a_field_shown_on_another_field_whose_name_holds_the_frameworks_stays_in_its_section(
    workspace, store, build_template, small_raw, tmp_path
):
    """Only a field whose condition reads the framework goes with it into the opening."""
    small_raw["sections"][0]["fields"] += [
        {"id": "cadre_saisine", "type": "yes_no", "label": "Saisine écrite"},
        {
            "id": "saisine_par",
            "type": "text",
            "label": "Saisine par",
            "show_if": {"field": "cadre_saisine", "equals": True},
        },
    ]
    template = build_template(small_raw)
    case_id = store.create_case("2026/9")
    hearing_id = workspace.start_hearing(case_id, store.add_person(case_id, {}), template)
    for field_id, value in {
        "cadre": "preliminaire",
        "cadre_saisine": True,
        "saisine_par": "le parquet de Lyon",
    }.items():
        store.set_answer(hearing_id, field_id, value)
    [exported] = workspace.export(hearing_id, tmp_path, ["pv"])
    texts = [t for _, t in paragraphs(exported.path)]
    heard = texts.index("Entendons la personne ci-dessous dénommée, qui nous déclare :")
    [line] = [i for i, t in enumerate(texts) if "le parquet de Lyon" in t]
    assert line > heard
