"""The address book: interpreters and attendants met again from hearing to hearing (never a victim)."""

from __future__ import annotations

import json
from typing import Any

from ..french import identity_name
from .base import StoreBase, clean_value, json_text
from .errors import StoreError
from .records import CONTACT_ROLES, Contact


class AddressBook(StoreBase):
    def contacts(self, role: str) -> list[Contact]:
        """The interpreters (or attendants) kept from earlier hearings, by name."""
        rows = self._db.table("contacts").rows_where("role = ?", [role], order_by="display_name COLLATE NOCASE")
        return [Contact(r["id"], r["role"], r["display_name"], json.loads(r["identity"])) for r in rows]

    def save_contact(self, role: str, identity: dict[str, Any]) -> int:
        """Keep (or update, under the same name) a person met in a hearing; returns the entry's id."""
        if role not in CONTACT_ROLES:
            raise StoreError(f"Rôle de contact inconnu : {role}")
        identity = clean_value(identity) or {}
        name = identity_name(identity)
        if not name:
            raise StoreError("Indiquez au moins le nom de la personne avant de l'ajouter au carnet.")
        same = next((c for c in self.contacts(role) if c.display_name.casefold() == name.casefold()), None)
        row = {"role": role, "display_name": name, "identity": json_text(identity), "updated_at": self._stamp()}
        with self._write() as db:
            if same is not None:
                db.table("contacts").update(same.id, row)
                return same.id
            return int(db.table("contacts").insert(row).last_pk or 0)

    def delete_contact(self, contact_id: int) -> None:
        with self._write() as db:
            db.table("contacts").delete_where("id = ?", [contact_id])
