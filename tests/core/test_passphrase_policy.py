"""The passphrase policy: what a new database accepts, from the window and from the command line alike."""

from __future__ import annotations

import pytest

from audition_assistant.core.passphrase_policy import MIN_LENGTH, problem


@pytest.mark.parametrize(
    ("passphrase", "said"),
    [
        ("a", "trop courte"),
        ("aaaaaaaaaa", "trop courte"),
        ("aaaaaaaaaaaaaaaa", "répète"),
        ("abcabcabcabcabc", "répète"),
        ("azertyuiopqsdf", "suite de touches"),
        ("1234567890123", "suite de touches"),
        ("abcdefghijklmnop", "suite de touches"),
        ("motdepasse2026", "«\u00a0motdepasse\u00a0»"),
        ("M0tDeP@sse2026!", "«\u00a0motdepasse\u00a0»"),
        ("gendarmerie2026", "«\u00a0gendarmerie\u00a0»"),
        ("Police nationale", "«\u00a0police\u00a0»"),
        ("AuditionAssistant", "«\u00a0audition"),
        ("jxqvrtpmwkzl", "trop faible"),
    ],
)
def test_weak_passphrases_are_refused_with_a_french_reason(passphrase, said):
    reason = problem(passphrase)
    assert reason is not None and said in reason
    assert reason.startswith("Phrase secrète") and reason.endswith(".")
    assert " :" not in reason and "« " not in reason and " »" not in reason  # no-break spaces, as French sets them


@pytest.mark.parametrize(
    "passphrase",
    [
        "correct horse battery staple",
        "une phrase secrète de test",
        "lapin bleu dort tard",
        "kX9#mP2$vL4q",
        "Un-Deux-3-quatre",
        "王芳 说 我很害怕 今天",
    ],
)
def test_long_or_varied_passphrases_pass(passphrase):
    assert problem(passphrase) is None


def test_the_minimum_length_is_said_in_the_message():
    assert f"au moins {MIN_LENGTH} caractères" in (problem("x" * (MIN_LENGTH - 1)) or "")
