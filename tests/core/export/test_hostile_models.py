"""Hostile Word models: each made from a bundled model by patching its XML, each refused within seconds.

Refused when exported (even a file whose import the trail records: the
checks and the sandbox do not rely on the import), when imported, and by
``templates validate``; nothing is exported and no payload runs.
"""

from __future__ import annotations

import hashlib
import io
import sys
import time
import zipfile
from collections.abc import Callable

import pytest

from audition_assistant.cli import main
from audition_assistant.core import resources
from audition_assistant.core.export.attestations import build_context
from audition_assistant.core.export.files import ExportError
from audition_assistant.core.export.model_check import MB, PackageRefused, check_package
from audition_assistant.core.export.model_sandbox import Limits
from audition_assistant.core.export.model_values import is_plain
from audition_assistant.core.templates.model import DocumentSpec
from audition_assistant.core.workspace import Workspace
from readers import docx_text

MODEL = "recepisse_plainte"
DOCUMENT = "recepisse-plainte"
SMALL = Limits(seconds=6.0, cpu_seconds=2, memory_mb=768)  # a hostile model is stopped in seconds
BODY = "<w:body>"
RELS = "word/_rels/document.xml.rels"
SETTINGS_RELS = "word/_rels/settings.xml.rels"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
KIND = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PAYLOAD_FILE = "pwned.txt"


def bundled() -> bytes:
    return resources.root().joinpath("models", f"{MODEL}.docx").read_bytes()


def patched(
    document: Callable[[str], str] = lambda xml: xml,
    rels: Callable[[str], str] = lambda xml: xml,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """The bundled model with its body, its relationships or extra parts changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundled())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = document(data.decode()).encode()
            elif info.filename == RELS:
                data = rels(data.decode()).encode()
            target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def paragraph(text: str) -> Callable[[str], str]:
    """A first paragraph holding ``text`` (Jinja), before the model's own."""
    run = f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    return lambda xml: xml.replace(BODY, BODY + run, 1)


def relationship(kind: str, target: str) -> Callable[[str], str]:
    rel = f'<Relationship Id="rId999" Type="{KIND}{kind}" Target="{target}" TargetMode="External"/>'
    return lambda xml: xml.replace("</Relationships>", rel + "</Relationships>")


def big_part() -> bytes:
    """A 200 MB part of zeros: a few hundred kilobytes once compressed."""
    return patched(extra={"word/media/image9.bin": bytes(200 * MB)})


def attached_template() -> bytes:
    rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS_NS}">'
        f'<Relationship Id="rId1" Type="{KIND}attachedTemplate" '
        'Target="file://\\\\serveur\\partage\\modele.dotm" TargetMode="External"/></Relationships>'
    )
    return patched(extra={SETTINGS_RELS: rels.encode()})


def include_picture_split() -> Callable[[str], str]:
    """INCLUDEPICTURE split over two runs, as Word writes a field code."""
    runs = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> INCLUDEPIC</w:instrText></w:r>'
        '<w:r><w:instrText xml:space="preserve">TURE "http://exemple.invalid/p.png" \\d </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    return lambda xml: xml.replace(BODY, BODY + runs, 1)


