"""The French guides (docs/guide-utilisateur.md, docs/guide-auteur.md) say only what works.

Every command of a ```sh block is run, in the order of the guide, as a real
subprocess, with a data folder and a passphrase of its own; the example files
the guide asks the reader to save are written first, where and when the guide
says so:

- a ```yaml (or other) block whose first line is ``# fichier : PATH`` is saved
  as PATH; ``# fichier : PATH (suite)`` adds the block to the end of PATH, so a
  template can be built step by step;
- a block preceded by the line ``<!-- fichier : PATH -->`` (JSON has no
  comments) is saved as PATH;
- a ```text block preceded by ``<!-- sortie attendue -->`` lists lines that the
  previous command must print (stdout or stderr), in that order.

A command must exit with 0, unless a ``# code de sortie attendu : N`` line
before it in its block says otherwise. ```sh blocks hold nothing but
``audition-assistant ...`` commands (a placeholder belongs in a ```text block),
and never the bare program, which would open a window and wait.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from audition_assistant import cli
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace
from readers import plain

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ("docs/guide-utilisateur.md", "docs/guide-auteur.md")
PROGRAM = "audition-assistant"
PASSPHRASE = "phrase secrète des guides, pour les tests"
FENCE = re.compile(r"^(\s*)```(.*)$")
FILE_MARK = re.compile(r"^#\s*fichier\s*:\s*(?P<path>\S+)\s*(?P<suite>\(suite\))?\s*$")
HTML_FILE_MARK = re.compile(r"^<!--\s*fichier\s*:\s*(?P<path>\S+)\s*-->$")
OUTPUT_MARK = re.compile(r"^<!--\s*sortie attendue\s*-->$")
EXIT_MARK = re.compile(r"^#\s*code de sortie attendu\s*:\s*(?P<code>\d+)\s*$")
LINK = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s]+)\)")


@dataclass
class Block:
    info: str  # the fence's info string: "sh", "yaml", "text"...
    lines: list[str]
    line: int  # where the block starts in the guide (1-based, the fence)
    before: str = ""  # the last non-blank line before the fence

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info.split() else ""


@dataclass
class Command:
    argv: list[str]
    expected: int
    line: int
    text: str


@dataclass
class Run:
    command: Command
    code: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        return (
            f"line {self.command.line}: {self.command.text}\n"
            f"exit code {self.code}, expected {self.command.expected}\n"
            f"--- stdout ---\n{self.stdout}--- stderr ---\n{self.stderr}"
        )


@dataclass
class Report:
    runs: list[Run] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def blocks(markdown: str) -> list[Block]:
    """The fenced blocks of a Markdown text, in order."""
    out: list[Block] = []
    current: Block | None = None
    previous = ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        fence = FENCE.match(line)
        if current is None:
            if fence:
                current = Block(fence.group(2).strip(), [], number, previous)
            elif line.strip():
                previous = line.strip()
            continue
        if fence and not fence.group(2).strip():
            out.append(current)
            current = None
            previous = ""
            continue
        current.lines.append(line)
    assert current is None, f"unclosed code block from line {current.line}"
    return out


def commands(block: Block) -> list[Command]:
    """The commands of a ```sh block, each with the exit code it must give."""
    out: list[Command] = []
    expected = 0
    pending = ""
    start = block.line
    for offset, raw in enumerate(block.lines, start=1):
        line = raw.strip()
        mark = EXIT_MARK.match(line)
        if mark:
            expected = int(mark.group("code"))
            continue
        if not line or (line.startswith("#") and not pending):
            continue
        if not pending:
            start = block.line + offset
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        text = pending + line
        pending = ""
        out.append(Command(shlex.split(text, comments=True), expected, start, text))
    assert not pending, f"line {start}: a command ends with a backslash"
    return out


def check_command(command: Command) -> str | None:
    """Why a ```sh line is not a runnable command of the guide's kind, or None."""
    argv = command.argv
    if not argv or argv[0] != PROGRAM:
        return f"line {command.line}: a ```sh block holds only '{PROGRAM} ...' commands: {command.text}"
    if any("<" in a or ">" in a for a in argv):
        return f"line {command.line}: placeholder in a ```sh block (use ```text): {command.text}"
    try:
        args = cli.build_parser().parse_args(argv[1:])
    except SystemExit:
        return f"line {command.line}: not a valid command line: {command.text}"
    if args.command in (None, "gui"):
        return f"line {command.line}: this would open the application and wait: {command.text}"
    return None


