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


def letterhead(doc: DocxDocument, handed: bool = False) -> None:
    """The letterhead; a document ``handed`` to the victim names no service (her exploiters may find it)."""
    para(doc, "RÉPUBLIQUE FRANÇAISE", LETTER)
    para(doc, "MINISTÈRE DE L'INTÉRIEUR", LETTER)
    if handed:
        return
    para(doc, "{{ enqueteur.service }}", LETTER)
    tag(doc, "if enqueteur.unite")
    para(doc, "{{ enqueteur.unite }}", LETTER)
    tag(doc, "endif")


def references_block(doc: DocxDocument, handed: bool = False) -> None:
    """Procedure and PV numbers; the case heading (it may name the charges) stays off handed documents."""
    para(doc, "{{ procedure.numero }}", REF, "Procédure n° :")
    tag(doc, "if audition.pv_numero")
    para(doc, "{{ audition.pv_numero }}", REF, "PV n° :")
    tag(doc, "endif")
    if handed:
        return
    tag(doc, "if procedure.affaire")
    para(doc, "{{ procedure.affaire }}", REF, "Affaire :")
    tag(doc, "endif")


def writer_line(handed: bool = False) -> str:
    """``Claire DELORME, capitaine de police, officier de police judiciaire[, service]``."""
    line = (
        "{{ enqueteur.nom_complet or '" + TO_FILL + "' }}{% if enqueteur.grade %}, {{ enqueteur.grade }}{% endif %}"
        ", {{ enqueteur.qualite_longue }}"
    )
    if handed:
        return line
    return line + ", {{ enqueteur.service }}{% if enqueteur.unite %}, {{ enqueteur.unite }}{% endif %}"


# The adult who acts for a minor, from the minor template's fields (empty for an adult).
ADULT_FOR_MINOR = (
    "{% if champs.administrateur_ad_hoc|string %}l'administrateur ad hoc, {{ champs.administrateur_ad_hoc }}"
    "{% elif champs.representant_legal|string %}le représentant légal, {{ champs.representant_legal }}"
    "{% else %}l'adulte qui représente le mineur (qualité, nom) : " + TO_FILL + "{% endif %}"
)
ADULT_ROLE = (
    "{% if champs.administrateur_ad_hoc|string %}L'administrateur ad hoc"
    "{% elif champs.representant_legal|string %}Le représentant légal"
    "{% else %}L'adulte qui représente le mineur{% endif %}"
)


def or_blank(expression: str) -> str:
    """``{{ x or '……' }}``: the value, or a line to fill in by hand."""
    return "{{ " + expression + " or '" + TO_FILL + "' }}"


# --- notices (bilingual) ---------------------------------------------------------
# The section for the adult who represents a minor is addressed to the one who does (French title).
SECTION_TITLE = (
    "{% if section.id == 'representant' and champs.administrateur_ad_hoc|string %}À l'administrateur ad hoc"
    "{% elif section.id == 'representant' and champs.representant_legal|string %}Au représentant légal"
    "{% else %}{{ section.titre }}{% endif %}"
)


