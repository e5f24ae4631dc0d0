"""Sign the bundled templates, Word models, notices and references (resources/signature.json).

Run after any change to those files, with the publisher's private key, kept
outside the repository:

    python tools/sign_bundled.py --key /path/to/bundled-ed25519.pem [--name NAME]

Writes resources/signature.json (the manifest's exact text and its Ed25519
signature) and resources/bundled-publisher.json (the public key the
application trusts for them). ``--new-key`` first creates the private key.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import sys
from pathlib import Path

from audition_assistant.core.templates import packs

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SIGNED = ("templates", "models", "notices")
DEFAULT_NAME = "Assistant d'audition (modèles livrés)"


def bundled_files(root: Path = RESOURCES) -> dict[str, bytes]:
    files = {
        p.relative_to(root).as_posix(): p.read_bytes() for top in SIGNED for p in (root / top).rglob("*") if p.is_file()
    }
    files["references.yaml"] = (root / "references.yaml").read_bytes()
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--key", required=True, type=Path, help="the private key (PEM PKCS8)")
    parser.add_argument("--name", default=DEFAULT_NAME, help="the publisher's name shown beside each template")
    parser.add_argument("--new-key", action="store_true", help="create the private key first")
    args = parser.parse_args(argv)
    if args.new_key:
        packs.generate_key(args.key)
    private = packs.load_private_key(args.key)
    key = packs.public_key_of(private)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    manifest = packs.manifest_bytes(
        bundled_files(),
        publisher=args.name,
        key=key,
        name="modeles-livres",
        version=now.date().isoformat(),
        created_at=now,
    )
    signature = base64.b64encode(packs.sign(private, manifest)).decode("ascii")
    document = {"manifest": manifest.decode("utf-8"), "signature": signature}
    (RESOURCES / packs.BUNDLED_SIGNATURE).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    publisher = {"name": args.name, "public_key": key.text}
    (RESOURCES / packs.BUNDLED_PUBLISHER).write_text(
        json.dumps(publisher, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    print(f"{key.text}\t{key.fingerprint}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
