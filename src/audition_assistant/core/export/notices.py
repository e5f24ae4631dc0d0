"""Notices handed to the person heard, in French and in a language she understands.

Everything here is data (``resources/notices/``): ``<notice>/<code>.yaml`` is
one language version of a notice, carrying its code (``language``) and the
language's names (``name_fr``, ``name``). ``fr.yaml`` is the reference, and
every translation mirrors its sections and paragraphs one for one, so both
can be printed side by side.

The languages are the files found: a language is offered (the templates'
``options_from: langues_notices``) once every notice has its file, so adding
one is adding one file per notice, with no list to keep in step. A language
that lacks a notice is not offered, and :meth:`NoticeLibrary.problems` names
the missing file, so ``templates validate`` says so before any export.

A translation carries ``validated_by`` / ``validated_on``, empty until a
sworn translator or a service has checked it; until then the documents say
« traduction non validée ». A service adds or corrects a language by dropping
files with the same relative path into the ``notices/`` folder of its data
folder: a local file replaces the bundled one.

Article numbers are written ``{article:cpp-10-2}`` in the texts and taken from
the references table, so a renumbering is one change in references.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .. import resources
from ..errors import UserError
from ..references import Reference, load_references
from ..templates.errors import TemplateInvalid
from ..templates.model import Option
from ..templates.parse import parse_file, parse_text
from ..text import clean

FOLDER = "notices"
FRENCH = "fr"
SUFFIX = ".yaml"
# The option list a template's choice field names to offer the notices' languages.
LANGUAGES_SOURCE = "langues_notices"
UNVALIDATED = "traduction non validée"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
PLACEHOLDER = re.compile(r"\{article:([a-z0-9-]+)\}")
TEXT_KEYS = (
    "format", "language", "name_fr", "name", "validated_by", "validated_on",
    "title", "subtitle", "sections", "acknowledgement", "signature", "to_verify",
)  # fmt: skip


class NoticeError(UserError, ValueError):
    """A notice or language file that cannot be used; the message is French and names the file."""


@dataclass(frozen=True)
class Language:
    code: str
    name_fr: str  # "espagnol"
    name: str  # "español", as the language writes its own name

    @property
    def label(self) -> str:
        """``espagnol (español)``; ``français`` for French."""
        return self.name_fr if self.name == self.name_fr else f"{self.name_fr} ({self.name})"


MINOR, ADULT = "mineur", "majeur"
AUDIENCES = (MINOR, ADULT)


@dataclass(frozen=True)
class NoticeSection:
    id: str
    title: str
    paragraphs: tuple[str, ...]
    audience: str = ""  # "" (everyone) | mineur | majeur

    def for_reader(self, minor: bool) -> bool:
        return not self.audience or self.audience == (MINOR if minor else ADULT)


@dataclass(frozen=True)
class NoticeText:
    """One language version of a notice."""

    notice_id: str
    language: Language
    title: str
    subtitle: str
    sections: tuple[NoticeSection, ...]
    acknowledgement: str
    signature: str
    validated_by: str = ""
    validated_on: str = ""
    to_verify: tuple[str, ...] = ()
    source: str = ""  # the file, as named in messages

    @property
    def validated(self) -> bool:
        return bool(self.validated_by.strip())

    @property
    def status(self) -> str:
        """``traduction non validée`` until ``validated_by`` is filled; empty for French."""
        if self.language.code == FRENCH:
            return ""
        if not self.validated:
            return UNVALIDATED
        when = f", le {self.validated_on.strip()}" if self.validated_on.strip() else ""
        return f"traduction validée par {self.validated_by.strip()}{when}"


@dataclass(frozen=True)
class BilingualNotice:
    """The French reference and, unless the chosen language is French, its translation."""

    french: NoticeText
    translation: NoticeText | None

    @property
    def language(self) -> Language:
        return self.translation.language if self.translation else self.french.language

    @property
    def status(self) -> str:
        return self.translation.status if self.translation else ""

    def context(self, minor: bool = False) -> dict[str, Any]:
        """The ``notice`` variable of a Word model (French names: trainers write the models).

        ``minor``: print the sections meant for a minor (``audience: mineur``)
        instead of those for an adult (``audience: majeur``).
        """
        other = self.translation
        sections = []
        for index, section in enumerate(self.french.sections):
            if not section.for_reader(minor):
                continue
            twin = other.sections[index] if other else None
            sections.append(
                {
                    "id": section.id,
                    "titre": section.title,
                    "titre_traduit": twin.title if twin else "",
                    "paragraphes": [
                        {"fr": text, "traduction": twin.paragraphs[i] if twin else ""}
                        for i, text in enumerate(section.paragraphs)
                    ],
                }
            )
        return {
            "id": self.french.notice_id,
            "mineur": minor,
            "bilingue": other is not None,
            "langue": language_context(self.language),
            "titre": self.french.title,
            "sous_titre": self.french.subtitle,
            "titre_traduit": other.title if other else "",
            "sous_titre_traduit": other.subtitle if other else "",
            "sections": sections,
            "accuse_reception": self.french.acknowledgement,
            "accuse_reception_traduit": other.acknowledgement if other else "",
            "signature": self.french.signature,
            "signature_traduite": other.signature if other else "",
            "validee": other.validated if other else True,
            "validee_par": other.validated_by if other else "",
            "validee_le": other.validated_on if other else "",
            "statut": self.status,
        }


def option_sources(local_dir: Path | None) -> dict[str, tuple[Option, ...]]:
    """The option lists templates name: ``langues_notices``, the languages of the notices found."""
    return {LANGUAGES_SOURCE: NoticeLibrary(local_dir).options()}


def language_context(language: Language) -> dict[str, str]:
    return {"code": language.code, "nom_fr": language.name_fr, "nom": language.name, "libelle": language.label}


def _node(*parts: str) -> Traversable:
    node = resources.root()
    for part in parts:
        node = node / part
    return node


@cache  # bundled files never change while the application runs; every workspace lists the languages
def _parse_bundled(*parts: str) -> Any:
    name = "resources/" + "/".join(parts)
    try:
        return parse_text(resources.read_text(*parts), name)
    except TemplateInvalid as invalid:
        raise NoticeError(str(invalid)) from None


def _parse_local(path: Path) -> Any:
    try:
        return parse_file(path)
    except TemplateInvalid as invalid:
        raise NoticeError(str(invalid)) from None


def _collation(name: str) -> str:
    """Sorted as a French reader expects: case and accents ignored (« égyptien » among the e)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _text(raw: dict[str, Any], key: str, source: str, *, required: bool = True) -> str:
    value = raw.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise NoticeError(f"{source}: {key}: un texte est attendu")
    if required and not str(value).strip():
        raise NoticeError(f"{source}: {key}: valeur obligatoire manquante")
    return clean(str(value)).strip()


