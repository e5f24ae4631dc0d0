"""Install test of the Debian package on a clean Debian 12, then its purge.

    .venv/bin/python packaging/deb_smoke.py [dist/audition-assistant_<version>_<arch>.deb]

(`make deb-smoke` builds the package first when missing or stale, then runs
this; it needs root, for debootstrap, chroot and mount.) Steps:

1. a clean Debian root: ``debootstrap --variant=minbase bookworm``, made
   once and kept as a tar outside the repository
   (``~/.cache/audition-assistant/debroot-bookworm.tar``; made again when
   missing), unpacked afresh into a scratch folder for each run;
2. ``apt-get install --no-install-recommends`` of the package in it, its
   dependencies from the Debian mirror (the .debs downloaded are kept beside
   the tar, so a second run downloads nothing new): ``Depends`` alone must
   be enough;
3. ``ldd`` in the root on every ELF file of the package: no library missing
   (the xcb platform plugin included, which no step below loads);
4. ``audition-assistant demo --out /tmp/demo --format docx,odt,pdf`` in the
   root, the documents reopened here (packaging/smoke.py's checks), then
   ``gui --exit-after-start`` offscreen with Qt's French and the
   spell-checker loaded;
5. ``apt-get purge``: every file ``dpkg -L`` listed is gone (a folder stays
   only when another package owns it), dpkg has forgotten the package, no
   path in the root names it, and the user's data folder is untouched; then
   ``apt-get autoremove --purge`` brings the root back to its clean set of
   packages.

Environment: AUDITION_ASSISTANT_DEBIAN_MIRROR (default
http://deb.debian.org/debian), AUDITION_ASSISTANT_CACHE_DIR (default
~/.cache/audition-assistant). Exit 0 when every step passes, 1 otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deb  # packaging/deb.py, beside this file
import smoke  # packaging/smoke.py: the checks of the documents

SUITE = "bookworm"
MIRROR = os.environ.get("AUDITION_ASSISTANT_DEBIAN_MIRROR", "http://deb.debian.org/debian")
CACHE = Path(os.environ.get("AUDITION_ASSISTANT_CACHE_DIR", Path.home() / ".cache" / "audition-assistant"))
ROOT_TAR = CACHE / f"debroot-{SUITE}.tar"
ARCHIVES = CACHE / f"debroot-{SUITE}-archives"
TIMEOUT = 900  # seconds for one command (apt-get on a slow mirror)
CHROOT_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "DEBIAN_FRONTEND": "noninteractive",
}
PACKAGE = deb.NAME
EXPECTED = (
    f"/opt/{PACKAGE}/{PACKAGE}",
    f"/usr/bin/{PACKAGE}",
    f"/usr/share/applications/{PACKAGE}.desktop",
    f"/usr/share/icons/hicolor/256x256/apps/{PACKAGE}.png",
    f"/usr/share/icons/hicolor/scalable/apps/{PACKAGE}.svg",
)


class SmokeFailure(Exception):
    pass


def run(cmd: list[str], env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    shown = " ".join(cmd)
    print("  $ " + (shown if len(shown) < 200 else shown[:200] + " ..."), flush=True)
    try:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise SmokeFailure(f"no exit after {TIMEOUT} s: {shown}") from None
    if check and result.returncode != 0:
        raise SmokeFailure(f"exit {result.returncode}: {shown}\n{result.stdout[-4000:]}{result.stderr[-4000:]}")
    return result


def ensure_root_tar() -> str:
    """The clean root as a tar, made with debootstrap when missing."""
    if ROOT_TAR.is_file():
        return f"cached {ROOT_TAR}"
    if shutil.which("debootstrap") is None:
        raise SmokeFailure("debootstrap is missing (apt-get install debootstrap)")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="debroot-", dir=CACHE) as tmp:
        target = Path(tmp) / "root"
        run(["debootstrap", "--variant=minbase", SUITE, str(target), MIRROR])
        partial = ROOT_TAR.with_suffix(".tar.part")
        run(["tar", "--numeric-owner", "-C", str(target), "-cf", str(partial), "."])
        partial.replace(ROOT_TAR)
    return f"made {ROOT_TAR} ({ROOT_TAR.stat().st_size / 2**20:.0f} MiB) with debootstrap from {MIRROR}"


@contextmanager
def clean_root() -> Iterator[Path]:
    """A fresh copy of the cached root, with /proc mounted; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="aa-debroot-", dir="/var/tmp") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        run(["tar", "--numeric-owner", "-C", str(root), "-xpf", str(ROOT_TAR)])
        shutil.copyfile("/etc/resolv.conf", root / "etc" / "resolv.conf")
        run(["mount", "-t", "proc", "proc", str(root / "proc")])
        try:
            yield root
        finally:
            run(["umount", str(root / "proc")], check=False)
            if os.path.ismount(root / "proc"):  # never delete through a live mount
                raise SmokeFailure(f"{root / 'proc'} is still mounted: remove {root} by hand")


