"""Create the Word models of resources/models/ (attestations, notices, referral forms).

Run once to (re)create them; afterwards each .docx is the reference: a
trainer opens it in Word and changes its wording or layout, keeping the
placeholders (``{{ ... }}``, ``{%p ... %}``, ``{%tr ... %}``) that docxtpl fills.
The variables are listed in docs/modeles-word.md. Every model starts from
resources/base.docx, so it uses the same named styles as the procès-verbal.

Usage: python tools/make_models.py [OUT_DIR] [NAME...]
Re-running overwrites the models named (all by default): a trainer's changes
made in Word are lost for those, so name only the ones to regenerate.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from audition_assistant.core.export.docx_writer import add_field

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "resources" / "base.docx"

TEXT, TITLE, HEAD, REF = "PV Texte", "PV Titre", "PV Intertitre", "PV Références"
LETTER, MENTION, IDENT, SIGN, FOOT = "PV En-tête", "PV Mention", "PV Identité", "PV Signature", "PV Pied de page"
CELL, CELL_HEAD = "Notice Cellule", "Notice Cellule Titre"
TO_FILL = "……………………………………"
SHADE = "D9D9D9"


# --- small writers -----------------------------------------------------------------
def new_document(title: str) -> DocxDocument:
    doc = Document(str(BASE))
    for paragraph in list(doc.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    doc.core_properties.title = title
    doc.core_properties.author = ""
    # Table cells: left-aligned (justified text leaves gaps in narrow columns).
    for name, bold in ((CELL, False), (CELL_HEAD, True)):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[TEXT]
        style.font.size = Pt(10)
        style.font.bold = bold
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(2), Pt(2)
        style.quick_style = True
    return doc


def para(doc: Any, text: str = "", style: str = TEXT, label: str = "") -> Paragraph:
    paragraph = doc.add_paragraph(style=style)
    if label:
        paragraph.add_run(label + " ").bold = True
    if text:
        paragraph.add_run(text)
    return paragraph


def centered(doc: Any, text: str, style: str = MENTION) -> None:
    para(doc, text, style).alignment = WD_ALIGN_PARAGRAPH.CENTER


def tag(doc: Any, statement: str) -> None:
    """A paragraph holding only ``{%p statement %}``: docxtpl removes the paragraph itself."""
    para(doc, "{%p " + statement + " %}")


def note(doc: DocxDocument, text: str) -> None:
    """A note for the trainer, in the model only: ``{#p ... #}`` paragraphs never reach the export."""
    assert "#" not in text and "}" not in text, text
    para(doc, "{#p " + text + " #}", MENTION)


def cell_text(cell: Any, text: str, style: str = CELL) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = paragraph.part.document.styles[style]
    paragraph.add_run(text)


def shade(cell: Any) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), SHADE)
    cell._tc.get_or_add_tcPr().append(shading)


def table(
    doc: DocxDocument, rows: Sequence[Sequence[str]], bold_rows: Sequence[int] = (), header: bool = False
) -> Table:
    grid = doc.add_table(rows=len(rows), cols=len(rows[0]))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = grid.rows[r].cells[c]
            cell_text(cell, text, CELL_HEAD if r in bold_rows else CELL)
            if r in bold_rows:
                shade(cell)
    for row in grid.rows:  # a row is never split across two pages
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if header:  # the first row is repeated at the top of each page
        grid.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    para(doc, "")  # keeps what follows clear of the table
    return grid


def signatures(doc: DocxDocument, roles: Sequence[str]) -> None:
    grid = doc.add_table(rows=1, cols=len(roles))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, role in zip(grid.rows[0].cells, roles, strict=True):
        cell_text(cell, role, SIGN)


def footer(doc: DocxDocument, text: str) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.text = ""
    paragraph.style = doc.styles[FOOT]
    paragraph.add_run(text + " — page ")
    add_field(paragraph, "PAGE")
    paragraph.add_run(" / ")
    add_field(paragraph, "NUMPAGES")


