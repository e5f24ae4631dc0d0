"""The Word models dialog and the export dialog's mention of a service's own model."""

from __future__ import annotations

import io
import time
import zipfile

import docx
from PySide6.QtWidgets import QDialog

from audition_assistant.core import resources
from hearings import make_hearing

MODEL = "recepisse_plainte"
LISTED = f"Récépissé de dépôt de plainte ({MODEL}.docx)"  # the templates' title, then the file


def service_model(*paragraphs: str) -> bytes:
    """The bundled récépissé with the service's paragraphs added."""
    with resources.path_of("models", f"{MODEL}.docx") as path:
        document = docx.Document(str(path))
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_include_picture(data: bytes) -> bytes:
    out = io.BytesIO()
    field = '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://exemple.invalid/p.png&quot; \\d "/></w:p>'
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(b"<w:body>", b"<w:body>" + field.encode(), 1)
            target.writestr(info.filename, content)
    return out.getvalue()


def open_models(window, step):
    window.run_dialog.push(step)
    window.word_models_action.trigger()


def test_a_model_is_imported_off_the_window_thread_and_listed_as_replacing_the_bundled_one(
    qtbot, window, gui_workspace, data_paths, tmp_path
):
    source = tmp_path / f"{MODEL}.docx"
    source.write_bytes(service_model("Récépissé du service : {{ personne.nom_complet }}"))
    seen = {}

    def importing(dialog):
        listed = [dialog.models.item(i).text() for i in range(dialog.models.count())]
        assert f"{LISTED} — modèle livré — signé par Assistant d'audition (modèles livrés)" in listed
        started = time.monotonic()
        dialog.import_file(source)
        seen["call"] = time.monotonic() - started
        assert not dialog.import_button.isEnabled()
        qtbot.waitUntil(lambda: "importé" in dialog.status.text() or "refusé" in dialog.status.text(), timeout=30000)
        seen["status"] = dialog.status.text()
        seen["items"] = [dialog.models.item(i).text() for i in range(dialog.models.count())]
        return QDialog.DialogCode.Rejected

    open_models(window, importing)
    assert seen["call"] < 0.1  # the check runs in a thread, the rendering in another process
    assert seen["status"] == f"Modèle « {MODEL} » importé ; il remplace le modèle livré du même nom."
    assert f"{LISTED} — modèle local, remplace le modèle livré — ⚠\u00a0non signé" in seen["items"]
    assert (data_paths.models / f"{MODEL}.docx").read_bytes() == source.read_bytes()
    entry = gui_workspace.store.audit_entries()[-1]
    assert entry.action == "model_imported" and entry.detail["model"] == MODEL

    hearing_id = make_hearing(gui_workspace)
    window.open_hearing(hearing_id)
    mention = {}

    def export(dialog):
        mention["text"] = dialog.local_models.text()
        return QDialog.DialogCode.Rejected

    window.run_dialog.push(export)
    window.export_action.trigger()
    assert mention["text"] == (
        "Modèles locaux du service\u00a0: «\u00a0Récépissé de dépôt de plainte\u00a0» "
        "(modèle local, remplace le modèle livré)."
    )


def test_a_model_that_fetches_on_opening_is_refused_and_nothing_is_imported(
    qtbot, window, gui_workspace, data_paths, tmp_path
):
    source = tmp_path / f"{MODEL}.docx"
    source.write_bytes(with_include_picture(service_model()))
    seen = {}

    def importing(dialog):
        dialog.import_file(source)
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30000)
        seen["status"] = dialog.status.text()
        return QDialog.DialogCode.Rejected

    open_models(window, importing)
    assert seen["status"].startswith("Modèle refusé, rien n'a été importé :\n• Modèle ")
    assert "champ INCLUDEPICTURE" in seen["status"] and "modèle refusé" in seen["status"]
    assert not (data_paths.models / f"{MODEL}.docx").exists()
    assert all(e.action != "model_imported" for e in gui_workspace.store.audit_entries())


def test_a_model_dropped_in_the_folder_is_listed_as_refused(window, data_paths):
    (data_paths.models / f"{MODEL}.docx").write_bytes(service_model("Déposé à la main"))
    seen = {}

    def listing(dialog):
        seen["items"] = [dialog.models.item(i).text() for i in range(dialog.models.count())]
        return QDialog.DialogCode.Rejected

    open_models(window, listing)
    assert f"{LISTED} — modèle local non importé : refusé à l'export — ⚠\u00a0non signé" in seen["items"]


def test_who_signed_each_model_is_seen_without_scrolling_sideways(qtbot, window):
    seen = {}

    def look(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(50)
        view = dialog.models
        seen["sideways"] = view.horizontalScrollBar().maximum()
        seen["wrapped"] = view.wordWrap()
        seen["fit"] = all(
            view.visualItemRect(view.item(row)).right() <= view.viewport().width() for row in range(view.count())
        )
        seen["marks"] = all("signé" in view.item(row).text() for row in range(view.count()))
        return dialog.reject()

    open_models(window, look)
    assert seen == {"sideways": 0, "wrapped": True, "fit": True, "marks": True}
