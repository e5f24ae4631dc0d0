"""Template problems: where (file, location inside it) and what."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UserError


@dataclass(frozen=True)
class TemplateProblem:
    path: str  # the file, as given
    location: str  # e.g. ``sections[3].fields[2].show_if.field``; empty for the whole file
    message: str  # French, for the trainer who wrote the file

    def __str__(self) -> str:
        return f"{self.path}: {self.location or '(fichier)'}: {self.message}"


class TemplateInvalid(UserError):
    """A template that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[TemplateProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
