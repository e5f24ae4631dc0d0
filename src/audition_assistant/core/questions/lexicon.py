"""Two small word tables of the new-detail rule, kept as data: the acts that matter, and the synonym groups.

The issue names four kinds of new detail: a person, an object, a place, an act. Nouns, names and places are
read as details unless they are the interview's own vocabulary (rules.py). A verb names a detail only when it
names an ACT these hearings are about: violence, sexual acts, coercion and confinement, taking documents or
money, drugging, photographing or filming, selling, forcing,
deceiving (a means of trafficking); and her escape, which says she was held. Ordinary
verbs (aller, garder, changer, payer, contacter, calculer, viser, vivre…) ask about her life without
introducing anything. Each act is listed with the forms the lemmatiser leaves apart (« battue », « battre »);
words match by lemma key (lemmas.keys), so « frappée », « frappait », « frapper » are one act.

The synonym groups only ever say that a detail is NOT new (« coups » after « il me frappait »); they never make
one. A word outside them is compared by lemma alone. « carte d'identité » and « titre de séjour » are read word
by word, so « carte », « identité », « titre », « séjour » are in the papers' group. Kept short on purpose: a
group holds words that name the same thing in these hearings. « dette » is not with « argent »: speaking of
money is not speaking of a debt, and a debt is one of the means of trafficking.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ACTS: dict[str, tuple[str, ...]] = {
    "violence": _words(
        "frapper battre battu battue taper gifler cogner tabasser tabassée boxer étrangler égorger brûler blesser "
        "mordre poignarder tuer assassiner torturer pousser bousculer violenter maltraiter fouetter"
    ),
    "menaces et humiliations": _words("menacer insulter humilier cracher harceler terroriser"),
    "actes sexuels": _words(
        "violer agresser abuser toucher caresser embrasser déshabiller pénétrer coucher masturber sodomiser "
        "prostituer racoler tapiner"
    ),
    "contrainte et enfermement": _words(
        "forcer obliger contraindre punir enfermer séquestrer retenir retenu retenue attacher ligoter menotter "
        "bloquer enlever kidnapper surveiller interdire empêcher confiner"
    ),
    "papiers et argent pris": _words("confisquer voler dérober racketter extorquer falsifier"),
    "drogue et alcool": _words("droguer injecter alcooliser sniffer"),
    "images": _words("photographier filmer"),
    "vente et recrutement": _words("vendre revendre recruter exploiter"),
    "corps": _words("avorter tatouer"),
    "fuite": _words("fuir enfuir échapper évader"),
    "tromperie": _words("promettre promis promise tromper mentir"),
}

# Two acts with an everyday sense, read as acts only in their act's sense: « coucher avec » (not « où
# couchiez-vous ? », where she slept), and « toucher » unless the question is about money (« combien
# touchiez-vous ? »). Matched on the question lower-cased, without accents.
SENSES: dict[str, str] = {
    "coucher": r"\bcouch\w*\s+avec\b",
    "toucher": r"^(?!.*\b(?:combien|argent|euros?|somme|salaire|paye|paie)\b)",
}

# Each group: words that name the same thing in these hearings. Used only to recognise a word as already said.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("coup", "coups", "frapper", "battre", "battu", "battue", "taper", "gifler", "gifle", "cogner"),
    ("papiers", "passeport", "documents", "carte", "identité", "titre", "séjour"),
    ("téléphone", "portable", "numéro"),
    ("appartement", "logement", "studio", "chambre"),
    ("annonce", "annonces", "site", "internet", "réseaux"),
    ("argent", "euros", "euro", "somme", "sous", "fric"),
)


# The topics every victim hearing covers (its templates' themes): an open invitation may bring one up without
# suggesting a fact (« Parlez-moi de votre état de santé. », « Décrivez une journée, du réveil au coucher. »).
# Only an invitation, and never after « vous avez parlé de… », which says she did: a closed or wh-question on
# one of them (« Aviez-vous un téléphone ? ») is still read against what she said.
TOPICS: tuple[str, ...] = _words(
    """
santé soin soins état sécurité besoin besoins condition conditions contact structure structures démarche
démarches journée réveil coucher quotidien ordinaire habituel habituelle séjour départ arrivée voyage trajet
projet logement logements papier papiers identité document documents téléphone téléphones numéro numéros compte
comptes application applications message messages relation relations apparence langue origine famille proche
proches entourage travail conversation importance effort efforts autour rue commerce commerces transport
transports étage changement changements sortie sorties appel appels accès promesse
"""
)
