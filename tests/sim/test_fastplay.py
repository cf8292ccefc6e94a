"""The batch engine (`sim.fastplay`) plays exactly the games of the engine: on every shipped card,
under every bot policy and under mixed seats, over hundreds of seeds, its record equals
`record_game` of the same game played by `play_bots`, and the dice, the final variables, the
scores and the objectives met are the same."""

from __future__ import annotations

import random

import pytest

from tests.conftest import ROOT
from wargame.engine.compiled import batch_form
from wargame.scenario.loader import load_scenario
from wargame.scenario.vocabulary import POLICY_NAMES
from wargame.sim.fastplay import play_game, play_record
from wargame.sim.records import card_outcomes, record_game
from wargame.sim.runner import play_bots

SEEDS = 150
CARDS = sorted((ROOT / "scenarios").glob("*.yaml"))


def _same_game(scenario, seed: int, seats: dict[str, str]) -> None:
    outcomes = card_outcomes(batch_form(scenario))
    engine = play_bots(scenario, seed, seats, narrate=False)
    fast = play_game(scenario, seed, seats)
    assert fast.record(outcomes, True) == record_game(engine, outcomes), (seats, seed)
    assert fast.rng.getstate() == engine.rng.getstate(), (seats, seed)  # the same dice, drawn alike
    assert fast.state.vars == engine.state.vars, (seats, seed)
    s, e = fast.state, engine.state
    assert (s.end, s.scores, s.met, s.rung_path) == (e.end, e.scores, e.met, e.rung_path), (seats, seed)
    assert [i.orders for i in s.inputs] == [i.orders for i in e.inputs], (seats, seed)


