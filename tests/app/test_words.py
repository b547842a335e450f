"""Each table of words covers exactly the codes it names: the app's state tables, and what the server
sends (point kinds, benefits, reasons). A code added on one side fails here, not on a screen."""

from __future__ import annotations

import json
from pathlib import Path

from app.state import eligibility
from app.words import energy, opening, social_tariff
from server.rules import social_tariff as server_social_tariff
from server.rules.social_tariff_sources import REASON_CODES

ROOT = Path(__file__).resolve().parents[2]


def test_benefits_and_their_groups() -> None:
    assert set(social_tariff.BENEFITS) == set(eligibility.BENEFITS)
    assert set(social_tariff.BENEFIT_GROUPS) == {group for group, _codes in eligibility.BENEFIT_GROUPS}
    assert set(eligibility.BENEFITS) == set(server_social_tariff.BENEFITS)
    assert len(eligibility.BENEFITS) == len(set(eligibility.BENEFITS))


def test_energies_connections_and_reasons() -> None:
    assert set(energy.ENERGIES) == set(eligibility.ENERGIES) == set(server_social_tariff.ENERGIES)
    assert set(social_tariff.CONNECTIONS) == set(eligibility.CONNECTIONS)
    assert set(social_tariff.REASONS) >= set(REASON_CODES), set(REASON_CODES) - set(social_tariff.REASONS)


def test_every_kind_of_top_up_point_has_a_name_and_an_icon() -> None:
    points = json.loads((ROOT / "server" / "data" / "topup_points.json").read_text(encoding="utf-8"))
    assert {p["kind"] for p in points} <= set(opening.KINDS)


def test_names_are_translated_through_the_catalogs() -> None:
    from app.i18n import Translator

    t = Translator("fr")
    assert energy.energy_name(t, "gas") != "Gas" and energy.energy_name(t, "heat") != "Heat"
    assert opening.kind_name(t, "post_office") != "Post office"


def test_zero_days_left_reads_less_than_a_day() -> None:
    """The server counts whole days left (what is left // the average daily cost, seed 002): 0 is
    less than a day's use, which "0 days left" would have said was nothing at all."""
    from app.i18n import Translator
    from app.words.balance import days_left_text

    words = {lang: Translator(lang) for lang in ("nl", "fr", "de", "en")}
    assert days_left_text(words["nl"], 0) == "minder dan een dag"
    assert days_left_text(words["nl"], 1) == "nog 1 dag" and days_left_text(words["nl"], 4) == "nog 4 dagen"
    assert days_left_text(words["fr"], 0) == "moins d'un jour restant"
    assert days_left_text(words["de"], 0) == "weniger als ein Tag"
    assert days_left_text(words["en"], 0) == "less than a day left"
    assert all("0" not in days_left_text(t, 0) for t in words.values())