def saved_file(block: Block) -> tuple[str, bool] | None:
    """(path, append) when the guide asks for this block to be saved as a file."""
    if block.lines:
        mark = FILE_MARK.match(block.lines[0].strip())
        if mark:
            return mark.group("path"), bool(mark.group("suite"))
    mark = HTML_FILE_MARK.match(block.before)
    if mark:
        return mark.group("path"), False
    return None


def environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITION_ASSISTANT_")}
    env["AUDITION_ASSISTANT_DATA_DIR"] = str(tmp / "donnees")
    env["AUDITION_ASSISTANT_PASSPHRASE"] = PASSPHRASE
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def follow(markdown: str, tmp: Path) -> Report:
    """Do what the guide says, in its order; collect every departure from it."""
    work = tmp / "travail"
    work.mkdir(parents=True, exist_ok=True)
    env = environment(tmp)
    # The data folder's first start, made in the window before the guide's commands (its section 2).
    Workspace.open(DataPaths(tmp / "donnees"), PASSPHRASE, create=True, backup=False).close()
    report = Report()
    last: Run | None = None
    for block in blocks(markdown):
        target = saved_file(block)
        if target is not None:
            name, append = target
            path = work / name
            if append and not path.exists():
                report.problems.append(f"line {block.line}: « (suite) » of {name}, which the guide never started")
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            text = "\n".join(block.lines) + "\n"
            with path.open("a" if append else "w", encoding="utf-8") as handle:
                handle.write(("\n" if append else "") + text)
            if path not in report.files:
                report.files.append(path)
            continue
        if block.language == "text" and OUTPUT_MARK.match(block.before):
            if last is None:
                report.problems.append(f"line {block.line}: expected output with no command before it")
                continue
            printed = (last.stdout + last.stderr).splitlines()
            position = 0
            for wanted in (w.strip() for w in block.lines if w.strip()):
                found = next((i for i in range(position, len(printed)) if printed[i].strip() == wanted), None)
                if found is None:
                    report.problems.append(
                        f"line {block.line}: not printed (in this order): {wanted}\n{last.describe()}"
                    )
                    break
                position = found + 1
            continue
        if block.language != "sh":
            continue
        for command in commands(block):
            problem = check_command(command)
            if problem:
                report.problems.append(problem)
                continue
            proc = subprocess.run(
                [sys.executable, "-m", "audition_assistant", *command.argv[1:]],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=300,
            )
            last = Run(command, proc.returncode, proc.stdout, proc.stderr)
            report.runs.append(last)
            if proc.returncode != command.expected:
                report.problems.append(last.describe())
    return report


# --- the guides ------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_of_the_guide_works_as_written(guide, tmp_path):
    markdown = (ROOT / guide).read_text(encoding="utf-8")
    report = follow(markdown, tmp_path)
    assert not report.problems, f"{guide}:\n\n" + "\n\n".join(report.problems)
    assert len(report.runs) >= 3, f"{guide}: no commands found in ```sh blocks"
    if guide.endswith("guide-auteur.md"):
        check_what_the_authors_guide_says_of_its_documents(tmp_path / "travail" / "essai" / "documents")


