"""Per-game facts and their rates: what happened in a game (its record), counted over a batch."""

from __future__ import annotations

from tests.minimal import minimal_game
from wargame.sim.rates import Rates, end_kind, occurred, wilson
from wargame.sim.records import record_game
from wargame.sim.runner import play_bots

HISTORICAL = {t: "bot:historical" for t in ("india", "pakistan", "china", "usa")}


def test_a_games_facts_come_from_its_events(tmp_path):
    chances = [
        {"id": "hit", "name": "Hit", "probability": "1", "text": "It hits."},
        {"id": "miss", "name": "Miss", "probability": "0", "text": "Never."},
    ]
    card = {"injects": [{"id": "storm", "title": "Storm", "text": "A storm.", "turn": 1, "chances": chances}]}
    game = minimal_game(tmp_path, card_fields=card)
    while not game.over:
        game.adjudicate()
    record = record_game(game)
    facts = occurred(record)
    assert facts["injects"] == {"storm"} and facts["chances"] == {"storm.hit"}
    assert facts["end_kinds"] == {"timeout"} and end_kind(record) == "timeout" and record.end_turn == 3
    assert "calm" in facts["states"]


def test_rates_merge_exactly_in_any_order(balakot):
    games = [record_game(play_bots(balakot, s, {**HISTORICAL, "india": "bot:quantal"})) for s in range(6)]
    one, two, three = Rates(), Rates(), Rates()
    for f in games:
        one.add(f)
    for f in games[:2]:
        two.add(f)
    for f in games[2:]:
        three.add(f)
    three.merge(two)
    assert one.report() == three.report()
    report = one.report()
    assert report["injects"]["pulwama_attack"] == 1.0 and report["end_kinds"]
    assert "mediation_by_style" in report and "first_turn" in report


def test_wilson_interval_brackets_the_proportion():
    lo, hi = wilson(30, 100)
    assert lo < 0.3 < hi and (lo, hi) == wilson(30, 100)
    assert wilson(0, 0) == (0.0, 0.0)
