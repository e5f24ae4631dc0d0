"""The bundled templates' texts keep a « and its word together, as the window wraps them anywhere."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from audition_assistant.core import resources


def strings(node: Any, where: str = ""):
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, f"{where}[{index}]")


@pytest.mark.parametrize("file", resources.listing("templates", ".yaml"), ids=lambda f: f.name)
def test_guillemets_hold_their_words_with_no_break_spaces(file):
    loose = [
        f"{where}: {text!r}"
        for where, text in strings(yaml.safe_load(file.read_text(encoding="utf-8")))
        if "« " in text or " »" in text or "«\n" in text or "\n»" in text
    ]
    assert not loose, "an ordinary space inside « »; type a no-break space (U+00A0):\n" + "\n".join(loose)