def notice(name: str, to_verify: str) -> DocxDocument:
    doc = new_document("Notice")
    note(
        doc,
        "Modèle de notice bilingue. Les textes viennent de resources/notices/" + name + "/, une langue par "
        "fichier ; la mise en page est ici. Variables : voir docs/modeles-word.md. À vérifier : " + to_verify,
    )
    letterhead(doc, handed=True)
    para(doc, "{{ notice.titre|upper }}", TITLE)
    centered(doc, "{{ notice.sous_titre }}", MENTION)
    tag(doc, "if notice.bilingue")
    centered(doc, "{{ notice.titre_traduit }}", HEAD)
    centered(doc, "{{ notice.sous_titre_traduit }}", MENTION)
    tag(doc, "endif")
    references_block(doc, handed=True)
    para(
        doc,
        "{{ personne.nom_complet or '"
        + TO_FILL
        + "' }}{% if notice.mineur %}, et à "
        + ADULT_FOR_MINOR
        + "{% endif %}",
        REF,
        "Remis à :",
    )
    para(doc, "{{ audition.date }}{% if audition.lieu %}, {{ audition.lieu }}{% endif %}", REF, "Date :")
    tag(doc, "if notice.bilingue")
    para(doc, "français et {{ notice.langue.libelle }}", REF, "Langues :")
    para(doc, "{{ notice.statut }}.", MENTION, "Mention :")
    table(
        doc,
        [
            ["français", "{{ notice.langue.nom }}"],
            ["{%tr for section in notice.sections %}", ""],
            [SECTION_TITLE, "{{ section.titre_traduit }}"],
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
    para(doc, SECTION_TITLE, HEAD)
    tag(doc, "for p in section.paragraphes")
    para(doc, "{{ p.fr }}")
    tag(doc, "endfor")
    tag(doc, "endfor")
    para(doc, "Accusé de réception", HEAD)
    para(doc, "{{ notice.accuse_reception }}")
    tag(doc, "endif")
    para(doc, "{{ personne.nom_complet or '" + TO_FILL + "' }}", IDENT, "Nom et prénoms :")
    para(doc, "Fait à " + or_blank("audition.fait_a") + ", le {{ audition.date }}.")
    person = "{{ notice.signature }}{% if notice.bilingue %} / {{ notice.signature_traduite }}{% endif %}"
    writer = "{{ enqueteur.nom_complet }}, {{ enqueteur.qualite_longue }}"
    tag(doc, "if interprete")  # the interpreter, named, signs only when there was one
    signatures(doc, [person, "L'interprète, {{ interprete }}", writer])
    tag(doc, "else")
    signatures(doc, [person, writer])
    tag(doc, "endif")
    tag(doc, "if notice.mineur")
    para(
        doc,
        "Reçu également par " + ADULT_FOR_MINOR + ", qui exerce les droits "
        "{{ accord('de la mineure avec elle', 'du mineur avec lui') }} et en son nom "
        "(articles {{ articles['cpp-10-2'] }} et {{ articles['cpp-706-50'] }} du code de procédure pénale).",
    )
    signatures(doc, [ADULT_ROLE + " (signature)"])
    tag(doc, "endif")
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
# Who complained, for a minor: the minor template's ``plainte_par`` (representant_legal | administrateur_ad_hoc).
# (``plainte`` = administrateur_ad_hoc | representant is the minor template's older shape, still read.)
BY_AAH = "'administrateur_ad_hoc' in (valeurs.plainte_par, valeurs.plainte)"
BY_REP = "valeurs.plainte_par == 'representant_legal' or valeurs.plainte == 'representant'"
COMPLAINANT = (
    "{% if " + BY_AAH + " %}L'administrateur ad hoc{% elif " + BY_REP + " %}Le représentant légal"
    "{% else %}{{ accord('La plaignante', 'Le plaignant') }}{% endif %}"
)


# The time the complaint was received (plainte_heure, else the hearing's end: never its start), and the PV.
WHEN_RECEIVED = (
    "{% if audition.heure_plainte %} à {{ audition.heure_plainte }}{% endif %}"
    "{% if audition.pv_numero %}, au cours de l'audition consignée au procès-verbal n° {{ audition.pv_numero }}"
    "{% endif %}"
)
COURT = (
    "du procureur de la République{% if procedure.tribunal %} près le tribunal judiciaire "
    "{{ procedure.tribunal }}{% endif %}"
)


def recepisse_plainte() -> DocxDocument:
    doc = new_document("Récépissé de dépôt de plainte")
    note(
        doc,
        "Récépissé remis immédiatement à la personne qui dépose plainte (article 15-3 du code de procédure "
        "pénale). Produit seulement quand le procès-verbal consigne la plainte (champ plainte : porte_plainte). "
        "Heure : champ plainte_heure, à défaut fin de l'audition, jamais son début. Avec un interprète, le "
        "récépissé porte la mention de sa traduction orale et la signature de l'interprète. "
        "Document remis : ni nom du service, ni chefs de poursuite, ni adresse. Variables : voir "
        "docs/modeles-word.md. À vérifier : rédaction en vigueur des articles 7 à 9 (délais pour les mineurs, "
        "liste des délits à vingt ans) et 85 du code de procédure pénale.",
    )
    letterhead(doc, handed=True)
    para(doc, "RÉCÉPISSÉ DE DÉPÔT DE PLAINTE", TITLE)
    centered(doc, "Article {{ articles['cpp-15-3'] }} du code de procédure pénale", MENTION)
    references_block(doc, handed=True)
    para(doc, "Nous, " + writer_line(handed=True) + ",")
    tag(doc, "if " + BY_AAH + " or " + BY_REP)
    para(
        doc,
        "attestons avoir reçu, le {{ audition.date }}"
        + WHEN_RECEIVED
        + ", la plainte déposée au nom {{ accord('de la mineure', 'du mineur') }} "
        "désigné{{ accord('e', '') }} ci-dessous par "
        "{% if "
        + BY_AAH
        + " %}son administrateur ad hoc, "
        + or_blank("champs.administrateur_ad_hoc|string")
        + "{% else %}son représentant légal, "
        + or_blank("champs.representant_legal|string")
        + "{% endif %}"
        "{% if champs.plainte_contre %}, contre {{ champs.plainte_contre }}{% endif %}.",
    )
    para(doc, "Victime mineure", HEAD)
    tag(doc, "else")
    para(
        doc,
        "attestons avoir reçu, le {{ audition.date }}"
        + WHEN_RECEIVED
        + ", la plainte{% if champs.plainte_contre %} contre {{ champs.plainte_contre }}{% endif %} de :",
    )
    tag(doc, "endif")
    para(doc, "{{ personne.nom or '" + TO_FILL + "' }}", IDENT, "Nom :")
    para(doc, "{{ personne.prenoms or '" + TO_FILL + "' }}", IDENT, "Prénoms :")
    para(
        doc,
        "{{ personne.date_naissance or '" + TO_FILL + "' }}{% if personne.lieu_naissance %} à "
        "{{ personne.lieu_pays_naissance }}{% elif personne.pays_naissance %} ({{ personne.pays_naissance }})"
        "{% endif %}",
        IDENT,
        "{{ accord('Née le', 'Né le') }} :",
    )
    para(
        doc,
        "Pour suivre votre plainte, rappelez le numéro de la procédure, n° {{ procedure.numero }}, auprès de "
        "l'enquêteur qui l'a reçue ou " + COURT + ".",
    )
    tag(doc, "if valeurs.plainte_copie_demandee")
    para(
        doc,
        "Une copie du procès-verbal de plainte, demandée, a été remise immédiatement (article "
        "{{ articles['cpp-15-3'] }} du code de procédure pénale).",
        MENTION,
    )
    tag(doc, "else")
    para(
        doc,
        "Une copie du procès-verbal de plainte est remise immédiatement si vous la demandez (article "
        "{{ articles['cpp-15-3'] }} du code de procédure pénale).",
        MENTION,
    )
    tag(doc, "endif")
    para(doc, "Délais de prescription de l'action publique", HEAD)
    para(
        doc,
        "Passé un certain délai, l'auteur des faits ne peut plus être poursuivi : c'est la prescription de "
        "l'action publique (articles {{ articles['cpp-7'] }} à {{ articles['cpp-9'] }} du code de procédure "
        "pénale). En règle générale, ce délai est de vingt ans pour un crime, de six ans pour un délit et d'un "
        "an pour une contravention, à compter du jour où l'infraction a été commise ; il est interrompu par les "
        "actes d'enquête et de poursuite.",
    )
    para(
        doc,
        "Lorsque la victime est mineure, pour certains crimes et délits (ceux que mentionne l'article "
        "{{ articles['cpp-706-47'] }} du code de procédure pénale), le délai ne court qu'à partir de sa majorité "
        "et il est plus long : trente ans pour ces crimes, dix ou vingt ans pour ces délits.",
    )
    para(
        doc,
        "Vous pouvez interrompre le délai de prescription en déposant une plainte avec constitution de partie "
        "civile devant le doyen des juges d'instruction (article {{ articles['cpp-85'] }} du code de procédure "
        "pénale). Pour un délit, cette plainte est recevable lorsque le procureur de la République vous a fait "
        "savoir qu'il n'engagera pas lui-même de poursuites, ou trois mois après le dépôt de votre plainte.",
    )
    para(
        doc,
        "Vos droits de victime vous sont présentés par un document distinct (article {{ articles['cpp-10-2'] }} "
        "du code de procédure pénale). Aide aux victimes : 116 006 (appel gratuit). Urgence : 17 ou 112, "
        "par SMS : 114.",
        MENTION,
    )
    tag(doc, "if interprete")
    para(
        doc,
        "le présent récépissé a été traduit oralement{% if champs.langue_interpretation %} en "
        "{{ champs.langue_interpretation }}{% endif %} par l'interprète, {{ interprete }}.",
        MENTION,
        "Mention :",
    )
    tag(doc, "endif")
    para(doc, "Fait à " + or_blank("audition.fait_a") + ", le {{ audition.date }}.")
    tag(doc, "if interprete")
    signatures(doc, [COMPLAINANT, "L'interprète, {{ interprete }}", "L'{{ enqueteur.qualite_longue }}"])
    tag(doc, "else")
    signatures(doc, [COMPLAINANT, "L'{{ enqueteur.qualite_longue }}"])
    tag(doc, "endif")
    footer(doc, "Récépissé de dépôt de plainte — procédure n° {{ procedure.numero }}")
    return doc


# --- fiches d'orientation --------------------------------------------------------------
# A referral form goes to the association: what it needs to receive the person, with her consent,
# never the charges in full, nor the investigator's assessment worded as a judgement of her.
VULNERABILITIES = {  # evvi_vulnerabilites codes -> the words sent to the association
    "grossesse": "grossesse",
    "handicap": "handicap",
    "age": "âge",
    "isolement": "isolement (linguistique, social ou familial)",
    "dependance": "dépendance économique, au logement ou administrative",
    "sante": "état de santé à prendre en compte",
    "situation_administrative": "situation administrative précaire",
    "enfants_a_charge": "charge de famille",
    "autre": "autre (à préciser par téléphone)",
    # the minor template's codes
    "moins_15": "moins de quinze ans",
    "placement": "placement en protection de l'enfance",
    "fugues": "fugues répétées",
    "descolarisation": "déscolarisation",
    "dependance_affective": "lien affectif avec une personne mise en cause",
    "consommations": "besoin de soins",
}


def vulnerabilities() -> str:
    """The ticked vulnerabilities in neutral words, from the codes (never the template's labels)."""
    table = "{" + ", ".join(f"'{code}': \"{words}\"" for code, words in VULNERABILITIES.items()) + "}"
    return (
        "{% set mots = " + table + " %}"
        "{% for code in valeurs.evvi_vulnerabilites if code in mots %}{{ mots[code] }}{% if not loop.last %}, "
        "{% endif %}{% else %}aucun signalé{% endfor %}"
    )


BY_PHONE = "à préciser par téléphone avec le service qui oriente"


def service_block(doc: DocxDocument) -> None:
    para(doc, "Service qui oriente", HEAD)
    para(doc, "{{ enqueteur.service or procedure.service or '" + TO_FILL + "' }}", IDENT, "Service :")
    para(
        doc,
        writer_line()
        + "{% if enqueteur.matricule %} ({{ enqueteur.matricule_libelle }} {{ enqueteur.matricule }}){% endif %}",
        IDENT,
        "Enquêteur :",
    )
    para(doc, or_blank("enqueteur.coordonnees"), IDENT, "Téléphone et courriel de l'enquêteur :")
    para(doc, "{{ procedure.numero }}", IDENT, "Procédure n° :")


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
        "({{ champs.langue_interpretation }}){% endif %}{% elif valeurs.interprete_present is sameas false %}non"
        "{% else %}" + TO_FILL + "{% endif %}",
        IDENT,
        "Interprète nécessaire :",
    )
    # contact_sur and mise_a_l_abri are the investigator's notes: never printed, given by telephone.
    para(
        doc,
        "{{ champs.contact_sur or '" + BY_PHONE + "' }}",
        IDENT,
        "Moyen de {{ accord('la', 'le') }} joindre en sécurité :",
    )


def situation_block(doc: DocxDocument) -> None:
    para(doc, "Situation et besoins", HEAD)
    para(doc, or_blank("champs.evvi_represailles|lower"), IDENT, "Risque de représailles :")
    para(doc, "{{ champs.evvi_menaces_proches or 'aucune déclarée' }}", IDENT, "Menaces visant des proches :")
    para(doc, or_blank("champs.evvi_besoins_protection"), IDENT, "Besoins de protection :")
    para(doc, vulnerabilities(), IDENT, "Points d'attention pour l'accueil :")
    tag(doc, "if champs.evvi_risque_fugue")
    para(doc, "{{ champs.evvi_risque_fugue|lower }}", IDENT, "Risque de nouvelle fugue :")
    tag(doc, "endif")
    tag(doc, "if valeurs.evvi_diffusion_images is sameas true")
    para(doc, "oui (retrait des contenus à suivre)", IDENT, "Images intimes diffusées en ligne :")
    tag(doc, "endif")
    para(doc, "{{ champs.mise_a_l_abri or '" + BY_PHONE + "' }}", IDENT, "Mise en sécurité actuelle :")


def procedure_lines(doc: DocxDocument) -> None:
    """The magistrate informed and the complaint filed (its date, never the charges), when the hearing says so."""
    magistrate = "champs.magistrat_avise or champs.demande_reparation_accord"
    tag(doc, "if " + magistrate)
    para(doc, "{{ " + magistrate + " }}", IDENT, "Magistrat avisé :")
    tag(doc, "endif")
    tag(doc, "if valeurs.plainte == 'porte_plainte'")
    para(doc, "déposée le {{ audition.date }}", IDENT, "Plainte :")
    tag(doc, "endif")


def consent_block(doc: DocxDocument, text: str, who: str) -> None:
    """The consent text read to the person, and whether she (or he) agreed after hearing it."""
    para(doc, "Consentement", HEAD)
    para(
        doc,
        "Texte lu à " + who + "{% if interprete %}, et traduit{% if champs.langue_interpretation %} en "
        "{{ champs.langue_interpretation }}{% endif %} par l'interprète, {{ interprete }},{% endif %} avant l'envoi "
        "de la fiche :",
    )
    para(doc, "« " + text + " »", MENTION)
    para(
        doc,
        "{% if valeurs.orientation_consentement == True %}Après cette lecture, " + who + " a donné son accord à "
        "l'envoi de la fiche.{% elif valeurs.orientation_consentement == False %}Après cette lecture, "
        + who
        + " n'a pas donné son accord : la fiche ne doit pas être envoyée.{% else %}Accord après lecture : "
        + TO_FILL
        + "{% endif %}",
        IDENT,
    )


def orientation_acse() -> DocxDocument:
    doc = new_document("Fiche d'orientation vers le dispositif Ac.Sé")
    note(
        doc,
        "Fiche de liaison transmise à la coordination Ac.Sé après l'appel téléphonique, avec l'accord de la "
        "personne. Numéro de la coordination : à vérifier sur acse-alc.org avant tout appel, il n'est pas "
        "imprimé ici.",
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
    para(doc, or_blank("champs.orientation_contact"), IDENT, "Coordination contactée (date, interlocuteur) :")
    procedure_lines(doc)
    tag(doc, "if champs.orientation_observations")
    para(doc, "{{ champs.orientation_observations }}", IDENT, "Observations :")
    tag(doc, "endif")
    consent_block(
        doc,
        "Cette fiche sera envoyée à la coordination du dispositif Ac.Sé (association ALC), pour que vous soit "
        "proposé un accueil protégé loin du lieu des faits. Elle contient votre identité, la langue que vous "
        "parlez et ce qui est utile pour vous accueillir ; elle ne contient pas votre récit. Le moyen de vous "
        "joindre en sécurité sera donné par téléphone. Vous pouvez refuser, ou retirer votre accord à tout "
        "moment : l'aide à laquelle vous avez droit et vos droits de victime n'en dépendent pas. "
        "Acceptez-vous qu'elle soit envoyée ?",
        "la personne",
    )
    para(doc, "Fait à " + or_blank("audition.fait_a") + ", le {{ audition.date }}.")
    tag(doc, "if interprete")
    signatures(doc, ["Accord de la personne", "L'interprète, {{ interprete }}", "L'{{ enqueteur.qualite_longue }}"])
    tag(doc, "else")
    signatures(doc, ["Accord de la personne", "L'{{ enqueteur.qualite_longue }}"])
    tag(doc, "endif")
    footer(doc, "Orientation Ac.Sé — procédure n° {{ procedure.numero }} — document confidentiel")
    return doc


def orientation_koutcha() -> DocxDocument:
    doc = new_document("Fiche de liaison Koutcha / réseau Satouk")
    note(
        doc,
        "Fiche de liaison vers l'association Koutcha et son réseau Satouk, pour un mineur ou un jeune majeur. "
        "À vérifier : coordonnées sur koutcha.org, et cadre de la décision de placement d'un mineur (juge des "
        "enfants, ordonnance de placement provisoire du parquet en urgence).",
    )
    letterhead(doc)
    para(doc, "FICHE DE LIAISON — ASSOCIATION KOUTCHA, RÉSEAU SATOUK", TITLE)
    centered(doc, "Mineurs et jeunes majeurs victimes de traite des êtres humains", MENTION)
    para(
        doc,
        "L'association Koutcha et son réseau Satouk accueillent des mineurs et de jeunes majeurs victimes de toute "
        "forme de traite des êtres humains, dans des structures d'accueil éloignées du lieu des faits. L'aide sociale "
        "à l'enfance, la protection judiciaire de la jeunesse, les services de police ou de gendarmerie ou une "
        "association alertent Koutcha, qui analyse la situation ; une demande d'admission puis une convention "
        "tripartite suivent. Le placement d'un mineur est décidé par le juge des enfants (en urgence, par le "
        "procureur de la République, qui saisit le juge des enfants). Coordonnées à jour sur koutcha.org.",
        MENTION,
        "Rappel :",
    )
    service_block(doc)
    person_block(doc, "Jeune {{ accord('orientée', 'orienté') }}")
    para(doc, "Cadre de la prise en charge", HEAD)
    para(
        doc,
        "{% if derives.victime_mineure %}{{ accord('mineure', 'mineur') }}{% else %}" + TO_FILL + "{% endif %}",
        IDENT,
        "Minorité :",
    )
    para(doc, or_blank("champs.magistrat_avise"), IDENT, "Magistrat du parquet avisé :")
    para(
        doc,
        "{{ champs.juge_enfants or '" + TO_FILL + "' }}{% if champs.juge_enfants_precisions %} — "
        "{{ champs.juge_enfants_precisions }}{% endif %}",
        IDENT,
        "Juge des enfants :",
    )
    para(doc, or_blank("champs.referent_ase"), IDENT, "Service référent (ASE, PJJ) et interlocuteur :")
    para(doc, or_blank("champs.representant_legal|string"), IDENT, "Représentant légal :")
    para(
        doc,
        "{{ champs.administrateur_ad_hoc|string or 'non désigné à ce jour' }}",
        IDENT,
        "Administrateur ad hoc :",
    )
    situation_block(doc)
    para(doc, "Orientation", HEAD)
    para(doc, or_blank("champs.orientation_contact"), IDENT, "Koutcha contactée (date, interlocuteur) :")
    tag(doc, "if valeurs.plainte == 'porte_plainte'")
    para(doc, "déposée le {{ audition.date }}", IDENT, "Plainte :")
    tag(doc, "endif")
    tag(doc, "if champs.orientation_observations")
    para(doc, "{{ champs.orientation_observations }}", IDENT, "Observations :")
    tag(doc, "endif")
    consent_block(
        doc,
        "Cette fiche sera envoyée à l'association Koutcha, qui aide les jeunes victimes à trouver un lieu "
        "d'accueil sûr, loin des personnes qui leur ont fait du mal. Elle contient votre identité, la langue "
        "que vous parlez, le nom des adultes qui s'occupent de vous et ce qui est utile pour vous accueillir ; "
        "elle ne contient pas votre récit. Vous pouvez dire ce que vous en pensez et poser vos questions. "
        "Êtes-vous d'accord pour qu'elle soit envoyée ?",
        "la personne orientée",
    )
    para(doc, "Fait à " + or_blank("audition.fait_a") + ", le {{ audition.date }}.")
    signatures(
        doc,
        [
            "{{ accord('La jeune orientée', 'Le jeune orienté') }}",
            "{% if champs.administrateur_ad_hoc|string %}L'administrateur ad hoc, {{ champs.administrateur_ad_hoc }}"
            "{% else %}Le représentant légal{% if champs.representant_legal|string %}, "
            "{{ champs.representant_legal }}{% endif %}{% endif %}",
        ],
    )
    tag(doc, "if interprete")
    signatures(doc, ["L'interprète, {{ interprete }}", "Le service référent", "L'{{ enqueteur.qualite_longue }}"])
    tag(doc, "else")
    signatures(doc, ["Le service référent", "L'{{ enqueteur.qualite_longue }}"])
    tag(doc, "endif")
    footer(doc, "Liaison Koutcha / Satouk — procédure n° {{ procedure.numero }} — document confidentiel")
    return doc


# --- déclaration de domicile ---------------------------------------------------------------
def declaration_domicile_tiers() -> DocxDocument:
    doc = new_document("Déclaration d'adresse chez un tiers")
    note(
        doc,
        "Déclaration d'adresse de la victime chez un tiers (article 40-4-1 du code de procédure pénale), "
        "produite seulement quand domiciliation_type vaut tiers et que l'accord du tiers est acquis "
        "(domiciliation_accord). Aucune case n'est cochée d'avance. À vérifier : rédaction en vigueur des "
        "articles 40-4-1, 706-57, 706-40-1 et 2-22 du code de procédure pénale.",
    )
    letterhead(doc, handed=True)
    para(doc, "DÉCLARATION D'ADRESSE CHEZ UN TIERS", TITLE)
    para(
        doc,
        "Articles {{ articles['cpp-10-2'] }} (9°) et {{ articles['cpp-40-4-1'] }} du code de procédure pénale",
        MENTION,
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    references_block(doc, handed=True)
    para(
        doc,
        "Je {{ accord('soussignée', 'soussigné') }} {{ personne.nom_complet or '" + TO_FILL + "' }}, "
        "{{ accord('née', 'né') }} le {{ personne.date_naissance or '" + TO_FILL + "' }}"
        "{% if personne.lieu_naissance %} à {{ personne.lieu_pays_naissance }}{% endif %}, victime dans la "
        "procédure n° {{ procedure.numero }}, qui souhaite me constituer partie civile, déclare, pour les "
        "besoins de cette procédure, l'adresse d'un tiers, avec son accord exprès "
        "(article {{ articles['cpp-40-4-1'] }} du code de procédure pénale) :",
    )
    para(doc, or_blank("champs.domiciliation_tiers"), IDENT, "Nom et prénoms du tiers :")
    para(doc, or_blank("champs.domiciliation_adresse"), IDENT, "Adresse déclarée :")
    para(doc, "Avis", HEAD)
    para(doc, "J'ai été {{ accord('avisée', 'avisé') }} :")
    para(
        doc,
        "— que je dois signaler au procureur de la République, par lettre recommandée avec demande d'avis de "
        "réception, tout changement de l'adresse déclarée ;",
    )
    para(
        doc,
        "— que toute notification faite à la dernière adresse déclarée sera réputée faite à ma personne ; faute "
        "d'avoir déclaré un changement d'adresse, je ne pourrai pas invoquer le défaut de notification des actes "
        "qui auraient dû m'être notifiés.",
    )
    para(
        doc,
        "D'autres adresses peuvent être déclarées, à d'autres conditions : l'adresse du commissariat ou de la "
        "brigade de gendarmerie, sur autorisation du procureur de la République ou du juge d'instruction (article "
        "{{ articles['cpp-706-57'] }}) ; pour la victime de traite des êtres humains ou de proxénétisme qui "
        "apporte son témoignage, sur cette même autorisation, l'adresse de son avocat ou d'une association "
        "mentionnée à l'article {{ articles['cpp-2-22'] }} (article {{ articles['cpp-706-40-1'] }} du code de "
        "procédure pénale).",
        MENTION,
    )
    para(doc, "Fait à " + or_blank("audition.fait_a") + ", le {{ audition.date }}.")
    signatures(doc, ["{{ accord('La déclarante', 'Le déclarant') }}", "L'{{ enqueteur.qualite_longue }}"])
    para(doc, "Accord exprès du tiers", HEAD)
    # Who agrees: a natural person, or someone acting for a legal person (« …, représentée par Mme X »);
    # agreement with the signatory's civility, neutral third-person wording when none is given.
    victim = "{{ personne.nom_complet or '" + TO_FILL + "' }}"
    para(
        doc,
        "{% if tiers.sexe %}Je {{ 'soussignée' if tiers.sexe == 'f' else 'soussigné' }}, {{ tiers.signataire }}"
        "{% if tiers.au_nom_de %}, agissant au nom de {{ tiers.au_nom_de }}, accepte expressément que l'adresse "
        "indiquée ci-dessus{% else %}, accepte expressément que mon adresse, indiquée ci-dessus,{% endif %} soit "
        "déclarée comme adresse de " + victim + " pour les besoins de la procédure n° {{ procedure.numero }}, et "
        "m'engage à lui transmettre sans délai les courriers qui lui sont destinés."
        "{% else %}" + or_blank("tiers.signataire") + "{% if tiers.au_nom_de %}, agissant au nom de "
        "{{ tiers.au_nom_de }}{% endif %}, accepte expressément que l'adresse indiquée ci-dessus soit déclarée "
        "comme adresse de " + victim + " pour les besoins de la procédure n° {{ procedure.numero }}, et "
        "s'engage à lui transmettre sans délai les courriers qui lui sont destinés.{% endif %}",
    )
    # A third party who does not sign (domiciliation_tiers_signe: false): how the agreement was given instead.
    tag(doc, "if valeurs.domiciliation_tiers_signe is sameas false")
    para(
        doc,
        "Le tiers ne signe pas ce document : accord exprès recueilli le "
        + TO_FILL
        + " à "
        + TO_FILL
        + " par "
        + TO_FILL
        + " (moyen : "
        + TO_FILL
        + "), et mentionné en procédure.",
        MENTION,
    )
    tag(doc, "else")
    signatures(
        doc,
        [
            "{{ tiers.signataire or 'Le tiers' }}{% if tiers.au_nom_de %}, pour {{ tiers.au_nom_de }}{% endif %} "
            "(date et signature)"
        ],
    )
    tag(doc, "endif")
    footer(doc, "Déclaration d'adresse — procédure n° {{ procedure.numero }} — document confidentiel")
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
