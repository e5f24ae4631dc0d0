"""Debian package of the one-folder build: what a service puts in its APT repository.

    python3 packaging/deb.py [dist/audition-assistant] [--out DIR]

(`make deb` builds the folder first when missing or stale, then runs this.)
It lays the package out in a scratch folder beside the output:

- /opt/audition-assistant/: the frozen program and its ``_internal/``;
- /usr/bin/audition-assistant: a link to it;
- /usr/share/applications/audition-assistant.desktop: the menu entry;
- /usr/share/icons/hicolor/{256x256,scalable}/apps/: the icon;
- DEBIAN/: control (packaging/debian/control.in), md5sums, postinst, postrm;

then ``dpkg-deb --root-owner-group --build`` writes
``dist/audition-assistant_<version>_<arch>.deb``.

``Depends`` is read from the build itself, as dpkg-shlibdeps would: ``ldd``
on every ELF file of the folder (with the folder's own libraries first, as
the frozen program loads them) names the system libraries it needs; dpkg
says which package holds each. The build machine's release therefore names
the packages: build on the release the stations run. Libraries the program
opens at run time by name (ldd cannot see them) are listed in ``RUNTIME``.

Standard library only: it runs with any Python 3.11.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "audition-assistant"
PREFIX = Path("opt") / NAME
DEBIAN_DIR = ROOT / "packaging" / "debian"
ICONS = ROOT / "resources" / "icons"
DESKTOP = ROOT / "packaging" / "linux" / f"{NAME}.desktop"
# What the build folder carries for install.sh users only: the package installs these itself.
NOT_IN_PACKAGE = {"install.sh", f"{NAME}.desktop"}
# Opened by name at run time, invisible to ldd: Enchant (pyenchant, the French
# spell-checker; without it the application says so and underlines nothing)
# and a font for the window (Qt finds fonts through fontconfig; the PDF's
# font is bundled).
RUNTIME = ("libenchant-2-2", "fonts-dejavu-core")
# gzip: 30 s for the 175 MB build on 2 busy cores, a 71 MB package; xz (dpkg-deb's default) makes
# 55 MB in 4 min. Every dpkg and APT repository tool reads gzip.
COMPRESSION = "gzip"
LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(\S+)")
LDD_DIRECT = re.compile(r"^\s*(/\S+)\s+\(0x")
GLIBC_VERSION = re.compile(r"Name: GLIBC_([0-9]+(?:\.[0-9]+)+)")


class DebError(Exception):
    pass


def maintainer() -> str:
    """Debian's usual DEBFULLNAME and DEBEMAIL, for a service building its own package."""
    name = os.environ.get("DEBFULLNAME", "Audition Assistant")
    return f"{name} <{os.environ.get('DEBEMAIL', 'audition-assistant@localhost')}>"


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def deb_name(version: str, arch: str) -> str:
    return f"{NAME}_{version}_{arch}.deb"


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def system_libraries(folder: Path) -> tuple[set[str], set[str]]:
    """The libraries outside the folder that its ELF files load, and the names ldd could not find."""
    env = {**os.environ, "LD_LIBRARY_PATH": str(folder / "_internal")}
    found: set[str] = set()
    missing: set[str] = set()
    inside = str(folder.resolve()) + os.sep
    for path in sorted(p for p in folder.rglob("*") if is_elf(p)):
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env, check=False)
        for line in result.stdout.splitlines():
            match = LDD_LINE.match(line) or LDD_DIRECT.match(line)
            if match is None:
                continue
            target = match.group(match.lastindex or 1)
            if target == "not":
                missing.add(match.group(1))
            elif target.startswith("/") and not os.path.realpath(target).startswith(inside):
                found.add(target)
    return found, missing


def path_variants(path: str) -> list[str]:
    """With a merged /usr, dpkg knows a library by the path its package ships, /lib or /usr/lib."""
    variants = [path, os.path.realpath(path)]
    for candidate in list(variants):
        if candidate.startswith("/usr/"):
            variants.append(candidate[len("/usr") :])
        else:
            variants.append("/usr" + candidate)
    return list(dict.fromkeys(variants))