def chroot(root: Path, *cmd: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess[str]:
    return run(["chroot", str(root), *cmd], env={**CHROOT_ENV, **extra}, check=check)


def install(root: Path, package: Path) -> str:
    archives = root / "var" / "cache" / "apt" / "archives"
    kept = sorted(ARCHIVES.glob("*.deb")) if ARCHIVES.is_dir() else []
    for path in kept:
        shutil.copyfile(path, archives / path.name)
    chroot(root, "apt-get", "update", "-q")
    shutil.copyfile(package, root / "tmp" / package.name)
    chroot(root, "apt-get", "install", "-y", "-q", "--no-install-recommends", f"/tmp/{package.name}")
    ARCHIVES.mkdir(parents=True, exist_ok=True)
    downloaded = [p for p in archives.glob("*.deb") if not (ARCHIVES / p.name).exists()]
    for path in downloaded:
        shutil.copyfile(path, ARCHIVES / path.name)
    status = chroot(root, "dpkg-query", "-W", "-f=${Status} ${Version}", PACKAGE).stdout
    if not status.startswith("install ok installed"):
        raise SmokeFailure(f"dpkg says {status!r}")
    return f"{status}; {len(downloaded)} dependencies downloaded, {len(kept)} from the cache"


def listed_files(root: Path) -> list[str]:
    listed = chroot(root, "dpkg", "-L", PACKAGE).stdout.splitlines()
    missing = [path for path in EXPECTED if path not in listed]
    if missing:
        raise SmokeFailure("the package does not install: " + ", ".join(missing))
    return [path for path in listed if path.strip() and path != "/."]


def check_libraries(root: Path) -> str:
    elves = [f"/{p.relative_to(root).as_posix()}" for p in (root / "opt" / PACKAGE).rglob("*") if deb.is_elf(p)]
    script = 'for f in "$@"; do echo "== $f"; ldd "$f"; done'
    output = chroot(root, "sh", "-c", script, "sh", *elves, LD_LIBRARY_PATH=f"/opt/{PACKAGE}/_internal").stdout
    current = ""
    missing = []
    for line in output.splitlines():
        if line.startswith("== "):
            current = line[3:]
        elif "not found" in line:
            missing.append(f"{current}: {line.strip()}")
    if missing:
        raise SmokeFailure("libraries missing on a clean Debian with the package's Depends:\n" + "\n".join(missing))
    return f"{len(elves)} ELF files, every library found"


def check_program(root: Path) -> str:
    out = "/tmp/demo"
    command = ["demo", "--out", out, "--format", "docx,odt,pdf"]
    result = chroot(root, PACKAGE, *command, QT_QPA_PLATFORM="offscreen")
    paths = [root / line.strip().lstrip("/") for line in result.stdout.splitlines() if line.strip()]
    documents = smoke.check_documents(paths)
    gui = chroot(root, PACKAGE, "gui", "--exit-after-start", QT_QPA_PLATFORM="offscreen")
    for complaint in ("Traductions de Qt introuvables", "Correcteur orthographique indisponible"):
        if complaint in gui.stderr:
            raise SmokeFailure(f"the GUI started without its French: {gui.stderr}")
    return f"{documents}; GUI started offscreen with Qt's French and the spell-checker"


def user_files(root: Path) -> set[str]:
    home = root / "root"
    return {p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()}


def installed_packages(root: Path) -> set[str]:
    return set(chroot(root, "dpkg-query", "-W", "-f=${Package}\n").stdout.split())


def traces(root: Path, user_data_dir: str) -> list[str]:
    """Paths anywhere in the root that name the program, less the user's data, the demo and the .deb copied in."""
    mark = re.compile(r"audition.?assistant", re.IGNORECASE)
    spared = (root / "proc", root / "tmp", root / user_data_dir, root / "var" / "cache" / "apt" / "archives")
    found = []
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        dirs[:] = [d for d in dirs if base / d not in spared]
        found += [(base / n).relative_to(root).as_posix() for n in dirs + files if mark.search(n)]
    return sorted(found)


def check_purge(root: Path, listed: list[str], user_data: set[str], before: set[str]) -> str:
    chroot(root, "apt-get", "purge", "-y", "-q", PACKAGE)
    status = chroot(root, "dpkg-query", "-W", "-f=${Status}", PACKAGE, check=False).stdout
    if status and not status.endswith("not-installed"):
        raise SmokeFailure(f"after purge dpkg still says {status!r}")
    left = []
    shared = 0
    for path in listed:
        target = root / path.lstrip("/")
        if not os.path.lexists(target):
            continue
        if target.is_dir() and chroot(root, "dpkg-query", "-S", path, check=False).returncode == 0:
            shared += 1  # /usr, /usr/share...: folders other packages own
        else:
            left.append(path)
    info = sorted(p.name for p in (root / "var" / "lib" / "dpkg" / "info").glob(f"{PACKAGE}.*"))
    if os.path.lexists(root / "opt" / PACKAGE):
        left.append(f"/opt/{PACKAGE}")
    if left or info:
        raise SmokeFailure("left after purge: " + ", ".join(sorted(set(left)) + info))
    lost = user_data - user_files(root)
    if lost:
        raise SmokeFailure("the purge removed user data: " + ", ".join(sorted(lost)))
    # Nothing else named after it either (caches, menus, alternatives), user's data aside.
    left = traces(root, "root")
    if left:
        raise SmokeFailure("left after purge: " + ", ".join(left))
    # And its dependencies go with autoremove: the root is back to the clean set of packages.
    chroot(root, "apt-get", "autoremove", "--purge", "-y", "-q")
    extra = installed_packages(root) - before
    if extra:
        raise SmokeFailure("still installed after autoremove: " + ", ".join(sorted(extra)))
    gone = len(listed) - shared
    return (
        f"{gone} of the {len(listed)} paths of dpkg -L gone (the other {shared}: folders of other packages), "
        f"dpkg forgot the package, no other path names it, the {len(user_data)} files of the user's data kept; "
        f"autoremove brings the root back to its {len(before)} packages"
    )


def main(argv: list[str]) -> int:
    package = Path(argv[0]) if argv else deb.ROOT / "dist" / deb.deb_name(deb.project_version(), deb.architecture())
    if os.geteuid() != 0:
        print("[deb-smoke] FAILED: needs root (debootstrap, chroot, mount)", file=sys.stderr)
        return 1
    if not package.is_file():
        print(f"[deb-smoke] FAILED: {package} is missing: build it with `make deb`", file=sys.stderr)
        return 1
    started = time.monotonic()

    def step(title: str, action: Callable[[], str]) -> None:
        begun = time.monotonic()
        print(f"[deb-smoke] {title}", flush=True)
        detail = action()
        print(f"[deb-smoke] ok   {title}: {detail} ({time.monotonic() - begun:.1f} s)", flush=True)

    try:
        step("clean Debian root", ensure_root_tar)
        with clean_root() as root:
            before = installed_packages(root)
            step("apt-get install", lambda: install(root, package))
            listed = listed_files(root)
            step("libraries", lambda: check_libraries(root))
            step("demo documents and GUI", lambda: check_program(root))
            user_data = user_files(root)
            if not user_data:
                raise SmokeFailure("the program wrote no data folder under /root")
            step("apt-get purge", lambda: check_purge(root, listed, user_data, before))
    except (smoke.SmokeFailure, SmokeFailure) as failure:
        print(f"[deb-smoke] FAILED: {failure}", file=sys.stderr, flush=True)
        return 1
    print(f"[deb-smoke] OK: {package.name} installed, run and purged in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
