#!/usr/bin/env python3
"""One-step developer bootstrap for audition-assistant.

    python3 tools/bootstrap.py run  [app args...]
    python3 tools/bootstrap.py test [pytest args...]
    python3 tools/bootstrap.py lint
    python3 tools/bootstrap.py screenshots [out dir]
    python3 tools/bootstrap.py package
    python3 tools/bootstrap.py package-smoke
    python3 tools/bootstrap.py deb
    python3 tools/bootstrap.py deb-smoke
    python3 tools/bootstrap.py bench [bench args...]

Each subcommand first makes the machine ready (Debian packages, then the
project virtualenv in .venv), so that a fresh clone needs nothing but these
commands. Standard library only: it runs before any dependency exists.

Environment:
    AUDITION_ASSISTANT_SKIP_APT=1   never check or install Debian packages
                                    (for machines managed by other means).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

# --- Debian packages (data, kept here so they are easy to review) ----------

# `python -m venv` needs ensurepip, which Debian ships separately.
VENV_PACKAGES = ("python3-venv",)

# Shared libraries PySide6 wheels load, even on the offscreen platform.
OFFSCREEN_QT_PACKAGES = (
    "libglib2.0-0",
    "libegl1",
    "libgl1",
    "libx11-6",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libxkbcommon0",
    "fonts-dejavu-core",
)

# Independent readers the test-suite uses to check exported documents.
DOCUMENT_READER_PACKAGES = (
    "libreoffice-writer-nogui",
    "pandoc",
    "poppler-utils",
    # A CJK font, so that LibreOffice draws (and pdftotext reads back) the
    # Simplified Chinese notices instead of empty boxes.
    "fonts-wqy-zenhei",
    # LibreOffice's Python bridge: its command line cannot give a document's
    # password, so the test of protected exports opens them through UNO.
    "python3-uno",
)

# French spell-checking: Enchant (loaded by pyenchant) and Hunspell's French dictionary.
SPELLING_PACKAGES = ("libenchant-2-2", "hunspell-fr")

# Qt's xcb platform plugin, plus a virtual X server for headless machines.
DISPLAY_PACKAGES = (
    "xvfb",
    "xauth",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-render0",
    "libxcb-shape0",
    "libxcb-util1",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
)

# PyInstaller strips the libraries it bundles with binutils' strip.
BUILD_PACKAGES = ("binutils",)

# The install test of the .deb makes a clean Debian root (packaging/deb_smoke.py).
DEB_SMOKE_PACKAGES = ("debootstrap",)

PACKAGES_FOR = {
    "lint": VENV_PACKAGES,
    "test": VENV_PACKAGES + OFFSCREEN_QT_PACKAGES + SPELLING_PACKAGES + DOCUMENT_READER_PACKAGES,
    "run": VENV_PACKAGES + OFFSCREEN_QT_PACKAGES + SPELLING_PACKAGES + DISPLAY_PACKAGES,
    # The build carries the French dictionary (packaging/audition-assistant.spec).
    "package": VENV_PACKAGES + OFFSCREEN_QT_PACKAGES + SPELLING_PACKAGES + BUILD_PACKAGES,
    # The smoke test also starts the frozen GUI on xcb under Xvfb.
    "package-smoke": VENV_PACKAGES + OFFSCREEN_QT_PACKAGES + SPELLING_PACKAGES + BUILD_PACKAGES + DISPLAY_PACKAGES,
    # The .deb's Depends are read (ldd, dpkg) from the libraries installed here.
    "deb": VENV_PACKAGES + OFFSCREEN_QT_PACKAGES + SPELLING_PACKAGES + BUILD_PACKAGES,
    "deb-smoke": VENV_PACKAGES + OFFSCREEN_QT_PACKAGES + SPELLING_PACKAGES + BUILD_PACKAGES + DEB_SMOKE_PACKAGES,
    "bench": VENV_PACKAGES + OFFSCREEN_QT_PACKAGES,
}

# --- Project layout ---------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_DIR = REPO_ROOT / ".venv"
STAMP_FILE = VENV_DIR / ".aa-installed"
PYPROJECT = REPO_ROOT / "pyproject.toml"
LINT_DIRS = ("src", "tests", "bench", "tools", "packaging")
APP_SCRIPT = "audition-assistant"
SKIP_APT_ENV = "AUDITION_ASSISTANT_SKIP_APT"
IS_WINDOWS = os.name == "nt"
# The one-folder build (packaging/audition-assistant.spec) and what it is built from.
SPEC_FILE = REPO_ROOT / "packaging" / "audition-assistant.spec"
DIST_DIR = REPO_ROOT / "dist"
BUILD_DIR = REPO_ROOT / "build" / "pyinstaller"
APP_DIST = DIST_DIR / APP_SCRIPT
PACKAGE_STAMP = DIST_DIR / f".{APP_SCRIPT}.digest"
# What the frozen build is made from (not packaging/deb*.py nor smoke.py: they only read it).
PACKAGE_INPUTS = (
    "pyproject.toml",
    "src",
    "resources",
    "packaging/audition-assistant.spec",
    "packaging/launcher.py",
    "packaging/linux",
)


class BootstrapError(Exception):
    """A failure already explained to the developer; carries the exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def say(message: str) -> None:
    """Print a progress line, flushed so it stays ordered with child output."""
    print(f"[bootstrap] {message}", flush=True)


