"""Signed template packs through the command line: sign, trust, import; every tampering refused, nothing installed."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from audition_assistant import cli
from audition_assistant.core import resources
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import Store
from audition_assistant.core.templates import packs
from audition_assistant.core.workspace import Workspace

PASSPHRASE = "une phrase secrète pour les tests"
NOW = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)
OFFICE = "Office central (fictif)"


@pytest.fixture
def data(tmp_path, monkeypatch) -> DataPaths:
    paths = DataPaths(tmp_path / "data")
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(paths.root))
    monkeypatch.setenv("AUDITION_ASSISTANT_PASSPHRASE", PASSPHRASE)
    Workspace.open(paths, PASSPHRASE, backup=False, create=True).close()
    return paths


@contextmanager
def opened(paths: DataPaths) -> Iterator[Workspace]:
    workspace = Workspace.open(paths, PASSPHRASE, backup=False)
    try:
        yield workspace
    finally:
        workspace.close()


def call(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def office_template(small_raw: dict, template_id: str = "office-essai") -> bytes:
    raw = dict(small_raw, id=template_id, title="Audition du service (paquet)")
    return yaml.safe_dump(raw, allow_unicode=True).encode("utf-8")


@pytest.fixture
def office(tmp_path, capsys):
    """The office's key (made by the CLI) and the public key it printed."""
    key = tmp_path / "office.pem"
    code, out, _ = call(capsys, "templates", "keygen", "--out", str(key))
    assert code == 0
    public, fingerprint = out.strip().split("\t")
    return key, public, fingerprint


@pytest.fixture
def pack(tmp_path, office, small_raw, capsys) -> Path:
    key, _public, _ = office
    source = tmp_path / "source"
    (source / "templates").mkdir(parents=True)
    (source / "templates" / "office-essai.yaml").write_bytes(office_template(small_raw))
    out = tmp_path / "office.pack"
    code, printed, _ = call(capsys, "templates", "pack", str(source), "--key", str(key), "--out", str(out),
                            "--name", "office-essai", "--version", "3", "--publisher", OFFICE)  # fmt: skip
    assert code == 0 and "office-essai\t3\t1 file(s)" in printed
    return out


def trust(capsys, public: str) -> None:
    code, out, _ = call(capsys, "templates", "trust", public, "--name", OFFICE)
    assert code == 0 and out.startswith(f"trusted\t{OFFICE}\t")


def installed_state(paths: DataPaths) -> dict[str, bytes]:
    """Every file a pack could have touched, with its content."""
    return {
        str(p.relative_to(paths.root)): p.read_bytes()
        for top in ("templates", "models", "notices", "references", "paquets")
        for p in sorted((paths.root / top).rglob("*"))
        if p.is_file()
    }


def trail_actions(paths: DataPaths) -> list[str]:
    with Store.open(paths.database, PASSPHRASE) as store:
        return [e.action for e in store.audit_entries()]


def rewrite(pack: Path, out: Path, change) -> Path:
    """A copy of the pack with its members passed through ``change(name, data) -> data``."""
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
    return out


def signed(out: Path, key: Path, members: dict[str, bytes], listed: dict[str, bytes] | None = None) -> Path:
    """A pack signed with ``key`` whose manifest lists ``listed`` (default: the members) as they are."""
    private = packs.load_private_key(key)
    manifest = packs.manifest_bytes(
        listed if listed is not None else members,
        publisher=OFFICE, key=packs.public_key_of(private), name="piege", version="1", created_at=NOW,
    )  # fmt: skip
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(packs.MANIFEST, manifest)
        archive.writestr(packs.SIGNATURE, base64.b64encode(packs.sign(private, manifest)))
        for name, content in members.items():
            archive.writestr(name, content)
    return out


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(tmp_path, office, capsys):
    key, public, fingerprint = office
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and b"BEGIN PRIVATE KEY" in key.read_bytes()
    assert packs.PublicKey.parse(public).fingerprint == fingerprint and len(fingerprint) == 19
    before = key.read_bytes()
    code, _, err = call(capsys, "templates", "keygen", "--out", str(key))
    assert code == 1 and "jamais écrasée" in err and key.read_bytes() == before


