"""The play session: one game run for any front end.

A session holds the seats (`human` or `bot:<policy>`), takes each human team's submission
once per turn (a resubmission before adjudication replaces the draft), lets the bots play
their seats and adjudicates as soon as every human seat has submitted, carries out the
facilitator's verbs, autosaves (a failure becomes a warning, never a crash), resumes and
forks saves under one naming rule, and numbers every change: `updates_since(version,
audience)` says what changed since a version, for one audience, so that a remote client can
be sent a diff and a reconnecting one a full resync.

    session = PlaySession.new(scenario, {"india": "human", "pakistan": "bot:dove"}, seed=7)
    receipt = session.submit("india", Draft(orders=[OrderDraft(move="revoke_mfn")]))
    receipt.adjudicated                   # True: India was the only human seat
    session.results("india")              # what India saw happen
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame.session import views as v
from wargame.session.adapt import EngineGame, Saver, load_saved, new_game_id
from wargame.session.errors import GameBusy, Refused

STATE_CHANGES = frozenset({"started", "adjudicated", "fired", "held", "overridden", "adjusted", "undone", "rewound"})
"""Changes after which a team's options may differ."""
RESETS = frozenset({"started", "overridden", "undone", "rewound"})
"""Changes that rewrite the event log: a client older than one of them must resync."""


def fork_game_id(game_id: str, turn: int) -> str:
    """The id of a branch started at the start of `turn` (the one naming rule for forks)."""
    return f"{game_id}-fork-t{turn}"


@dataclass(frozen=True)
class _Mark:
    version: int
    change: v.Change
    log_length: int
    team: str | None = None
    """The team that submitted (`submitted` marks)."""