class NoticeLibrary:
    """Languages and notice texts: bundled, replaced or completed by the data folder's ``notices/``."""

    def __init__(self, local_dir: Path | None = None, references: Mapping[str, Reference] | None = None):
        self.local_dir = local_dir
        self._references = references
        self._languages: dict[str, Language] | None = None  # the files do not change while the library is used

    @property
    def references(self) -> Mapping[str, Reference]:
        """The references table, read when first needed (listing models does not need it)."""
        if self._references is None:
            self._references = load_references()
        return self._references

    # --- languages -----------------------------------------------------------
    def languages(self) -> dict[str, Language]:
        """Code -> language, for the codes every notice has a file for: French first, then by French name.

        Names come from the files (the first notice's file when they differ,
        which :meth:`problems` reports).
        """
        if self._languages is None:
            ids = self.notice_ids()
            common = set.intersection(*(set(self.codes(i)) for i in ids)) if ids else set()
            found = {code: self._language(ids, code) for code in common if LANGUAGE_CODE.match(code)}
            self._languages = {
                code: found[code] for code in sorted(found, key=lambda c: (c != FRENCH, _collation(found[c].name_fr)))
            }
        return self._languages

    def _language(self, ids: list[str], code: str) -> Language:
        """The language as its first readable file names it (its code alone when none can be read)."""
        for notice_id in ids:
            try:
                raw, source = self._raw(notice_id, code)
                if isinstance(raw, dict):
                    return Language(code, _text(raw, "name_fr", source), _text(raw, "name", source))
            except NoticeError:
                continue
        return Language(code, code, code)

    def language(self, code: str) -> Language:
        languages = self.languages()
        if code not in languages:
            raise NoticeError(
                f"langue « {code} » non proposée : chaque notice doit avoir son fichier "
                f"notices/<notice>/{code}.yaml (langues proposées : {', '.join(languages)})"
            )
        return languages[code]

    def options(self) -> tuple[Option, ...]:
        """The languages as a choice field offers them: « français seulement », then « espagnol (español) »…"""
        return tuple(
            Option(code, f"{language.name_fr} seulement" if code == FRENCH else language.label)
            for code, language in self.languages().items()
        )

    def problems(self) -> list[str]:
        """Every notice file checked whole, and each missing translation: ``FILE: PLACE: MESSAGE`` lines."""
        ids = self.notice_ids()
        out = self._stray_folders(ids)
        for code in sorted({code for notice_id in ids for code in self.codes(notice_id)}):
            having = [i for i in ids if code in self.codes(i)]
            if not LANGUAGE_CODE.match(code):
                out += [
                    f"{self._expected(i, code)}: (fichier): « {code} » n'est pas un code de langue "
                    "(ex. : es, pt-BR, zh-Hans) : renommez le fichier <code>.yaml"
                    for i in having
                ]
                continue
            language = self._language(ids, code)
            named = f"« {code} » ({language.name_fr})" if language.name_fr != code else f"« {code} »"
            out += [
                f"{self._expected(notice_id, code)}: (fichier): traduction manquante : la langue {named} a "
                f"{', '.join(having)} mais pas {notice_id} ; elle n'est proposée dans aucun modèle tant que ce "
                f"fichier manque (copiez {notice_id}/{FRENCH}{SUFFIX} et traduisez-le)"
                for notice_id in ids
                if notice_id not in having
            ]
            names: dict[tuple[str, str], str] = {}  # (name_fr, name) -> the first file naming the language so
            for notice_id in having:
                try:
                    text = self.text(notice_id, code)
                except NoticeError as error:
                    out.append(str(error))
                    continue
                names.setdefault((text.language.name_fr, text.language.name), text.source)
            if len(names) > 1:
                (first, where), *others = names.items()
                out += [
                    f"{source}: name_fr: « {name_fr} » et name : « {name} », mais « {first[0]} » et « {first[1]} » "
                    f"dans {where} : une langue porte les mêmes noms dans chaque notice"
                    for (name_fr, name), source in others
                ]
        return out

    def _stray_folders(self, ids: list[str]) -> list[str]:
        """A local folder that is no notice (a misspelt name, or a new notice without its fr.yaml)."""
        if self.local_dir is None or not self.local_dir.is_dir():
            return []
        return [
            f"{folder}: (dossier): aucune notice « {folder.name} » (notices : {', '.join(ids)}) ; "
            f"une nouvelle notice commence par son {FRENCH}{SUFFIX}"
            for folder in sorted(self.local_dir.iterdir())
            if folder.is_dir() and folder.name not in ids and not folder.name.startswith(("_", "."))
        ]

    def _expected(self, notice_id: str, code: str) -> str:
        """Where the file of ``code`` for ``notice_id`` goes: the data folder's notices, else the bundled ones."""
        if self.local_dir is not None:
            return str(self.local_dir / notice_id / f"{code}{SUFFIX}")
        return f"resources/{FOLDER}/{notice_id}/{code}{SUFFIX}"

    # --- notices -------------------------------------------------------------
    def notice_ids(self) -> list[str]:
        ids = {node.name for node in _node(FOLDER).iterdir() if node.is_dir()}
        if self.local_dir is not None and self.local_dir.is_dir():
            ids |= {p.name for p in self.local_dir.iterdir() if p.is_dir() and (p / f"{FRENCH}{SUFFIX}").is_file()}
        return sorted(i for i in ids if not i.startswith(("_", ".")))

    def has(self, notice_id: str) -> bool:
        return notice_id in self.notice_ids()

    def codes(self, notice_id: str) -> list[str]:
        """Language codes in which ``notice_id`` exists."""
        codes: set[str] = set()
        bundled = _node(FOLDER, notice_id)
        if bundled.is_dir():
            codes |= {n.name[: -len(SUFFIX)] for n in bundled.iterdir() if n.name.endswith(SUFFIX)}
        local = self.local_dir / notice_id if self.local_dir else None
        if local is not None and local.is_dir():
            codes |= {p.stem for p in local.glob(f"*{SUFFIX}")}
        return sorted(c for c in codes if not c.startswith(("_", ".")))

    def text(self, notice_id: str, code: str) -> NoticeText:
        """One language version, checked; a translation is checked against the French one."""
        raw, source = self._raw(notice_id, code)
        text = self._read(notice_id, code, raw, source)
        if code != FRENCH:
            self._check_twin(self.text(notice_id, FRENCH), text)
        return text

    def bilingual(self, notice_id: str, code: str | None) -> BilingualNotice:
        french = self.text(notice_id, FRENCH)
        if not code or code == FRENCH:
            return BilingualNotice(french, None)
        self.language(code)  # a language some notice lacks is never offered: refused here too
        return BilingualNotice(french, self.text(notice_id, code))

    def _local(self, *parts: str) -> Path | None:
        if self.local_dir is None:
            return None
        path = self.local_dir.joinpath(*parts)
        return path if path.is_file() else None

    def _raw(self, notice_id: str, code: str) -> tuple[Any, str]:
        local = self._local(notice_id, f"{code}{SUFFIX}")
        if local is not None:
            return _parse_local(local), str(local)
        node = _node(FOLDER, notice_id, f"{code}{SUFFIX}")
        if not node.is_file():
            raise NoticeError(
                f"notice « {notice_id} » : aucune version en « {code} » "
                f"(fichier attendu : notices/{notice_id}/{code}.yaml ; versions existantes : "
                f"{', '.join(self.codes(notice_id)) or 'aucune'})"
            )
        return _parse_bundled(FOLDER, notice_id, f"{code}{SUFFIX}"), f"resources/{FOLDER}/{notice_id}/{code}{SUFFIX}"

    def _read(self, notice_id: str, code: str, raw: Any, source: str) -> NoticeText:
        if not isinstance(raw, dict):
            raise NoticeError(f"{source}: le fichier doit décrire un ensemble clé : valeur")
        unknown = [str(k) for k in raw if k not in TEXT_KEYS]
        if unknown:
            raise NoticeError(f"{source}: {unknown[0]}: clé inconnue (clés permises : {', '.join(TEXT_KEYS)})")
        if raw.get("language") != code:
            raise NoticeError(f"{source}: language: « {raw.get('language')} » ne correspond pas au fichier ({code})")
        sections = []
        raw_sections = raw.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            raise NoticeError(f"{source}: sections: une liste non vide de sections est attendue")
        for i, section in enumerate(raw_sections):
            where = f"sections[{i}]"
            if not isinstance(section, dict):
                raise NoticeError(f"{source}: {where}: un ensemble {{id, title, paragraphs}} est attendu")
            audience = section.get("audience") or ""
            if audience not in ("", *AUDIENCES):
                raise NoticeError(f"{source}: {where}.audience: « {audience} » : mineur ou majeur attendu")
            paragraphs = section.get("paragraphs")
            if not isinstance(paragraphs, list) or not all(isinstance(p, str) and p.strip() for p in paragraphs):
                raise NoticeError(f"{source}: {where}.paragraphs: une liste de paragraphes (textes) est attendue")
            sections.append(
                NoticeSection(
                    _text(section, "id", f"{source}: {where}"),
                    self._expand(_text(section, "title", f"{source}: {where}"), f"{source}: {where}.title"),
                    tuple(
                        self._expand(clean(p).strip(), f"{source}: {where}.paragraphs[{j}]")
                        for j, p in enumerate(paragraphs)
                    ),
                    str(audience),
                )
            )
        to_verify = raw.get("to_verify") or []
        if not isinstance(to_verify, list) or not all(isinstance(t, str) for t in to_verify):
            raise NoticeError(f"{source}: to_verify: une liste de textes est attendue")
        return NoticeText(
            notice_id=notice_id,
            language=Language(code, _text(raw, "name_fr", source), _text(raw, "name", source)),
            title=self._expand(_text(raw, "title", source), f"{source}: title"),
            subtitle=self._expand(_text(raw, "subtitle", source, required=False), f"{source}: subtitle"),
            sections=tuple(sections),
            acknowledgement=_text(raw, "acknowledgement", source),
            signature=_text(raw, "signature", source),
            validated_by=_text(raw, "validated_by", source, required=False),
            validated_on=_text(raw, "validated_on", source, required=False),
            to_verify=tuple(to_verify),
            source=source,
        )

    def _expand(self, text: str, where: str) -> str:
        """``{article:cpp-10-2}`` -> ``10-2``, from the references table."""

        def article(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in self.references:
                raise NoticeError(f"{where}: référence inconnue « {key} » (voir resources/references.yaml)")
            return self.references[key].article

        return PLACEHOLDER.sub(article, text)

    @staticmethod
    def _check_twin(french: NoticeText, other: NoticeText) -> None:
        """A translation mirrors the French text section for section, paragraph for paragraph."""
        source = other.source
        if [s.id for s in other.sections] != [s.id for s in french.sections]:
            raise NoticeError(
                f"{source}: sections: les sections ({', '.join(s.id for s in other.sections)}) doivent être "
                f"celles de {french.source}, dans le même ordre ({', '.join(s.id for s in french.sections)})"
            )
        for i, (ours, theirs) in enumerate(zip(french.sections, other.sections, strict=True)):
            if ours.audience != theirs.audience:
                raise NoticeError(
                    f"{source}: sections[{i}].audience: « {theirs.audience or 'tous'} », "
                    f"« {ours.audience or 'tous'} » attendu comme dans {french.source}"
                )
            if len(ours.paragraphs) != len(theirs.paragraphs):
                raise NoticeError(
                    f"{source}: sections[{i}].paragraphs: {len(theirs.paragraphs)} paragraphe(s), "
                    f"{len(ours.paragraphs)} attendu(s) comme dans {french.source}"
                )
