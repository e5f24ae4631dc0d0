"""Password-protected OpenDocument files, encrypted in memory.

ODF 1.2's package encryption, as LibreOffice writes it for "Save with
password": each part (content, styles, meta with the title, settings) is
deflated, then encrypted with AES-256-CBC under a key derived from the
password by PBKDF2-HMAC-SHA1 (100,000 rounds, its own salt and IV per part)
from the password's SHA-256; the manifest keeps a SHA-256 of the first
kilobyte of each deflated part, with which LibreOffice tells a wrong password.
Only ``mimetype`` and the manifest stay readable: no plain copy of the
document ever reaches the disk.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
import zlib
from xml.sax.saxutils import quoteattr

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .files import ExportError
from .protect import check_password

ITERATIONS = 100_000
KEY_BYTES = 32
_MANIFEST = "META-INF/manifest.xml"
_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


def protect_odt(data: bytes, password: str) -> bytes:
    """``data`` (an .odt, or any ODF package) encrypted with ``password``."""
    check_password(password)
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in source.namelist() if n not in ("mimetype", _MANIFEST) and not n.endswith("/")]
        media = _media_types(source.read(_MANIFEST))
        mimetype = source.read("mimetype")
        parts = {name: source.read(name) for name in names}
    except (zipfile.BadZipFile, KeyError) as error:
        raise ExportError(f"Impossible de protéger le document par un mot de passe : {error}") from error
    start_key = hashlib.sha256(password.encode("utf-8")).digest()
    out = io.BytesIO()
    entries = [_entry("/", mimetype.decode("ascii"))]
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        encrypted = {}
        for name, plain in parts.items():
            sealed, encryption = _encrypt(plain, start_key)
            encrypted[name] = sealed
            entries.append(_entry(name, media.get(name, "text/xml"), len(plain), encryption))
        manifest = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="{_NS}"'
            f' manifest:version="1.3">{"".join(entries)}</manifest:manifest>'
        )
        archive.writestr(_MANIFEST, manifest, compress_type=zipfile.ZIP_DEFLATED)
        for name, sealed in encrypted.items():
            # Already deflated, then encrypted: stored as is.
            archive.writestr(zipfile.ZipInfo(name), sealed, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def _encrypt(plain: bytes, start_key: bytes) -> tuple[bytes, str]:
    """One part deflated and encrypted, with its manifest <encryption-data>."""
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, as in a zip entry
    packed = deflate.compress(plain) + deflate.flush()
    salt, iv = os.urandom(16), os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha1", start_key, salt, ITERATIONS, KEY_BYTES)
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    sealed = encryptor.update(padder.update(packed) + padder.finalize()) + encryptor.finalize()
    checksum = hashlib.sha256(packed[:1024]).digest()
    encryption = (
        f'<manifest:encryption-data manifest:checksum-type="{_NS}#sha256-1k" manifest:checksum="{_b64(checksum)}">'
        '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc"'
        f' manifest:initialisation-vector="{_b64(iv)}"/>'
        '<manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256"'
        f' manifest:key-size="{KEY_BYTES}"/>'
        f'<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="{KEY_BYTES}"'
        f' manifest:iteration-count="{ITERATIONS}" manifest:salt="{_b64(salt)}"/>'
        "</manifest:encryption-data>"
    )
    return sealed, encryption


def _entry(path: str, media_type: str, size: int | None = None, encryption: str = "") -> str:
    sized = f' manifest:size="{size}"' if size is not None else ""
    version = ' manifest:version="1.3"' if path == "/" else ""
    head = f"<manifest:file-entry manifest:full-path={quoteattr(path)}{version} manifest:media-type={quoteattr(media_type)}"
    return f"{head}{sized}>{encryption}</manifest:file-entry>" if encryption else f"{head}{sized}/>"


def _media_types(manifest: bytes) -> dict[str, str]:
    """Each part's media type, as the plain package's manifest gives it."""
    import xml.etree.ElementTree as ElementTree  # the manifest is our own or LibreOffice's: small, trusted

    root = ElementTree.fromstring(manifest)
    return {
        entry.get(f"{{{_NS}}}full-path", ""): entry.get(f"{{{_NS}}}media-type", "")
        for entry in root.iter(f"{{{_NS}}}file-entry")
    }


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
