"""What the station-laptop build is made of: menu entry, icons, resources named by the spec."""

from __future__ import annotations

import configparser
import struct
from pathlib import Path

from audition_assistant.core import resources

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(PACKAGING / "linux" / "audition-assistant.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_starts_the_program_with_its_icon():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Assistant d'audition"
    assert entry["Exec"].split()[0] == "audition-assistant"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and entry["Keywords"].endswith(";")
    # A themed icon name, installed by install.sh from the bundled icons.
    icon = entry["Icon"]
    assert "/" not in icon
    assert (ICONS / f"{icon}.svg").is_file() and (ICONS / f"{icon}.png").is_file()


def test_icons_ship_as_resources():
    names = {node.name for node in resources.root().joinpath("icons").iterdir()}
    assert {"audition-assistant.svg", "audition-assistant.png", "audition-assistant.ico"} <= names
    png = resources.read_bytes("icons", "audition-assistant.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (256, 256)


def test_windows_icon_holds_every_size_up_to_256():
    data = (ICONS / "audition-assistant.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for index in range(count):
        width, _height, _colours, _zero, _planes, _bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes


def test_build_files_name_what_exists():
    spec = (PACKAGING / "audition-assistant.spec").read_text(encoding="utf-8")
    assert '"launcher.py"' in spec and (PACKAGING / "launcher.py").is_file()
    for extra in ("audition-assistant.desktop", "install.sh"):
        assert f'"{extra}"' in spec and (PACKAGING / "linux" / extra).is_file()
    iss = (PACKAGING / "windows" / "audition-assistant.iss").read_text(encoding="utf-8")
    assert "audition-assistant-gui.exe" in iss and "audition-assistant.ico" in iss
