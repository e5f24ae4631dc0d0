"""Convert Word files to PDF with LibreOffice, giving it the documents' password.

    /usr/bin/python3 office_pdf.py [--password PASSWORD] OUT_DIR IN.docx...

LibreOffice's command line has no password option, so this drives it through
UNO (Debian's python3-uno, hence the system interpreter): it starts
``soffice --headless`` listening on a named pipe (no TCP socket), with a
profile of its own, loads the file with the ``Password`` property and stores
it with the ``writer_pdf_Export`` filter as OUT_DIR/<name>.pdf. Without an
interaction handler, LibreOffice cannot ask for a missing or wrong password:
the load fails.

Exit codes: 0 every PDF written, 3 a document could not be opened, 4
LibreOffice did not start.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.io import IOException  # type: ignore[import-not-found]
from com.sun.star.lang import IllegalArgumentException  # type: ignore[import-not-found]

START_TIMEOUT = 90


def prop(name: str, value: object) -> PropertyValue:
    item = PropertyValue()
    item.Name = name
    item.Value = value
    return item


def connect(pipe: str, office: subprocess.Popen) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def store_pdf(desktop: object, source: Path, target: Path, password: str | None) -> int:
    properties = [prop("Hidden", True), prop("ReadOnly", True)]
    if password is not None:
        properties.append(prop("Password", password))
    try:
        document = desktop.loadComponentFromURL(source.resolve().as_uri(), "_blank", 0, tuple(properties))
    except (IllegalArgumentException, IOException) as error:
        print(f"cannot open {source}: {error.Message or type(error).__name__}", file=sys.stderr)
        return 3
    if document is None:
        print(f"cannot open {source}", file=sys.stderr)
        return 3
    try:
        document.storeToURL(target.resolve().as_uri(), (prop("FilterName", "writer_pdf_Export"),))
    finally:
        document.close(True)
    return 0


def convert(sources: list[Path], out_dir: Path, password: str | None) -> int:
    pipe = "aa-" + uuid.uuid4().hex
    profile = Path(tempfile.mkdtemp(prefix="aa-lo-profile-"))
    office = subprocess.Popen(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        try:
            context = connect(pipe, office)
        except NoConnectException:
            print("LibreOffice did not start", file=sys.stderr)
            return 4
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        try:
            codes = [store_pdf(desktop, source, out_dir / (source.stem + ".pdf"), password) for source in sources]
            return max(codes)
        finally:
            with contextlib.suppress(Exception):  # the bridge goes down with the office: expected
                desktop.terminate()
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str]) -> int:
    password = None
    if argv[:1] == ["--password"] and len(argv) > 1:
        password, argv = argv[1], argv[2:]
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    return convert([Path(a) for a in argv[1:]], Path(argv[0]), password)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
