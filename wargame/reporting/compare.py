"""This game among N simulated games from the same start: the same card, the same bots in the
bots' seats, and the quantal bot (a boundedly rational player) in the human seats, seeds 1…N.

Where the game's peak rung and end kind sit in that distribution tells a seminar whether its
path was typical or unusual for the start it had. 200 games of the Balakot card take about a second."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.engine.state import GameState
from wargame.scenario.loader import LoadedScenario

HUMAN_PROXY = "bot:quantal"
_SIMULATED: dict[tuple[Any, ...], tuple[Counter[int], Counter[str]]] = {}
"""The simulated games of a start (they depend only on the card and the seats): a rewound or
replayed game, or a second class on the same card, is compared without playing them again."""
_KEEP = 16


def simulated(scenario: LoadedScenario, sim_seats: dict[str, str], n: int) -> tuple[Counter[int], Counter[str]]:
    """Peak rungs and end kinds of `n` bot games from the card's start (seeds 1…n), computed
    once per card content and seats."""
    key = (scenario.content_hash, str(scenario.path), tuple(sorted(sim_seats.items())), n)
    if key not in _SIMULATED:
        peaks: Counter[int] = Counter()
        ends: Counter[str] = Counter()
        for seed in range(1, n + 1):
            game = Game.new(scenario, seed, keep_history=False)
            bots: dict[str, Any] = {}
            seats_here = {t: sim_seats.get(t, HUMAN_PROXY) for t in game.teams}
            while not game.over:
                bot_turn(game, seats_here, bots)
                game.adjudicate()
            peaks[int(game.state.vars["peak_rung"])] += 1
            ends[game.state.end or "timeout"] += 1
        if len(_SIMULATED) >= _KEEP:
            _SIMULATED.pop(next(iter(_SIMULATED)))
        _SIMULATED[key] = (peaks, ends)
    peaks, ends = _SIMULATED[key]
    return Counter(peaks), Counter(ends)


@dataclass(frozen=True)
class Comparison:
    games: int
    seats: dict[str, str]
    """The seats simulated (human seats replaced by the quantal bot)."""
    peak_rungs: dict[int, int]
    """Peak rung → number of simulated games."""
    end_kinds: dict[str, int]
    peak: int
    end: str
    below: int
    """Simulated games whose peak was lower than this game's."""
    same: int
    """Simulated games with the same peak."""

    @property
    def end_share(self) -> float:
        return self.end_kinds.get(self.end, 0) / self.games if self.games else 0.0

    def sentence(self) -> str:
        """Where this game sits, in one sentence."""
        n = self.games
        lower, higher = self.below, n - self.below - self.same
        return (
            f"Among {n} simulated games from the same start, {lower} peaked lower than this one, {self.same} "
            f"at the same rung and {higher} higher; {self.end_kinds.get(self.end, 0)} of {n} "
            f"({self.end_share:.0%}) ended the way this one did ({self.end})."
        )


def compare(scenario: LoadedScenario, state: GameState, seats: dict[str, str], n: int = 200) -> Comparison:
    """Play `n` bot games from the card's start and place this game among them."""
    sim_seats = {t: (HUMAN_PROXY if s == "human" else s) for t, s in seats.items()}
    peaks, ends = simulated(scenario, sim_seats, n)
    peak = int(state.vars["peak_rung"])
    return Comparison(
        games=n,
        seats={t: sim_seats.get(t, HUMAN_PROXY) for t in seats},
        peak_rungs=dict(sorted(peaks.items())),
        end_kinds=dict(ends.most_common()),
        peak=peak,
        end=state.end or "in progress",
        below=sum(k for r, k in peaks.items() if r < peak),
        same=peaks.get(peak, 0),
    )