def letterhead(doc: DocxDocument) -> None:
    para(doc, "RÉPUBLIQUE FRANÇAISE", LETTER)
    para(doc, "MINISTÈRE DE L'INTÉRIEUR", LETTER)
    para(doc, "{{ enqueteur.service }}", LETTER)
    tag(doc, "if enqueteur.unite")
    para(doc, "{{ enqueteur.unite }}", LETTER)
    tag(doc, "endif")


def references_block(doc: DocxDocument) -> None:
    para(doc, "{{ procedure.numero }}", REF, "Procédure n° :")
    tag(doc, "if audition.pv_numero")
    para(doc, "{{ audition.pv_numero }}", REF, "PV n° :")
    tag(doc, "endif")
    tag(doc, "if procedure.affaire")
    para(doc, "{{ procedure.affaire }}", REF, "Affaire :")
    tag(doc, "endif")


def writer_line() -> str:
    return (
        "{{ enqueteur.nom_complet or '" + TO_FILL + "' }}{% if enqueteur.grade %}, {{ enqueteur.grade }}{% endif %}"
        ", {{ enqueteur.qualite_longue }}, {{ enqueteur.service }}"
        "{% if enqueteur.unite %}, {{ enqueteur.unite }}{% endif %}"
    )


def or_blank(expression: str) -> str:
    """``{{ x or '……' }}``: the value, or a line to fill in by hand."""
    return "{{ " + expression + " or '" + TO_FILL + "' }}"


# --- notices (bilingual) ---------------------------------------------------------
def notice(name: str, to_verify: str) -> DocxDocument:
    doc = new_document("Notice")
    note(
        doc,
        "Modèle de notice bilingue. Les textes viennent de resources/notices/" + name + "/, une langue par "
        "fichier ; la mise en page est ici. Variables : voir docs/modeles-word.md. À vérifier : " + to_verify,
    )
    letterhead(doc)
    para(doc, "{{ notice.titre|upper }}", TITLE)
    centered(doc, "{{ notice.sous_titre }}", MENTION)
    tag(doc, "if notice.bilingue")
    centered(doc, "{{ notice.titre_traduit }}", HEAD)
    centered(doc, "{{ notice.sous_titre_traduit }}", MENTION)
    tag(doc, "endif")
    references_block(doc)
    para(doc, "{{ personne.nom_complet or '" + TO_FILL + "' }}", REF, "Remis à :")
    para(doc, "{{ audition.date }}{% if audition.lieu %}, {{ audition.lieu }}{% endif %}", REF, "Date :")
    tag(doc, "if notice.bilingue")
    para(doc, "français et {{ notice.langue.libelle }}", REF, "Langues :")
    para(doc, "{{ notice.statut }}.", MENTION, "Mention :")
    table(
        doc,
        [
            ["français", "{{ notice.langue.nom }}"],
            ["{%tr for section in notice.sections %}", ""],
            ["{{ section.titre }}", "{{ section.titre_traduit }}"],
            ["{%tr for p in section.paragraphes %}", ""],
            ["{{ p.fr }}", "{{ p.traduction }}"],
            ["{%tr endfor %}", ""],
            ["{%tr endfor %}", ""],
        ],
        bold_rows=(0, 2),
        header=True,
    )
    para(doc, "Accusé de réception", HEAD)
    table(doc, [["{{ notice.accuse_reception }}", "{{ notice.accuse_reception_traduit }}"]])
    tag(doc, "else")
    tag(doc, "for section in notice.sections")
    para(doc, "{{ section.titre }}", HEAD)
    tag(doc, "for p in section.paragraphes")
    para(doc, "{{ p.fr }}")
    tag(doc, "endfor")
    tag(doc, "endfor")
    para(doc, "Accusé de réception", HEAD)
    para(doc, "{{ notice.accuse_reception }}")
    tag(doc, "endif")
    para(doc, "{{ personne.nom_complet or '" + TO_FILL + "' }}", IDENT, "Nom et prénoms :")
    para(doc, "Fait à " + or_blank("audition.lieu") + ", le {{ audition.date }}.")
    signatures(
        doc,
        [
            "{{ notice.signature }}{% if notice.bilingue %} / {{ notice.signature_traduite }}{% endif %}",
            "L'interprète (le cas échéant)",
            "{{ enqueteur.nom_complet }}, {{ enqueteur.qualite_longue }}",
        ],
    )
    footer(doc, "{{ notice.titre }} — procédure n° {{ procedure.numero }}")
    return doc


