"""Signed packs in the core: who may trust a key, what a killed installation leaves, the trail after an import."""

from __future__ import annotations

import datetime as dt

import pytest

from audition_assistant.core.store import StoreError
from audition_assistant.core.templates import pack_install, packs
from audition_assistant.core.workspace import Workspace


def test_only_an_administrator_may_trust_a_publisher(workspace, tmp_path, monkeypatch):
    key = packs.generate_key(tmp_path / "k.pem")
    monkeypatch.setattr(Workspace, "is_admin", property(lambda self: False))
    with pytest.raises(StoreError, match="Seul un administrateur"):
        workspace.trust_publisher(key.text, "Service fictif")
    assert workspace.store.trusted_keys() == []
    assert all(e.action != "publisher_trusted" for e in workspace.store.audit_entries())


def test_an_import_is_audited_and_the_trail_still_verifies(workspace, tmp_path, small_raw):
    import yaml

    key_file = tmp_path / "k.pem"
    key = packs.generate_key(key_file)
    workspace.trust_publisher(key.text, "Service fictif")
    source = tmp_path / "src" / "templates"
    source.mkdir(parents=True)
    (source / "essai-paquet.yaml").write_text(
        yaml.safe_dump(dict(small_raw, id="essai-paquet"), allow_unicode=True), encoding="utf-8"
    )
    pack = tmp_path / "p.pack"
    now = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)
    packs.make_pack(source.parent, key_file, pack, name="essai", version="1", publisher="Service", now=now)
    installed = workspace.import_pack(pack)
    assert installed.files == ("templates/essai-paquet.yaml",)
    (entry,) = workspace.store.audit_entries_of(pack_install.IMPORTED)
    assert entry.detail["editeur"] == "Service fictif" and entry.detail["empreinte"] == key.fingerprint
    assert entry.detail["fichiers"][0][0] == "templates/essai-paquet.yaml"
    assert workspace.signature_label(workspace.catalog.get("essai-paquet")) == "signé par Service fictif"
    assert workspace.store.verify_audit(replay=True).ok


def test_what_a_killed_installation_left_is_removed_at_opening(data_paths):
    passphrase = "correct horse battery staple"
    Workspace.open(data_paths, passphrase, backup=False, create=True).close()
    leftover = data_paths.root / f"{pack_install.STAGING_PREFIX}0123456789ab" / "new" / "templates"
    leftover.mkdir(parents=True)
    (leftover / "x.yaml").write_text("id: x\n", encoding="utf-8")
    Workspace.open(data_paths, passphrase, backup=False).close()
    assert not list(data_paths.root.glob(f"{pack_install.STAGING_PREFIX}*"))


@pytest.mark.parametrize(
    ("path", "allowed"),
    [("templates/a.yaml", True), ("notices/n/en.yaml", True), ("templates/../a.yaml", False), ("a.yaml", False),
     ("/templates/a.yaml", False), ("templates/.cache", False), ("models\\a.docx", False), ("templates", False)],
)  # fmt: skip
def test_only_paths_inside_the_four_folders_are_installed(path, allowed):
    assert (packs.check_path(path) is None) == allowed