def call(cmd: list[str], env: dict[str, str] | None = None) -> int:
    """Run a command from the repo root and return its exit code."""
    return subprocess.run(cmd, cwd=REPO_ROOT, env=env, check=False).returncode


def call_or_fail(cmd: list[str], what: str) -> None:
    """Run a setup command; a failure there stops everything, so raise."""
    code = call(cmd)
    if code != 0:
        raise BootstrapError(f"{what} failed (exit {code}): {' '.join(cmd)}", code)


# --- Debian packages --------------------------------------------------------


def apt_wanted() -> bool:
    """Only Debian-like machines (dpkg present) get packages, unless opted out."""
    if os.environ.get(SKIP_APT_ENV) == "1":
        return False
    return shutil.which("dpkg-query") is not None


def is_installed(package: str) -> bool:
    """Ask dpkg for the package status; unknown packages count as missing."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and result.stdout.strip() == "install ok installed"


def is_root() -> bool:
    """os.geteuid does not exist on Windows; there apt is never reached anyway."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def ensure_debian_packages(packages: tuple[str, ...]) -> None:
    """Install missing system libraries, or tell a non-root user how to."""
    if not apt_wanted():
        return
    missing = [pkg for pkg in packages if not is_installed(pkg)]
    if not missing:
        return
    if not is_root():
        command = "sudo apt-get install -y --no-install-recommends " + " ".join(missing)
        print(
            "[bootstrap] Missing Debian packages: " + ", ".join(missing) + "\n"
            "[bootstrap] Not running as root, so they cannot be installed from here.\n"
            f"[bootstrap] Install them, then run the same command again:\n\n    {command}\n\n"
            f"[bootstrap] (Or set {SKIP_APT_ENV}=1 if they are provided another way.)",
            file=sys.stderr,
            flush=True,
        )
        raise BootstrapError("stopped: missing Debian packages (see above)", 2)
    say("installing Debian packages: " + " ".join(missing))
    say("$ apt-get update")
    call_or_fail(["apt-get", "update"], "apt-get update")
    install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    say("$ DEBIAN_FRONTEND=noninteractive " + " ".join(install))
    code = subprocess.run(install, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, check=False).returncode
    if code != 0:
        raise BootstrapError(f"apt-get install failed (exit {code})", code)


# --- Virtual environment ----------------------------------------------------


def venv_bin(name: str) -> Path:
    """Path of an executable inside .venv, for POSIX or Windows layouts."""
    if IS_WINDOWS:
        return VENV_DIR / "Scripts" / f"{name}.exe"
    return VENV_DIR / "bin" / name


