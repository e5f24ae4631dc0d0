"""Filling a Word model with docxtpl, as done inside the rendering process (``model_sandbox``).

Rendering always escapes values (``autoescape``): without it, a value holding
``<`` or ``&`` breaks the XML and Word text is silently cut. A broken model (a
Jinja syntax error, an unknown variable, a file that is not a Word document)
becomes a French message naming the file and the line, never a crash.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..errors import UserError
from ..french import typography
from .model_check import DEFAULT_PACKAGE, PackageLimits, PackageRefused, check_package
from .model_values import functions

if TYPE_CHECKING:
    from docxtpl import DocxTemplate
    from jinja2 import Environment

MAX_REPEAT = 1_000_000  # characters or items a ``*`` may build; ``'x' * 10**10`` is refused at once
MAX_EXPONENT = 1000


class ModelProblem(UserError):
    """A French message about a model, its name included."""


def _broken_file_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged .docx raises (docx, lxml: imported only when a model is used)."""
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    return (PackageNotFoundError, zipfile.BadZipFile, KeyError, XMLSyntaxError, ValueError)


def jinja_environment(undefined: Any = None) -> Environment:
    """Values are escaped (autoescape) and a misspelt variable is an error, not a blank.

    A model is data written outside the code: the immutable sandbox refuses
    attribute walks such as ``cycler.__init__.__globals__`` that would reach
    Python itself, any change to the values it is given, ranges over 100 000
    items, and (here) ``*`` or ``**`` building huge values. The rendering
    process's limits bound what is left (nested loops).
    """
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class ModelSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"puissance trop grande ({right})")
            if operator == "*":
                for value, times in ((left, right), (right, left)):
                    sized = isinstance(value, str | list | tuple) and isinstance(times, int)
                    if sized and len(value) * times > MAX_REPEAT:
                        raise SecurityError(f"répétition trop grande ({len(value)} × {times})")
            return super().call_binop(context, operator, left, right)

    return ModelSandbox(autoescape=True, undefined=undefined or StrictUndefined)


def _open(data: bytes, source: str, limits: PackageLimits) -> DocxTemplate:
    from docxtpl import DocxTemplate

    try:
        check_package(data, limits)
    except PackageRefused as error:
        raise ModelProblem(f"Modèle {source} : {error} ; modèle refusé.") from None
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
    except _broken_file_errors() as error:
        raise ModelProblem(
            f"Modèle {source} : ce fichier n'est pas un document Word (.docx) lisible ({type(error).__name__})."
        ) from None
    return template


def render(
    data: bytes, source: str, context: dict[str, Any], limits: PackageLimits = DEFAULT_PACKAGE, undefined: Any = None
) -> bytes:
    """The filled model, checked again: Jinja writes XML, so what it wrote may fetch too."""
    template = _open(data, source, limits)
    try:
        template.render({**context, **functions(context)}, jinja_env=jinja_environment(undefined))
        _typeset(template.docx)
        out = io.BytesIO()
        template.save(out)
    except MemoryError:
        raise
    except Exception as error:  # a trainer's model must never crash the export
        raise ModelProblem(_explain(error, template, source)) from None
    try:
        check_package(out.getvalue(), limits)
    except PackageRefused as error:
        raise ModelProblem(f"Modèle {source} : une fois rempli, {error} ; modèle refusé.") from None
    return out.getvalue()


@dataclass(frozen=True)
class Inspection:
    title: str
    version: str
    problems: tuple[str, ...]


def inspect(data: bytes, source: str, name: str, limits: PackageLimits = DEFAULT_PACKAGE) -> Inspection:
    """A model's title, version and problems: its package, its Jinja syntax, then a trial filling.

    The trial fills the model with a sample context in which every name
    exists (a blank) so that what a model does, not what it reads, is tested.
    """
    from jinja2 import ChainableUndefined, TemplateSyntaxError

    try:
        template = _open(data, source, limits)
    except ModelProblem as error:
        return Inspection(name, "", (str(error),))
    properties = template.docx.core_properties
    title, version = properties.title or name, properties.version or ""
    try:
        # As docxtpl renders: one line per Word paragraph, so line numbers match its errors.
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(template.get_xml()))
        jinja_environment().parse(xml)
    except TemplateSyntaxError as error:
        return Inspection(title, version, (_explain(error, template, source),))
    try:
        render(data, source, sample_context(), limits, undefined=ChainableUndefined)
    except ModelProblem as error:
        return Inspection(title, version, (str(error),))
    return Inspection(title, version, ())


def sample_context() -> dict[str, Any]:
    """A fictional hearing's few values; every other name reads as a blank."""
    from .model_values import Identity, Values

    person = Identity(nom="MARTIN", prenoms="Claire", nom_complet="MARTIN Claire", sexe="f", feminin=True)
    return {
        "personne": person,
        "procedure": {"numero": "2026/000001", "affaire": "Affaire d'essai"},
        "audition": {"pv_numero": "00001/2026", "date": "1er janvier 2026"},
        "champs": Values(),
        "valeurs": Values(),
        "derives": Values(),
    }


def _typeset(document: Any) -> None:
    """French typography on every text of the filled model, headers and footers included.

    The model's own words and the answers it prints get the same no-break
    spaces as the documents the application builds (``french.typography``).
    """
    from docx.oxml.ns import qn

    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or not part.partname.startswith("/word/"):
            continue
        for text in element.iter(qn("w:t")):
            if text.text:
                text.text = typography(text.text)


def _explain(error: Exception, template: DocxTemplate, source: str) -> str:
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    line = (
        getattr(error, "lineno", None)
        if isinstance(error, TemplateSyntaxError)
        else _template_line(error.__traceback__)
    )
    where = f", ligne {line}" if line else ""
    text = _line_text(template, line) if line else ""
    quoted = f" — texte concerné : « {text} »" if text else ""
    if isinstance(error, TemplateSyntaxError):
        what = f"erreur de syntaxe ({error.message})"
    elif isinstance(error, UndefinedError):
        what = f"variable inconnue ({error.message})"
    elif isinstance(error, SecurityError):
        return f"Modèle {source}{where} : instruction interdite dans un modèle ({error}){quoted} ; modèle refusé."
    elif isinstance(error, OverflowError):  # the sandbox's range() bound
        return f"Modèle {source}{where} : boucle trop longue ({error}){quoted} ; modèle refusé."
    elif isinstance(error, TemplateError):
        what = f"erreur de modèle ({error.message or type(error).__name__})"
    else:
        what = f"erreur pendant le remplissage ({type(error).__name__} : {error})"
    return f"Modèle {source}{where} : {what}{quoted}."


def _template_line(tb: TracebackType | None) -> int | None:
    """The model line a runtime error happened on: Jinja names its frames ``<template>``."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _line_text(template: DocxTemplate, line: int) -> str:
    """The text of ``line`` as docxtpl numbers lines: one per Word paragraph, Jinja-only paragraphs merged."""
    try:
        part = template.current_rendering_part
        body = template.docx._part if template.docx is not None else None
        xml = template.get_xml() if part is None or part is body else template.get_part_xml(part)
        lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml)).splitlines()
        text = re.sub(r"<[^>]+>", "", lines[line - 1]) if 0 < line <= len(lines) else ""
    except Exception:  # locating the error is a courtesy; the error itself is reported anyway
        return ""
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157] + "…"
