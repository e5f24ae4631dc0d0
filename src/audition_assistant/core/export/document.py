"""A document as a list of typed blocks, independent of Word.

Builders (``pv.py``...) produce blocks; ``docx_writer`` renders them with the
named styles of the base document, and the GUI preview renders the very same
blocks, so what is previewed is what is exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Block kinds -> paragraph style in resources/base.docx. A trainer changes
# the look of every PV by editing these styles in Word.
STYLES = {
    "letterhead": "PV En-tête",
    "title": "PV Titre",
    "reference": "PV Références",
    "heading": "PV Intertitre",
    "body": "PV Texte",
    "identity": "PV Identité",
    "mention": "PV Mention",
    "question": "PV Question",
    "answer": "PV Réponse",
    "closing": "PV Clôture",
    "signature": "PV Signature",
}


@dataclass(frozen=True)
class Paragraph:
    kind: str  # a key of STYLES
    text: str
    label: str = ""  # a bold lead-in such as "Question :" or "Mention :"


@dataclass(frozen=True)
class Signatures:
    """One signature box per person present, side by side."""

    roles: tuple[str, ...]


Block = Paragraph | Signatures


@dataclass
class Document:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    footer: str = ""  # "page X / Y" is appended by the writer
    # A signed PV: every page carries room for the signatories' initials (paraphe, art. 66 CPP).
    initials: bool = False

    def add(self, kind: str, text: str, label: str = "") -> None:
        self.blocks.append(Paragraph(kind, text, label))

    def text(self) -> str:
        """Plain text of the document (tests, search, the preview's fallback)."""
        lines = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(f"{block.label} {block.text}".strip())
            else:
                lines.append(" | ".join(block.roles))
        return "\n".join(lines)
