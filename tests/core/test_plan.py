"""The hearing plan and the evaluation notes in the store: round trip, audit, closed hearings, purge, case archives."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, Clock
from tests.hearings import make_hearing

from audition_assistant.core import archive
from audition_assistant.core.hearing_service import HearingService
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import NotFound, Store, StoreError
from audition_assistant.core.store.records import EvaluationNotes, HearingPlan
from audition_assistant.core.timeline import TimelineEvent
from audition_assistant.core.workspace import Workspace

PLAN = HearingPlan(
    objectives=("Établir la chronologie du recrutement", "  ", "Établir la chronologie du recrutement"),
    elements=("cp-225-4-1.moyen", "Conditions de logement"),
    known_facts=("Le passeport est gardé par un tiers",),
    welfare=("Repas à midi", "Garde de l'enfant par la sœur"),
    interpreter_language="roumain",
    interpreter_name="Mme Ilinca Voda",
    special_measures=("Salle d'audition adaptée",),
    breaks=("Pause vers 11 h",),
)
NOTES = EvaluationNotes(
    covered="Le recrutement à Craiova et le trajet jusqu'à Lyon.",
    follow_up=("Réquisition à l'opérateur", "", "Orientation vers Ac.Sé"),
    remarks="Audition à poursuivre après repos.",
)


def _close(workspace: Workspace, hearing_id: int, clock: Clock) -> None:
    workspace.store.add_event(hearing_id, TimelineEvent("start", clock()))
    clock.advance(minutes=40)
    workspace.store.add_event(hearing_id, TimelineEvent("end", clock()))


def test_the_plan_and_the_evaluation_come_back_as_saved_with_their_audit_entries(workspace: Workspace):
    store = workspace.store
    hearing_id = make_hearing(workspace)
    assert store.hearing_status(hearing_id) == "draft"  # written before the hearing starts
    assert store.plan(hearing_id) is None and store.evaluation(hearing_id) is None

    saved = store.save_plan(hearing_id, PLAN)

    assert saved.objectives == ("Établir la chronologie du recrutement",)  # blank and repeated lines dropped
    assert saved.elements == PLAN.elements and saved.welfare == PLAN.welfare
    assert (saved.interpreter_language, saved.interpreter_name) == ("roumain", "Mme Ilinca Voda")
    assert store.plan(hearing_id) == saved and saved.checked == () and saved.updated_at
    items = saved.items()
    assert [(i.kind, i.text) for i in items] == [
        ("objectives", "Établir la chronologie du recrutement"),
        ("elements", "cp-225-4-1.moyen"),
        ("elements", "Conditions de logement"),
        ("breaks", "Pause vers 11 h"),
    ]

    store.check_plan_item(hearing_id, items[1].key, True)
    store.check_plan_item(hearing_id, items[3].key, True)
    store.check_plan_item(hearing_id, items[3].key, False)
    assert [i.done for i in store.plan(hearing_id).items()] == [False, True, False, False]

    # Saved again with a line removed and one added: the tick of the kept item stays.
    again = store.save_plan(hearing_id, HearingPlan(objectives=("Nouvel objectif",), elements=PLAN.elements))
    assert [(i.text, i.done) for i in again.items()] == [
        ("Nouvel objectif", False),
        ("cp-225-4-1.moyen", True),
        ("Conditions de logement", False),
    ]
    assert again.known_facts == () and again.interpreter_language == ""

    notes = store.save_evaluation(hearing_id, NOTES)
    assert notes.follow_up == ("Réquisition à l'opérateur", "Orientation vers Ac.Sé")
    assert store.evaluation(hearing_id) == notes and notes.covered == NOTES.covered

    entries = store.audit_entries(hearing_id)
    actions = [e.action for e in entries]
    assert actions.count("plan_saved") == 2 and actions.count("plan_item_checked") == 3
    assert actions.count("evaluation_saved") == 1
    first = next(e for e in entries if e.action == "plan_saved")
    assert first.detail["welfare"] == list(PLAN.welfare) and first.case_id == store.hearing(hearing_id).case_id
    ticked = [e.detail for e in entries if e.action == "plan_item_checked"]
    assert ticked[0] == {"item": "cp-225-4-1.moyen", "list": "elements", "done": True}
    assert ticked[2]["done"] is False
    assert next(e for e in entries if e.action == "evaluation_saved").detail["remarks"] == NOTES.remarks
    verified = store.verify_audit(replay=True)
    assert verified.ok, verified.problems


def test_ticking_without_a_plan_or_an_item_gone_is_refused_in_french(workspace: Workspace):
    store = workspace.store
    hearing_id = make_hearing(workspace)
    with pytest.raises(StoreError, match="pas de plan"):
        store.check_plan_item(hearing_id, "objectives:Rien", True)
    store.save_plan(hearing_id, PLAN)
    with pytest.raises(StoreError, match="ne figure plus dans le plan"):
        store.check_plan_item(hearing_id, "objectives:Un autre", True)
    with pytest.raises(NotFound):
        store.save_plan(9999, PLAN)
    with pytest.raises(NotFound):
        store.save_evaluation(9999, NOTES)


def test_a_closed_hearing_takes_its_plan_ticks_and_evaluation_though_its_pv_is_signed(
    workspace: Workspace, clock: Clock
):
    store = workspace.store
    hearing_id = make_hearing(workspace)
    store.save_plan(hearing_id, PLAN)
    _close(workspace, hearing_id, clock)
    assert store.hearing_status(hearing_id) == "closed"
    with pytest.raises(StoreError, match="close"):  # the PV's content stays refused
        store.add_entry(hearing_id, None, "Question ?", "Réponse.")

    key = store.plan(hearing_id).items()[0].key
    store.check_plan_item(hearing_id, key, True)
    store.save_plan(hearing_id, PLAN)
    store.save_evaluation(hearing_id, NOTES)

    assert store.plan(hearing_id).items()[0].done
    assert store.evaluation(hearing_id).remarks == NOTES.remarks
    assert store.verify_audit(replay=True).ok


def test_a_case_handed_over_takes_no_note(workspace: Workspace, tmp_path: Path):
    store = workspace.store
    hearing_id = make_hearing(workspace)
    store.save_plan(hearing_id, PLAN)
    case_id = store.hearing(hearing_id).case_id
    workspace.export_archive(case_id, tmp_path / "dossier.age", "une phrase pour l'archive", then=archive.HAND_OVER)
    for write in (
        lambda: store.save_plan(hearing_id, PLAN),
        lambda: store.save_evaluation(hearing_id, NOTES),
        lambda: store.check_plan_item(hearing_id, store.plan(hearing_id).items()[0].key, True),
    ):
        with pytest.raises(StoreError, match="transmis"):
            write()


def test_the_service_saves_and_ticks_through_the_store(workspace: Workspace):
    hearing_id = make_hearing(workspace)
    service = HearingService(workspace, hearing_id)
    plan = service.save_plan(PLAN)
    service.check_plan_item(plan.items()[0].key, True)
    service.save_evaluation(NOTES)
    assert service.plan().items()[0].done and service.evaluation().covered == NOTES.covered
    assert service.evaluation_folder() == workspace.export_folder(hearing_id)


def test_a_purge_erases_the_plan_and_the_evaluation(workspace: Workspace):
    store = workspace.store
    hearing_id = make_hearing(workspace)
    store.save_plan(hearing_id, PLAN)
    store.save_evaluation(hearing_id, NOTES)
    case_id = store.hearing(hearing_id).case_id
    other = make_hearing(workspace, procedure="2026/000901")
    store.save_plan(other, HearingPlan(objectives=("Autre dossier",)))

    report = workspace.purge_case(case_id)

    assert report.counts["hearing_plans"] == 1 and report.counts["hearing_evaluations"] == 1
    assert store.plan(hearing_id) is None and store.evaluation(hearing_id) is None
    assert store.plan(other) is not None and store.plan(other).objectives == ("Autre dossier",)
    blanked = {e.action for e in store.audit_entries() if e.purged}
    assert {"plan_saved", "evaluation_saved"} <= blanked
    assert store.verify_audit(replay=True).ok


@pytest.fixture
def receiver(tmp_path: Path, investigator):
    paths = DataPaths(tmp_path / "poste-2")
    paths.ensure()
    store = Store.open(paths.database, PASSPHRASE, clock=Clock())
    store.save_profile(investigator)
    yield Workspace(paths, store)
    store.close()


def test_a_case_archive_carries_the_plan_its_ticks_and_the_evaluation(
    workspace: Workspace, receiver: Workspace, tmp_path: Path
):
    store = workspace.store
    hearing_id = make_hearing(workspace)
    plan = store.save_plan(hearing_id, PLAN)
    store.check_plan_item(hearing_id, plan.items()[2].key, True)
    store.save_evaluation(hearing_id, NOTES)
    bare = make_hearing(workspace, procedure="2026/000902")  # a hearing without notes comes without them
    out = tmp_path / "dossier.age"
    workspace.export_archive(store.hearing(hearing_id).case_id, out, "une phrase pour l'archive")
    workspace.export_archive(store.hearing(bare).case_id, tmp_path / "nu.age", "une phrase pour l'archive")
    assert b"Craiova" not in out.read_bytes()

    imported = receiver.import_archive(out, "une phrase pour l'archive")
    bare_imported = receiver.import_archive(tmp_path / "nu.age", "une phrase pour l'archive")

    new_id = imported.hearing_ids[0]
    sent, came = store.plan(hearing_id), receiver.store.plan(new_id)
    assert came is not None and sent is not None
    assert (came.items(), came.welfare, came.known_facts) == (sent.items(), sent.welfare, sent.known_facts)
    got = receiver.store.evaluation(new_id)
    assert got is not None and (got.covered, got.follow_up, got.remarks) == (
        NOTES.covered,
        ("Réquisition à l'opérateur", "Orientation vers Ac.Sé"),
        NOTES.remarks,
    )
    recorded = {e.action: e.detail for e in receiver.store.audit_entries(new_id)}
    assert recorded["plan_saved"]["recu_par_archive"] is True
    assert recorded["evaluation_saved"]["covered"] == NOTES.covered
    assert receiver.store.plan(bare_imported.hearing_ids[0]) is None
    assert receiver.store.verify_audit(replay=True).ok
