"""The benchmark data, invented and reproducible (fixed random seeds).

- :func:`long_hearing`: a data folder holding a profile and one hearing of the
  bundled template with the demo's answers and 300 questions and answers of
  about 500 characters (about 50 pages of procès-verbal), written through the
  store's public API like the application writes it.
- :func:`big_database`: a database of 10,000 hearings (about 4,000 cases),
  each with the template snapshot, the demo's 68 answers under other names,
  12 questions and answers, its timeline and a hash-chained audit entry for
  every row, as the store would have written them. It is built in a minute
  or two with bulk inserts into the store's own schema (created by
  ``Store.open``), then cached in ``bench/.cache/`` until this file or the
  schema changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import CACHE, PASSPHRASE, ROOT

from audition_assistant.core import answers_file, resources
from audition_assistant.core.answers_file import FilledHearing
from audition_assistant.core.export.document import Document
from audition_assistant.core.export.exporter import build_blocks
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.references import load_references
from audition_assistant.core.store import Profile, Store, audit, cipher
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace, load_templates

ENTRY_CHARS = 500
LONG_HEARING_ENTRIES = 300
BIG_HEARINGS = 10_000
BIG_ENTRIES_PER_HEARING = 12
SCHEMA_FILE = ROOT / "src" / "audition_assistant" / "core" / "store" / "schema.py"


def _words(text: str) -> list[str]:
    return text.split()


# Words any statement repeats; the names, places and nicknames particular to
# each hearing (a story) are added to its text, as in real statements.
WORDS = _words("""
je suis arrivée en France avec une amie elle m'avait promis un travail dans un restaurant mais quand
nous sommes arrivées l'homme a pris nos passeports il disait que nous devions rembourser le voyage
la dette augmentait chaque semaine nous dormions dans un appartement au quatrième étage sans
ascenseur il y avait d'autres filles elles venaient d'autres pays les clients venaient le soir
parfois dix par jour il fallait donner tout l'argent à la femme qui gardait les clés je ne connais
pas son vrai nom elle avait un téléphone noir et elle prenait les photos pour les annonces sur
internet ils me menaçaient de faire du mal à ma mère et à mon fils qui sont restés au pays je n'avais
pas le droit de sortir seule une fois j'ai voulu partir un homme m'a frappée au visage j'ai eu peur
j'ai vu un médecin une seule fois à l'hôpital on m'a dit de ne rien dire aux policiers la police est
venue le matin j'ai accepté de parler avec l'association qui m'aide maintenant je voudrais être
protégée et travailler légalement studio salon voiture train bus avion gare argent euros cinquante
cent mille semaine mois
""")
SURNAMES = _words("""Castaño Rueda Okafor Popescu Zhang Ionescu Adeyemi Moreno Diallo Nguyen Petrova Haddad
Kovacs Mensah Silva Ortega Balogun Dumitru Chen Traoré Ivanova Mendes Obi Radu Wang Camara Sokolova Reyes
Eze Stan Li Keita Novak Herrera Uche Marin Zhou Sow Horvath Vargas Achebe Barbu Cruz Dang Ekwueme Florea
Gomez Huang Igwe Jovanovic Kamara Lungu Mbeki Nwosu Olaru Pham Quispe Rojas Sandu Tran Udeh Vasquez Wu
Xu Yilmaz Zamfir Afolabi Bogdan Cisse Dobre Eke Fofana Grigore Hoang Ilie Juarez Kone Lazar Musa""")
FIRST_NAMES = _words("""Yuliana Ngozi Ioana Wei Andreea Chioma Lucía Aminata Lan Elena Samira Marta Efua Ana
Maribel Blessing Daniela Mei Fatoumata Olga Paula Ifeoma Alina Jing Mariama Irina Carmen Adaeze
Simona Hui Awa Katarina Rosa Nkechi Bianca Xiu Kadiatou Eva Gabriela Amara""")
CITIES = _words("""Paris Lyon Marseille Nanterre Villeurbanne Lille Bordeaux Nice Toulouse Strasbourg Rennes
Nantes Montpellier Grenoble Rouen Metz Dijon Reims Tours Orléans Madrid Barcelone Bucarest Lagos
Bogota Pereira Canton Milan Bruxelles Anvers Genève Perpignan Avignon Toulon Cannes Limoges Amiens
Calais Nancy Mulhouse""")
NICKNAMES = _words("""Mona Tío Kevin Babou Madame Tata Boss Chef Gros Petit Blanco Negro Rico Lola Nana Mami
Papi Don Mister Coco Bébé Joker Tonton Mamie Gitan Prince Reine Duc Lion Tigre Faucon Loup Renard Ours
Ange Diable Roi Tango Sierra Fox Delta Zulu Kilo Papa Oscar Romeo Victor Hotel Juliet Lima Echo Bravo
Charlie Alpha Mike Yankee Whisky Golf India""")
HOTELS = _words("""Beauséjour Terminus Bellevue Ibéris Lutetia Mirabeau Panorama Horizon Riviera Océan
Continental Victoria Régence Majestic Astoria Bristol Carlton Concorde Excelsior Flore Gallia Impérial
Lafayette Louvre Métropole Normandie Opéra Palace Pyrénées Rivoli Royal Savoy Splendid Tivoli Trianon
Univers Vendôme Voltaire Windsor Zénith""")


@dataclass(frozen=True)
class Story:
    """What is particular to one hearing: the words a search for it would use."""

    city: str
    nickname: str
    hotel: str
    phone: str

    @classmethod
    def draw(cls, rng: random.Random) -> Story:
        digits = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
        return cls(rng.choice(CITIES), rng.choice(NICKNAMES), "Hôtel " + rng.choice(HOTELS), f"06 {digits}")


def text(rng: random.Random, chars: int, story: Story | None = None) -> str:
    """Sentences of hearing words (and of the story's names), cut at a word near ``chars``."""
    sentences: list[str] = []
    size = 0
    while size < chars:
        words = rng.choices(WORDS, k=rng.randint(8, 18))
        if story is not None and rng.random() < 0.2:
            words.insert(rng.randint(0, len(words)), rng.choice((story.city, story.nickname, story.hotel)))
        sentence = " ".join(words)
        sentence = sentence[0].upper() + sentence[1:] + "."
        sentences.append(sentence)
        size += len(sentence) + 1
    return " ".join(sentences)[:chars].rsplit(" ", 1)[0] + "."


def question_and_answer(rng: random.Random, story: Story | None = None) -> tuple[str, str]:
    """About ENTRY_CHARS characters together, as an open question and its answer."""
    question = rng.choice(
        [
            "Racontez-moi ce qui s'est passé ensuite.",
            "Décrivez l'appartement où vous logiez.",
            "Comment avez-vous rencontré cette personne ?",
            "Que se passait-il quand vous refusiez ?",
            "Expliquez comment l'argent était remis.",
            "Décrivez une journée ordinaire à cette époque.",
        ]
    )
    return question, text(rng, ENTRY_CHARS - len(question), story)


def demo(paths: DataPaths) -> FilledHearing:
    catalog = load_templates(paths, load_references())
    with resources.path_of("demo", "audition-victime-majeure.json") as path:
        return answers_file.read(path, catalog)


@dataclass(frozen=True)
class LongHearing:
    paths: DataPaths
    hearing_id: int
    entries: int


def pv_blocks(long: LongHearing) -> Document:
    """The long hearing's procès-verbal as document blocks, built once: what each format's writer is given."""
    workspace = Workspace.open(long.paths, PASSPHRASE)
    try:
        ctx = workspace.context(long.hearing_id)
        [spec] = [d for d in ctx.view.template.documents if d.model == "pv_audition"]
        return build_blocks(ctx, spec)
    finally:
        workspace.close()


def long_hearing(folder: Path, entries: int = LONG_HEARING_ENTRIES) -> LongHearing:
    """A data folder with a profile and one open hearing of ``entries`` questions and answers."""
    paths = DataPaths(folder)
    paths.ensure()
    filled = demo(paths)
    rng = random.Random(300)
    workspace = Workspace.open(paths, PASSPHRASE, create=True)
    try:
        store = workspace.store
        store.save_profile(Profile(**filled.investigator))
        case_id = store.create_case(**filled.case)
        subject = filled.template.pv.subject or ""
        person_id = store.add_person(case_id, filled.answers.get(subject) or {})
        hearing_id = workspace.start_hearing(case_id, person_id, filled.template, **filled.hearing)
        for field_id, value in filled.answers.items():
            store.set_answer(hearing_id, field_id, value)
        themes = [theme.id for theme in filled.template.themes]
        at = dt.datetime(2026, 3, 14, 9, 0)
        store.add_event(hearing_id, TimelineEvent("start", at))
        for index in range(entries):
            if index == entries // 2:
                store.add_event(hearing_id, TimelineEvent("suspend", at + dt.timedelta(seconds=30), "repos"))
                at += dt.timedelta(minutes=15)
                store.add_event(hearing_id, TimelineEvent("resume", at))
            at += dt.timedelta(seconds=40)
            question, answer = question_and_answer(rng)
            store.add_entry(hearing_id, themes[index % len(themes)], question, answer, at)
    finally:
        workspace.close()
    return LongHearing(paths, hearing_id, entries)


# --- the 10,000-hearing database -------------------------------------------------------


@dataclass(frozen=True)
class BigDatabase:
    path: Path
    hearings: int
    open_hearing_id: int  # a hearing still in progress, which set_answer may change
    procedure_numbers: list[str]  # a few, to search for
    build_seconds: float  # 0 when it came from the cache


def _digest(hearings: int) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes() + SCHEMA_FILE.read_bytes() + str(hearings).encode())
    return digest.hexdigest()[:16]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_AUDIT_COLUMNS = ("at", "actor", "action", "case_id", "hearing_id", "detail", "prev_hash")