def pyproject_digest() -> str:
    """The dependencies live in pyproject.toml, so its hash decides reinstalls."""
    return hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()


def create_venv(python: Path) -> None:
    """Create .venv from the running interpreter and bring pip up to date once."""
    say(f"creating virtualenv {VENV_DIR.relative_to(REPO_ROOT)}")
    call_or_fail([sys.executable, "-m", "venv", str(VENV_DIR)], "creating the virtualenv")
    say("upgrading pip")
    call_or_fail([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], "upgrading pip")


def install_project(python: Path, digest: str) -> None:
    """Editable install with dev extras; the stamp is written only on success."""
    say("installing audition-assistant[dev] in editable mode (a few minutes the first time)")
    STAMP_FILE.unlink(missing_ok=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    call_or_fail([*pip, "-e", ".[dev]"], "pip install -e .[dev]")
    STAMP_FILE.write_text(digest + "\n", encoding="ascii")


def ensure_venv() -> Path:
    """Return the venv's python, (re)installing only when pyproject.toml changed."""
    python = venv_bin("python")
    created = not python.exists()
    if created:
        create_venv(python)
    digest = pyproject_digest()
    recorded = STAMP_FILE.read_text(encoding="ascii").strip() if STAMP_FILE.exists() else ""
    if created or recorded != digest:
        install_project(python, digest)
    else:
        say("virtualenv up to date (pyproject.toml unchanged)")
    return python


# --- Subcommands ------------------------------------------------------------


def run_module(python: Path, module: str, args: list[str], env: dict[str, str] | None = None) -> int:
    """Run `python -m module args` from the venv, echoing it so failures are reproducible."""
    say("$ " + " ".join([module, *args]))
    return call([str(python), "-m", module, *args], env)


def check_steps(pytest_args: list[str] | None) -> list[tuple[str, list[str]]]:
    """ruff (lint, then format) over the folders that exist, mypy (set in pyproject), then pytest."""
    dirs = [d for d in LINT_DIRS if (REPO_ROOT / d).is_dir()]
    steps = [("ruff", ["check", *dirs]), ("ruff", ["format", "--check", *dirs]), ("mypy", [])]
    if pytest_args is not None:
        steps.append(("pytest", pytest_args))
    return steps


def run_checks(python: Path, pytest_args: list[str] | None) -> int:
    """Run the checks in order, stopping at the first failure with its exit code."""
    steps = check_steps(pytest_args)
    test_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    for module, args in steps:
        code = run_module(python, module, args, test_env if module == "pytest" else None)
        if module == "pytest" and code == 5:
            say("FAILED: pytest collected no tests; the suite must never silently run nothing")
            return 1
        if code != 0:
            say(f"FAILED at {module} (exit {code})")
            return code
    names = ", ".join(dict.fromkeys(module for module, _ in steps))
    say(f"OK: {names} passed in {time.monotonic() - started:.1f}s")
    return 0


def cmd_test(args: list[str]) -> int:
    """Everything CI checks: ruff, mypy, then pytest on the offscreen platform."""
    ensure_debian_packages(PACKAGES_FOR["test"])
    return run_checks(ensure_venv(), args)


def cmd_lint(args: list[str]) -> int:
    """The static checks alone, for a quick loop while editing."""
    if args:
        raise BootstrapError("lint takes no arguments", 2)
    ensure_debian_packages(PACKAGES_FOR["lint"])
    return run_checks(ensure_venv(), None)


def display_missing() -> bool:
    """On Linux, Qt without a display (and no platform chosen) aborts obscurely."""
    if not sys.platform.startswith("linux"):
        return False
    return not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def cmd_run(args: list[str]) -> int:
    """Start the app; setup comes first so the xvfb-run hint is usable at once."""
    ensure_debian_packages(PACKAGES_FOR["run"])
    ensure_venv()
    if display_missing():
        raise BootstrapError(
            "No display: DISPLAY and WAYLAND_DISPLAY are unset, and so is QT_QPA_PLATFORM.\n"
            "[bootstrap] The app needs a graphical session. On a headless machine use a\n"
            "[bootstrap] virtual screen:  xvfb-run -a make run",
            2,
        )
    app = venv_bin(APP_SCRIPT)
    if not app.exists():
        raise BootstrapError(f"{app} is missing; try `make clean` then `make run`", 1)
    say(f"$ {APP_SCRIPT} {' '.join(args)}".rstrip())
    if IS_WINDOWS:  # os.exec* on Windows does not replace the process: wait instead
        return call([str(app), *args])
    os.execv(app, [str(app), *args])
    return 0  # not reached


def cmd_screenshots(args: list[str]) -> int:
    """The app's screens as PNG files, on a virtual 1366x768 screen (docs/screenshots by default)."""
    ensure_debian_packages(PACKAGES_FOR["run"])
    python = ensure_venv()
    out = args[0] if args else str(REPO_ROOT / "docs" / "screenshots")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    screen = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24"]
    return call([*screen, str(python), str(REPO_ROOT / "tools" / "screenshots.py"), out], env=env)


# --- One-folder build -----------------------------------------------------------


def package_digest() -> str:
    """Hash of everything the build is made from: a different value means dist/ is stale."""
    digest = hashlib.sha256()
    for top in PACKAGE_INPUTS:
        base = REPO_ROOT / top
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(REPO_ROOT).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def package_is_fresh() -> bool:
    program = APP_DIST / (APP_SCRIPT + ".exe" if IS_WINDOWS else APP_SCRIPT)
    if not program.exists() or not PACKAGE_STAMP.exists():
        return False
    return PACKAGE_STAMP.read_text(encoding="ascii").strip() == package_digest()


def ensure_pyinstaller(python: Path) -> None:
    """PyInstaller lives in the optional `package` extra: installed on first use only."""
    probe = subprocess.run([str(python), "-c", "import PyInstaller"], capture_output=True, check=False)
    if probe.returncode == 0:
        return
    say("installing the `package` extra (PyInstaller) into .venv")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    call_or_fail([*pip, "-e", ".[dev,package]"], "pip install -e .[dev,package]")


def build_package(python: Path) -> int:
    """Run PyInstaller on the spec into dist/, then record what it was built from."""
    ensure_pyinstaller(python)
    PACKAGE_STAMP.unlink(missing_ok=True)
    args = ["--noconfirm", "--log-level", "WARN", "--distpath", str(DIST_DIR), "--workpath", str(BUILD_DIR)]
    started = time.monotonic()
    code = run_module(python, "PyInstaller", [*args, str(SPEC_FILE)])
    if code != 0:
        say(f"FAILED: PyInstaller exit {code}")
        return code
    PACKAGE_STAMP.write_text(package_digest() + "\n", encoding="ascii")
    size = sum(p.stat().st_size for p in APP_DIST.rglob("*") if p.is_file() and not p.is_symlink())
    say(f"OK: built {APP_DIST.relative_to(REPO_ROOT)} in {time.monotonic() - started:.0f}s ({size / 2**20:.0f} MiB)")
    return 0


def cmd_package(args: list[str]) -> int:
    """The one-folder build in dist/audition-assistant (always rebuilt)."""
    if args:
        raise BootstrapError("package takes no arguments", 2)
    ensure_debian_packages(PACKAGES_FOR["package"])
    return build_package(ensure_venv())


def cmd_package_smoke(args: list[str]) -> int:
    """Build dist/ when missing or stale, then run the frozen program (packaging/smoke.py)."""
    if args:
        raise BootstrapError("package-smoke takes no arguments", 2)
    ensure_debian_packages(PACKAGES_FOR["package-smoke"])
    python = ensure_venv()
    if package_is_fresh():
        say(f"{APP_DIST.relative_to(REPO_ROOT)} up to date (sources unchanged since its build)")
    else:
        code = build_package(python)
        if code != 0:
            return code
    say("$ packaging/smoke.py " + str(APP_DIST.relative_to(REPO_ROOT)))
    return call([str(python), str(REPO_ROOT / "packaging" / "smoke.py"), str(APP_DIST)])


def ensure_package(python: Path) -> int:
    """Build dist/ unless it was built from the current sources."""
    if package_is_fresh():
        say(f"{APP_DIST.relative_to(REPO_ROOT)} up to date (sources unchanged since its build)")
        return 0
    return build_package(python)


def deb_file() -> Path:
    """dist/audition-assistant_<version>_<arch>.deb, as packaging/deb.py names it."""
    sys.path.insert(0, str(REPO_ROOT / "packaging"))
    import deb  # packaging/deb.py, standard library only

    return DIST_DIR / deb.deb_name(deb.project_version(), deb.architecture())


def deb_is_fresh(path: Path) -> bool:
    """Newer than the build it wraps and than what lays it out."""
    if not path.exists() or not package_is_fresh():
        return False
    inputs = [PACKAGE_STAMP, REPO_ROOT / "packaging" / "deb.py", *(REPO_ROOT / "packaging" / "debian").iterdir()]
    return path.stat().st_mtime > max(p.stat().st_mtime for p in inputs)


def build_deb(python: Path) -> int:
    code = ensure_package(python)
    if code != 0:
        return code
    started = time.monotonic()
    code = run_script(python, "packaging/deb.py", [str(APP_DIST)])
    if code == 0:
        say(f"OK: .deb built in {time.monotonic() - started:.0f}s")
    return code


def run_script(python: Path, script: str, args: list[str]) -> int:
    say("$ " + " ".join([script, *args]))
    return call([str(python), str(REPO_ROOT / script), *args])


def cmd_deb(args: list[str]) -> int:
    """dist/audition-assistant_<version>_<arch>.deb from the one-folder build (built first when stale)."""
    if args:
        raise BootstrapError("deb takes no arguments", 2)
    ensure_debian_packages(PACKAGES_FOR["deb"])
    return build_deb(ensure_venv())


def cmd_deb_smoke(args: list[str]) -> int:
    """Install the .deb into a clean Debian root, run it, purge it (packaging/deb_smoke.py); root only."""
    if args:
        raise BootstrapError("deb-smoke takes no arguments", 2)
    if not is_root():
        raise BootstrapError("deb-smoke needs root (debootstrap, chroot, mount): sudo make deb-smoke", 2)
    ensure_debian_packages(PACKAGES_FOR["deb-smoke"])
    python = ensure_venv()
    package = deb_file()
    if deb_is_fresh(package):
        say(f"{package.relative_to(REPO_ROOT)} up to date")
    else:
        code = build_deb(python)
        if code != 0:
            return code
    return run_script(python, "packaging/deb_smoke.py", [str(package)])


def cmd_bench(args: list[str]) -> int:
    """The benchmarks (bench/run.py): each figure against a floor measured in the same run."""
    ensure_debian_packages(PACKAGES_FOR["bench"])
    python = ensure_venv()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    say("$ bench/run.py " + " ".join(args))
    return call([str(python), str(REPO_ROOT / "bench" / "run.py"), *args], env)


COMMANDS = {
    "run": cmd_run,
    "test": cmd_test,
    "lint": cmd_lint,
    "screenshots": cmd_screenshots,
    "package": cmd_package,
    "package-smoke": cmd_package_smoke,
    "deb": cmd_deb,
    "deb-smoke": cmd_deb_smoke,
    "bench": cmd_bench,
}


def main(argv: list[str]) -> int:
    """Dispatch the subcommand; explained failures become plain exit codes."""
    if sys.version_info < (3, 11):  # noqa: UP036 - runs under whatever python3 is
        print("bootstrap.py needs Python 3.11 or newer", file=sys.stderr)
        return 2
    if not argv or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except BootstrapError as error:
        print(f"[bootstrap] {error}", file=sys.stderr, flush=True)
        return error.code
    except OSError as error:  # unreadable venv, full disk...: no traceback needed
        print(f"[bootstrap] {error}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
