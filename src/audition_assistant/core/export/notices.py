"""Notices handed to the person heard, in French and in a language she understands.

Everything here is data (``resources/notices/``):

- ``languages.yaml`` lists the languages a notice may be handed in;
- ``<notice>/<code>.yaml`` is one language version of a notice; ``fr.yaml``
  is the reference, and every translation mirrors its sections and
  paragraphs one for one, so both can be printed side by side.

A translation carries ``validated_by`` / ``validated_on``, empty until a
sworn translator or a service has checked it; until then the documents say
« traduction non validée ». A service adds or corrects a language by dropping
files with the same relative path into the ``notices/`` folder of its data
folder: a local file replaces the bundled one, and a local ``languages.yaml``
adds (or renames) languages.

Article numbers are written ``{article:cpp-10-2}`` in the texts and taken from
the references table, so a renumbering is one change in references.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .. import resources
from ..errors import UserError
from ..references import Reference, load_references
from ..templates.errors import TemplateInvalid
from ..templates.parse import parse_file, parse_text
from ..text import clean

FOLDER = "notices"
FRENCH = "fr"
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


def language_context(language: Language) -> dict[str, str]:
    return {"code": language.code, "nom_fr": language.name_fr, "nom": language.name, "libelle": language.label}


def _node(*parts: str) -> Traversable:
    node = resources.root()
    for part in parts:
        node = node / part
    return node


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

    @property
    def references(self) -> Mapping[str, Reference]:
        """The references table, read when first needed (listing models does not need it)."""
        if self._references is None:
            self._references = load_references()
        return self._references

    # --- languages -----------------------------------------------------------
    def languages(self) -> dict[str, Language]:
        """Code -> language, in the order of the bundled list, local additions last."""
        found = self._languages(_parse_bundled(FOLDER, "languages.yaml"), f"resources/{FOLDER}/languages.yaml")
        local = self._local("languages.yaml")
        if local is not None:
            found.update(self._languages(_parse_local(local), str(local)))
        return found

    @staticmethod
    def _languages(raw: Any, source: str) -> dict[str, Language]:
        entries = raw.get("languages") if isinstance(raw, dict) else None
        if not isinstance(entries, list):
            raise NoticeError(f"{source}: languages: une liste de langues est attendue")
        out: dict[str, Language] = {}
        for i, entry in enumerate(entries):
            where = f"{source}: languages[{i}]"
            if not isinstance(entry, dict):
                raise NoticeError(f"{where}: un ensemble {{code, name_fr, name}} est attendu")
            code = str(entry.get("code", ""))
            if not LANGUAGE_CODE.match(code):
                raise NoticeError(f"{where}.code: code de langue « {code} » invalide (ex. : es, pt-BR, zh-Hans)")
            out[code] = Language(code, _text(entry, "name_fr", where), _text(entry, "name", where))
        return out

    def language(self, code: str) -> Language:
        languages = self.languages()
        if code not in languages:
            raise NoticeError(
                f"langue « {code} » inconnue : ajoutez-la à notices/languages.yaml "
                f"(langues connues : {', '.join(languages)})"
            )
        return languages[code]

    # --- notices -------------------------------------------------------------
    def notice_ids(self) -> list[str]:
        ids = {node.name for node in _node(FOLDER).iterdir() if node.is_dir()}
        if self.local_dir is not None and self.local_dir.is_dir():
            ids |= {p.name for p in self.local_dir.iterdir() if p.is_dir() and (p / f"{FRENCH}.yaml").is_file()}
        return sorted(i for i in ids if not i.startswith(("_", ".")))

    def has(self, notice_id: str) -> bool:
        return notice_id in self.notice_ids()

    def codes(self, notice_id: str) -> list[str]:
        """Language codes in which ``notice_id`` exists."""
        codes: set[str] = set()
        bundled = _node(FOLDER, notice_id)
        if bundled.is_dir():
            codes |= {n.name[: -len(".yaml")] for n in bundled.iterdir() if n.name.endswith(".yaml")}
        local = self.local_dir / notice_id if self.local_dir else None
        if local is not None and local.is_dir():
            codes |= {p.stem for p in local.glob("*.yaml")}
        return sorted(codes)

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
        self.language(code)  # a language outside the list is refused, even with a file
        return BilingualNotice(french, self.text(notice_id, code))

    def _local(self, *parts: str) -> Path | None:
        if self.local_dir is None:
            return None
        path = self.local_dir.joinpath(*parts)
        return path if path.is_file() else None

    def _raw(self, notice_id: str, code: str) -> tuple[Any, str]:
        local = self._local(notice_id, f"{code}.yaml")
        if local is not None:
            return _parse_local(local), str(local)
        node = _node(FOLDER, notice_id, f"{code}.yaml")
        if not node.is_file():
            raise NoticeError(
                f"notice « {notice_id} » : aucune version en « {code} » "
                f"(fichier attendu : notices/{notice_id}/{code}.yaml ; versions existantes : "
                f"{', '.join(self.codes(notice_id)) or 'aucune'})"
            )
        return _parse_bundled(FOLDER, notice_id, f"{code}.yaml"), f"resources/{FOLDER}/{notice_id}/{code}.yaml"

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