@pytest.mark.parametrize("card", CARDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_fast_engine_plays_the_engines_games(card, policy):
    scenario = load_scenario(card)
    seats = {t.id: f"bot:{policy}" for t in scenario.card.teams}
    for seed in range(SEEDS):
        _same_game(scenario, seed, seats)


@pytest.mark.parametrize("card", CARDS, ids=lambda p: p.stem)
def test_fast_engine_with_mixed_seats(card):
    scenario = load_scenario(card)
    pick = random.Random(card.stem)
    for seed in range(SEEDS):
        seats = {t.id: f"bot:{pick.choice(POLICY_NAMES)}" for t in scenario.card.teams}
        _same_game(scenario, seed, seats)


def test_the_records_differ_between_seeds(balakot):
    """The comparison above means something: games of different seeds differ."""
    seats = {t.id: "bot:historical" for t in balakot.card.teams}
    records = {play_record(balakot, seed, seats).offers for seed in range(50)}
    assert len(records) > 10


def _kitchen_sink(tmp_path):
    """A minimal card with every mechanism the shipped cards exercise rarely or never: a rung
    raised by a chance part, a choice with no historical mark, a conditional inject that
    raises the rung, mobilisation, misperception, hazards, a climb-down, counter-offers, a
    nuclear end, and a historical track whose recorded move is illegal (the fallback plays)."""
    from tests.engine.test_fidelity_mechanics import mediation_rules, variables
    from tests.minimal import ladder, minimal_scenario, move, rulebook

    book = mediation_rules(0.6)
    extra = variables(
        mobilising=("team", 0, 20, True), forces_ready=("team", 0, 1, True), aircraft_lost=("team", 0, 5, True)
    )
    book["variables"]["team"] += [
        v for v in extra["team"] if v["id"] in ("mobilising", "forces_ready", "aircraft_lost")
    ]
    book["variables"]["world"].append({"id": "tension", "name": "tension", "min": 0, "max": 5, "default": 0})
    book["mediators"][0]["styles"] = {"manipulation": 1.0}
    book["mediators"][0]["activation"] = {"probability": "0.5*(rung >= 1)", "cooldown": 1}
    odds = {"odds": "0.5", "success": {"self.intl_standing": 0.1}, "failure": {"opponent.intl_standing": 0.1}}
    moves = [
        move("hold_talks"),
        move("vow", commitment=1),
        move("back_off", climb_down=True, rung_delta=-1),
        move("mobilise", mobilises=True, once=True),
        move("offensive", precondition="self.forces_ready >= 1", rung_to=3, kinetic=True, outcome=odds),
        move("probe", rung_delta=1, ambiguous=True, kinetic=True),
        move("strike", rung_to=4, kinetic=True),
        move("launch", rung_to=5, kinetic=True, precondition="rung >= 4"),
    ]
    hazards = [
        {"id": "dogfight", "name": "Dogfight", "probability": "0.2*(rung >= 2)", "text": "Jets.", "rung_delta": 1}
    ]
    states = [
        {"id": "calm", "name": "Calm"},
        {"id": "crisis", "name": "Crisis"},
        {"id": "war", "name": "War", "end": "war"},
        {"id": "nuked", "name": "Nuclear use", "end": "nuclear"},
        {"id": "timeout", "name": "Time ran out", "end": "timeout"},
    ]
    transitions = [
        {"trigger": "heat", "source": ["calm"], "dest": "crisis", "when": "rung >= 2"},
        {"trigger": "cool", "source": ["crisis"], "dest": "calm", "when": "rung <= 1"},
        {"trigger": "nuke", "source": ["crisis"], "dest": "nuked", "when": "rung >= 5"},
        {"trigger": "fight", "source": ["crisis"], "dest": "war", "when": "blue.aircraft_lost >= 3"},
    ]
    injects = [
        {
            "id": "battle",
            "title": "Battle",
            "text": "Jets meet.",
            "turn": 2,
            "chances": [
                {
                    "id": "downed",
                    "name": "Downed",
                    "probability": "0.6",
                    "effects": {"blue.aircraft_lost": 2},
                    "text": "A jet falls.",
                    "rung_delta": 1,
                },
                {"id": "caught", "name": "Caught", "requires": "downed", "probability": "0.5", "text": "Taken."},
            ],
        },
        {
            "id": "ultimatum",
            "turn": 1,
            "title": "An ultimatum",
            "text": "Red must answer.",
            "chooser": "red",
            "choices": [
                {"id": "defy", "label": "Defy it", "rung_delta": 1, "effects": {"self.intl_standing": 0.1}},
                {"id": "comply", "label": "Comply", "rung_delta": -1},
            ],
        },
        {
            "id": "demand",
            "turn": 2,
            "title": "A demand",
            "text": "Blue must answer (a human seat leaves it unanswered: the first choice is taken).",
            "chooser": "blue",
            "choices": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No", "rung_delta": 1}],
        },
        {"id": "flare", "title": "Flare-up", "text": "…", "when": "rung >= 3 and turns_left <= 3", "rung_delta": 1},
    ]
    track = [
        {"turn": 1, "team": "blue", "moves": ["offensive"], "note": "n", "sources": ["s"]},
        {"turn": 2, "team": "blue", "moves": ["mobilise", "vow"], "note": "n", "sources": ["s"]},
        {"turn": 3, "team": "red", "moves": ["strike"], "note": "n", "sources": ["s"]},
    ]
    card = {
        "injects": injects,
        "historical_track": track,
        "sources": [{"id": "s", "title": "t", "publisher": "p", "confidence": "V"}],
        "calendar": [{"date": f"2019-02-{10 + i}", "label": f"Day {i}"} for i in range(1, 9)],
    }
    rules = rulebook(
        **book,
        moves=moves,
        hazards=hazards,
        states=states,
        transitions=transitions,
        ladder=ladder(6, firebreak_at={3: "line"}, standing_cost=0.1, hazard_jump=0.05, attention_jump=0.1),
        adjudication={"misperception_base": 0.3, "mobilisation_lag": 1, "hazard_cap": 0.9, "tension_per_kinetic": 0.5},
    )
    return minimal_scenario(tmp_path, card, **{k: v for k, v in rules.items() if k not in ("kind", "schema_version")})


@pytest.mark.parametrize("blue", [*POLICY_NAMES, "human"])
def test_fast_engine_on_a_card_with_every_mechanism(tmp_path, blue):
    scenario = _kitchen_sink(tmp_path)
    seat = blue if blue == "human" else f"bot:{blue}"
    ways = set()
    for i, red in enumerate(POLICY_NAMES):
        for seed in range(40):
            _same_game(scenario, 100 * i + seed, {"blue": seat, "red": f"bot:{red}"})
            r = play_record(scenario, 100 * i + seed, {"blue": seat, "red": f"bot:{red}"})
            ways.add((r.end, r.end_turn, r.peak_rung, r.chances, r.choices))
    assert len(ways) >= 5  # the games went different ways