def text_of(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return plain("\n".join([p.text for p in document.paragraphs] + cells))


def check_what_the_authors_guide_says_of_its_documents(folder: Path) -> None:
    """Step 10 and section 4 tell the reader what to find in the documents: it must be there."""
    pv = text_of(folder / "2026-009999_PV_2026-009999-00004_Procès-verbal_d'audition_complémentaire.docx")
    for said in (
        "Agissant en enquête préliminaire, vu les articles 75 et suivants du code de procédure pénale",
        "la personne entendue est assistée d'un interprète.",
        "Mis en cause 1 :",
        "avons suspendu l'audition à 10 h 50 pour permettre une pause.",
        "avons repris l'audition à 11 h 05.",
        "Lecture faite par traduction de l'interprète, persiste et signe avec nous et l'interprète à 11 h 45.",
        "Orientation vers le réseau Satouk évoquée avec elle",
    ):
        assert said in pv, f"the PV of the author's guide lacks: {said}"
    assert "recouper" not in pv, "a field with destination: notes was printed"
    assert "Menaces contre elle ou ses proches" not in pv, "the indicator grid (destination: notes) was printed"
    assert pv.index("10 h 50") < pv.index("Que disaient ces messages")
    notice = text_of(folder / "2026-009999_PV_2026-009999-00004_Information_de_la_victime_étrangère_es.docx")
    assert "traduction non validée" in notice
    fiche = text_of(folder / "2026-010001_Fiche_réflexe_-_signalement_par_un_établissement_d'hébergement.docx")
    for said in (
        "Indices moyens : Nombreux visiteurs, à toute heure ; Un même numéro pour plusieurs réservations",
        "Suites suggérées",
        "Plusieurs observations concordantes",
        "Personne possiblement mineure",
        "Cette fiche rapporte un signalement ; elle ne qualifie aucun fait.",
    ):
        assert said in fiche, f"the sheet of the author's guide lacks: {said}"
    assert "Réceptionniste" not in fiche, "a field with destination: notes was printed"
    assert "(s)" not in fiche and " sur 3" not in fiche, "indicators are listed by weight, never counted"


def test_the_authors_guide_builds_its_templates_and_answers_files(tmp_path):
    """The walk-through is followed for real: its template files are saved and checked by the runs."""
    markdown = (ROOT / "docs/guide-auteur.md").read_text(encoding="utf-8")
    saved = {path for block in blocks(markdown) if (target := saved_file(block)) for path in [target[0]]}
    assert any(p.startswith("essai/templates/") and p.endswith(".yaml") for p in saved), saved
    assert any(p.endswith(".json") for p in saved), saved
    runs = [c.text for b in blocks(markdown) if b.language == "sh" for c in commands(b)]
    assert any("templates validate" in r for r in runs)
    assert any(" fill " in f" {r} " for r in runs)


@pytest.mark.parametrize("guide", GUIDES)
def test_yaml_and_json_examples_are_well_formed(guide):
    """Fragments too: an example a trainer copies must at least be valid YAML."""
    import json

    for block in blocks((ROOT / guide).read_text(encoding="utf-8")):
        text = "\n".join(block.lines)
        if block.language == "yaml":
            try:
                yaml.safe_load(text)
            except yaml.YAMLError as error:
                pytest.fail(f"{guide}, line {block.line}: YAML example does not parse: {error}")
        elif block.language == "json":
            try:
                json.loads(text)
            except ValueError as error:
                pytest.fail(f"{guide}, line {block.line}: JSON example does not parse: {error}")


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as hyphens."""
    out = set()
    for part in re.split(r"^```.*?^```", markdown, flags=re.M | re.S):  # not inside code blocks
        for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", part, flags=re.M):
            out.add(re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-"))
    return out


@pytest.mark.parametrize("guide", [*GUIDES, "README.md", "docs/glossaire.md"])
def test_relative_links_images_and_anchors_exist(guide):
    path = ROOT / guide
    markdown = path.read_text(encoding="utf-8")
    for match in LINK.finditer(markdown):
        target, _, anchor = match.group("target").partition("#")
        if re.match(r"^[a-z]+:", target):
            continue
        if target:
            assert (path.parent / target).exists(), f"{guide}: broken link {match.group('target')}"
        if anchor:
            linked = (path.parent / target).read_text(encoding="utf-8") if target else markdown
            assert anchor in anchors(linked), f"{guide}: no heading for the anchor #{anchor}"


def test_the_glossary_names_files_that_exist():
    glossary = (ROOT / "docs/glossaire.md").read_text(encoding="utf-8").partition("## Renames")[0]  # not proposals
    named = set(re.findall(r"`((?:core|ui)/[\w/*.]+|resources/\w+/)`", glossary))
    assert len(named) > 20
    source = ROOT / "src" / "audition_assistant"
    missing = [name for name in sorted(named) if not any((ROOT if name.startswith("resources") else source).glob(name))]
    assert missing == [], f"docs/glossaire.md names files that do not exist: {missing}"


def test_readme_and_guides_link_to_each_other():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    user = (ROOT / "docs/guide-utilisateur.md").read_text(encoding="utf-8")
    author = (ROOT / "docs/guide-auteur.md").read_text(encoding="utf-8")
    assert "docs/guide-utilisateur.md" in readme and "docs/guide-auteur.md" in readme
    assert "(guide-auteur.md" in user and "(guide-utilisateur.md" in author


def test_every_screenshot_is_shown_in_the_users_guide():
    user = (ROOT / "docs/guide-utilisateur.md").read_text(encoding="utf-8")
    for png in sorted((ROOT / "docs/screenshots").glob("*.png")):
        assert f"screenshots/{png.name}" in user, f"{png.name} is not shown in the user's guide"


def test_the_screenshots_tool_still_shoots_every_image_of_the_guide(tmp_path):
    """`make screenshots` drives the real screens: a change to them must not leave the guide's images stale."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools/screenshots.py"), str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    shot = sorted(p.name for p in tmp_path.glob("*.png"))
    assert shot == sorted(p.name for p in (ROOT / "docs/screenshots").glob("*.png"))
    assert all((tmp_path / name).stat().st_size > 5000 for name in shot)  # drawn, not blank


# --- the harness itself: a broken guide must fail ------------------------------------
BROKEN_GUIDE = """\
```yaml
# fichier : casse.yaml
format: 1
id: casse
```

```sh
audition-assistant templates validate casse.yaml
```
"""


def test_harness_fails_when_a_command_fails(tmp_path):
    report = follow(BROKEN_GUIDE, tmp_path)
    assert [r.code for r in report.runs] == [1]
    assert len(report.problems) == 1 and "exit code 1, expected 0" in report.problems[0]
    assert (tmp_path / "travail" / "casse.yaml").read_text(encoding="utf-8").startswith("# fichier : casse.yaml")


def test_harness_honours_the_expected_exit_code_and_output(tmp_path):
    guide = BROKEN_GUIDE.replace("```sh\n", "```sh\n# code de sortie attendu : 1\n") + (
        "\n<!-- sortie attendue -->\n```text\ncasse.yaml: title: valeur obligatoire manquante\n```\n"
    )
    assert follow(guide, tmp_path).problems == []
    wrong = guide.replace("title: valeur obligatoire manquante", "title: autre chose")
    problems = follow(wrong, tmp_path / "bis").problems
    assert len(problems) == 1 and "not printed" in problems[0]


def test_harness_appends_continued_files_and_refuses_placeholders(tmp_path):
    guide = (
        "```yaml\n# fichier : a.yaml\nformat: 1\n```\n\n```yaml\n# fichier : a.yaml (suite)\nid: a\n```\n\n"
        "```sh\naudition-assistant verify <fichier>.docx\naudition-assistant\nls -l\n```\n"
    )
    report = follow(guide, tmp_path)
    text = (tmp_path / "travail" / "a.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"format": 1, "id": "a"}
    assert report.runs == []
    assert len(report.problems) == 3
    assert "placeholder" in report.problems[0]
    assert "open the application" in report.problems[1]
    assert "only 'audition-assistant" in report.problems[2]


def test_anchors_follow_githubs_rule():
    markdown = "# Titre\n## 8. Le déroulement : débuter, clore\n```sh\n# pas un titre\n```\n"
    markdown += "### L'écran « à vérifier »\n"
    found = anchors(markdown)
    assert found == {"titre", "8-le-déroulement--débuter-clore", "lécran--à-vérifier-"}
