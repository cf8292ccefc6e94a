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
from wargame.scenario.loader import LoadedScenario, load_scenario

HUMAN_PROXY = "bot:quantal"
_SIMULATED: dict[tuple[Any, ...], tuple[Counter[int], Counter[str]]] = {}
"""The simulated games of a start (they depend only on the card and the seats): a rewound or
replayed game, or a second class on the same card, is compared without playing them again."""
_KEEP = 16


def _key(scenario: LoadedScenario, sim_seats: dict[str, str], n: int) -> tuple[Any, ...]:
    return (scenario.content_hash, str(scenario.path), tuple(sorted(sim_seats.items())), n)


def simulated(scenario: LoadedScenario, sim_seats: dict[str, str], n: int) -> tuple[Counter[int], Counter[str]]:
    """Peak rungs and end kinds of `n` bot games from the card's start (seeds 1…n), computed
    once per card content and seats."""
    key = _key(scenario, sim_seats, n)
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
        _remember(key, (peaks, ends))
    peaks, ends = _SIMULATED[key]
    return Counter(peaks), Counter(ends)


def _remember(key: tuple[Any, ...], games: tuple[Counter[int], Counter[str]]) -> None:
    if len(_SIMULATED) >= _KEEP:
        _SIMULATED.pop(next(iter(_SIMULATED)))
    _SIMULATED[key] = games


def sim_seats(seats: dict[str, str]) -> dict[str, str]:
    """The seats the simulated games are played with: each human seat by the quantal bot."""
    return {t: (HUMAN_PROXY if s == "human" else s) for t, s in seats.items()}


@dataclass(frozen=True)
class Simulation:
    """The simulated games of a start as a job for another process (a server plays them there,
    so that its event loop never waits for them). Picklable: the card travels as its path and
    is loaded again there, and checked against its content hash. Calling it plays the games
    (`simulated`, so the counts are the same as in this process); `learn` keeps them here."""

    path: str
    content_hash: str
    seats: tuple[tuple[str, str], ...]
    n: int

    def __call__(self) -> tuple[Counter[int], Counter[str]] | None:
        """The games' peak rungs and end kinds; None if the card changed on disk since (then
        they are played where the card is held, as before)."""
        scenario = load_scenario(self.path)
        if scenario.content_hash != self.content_hash:
            return None
        return simulated(scenario, dict(self.seats), self.n)

    def learn(self, scenario: LoadedScenario, games: tuple[Counter[int], Counter[str]]) -> None:
        """Keep the games played elsewhere, as if `simulated` had played them here."""
        _remember(_key(scenario, dict(self.seats), self.n), games)


def simulation(scenario: LoadedScenario, seats: dict[str, str], n: int = 200) -> Simulation | None:
    """The job that plays the simulated games for `compare(scenario, …, seats, n)`; None when
    they are already known here."""
    played = sim_seats(seats)
    if _key(scenario, played, n) in _SIMULATED:
        return None
    return Simulation(str(scenario.path), scenario.content_hash, tuple(sorted(played.items())), n)


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
    played = sim_seats(seats)
    peaks, ends = simulated(scenario, played, n)
    peak = int(state.vars["peak_rung"])
    return Comparison(
        games=n,
        seats={t: played.get(t, HUMAN_PROXY) for t in seats},
        peak_rungs=dict(sorted(peaks.items())),
        end_kinds=dict(ends.most_common()),
        peak=peak,
        end=state.end or "in progress",
        below=sum(k for r, k in peaks.items() if r < peak),
        same=peaks.get(peak, 0),
    )
