"""Every field type a template may declare has a value check, a rendering and a widget; none has more.

The types are declared once (``core/templates/fieldtypes.FIELD_TYPES``); the
validator, the value checks, the PV and the form's widget factory each keep
their own table or branches by type. A type added to one and not the others
is caught here, with a value of each type taken through all of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from audition_assistant.core.engine import HearingView
from audition_assistant.core.export.pv import field_lines
from audition_assistant.core.templates import fieldtypes, validate
from audition_assistant.core.templates.fieldtypes import FIELD_TYPES, GROUP_MEMBER_TYPES, coerce, display
from audition_assistant.ui import fields, section_form

# One answer of each type, for the small test template's field of that type.
ANSWERS = {
    "text": ("juge", "Mme Aubert, TJ de Lyon"),
    "long_text": ("notes", "Elle parle lentement.\nElle demande une pause."),
    "date": ("arrivee", "2025-11-03"),
    "time": ("heure_arrivee", "21:05"),
    "integer": ("nb_clients", 12),
    "yes_no": ("droits", False),
    "choice": ("cadre", "preliminaire"),
    "multi_choice": ("lieux", ["hotel", "appartement"]),
    "identity": ("victime", {"nom": "Rivera", "prenoms": "Lucía Andrea", "date_naissance": "1998-05-02"}),
    "group": ("suspects", [{"surnom": "El Flaco", "role": "recruteur"}, {"surnom": "Tito"}]),
    "checklist": ("indicateurs", ["papiers_confisques", "argent_remis"]),
}


def test_the_registries_by_type_hold_the_declared_types_and_no_other():
    declared = set(FIELD_TYPES)
    assert set(ANSWERS) == declared  # a new type needs a field in the small template and an answer here
    assert set(fieldtypes._CHECKERS) == declared  # the value checks
    assert set(fields.FACTORY) == declared  # the form's widgets
    assert declared > GROUP_MEMBER_TYPES
    assert declared >= section_form.FULL_WIDTH
    assert set(validate.DERIVED_TYPES.values()) <= declared
    assert set(validate.PV_ROLES.values()) <= declared
    assert {part.type for part in fieldtypes.IDENTITY_PARTS} <= GROUP_MEMBER_TYPES


def _type_names_in_branches(tree: ast.AST) -> set[str]:
    """Strings compared with a ``.type`` (``f.type == "x"``, ``in ("x", "y")``, ``case "x":``)."""
    names: set[str] = set()

    def strings(node: ast.AST) -> set[str]:
        return {c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)}

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "type":
            for comparator in node.comparators:
                names |= strings(comparator)
        elif isinstance(node, ast.Match) and isinstance(node.subject, ast.Attribute) and node.subject.attr == "type":
            for case in node.cases:
                names |= strings(case.pattern)
    return names


def test_the_branches_by_type_name_only_declared_types():
    """A type tested in code (engine, PV, review...) but never declared would be a typo or a leftover."""
    source = Path(fields.__file__).parents[1]
    named = set().union(
        *(_type_names_in_branches(ast.parse(p.read_text(encoding="utf-8"))) for p in source.rglob("*.py"))
    )
    assert {"identity", "checklist", "age"} <= named  # the branches were found
    assert named - set(FIELD_TYPES) - set(validate.DERIVED_TYPES) == set()


@pytest.mark.parametrize("type_name", sorted(FIELD_TYPES))
def test_each_type_is_checked_rendered_and_edited(qtbot, template, type_name):
    field_id, answer = ANSWERS[type_name]
    field = template.field(field_id)
    assert field.type == type_name
    assert coerce(field, answer) == answer
    assert display(field, answer).strip()
    lines = field_lines(HearingView(template, {field_id: answer}), field)
    assert lines and all(label or text for _, label, text in lines)
    editor = fields.create_editor(field)
    qtbot.addWidget(editor)
    editor.set_value(answer)
    assert editor.value() == answer


def test_a_group_editor_is_placed_as_any_widget_and_reorders_its_items_with_its_buttons(qtbot, template):
    editor = fields.create_editor(template.field("suspects"))
    qtbot.addWidget(editor)
    editor.set_value([{"surnom": "El Flaco"}, {"surnom": "Tito"}])
    editor.move(10, 20)  # QWidget.move, which Qt and layouts rely on
    assert (editor.pos().x(), editor.pos().y()) == (10, 20)
    assert editor.value() == [{"surnom": "El Flaco"}, {"surnom": "Tito"}]
    editor.findChild(QPushButton, "up_suspects_1").click()
    assert editor.value() == [{"surnom": "Tito"}, {"surnom": "El Flaco"}]
