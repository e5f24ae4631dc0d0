"""Third-country nationals (R.425-1 CESEDA notice): the table of French, EU, EEA and Swiss nationalities."""

from __future__ import annotations

import pytest

from audition_assistant.core.engine import HearingView
from audition_assistant.core.nationalities import EUROPEAN, is_third_country


@pytest.mark.parametrize(
    "nationality",
    ["colombienne", "Nigériane", "CHINOISE", "albanaise", "brésilien", "russe", "ukrainienne", "apatride",
     "marocaine / tunisienne", "britannique"],
)  # fmt: skip
def test_third_country_nationals(nationality):
    assert is_third_country(nationality) is True


@pytest.mark.parametrize(
    "nationality",
    ["française", "Français", "FR", "italienne", "Italien", "Italie", "roumaine", "Bulgare", "espagnole",
     "néerlandaise", "Pays-Bas", "grecque", "suisse", "norvégienne", "islandais", "liechtensteinoise",
     "franco-marocaine", "italo-brésilienne", "marocaine / espagnole", "nigériane et portugaise", " Roumaine. "],
)  # fmt: skip
def test_french_eu_eea_and_swiss_nationals_are_not_third_country(nationality):
    assert is_third_country(nationality) is False


def test_unknown_when_nothing_is_given():
    assert is_third_country("") is None and is_third_country("  ") is None


def test_the_table_covers_the_27_member_states_the_eea_and_switzerland():
    assert len(EUROPEAN) == 26 + 3 + 1  # France is FRANCE
    for country, masculine, feminine, *_ in EUROPEAN:
        for name in (country, masculine, feminine):
            assert is_third_country(name) is False, name


def test_derived_value_is_third_country(build_template, small_raw):
    small_raw["derived"].append({"id": "pays_tiers", "type": "is_third_country", "of": "victime.nationalite"})
    template = build_template(small_raw)
    values = {
        nationality: HearingView(template, {"victime": {"nom": "X", "nationalite": nationality}}).derived()[
            "pays_tiers"
        ]
        for nationality in ("italienne", "colombienne", "française", "")
    }
    assert values == {
        "italienne": False,
        "colombienne": True,
        "française": False,
        "": None,
    }
