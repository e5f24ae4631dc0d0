"""The command line contract: each command and each error path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from audition_assistant import cli
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store
from audition_assistant.core.workspace import Workspace
from readers import plain

PASSPHRASE = "une phrase secrète pour les tests"
HOSTILE = "avant\x00\x01\x0b\x0c\x1f après 😀👩🏽‍⚖️ 王芳说：我很害怕 ليلى قالت إنها خائفة"


@pytest.fixture
def env(tmp_path, monkeypatch, small_raw):
    """A data folder holding the small test template as a local template."""
    import yaml

    data = tmp_path / "data"
    (data / "templates").mkdir(parents=True)
    (data / "templates" / "essai.yaml").write_text(yaml.safe_dump(small_raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(data))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    Workspace.open(DataPaths(data), PASSPHRASE, backup=False, create=True).close()  # the first start
    return data


def answers(tmp_path: Path, **changes) -> Path:
    body = {
        "format": "audition-assistant/answers",
        "version": 1,
        "template": "essai",
        "investigator": {"nom": "Lefèvre", "prenom": "Camille", "grade": "Capitaine de police", "qualite": "OPJ"},
        "case": {"procedure_number": "2026/000321", "heading": "Affaire c/ X"},
        "hearing": {"pv_number": "2026/000321/00002"},
        "answers": {
            "cadre": "preliminaire",
            "victime": {"nom": "Wang", "prenoms": "Fang 王芳", "nationalite": "chinoise"},
            "droits": True,
            "delai_reflexion": True,
        },
        "timeline": [{"event": "start", "at": "2026-03-14T09:00:00"}, {"event": "end", "at": "2026-03-14T10:00:00"}],
        "transcript": [
            {"theme": "recit", "question": "Racontez-moi.", "answer": "Réponse un.", "at": "2026-03-14T09:05:00"},
            {"theme": None, "question": "Et ensuite ?", "answer": "Réponse deux.", "at": "2026-03-14T09:10:00"},
        ],
    }
    body.update(changes)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI as a real subprocess."""
    proc = subprocess.run(
        [sys.executable, "-m", "audition_assistant", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def call(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process (faster), same contract."""
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_command_has_help():
    parser = cli.build_parser()
    actions = next(a for a in parser._actions if a.dest == "command")
    for name, sub in actions.choices.items():
        assert sub.description or actions._choices_actions, name
        assert [c for c in actions._choices_actions if c.dest == name and c.help], f"{name} has no help"


def test_templates_list_flags_invalid_ones(env, capsys):
    (env / "templates" / "casse.yaml").write_text("format: 1\nid: casse\nversion: '1'\nkind: fiche\n", encoding="utf-8")
    code, out, err = call(capsys, "templates", "list")
    assert code == 0
    lines = out.splitlines()
    assert "essai\t1.0\taudition\tAudition d'essai\tlocal\tnon signé" in lines
    assert any(line.startswith("casse\t1\tfiche\t") and line.endswith("INVALID\tnon signé") for line in lines)
    assert "1 invalid template(s)" in err


def test_templates_validate_prints_path_location_message_and_exits_1(tmp_path, capsys):
    broken = tmp_path / "casse.yaml"
    broken.write_text(
        "format: 1\nid: Casse\nversion: '1'\ntitle: T\nkind: audition\naudience: adulte\nsections: []\n",
        encoding="utf-8",
    )
    code, out, _ = call(capsys, "templates", "validate", str(broken))
    assert code == 1
    lines = out.splitlines()
    assert f"{broken}: id: identifiant « Casse » invalide" in lines[0]
    assert all(line.startswith(f"{broken}: ") and line.count(": ") >= 2 for line in lines)
    assert any(": audience: " in line and "vouliez-vous « adult »" in line for line in lines)


def test_templates_validate_all_bundled_is_clean(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(tmp_path))
    code, out, err = call(capsys, "templates", "validate")
    assert (code, out) == (0, "")
    assert "template(s) and 6 Word model(s) valid" in err


def test_fill_then_export_again_as_subprocess(env, tmp_path):
    out_dir = tmp_path / "out"
    code, out, err = run("fill", "--answers", str(answers(tmp_path)), "--out", str(out_dir))
    assert code == 0, err
    written = [Path(line) for line in out.splitlines()]
    assert [p.parent for p in written] == [out_dir, out_dir]  # the PV and the foreign-victim copy
    text = [plain(p.text) for p in docx.Document(str(written[0])).paragraphs]
    assert (
        text.index("Question : Racontez-moi.")
        < text.index("Réponse : Réponse un.")
        < text.index("Question : Et ensuite ?")
    )
    code, out, err = run("export", "--hearing", "1", "--out", str(out_dir), "--document", "pv")
    assert code == 0, err
    assert out.strip().endswith("(2).docx")


def test_fill_keeps_unicode_and_long_text_and_drops_control_characters(env, tmp_path, capsys):
    long_answer = ("Elle dit : « je travaillais tous les jours ». " * 5000)[:200_000]
    path = answers(
        tmp_path,
        transcript=[
            {"theme": "recit", "question": HOSTILE, "answer": long_answer},
            {"theme": None, "question": "Nom ?", "answer": HOSTILE},
        ],
    )
    code, out, err = call(capsys, "fill", "--answers", str(path), "--out", str(tmp_path / "out"))
    assert code == 0, err
    pv = Path(out.splitlines()[0])
    texts = [plain(p.text) for p in docx.Document(str(pv)).paragraphs]
    clean = "avant après 😀👩🏽‍⚖️ 王芳说：我很害怕 ليلى قالت إنها خائفة"
    assert f"Question : {clean}" in texts and f"Réponse : {clean}" in texts
    assert f"Réponse : {long_answer}" in texts
    assert "Nom : WANG" in texts and "Prénoms : Fang 王芳" in texts


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"template": "inconnu"}, "template: modèle inconnu « inconnu »"),
        ({"answers": {"cadre": "preliminaire", "droits": True, "victim": {}}}, "answers.victim: champ inconnu"),
        ({"answers": {"cadre": 3}}, "answers.cadre: Cadre de l'enquête — valeur « 3 » hors des choix"),
        (
            {"answers": {"victime": {"nom": "A", "prenoms": "B", "date_naissance": "1999-02-30"}}},
            "Date de naissance : date invalide « 1999-02-30 »",
        ),
        (
            {"answers": {"victime": {"nom": "A", "prenoms": "B"}, "droits": True}},
            "answers.cadre: Cadre de l'enquête — réponse obligatoire manquante",
        ),
    ],
)
def test_fill_rejects_invalid_answers_naming_the_field_and_writes_nothing(env, tmp_path, capsys, changes, expected):
    out_dir = tmp_path / "out"
    code, out, err = call(capsys, "fill", "--answers", str(answers(tmp_path, **changes)), "--out", str(out_dir))
    assert code == 1 and out == ""
    assert expected in err
    assert "Traceback" not in err
    assert not out_dir.exists()


def test_passphrase_errors(env, tmp_path, capsys, monkeypatch):
    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", "pas la bonne")
    code, _, err = call(capsys, "export", "--hearing", "1", "--out", str(tmp_path / "o"))
    assert code == 3 and "wrong passphrase" in err
    monkeypatch.delenv("AUDITION_ASSISTANT_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = call(capsys, "export", "--hearing", "1", "--out", str(tmp_path / "o"))
    assert code == 3 and "no passphrase" in err
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    code, _out, err = call(
        capsys, "--passphrase-file", str(secret), "export", "--hearing", "1", "--out", str(tmp_path / "o")
    )
    assert code == 0, err


def test_a_new_database_refuses_a_weak_passphrase_and_an_existing_one_still_opens(env, tmp_path, capsys, monkeypatch):
    for made in env.glob("audition-assistant.db*"):
        made.unlink()
    for weak in ("x", "aaaaaaaaaaaa", "azertyuiopqsdf", "gendarmerie2026"):
        monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", weak)
        args = ("--create", "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))
        code, out, err = call(capsys, *args)
        assert code == 3 and out == "" and "passphrase refused for a new database: Phrase secrète" in err
        assert not (env / "audition-assistant.db").exists() and not (tmp_path / "o").exists()
    # A database made before the policy, with a short passphrase, still opens with it.
    Workspace.open(DataPaths(env), "court", backup=False, create=True).close()
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", "court")
    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_passphrase_file_others_can_read_is_refused(env, tmp_path, capsys, monkeypatch, mode):
    monkeypatch.delenv("AUDITION_ASSISTANT_PASSPHRASE")
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(mode)
    args = ("--passphrase-file", str(secret), "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))
    before = (env / "audition-assistant.db").stat().st_mtime_ns
    code, out, err = call(capsys, *args)
    assert code == 3 and out == ""
    assert f"can be read by other accounts (mode {mode:o})" in err and f"chmod 600 {secret}" in err
    assert (env / "audition-assistant.db").stat().st_mtime_ns == before and not (tmp_path / "o").exists()
    secret.chmod(0o600)
    assert call(capsys, *args)[0] == 0


def test_export_of_unknown_hearing_is_a_clear_error(env, tmp_path, capsys):
    code, _, err = call(capsys, "export", "--hearing", "42", "--out", str(tmp_path))
    assert code == 1 and "Audition n° 42 introuvable." in err


def test_export_into_a_file_path_is_a_clear_error(env, tmp_path, capsys):
    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    code, _, err = call(capsys, "export", "--hearing", "1", "--out", str(blocker / "sous-dossier"))
    assert code == 1 and "Impossible de créer le dossier d'export" in err


def test_demo_writes_the_bundled_examples_without_touching_the_data_folder(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(data))
    monkeypatch.delenv("AUDITION_ASSISTANT_PASSPHRASE", raising=False)
    code, out, err = run("demo", "--out", str(tmp_path / "demo"))
    assert code == 0, err
    files = [Path(line) for line in out.splitlines()]
    assert files and all(f.exists() and f.suffix == ".docx" for f in files)
    assert not data.exists()
    notice = next(f for f in files if "Information_des_droits" in f.name)
    assert (
        f"audition-assistant: note: {notice.name}: Information des droits de la victime (espagnol) : "
        "traduction non validée." in err.splitlines()
    )
    demo = json.loads(
        (Path(cli.__file__).parents[2] / "resources" / "demo" / "audition-victime-majeure.json").read_text(
            encoding="utf-8"
        )
    )
    pv = next(f for f in files if "Procès-verbal" in f.name)
    texts = [plain(p.text) for p in docx.Document(str(pv)).paragraphs]
    questions = [t.removeprefix("Question : ") for t in texts if t.startswith("Question : ")]
    assert questions == [e["question"] for e in demo["transcript"] if e["question"].strip()]


def test_usage_errors_exit_2():
    code, _, err = run("fill", "--answers")
    assert code == 2 and "usage:" in err


def test_audit_verify_and_show(env, tmp_path, capsys):
    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    code, out, _ = call(capsys, "audit", "verify")
    assert code == 0 and out.startswith("audit trail intact: ")
    code, out, _ = call(capsys, "audit", "show", "--hearing", "1")
    actions = [line.split("\t")[2] for line in out.splitlines()]
    assert code == 0 and actions[0] == "hearing_created" and "field_changed" in actions and actions[-1] == "exported"
    assert all(line.split("\t")[1] == "Capitaine de police Camille LEFÈVRE" for line in out.splitlines())
    code, _, err = call(capsys, "audit", "show", "--hearing", "9")
    assert code == 1 and "Audition n° 9 introuvable." in err


def test_verify_says_whether_a_file_is_a_recorded_export(env, tmp_path, capsys):
    code, out, _ = call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))
    pv = Path(out.splitlines()[0])
    code, out, _ = call(capsys, "verify", str(pv))
    assert code == 0 and "identical to the export of hearing 1 (document pv)" in out
    altered = tmp_path / "altere.docx"
    altered.write_bytes(pv.read_bytes() + b"\0")
    code, out, _ = call(capsys, "verify", str(altered))
    assert code == 1 and "NOT identical" in out
    code, _, err = call(capsys, "verify", str(tmp_path / "absent.docx"))
    assert code == 1 and "cannot read" in err


def test_backup_then_restore(env, tmp_path, capsys):
    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    code, out, _ = call(capsys, "backup")
    backup = Path(out.strip())
    assert code == 0 and backup.exists() and backup.parent.name == "sauvegardes"
    code, out, err = call(capsys, "restore", str(backup))
    assert code == 0, err
    assert "previous database kept as" in out
    code, _, err = call(capsys, "restore", str(tmp_path / "absent.db"))
    assert code == 1 and "no backup file" in err


def test_busy_folder_and_corrupt_database_are_one_line_errors(env, tmp_path, capsys):
    from audition_assistant.core.instance import FolderLock

    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    with FolderLock(env):
        code, _, err = call(capsys, "export", "--hearing", "1", "--out", str(tmp_path / "o"))
        assert code == 1 and "in use by another instance" in err
        code, _, err = call(capsys, "restore", str(tmp_path / "answers.json"))
        assert code == 1 and "close the application first" in err
    database = env / "audition-assistant.db"
    data = bytearray(database.read_bytes())
    data[8192:8392] = b"\xff" * 200
    database.write_bytes(bytes(data))
    code, _, err = call(capsys, "export", "--hearing", "1", "--out", str(tmp_path / "o"))
    assert code == 1 and "fails its integrity check" in err and len(err.strip().splitlines()) == 1


def test_templates_list_and_validate_cover_word_models(tmp_path, capsys, monkeypatch):
    from docx import Document

    data = tmp_path / "data"
    (data / "models").mkdir(parents=True)
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(data))
    code, out, _ = call(capsys, "templates", "list")
    kinds = [line.split("\t")[2] for line in out.splitlines()]
    assert code == 0 and kinds.count("audition") >= 3 and kinds.count("fiche") >= 3 and kinds.count("attestation") >= 6
    assert "INVALID" not in out
    broken = data / "models" / "recepisse_plainte.docx"
    document = Document()
    document.add_paragraph("Reçu de {{ personne.nom }")
    document.save(str(broken))
    code, out, _ = call(capsys, "templates", "list")
    rows = [line for line in out.splitlines() if line.startswith("recepisse_plainte\t")]
    assert len(rows) == 1 and rows[0].endswith("local\treplaces-bundled\tINVALID\tnon signé")
    code, out, _ = call(capsys, "templates", "validate")
    assert code == 1
    assert out.strip() == f"{broken}: (fichier): Modèle {broken}, ligne 2 : erreur de syntaxe (unexpected '}}')."


def decrypted(path: Path, password: str) -> docx.document.Document:
    import io

    import msoffcrypto

    office = msoffcrypto.OfficeFile(path.open("rb"))
    assert office.is_encrypted()
    office.load_key(password=password)
    plain = io.BytesIO()
    office.decrypt(plain)
    return docx.Document(plain)


def test_fill_and_export_protect_documents_with_a_password_file(env, tmp_path, capsys):
    secret = tmp_path / "mot-de-passe.txt"
    secret.write_text("Brigade-2026 traite\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(out_dir),
                          "--password-file", str(secret))  # fmt: skip
    assert code == 0, err
    pv = Path(out.splitlines()[0])
    with pytest.raises(Exception, match=r"File is not a zip file|Package not found"):
        docx.Document(str(pv))
    assert "Question : Racontez-moi." in [plain(p.text) for p in decrypted(pv, "Brigade-2026 traite").paragraphs]
    # The recorded hash is the protected file's: verify recognises it as it was handed over.
    code, out, err = call(capsys, "verify", str(pv))
    assert code == 0 and "identical to the export of hearing 1 (document pv)" in out
    code, out, err = call(capsys, "export", "--hearing", "1", "--out", str(out_dir), "--document", "pv",
                          "--password-file", str(secret))  # fmt: skip
    assert code == 0, err
    assert decrypted(Path(out.strip()), "Brigade-2026 traite").paragraphs


@pytest.mark.parametrize("content", ["court\n", ""])
def test_a_too_short_document_password_is_refused_before_anything_is_recorded(env, tmp_path, capsys, content):
    secret = tmp_path / "mot-de-passe.txt"
    secret.write_text(content, encoding="utf-8")
    code, out, err = call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "out"),
                          "--password-file", str(secret))  # fmt: skip
    assert code == 1 and out == ""
    assert "au moins 8 caractères" in err
    assert not (tmp_path / "out").exists()
    with Store.open(env / "audition-assistant.db", PASSPHRASE) as store:
        assert store.cases() == []
    code, _out, err = call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "out"),
                           "--password-file", str(tmp_path / "absent.txt"))  # fmt: skip
    assert code == 1 and "cannot read password file" in err


def test_export_writes_a_reopened_hearings_rectification_and_verify_knows_it(env, tmp_path, capsys):
    from audition_assistant.core.store import Store

    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    store = Store.open(env / "audition-assistant.db", PASSPHRASE)
    store.reopen_for_correction(1, "rectification", "2026/000321/00003", "Réponse mal transcrite")
    store.update_entry(store.entries(1)[1].id, answer="Réponse deux, corrigée.")
    store.finish_correction(1)
    store.close()
    code, out, err = call(capsys, "export", "--hearing", "1", "--out", str(tmp_path / "again"))
    assert code == 0, err
    [rectification] = [Path(line) for line in out.splitlines() if "rectification" in line]
    text = plain("\n".join(p.text for p in docx.Document(str(rectification)).paragraphs))
    assert "PV n° : 2026/000321/00003" in text
    assert "il convient de lire « Réponse deux, corrigée. » au lieu de « Réponse deux. »" in text
    [pv] = [Path(line) for line in out.splitlines() if "audition" in Path(line).name]
    assert "Réponse deux, corrigée." not in "\n".join(p.text for p in docx.Document(str(pv)).paragraphs)
    code, out, _ = call(capsys, "verify", str(rectification))
    assert code == 0 and "(document pv-supplement-1)" in out


def test_a_data_folder_that_does_not_exist_is_refused_unless_create(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    typo = tmp_path / "donees"
    code, out, err = call(capsys, "--data-dir", str(typo), "backup")
    assert code == 1 and out == "" and f"the data folder {typo} does not exist" in err and "--create" in err
    assert not typo.exists()
    typo.mkdir()
    code, _, err = call(capsys, "--data-dir", str(typo), "backup")
    assert code == 1 and "no database" in err and "--create" in err
    assert list(typo.iterdir()) == []
    code, out, err = call(capsys, "--data-dir", str(typo), "--create", "backup")
    assert code == 0, err
    assert (typo / "audition-assistant.db").exists() and Path(out.strip()).exists()


def test_a_missing_database_where_backups_exist_is_never_turned_into_a_new_one(env, tmp_path, capsys):
    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    code, out, _ = call(capsys, "backup")
    backup = Path(out.strip())
    (env / "audition-assistant.db").unlink()
    for create in ([], ["--create"]):
        code, out, err = call(capsys, *create, "export", "--hearing", "1", "--out", str(tmp_path / "o2"))
        assert code == 1 and out == ""
        assert f"backups exist in {backup.parent}" in err
        assert f'audition-assistant --data-dir "{env}" restore "{backup}"' in err  # the folder in use, said
        assert not (env / "audition-assistant.db").exists()
    code, out, err = call(capsys, "restore", str(backup))
    assert code == 0, err
    assert "audit trail: no database replaced, " in out and "the restore is recorded" in out
    code, out, _ = call(capsys, "audit", "show", "--hearing", "1")
    assert out.splitlines()[-1].split("\t")[2] == "restore"


def test_a_restore_says_how_far_the_audit_trail_goes_back(env, tmp_path, capsys):
    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    backup = Path(call(capsys, "backup")[1].strip())
    assert call(capsys, "export", "--hearing", "1", "--out", str(tmp_path / "o2"))[0] == 0
    code, out, _ = call(capsys, "audit", "verify")
    before = int(out.split(": ")[1].split()[0])
    code, out, err = call(capsys, "restore", str(backup))
    assert code == 0, err
    in_backup = json.loads(Path(str(backup) + ".tete").read_text())["entries"]
    assert f"audit trail: {before} entries before, {in_backup} in the backup" in out
    code, out, _ = call(capsys, "audit", "show", "--hearing", "1")
    restore = out.splitlines()[-1].split("\t")
    said = {"entrees_apres": in_backup, "entrees_avant": before, "sauvegarde": backup.name}
    detail = json.loads(restore[3])
    assert restore[2] == "restore" and {k: detail[k] for k in said} == said


def test_an_empty_backup_is_refused_with_any_passphrase(env, tmp_path, capsys, monkeypatch):
    assert call(capsys, "backup")[0] == 0
    empty = tmp_path / "sauvegarde-vide.db"
    empty.write_bytes(b"")
    before = (env / "audition-assistant.db").read_bytes()
    for passphrase in (PASSPHRASE, "n'importe laquelle"):
        monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", passphrase)
        code, out, err = call(capsys, "restore", str(empty))
        assert code == 1 and out == "" and "vide (0 octet) : restauration refusée" in err
    assert (env / "audition-assistant.db").read_bytes() == before


def test_export_as_text_writes_the_hand_off_text_and_verify_knows_it(env, tmp_path, capsys):
    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    code, out, err = call(capsys, "export", "--hearing", "1", "--out", str(tmp_path / "t"), "--format", "txt")
    assert code == 0, err
    (text_file,) = [Path(line) for line in out.splitlines()]
    assert text_file.suffix == ".txt" and text_file.name.startswith("2026-000321_PV_2026-000321-00002_")
    lines = text_file.read_text(encoding="utf-8").split("\n")
    statements = [plain(line) for line in lines if line.startswith(("Question", "Réponse"))]
    assert statements == ["Question : Racontez-moi.", "Réponse : Réponse un.", "Question : Et ensuite ?",
                          "Réponse : Réponse deux."]  # fmt: skip
    assert "" in lines and not any(c < " " for c in "".join(lines))  # blank lines between paragraphs, nothing else
    code, out, _ = call(capsys, "verify", str(text_file))
    assert code == 0 and "identical to the export of hearing 1 (document texte-redaction)" in out


def test_export_writes_each_document_in_each_format_asked_for_and_the_text_after(env, tmp_path, capsys):
    assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
    code, out, err = call(capsys, "export", "--hearing", "1", "--out", str(tmp_path / "t"), "--format", "txt,docx")
    assert code == 0, err
    suffixes = [Path(line).suffix for line in out.splitlines()]
    assert suffixes == [".docx"] * (len(suffixes) - 1) + [".txt"] and len(suffixes) > 1


@pytest.mark.parametrize(
    ("command", "formats", "expected"),
    [
        ("fill", "docx,pdf", "Un PDF/A ne peut pas être protégé par un mot de passe"),
        ("export", "pdf", "Décochez le format PDF ou la protection par mot de passe."),
        ("export", "docx,txt", "Un fichier texte ne peut pas être protégé par un mot de passe."),
    ],
)
def test_a_password_with_pdf_or_text_is_refused_before_anything_is_written(
    env, tmp_path, capsys, command, formats, expected
):
    secret = tmp_path / "mot-de-passe.txt"
    secret.write_text("Brigade-2026 traite\n", encoding="utf-8")
    if command == "export":
        assert call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "o"))[0] == 0
        where = ["--hearing", "1"]
    else:
        where = ["--answers", str(answers(tmp_path))]
    code, out, err = call(capsys, command, *where, "--out", str(tmp_path / "out"), "--format", formats,
                          "--password-file", str(secret))  # fmt: skip
    assert code == 1 and out == "" and expected in err
    assert not (tmp_path / "out").exists()
    with Store.open(env / "audition-assistant.db", PASSPHRASE) as store:
        assert len(store.cases()) == (1 if command == "export" else 0)


@pytest.mark.parametrize(
    ("command", "formats", "expected"),
    [
        ("fill", "docx,rtf", "Format inconnu : rtf (formats possibles : docx, odt, pdf)."),
        ("fill", "txt", "Format inconnu : txt"),  # the text is of a recorded hearing: export only
        ("demo", ",", "Choisissez au moins un format."),
    ],
)
def test_an_unknown_or_empty_format_is_refused_in_french(env, tmp_path, capsys, command, formats, expected):
    where = ["--answers", str(answers(tmp_path))] if command == "fill" else []
    code, out, err = call(capsys, command, *where, "--out", str(tmp_path / "out"), "--format", formats)
    assert code == 1 and out == "" and expected in err
    assert not (tmp_path / "out").exists()


def test_a_password_protects_the_word_and_opendocument_files_alike(env, tmp_path, capsys):
    import zipfile

    secret = tmp_path / "mot-de-passe.txt"
    secret.write_text("Brigade-2026 traite\n", encoding="utf-8")
    code, out, err = call(capsys, "fill", "--answers", str(answers(tmp_path)), "--out", str(tmp_path / "out"),
                          "--format", "odt,docx", "--password-file", str(secret))  # fmt: skip
    assert code == 0, err
    files = [Path(line) for line in out.splitlines()]
    assert [f.suffix for f in files[:2]] == [".docx", ".odt"]  # each document in the formats' order
    pv_docx, pv_odt = files[:2]
    assert "Question : Racontez-moi." in [plain(p.text) for p in decrypted(pv_docx, "Brigade-2026 traite").paragraphs]
    with zipfile.ZipFile(pv_odt) as package:
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert b"manifest:encryption-data" in package.read("META-INF/manifest.xml")
        assert b"Racontez-moi" not in package.read("content.xml")
    code, out, _ = call(capsys, "verify", str(pv_odt))
    assert code == 0 and "identical to the export of hearing 1 (document pv)" in out
