"""Render page 1 of a fictional hearing's evaluation document as docs/rendu-evaluation.png (needs pdftoppm).

The hearing, its plan and its notes are invented; the question types come from the classifier as it is, so run
this again when the classifier changes: ``.venv/bin/python tools/render_evaluation.py``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from audition_assistant.core.elements import Element, ElementCoverage
from audition_assistant.core.evaluation import build_evaluation, read_facts
from audition_assistant.core.export.evaluation import render_evaluation
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store.records import EvaluationNotes, HearingPlan, Profile
from audition_assistant.core.store.store import Store
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "rendu-evaluation.png"
ENTRIES = [
    ("Racontez-moi comment vous êtes arrivée à Lyon.", "Une amie, Dorina, m'a proposé un travail dans un restaurant."),
    ("Où habitiez-vous à Lyon ?", "Dans un appartement près de la gare, avec trois autres filles."),
    ("Il vous a bien pris votre passeport, n'est-ce pas ?", "Oui."),
    ("Aviez-vous un téléphone ?", "Non, il me l'avait pris."),
    ("Dites-m'en plus sur l'appartement.", "Nous n'avions pas les clés."),
]
ACT = Element("cp-225-4-1.acte", "cp-225-4-1", "Acte (recrutement, transport, hébergement…)")
MEANS = Element("cp-225-4-1.moyen", "cp-225-4-1", "Moyen (menace, contrainte, violence…)")
PURPOSE = Element("cp-225-4-1.but", "cp-225-4-1", "But d'exploitation")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data")
        paths.ensure()
        start = dt.datetime(2026, 3, 14, 9, 30).astimezone()
        store = Store.open(paths.database, "une phrase secrète pour le rendu", clock=lambda: start)
        try:
            store.save_profile(Profile(nom="Lefèvre", prenom="Camille", grade="Capitaine de police", qualite="OPJ"))
            workspace = Workspace(paths, store)
            case_id = store.create_case("2026/000900", "Affaire c/ X")
            person_id = store.add_person(case_id, {"nom": "Popescu", "prenoms": "Ioana Maria"})
            template = workspace.catalog.get("audition-victime-majeure")
            hearing_id = workspace.start_hearing(case_id, person_id, template)
            store.add_event(hearing_id, TimelineEvent("start", start))
            ids = [store.add_entry(hearing_id, None, q, a) for q, a in ENTRIES]
            plan = store.save_plan(
                hearing_id,
                HearingPlan(
                    objectives=("Établir le trajet depuis Craiova", "Identifier le logeur"),
                    elements=(MEANS.key, "Les conditions de travail"),
                    known_facts=("Le passeport retenu par le logeur",),
                    welfare=("Repas à midi",),
                    interpreter_language="roumain",
                    breaks=("Pause à 11 h",),
                ),
            )
            store.check_plan_item(hearing_id, plan.items()[0].key, True)
            store.save_evaluation(
                hearing_id,
                EvaluationNotes(
                    covered="Le recrutement et le logement ; le travail lui-même reste à entendre.",
                    follow_up=("Réquisition à l'opérateur téléphonique", "Entendre Dorina"),
                    remarks="Une question suggestive sur le passeport : à reformuler la prochaine fois.",
                ),
            )
            coverage = [ElementCoverage(ACT, (ids[0], ids[1])), ElementCoverage(MEANS), ElementCoverage(PURPOSE)]
            facts = read_facts(store, hearing_id, coverage)
        finally:
            store.close()
        [pdf] = render_evaluation(build_evaluation(facts), facts.procedure_number, ("pdf",))
        source = Path(folder) / "evaluation.pdf"
        source.write_bytes(pdf.data)
        subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile", str(source),
                        str(OUT.with_suffix(""))], check=True)  # fmt: skip
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