def notice_droits_victime() -> DocxDocument:
    return notice(
        "notice_droits_victime",
        "la liste des droits de l'article 10-2 du code de procédure pénale a connu des rédactions de 2021 et de "
        "2023 : vérifier la rédaction en vigueur avant toute remise.",
    )


def notice_r425_1() -> DocxDocument:
    return notice(
        "notice_r425_1",
        "conditions de délivrance des titres de séjour (L.425-1, L.425-3, L.425-4 du CESEDA) et délai de "
        "réflexion (R.425-2) : vérifier la rédaction en vigueur avant toute remise.",
    )


# --- récépissé de dépôt de plainte ---------------------------------------------------
def recepisse_plainte() -> DocxDocument:
    doc = new_document("Récépissé de dépôt de plainte")
    note(doc, "Récépissé remis à la personne qui dépose plainte. Variables : voir docs/modeles-word.md.")
    letterhead(doc)
    para(doc, "RÉCÉPISSÉ DE DÉPÔT DE PLAINTE", TITLE)
    centered(doc, "Article {{ articles['cpp-15-3'] }} du code de procédure pénale", MENTION)
    references_block(doc)
    para(doc, "Nous, " + writer_line() + ",")
    para(
        doc,
        "attestons avoir reçu, le {{ audition.date }}{% if audition.heure_debut %} à {{ audition.heure_debut }}"
        "{% endif %}, la plainte de :",
    )
    para(doc, "{{ personne.nom or '" + TO_FILL + "' }}", IDENT, "Nom :")
    para(doc, "{{ personne.prenoms or '" + TO_FILL + "' }}", IDENT, "Prénoms :")
    para(
        doc,
        "{{ personne.date_naissance or '" + TO_FILL + "' }}{% if personne.lieu_naissance %} à "
        "{{ personne.lieu_naissance }}{% endif %}{% if personne.pays_naissance %} ({{ personne.pays_naissance }})"
        "{% endif %}",
        IDENT,
        "{{ accord('Née le', 'Né le') }} :",
    )
    tag(doc, "if valeurs.souhait_domiciliation")
    para(
        doc,
        "chez un tiers, à l'adresse déclarée pour la procédure : " + or_blank("champs.domiciliation_adresse"),
        IDENT,
        "Domicile déclaré :",
    )
    tag(doc, "else")
    para(doc, or_blank("personne.adresse"), IDENT, "Domicile ou adresse déclarée :")
    tag(doc, "endif")
    para(doc, "{{ procedure.qualification or procedure.affaire or '" + TO_FILL + "' }}", TEXT, "Faits dénoncés :")
    para(
        doc,
        "La plainte est consignée au procès-verbal n° {{ audition.pv_numero or '" + TO_FILL + "' }} de la "
        "procédure n° {{ procedure.numero }}.",
    )
    para(
        doc,
        "{{ accord('La plaignante', 'Le plaignant') }} peut obtenir, à sa demande, une copie du procès-verbal de "
        "sa plainte (article {{ articles['cpp-15-3'] }} du code de procédure pénale). "
        "{{ accord('Elle', 'Il') }} est informé{{ accord('e', '') }} de ses droits de victime par un document "
        "distinct (article {{ articles['cpp-10-2'] }} du même code).",
        MENTION,
    )
    para(doc, "Fait à " + or_blank("audition.lieu") + ", le {{ audition.date }}.")
    signatures(doc, ["{{ accord('La plaignante', 'Le plaignant') }}", "L'{{ enqueteur.qualite_longue }}"])
    footer(doc, "Récépissé de dépôt de plainte — procédure n° {{ procedure.numero }}")
    return doc


