"""Render the application icon (resources/icons/audition-assistant.svg) to PNG and ICO.

The SVG is the reference; run this after changing it:
``.venv/bin/python tools/make_icons.py``. Writes, next to the SVG:

- ``audition-assistant.png`` (256 px): the window icon and the Linux menu icon;
- ``audition-assistant.ico`` (16 to 256 px): the Windows executable and installer.

An ICO file may hold PNG images (Windows Vista and later read them), so no
imaging library beyond Qt is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAME = "audition-assistant"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO container of PNG images (ICONDIR, one ICONDIRENTRY each, then the data)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / f"{NAME}.svg"))
    if not renderer.isValid():
        print(f"{ICONS / NAME}.svg: not a valid SVG", file=sys.stderr)
        return 1
    images = {size: render_png(renderer, size) for size in ICO_SIZES}
    (ICONS / f"{NAME}.png").write_bytes(images[256])
    (ICONS / f"{NAME}.ico").write_bytes(ico(images))
    for suffix in ("png", "ico"):
        print(ICONS / f"{NAME}.{suffix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