GC_WALK = (
    "{% for o in cycler.__init__.__globals__.sys.modules.gc.get_objects() %}"
    "{% if o.__class__.__name__ == 'Store' %}{{ o.answers(1) }}{% endif %}{% endfor %}"
)
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "code execution": (
        lambda: patched(paragraph(f"{{{{ cycler.__init__.__globals__.os.popen('echo x > {PAYLOAD_FILE}').read() }}}}")),
        "instruction interdite",
    ),
    "gc walk": (lambda: patched(paragraph(GC_WALK)), "instruction interdite"),
    "endless loop": (lambda: patched(paragraph("{% for i in range(10**12) %}x{% endfor %}")), "boucle trop longue"),
    "nested loops": (
        lambda: patched(paragraph("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}")),
        "secondes",
    ),
    "memory bomb": (lambda: patched(paragraph("{{ 'x' * 10**10 }}")), "répétition trop grande"),
    "memory bomb through a filter": (lambda: patched(paragraph("{{ 'x'|center(2**33) }}")), "mémoire"),
    "hidden large part": (big_part, "word/media/image9.bin annonce 200 Mo"),
    "http image": (
        lambda: patched(rels=relationship("image", "http://exemple.invalid/pixel.png")),
        "« http://exemple.invalid/pixel.png »",
    ),
    "UNC attached template": (attached_template, "un modèle attaché"),
    "INCLUDEPICTURE field": (
        lambda: patched(include_picture_split()),
        "champ INCLUDEPICTURE",
    ),
    "INCLUDETEXT simple field": (
        lambda: patched(
            lambda xml: xml.replace(
                BODY, BODY + '<w:p><w:fldSimple w:instr=" INCLUDETEXT \\\\\\\\hote\\\\partage\\\\a.docx "/></w:p>', 1
            )
        ),
        "champ INCLUDETEXT",
    ),
    "DDEAUTO field": (lambda: patched(_dde()), "champ DDEAUTO"),
}


def _dde() -> Callable[[str], str]:
    runs = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve">DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe '
        '"/c calc"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    return lambda xml: xml.replace(BODY, BODY + runs, 1)


@pytest.fixture
def demo(fill_demo, workspace):
    hearing_id, files = fill_demo("audition-victime-majeure")
    assert DOCUMENT in files  # the bundled model renders
    workspace.models.limits = SMALL
    return hearing_id


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_model_is_refused_in_seconds_and_nothing_is_exported(
    workspace, data_paths, demo, tmp_path, monkeypatch, case
):
    if case == "memory bomb through a filter" and sys.platform == "win32":
        pytest.skip("no memory limit on Windows: the wall-clock timeout bounds it")
    make, expected = HOSTILE[case]
    data = make()
    monkeypatch.chdir(tmp_path)
    (data_paths.models / f"{MODEL}.docx").write_bytes(data)
    workspace.models.imported[MODEL] = hashlib.sha256(data).hexdigest()  # as if imported before the checks existed
    out = tmp_path / "out"
    started = time.monotonic()
    with pytest.raises(ExportError) as caught:
        workspace.export(demo, out, [DOCUMENT])
    elapsed = time.monotonic() - started
    message = str(caught.value)
    assert message.startswith(f"Modèle {data_paths.models / MODEL}.docx"), message
    assert expected in message and "modèle refusé" in message, message
    assert "Traceback" not in message and "CASTAÑO" not in message
    assert elapsed < SMALL.seconds + 4, elapsed
    assert not out.exists() or not any(out.iterdir())
    assert not (tmp_path / PAYLOAD_FILE).exists()


@pytest.mark.parametrize("case", ["code execution", "hidden large part", "http image", "INCLUDEPICTURE field"])
def test_templates_validate_and_models_import_refuse_a_hostile_model(
    workspace, store, data_paths, tmp_path, monkeypatch, capsys, case
):
    make, expected = HOSTILE[case]
    path = tmp_path / "hostile" / f"{MODEL}.docx"
    path.parent.mkdir()
    path.write_bytes(make())
    monkeypatch.chdir(tmp_path)
    assert main(["--data-dir", str(data_paths.root), "templates", "validate", str(path)]) == 1
    output = capsys.readouterr()
    assert f"{path}: (fichier): Modèle {path}" in output.out and expected in output.out
    info = workspace.import_model(path)
    assert info.problems and expected in info.problems[0]
    assert not (data_paths.models / f"{MODEL}.docx").exists()
    assert not [e for e in store.audit_entries() if e.action == "model_imported"]
    assert not (tmp_path / PAYLOAD_FILE).exists()


