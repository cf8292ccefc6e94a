"""The shipped rulebook and cards: valid, complete, sourced and balanced."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from tests.conftest import ROOT
from wargame.scenario.loader import load_rulebook, load_scenario

CARDS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def rulebook():
    return load_rulebook(ROOT / "rules" / "south-asia.yaml").rules


@pytest.fixture(scope="module")
def balakot():
    return load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")


@pytest.mark.parametrize("path", CARDS, ids=[p.stem for p in CARDS])
def test_every_shipped_card_validates_without_errors(path):
    loaded = load_scenario(path)
    assert [w for w in loaded.warnings if "have no URL" not in w.message] == []
    assert path.read_text().startswith("# yaml-language-server: $schema=schema.json\n")


def test_rulebook_ladder_and_firebreaks(rulebook):
    rungs = rulebook.ladder.rungs
    assert len(rungs) >= 12
    assert [r.firebreak for r in rungs if r.firebreak] == [
        "dont_rock_the_boat",
        "sovereign_territory_strike",
        "military_targets",
        "ground_war",
        "no_nuclear_use",
    ]
    kahn = [max(r.kahn) for r in rungs]
    assert kahn[0] == 0 and kahn[-1] >= 21, "anchored to Kahn from below the ladder to nuclear use"


def test_rulebook_has_every_end_kind(rulebook):
    ends = {s.end for s in rulebook.states if s.end}
    assert ends == {"resolution", "frozen", "war", "nuclear", "timeout"}


def test_move_catalogue_covers_dime_for_both_principals_and_mediation_for_third_parties(rulebook):
    assert len(rulebook.moves) >= 30
    for party in ("india", "pakistan"):
        categories = {m.category for m in rulebook.moves if party in m.actors}
        assert {"diplomatic", "information", "military", "economic"} <= categories, party
    for party in ("china", "usa"):
        assert any(m.category == "mediation" and party in m.actors for m in rulebook.moves), party


def test_moves_with_history_cite_sources(rulebook):
    sourced = [m for m in rulebook.moves if m.historical]
    assert len(sourced) >= 15
    assert all(m.historical.sources for m in sourced)


def test_mediators(rulebook):
    assert {m.id for m in rulebook.mediators} == {"usa", "china", "saudi_arabia", "uae", "uk", "un_sg"}
    styles = {s for m in rulebook.mediators for s in m.styles}
    assert styles == {"facilitation", "formulation", "manipulation"}


def test_balakot_teams_calendar_and_briefings(balakot):
    card = balakot.card
    assert card.id == "balakot-2019"
    assert [t.id for t in card.teams] == ["india", "pakistan", "china", "usa"]
    dates = [t.date for t in card.calendar]
    assert dates[0] == date(2019, 2, 14)
    assert date(2019, 3, 1) in dates and dates[-1] > date(2019, 3, 1)
    briefings = {t.id: t.briefing for t in card.teams}
    china = " ".join(briefings["china"].split())
    for point in (
        "Kargil",
        "Wuzhen",
        "Security Council",
        "sovereignty and territorial integrity",
        "Corridor",
        "terrorism",
    ):
        assert point in china, point
    assert "Government of India" in briefings["india"] and "Government of Pakistan" in briefings["pakistan"]
    assert all(team.objectives for team in card.teams)


def test_balakot_history_is_sourced_and_only_v_or_s(balakot, rulebook):
    card = balakot.card
    cited = {s.id: s for s in [*card.sources, *rulebook.sources]}
    assert all(s.confidence in ("V", "S") for s in cited.values())
    for inject in card.injects:
        if inject.historical:
            assert inject.sources, inject.id
    assert len(card.historical_track) >= 15
    assert all(entry.sources for entry in card.historical_track)
    scripted = {i.turn for i in card.injects if i.turn}
    assert {1, 3, 4, 7, 8} <= scripted


def test_balakot_has_the_contested_claims_and_a_conditional_pilot_inject(balakot):
    card = balakot.card
    subjects = {c.id for c in card.claims}
    assert {"balakot_damage", "aircraft_lost_feb27", "pilots_captured"} <= subjects
    for claim in card.claims:
        assert {"india", "pakistan"} <= set(claim.claims)
    pilot = next(i for i in card.injects if i.id == "pilot_captured")
    assert pilot.when and pilot.chooser == "pakistan" and len(pilot.choices) >= 2


def test_track_each_turn_has_at_most_the_allowed_orders(balakot):
    limit = int(balakot.card.parameters.get("max_orders_per_turn", balakot.rules.adjudication.max_orders_per_turn))
    assert all(len(e.moves) <= limit for e in balakot.card.historical_track)


def test_derived_cards():
    framings = Counter(load_scenario(p).card.framing for p in CARDS)
    assert framings["counterfactual"] >= 1 and framings["future"] >= 1 and framings["tutorial"] == 1
    tutorial = load_scenario(ROOT / "scenarios" / "tutorial.yaml").card
    assert len(tutorial.teams) == 2 and len(tutorial.calendar) == 3
    future = load_scenario(ROOT / "scenarios" / "next-crisis.yaml").card
    assert not future.historical_track and not any(i.historical for i in future.injects)
