"""`RemoteSession`: a served game seen through the same interface as `PlaySession`, so that
the terminal UI's screens do not know whether the game is local.

The connection runs on its own event loop in a background thread. Reads come from the latest
snapshot the server sent (fog of war was applied there); verbs are requests that block until
the server answers — the server sends the new snapshot before the answer, so a screen that
refreshes after a verb already sees its effect — except sharing a draft in progress, which is
sent in the background (`share_soon`). `listeners` are called (from the connection's
thread) after each snapshot."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wargame.net import protocol as p
from wargame.net.client import NetClient
from wargame.net.sharing import DraftSharer
from wargame.session import views as v
from wargame.session.errors import Refused

TIMEOUT = 30.0


class RemoteSession:
    def __init__(self, url: str, *, code: str | None = None, public: bool = False, label: str = "tui") -> None:
        self.url = url
        self.listeners: list[Callable[[p.State], None]] = []
        self.lost: list[Callable[[str], None]] = []
        """Called when the connection is gone for good (the server refused to take this client back)."""
        self.link: list[Callable[[bool], None]] = []
        """Called with False when the connection drops (it is retried) and True when it is back."""
        self.share_failed: list[Callable[[str], None]] = []
        """Called (from the connection's thread) with the reason when a draft could not be shared."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="wargame-remote", daemon=True)
        self._thread.start()
        self.client = NetClient(
            url, code=code, public=public, label=label, on_state=self._state, on_lost=self._lost, on_link=self._link
        )
        self.sharer = DraftSharer(self.client, self._share_failed)
        self._seen: dict[str, int] = {}
        self.saves: Path | None = None
        self.warnings: list[str] = []

    # ------------------------------------------------------------------ connection
    def connect(self) -> p.Welcome:
        """Join (raises `JoinRefused` with the server's reason)."""
        return self._run(self.client.connect())

    def close(self) -> None:
        if self._loop.is_running():
            try:
                self._run(self.client.close(), timeout=5)
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(5)

    def _run(self, coro: Any, timeout: float = TIMEOUT) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def _state(self, state: p.State) -> None:
        for listener in list(self.listeners):
            listener(state)

    def _lost(self, reason: str) -> None:
        for listener in list(self.lost):
            listener(reason)

    def _link(self, up: bool) -> None:
        for listener in list(self.link):
            listener(up)

    def _share_failed(self, reason: str) -> None:
        for listener in list(self.share_failed):
            listener(reason)

    @property
    def ready(self) -> bool:
        """Whether a snapshot of the game has arrived."""
        return self.client.state is not None

    @property
    def snapshot(self) -> p.State:
        state = self.client.state
        if state is None:
            raise Refused("not connected to a game")
        return state

    @property
    def welcome(self) -> p.Welcome:
        assert self.client.welcome is not None
        return self.client.welcome

    # ------------------------------------------------------------------ who am I
    @property
    def role(self) -> p.Role:
        return self.welcome.role

    @property
    def team(self) -> str | None:
        return self.welcome.team

    @property
    def facilitator(self) -> bool:
        return self.role == "facilitator"

    # ------------------------------------------------------------------ facts (as PlaySession)
    @property
    def title(self) -> str:
        return self.welcome.title

    @property
    def game_id(self) -> str:
        return self.snapshot.game_id

    @property
    def teams(self) -> list[str]:
        return list(self.welcome.teams)

    @property
    def seats(self) -> dict[str, str]:
        return self.snapshot.seats

    @property
    def humans(self) -> list[str]:
        return [t for t in self.teams if self.seats.get(t) == "human"]

    def name(self, team: str) -> str:
        return self.welcome.teams.get(team, team)

    @property
    def turn(self) -> int:
        return self.snapshot.situation.turn

    @property
    def turns_played(self) -> int:
        return self.snapshot.turns_played

    @property
    def over(self) -> bool:
        return self.snapshot.situation.over

    @property
    def paused(self) -> bool:
        return self.snapshot.situation.paused

    @property
    def version(self) -> int:
        return self.snapshot.version

    @property
    def submitted(self) -> list[str]:
        return self.snapshot.submitted

    @property
    def clock(self) -> p.Clock:
        """The turn clock as of now (the seconds left counted down since the snapshot arrived)."""
        clock = self.snapshot.clock
        return clock.model_copy(update={"remaining": self.client.clock_left()})

    @property
    def connected(self) -> list[p.Presence]:
        return self.snapshot.connected or []

    @property
    def notices(self) -> list[str]:
        return self.snapshot.notices

    # ------------------------------------------------------------------ views
    def situation(self) -> v.Situation:
        return self.snapshot.situation

    def team_view(self, team: str) -> v.TeamView:
        view = self.snapshot.team
        if view is None or view.team != team:
            raise Refused(f"this client plays {self.team or 'no team'}, not {team}")
        return view

    def facilitator_view(self) -> v.FacilitatorView:
        view = self.snapshot.facilitator
        if view is None:
            raise Refused("only the facilitator's code sees the whole game")
        return view

    def public_view(self) -> v.PublicView:
        view = self.snapshot.public
        if view is None:
            raise Refused("this client is not the projector")
        return view

    def debrief(self) -> v.DebriefView:
        """The ended game's debrief (it follows the update that ends the game: waits for it)."""
        report = self.snapshot.debrief
        if report is None and self.snapshot.situation.over:
            try:
                state = self._run(self.client.wait_for(lambda s: s.debrief is not None or not s.situation.over))
            except TimeoutError:
                raise Refused("the debrief has not arrived from the server yet: try again in a moment") from None
            report = state.debrief
        if report is None:
            raise Refused("the game is not over")
        return report

    def options(self, team: str) -> list[v.MoveOption]:
        return self.team_view(team).options

    def results(self, audience: str | None) -> list[v.EventView]:
        """The last adjudicated turn as this client's audience saw it (the server chose the audience)."""
        return self.snapshot.turn_results()

    def unseen_events(self, team: str) -> list[v.EventView]:
        """Events this client has not shown yet; a client that joins mid-game starts with the
        current turn's (earlier injects are in its news and results, not cards to answer again)."""
        view = self.team_view(team)
        events = view.events
        turn = view.situation.turn
        first = min((e.index for e in events if e.turn >= turn), default=max((e.index + 1 for e in events), default=0))
        start = self._seen.get(team, first)
        self._seen[team] = max((e.index + 1 for e in events), default=start)
        return [e for e in events if e.index >= start]

    def next_human(self) -> str | None:
        team = self.team
        return team if team and self.seats.get(team) == "human" and team not in self.submitted else None

    # ------------------------------------------------------------------ playing
    def submit(self, team: str, draft: v.Draft, *, turn: int | None = None, request_id: str | None = None) -> v.Receipt:
        if team != self.team:
            raise Refused(f"this client plays {self.team or 'no team'}, not {team}")
        return self._run(self.client.submit(draft, turn=turn, request_id=request_id))

    def share_soon(self, draft: v.Draft, parts: set[str], written: tuple[str, int]) -> None:
        """Show a draft in progress to the other members of the team: the parts `parts` of it (see
        `wargame.net.drafts`), sent in the background (this never waits; see `DraftSharer`).
        `written`: the game and turns played when the turn screen was opened, so a draft edited
        on a turn that has meanwhile been resolved is not kept for the next one."""
        self._loop.call_soon_threadsafe(self.sharer.offer, draft, sorted(parts), written)

    def _verb(self, verb: p.Verb, **fields: Any) -> p.Ack:
        return self._run(self.client.facilitate(verb, **fields))

    def fire(self, inject: str) -> None:
        self._verb("fire", inject=inject)

    def hold(self, inject: str) -> None:
        self._verb("hold", inject=inject)

    def override(self, team: str, move: str, success: bool, reason: str) -> list[v.EventView]:
        self._verb("override", team=team, move=move, success=success, reason=reason)
        return self.results(None)

    def adjust(self, name: str, value: float, reason: str) -> None:
        self._verb("adjust", name=name, value=value, reason=reason)

    def undo(self) -> None:
        self._verb("undo")

    def fork(self, turn: int) -> str:
        return self._verb("rewind", turn=turn).note

    def pause(self) -> None:
        self._verb("pause")

    def unpause(self) -> None:
        self._verb("resume")

    def set_seat(self, team: str, seat: str) -> None:
        self._verb("seat", team=team, seat=seat)

    def set_fallback(self, team: str, seat: str) -> None:
        self._verb("fallback", team=team, seat=seat)

    def set_clock(self, minutes: float) -> None:
        self._verb("clock", minutes=minutes)

    def extend_clock(self, minutes: float) -> None:
        self._verb("extend", minutes=minutes)

    def end_turn(self) -> None:
        self._verb("end_turn")

    # ------------------------------------------------------------------ saving (the server's job)
    def autosave(self) -> None:
        """The server autosaves the game; a client has nothing to save."""
        return None

    def export_report(self) -> tuple[Path, Path]:
        raise Refused("The server keeps this game's saves: export the report there (`wargame report SAVE`).")