class PlaySession:
    """Runs one game: seats, submissions, bots, adjudication, facilitator verbs, autosave,
    and the versioned stream of changes."""

    def __init__(
        self,
        engine: EngineGame,
        seats: dict[str, str],
        *,
        facilitator: bool = False,
        saves: Path | None = None,
        game_id: str = "",
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self._engine = engine
        self.seats = {t: seats.get(t, "human") for t in engine.teams}
        self.facilitator = facilitator
        self.saves = saves
        self.game_id = game_id or new_game_id(engine.scenario, engine.seed)
        self.on_warning = on_warning
        self.warnings: list[str] = []
        self.last_save: Path | None = None
        self.paused = False
        self.save_failed: str | None = None
        """Why the last autosave failed (None once one succeeds again)."""
        self.turn_clock: float | None = None
        """A served game's turn clock in minutes (saved; `wargame serve --resume` restores it)."""
        self.save_after_updates = False
        """Set by a server: an autosave is written once the change's updates are on their way to
        the clients (`write_due_save`), so a disk slow to sync does not delay them."""
        self._save_due = False
        self.bot_clients: dict[str, str] = {}
        """Human seats whose last orders a `wargame join --bot` client gave: team → `bot:POLICY`
        (saved; the report counts them as bot seats)."""
        self._saver = self._open_saver()
        self._drafts: dict[str, v.Draft] = {}
        self._bots: dict[str, Any] = {}
        self._receipts: dict[str, v.Receipt] = {}
        self._seen: dict[str, int] = {}
        self._result_start = engine.log_length
        self._marks: list[_Mark] = [_Mark(1, "started", engine.log_length)]

    # ------------------------------------------------------------------ opening
    @classmethod
    def new(
        cls,
        scenario: Any,
        seats: dict[str, str],
        seed: int,
        *,
        facilitator: bool = False,
        saves: Path | None = None,
        undo: bool = True,
        on_warning: Callable[[str], None] | None = None,
    ) -> PlaySession:
        """A new game of a loaded card (`wargame.scenario.loader.load_scenario`). With
        `undo=False` no per-turn history is kept (the facilitator cannot undo or overrule)."""
        engine = EngineGame.new(scenario, seed, undo=undo)
        return cls(engine, seats, facilitator=facilitator, saves=saves, on_warning=on_warning)

    @classmethod
    def resume(
        cls,
        path: Path,
        *,
        saves: Path | None = None,
        seats: dict[str, str] | None = None,
        on_warning: Callable[[str], None] | None = None,
    ) -> PlaySession:
        """Continue a save (raises `ResumeError`); `seats` replaces some of the saved seats."""
        saved, engine = load_saved(path)
        session = cls(
            engine,
            saved.seats | (seats or {}),
            facilitator=saved.facilitator,
            saves=saves,
            game_id=saved.game_id,
            on_warning=on_warning,
        )
        session.turn_clock = saved.turn_clock
        session._result_start = engine.last_results_start  # a team joining the resumed game sees them
        session.bot_clients = dict(saved.bot_clients or {})
        if saved.notice:
            session._warn(saved.notice)
        return session

    # ------------------------------------------------------------------ facts
    @property
    def title(self) -> str:
        return self._engine.title

    @property
    def seed(self) -> int:
        return self._engine.seed

    @property
    def teams(self) -> list[str]:
        return self._engine.teams

    @property
    def humans(self) -> list[str]:
        return [t for t in self.teams if self.seats[t] == "human"]

    def name(self, team: str) -> str:
        return self._engine.team_name(team)

    @property
    def turn(self) -> int:
        return self._engine.turn

    @property
    def turns_played(self) -> int:
        return self._engine.turns_played

    @property
    def over(self) -> bool:
        return self._engine.over

    @property
    def version(self) -> int:
        return self._marks[-1].version

    @property
    def submitted(self) -> list[str]:
        """Human teams whose submission for this turn is in."""
        return [t for t in self.teams if t in self._drafts]

    def next_human(self) -> str | None:
        """The next human team that has not submitted this turn (hot-seat order)."""
        return next((t for t in self.humans if t not in self._drafts), None)

    # ------------------------------------------------------------------ views
    def situation(self) -> v.Situation:
        return self._engine.situation(self.paused)

    def team_view(self, team: str) -> v.TeamView:
        self._check_team(team)
        return self._engine.team_view(team, self._drafts.get(team), self.paused)

    def reference(self) -> v.Reference:
        """The glossary and the rulebook's teaching notes (the same for every audience)."""
        return self._engine.reference()

    def facilitator_view(self) -> v.FacilitatorView:
        return self._engine.facilitator_view(self.seats, self._drafts, self.paused)

    def public_view(self) -> v.PublicView:
        return self._engine.public_view(self.paused)

    def played_seats(self) -> dict[str, str]:
        """Who played each team, as the report says it: the seats, with a human seat whose orders
        a `wargame join --bot` client gave shown as that bot."""
        return {t: self.bot_clients.get(t, seat) if seat == "human" else seat for t, seat in self.seats.items()}

    def _played_by(self, team: str, by_bot: str | None) -> None:
        from wargame.session.seats import SeatError, normalise

        try:
            bot = normalise(by_bot) if by_bot else None
        except SeatError:
            bot = None
        if bot is None or bot == "human":
            self.bot_clients.pop(team, None)
        else:
            self.bot_clients[team] = bot

    def debrief(self, with_comparison: bool = True) -> v.DebriefView:
        """The debrief of the ended game. With `with_comparison=False` the comparison with simulated
        games is left out unless it is already computed (it takes a while: a server sends the
        debrief first and the comparison after)."""
        return self._engine.debrief(self.played_seats(), with_comparison)

    @property
    def comparison_ready(self) -> bool:
        """Whether the debrief's comparison with simulated games is computed (see `debrief`)."""
        return self._engine.comparison_ready(self.played_seats())

    def comparison_job(self, ahead: bool = False) -> Callable[[], Any] | None:
        """The slow part of the debrief's comparison (the simulated games) as a picklable job for
        another process; None when there is nothing to play (with `ahead`, even before the game
        is over: for the seats as they are now). Hand what it returns (if not None) to
        `learn_comparison`; then `debrief()` has the comparison at once."""
        return self._engine.comparison_job(self.played_seats(), ahead)

    def learn_comparison(self, job: Callable[[], Any], games: Any) -> None:
        self._engine.learn_comparison(job, games)  # type: ignore[arg-type]

    def changed_at(self, audience: str | None) -> int:
        """The version of the last change that may have altered `audience`'s view: a team's
        view does not change when another team submits (a server rebuilds only what changed)."""
        for mark in reversed(self._marks):
            if mark.change != "submitted" or audience in (None, v.FACILITATOR) or mark.team == audience:
                return mark.version
        return 1

    def options(self, team: str) -> list[v.MoveOption]:
        self._check_team(team)
        return self._engine.options(team)

    def results(self, audience: str | None) -> list[v.EventView]:
        """What `audience` saw happen in the last adjudicated turn (after an override: the
        turn as re-run). The next turn's opening events are not part of it."""
        return self._engine.turn_events(self._result_start, self.turns_played, audience)

    def events_since(self, start: int, audience: str | None) -> list[v.EventView]:
        """Events from log position `start` on that `audience` sees."""
        return self._engine.events(audience, start)

    def unseen_events(self, team: str) -> list[v.EventView]:
        """Events `team` has not been shown yet at this screen (hot-seat inject cards)."""
        start = self._seen.get(team, 0)
        self._seen[team] = self._engine.log_length
        return self._engine.events(team, start)

    def updates_since(self, version: int, audience: str | None) -> v.Updates:
        """What changed since `version` for a team, `PUBLIC` or the facilitator (None or
        `FACILITATOR`): new visible events, the situation, the changes' kinds, and for a
        team its options (when they may have changed) and its own draft."""
        team = audience if audience in self.teams else None
        if audience not in (None, v.PUBLIC, v.FACILITATOR) and team is None:
            raise Refused(f"no team '{audience}' on this card; teams: {', '.join(self.teams)}")
        later = [m for m in self._marks if m.version > version]
        resync = version < 1 or version > self.version or any(m.change in RESETS for m in later)
        changes = [m.change for m in self._marks] if resync else [m.change for m in later]
        start = 0 if resync else next(m.log_length for m in reversed(self._marks) if m.version <= version)
        state_changed = resync or any(c in STATE_CHANGES for c in changes)
        return v.Updates(
            version=self.version,
            since=version,
            resync=resync,
            changes=changes,
            situation=self.situation(),
            events=self._engine.events(audience, start),
            submitted=self.submitted,
            options=self._engine.options(team) if team and state_changed else None,
            draft=self._drafts.get(team) if team else None,
        )

    # ------------------------------------------------------------------ playing
    def submit(
        self,
        team: str,
        draft: v.Draft,
        *,
        turn: int | None = None,
        request_id: str | None = None,
        by_bot: str | None = None,
    ) -> v.Receipt:
        """A human team's orders, answers and choices for this turn (raises `Refused` with the
        reason). A resubmission before adjudication replaces the draft; when every human seat
        has submitted, the bots play and the turn is adjudicated. `turn` and `request_id`
        make a resend harmless: a request id seen before is acknowledged, not applied again.
        `by_bot` is the `bot:POLICY` of a `wargame join --bot` client that gave the orders
        (None: people); the save and the report record the seat as that bot's."""
        if request_id is not None and request_id in self._receipts:
            return self._receipts[request_id].model_copy(update={"duplicate": True})
        self._check_team(team)
        if self.over:
            raise Refused("the game is over")
        if self.paused:
            raise Refused("the game is paused by the facilitator")
        if turn is not None and turn != self.turn:
            raise Refused(f"the orders are for turn {turn}, but this is turn {self.turn}")
        if self.seats[team] != "human":
            raise Refused(f"{team} is played by {self.seats[team]}")
        submitted_turn = self.turn
        self._engine.submit(team, draft)
        self._drafts[team] = draft
        self._played_by(team, by_bot)
        self._bump("submitted", team)
        adjudicated = self.next_human() is None
        if adjudicated:
            self.adjudicate()
        receipt = v.Receipt(team=team, turn=submitted_turn, request_id=request_id, adjudicated=adjudicated)
        if request_id is not None:
            self._receipts[request_id] = receipt
        return receipt

    def adjudicate(self) -> list[v.EventView]:
        """The bots play their seats, the turn is resolved (human seats that have not
        submitted order nothing) and autosaved. Returns every event of the turn."""
        if self.over:
            raise Refused("the game is over")
        self._resolve(self.seats)
        self.autosave()
        return self.results(None)

    def expire(self, fallback: dict[str, str], reason: str = "the turn clock ran out") -> dict[str, str]:
        """End the turn now (the turn clock ran out, or the facilitator ended it): each human
        seat that has not submitted orders nothing, or its `fallback` bot (`bot:POLICY`) plays
        this one turn. The event log and the save record which (a `clock_expired` decision);
        the turn is then adjudicated. Returns team → `nothing` or the bot that played it."""
        from wargame.session.seats import SeatError, normalise

        if self.over:
            raise Refused("the game is over")
        if self.paused:
            raise Refused("the game is paused by the facilitator")
        got: dict[str, str] = {}
        for team in self.humans:
            if team not in self._drafts:
                try:
                    got[team] = normalise(fallback[team]) if fallback.get(team, "none") != "none" else "nothing"
                except SeatError as exc:
                    raise Refused(str(exc)) from None
        start = self._engine.log_length
        if got:
            self._engine.clock_expired(got, reason)
        borrowed = {t: seat for t, seat in got.items() if seat != "nothing"}
        for team in borrowed:
            self._bots.pop(team, None)
        self._resolve(self.seats | borrowed)
        for team in borrowed:
            self._bots.pop(team, None)  # the fallback bot plays this turn only
        if got:
            self._result_start = start  # the turn's results open with who ran out of time
        self.autosave()
        return got

    def _resolve(self, seats: dict[str, str]) -> None:
        self._engine.play_bots(seats, self._bots)
        self._result_start = self._engine.adjudicate()
        self._drafts = {}
        self._bump("adjudicated")

    def set_seat(self, team: str, seat: str) -> None:
        """Hand a seat to a human or a bot policy (`human` or `bot:<policy>`)."""
        from wargame.session.seats import SeatError, normalise

        self._check_team(team)
        before = self.seats[team]
        try:
            self.seats[team] = normalise(seat)
        except SeatError as exc:
            raise Refused(str(exc)) from None
        if self.seats[team] != "human":
            self._drafts.pop(team, None)
        if self.seats[team] != before:
            self._bots.pop(team, None)  # a seat handed to another policy gets that policy's bot
        self._bump("seats")

    # ------------------------------------------------------------------ facilitator
    def fire(self, inject: str) -> None:
        self._engine.fire(inject)
        self._after("fired")

    def hold(self, inject: str) -> None:
        self._engine.hold(inject)
        self._after("held")

    def override(self, team: str, move: str, success: bool, reason: str) -> list[v.EventView]:
        """Rule one of last turn's chance outcomes a success or a failure (with a reason) and
        re-run that turn with the same dice otherwise; returns the re-run turn's events."""
        self._result_start = self._engine.override(team, move, success, reason)
        self._after("overridden")
        return self.results(None)

    def adjust(self, name: str, value: float, reason: str) -> None:
        self._engine.adjust(name, value, reason)
        self._after("adjusted")

    def undo(self) -> None:
        """Back to the start of the last adjudicated turn; its orders must be given again."""
        self._engine.undo()
        self._drafts = {}
        self._seen = {}
        self._after("undone")

    def fork(self, turn: int) -> str:
        """Rewind to the start of `turn` as a new branch (named by `fork_game_id`); the saves
        so far are kept. Returns the branch's id."""
        if not 1 <= turn <= self.turn:
            raise Refused(f"the game has reached turn {self.turn}; cannot fork at turn {turn}")
        self._engine = self._engine.fork(turn, self.game_id, self.seats, self.facilitator)
        self.game_id = fork_game_id(self.game_id, turn)
        self._saver = self._open_saver()
        self._drafts = {}
        self._seen = {}
        self._result_start = self._engine.log_length
        self._after("rewound")
        return self.game_id

    def pause(self) -> None:
        if not self.paused:
            self.paused = True
            self._bump("paused")

    def unpause(self) -> None:
        if self.paused:
            self.paused = False
            self._bump("resumed")

    # ------------------------------------------------------------------ saving
    def _open_saver(self) -> Saver | None:
        """The autosaver of this game id, holding its lock; when another process is saving the
        same game, this one continues as a branch of its own (and says so)."""
        if self.saves is None:
            return None
        saver = Saver(self.saves, self.game_id)
        try:
            saver.acquire()
        except GameBusy:
            busy, n = self.game_id, 1
            while True:
                candidate = fork_game_id(busy, self.turn) + (f"-{n}" if n > 1 else "")
                saver = Saver(self.saves, candidate)
                try:
                    saver.acquire()
                    break
                except GameBusy:
                    n += 1
            self.game_id = candidate
            self._warn(f"another wargame process is saving game {busy}; this one continues as {candidate}")
        return saver

    def autosave(self) -> Path | None:
        """Write an autosave (when a saves folder was given). A failure is reported through
        `on_warning` (and kept in `warnings`), never raised. With `save_after_updates` set, the
        save is only marked as due: `write_due_save()` writes it."""
        if self._saver is None:
            return None
        if self.save_after_updates:
            self._save_due = True
            return self.last_save
        return self._write_save()

    def write_due_save(self) -> Path | None:
        """Write the autosave marked as due (see `save_after_updates`), if any."""
        if not self._save_due:
            return None
        return self._write_save()

    def _write_save(self) -> Path | None:
        assert self._saver is not None
        self._save_due = False
        try:
            served = {"turn_clock": self.turn_clock, "bot_clients": self.bot_clients}
            self.last_save = self._saver.save(self._engine, self.seats, self.facilitator, **served)
        except OSError as exc:
            self.save_failed = f"could not autosave to {self._saver.folder}: {exc.strerror or exc}"
            self._warn(self.save_failed)
            return None
        self.save_failed = None
        return self.last_save

    def export_report(self) -> tuple[Path, Path]:
        """Write the after-action report (Markdown and HTML) to the saves folder; raises
        `Refused` without one and OSError when it cannot be written."""
        if self.saves is None:
            raise Refused("No saves folder: start wargame with --saves DIR to export.")
        return self._engine.write_report(self.saves, f"{self.game_id or 'game'}.report", self.played_seats())

    # ------------------------------------------------------------------ headless transcript
    @property
    def log_length(self) -> int:
        return self._engine.log_length

    def turn_start(self) -> int:
        """Log position of the first event of the current turn (what a resumed game shows)."""
        return next((e.index for e in self._engine.events(None) if e.turn >= self.turn), self.log_length)

    def transcript_header(self) -> str:
        return self._engine.transcript_header()

    def transcript(self, start: int, through_turn: int | None = None) -> list[str]:
        """The transcript lines of every event from log position `start` on (all audiences),
        up to the end of `through_turn` when given."""
        return self._engine.transcript_lines(start, self.log_end_of(through_turn))

    def log_end_of(self, turn: int | None) -> int:
        """Log position just after the last event of `turn` (the whole log when None)."""
        if turn is None:
            return self.log_length
        return next((e.index for e in self._engine.events(None) if e.turn > turn), self.log_length)

    def transcript_status(self) -> str:
        return self._engine.transcript_status()

    def transcript_ending(self) -> list[str]:
        return self._engine.transcript_ending()

    @property
    def loaded_card(self) -> Any:
        """The loaded card this game plays (`wargame.scenario.loader.LoadedScenario`)."""
        return self._engine.scenario

    def offer_ids(self, team: str, answers: dict[str, str]) -> dict[str, str]:
        """Answers keyed by offer id or mediator id → keyed by the team's open offers' ids."""
        return self._engine.offer_ids(team, answers)

    # ------------------------------------------------------------------ internals
    def _check_team(self, team: str) -> None:
        if team not in self.seats:
            raise Refused(f"'{team}' is not a team on this card; teams: {', '.join(self.teams)}")

    def _bump(self, change: v.Change, team: str | None = None) -> None:
        self._marks.append(_Mark(self.version + 1, change, self._engine.log_length, team))

    def _after(self, change: v.Change) -> None:
        self._bump(change)
        self.autosave()

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        if self.on_warning is not None:
            self.on_warning(message)
