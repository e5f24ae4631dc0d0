"""Shared fixtures: offscreen Qt, a fresh data folder per test, a small template."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import datetime as dt
import json
import socket
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

from audition_assistant.core import answers_file, resources
from audition_assistant.core.export.models import available_models
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.references import load_references
from audition_assistant.core.store import Profile, Store, keyring
from audition_assistant.core.templates.validate import validate
from audition_assistant.core.workspace import Workspace

PASSPHRASE = "correct horse battery staple"
# Argon2 at its cheapest: a slot records its parameters, so what the tests make opens as fast everywhere.
CHEAP_ARGON2 = keyring.Argon2Cost(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "ARGON2", CHEAP_ARGON2)


# Property-based tests run a fixed, bounded number of examples, the same ones
# on every run (derandomize), and keep no example database between runs.
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
settings.load_profile("ci")

SMALL_TEMPLATE = textwrap.dedent(
    """\
    format: 1
    id: essai
    version: "1.0"
    title: Audition d'essai
    kind: audition
    audience: any
    description: Modèle réduit pour les tests.
    references: [cpp-10-2]
    pv: {subject: victime, framework: cadre, interpreter: interprete, reading: lecture, signature: signature}
    derived:
      - {id: age, type: age, of: victime.date_naissance}
      - {id: mineure, type: is_minor, of: victime.date_naissance}
      - {id: etrangere, type: is_foreign, of: victime.nationalite}
    sections:
      - id: cadre_s
        title: Cadre
        guidance: Préciser le cadre.
        fields:
          - id: cadre
            type: choice
            label: Cadre de l'enquête
            required: true
            options:
              - {value: flagrance, label: Flagrance}
              - {value: preliminaire, label: Préliminaire}
              - {value: commission_rogatoire, label: Commission rogatoire}
          - id: juge
            type: text
            label: Juge d'instruction
            show_if: {field: cadre, equals: commission_rogatoire}
      - id: identite
        title: Identité
        guidance: Identité complète.
        fields:
          - {id: victime, type: identity, label: Personne entendue, required: true}
          - id: droits
            type: yes_no
            label: Droits notifiés
            required: true
            mention: "avons notifié à la personne entendue ses droits (art. 10-2 CPP)."
      - id: interpretation
        title: Interprète
        guidance: ""
        fields:
          - {id: interprete_present, type: yes_no, label: Interprète présent}
          - id: interprete
            type: identity
            label: Interprète
            parts: [nom, prenoms, langues]
            show_if: {field: interprete_present, equals: true}
      - id: etranger
        title: Victime étrangère
        guidance: Informer selon R.425-1.
        show_if: {field: etrangere, equals: true}
        fields:
          - id: delai_reflexion
            type: yes_no
            label: Délai de réflexion de 30 jours indiqué
            required: true
      - id: mineur
        title: Mineur
        guidance: Basculer sur le modèle mineur.
        show_if: {field: mineure, equals: true}
        fields:
          - {id: mineur_vu, type: yes_no, label: Pris en compte}
      - id: details
        title: Détails
        guidance: ""
        fields:
          - id: suspects
            type: group
            label: Mis en cause
            item_label: Mis en cause
            fields:
              - {id: surnom, type: text, label: Surnom}
              - {id: role, type: choice, label: Rôle, options: [recruteur, logeur]}
          - id: indicateurs
            type: checklist
            label: Indicateurs
            categories:
              - id: controle
                label: Contrôle
                items:
                  - {id: papiers_confisques, label: Papiers confisqués}
                  - {id: argent_remis, label: Gains remis à un tiers}
          - {id: nb_clients, type: integer, label: Clients par jour, min: 0, max: 100}
          - {id: heure_arrivee, type: time, label: Heure d'arrivée}
          - {id: arrivee, type: date, label: Date d'arrivée}
          - {id: lieux, type: multi_choice, label: Lieux, options: [hotel, appartement]}
          - {id: notes, type: long_text, label: Observations}
      - id: cloture
        title: Clôture
        guidance: ""
        fields:
          - id: lecture
            type: choice
            label: Lecture
            options:
              - {value: par_elle_meme, label: Par elle-même}
              - {value: par_interprete, label: Par l'interprète}
          - id: signature
            type: choice
            label: Signature
            options:
              - {value: signe, label: Signe}
              - {value: refuse_de_signer, label: Refuse de signer}
    transcript:
      themes:
        - id: recit
          title: Récit libre
          guidance: Laisser parler.
          questions: ["Racontez-moi ce qui s'est passé."]
        - id: recrutement
          title: Recrutement
          guidance: ""
          questions: ["Comment avez-vous rencontré cette personne ?"]
    documents:
      - {id: pv, title: Procès-verbal d'audition, model: pv_audition}
      - id: pv-etranger
        title: Copie pour la victime étrangère
        model: pv_audition
        when: {field: etrangere, equals: true}
    """
)


def _build(raw: dict):
    return validate(raw, "essai.yaml", known_references=load_references(), known_models=available_models())


@pytest.fixture
def small_raw() -> dict:
    """A fresh mapping of the small template, for a test to alter."""
    return yaml.safe_load(SMALL_TEMPLATE)


@pytest.fixture
def build_template():
    """Validate a template mapping against the real references and models."""
    return _build


@pytest.fixture
def template(small_raw):
    return _build(small_raw)


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    return paths


class Clock:
    """A controllable clock: tests decide what time it is (local time with its offset, as the store's)."""

    def __init__(self, start: dt.datetime = dt.datetime(2026, 3, 14, 9, 0)):
        self.now = start.astimezone()

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: int) -> dt.datetime:
        self.now = (self.now + dt.timedelta(**delta)).astimezone()
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


class ComputerClock:
    """What the computer's clock reads as ``datetime.now()`` does: local wall time, naive.

    In the hour lived twice when summer time ends, ``fold`` says which of the
    two it is, as Python sets it; the time itself moves as real time does.
    """

    def __init__(self, utc: dt.datetime):
        self.utc = utc

    def __call__(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.utc.timestamp())

    def advance(self, **delta: int) -> dt.datetime:
        self.utc += dt.timedelta(**delta)
        return self()


@pytest.fixture
def computer_clock(paris):
    """``computer_clock(utc)``: a ComputerClock at that instant, on French local time."""
    return ComputerClock


@pytest.fixture
def paris():
    """The test process on French local time (Europe/Paris, summer time included), restored afterwards."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Paris"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def investigator() -> Profile:
    """The (invented) investigator who writes the test hearings."""
    return Profile(
        nom="Lefèvre",
        prenom="Camille",
        grade="Capitaine de police",
        qualite="OPJ",
        service="Brigade de protection des familles",
        unite="Groupe traite",
    )


@pytest.fixture
def store(data_paths: DataPaths, clock: Clock, investigator: Profile):
    s = Store.open(data_paths.database, PASSPHRASE, clock=clock)
    s.save_profile(investigator)
    yield s
    s.close()


@pytest.fixture
def workspace(data_paths: DataPaths, store: Store):
    ws = Workspace(data_paths, store)
    yield ws


@pytest.fixture
def fill_demo(workspace: Workspace, tmp_path: Path):
    """Fill a bundled demo hearing, some answers changed, and export its documents.

    ``fill_demo("audition-victime-majeure", plainte_heure=None, victim={"sexe": "masculin"})``:
    an answer set to None is removed, ``victim`` parts are merged into the
    person heard. Returns (hearing id, exported files by document id).
    """
    count = 0

    def filled(demo: str, victim: dict[str, Any] | None = None, **changes: Any) -> tuple[int, dict[str, Any]]:
        nonlocal count
        count += 1
        raw = json.loads(resources.read_text("demo", f"{demo.removesuffix('.json')}.json"))
        for key, value in changes.items():
            if value is None:
                raw["answers"].pop(key, None)
            else:
                raw["answers"][key] = value
        if victim:
            raw["answers"]["victime"] = dict(raw["answers"]["victime"], **victim)
        path = tmp_path / f"demo-{count}.json"
        path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        hearing_id, files = workspace.fill(answers_file.read(path, workspace.catalog), tmp_path / f"demo-{count}")
        return hearing_id, {f.document_id: f for f in files}

    return filled


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything tries to resolve a name or open a network connection.

    Attempts are also recorded and checked at the end, so that code catching
    every exception (the CLI's last guard, a worker thread) cannot hide one.
    """
    attempts: list[str] = []

    def refuse(name: str):
        def refused(*args, **kwargs):
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise AssertionError(f"network access attempted: {attempts[-1]}")

        return refused

    for owner, name in ((socket.socket, "connect"), (socket.socket, "connect_ex")):
        monkeypatch.setattr(owner, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    yield attempts
    assert attempts == [], attempts
