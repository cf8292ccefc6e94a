"""The game as the UI runs it: seats, hot-seat order, bots, autosave. No Textual here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame.engine.game import Game
from wargame.engine.state import Event, Order
from wargame.persistence.saves import Autosaver, new_game_id
from wargame.scenario.loader import LoadedScenario
from wargame.sim.runner import bot_turn


@dataclass
class Session:
    scenario: LoadedScenario
    game: Game
    seats: dict[str, str]
    facilitator: bool = False
    saves: Path | None = None
    game_id: str = ""
    submitted: list[str] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    """How many log events each team has already been shown (for inject cards)."""
    last_save: Path | None = None
    bots: dict[str, Any] = field(default_factory=dict)
    autosaver: Autosaver | None = None

    @classmethod
    def start(
        cls,
        scenario: LoadedScenario,
        seats: dict[str, str],
        seed: int,
        facilitator: bool = False,
        saves: Path | None = None,
    ) -> Session:
        game = Game.new(scenario, seed)
        return cls(scenario, game, seats, facilitator, saves, new_game_id(scenario, seed))

    def __post_init__(self) -> None:
        if self.saves is not None and self.game_id:
            self.autosaver = Autosaver(self.saves, self.game_id)

    @property
    def humans(self) -> list[str]:
        return [t for t in self.game.teams if self.seats.get(t) == "human"]

    def name(self, team: str) -> str:
        return next(p.name for p in self.scenario.rules.parties if p.id == team)

    def next_human(self) -> str | None:
        """The next human team that has not submitted this turn."""
        return next((t for t in self.humans if t not in self.submitted), None)

    def submit(self, team: str, orders: list[Order], answers: dict[str, str], choices: dict[str, str]) -> None:
        self.game.submit(team, orders, answers, choices)
        if team not in self.submitted:
            self.submitted.append(team)

    def finish_turn(self) -> list[Event]:
        """Bots play their seats, the turn is adjudicated and autosaved."""
        bot_turn(self.game, self.seats, self.bots)
        events = self.game.adjudicate()
        self.submitted = []
        self.autosave()
        return events

    def autosave(self) -> Path | None:
        if self.autosaver is None:
            return None
        try:
            self.last_save = self.autosaver.save(self.game, self.scenario, self.seats, self.facilitator)
        except OSError:
            return None
        return self.last_save

    def rewind(self, turn: int) -> None:
        """Start a new branch from the start of `turn` (a fork); the saves so far are kept."""
        from wargame.persistence.saves import rebuild, to_save

        if not 1 <= turn < self.game.turn:
            raise ValueError(f"can rewind only to turns 1 to {self.game.turn - 1}")
        record = to_save(self.game, self.scenario, self.seats, self.game_id, self.facilitator)
        self.game = rebuild(self.scenario, record, upto_turn=turn)
        self.game_id = f"{self.game_id}-fork-t{turn}"
        self.autosaver = Autosaver(self.saves, self.game_id) if self.saves is not None else None
        self.submitted = []
        self.seen = {}
        self.autosave()

    def unseen_events(self, team: str) -> list[Event]:
        log = self.game.state.log
        start = self.seen.get(team, 0)
        self.seen[team] = len(log)
        return [e for e in log[start:] if e.visible(team)]