def test_round_trip_trust_import_then_listed_as_signed_and_usable(data, pack, office, capsys):
    _key, public, fingerprint = office
    trust(capsys, public)
    code, out, _ = call(capsys, "templates", "keys")
    lines = out.splitlines()
    assert code == 0 and lines[0].endswith("\tbundled") and f"{OFFICE}\t{public}\t{fingerprint}\tadded" in lines[1]

    code, out, err = call(capsys, "templates", "import", str(pack))
    assert code == 0, err
    assert out.splitlines()[0] == f"imported office-essai 3\tsigné par {OFFICE}\t{fingerprint}\t1 file(s)"
    assert (data.templates / "office-essai.yaml").is_file()
    assert (data.packs / "office-essai" / packs.MANIFEST).is_file()
    actions = trail_actions(data)
    assert actions.count("publisher_trusted") == 1 and actions.count("pack_imported") == 1

    code, out, _ = call(capsys, "templates", "list")
    (row,) = [line for line in out.splitlines() if line.startswith("office-essai\t")]
    assert row.endswith(f"\tlocal\tsigné par {OFFICE}")
    assert all(line.endswith("\tsigné par Assistant d'audition (modèles livrés)")
               for line in out.splitlines() if "\tlocal" not in line)  # fmt: skip
    with opened(data) as workspace:
        template = workspace.catalog.get("office-essai")
        assert workspace.signature_label(template) == f"signé par {OFFICE}"


def test_a_template_dropped_in_the_folder_is_listed_as_not_signed(data, small_raw, capsys):
    (data.templates / "essai.yaml").write_bytes(office_template(small_raw, "essai"))
    code, out, _ = call(capsys, "templates", "list")
    assert code == 0 and "essai\t1.0\taudition\tAudition du service (paquet)\tlocal\tnon signé" in out.splitlines()


def test_a_signed_file_changed_afterwards_is_no_longer_signed(data, pack, office, capsys):
    trust(capsys, office[1])
    assert call(capsys, "templates", "import", str(pack))[0] == 0
    path = data.templates / "office-essai.yaml"
    path.write_bytes(path.read_bytes().replace(b"Audition du service", b"Audition du servicE"))
    _, out, _ = call(capsys, "templates", "list")
    (row,) = [line for line in out.splitlines() if line.startswith("office-essai\t")]
    assert row.endswith("\tnon signé")


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def change_signature(name: str, data: bytes) -> bytes:
    if name != packs.SIGNATURE:
        return data
    return base64.b64encode(flip(base64.b64decode(data), 10))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda n, d: flip(d, len(d) // 2) if n.startswith("templates/") else d, "a été modifié"),
        (lambda n, d: d.replace(b'"3"', b'"4"') if n == packs.MANIFEST else d, "signature invalide"),
        (change_signature, "signature invalide"),
        (lambda n, d: d if n != "templates/office-essai.yaml" else d + b"\n", "a été modifié"),
    ],
    ids=["a byte of a file", "a byte of the manifest", "a byte of the signature", "a file grown"],
)
def test_one_byte_changed_is_refused_and_nothing_is_installed(data, pack, office, tmp_path, capsys, change, expected):
    trust(capsys, office[1])
    before, actions = installed_state(data), trail_actions(data)
    tampered = rewrite(pack, tmp_path / "tampered.pack", change)
    code, out, err = call(capsys, "templates", "import", str(tampered))
    assert code == 1 and expected in err and "rien n'a été installé" in err and out == ""
    assert installed_state(data) == before and trail_actions(data) == actions
    assert not list(data.root.glob(".paquet-*"))


def test_a_byte_changed_anywhere_in_the_pack_file_never_yields_anything_but_the_signed_content(
    pack, office, tmp_path, small_raw
):
    """Every byte in turn: a flip of the zip's own bookkeeping (a timestamp) is harmless, any other is refused."""
    publisher = packs.Publisher(OFFICE, packs.PublicKey.parse(office[1]))
    original = pack.read_bytes()
    changed = tmp_path / "changed.pack"
    refused = 0
    for at in range(len(original)):
        changed.write_bytes(flip(original, at))
        try:
            verified = packs.read_pack(changed, [publisher])
        except packs.PackError:
            refused += 1
            continue
        assert verified.files == {"templates/office-essai.yaml": office_template(small_raw)}, at
    assert refused > len(original) * 0.8


