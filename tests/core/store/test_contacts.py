"""The profile's contact details and the address book: kept in the encrypted store, migrated without loss."""

from __future__ import annotations

import dataclasses

import pytest
from sqlite_utils import Database

from audition_assistant.core.store import Profile, Store, StoreError, cipher
from audition_assistant.core.store.schema import migrations

PASSPHRASE = "correct horse battery staple"


def test_a_database_made_before_contacts_migrates_without_loss(data_paths, clock):
    """A profile and a case written before the contact columns existed are all there after the migration."""
    conn = cipher.connect(data_paths.database, PASSPHRASE)
    db = Database(conn, execute_plugins=False)
    migrations.apply(db, stop_before="m005_contacts")
    db.table("profile").insert(
        {"id": 1, "nom": "Lefèvre", "prenom": "Camille", "grade": "Capitaine de police", "qualite": "OPJ",
         "service": "BPF", "unite": "Groupe traite", "force": "police", "updated_at": "2026-03-01T09:00:00"}
    )  # fmt: skip
    db.table("cases").insert(
        {"procedure_number": "2026/000450", "heading": "Affaire c/ X", "service": "BPF", "qualification": "",
         "status": "open", "export_dir": "", "created_at": "2026-03-01T09:00:00", "updated_at": "2026-03-01T09:00:00"}
    )  # fmt: skip
    conn.commit()
    conn.close()

    store = Store.open(data_paths.database, PASSPHRASE, clock=clock)
    try:
        assert "m005_contacts" in [m.name for m in migrations.applied(store._db)]
        profile = store.profile()
        assert (profile.nom, profile.prenom, profile.service, profile.force) == ("Lefèvre", "Camille", "BPF", "police")
        assert (profile.telephone, profile.email, profile.matricule, profile.commune) == ("", "", "", "")
        assert [c.procedure_number for c in store.cases()] == ["2026/000450"]
        assert store.contacts("interprete") == []
    finally:
        store.close()


def test_profile_keeps_telephone_email_matricule_and_town(store, investigator):
    profile = dataclasses.replace(
        investigator, telephone="01 99 00 12 34", email="camille.lefevre@exemple.fr", matricule="1234567",
        commune="Nanterre",
    )  # fmt: skip
    store.save_profile(profile)
    assert store.profile() == profile


@pytest.mark.parametrize(
    ("force", "label"), [("police", "RIO"), ("gendarmerie", "RIO / matricule"), ("", "RIO / matricule")]
)
def test_the_identifier_is_named_as_the_force_names_it(force, label):
    assert Profile(force=force).matricule_label == label


def test_address_book_keeps_a_person_once_by_name_and_by_role(store):
    marisol = {"nom": "ARANGO", "prenoms": "Marisol", "langues": "espagnol", "telephone": "06 99 00 11 22"}
    first = store.save_contact("interprete", marisol)
    again = store.save_contact("interprete", {**marisol, "nom": "Arango", "telephone": "06 99 00 33 44"})
    assert again == first  # the same person, her details brought up to date
    [kept] = store.contacts("interprete")
    assert kept.display_name == "ARANGO Marisol" and kept.identity["telephone"] == "06 99 00 33 44"
    store.save_contact("accompagnant", {"nom": "BLANC", "prenoms": "Hélène", "profession": "juriste"})
    store.save_contact("interprete", {"nom": "AHMETI", "prenoms": "Dritan", "langues": "albanais"})
    assert [c.display_name for c in store.contacts("interprete")] == ["AHMETI Dritan", "ARANGO Marisol"]
    assert [c.display_name for c in store.contacts("accompagnant")] == ["BLANC Hélène"]
    store.delete_contact(first)
    assert [c.display_name for c in store.contacts("interprete")] == ["AHMETI Dritan"]


def test_address_book_refuses_a_nameless_person_or_an_unknown_list(store):
    with pytest.raises(StoreError, match="nom"):
        store.save_contact("interprete", {"langues": "espagnol"})
    with pytest.raises(StoreError):
        store.save_contact("victime", {"nom": "RIVERA"})
    assert store.contacts("interprete") == []


def test_address_book_is_in_the_encrypted_database(store, data_paths):
    store.save_contact("interprete", {"nom": "ARANGO", "prenoms": "Marisol"})
    store.close()
    assert b"ARANGO" not in data_paths.database.read_bytes()