# --- fiches d'orientation --------------------------------------------------------------
def service_block(doc: DocxDocument) -> None:
    para(doc, "Service qui oriente", HEAD)
    para(doc, "{{ enqueteur.service or procedure.service or '" + TO_FILL + "' }}", IDENT, "Service :")
    para(doc, writer_line(), IDENT, "Enquêteur :")
    para(doc, TO_FILL, IDENT, "Téléphone et courriel du service :")
    para(
        doc,
        "{{ procedure.numero }}{% if procedure.qualification %} — {{ procedure.qualification }}{% endif %}",
        IDENT,
        "Procédure :",
    )


def person_block(doc: DocxDocument, heading: str) -> None:
    para(doc, heading, HEAD)
    para(doc, "{{ personne.nom_complet or '" + TO_FILL + "' }}", IDENT, "Nom et prénoms :")
    para(doc, "{{ personne.sexe or '" + TO_FILL + "' }}", IDENT, "Sexe :")
    para(
        doc,
        "{{ personne.date_naissance or '" + TO_FILL + "' }}{% if derives.age_victime != '' %} "
        "({{ derives.age_victime }} ans){% endif %}",
        IDENT,
        "Date de naissance :",
    )
    para(doc, or_blank("personne.nationalite"), IDENT, "Nationalité :")
    para(doc, or_blank("personne.langues"), IDENT, "Langues parlées :")
    para(
        doc,
        "{% if valeurs.interprete_present %}oui{% if champs.langue_interpretation %} "
        "({{ champs.langue_interpretation }}){% endif %}{% else %}" + TO_FILL + "{% endif %}",
        IDENT,
        "Interprète nécessaire :",
    )
    para(doc, or_blank("personne.enfants"), IDENT, "Enfants :")
    para(doc, or_blank("champs.contact_sur"), IDENT, "Moyen de la joindre en sécurité :")


def situation_block(doc: DocxDocument) -> None:
    para(doc, "Situation et besoins", HEAD)
    para(doc, or_blank("champs.evvi_represailles"), IDENT, "Risque de représailles :")
    para(doc, or_blank("champs.evvi_menaces_proches"), IDENT, "Menaces visant des proches :")
    para(doc, or_blank("champs.evvi_besoins_protection"), IDENT, "Besoins de protection :")
    para(doc, or_blank("champs.evvi_vulnerabilites"), IDENT, "Vulnérabilités :")
    para(doc, or_blank("champs.mise_a_l_abri"), IDENT, "Mise en sécurité actuelle :")
    para(doc, or_blank("champs.souhait_plainte"), IDENT, "Plainte déposée ou souhaitée :")


