"""French spell-checking: which words are flagged, offline, and the personal dictionary in the store."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audition_assistant.core import spelling
from audition_assistant.core.spelling import FrenchChecker, misspellings, words
from audition_assistant.core.store import Store
from audition_assistant.core.store.errors import StoreError

PASSPHRASE = "correct horse battery staple"  # the store fixture's
ANSWER = (
    "Je suis arrivée en France au mois de mars avec une femme qui m'avait promis un travail. "
    "Aujourd'hui je sais qu'elle mentait, c'est-à-dire qu'elle savait tout. L'interprète m'a lu mes droits. "
    "Nous avons pris l'avion à Bogotá puis un train jusqu'à Lyon ; elle gardait mon passeport. "
)


class Known:
    """A checker over a fixed word list, to test the rules without a dictionary."""

    available = True
    problem = ""

    def __init__(self, *known: str):
        self.known = set(known)

    def load(self) -> bool:
        return True

    def use(self, personal) -> None:
        pass

    def correct(self, word: str) -> bool:
        return word.lower() in self.known

    def suggestions(self, word: str) -> list[str]:
        return []

    def add(self, word: str) -> None:
        self.known.add(word)

    def ignore(self, word: str) -> None:
        self.known.add(word)


@pytest.fixture(scope="module")
def french() -> FrenchChecker:
    checker = FrenchChecker()
    assert checker.load(), checker.problem
    return checker


def flagged(checker, text: str) -> list[str]:
    return [w.text for w in misspellings(checker, text)]


def test_words_keep_elisions_and_compounds_whole_and_skip_numbers_and_addresses():
    text = "L'interprète, aujourd'hui, c'est-à-dire le 14/03/2010 (706-52), au 3e, écrit à jean.dupont@exemple.fr"
    assert [w.text for w in words(text)] == ["L'interprète", "aujourd'hui", "c'est-à-dire", "le", "au", "écrit", "à"]
    first = next(words("  l’avion"))
    assert (first.start, first.end, first.text) == (2, 9, "l’avion")


def test_capitals_inside_a_sentence_are_names_but_a_sentence_start_is_checked():
    checker = Known("la", "mère", "de", "est", "venue")
    assert flagged(checker, "La mère de Nayeli RESTREPO est venue.") == []
    assert flagged(checker, "Mrè est venue. Mrè est venue ! « Mrè est venue »") == ["Mrè", "Mrè", "Mrè"]
    assert flagged(checker, "la mrè") == ["mrè"]


def test_a_checker_without_dictionary_flags_nothing():
    class Missing(Known):
        available = False

    assert flagged(Missing(), "temprament") == []


def test_the_french_dictionary_accepts_correct_french_and_flags_a_typo(french):
    assert flagged(french, "Un tempérament calme.") == []
    assert flagged(french, "Un temprament calme.") == ["temprament"]
    for word in ("aujourd'hui", "aujourd’hui", "l'interprète", "l’interprète", "c'est-à-dire", "proxénétisme"):
        assert french.correct(word), word
    assert flagged(french, ANSWER) == []
    assert flagged(french, "Elle habite chez Nayeli Restrepo Garcia à Medellín.") == []


def test_suggestions_propose_the_right_word(french):
    assert "tempérament" in french.suggestions("temprament")


def test_a_missing_dictionary_degrades_to_a_french_note(capsys):
    checker = FrenchChecker("xx_XX")
    assert not checker.load()
    assert not checker.available and "dictionnaire français introuvable" in checker.problem
    assert flagged(checker, "temprament") == []
    assert "Traceback" not in capsys.readouterr().err


def test_a_word_added_is_kept_in_the_store_survives_reopening_and_is_no_longer_flagged(data_paths, store, french):
    french.use(store)
    assert flagged(french, "Elle vient de Zarkhova.") == []  # a name: capital inside a sentence
    assert flagged(french, "zarkhova") == ["zarkhova"]
    french.add("zarkhova")
    assert flagged(french, "zarkhova") == []
    assert store.personal_words() == ["zarkhova"]
    store.close()

    reopened = Store.open(data_paths.database, PASSPHRASE)
    try:
        assert reopened.personal_words() == ["zarkhova"]
        fresh = FrenchChecker()
        fresh.load()
        fresh.use(reopened)
        assert flagged(fresh, "zarkhova") == []
    finally:
        reopened.close()
    french.use(None)


def test_a_word_ignored_is_accepted_but_not_stored(store, french):
    french.use(store)
    french.ignore("blorpf")
    assert flagged(french, "blorpf") == []
    assert store.personal_words() == []
    french.use(None)


def test_the_store_keeps_each_personal_word_once_and_refuses_an_empty_one(store):
    store.add_personal_word("Zarkhova")
    store.add_personal_word("Zarkhova")
    store.add_personal_word("aaa")
    assert store.personal_words() == ["Zarkhova", "aaa"]
    with pytest.raises(StoreError):
        store.add_personal_word("  ")


def test_the_personal_dictionary_goes_nowhere_but_the_store(store, french, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    french.use(store)
    french.add("quirxa")
    assert list(tmp_path.rglob("*.dic")) == [] and list(tmp_path.rglob("*.exc")) == []
    french.use(None)


def test_the_shipped_dictionary_serves_when_the_system_has_none(tmp_path):
    """Windows' Enchant has no French dictionary: the copy in the resources is used instead."""
    shipped = Path(__file__).parents[2] / "resources" / "dictionaries" / "hunspell"
    folder = tmp_path / "dictionaries" / "hunspell"
    folder.mkdir(parents=True)
    for suffix in (".aff", ".dic"):  # a name no system dictionary has, so that only this copy can answer
        shutil.copy(shipped / f"fr_FR{suffix}", folder / f"xx_YY{suffix}")
    code = (
        "from audition_assistant.core.spelling import FrenchChecker, misspellings\n"
        "checker = FrenchChecker('xx_YY'); assert checker.load(), checker.problem\n"
        "print([w.text for w in misspellings(checker, 'Un temprament, aujourd’hui, c’est-à-dire.')])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "ENCHANT_CONFIG_DIR"}
    env["AUDITION_ASSISTANT_DICTIONARIES"] = str(tmp_path / "dictionaries")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['temprament']"


def test_the_french_note_names_the_packages():
    assert "hunspell-fr" in spelling.UNAVAILABLE_NOTE
