"""Dynamic lint rules: play seeded bot games with mixed policies and report what never (or always)
happens. Every fourth game seats every team `historical`, to follow the card's historical track."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.engine.rules.legality import why_illegal
from wargame.scenario.loader import LoadedScenario
from wargame.scenario.vocabulary import POLICY_NAMES

Raw = tuple[str, str, tuple[str | int, ...], str]
MAX_LISTED = 8
"""More moves than this never legal are reported as one finding (the card, not each move, is the problem)."""


@dataclass
class Stats:
    games: int = 0
    historical_games: int = 0
    fired: Counter[str] = field(default_factory=Counter)
    legal: Counter[str] = field(default_factory=Counter)
    chosen: Counter[str] = field(default_factory=Counter)
    met: Counter[tuple[str, str]] = field(default_factory=Counter)
    ends: Counter[str] = field(default_factory=Counter)
    end_turns: list[int] = field(default_factory=list)
    historical_end_turns: list[int] = field(default_factory=list)
    track_seen: Counter[int] = field(default_factory=Counter)
    track_illegal: Counter[tuple[int, int]] = field(default_factory=Counter)
    divergence: Counter[int] = field(default_factory=Counter)
    """First turn the historical path left the track (0: never) → games."""


def seats_for(game_index: int, teams: list[str]) -> dict[str, str]:
    if game_index % 4 == 0:
        return {t: "bot:historical" for t in teams}
    return {t: f"bot:{POLICY_NAMES[(game_index + j) % len(POLICY_NAMES)]}" for j, t in enumerate(teams)}


def play(scenario: LoadedScenario, games: int, seed: int) -> Stats:
    stats = Stats()
    card = scenario.card
    entries = {(e.turn, e.team): i for i, e in enumerate(card.historical_track)}
    for g in range(games):
        game = Game.new(scenario, seed + g, keep_history=False)
        teams = game.teams
        seats = seats_for(g, teams)
        historical = all(s == "bot:historical" for s in seats.values())
        bots: dict[str, Any] = {}
        diverged = 0
        while not game.over:
            turn = game.turn
            for team in teams:
                for move in game.legal_moves(team):
                    stats.legal[move] += 1
                if historical and (turn, team) in entries:
                    i = entries[(turn, team)]
                    stats.track_seen[i] += 1
                    for j, move in enumerate(card.historical_track[i].moves):
                        if why_illegal(game.compiled, game.state, team, move):
                            stats.track_illegal[(i, j)] += 1
                            diverged = diverged or turn
            bot_turn(game, seats, bots)
            game.adjudicate()
            for orders in game.state.inputs[-1].orders.values():
                for order in orders:
                    stats.chosen[order.move] += 1
        s = game.state
        stats.games += 1
        stats.ends[s.end or "timeout"] += 1
        stats.end_turns.append(s.turn)
        for key, value in s.vars.items():
            if key.startswith("fired.") and value:
                stats.fired[key[6:]] += 1
        for team, met in s.met.items():
            for obj in met:
                stats.met[(team, obj)] += 1
        if historical:
            stats.historical_games += 1
            stats.historical_end_turns.append(s.turn)
            stats.divergence[diverged] += 1
    return stats


def findings(scenario: LoadedScenario, stats: Stats) -> list[Raw]:
    card, rb = scenario.card, scenario.rules
    n = stats.games
    out: list[Raw] = []
    if not n:
        return out
    for i, inj in enumerate(card.injects):
        if inj.when is not None and not stats.fired[inj.id]:
            out.append(("WG101", "card", ("injects", i, "when"), f"inject '{inj.id}' fired in none of {n} games"))
    allowed = [m for m in rb.moves if not card.moves or m.id in card.moves]
    seated = {t.id for t in card.teams}
    playable = [m for m in allowed if seated & set(m.actors)]
    never = [m for m in playable if not stats.legal[m.id]]
    if len(never) > MAX_LISTED:
        names = ", ".join(m.id for m in never[:5])
        out.append(
            (
                "WG102",
                "card",
                ("teams",),
                f"{len(never)} of {len(playable)} moves were legal in none of {n} games ({names}, …): does the card "
                "start where its moves' preconditions can hold (start_rung, start_state, initial)?",
            )
        )
    for m in playable:
        i = rb.moves.index(m)
        if not stats.legal[m.id]:
            if len(never) <= MAX_LISTED:
                out.append(
                    ("WG102", "rulebook", ("moves", i, "precondition"), f"move '{m.id}' was legal in none of {n} games")
                )
        elif not stats.chosen[m.id]:
            out.append(
                ("WG103", "rulebook", ("moves", i, "id"), f"move '{m.id}' was legal but chosen in none of {n} games")
            )
    for ti, team in enumerate(card.teams):
        for oi, obj in enumerate(team.objectives):
            met = stats.met[(team.id, obj.id)]
            loc = ("teams", ti, "objectives", oi, "condition")
            if met == 0:
                out.append(("WG104", "card", loc, f"objective '{team.id}.{obj.id}' was met in none of {n} games"))
            elif met == n:
                out.append(("WG105", "card", loc, f"objective '{team.id}.{obj.id}' was met in all {n} games"))
    n_turns = len(card.calendar)
    ends = ", ".join(f"{k} {100 * v / n:.0f}%" for k, v in stats.ends.most_common())
    median_end = statistics.median(stats.end_turns)
    out.append(
        (
            "WG106",
            "card",
            ("calendar",),
            f"{n} games: {ends}; games end at turn {min(stats.end_turns)}..{max(stats.end_turns)} "
            f"(median {median_end:g}) of {n_turns}",
        )
    )
    if n_turns >= 4 and median_end < 0.6 * n_turns:
        out.append(
            (
                "WG107",
                "card",
                ("calendar",),
                f"half the games are over by turn {median_end:g} of {n_turns}: later turns, injects and evidence "
                "are rarely seen",
            )
        )
    out += _historical(card, stats)
    return out


def _historical(card: Any, stats: Stats) -> list[Raw]:
    out: list[Raw] = []
    h = stats.historical_games
    if not h or not card.historical_track:
        return out
    for (i, j), count in sorted(stats.track_illegal.items()):
        entry = card.historical_track[i]
        seen = stats.track_seen[i]
        out.append(
            (
                "WG009",
                "card",
                ("historical_track", i, "moves", j),
                f"'{entry.moves[j]}' for {entry.team} in turn {entry.turn} was illegal in {count} of {seen} "
                "historical games",
            )
        )
    never = stats.divergence[0]
    firsts = sorted((t, c) for t, c in stats.divergence.items() if t)
    shown = ", ".join(f"turn {t}: {c}" for t, c in firsts[:4])
    out.append(
        (
            "WG108",
            "card",
            ("historical_track",),
            f"{h} all-historical games: {never} follow the track to the end"
            + (f"; the first illegal recorded move came at {shown}" if firsts else ""),
        )
    )
    last = max(stats.historical_end_turns)
    for i, inj in enumerate(card.injects):
        if inj.turn is not None and inj.turn > last:
            out.append(
                ("WG011", "card", ("injects", i, "turn"), f"turn {inj.turn}: the historical path ends by turn {last}")
            )
    for i, cl in enumerate(card.claims):
        for j, ev in enumerate(cl.evidence):
            if ev.turn > last:
                out.append(
                    (
                        "WG011",
                        "card",
                        ("claims", i, "evidence", j, "turn"),
                        f"evidence at turn {ev.turn}: the historical path ends by turn {last}, so it never shows",
                    )
                )
    return out