def owning_packages(paths: set[str]) -> tuple[set[str], set[str]]:
    """The Debian packages that hold these files, and the files no package holds."""
    owners: dict[str, str] = {}
    candidates = sorted({v for p in paths for v in path_variants(p)})
    result = subprocess.run(["dpkg-query", "-S", *candidates], capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        packages, _, owned = line.partition(": ")
        if "," in packages or not owned:  # a directory several packages share, or a diversion note
            continue
        owners[owned.strip()] = packages.split(":")[0].strip()
    packages: set[str] = set()
    orphans: set[str] = set()
    for path in paths:
        owner = next((owners[v] for v in path_variants(path) if v in owners), None)
        if owner is None:
            orphans.add(path)
        else:
            packages.add(owner)
    return packages, orphans


def glibc_needed(folder: Path) -> str | None:
    """The newest GLIBC_x.y symbol version the folder's ELF files ask for (readelf, from binutils)."""
    files = [str(p) for p in folder.rglob("*") if is_elf(p)]
    result = subprocess.run(["readelf", "-V", "-W", *files], capture_output=True, text=True, check=False)
    versions = {tuple(int(n) for n in v.split(".")) for v in GLIBC_VERSION.findall(result.stdout)}
    return ".".join(map(str, max(versions))) if versions else None


def depends(folder: Path) -> list[str]:
    """The package names, libc6 with the version its symbols need: apt refuses an older
    release (Ubuntu 22.04 has glibc 2.35) instead of the program failing to start."""
    libraries, missing = system_libraries(folder)
    if missing:
        raise DebError(
            "ldd finds no system copy of: " + ", ".join(sorted(missing)) + ".\n"
            "Install the Debian packages that hold them on this machine (the Depends line is read from it)."
        )
    packages, orphans = owning_packages(libraries)
    if orphans:
        raise DebError("no Debian package holds: " + ", ".join(sorted(orphans)))
    glibc = glibc_needed(folder)
    names = sorted(packages | set(RUNTIME))
    return [f"{n} (>= {glibc})" if n == "libc6" and glibc else n for n in names]


def copy_tree(folder: Path, dest: Path) -> None:
    """The build folder, with plain modes (0755 programs and folders, 0644 the rest)."""
    shutil.copytree(folder, dest, symlinks=True, ignore=lambda d, names: NOT_IN_PACKAGE if Path(d) == folder else [])
    for path in [dest, *dest.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or path.stat().st_mode & 0o111:
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def install_file(source: Path | str, dest: Path, mode: int = 0o644) -> None:
    """Copy a file (or write a text) with the given mode, its folders made."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(source, str):
        dest.write_text(source, encoding="utf-8")
    else:
        shutil.copyfile(source, dest)
    dest.chmod(mode)


def installed_size(root: Path) -> int:
    """In KiB, as dpkg counts it: each file rounded up, each folder and link one."""
    total = 0
    for path in root.rglob("*"):
        if "DEBIAN" in path.relative_to(root).parts[:1]:
            continue
        total += (path.lstat().st_size + 1023) // 1024 if path.is_file() and not path.is_symlink() else 1
    return total


def md5sums(root: Path) -> str:
    lines = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == "DEBIAN" or path.is_symlink() or not path.is_file():
            continue
        digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        lines.append(f"{digest}  {relative.as_posix()}\n")
    return "".join(lines)


def stage(folder: Path, root: Path, version: str, arch: str, needs: list[str]) -> None:
    """Lay the package's files out under root, DEBIAN/ included."""
    if root.exists():
        shutil.rmtree(root)
    copy_tree(folder, root / PREFIX)
    link = root / "usr" / "bin" / NAME
    link.parent.mkdir(parents=True)
    link.symlink_to(Path("/") / PREFIX / NAME)
    share = root / "usr" / "share"
    install_file(DESKTOP, share / "applications" / f"{NAME}.desktop")
    install_file(ICONS / f"{NAME}.png", share / "icons" / "hicolor" / "256x256" / "apps" / f"{NAME}.png")
    install_file(ICONS / f"{NAME}.svg", share / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg")
    for path in [root, *root.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    control = (DEBIAN_DIR / "control.in").read_text(encoding="utf-8")
    for key, value in {
        "VERSION": version,
        "ARCH": arch,
        "MAINTAINER": maintainer(),
        "INSTALLED_SIZE": str(installed_size(root)),
        "DEPENDS": ", ".join(needs),
    }.items():
        control = control.replace(f"@{key}@", value)
    meta = root / "DEBIAN"
    install_file(control, meta / "control")
    install_file(md5sums(root), meta / "md5sums")
    for script in ("postinst", "postrm"):
        install_file(DEBIAN_DIR / script, meta / script, mode=0o755)
    meta.chmod(0o755)


def build(folder: Path, out_dir: Path) -> Path:
    if not (folder / NAME).is_file():
        raise DebError(f"{folder / NAME} is missing: build it with `make package`")
    version, arch = project_version(), architecture()
    needs = depends(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / deb_name(version, arch)
    with tempfile.TemporaryDirectory(prefix=".deb-root-", dir=out_dir) as tmp:
        root = Path(tmp) / "root"
        stage(folder, root, version, arch, needs)
        command = ["dpkg-deb", "--root-owner-group", f"-Z{COMPRESSION}", "--build", str(root), str(deb)]
        print("[deb] $ " + " ".join(command), flush=True)
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DebError(f"dpkg-deb exit {result.returncode}: {result.stderr}")
    print(f"[deb] Depends: {', '.join(needs)}", flush=True)
    return deb


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Debian package of the one-folder build")
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "dist" / NAME)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    try:
        deb = build(args.folder, args.out)
    except (DebError, OSError, subprocess.CalledProcessError) as error:
        print(f"[deb] FAILED: {error}", file=sys.stderr)
        return 1
    print(f"[deb] OK: {deb} ({deb.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