class _Loader:
    """Bulk rows for one connection, with the audit chain kept as the store keeps it."""

    def __init__(self, conn: Any, actor: str):
        self.conn = conn
        self.actor = actor
        self.key = audit.load_key(conn)
        last = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        self.last_id, self.prev_hash = last
        self.audit: list[tuple[Any, ...]] = []

    def log(self, when: str, action: str, case_id: int | None, hearing_id: int | None, **detail: Any) -> None:
        row = {
            "at": when,
            "actor": self.actor,
            "action": action,
            "case_id": case_id,
            "hearing_id": hearing_id,
            "detail": _json(detail),
            "prev_hash": self.prev_hash,
        }
        self.last_id += 1
        row["hash"] = audit.digest(self.key, self.last_id, self.prev_hash, row)
        self.prev_hash = row["hash"]
        self.audit.append(tuple(row[k] for k in (*_AUDIT_COLUMNS, "hash")))

    def flush_audit(self) -> None:
        self.conn.executemany(
            "INSERT INTO audit_log (at, actor, action, case_id, hearing_id, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self.audit,
        )
        self.audit.clear()


def _vary_identity(value: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    return {**value, "nom": rng.choice(SURNAMES).upper(), "prenoms": rng.choice(FIRST_NAMES)}


def _vary_answer(field_id: str, value: Any, rng: random.Random, story: Story) -> Any:
    """The demo's answer, with the free text and the people, places and phones of this story."""
    if isinstance(value, str) and len(value) > 60:
        return text(rng, len(value), story)
    if field_id == "suspects":
        return [
            {"surnom": story.nickname, "nom": "inconnu", "role": text(rng, 80, story),
             "description": text(rng, 100), "telephone": story.phone}
        ]  # fmt: skip
    if field_id == "lieux":
        return [{"type": "hotel", "adresse": f"{story.hotel}, {text(rng, 40)}", "ville": story.city,
                 "periode": "décembre 2025"}]  # fmt: skip
    if field_id == "telephones":
        return [{"numero_ou_compte": story.phone, "utilisateur": story.nickname, "usage": text(rng, 80, story)}]
    return value


def _build(path: Path, hearings: int, say: Any) -> BigDatabase:
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="aa-bench-"))
    try:
        filled = demo(DataPaths(scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    # The schema, the profile and the first audit entry come from the store itself.
    store = Store.open(path, PASSPHRASE)
    store.save_profile(Profile(**filled.investigator))
    actor = store.profile().display
    store.close()

    conn = cipher.connect(path, PASSPHRASE)
    conn.execute("PRAGMA synchronous = OFF")  # a throwaway file being filled: no need to sync each batch
    conn.execute("PRAGMA foreign_keys = ON")
    loader = _Loader(conn, actor)
    rng = random.Random(10_000)
    snapshot = _json(filled.template.source)
    template_id, template_version = filled.template.id, filled.template.version
    subject = filled.template.pv.subject or ""
    themes = [theme.id for theme in filled.template.themes]
    day0 = dt.datetime(2019, 1, 7, 9, 0)
    hearing_id = person_id = case_id = 0
    numbers: list[str] = []
    batch = 250
    conn.execute("BEGIN")
    while hearing_id < hearings:
        case_id += 1
        at = day0 + dt.timedelta(hours=7 * case_id)
        stamp = at.isoformat(timespec="seconds")
        number = f"{at.year}/{case_id:06d}"
        if case_id % 400 == 1:
            numbers.append(number)
        conn.execute(
            "INSERT INTO cases (id, procedure_number, heading, service, qualification, status, export_dir, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)",
            [
                case_id,
                number,
                f"Affaire c/ X : proxénétisme aggravé, {rng.choice(CITIES)}",
                filled.case.get("service", ""),
                "Traite des êtres humains aggravée, proxénétisme aggravé",
                "closed" if case_id % 3 else "open",
                stamp,
                stamp,
            ],
        )
        loader.log(stamp, "case_created", case_id, None, procedure_number=number)
        if case_id % 3:
            loader.log(stamp, "case_status", case_id, None, status="closed")
        for _ in range(min(rng.choice((1, 2, 2, 3, 4)), hearings - hearing_id)):
            hearing_id += 1
            person_id += 1
            identity = _vary_identity(filled.answers.get(subject) or {}, rng)
            story = Story.draw(rng)
            name = f"{identity['nom']} {identity['prenoms']}"
            conn.execute(
                "INSERT INTO persons (id, case_id, display_name, identity, created_at) VALUES (?, ?, ?, ?, ?)",
                [person_id, case_id, name, _json(identity), stamp],
            )
            loader.log(stamp, "person_added", case_id, None, person_id=person_id)
            still_open = hearing_id > hearings - 20
            pv_number = f"{number}/{hearing_id % 100:05d}"
            conn.execute(
                "INSERT INTO hearings (id, case_id, person_id, template_id, template_version, template_snapshot, "
                "pv_number, place, status, current_section, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
                [
                    hearing_id, case_id, person_id, template_id, template_version, snapshot,
                    pv_number, story.city,
                    "in_progress" if still_open else "closed", stamp, stamp,
                ],
            )  # fmt: skip
            loader.log(stamp, "hearing_created", case_id, hearing_id, template=template_id, version=template_version,
                       pv_number=pv_number, place=story.city)  # fmt: skip
            answers = []
            for field_id, value in filled.answers.items():
                value = identity if field_id == subject else _vary_answer(field_id, value, rng, story)
                answers.append((hearing_id, field_id, _json(value), stamp))
                loader.log(stamp, "field_changed", None, hearing_id, field=field_id, old=None, new=value)
            conn.executemany(
                "INSERT INTO answers (hearing_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)", answers
            )
            moment = at
            conn.execute(
                "INSERT INTO timeline_events (hearing_id, kind, at, reason, detail) VALUES (?, 'start', ?, '', '')",
                [hearing_id, moment.isoformat(timespec="seconds")],
            )
            loader.log(stamp, "hearing_start", None, hearing_id, at=moment.isoformat())
            entries = []
            for position in range(1, BIG_ENTRIES_PER_HEARING + 1):
                moment += dt.timedelta(minutes=3)
                question, answer = question_and_answer(rng, story)
                when = moment.isoformat(timespec="seconds")
                entries.append((hearing_id, position, themes[position % len(themes)], question, answer, when, when))
            conn.executemany(
                "INSERT INTO transcript_entries (hearing_id, position, theme, question, answer, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                entries,
            )
            first = conn.execute("SELECT last_insert_rowid()").fetchone()[0] - len(entries) + 1
            for offset, entry in enumerate(entries):
                loader.log(entry[5], "entry_added", None, hearing_id, entry=first + offset, theme=entry[2],
                           question=entry[3], answer=entry[4])  # fmt: skip
            if not still_open:
                end = (moment + dt.timedelta(minutes=5)).isoformat(timespec="seconds")
                conn.execute(
                    "INSERT INTO timeline_events (hearing_id, kind, at, reason, detail) VALUES (?, 'end', ?, '', '')",
                    [hearing_id, end],
                )
                loader.log(end, "hearing_end", None, hearing_id, at=end)
            if hearing_id % batch == 0:
                loader.flush_audit()
                conn.execute("COMMIT")
                conn.execute("BEGIN")
                if hearing_id % 2000 == 0:
                    say(f"  {hearing_id} hearings written ({time.monotonic() - started:.0f} s)")
    loader.flush_audit()
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA optimize")
    conn.close()
    return BigDatabase(path, hearings, hearings, numbers, time.monotonic() - started)


def big_database(hearings: int = BIG_HEARINGS, say: Any = print) -> BigDatabase:
    """The cached database of ``hearings`` hearings, built first when missing or outdated."""
    folder = CACHE / f"big-{hearings}-{_digest(hearings)}"
    path = folder / "audition-assistant.db"
    meta = folder / "meta.json"
    if meta.exists() and path.exists():
        info = json.loads(meta.read_text(encoding="utf-8"))
        return BigDatabase(path, hearings, info["open_hearing_id"], info["procedure_numbers"], 0.0)
    for old in CACHE.glob(f"big-{hearings}-*"):
        shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    say(f"building the {hearings}-hearing database in {folder.relative_to(ROOT)} (cached for the next runs)")
    built = _build(path, hearings, say)
    meta.write_text(
        _json({"open_hearing_id": built.open_hearing_id, "procedure_numbers": built.procedure_numbers}),
        encoding="utf-8",
    )
    return built


def main_on_long_hearing(
    argv: list[str], prog: str, doc: str, bench: Callable[[LongHearing, int], list[Any]], runs_help: str
) -> int:
    """A benchmark run on its own: a fresh long hearing, ``bench`` on it, its table and notes printed."""
    from common import table

    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help=runs_help)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aa-bench-") as tmp:
        long = long_hearing(Path(tmp) / "data", LONG_HEARING_ENTRIES)
        rows = bench(long, args.runs)
        print(table(rows))
        print("\n".join(row.note for row in rows))
    return 0
