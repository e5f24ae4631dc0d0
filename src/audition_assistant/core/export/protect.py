"""Password-protected Word documents.

The rendered .docx bytes are encrypted before anything is written, in the
format Word and LibreOffice open with the password (ECMA-376 agile
encryption: AES-256, the password stretched by 100,000 SHA-512 rounds). No
plain copy of a protected document ever reaches the disk.
"""

from __future__ import annotations

import io

from msoffcrypto.format.ooxml import OOXMLFile

from .files import ExportError

MIN_PASSWORD_LENGTH = 8


def check_password(password: str) -> None:
    """Raise ExportError (French) unless ``password`` may protect documents."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ExportError(f"Le mot de passe des documents doit compter au moins {MIN_PASSWORD_LENGTH} caractères.")


def protect(data: bytes, password: str) -> bytes:
    """``data`` (a .docx) encrypted with ``password``."""
    check_password(password)
    encrypted = io.BytesIO()
    try:
        OOXMLFile(io.BytesIO(data)).encrypt(password, encrypted)
    except Exception as error:  # msoffcrypto raises assorted types for a file it cannot read
        raise ExportError(f"Impossible de protéger le document par un mot de passe : {error}") from error
    return encrypted.getvalue()
