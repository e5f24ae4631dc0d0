"""Which nationalities are French, of the European Union, the EEA or Switzerland.

A small data table, edited here: the notice on the rights of a foreign victim
of trafficking (R.425-1 CESEDA) concerns third-country nationals only; a
citizen of the Union (Romania, Bulgaria...), of the EEA or of Switzerland has
free movement and is not given it. Each entry lists the country's name and
its nationality adjective, masculine and feminine, as an investigator types
them ("roumaine", "Roumanie"); compounds such as "franco-marocaine" and lists
such as "marocaine / espagnole" are read part by part.
"""

from __future__ import annotations

import re
import unicodedata

FRANCE = ("France", "français", "française")

# (country, masculine, feminine[, other spellings...]): the 26 other EU member states, then EEA and Switzerland.
EUROPEAN = (
    ("Allemagne", "allemand", "allemande"),
    ("Autriche", "autrichien", "autrichienne"),
    ("Belgique", "belge", "belge"),
    ("Bulgarie", "bulgare", "bulgare"),
    ("Chypre", "chypriote", "chypriote", "cypriote"),
    ("Croatie", "croate", "croate"),
    ("Danemark", "danois", "danoise"),
    ("Espagne", "espagnol", "espagnole"),
    ("Estonie", "estonien", "estonienne"),
    ("Finlande", "finlandais", "finlandaise"),
    ("Grèce", "grec", "grecque"),
    ("Hongrie", "hongrois", "hongroise"),
    ("Irlande", "irlandais", "irlandaise"),
    ("Italie", "italien", "italienne"),
    ("Lettonie", "letton", "lettone", "lettonne"),
    ("Lituanie", "lituanien", "lituanienne"),
    ("Luxembourg", "luxembourgeois", "luxembourgeoise"),
    ("Malte", "maltais", "maltaise"),
    ("Pays-Bas", "néerlandais", "néerlandaise", "hollandais", "hollandaise"),
    ("Pologne", "polonais", "polonaise"),
    ("Portugal", "portugais", "portugaise"),
    ("République tchèque", "tchèque", "tchèque", "Tchéquie"),
    ("Roumanie", "roumain", "roumaine"),
    ("Slovaquie", "slovaque", "slovaque"),
    ("Slovénie", "slovène", "slovène"),
    ("Suède", "suédois", "suédoise"),
    # European Economic Area
    ("Islande", "islandais", "islandaise"),
    ("Liechtenstein", "liechtensteinois", "liechtensteinoise"),
    ("Norvège", "norvégien", "norvégienne"),
    # Switzerland (agreement on the free movement of persons)
    ("Suisse", "suisse", "suisse", "suissesse"),
)

# First halves of compound adjectives ("franco-marocaine", "italo-brésilien").
PREFIXES = {
    "franco": "France",
    "italo": "Italie",
    "germano": "Allemagne",
    "hispano": "Espagne",
    "luso": "Portugal",
    "belgo": "Belgique",
    "helveto": "Suisse",
    "greco": "Grèce",
    "polono": "Pologne",
    "austro": "Autriche",
    "roumano": "Roumanie",
    "bulgaro": "Bulgarie",
}

_SEPARATORS = re.compile(r"\s*(?:/|,|;|\+|\bet\b|\bou\b)\s*")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _names(entry: tuple[str, ...]) -> set[str]:
    return {_fold(name) for name in entry}


FRENCH_NAMES = _names(FRANCE) | {"fr", "fra", "francaise", "francais"}
EUROPEAN_NAMES = set().union(*(_names(entry) for entry in EUROPEAN)) | {
    "europeen", "europeenne", "ue", "union europeenne", "ressortissant de l'union europeenne",
    "ressortissante de l'union europeenne",
}  # fmt: skip
_PREFIX_NAMES = {_fold(prefix): country for prefix, country in PREFIXES.items()}


def _parts(nationality: str) -> list[str]:
    """``franco-marocaine`` -> [france, marocaine]; ``marocaine / espagnole`` -> [marocaine, espagnole]."""
    text = _fold(nationality)
    text = re.sub(r"^(?:de )?nationalite\s+", "", text)
    out: list[str] = []
    for chunk in _SEPARATORS.split(text):
        chunk = chunk.strip(" .")
        if not chunk:
            continue
        if chunk in FRENCH_NAMES or chunk in EUROPEAN_NAMES:  # "Pays-Bas" keeps its hyphen
            out.append(chunk)
            continue
        pieces = chunk.split("-")
        for piece in pieces[:-1]:
            out.append(_fold(_PREFIX_NAMES.get(piece, piece)))
        out.append(pieces[-1])
    return out


def is_french_or_european(nationality: str) -> bool:
    """True when one of the nationalities given is French, of the EU, the EEA or Switzerland."""
    return any(part in FRENCH_NAMES or part in EUROPEAN_NAMES for part in _parts(nationality))


def is_third_country(nationality: str) -> bool | None:
    """A third-country national: a nationality is given and none is French, EU, EEA or Swiss.

    ``None`` when nothing is given (unknown, not "no"). A stateless person
    ("apatride") is a third-country national.
    """
    if not _parts(nationality):
        return None
    return not is_french_or_european(nationality)
