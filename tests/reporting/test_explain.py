"""One explanation of an event, for every front end."""

from __future__ import annotations

from wargame.engine.state import Event, EventKind, Explanation
from wargame.reporting.explain import explain


def test_a_roll_says_its_rule_odds_roll_and_terms():
    e = Event(
        1, EventKind.HAZARD, "x", explanation=Explanation("hazard", 0.3, 0.12, {"rule": 0.25}), changes={"a": 1.0}
    )
    assert explain(e) == "why: hazard, p=0.30, roll 0.12 → hit [rule +0.25]\nchanges: a +1"


def test_a_ruling_says_the_dice_were_replaced():
    e = Event(2, EventKind.ORDER, "x", explanation=Explanation("outcome roll", 0.5, -1.0, {}, "umpire"))
    assert explain(e) == "why: outcome roll, p=0.50, facilitator ruling: umpire (the dice were not used)"


def test_an_event_without_chance_or_changes_has_nothing_to_explain():
    assert explain(Event(1, EventKind.RUNG, "x")) == ""
