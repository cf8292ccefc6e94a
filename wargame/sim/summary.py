"""Counts over a batch's `GameRecord`s for the simulation report: mergeable exactly and in
chunk order, so a batch split over workers (or a cluster) gives the same summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from wargame.sim.records import MEDIATION_COUNTS, GameRecord

EXAMPLES_PER_END = 3


@dataclass
class Summary:
    """How many games showed each fact; rung by turn for the fan chart; example seeds."""

    games: int = 0
    end_kinds: Counter[str] = field(default_factory=Counter)
    peak_rung: Counter[int] = field(default_factory=Counter)
    rung_by_turn: dict[int, Counter[int]] = field(default_factory=dict)
    """Turn → rung → games; a game that has ended keeps its final rung in later turns."""
    n_turns: int = 0
    firebreaks: Counter[str] = field(default_factory=Counter)
    injects: Counter[str] = field(default_factory=Counter)
    claims: Counter[str] = field(default_factory=Counter)
    states: Counter[str] = field(default_factory=Counter)
    hazard_games: Counter[str] = field(default_factory=Counter)
    hazard_events: Counter[str] = field(default_factory=Counter)
    mediation: dict[str, Counter[str]] = field(default_factory=dict)
    """Style → offered / accepted / agreed, summed over games."""
    mediation_games: dict[str, Counter[str]] = field(default_factory=dict)
    """Style → games with at least one offer / acceptance / agreement."""
    scores: Counter[str] = field(default_factory=Counter)
    outcomes: dict[str, float] = field(default_factory=dict)
    examples: dict[str, list[int]] = field(default_factory=dict)
    """End kind → the first seeds (in batch order) that ended that way."""

    def add(self, r: GameRecord, n_turns: int) -> None:
        self.games += 1
        self.n_turns = max(self.n_turns, n_turns)
        self.end_kinds[r.end] += 1
        self.peak_rung[r.peak_rung] += 1
        last = r.path[-1].rung if r.path else r.final_rung
        for i in range(n_turns):
            rung = r.path[i].rung if i < len(r.path) else last
            self.rung_by_turn.setdefault(i + 1, Counter())[rung] += 1
        self.firebreaks.update(set(r.firebreaks))
        self.injects.update(r.injects)
        self.claims.update(r.claims)
        self.states.update(r.states)
        self.hazard_games.update(r.hazards.keys())
        self.hazard_events.update(r.hazards)
        for style, counts in r.mediation.items():
            self.mediation.setdefault(style, Counter()).update(counts)
            games = self.mediation_games.setdefault(style, Counter())
            games.update(n for n in MEDIATION_COUNTS if counts.get(n, 0) > 0)
        self.scores.update(r.scores)
        for name, value in r.outcomes.items():
            self.outcomes[name] = self.outcomes.get(name, 0.0) + value
        seeds = self.examples.setdefault(r.end, [])
        if len(seeds) < EXAMPLES_PER_END:
            seeds.append(r.seed)

    def merge(self, other: Summary) -> None:
        """Add a later chunk's summary (example seeds keep batch order)."""
        self.games += other.games
        self.n_turns = max(self.n_turns, other.n_turns)
        for mine, theirs in (
            (self.end_kinds, other.end_kinds),
            (self.peak_rung, other.peak_rung),
            (self.firebreaks, other.firebreaks),
            (self.injects, other.injects),
            (self.claims, other.claims),
            (self.states, other.states),
            (self.hazard_games, other.hazard_games),
            (self.hazard_events, other.hazard_events),
            (self.scores, other.scores),
        ):
            mine.update(theirs)
        for turn, counts in other.rung_by_turn.items():
            self.rung_by_turn.setdefault(turn, Counter()).update(counts)
        for style, counts in other.mediation.items():
            self.mediation.setdefault(style, Counter()).update(counts)
        for style, counts in other.mediation_games.items():
            self.mediation_games.setdefault(style, Counter()).update(counts)
        for name, value in other.outcomes.items():
            self.outcomes[name] = self.outcomes.get(name, 0.0) + value
        for end, seeds in other.examples.items():
            mine_seeds = self.examples.setdefault(end, [])
            mine_seeds.extend(seeds[: EXAMPLES_PER_END - len(mine_seeds)])