def test_a_truncated_pack_is_refused(data, pack, office, tmp_path, capsys):
    trust(capsys, office[1])
    before = installed_state(data)
    for size in (len(pack.read_bytes()) // 2, len(pack.read_bytes()) - 10):
        truncated = tmp_path / "truncated.pack"
        truncated.write_bytes(pack.read_bytes()[:size])
        code, _, err = call(capsys, "templates", "import", str(truncated))
        assert code == 1 and ("tronqué" in err or "illisible" in err) and "Traceback" not in err
    assert installed_state(data) == before


def test_a_pack_whose_publisher_is_not_trusted_is_refused(data, pack, office, capsys):
    before = installed_state(data)
    code, _, err = call(capsys, "templates", "import", str(pack))
    assert code == 1 and f"éditeur «\u00a0{OFFICE}\u00a0» inconnu (clé {office[2]})" in err and "templates trust" in err
    assert installed_state(data) == before and "pack_imported" not in trail_actions(data)


def test_a_pack_signed_with_another_key_than_the_trusted_one_it_names_is_refused(data, pack, office, tmp_path, capsys):
    trust(capsys, office[1])
    other = tmp_path / "other.pem"
    packs.generate_key(other)
    with zipfile.ZipFile(pack) as archive:
        manifest = archive.read(packs.MANIFEST)  # names the office's trusted key
    forged = packs.sign(packs.load_private_key(other), manifest)
    wrong = rewrite(pack, tmp_path / "wrong.pack",
                    lambda n, d: base64.b64encode(forged) if n == packs.SIGNATURE else d)  # fmt: skip
    before = installed_state(data)
    code, _, err = call(capsys, "templates", "import", str(wrong))
    assert code == 1 and "signature invalide" in err and "autre clé" in err
    assert installed_state(data) == before


@pytest.mark.parametrize(
    "path",
    ["templates/../../evil.yaml", "../evil.yaml", "/etc/evil.yaml", "scripts/evil.yaml", "templates/./evil.yaml",
     "C:/evil.yaml", "templates\\..\\evil.yaml"],
)  # fmt: skip
def test_a_path_outside_the_four_folders_is_refused_even_from_a_trusted_publisher(
    data, office, tmp_path, capsys, path, small_raw
):
    trust(capsys, office[1])
    trap = signed(tmp_path / "trap.pack", office[0], {path: office_template(small_raw)})
    before = installed_state(data)
    code, _, err = call(capsys, "templates", "import", str(trap))
    assert (code == 1 and "refusé" in err) or "hors des dossiers" in err
    assert installed_state(data) == before and not (tmp_path / "evil.yaml").exists()


def test_a_symbolic_link_and_an_unlisted_member_are_refused(data, office, tmp_path, capsys, small_raw):
    trust(capsys, office[1])
    content = office_template(small_raw)
    trap = signed(tmp_path / "link.pack", office[0], {"templates/office-essai.yaml": content})
    with zipfile.ZipFile(trap, "a") as archive:
        link = zipfile.ZipInfo("templates/lien.yaml")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    code, _, err = call(capsys, "templates", "import", str(trap))
    assert code == 1 and "lien symbolique" in err
    extra = signed(tmp_path / "extra.pack", office[0], {"templates/office-essai.yaml": content,
                   "templates/ajout.yaml": content}, listed={"templates/office-essai.yaml": content})  # fmt: skip
    code, _, err = call(capsys, "templates", "import", str(extra))
    assert code == 1 and "n'est pas dans le manifeste signé" in err
    assert not (data.templates / "office-essai.yaml").exists()


def test_a_zip_bomb_is_refused_before_it_is_decompressed(data, office, tmp_path, capsys):
    trust(capsys, office[1])
    bomb = b"\0" * (packs.MAX_FILE_BYTES + 1)
    trap = signed(tmp_path / "bomb.pack", office[0], {"references/zero.bin": bomb})
    code, _, err = call(capsys, "templates", "import", str(trap))
    assert code == 1 and "dépasse" in err
    assert not (data.root / "references").exists()


def test_an_invalid_template_in_a_signed_pack_installs_nothing(data, office, tmp_path, capsys, small_raw):
    trust(capsys, office[1])
    good = office_template(small_raw)
    broken = yaml.safe_dump(dict(small_raw, id="Casse"), allow_unicode=True).encode("utf-8")
    trap = signed(tmp_path / "mixed.pack", office[0], {"templates/a.yaml": good, "templates/b.yaml": broken})
    before = installed_state(data)
    code, _, err = call(capsys, "templates", "import", str(trap))
    assert code == 1 and "b.yaml refusé" in err and "rien n'a été installé" in err
    assert installed_state(data) == before


def test_a_failure_while_renaming_puts_every_replaced_file_back(data, office, tmp_path, capsys, small_raw, monkeypatch):
    from audition_assistant.core import atomic

    trust(capsys, office[1])
    (data.templates / "a.yaml").write_bytes(b"# version locale\n")
    trap = signed(tmp_path / "two.pack", office[0], {"templates/a.yaml": office_template(small_raw, "a"),
                  "templates/b.yaml": office_template(small_raw, "b")})  # fmt: skip
    before = installed_state(data)
    durable = atomic.fsync_folder

    def failing(folder):
        if folder == data.packs:  # both templates renamed in place: the pack's record fails
            raise OSError(28, "No space left on device")
        durable(folder)

    monkeypatch.setattr(atomic, "fsync_folder", failing)
    code, _, err = call(capsys, "templates", "import", str(trap))
    assert code == 1 and "rien n'a été installé" in err
    monkeypatch.undo()
    assert installed_state(data) == before and "pack_imported" not in trail_actions(data)


def test_trusting_needs_a_readable_key_and_refuses_it_twice(data, office, capsys):
    code, _, err = call(capsys, "templates", "trust", "ed25519:abc")
    assert code == 1 and "32 octets" in err
    trust(capsys, office[1])
    code, _, err = call(capsys, "templates", "trust", office[1], "--name", "Autre nom")
    assert code == 1 and f"déjà reconnue, sous le nom «\u00a0{OFFICE}\u00a0»." in err
    bundled = json.loads(resources.read_text(packs.BUNDLED_PUBLISHER))["public_key"]
    code, _, err = call(capsys, "templates", "trust", bundled)
    assert code == 1 and "Cette clé est celle des modèles livrés\u00a0: elle est déjà reconnue." in err


def test_the_bundled_manifest_verifies_and_covers_every_bundled_file():
    manifest_data, signature = packs.bundled_manifest()
    publisher = packs.bundled_publisher()
    assert publisher.key.verifies(signature, manifest_data)
    manifest = packs.Manifest.parse(manifest_data, "signature.json")
    assert manifest.key == publisher.key
    listed = {e.path: e.sha256 for e in manifest.files}
    root = Path(str(resources.root()))
    import hashlib

    signed = [p for top in ("templates", "models", "notices") for p in (root / top).rglob("*") if p.is_file()]
    for path in [*signed, root / "references.yaml"]:  # the references table too: elements, articles, sources
        relative = path.relative_to(root).as_posix()
        assert listed.get(relative) == hashlib.sha256(path.read_bytes()).hexdigest(), (
            f"{relative}: re-sign with tools/sign_bundled.py"
        )


def test_a_word_model_in_a_pack_is_imported_and_usable(data, office, tmp_path, capsys):
    trust(capsys, office[1])
    bundled = resources.read_bytes("models", "recepisse_plainte.docx")
    stored = io.BytesIO()  # the same document, stored uncompressed: other bytes, not the bundled file
    with zipfile.ZipFile(io.BytesIO(bundled)) as source, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as copy:
        for info in source.infolist():
            copy.writestr(info.filename, source.read(info))
    model = stored.getvalue()
    trap = signed(tmp_path / "model.pack", office[0], {"models/recepisse_service.docx": model})
    code, _, err = call(capsys, "templates", "import", str(trap))
    assert code == 0, err
    with opened(data) as workspace:
        info = workspace.models.get("recepisse_service")
        assert info is not None and workspace.models.is_imported(info)
    _, out, _ = call(capsys, "templates", "list")
    (row,) = [line for line in out.splitlines() if line.startswith("recepisse_service\t")]
    assert row.endswith(f"\tlocal\tsigné par {OFFICE}")


def test_templates_list_still_lists_while_the_window_holds_the_folder(data, pack, office, capsys):
    from audition_assistant.core.instance import FolderLock

    trust(capsys, office[1])
    assert call(capsys, "templates", "import", str(pack))[0] == 0
    lock = FolderLock(data.root)
    lock.acquire()
    try:
        code, out, err = call(capsys, "templates", "list")
    finally:
        lock.release()
    (row,) = [line for line in out.splitlines() if line.startswith("office-essai\t")]
    assert code == 0 and row.endswith(f"\tsigné par {OFFICE} (clé non vérifiée)") and "trusted keys not read" in err


def test_refusals_are_in_french_with_its_no_break_spaces_and_no_library_english(data, pack, office, tmp_path, capsys):
    """A reader sees « Paquet x.pack\u00a0: … \u202f; rien n'a été installé. », never zipfile's own words."""
    trust(capsys, office[1])
    original = pack.read_bytes()
    with zipfile.ZipFile(pack) as archive:
        member = archive.getinfo("templates/office-essai.yaml")
    inside_data = member.header_offset + 30 + len(member.filename) + len(member.extra) + member.compress_size // 2
    inside_name = 30  # the first member's name, in its local header
    errors = []
    for at in (inside_data, inside_name):
        tampered = tmp_path / "altered.pack"
        tampered.write_bytes(flip(original, at))
        code, _, err = call(capsys, "templates", "import", str(tampered))
        assert code == 1
        errors.append(err.strip().removeprefix("audition-assistant: error: "))
    code, _, err = call(capsys, "templates", "trust", "ed25519:abc")
    errors.append(err.strip().removeprefix("audition-assistant: error: "))
    for message in errors:
        assert message.startswith(
            ("Paquet altered.pack\u00a0: ", "Clé publique «\u00a0ed25519:abc\u00a0» illisible\u00a0: ")
        )
        for english in ("CRC", "Bad ", "File name", "header", "differ"):
            assert english not in message, message
        assert " :" not in message and " ;" not in message and "« " not in message and " »" not in message, message
