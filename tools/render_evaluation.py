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

from audition_assistant.core.evaluation import build_evaluation
from audition_assistant.core.export.evaluation import render_evaluation
from audition_assistant.core.hearing_service import HearingService
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store.records import EvaluationNotes, HearingPlan, Profile
from audition_assistant.core.store.store import Store
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "rendu-evaluation.png"
ENTRIES = [
    (
        "Racontez-moi ce qui vous amène aujourd'hui.",
        "Une amie, Dorina, m'a appelée sur mon téléphone pour un travail dans un restaurant à Lyon. "
        "J'habitais dans un appartement avec trois autres filles.",
    ),
    ("Où se trouvait l'appartement ?", "Près de la gare de Lyon-Perrache."),
    ("Il vous a bien pris votre passeport, n'est-ce pas ?", "Oui."),
    ("Aviez-vous encore votre téléphone à l'appartement ?", "Non, Dorina me l'avait pris le premier soir."),
    ("Dites-m'en plus sur l'appartement.", "Nous n'avions pas les clés ; un homme venait chercher l'argent."),
]
# The elements the investigator tagged (references.yaml keys) and the entries (by their index in ENTRIES).
TAGS = (("cp-225-4-1.acte", 0), ("cp-225-4-1.acte", 1), ("cp-225-4-1.moyen", 3), ("cp-225-5.profit", 4))


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data")
        paths.ensure()
        start = dt.datetime(2026, 3, 14, 9, 30).astimezone()
        store = Store.open(paths.database, "une phrase secrète pour le rendu", clock=lambda: start)
        try:
            store.save_profile(Profile(nom="Lefèvre", prenom="Camille", grade="Capitaine de police", qualite="OPJ"))
            workspace = Workspace(paths, store)
            qualification = "art. 225-4-1 et 225-5 du code pénal"
            case_id = store.create_case("2026/000900", "Affaire c/ X", qualification=qualification)
            person_id = store.add_person(case_id, {"nom": "Popescu", "prenoms": "Ioana Maria"})
            template = workspace.catalog.get("audition-victime-majeure")
            hearing_id = workspace.start_hearing(case_id, person_id, template)
            store.add_event(hearing_id, TimelineEvent("start", start))
            ids = [store.add_entry(hearing_id, None, q, a) for q, a in ENTRIES]
            plan = store.save_plan(
                hearing_id,
                HearingPlan(
                    objectives=("Établir le trajet depuis Craiova", "Identifier le logeur"),
                    elements=("cp-225-4-1.moyen", "Les conditions de travail"),
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
            for key, index in TAGS:
                store.tag_element(hearing_id, key, entry_id=ids[index])
            facts = HearingService(workspace, hearing_id).evaluation_facts()
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
