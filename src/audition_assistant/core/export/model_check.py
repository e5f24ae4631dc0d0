"""What a Word model's package may hold: bounded parts, nothing fetched from elsewhere when it is opened.

A model is a zip of XML parts written outside the code. Before it is
rendered (and again on the rendered document, since Jinja writes XML), its
package is read with bounds that do not trust the zip headers: few parts,
each one and all together small once decompressed. Whatever would make Word
fetch something when the document is opened is refused: a relationship to
an outside target (an ``http://`` image, a ``\\\\host\\share`` or
``file://`` attached template, a linked sub-document or OLE object), a
field that includes or links another file (``INCLUDEPICTURE``,
``INCLUDETEXT``, ``LINK``, ``DDE``...), imported content (``altChunk``),
macros and ActiveX controls.

A hyperlink (``w:hyperlink`` to an ``http``, ``https`` or ``mailto``
address) is kept: Word follows it only when the reader clicks it, and a
model may well cite a public web page. A hyperlink to a file or a network
share is refused, since following one sends the reader's Windows
credentials to that share.

Runs in the rendering process (``model_sandbox``): decompressing and
parsing a hostile file happens under its memory and time limits.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import UserError

MB = 1024 * 1024


@dataclass(frozen=True)
class PackageLimits:
    part_bytes: int = 50 * MB  # one part, decompressed
    total_bytes: int = 100 * MB  # every part, decompressed
    parts: int = 1000


DEFAULT_PACKAGE = PackageLimits()

HYPERLINK = "/hyperlink"
SAFE_LINK = re.compile(r"^(https?://|mailto:|#)", re.IGNORECASE)
# Fields that read another file or program when the document is opened or its fields updated.
FETCHING_FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "LINK", "DDEAUTO", "DDE")
FIELD_NAME = re.compile(r"^\s*([A-Za-z]+)")
REFUSED_PARTS = (
    (re.compile(r"vbaProject\.bin$|vbaData\.xml$", re.IGNORECASE), "des macros"),
    (re.compile(r"(^|/)activeX/", re.IGNORECASE), "un contrôle ActiveX"),
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


class PackageRefused(UserError):
    """A French sentence saying what the package holds that a model may not (without the model's name)."""


def _size(n: int) -> str:
    return f"{n / MB:.0f} Mo" if n >= MB else f"{n} octets"


def read_parts(data: bytes, limits: PackageLimits = DEFAULT_PACKAGE) -> Iterator[tuple[str, bytes]]:
    """Each part's name and bytes, read at most up to the limits whatever the headers say."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise PackageRefused("ce fichier n'est pas un document Word (.docx) lisible") from None
    infos = archive.infolist()
    if len(infos) > limits.parts:
        raise PackageRefused(f"le fichier contient {len(infos)} parties (au plus {limits.parts})")
    total = 0
    for info in infos:
        if info.file_size > limits.part_bytes:
            raise PackageRefused(
                f"la partie {info.filename} annonce {_size(info.file_size)} une fois décompressée "
                f"(au plus {_size(limits.part_bytes)})"
            )
        chunks, size = [], 0
        try:
            with archive.open(info) as part:
                while chunk := part.read(MB):
                    size += len(chunk)
                    total += len(chunk)
                    if size > limits.part_bytes:
                        raise PackageRefused(
                            f"la partie {info.filename} dépasse {_size(limits.part_bytes)} une fois décompressée"
                        )
                    if total > limits.total_bytes:
                        raise PackageRefused(
                            f"le fichier dépasse {_size(limits.total_bytes)} une fois décompressé "
                            f"(à la partie {info.filename})"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, NotImplementedError, EOFError, ValueError, RuntimeError) as error:
            raise PackageRefused(f"la partie {info.filename} est illisible ({error})") from None
        yield info.filename, b"".join(chunks)


def _parse(name: str, data: bytes) -> Any:  # lxml has no type stubs
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise PackageRefused(f"la partie {name} n'est pas du XML valide ({error})") from None


def check_package(data: bytes, limits: PackageLimits = DEFAULT_PACKAGE) -> None:
    """Raise PackageRefused naming the first thing a model may not hold."""
    for name, content in read_parts(data, limits):
        for pattern, what in REFUSED_PARTS:
            if pattern.search(name):
                raise PackageRefused(f"le fichier contient {what} ({name})")
        if name.endswith(".rels"):
            _check_relationships(name, _parse(name, content))
        elif name.startswith("word/") and name.endswith(".xml") and b"instr" in content:
            _check_fields(name, _parse(name, content))
        if name == "[Content_Types].xml" and b"macroEnabled" in content:
            raise PackageRefused("le fichier est un document avec macros")


def _check_relationships(name: str, root: Any) -> None:
    for rel in root.iter(REL):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind == "aFChunk":
            raise PackageRefused(f"le fichier importe un contenu extérieur au texte (altChunk, {name})")
        if rel.get("TargetMode") != "External":
            continue
        if "/" + kind == HYPERLINK and SAFE_LINK.match(target):
            continue
        what = "un modèle attaché" if kind == "attachedTemplate" else f"une ressource ({kind})"
        raise PackageRefused(
            f"le fichier fait charger {what} hors du document : « {target[:120]} » ({name}) ; "
            "Word irait la chercher à l'ouverture"
        )


def _check_fields(name: str, root: Any) -> None:
    """Field codes, whole: a code may be split over several ``w:instrText`` runs."""
    codes: list[str] = [element.get(f"{W}instr") or "" for element in root.iter(f"{W}fldSimple")]
    open_codes: list[list[str]] = []
    for element in root.iter(f"{W}fldChar", f"{W}instrText"):
        if element.tag == f"{W}instrText":
            if open_codes:
                open_codes[-1].append(element.text or "")
            else:
                codes.append(element.text or "")
        elif element.get(f"{W}fldCharType") == "begin":
            open_codes.append([])
        elif element.get(f"{W}fldCharType") == "end" and open_codes:
            codes.append("".join(open_codes.pop()))
    codes += ["".join(parts) for parts in open_codes]
    for code in codes:
        match = FIELD_NAME.match(code)
        if match and match.group(1).upper() in FETCHING_FIELDS:
            raise PackageRefused(
                f"le fichier contient un champ {match.group(1).upper()} qui va chercher un contenu hors du "
                f"document : « {' '.join(code.split())[:120]} » ({name})"
            )