def orientation_acse() -> DocxDocument:
    doc = new_document("Fiche d'orientation vers le dispositif Ac.Sé")
    note(
        doc,
        "Fiche de liaison transmise à la coordination Ac.Sé après l'appel téléphonique. Numéro de la "
        "coordination : à vérifier sur acse-alc.org avant tout appel, il n'est pas imprimé ici.",
    )
    letterhead(doc)
    para(doc, "FICHE D'ORIENTATION VERS LE DISPOSITIF NATIONAL AC.SÉ", TITLE)
    para(
        doc,
        "Dispositif national d'accueil et de protection des victimes de la traite des êtres humains, coordonné par "
        "l'association ALC (article {{ articles['ceseda-r425-8'] }} du CESEDA)",
        MENTION,
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(
        doc,
        "Ac.Sé accueille des personnes majeures, de toute nationalité et de tout sexe, victimes de toute forme de "
        "traite des êtres humains, en danger sur place et ayant besoin d'un éloignement géographique. Ce n'est pas un "
        "dispositif d'urgence : la mise à l'abri immédiate est organisée localement (115). L'accord de la personne "
        "est indispensable. Un professionnel contacte la coordination par téléphone, du lundi au vendredi "
        "(coordonnées à jour sur acse-alc.org).",
        MENTION,
        "Rappel :",
    )
    service_block(doc)
    person_block(doc, "Personne orientée")
    situation_block(doc)
    para(doc, "Orientation", HEAD)
    para(doc, "{{ case(valeurs.souhait_acse) }} la personne accepte l'orientation vers le dispositif Ac.Sé", IDENT)
    para(doc, "{{ case(valeurs.securite_evaluee) }} sécurité à la sortie du service évaluée avec elle", IDENT)
    para(doc, or_blank("champs.orientation"), IDENT, "Orientations proposées :")
    para(doc, or_blank("champs.orientation_contact"), IDENT, "Coordination contactée (date, interlocuteur) :")
    para(doc, or_blank("champs.orientation_observations"), IDENT, "Observations :")
    para(doc, "Fait à " + or_blank("audition.lieu") + ", le {{ audition.date }}.")
    signatures(doc, ["Accord de la personne", "L'{{ enqueteur.qualite_longue }}"])
    footer(doc, "Orientation Ac.Sé — procédure n° {{ procedure.numero }} — document confidentiel")
    return doc


def orientation_koutcha() -> DocxDocument:
    doc = new_document("Fiche de liaison Koutcha / réseau Satouk")
    note(
        doc,
        "Fiche de liaison vers l'association Koutcha et son réseau Satouk, pour un mineur ou un jeune majeur. "
        "À vérifier : coordonnées sur koutcha.org, et décision de placement nécessaire pour un mineur.",
    )
    letterhead(doc)
    para(doc, "FICHE DE LIAISON — ASSOCIATION KOUTCHA, RÉSEAU SATOUK", TITLE)
    centered(doc, "Mineurs et jeunes majeurs victimes de traite des êtres humains", MENTION)
    para(
        doc,
        "L'association Koutcha et son réseau Satouk accueillent des mineurs et de jeunes majeurs victimes de toute "
        "forme de traite des êtres humains, dans des structures d'accueil éloignées du lieu des faits. L'aide sociale "
        "à l'enfance, la protection judiciaire de la jeunesse, les services de police ou de gendarmerie ou une "
        "association alertent Koutcha, qui analyse la situation ; suivent une demande d'admission et une convention "
        "entre les parties. Pour un mineur, une décision de placement est nécessaire (à vérifier avec le parquet). "
        "Coordonnées à jour sur koutcha.org.",
        MENTION,
        "Rappel :",
    )
    service_block(doc)
    person_block(doc, "Jeune orienté(e)")
    para(doc, "Cadre de la prise en charge", HEAD)
    para(doc, "{% if derives.victime_mineure %}mineur(e){% else %}" + TO_FILL + "{% endif %}", IDENT, "Minorité :")
    para(doc, TO_FILL, IDENT, "Magistrat du parquet avisé (nom, date) :")
    para(doc, TO_FILL, IDENT, "Juge des enfants saisi, décision de placement (date) :")
    para(doc, TO_FILL, IDENT, "Service référent (ASE, PJJ) et interlocuteur :")
    para(doc, TO_FILL, IDENT, "Représentant légal ou administrateur ad hoc :")
    situation_block(doc)
    para(doc, "Orientation", HEAD)
    para(doc, "{{ case(False) }} le ou la jeune a été informé(e) de l'orientation et a pu donner son avis", IDENT)
    para(doc, or_blank("champs.orientation_contact"), IDENT, "Koutcha contactée (date, interlocuteur) :")
    para(doc, or_blank("champs.orientation_observations"), IDENT, "Observations :")
    para(doc, "Fait à " + or_blank("audition.lieu") + ", le {{ audition.date }}.")
    signatures(doc, ["Le service référent", "L'{{ enqueteur.qualite_longue }}"])
    footer(doc, "Liaison Koutcha / Satouk — procédure n° {{ procedure.numero }} — document confidentiel")
    return doc


# --- déclaration de domicile ---------------------------------------------------------------
def declaration_domicile_tiers() -> DocxDocument:
    doc = new_document("Déclaration d'adresse chez un tiers")
    note(
        doc,
        "Déclaration de domicile de la victime. À vérifier : rédaction en vigueur des articles 10-2 9°, "
        "40-4-1, 706-57 et 706-40-1 du code de procédure pénale.",
    )
    letterhead(doc)
    para(doc, "DÉCLARATION DE DOMICILE À L'ADRESSE D'UN TIERS", TITLE)
    para(
        doc,
        "Articles {{ articles['cpp-10-2'] }} (9°) et {{ articles['cpp-40-4-1'] }} du code de procédure pénale",
        MENTION,
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    references_block(doc)
    para(
        doc,
        "Je {{ accord('soussignée', 'soussigné') }} {{ personne.nom_complet or '" + TO_FILL + "' }}, "
        "{{ accord('née', 'né') }} le {{ personne.date_naissance or '" + TO_FILL + "' }}"
        "{% if personne.lieu_naissance %} à {{ personne.lieu_naissance }}{% endif %}, victime dans la procédure "
        "n° {{ procedure.numero }}, déclare, pour les besoins de cette procédure, élire domicile :",
    )
    para(
        doc,
        "{{ case(valeurs.souhait_domiciliation) }} chez un tiers, avec son accord exprès (article "
        "{{ articles['cpp-40-4-1'] }} du code de procédure pénale) ;",
        IDENT,
    )
    para(
        doc,
        "{{ case(False) }} à l'adresse du commissariat ou de la brigade de gendarmerie, sur autorisation du "
        "procureur de la République ou du juge d'instruction (article {{ articles['cpp-706-57'] }}) ;",
        IDENT,
    )
    para(
        doc,
        "{{ case(False) }} à l'adresse de mon avocat ou d'une association, en raison d'un grave danger (article "
        "{{ articles['cpp-706-40-1'] }}).",
        IDENT,
    )
    para(doc, or_blank("champs.domiciliation_adresse"), IDENT, "Tiers et adresse déclarée :")
    para(
        doc,
        "Les convocations et les actes de la procédure qui me sont destinés seront adressés à cette adresse. Je "
        "m'engage à signaler à l'enquêteur ou au procureur de la République tout changement de cette adresse.",
    )
    para(doc, "Fait à " + or_blank("audition.lieu") + ", le {{ audition.date }}.")
    signatures(doc, ["{{ accord('La déclarante', 'Le déclarant') }}", "L'{{ enqueteur.qualite_longue }}"])
    para(doc, "Accord du tiers", HEAD)
    para(doc, "{{ case(valeurs.domiciliation_accord) }} accord exprès du tiers recueilli", IDENT)
    para(doc, TO_FILL, IDENT, "Nom, prénoms et qualité du tiers :")
    para(
        doc,
        "J'accepte que mon adresse, indiquée ci-dessus, soit déclarée comme domicile de "
        "{{ personne.nom_complet or '" + TO_FILL + "' }} pour les besoins de la procédure, et je m'engage à lui "
        "transmettre sans délai les courriers qui lui sont destinés.",
    )
    signatures(doc, ["Le tiers (date et signature)"])
    footer(doc, "Déclaration de domicile — procédure n° {{ procedure.numero }} — document confidentiel")
    return doc


MODELS: dict[str, Callable[[], DocxDocument]] = {
    "notice_droits_victime": notice_droits_victime,
    "notice_r425_1": notice_r425_1,
    "recepisse_plainte": recepisse_plainte,
    "orientation_acse": orientation_acse,
    "orientation_koutcha": orientation_koutcha,
    "declaration_domicile_tiers": declaration_domicile_tiers,
}


def main(out: Path, names: Sequence[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in names or MODELS:
        document = MODELS[name]()
        for section in document.sections:
            section.left_margin, section.right_margin = Cm(2), Cm(2)
        document.save(str(out / f"{name}.docx"))
        print(out / f"{name}.docx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "models", sys.argv[2:])
