"""Issue 9's bot changes: the historical bot falls back per move and follows historical
choices; tit-for-tat answers an attack attributed to the other principal; quantal values the
expected outcome of chance moves; an illegal bot order is a clear error, not a traceback."""

from __future__ import annotations

import pytest

from tests.minimal import minimal_game, move, rulebook
from wargame.bots.policies import Quantal, make_policy
from wargame.bots.turn import BotError, bot_turn
from wargame.engine.game import Game
from wargame.engine.state import EventKind, Order
from wargame.sim.runner import play_bots

HISTORICAL = {t: "bot:historical" for t in ("india", "pakistan", "china", "usa")}


def test_the_historical_bot_leaves_out_only_the_moves_that_are_no_longer_legal(balakot):
    """Without a captured pilot, Pakistan's 28 Feb entry loses "release the prisoner" but keeps
    "declare restraint" (before, the whole entry fell back to tit-for-tat)."""
    seed = next(
        s
        for s in range(50)
        if not play_bots(balakot, s, HISTORICAL).state.vars.get("happened.air_battle.pilot_captured")
    )
    game = play_bots(balakot, seed, HISTORICAL)
    assert [o.move for o in game.state.inputs[6].orders["pakistan"]] == ["declare_restraint"]


def test_the_historical_bot_takes_the_choice_marked_historical(balakot):
    game = play_bots(balakot, 0, HISTORICAL)
    chosen = {e.inject: e.choice for e in game.state.log if e.kind == EventKind.CHOICE}
    assert chosen["unsc_press_statement"] == "name_jem_claim_not_pakistan"
    assert chosen["nsc_meets_after_strike"] == "summon_nca"
    assert chosen["qureshi_calls_wang_yi"] == "stress_sovereignty"


def test_tit_for_tat_answers_an_attack_attributed_to_the_other_principal(balakot):
    game = Game.new(balakot, 0)
    orders = make_policy("tit-for-tat", 0, "india").decide(game, "india").orders
    assert orders and all((balakot_move(game, o.move).rung_to or 0) >= game.state.vars["rung"] for o in orders)


def balakot_move(game, move_id):
    return game.compiled.moves[move_id]


def test_quantal_values_a_chance_move_at_its_expected_outcome(tmp_path):
    sure = {"odds": "10", "success": {"self.narrative": 0.5}}
    hopeless = {"odds": "-10", "success": {"self.narrative": 0.5}}
    variables = rulebook()["variables"]
    variables["team"].append({"id": "narrative", "name": "n", "min": 0, "max": 1, "default": 0.5})
    game = minimal_game(
        tmp_path, moves=[move("sure_thing", outcome=sure), move("long_shot", outcome=hopeless)], variables=variables
    )
    bot = Quantal(0, "blue")
    sure_u = bot.utility(game, "blue", game.compiled.moves["sure_thing"])
    long_u = bot.utility(game, "blue", game.compiled.moves["long_shot"])
    assert sure_u == pytest.approx(3.0 * 0.5, abs=1e-3) and long_u == pytest.approx(0.0, abs=1e-3)


class _Blunderer:
    name = "blunderer"

    def decide(self, game, team):
        from wargame.bots.policies import Decision

        return Decision([Order("no_such_move")])


def test_an_illegal_bot_order_names_the_card_turn_and_team(balakot):
    game = Game.new(balakot, 0)
    with pytest.raises(BotError, match=r"card 'balakot-2019', turn 1, team 'india' \(bot:blunderer\)"):
        bot_turn(game, {t: "bot:blunderer" for t in game.teams}, {t: _Blunderer() for t in game.teams})