def test_an_endless_model_is_reported_invalid_by_templates_validate_and_refused_at_import(
    workspace, data_paths, tmp_path, monkeypatch, capsys
):
    path = tmp_path / "boucle.docx"
    path.write_bytes(HOSTILE["nested loops"][0]())
    monkeypatch.setattr("audition_assistant.core.export.model_sandbox.DEFAULT", SMALL)
    started = time.monotonic()
    assert main(["--data-dir", str(data_paths.root), "templates", "validate", str(path)]) == 1
    assert time.monotonic() - started < SMALL.seconds + 4
    assert "secondes" in capsys.readouterr().out
    started = time.monotonic()
    info = workspace.import_model(path)
    assert time.monotonic() - started < SMALL.seconds + 4
    assert len(info.problems) == 1 and "secondes" in info.problems[0] and "modèle refusé" in info.problems[0]
    assert not (data_paths.models / "boucle.docx").exists()


def test_a_model_dropped_in_the_folder_without_import_is_refused(workspace, data_paths, demo, tmp_path):
    data = patched(paragraph("Version déposée à la main : {{ personne.nom_complet }}"))
    (data_paths.models / f"{MODEL}.docx").write_bytes(data)
    out = tmp_path / "out"
    with pytest.raises(ExportError, match=r"n'a pas été importé .* modèle refusé\. Importez-le"):
        workspace.export(demo, out, [DOCUMENT])
    assert not out.exists() or not any(out.iterdir())


def test_an_imported_model_is_used_until_changed_replaced_by_an_older_one_or_by_another_model(
    workspace, store, data_paths, demo, tmp_path
):
    first, second, other = tmp_path / "v1", tmp_path / "v2", tmp_path / "autre"
    for folder, text in ((first, "Version 1"), (second, "Version 2"), (other, "Attestation")):
        folder.mkdir()
        (folder / f"{MODEL}.docx").write_bytes(patched(paragraph(text + " : {{ personne.nom_complet }}")))
    assert workspace.import_model(first / f"{MODEL}.docx").problems == ()
    assert workspace.import_model(second / f"{MODEL}.docx").problems == ()
    (other / f"{MODEL}.docx").rename(other / "attestation_service.docx")
    assert workspace.import_model(other / "attestation_service.docx").problems == ()
    reopened = Workspace(data_paths, store)  # the imports are read back from the audit trail
    reopened.models.limits = SMALL
    (exported,) = reopened.export(demo, tmp_path / "a", [DOCUMENT])
    assert "Version 2 : CASTAÑO RUEDA" in docx_text(exported.path)

    target = data_paths.models / f"{MODEL}.docx"
    for replacement in (
        patched(paragraph("Version changée : {{ personne.nom_complet }}")),
        (first / f"{MODEL}.docx").read_bytes(),  # imported once, but not the last import of this name
        (data_paths.models / "attestation_service.docx").read_bytes(),  # another model's file
    ):
        target.write_bytes(replacement)
        with pytest.raises(ExportError, match=r"n'a pas été importé \(ou a changé depuis son import\)"):
            reopened.export(demo, tmp_path / "b", [DOCUMENT])
        assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())


def test_the_values_sent_to_the_rendering_process_are_plain_data(workspace, demo):
    ctx = workspace.context(demo)
    library = workspace.models
    spec = DocumentSpec("n", "Notice", "notice_droits_victime", language_field="langue_remise")
    notice = library.notices.bilingual("notice_droits_victime", "es")
    context = build_context(ctx, spec, notice, library.notices.references)
    assert is_plain(context)
    assert "accord" not in context and "case" not in context  # made inside the rendering process


def test_a_part_whose_headers_understate_its_size_is_refused_without_being_inflated():
    """The zip's headers say 1 000 bytes; the part holds 200 MB of zeros: the reader does not trust them."""
    data = bytearray(big_part())
    name = b"word/media/image9.bin"
    for signature, fixed, size_offset in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        found = data.find(name)
        while data[found - fixed : found - fixed + 4] != signature:  # the header that names the part
            found = data.find(name, found + 1)
        at = found - fixed
        data[at + size_offset : at + size_offset + 4] = (1000).to_bytes(4, "little")
    started = time.monotonic()
    with pytest.raises(PackageRefused, match=r"la partie word/media/image9\.bin est illisible"):
        check_package(bytes(data))
    assert time.monotonic() - started < 2
