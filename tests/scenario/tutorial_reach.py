"""How often each mechanic the tutorial teaches is reached, over many seeded bot games.

    python -m tests.scenario.tutorial_reach [--seeds 1000]

prints, for random and quantal seats, the share of games in which: a move changed something; a
chance move was rolled; a firebreak was crossed by an authorised order (and cost standing); a
de-escalation move India could not play on turn 1 became available; India answered a mediation
offer; a claim entered the ledger."""

from __future__ import annotations

import argparse
from typing import Any

from tests.conftest import ROOT
from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.engine.state import EventKind
from wargame.scenario.loader import LoadedScenario, load_scenario

MECHANICS = ("move_effect", "chance_roll", "firebreak_authorised", "deescalation_opens", "mediation_answered", "claims")
STUDENT = "india"


def reached(scenario: LoadedScenario, seed: int, policy: str) -> set[str]:
    """The mechanics reached in one game with every seat played by `policy`."""
    game = Game.new(scenario, seed)
    seats = {t: f"bot:{policy}" for t in game.teams}
    bots: dict[str, Any] = {}
    c = game.compiled
    stepping_back = {m for m, rule in c.by_actor[STUDENT].items() if rule.move.climb_down or rule.move.rung_delta < 0}
    closed_at_start = stepping_back - set(game.legal_moves(STUDENT))
    out: set[str] = set()
    while not game.over:
        if closed_at_start & set(game.legal_moves(STUDENT)):
            out.add("deescalation_opens")
        bot_turn(game, seats, bots)
        game.adjudicate()
    for e in game.state.log:
        if e.kind == EventKind.ORDER and e.changes:
            out.add("move_effect")
        if e.kind == EventKind.ORDER and e.explanation is not None:
            out.add("chance_roll")
        if e.kind == EventKind.ORDER and e.firebreak and any(k.endswith(".intl_standing") for k in e.changes):
            out.add("firebreak_authorised")
        if e.kind == EventKind.MEDIATION_ANSWER and e.team == STUDENT:
            out.add("mediation_answered")
        if e.kind == EventKind.CLAIM:
            out.add("claims")
    return out


def rates(seeds: int = 1000, policies: tuple[str, ...] = ("random", "quantal")) -> dict[str, dict[str, float]]:
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    out = {}
    for policy in policies:
        counts = dict.fromkeys(MECHANICS, 0)
        for seed in range(seeds):
            for m in reached(scenario, seed, policy):
                counts[m] += 1
        out[policy] = {m: counts[m] / seeds for m in MECHANICS}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1000)
    args = parser.parse_args()
    for policy, by_mechanic in rates(args.seeds).items():
        print(policy)
        for m, share in by_mechanic.items():
            print(f"  {m:<22} {share:6.1%}")


if __name__ == "__main__":
    main()
