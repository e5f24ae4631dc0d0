"""Render a :class:`Document` into OpenDocument text (.odt) bytes.

The XML is written here directly: a procès-verbal needs paragraphs in named
styles, bold lead-ins, one table and a footer with page fields, and writing
those few elements is faster and easier to keep right than going through a
general ODF library (docs/benchmarks.md, README « Dependencies »). The look
comes from base.docx (``odt_styles``); the text goes through the same
``clean`` and French ``typography`` as the Word document, so both say the same.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from ..french import typography
from ..text import clean
from .document import STYLES, Document, Paragraph, Signatures
from .odt_styles import FOOTER_STYLE, INITIALS_STYLE, Look, look, style_name

MIMETYPE = "application/vnd.oasis.opendocument.text"
INITIALS_TEXT = "Paraphes :"
BOLD = "Gras"  # the automatic text style of the bold lead-ins ("Question :")

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
    ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
    ' xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' office:version="1.3"'
)
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Runs of spaces, tabs and line breaks: ODF collapses white space, so each is an element.
_SPECIAL = re.compile(r"\n|\t| {2,}|^ ")


def render(document: Document) -> bytes:
    base = look()
    body = "".join(_block(block) for block in document.blocks)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # The mimetype comes first and uncompressed, so the format is recognised from the first bytes.
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _manifest())
        columns = {len(b.roles) for b in document.blocks if isinstance(b, Signatures)}
        archive.writestr("content.xml", _content(body, base, columns))
        archive.writestr("styles.xml", _styles(base, document.footer, document.initials))
        archive.writestr("meta.xml", _meta(document.title))
        archive.writestr("settings.xml", SETTINGS)
    return buffer.getvalue()


def text_xml(text: str) -> str:
    r"""``text`` as ODF paragraph content: escaped, French no-break spaces, "\n" and "\t" as elements.

    Every text a document shows goes through here, as docx_writer's runs, so
    each gets its no-break spaces once and its spaces as typed.
    """
    return _SPECIAL.sub(_element, escape(typography(text)))


def _element(match: re.Match[str]) -> str:
    found = match.group(0)
    if found == "\n":
        return "<text:line-break/>"
    if found == "\t":
        return "<text:tab/>"
    if found == " ":  # a leading space, which ODF would drop
        return "<text:s/>"
    return f' <text:s text:c="{len(found) - 1}"/>'


def _paragraph(style: str, content: str) -> str:
    return f'<text:p text:style-name="{style_name(style)}">{content}</text:p>'


def _block(block: Paragraph | Signatures) -> str:
    if isinstance(block, Paragraph):
        content = ""
        if block.label:
            content = f'<text:span text:style-name="{BOLD}">{text_xml(clean(block.label) + " ")}</text:span>'
        if block.text:
            content += text_xml(clean(block.text))
        return _paragraph(STYLES[block.kind], content)
    cells = "".join(
        '<table:table-cell table:style-name="Signatures.A1" office:value-type="string">'
        f"{_paragraph(STYLES['signature'], text_xml(clean(role)))}</table:table-cell>"
        for role in block.roles
    )
    return (
        '<table:table table:name="Signatures" table:style-name="Signatures">'
        f'<table:table-column table:style-name="Signatures.{len(block.roles)}"'
        f' table:number-columns-repeated="{len(block.roles)}"/>'
        f"<table:table-row>{cells}</table:table-row></table:table>"
    )


def _content(body: str, base: Look, columns: set[int]) -> str:
    """The body and its automatic styles; a signatures table of n boxes has n equal columns across the page."""
    width = base.page.text_width_cm
    column_styles = "".join(
        f'<style:style style:name="Signatures.{n}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width / n:.3f}cm"/>'
        "</style:style>"
        for n in sorted(columns)
    )
    return (
        f"{_HEAD}<office:document-content {_NS}><office:automatic-styles>"
        f'<style:style style:name="{BOLD}" style:family="text">'
        '<style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>'
        '<style:style style:name="Signatures" style:family="table">'
        f'<style:table-properties style:width="{width:.3f}cm" table:align="center"/></style:style>'
        f"{column_styles}"
        '<style:style style:name="Signatures.A1" style:family="table-cell">'
        '<style:table-cell-properties fo:padding-left="0.19cm" fo:padding-right="0.19cm" fo:padding-top="0cm"'
        ' fo:padding-bottom="0cm" fo:border="none"/></style:style>'
        "</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )


def _styles(base: Look, footer: str, initials: bool) -> str:
    page = base.page
    # Word measures the footer from the page's bottom edge and lets it grow into
    # the bottom margin; ODF puts the footer inside the page margin, the body above it.
    footer_height = max(page.bottom_cm - page.footer_cm, 0.1)
    font = escape(base.font, {'"': "&quot;"})
    lines = ""
    if initials:
        lines = _paragraph(INITIALS_STYLE, text_xml(INITIALS_TEXT))
    lead = text_xml((clean(footer) + " — " if footer else "") + "page ")
    lines += _paragraph(
        FOOTER_STYLE,
        f'{lead}<text:page-number text:select-page="current">1</text:page-number>'
        " / <text:page-count>1</text:page-count>",
    )
    return (
        f"{_HEAD}<office:document-styles {_NS}>"
        f'<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="{font}"'
        ' style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls>'
        "<office:styles>"
        '<style:default-style style:family="paragraph">'
        '<style:paragraph-properties style:tab-stop-distance="1.25cm" style:writing-mode="page"/>'
        f'<style:text-properties style:font-name="{font}" fo:font-size="11pt" fo:language="fr" fo:country="FR"'
        ' fo:hyphenate="false"/></style:default-style>'
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
        f"{base.styles_xml}</office:styles>"
        '<office:automatic-styles><style:page-layout style:name="Page">'
        f'<style:page-layout-properties fo:page-width="{page.width_cm}cm" fo:page-height="{page.height_cm}cm"'
        f' style:print-orientation="portrait" fo:margin-top="{page.top_cm}cm" fo:margin-bottom="{page.footer_cm}cm"'
        f' fo:margin-left="{page.left_cm}cm" fo:margin-right="{page.right_cm}cm" style:writing-mode="lr-tb"/>'
        "<style:header-style/><style:footer-style>"
        f'<style:header-footer-properties fo:min-height="{footer_height:.3f}cm" fo:margin-top="0cm"'
        ' style:dynamic-spacing="true"/></style:footer-style></style:page-layout></office:automatic-styles>'
        '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Page">'
        f"<style:footer>{lines}</style:footer></style:master-page></office:master-styles>"
        "</office:document-styles>"
    )


def _meta(title: str) -> str:
    return (
        f"{_HEAD}<office:document-meta {_NS}><office:meta>"
        f"<dc:title>{escape(clean(title))}</dc:title><dc:language>fr-FR</dc:language>"
        "<meta:generator>Audition Assistant</meta:generator></office:meta></office:document-meta>"
    )


# LibreOffice's layout options as it sets them for a Word document, so that
# the .odt breaks lines and pages where the .docx does. Without a setting,
# LibreOffice assumes an old document: spacing below a paragraph added to the
# next one's above (Word keeps the larger) and the former line spacing.
_COMPAT = {
    "AddExternalLeading": "true",
    "AddParaTableSpacing": "false",
    "UseFormerLineSpacing": "false",
    "HeaderSpacingBelowLastPara": "true",
    "DoNotJustifyLinesWithManualBreak": "false",  # Word stretches a justified line ended by a line break
}
SETTINGS = (
    f'{_HEAD}<office:document-settings xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"'
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3"'
    # "ooo:configuration-settings" is a qualified name: without its prefix declared, the set is ignored.
    ' xmlns:ooo="http://openoffice.org/2004/office">'
    '<office:settings><config:config-item-set config:name="ooo:configuration-settings">'
    + "".join(
        f'<config:config-item config:name="{name}" config:type="boolean">{value}</config:config-item>'
        for name, value in _COMPAT.items()
    )
    + "</config:config-item-set></office:settings></office:document-settings>"
)


def _manifest() -> str:
    entries = "".join(
        f'<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{kind}"/>'
        for path, kind in (
            ("/", MIMETYPE),
            ("content.xml", "text/xml"),
            ("styles.xml", "text/xml"),
            ("meta.xml", "text/xml"),
            ("settings.xml", "text/xml"),
        )
    )
    return (
        f'{_HEAD}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        f' manifest:version="1.3">{entries}</manifest:manifest>'
    )
