"""The crisis machine: the turn loop's fast path fires exactly what `transitions` fires."""

from __future__ import annotations

import pytest

from tests.engine.conftest import CARD_FILES
from wargame.bots.turn import bot_turn
from wargame.engine.compiled import compile_scenario
from wargame.engine.game import Game
from wargame.scenario.loader import load_scenario
from wargame.scenario.vocabulary import POLICY_NAMES


@pytest.mark.parametrize("path", CARD_FILES, ids=[p.stem for p in CARD_FILES])
def test_the_fast_path_fires_what_the_machine_fires(path):
    """From every state of the machine, over the variables of real bot games, both paths agree."""
    scenario = load_scenario(path)
    machine = compile_scenario(scenario).machine
    states = list(machine.machine.states)
    checked = 0
    for seed, policy in enumerate(POLICY_NAMES * 3):
        game = Game.new(scenario, seed, keep_history=False)
        seats, bots = {t: f"bot:{policy}" for t in game.teams}, {}
        while not game.over:
            for state in states:
                fast, slow = dict(game.state.vars, state=state), dict(game.state.vars, state=state)
                assert machine.advance(fast) == machine.advance_by_triggers(slow)
                assert fast["state"] == slow["state"]
                checked += 1
            bot_turn(game, seats, bots)
            game.adjudicate()
    assert checked > 100


def test_the_machine_is_the_rulebooks_graph(balakot):
    compiled = compile_scenario(balakot)
    machine = compiled.machine.machine
    assert list(machine.states) == [s.id for s in compiled.rules.states]
    edges = {
        (src, t.dest) for name, event in machine.events.items() for src, ts in event.transitions.items() for t in ts
    }
    assert edges == {(src, t.dest) for t in compiled.rules.transitions for src in t.source}
