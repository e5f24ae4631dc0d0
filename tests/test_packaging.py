"""What the station-laptop build is made of: menu entry, icons, resources named by the spec."""

from __future__ import annotations

import configparser
import hashlib
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

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


def test_the_build_carries_simplemma_french_dictionary():
    spec = (PACKAGING / "audition-assistant.spec").read_text(encoding="utf-8")
    assert 'collect_data_files("simplemma")' in spec
    import simplemma

    data = Path(simplemma.__file__).parent / "strategies" / "dictionaries" / "data"
    assert any(path.name.startswith("fr") for path in data.iterdir()), "simplemma ships its French data as files"


# --- Windows installer and Debian package: in step with the project ----------------


def load_packaging_module(name: str) -> ModuleType:
    """packaging/<name>.py is a script, not a package: loaded from its file."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def iss_defines() -> dict[str, str]:
    iss = (PACKAGING / "windows" / "audition-assistant.iss").read_text(encoding="utf-8")
    return dict(re.findall(r"^\s*#define (\w+) (.+)$", iss, flags=re.MULTILINE))


def ini_value(path: Path, section: str, key: str) -> str:
    """What Inno Setup's ReadIni reads: the first `key = value` of the section, quotes dropped."""
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            current = line.strip()[1:-1]
        elif current == section and "=" in line and line.split("=", 1)[0].strip() == key:
            return line.split("=", 1)[1].strip().strip('"')
    return ""


def test_windows_installer_takes_the_version_name_and_comment_of_the_project():
    defines = iss_defines()
    # No version written in the script: it reads pyproject.toml's, as the .deb does.
    assert 'ReadIni(SourcePath + "..\\..\\pyproject.toml", "project", "version"' in defines["AppVersion"]
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    assert ini_value(ROOT / "pyproject.toml", "project", "version") == version
    entry = desktop_entry()
    assert defines["AppName"] == f'"{entry["Name"]}"'
    assert defines["AppComment"] == f'"{entry["Comment"]}"'
    iss = (PACKAGING / "windows" / "audition-assistant.iss").read_text(encoding="utf-8")
    # Both programs the spec builds on Windows, the icon, and an uninstall that leaves no program file.
    assert '"{#BuildDir}\\audition-assistant-gui.exe"' in iss and '"{#BuildDir}\\audition-assistant.exe"' in iss
    assert "SetupIconFile=..\\..\\resources\\icons\\audition-assistant.ico" in iss
    assert "[UninstallDelete]\n; " in iss and 'Name: "{app}\\_internal"' in iss.split("[UninstallDelete]")[1]


def fake_build(folder: Path) -> None:
    """The shape of dist/audition-assistant: the program, _internal/, the install.sh extras."""
    (folder / "_internal" / "PySide6").mkdir(parents=True)
    (folder / "audition-assistant").write_bytes(b"#!/bin/sh\n")
    (folder / "audition-assistant").chmod(0o700)
    (folder / "_internal" / "PySide6" / "data.bin").write_bytes(b"data")
    (folder / "_internal" / "PySide6" / "data.bin").chmod(0o600)
    for extra in ("install.sh", "audition-assistant.desktop"):
        (folder / extra).write_text("x", encoding="utf-8")


def test_debian_package_layout(tmp_path):
    deb = load_packaging_module("deb")
    folder, root = tmp_path / "audition-assistant", tmp_path / "root"
    fake_build(folder)
    deb.stage(folder, root, "1.2.3", "amd64", ["libc6", "libgl1"])
    opt = root / "opt" / "audition-assistant"
    assert (opt / "audition-assistant").stat().st_mode & 0o777 == 0o755
    assert (opt / "_internal" / "PySide6" / "data.bin").stat().st_mode & 0o777 == 0o644
    assert not (opt / "install.sh").exists() and not (opt / "audition-assistant.desktop").exists()
    assert os.readlink(root / "usr" / "bin" / "audition-assistant") == "/opt/audition-assistant/audition-assistant"
    share = root / "usr" / "share"
    assert (share / "applications" / "audition-assistant.desktop").read_bytes() == (
        PACKAGING / "linux" / "audition-assistant.desktop"
    ).read_bytes()
    assert (share / "icons/hicolor/256x256/apps/audition-assistant.png").read_bytes() == (
        ICONS / "audition-assistant.png"
    ).read_bytes()
    assert (share / "icons/hicolor/scalable/apps/audition-assistant.svg").is_file()
    control = dict(
        line.split(": ", 1) for line in (root / "DEBIAN" / "control").read_text().splitlines() if ": " in line
    )
    assert control["Package"] == "audition-assistant" and control["Version"] == "1.2.3"
    assert control["Architecture"] == "amd64" and control["Depends"] == "libc6, libgl1"
    assert int(control["Installed-Size"]) > 0
    sums = (root / "DEBIAN" / "md5sums").read_text().splitlines()
    assert f"{hashlib.md5(b'data').hexdigest()}  opt/audition-assistant/_internal/PySide6/data.bin" in sums
    for script in ("postinst", "postrm"):
        path = root / "DEBIAN" / script
        assert path.stat().st_mode & 0o777 == 0o755
        assert subprocess.run(["sh", "-n", str(path)], check=False).returncode == 0


def test_debian_package_purge_removes_the_program_folder_only():
    postrm = (PACKAGING / "debian" / "postrm").read_text(encoding="utf-8")
    assert "rm -rf /opt/audition-assistant\n" in postrm
    removals = [line for line in postrm.splitlines() if "rm " in line and not line.lstrip().startswith("#")]
    assert removals == ["    rm -rf /opt/audition-assistant"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("dpkg-deb") is None or shutil.which("ldd") is None, reason="needs dpkg and ldd")
def test_debian_package_depends_on_the_packages_holding_the_libraries(tmp_path):
    deb = load_packaging_module("deb")
    folder = tmp_path / "audition-assistant"
    fake_build(folder)
    # A real ELF program in place of the frozen one: it needs libc, which Debian's libc6 holds.
    shutil.copy2("/bin/ls", folder / "audition-assistant")
    package = deb.build(folder, tmp_path / "out")
    fields = subprocess.run(["dpkg-deb", "-f", str(package)], capture_output=True, text=True, check=True).stdout
    depends = re.search(r"^Depends: (.+)$", fields, flags=re.MULTILINE)
    assert depends is not None
    needs = depends.group(1).split(", ")
    assert set(deb.RUNTIME) <= set(needs)
    # libc6 with the newest glibc symbol version the program uses: an older release refuses the package.
    libc = next(n for n in needs if n.startswith("libc6 "))
    assert re.fullmatch(r"libc6 \(>= 2\.\d+\)", libc)
    listing = subprocess.run(["dpkg-deb", "-c", str(package)], capture_output=True, text=True, check=True).stdout
    assert "./opt/audition-assistant/audition-assistant" in listing
    assert all(" root/root " in line for line in listing.splitlines())


def test_install_test_finds_what_a_purge_would_leave(tmp_path):
    """deb_smoke's last check: any path naming the program, the user's data and scratch files aside."""
    smoke = load_packaging_module("deb_smoke")
    for path in (
        "usr/share/icons/hicolor/icon-theme.cache",
        "var/lib/AuditionAssistant/state",
        "etc/xdg/autostart/audition_assistant.desktop",
        "root/.local/share/AuditionAssistant/audition.db",
        "tmp/audition-assistant_0.1.0_amd64.deb",
        "var/cache/apt/archives/audition-assistant_0.1.0_amd64.deb",
    ):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"")
    assert smoke.traces(tmp_path, "root") == [
        "etc/xdg/autostart/audition_assistant.desktop",
        "var/lib/AuditionAssistant",
    ]
