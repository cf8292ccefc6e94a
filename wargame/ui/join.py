"""`wargame join URL`: the terminal UI as a client of a served game.

The screens are the hot-seat game's own (briefing, turn, results, debrief, facilitator
console); they drive a `RemoteSession`, which has `PlaySession`'s interface. The flow differs:
one team per client, a waiting screen until every team's orders are in, the projector view,
and a pause that only the facilitator can lift."""

from __future__ import annotations

import asyncio
import gc
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.screen import Screen

from wargame.ui.app import WargameApp
from wargame.ui.screens.modals import Card
from wargame.ui.screens.remote import (
    CodeScreen,
    Disconnected,
    ProjectorScreen,
    RemoteDebriefScreen,
    RemotePaused,
    RemoteTurnScreen,
    WaitingScreen,
)

SHARE_WARNING_EVERY = 30.0
"""Seconds between two notices that a draft could not be shared."""

if TYPE_CHECKING:
    from wargame.net.protocol import State
    from wargame.net.remote import RemoteSession
    from wargame.session.views import EventView, Receipt, Situation


class JoinApp(WargameApp):
    TITLE = "wargame — classroom"

    def __init__(self, url: str, code: str | None = None, public: bool = False) -> None:
        super().__init__(Path.cwd(), None)
        self.url = url
        self.code = code
        self.public = public
        self.remote: RemoteSession | None = None
        self._results_for = 0
        self._game = ""
        self._paused: RemotePaused | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._missed = False
        self._disconnected: Disconnected | None = None
        self._debriefed: tuple[str, int] | None = None
        self._share_warned = -SHARE_WARNING_EVERY
        self._owed: dict[int, tuple[list[EventView], Situation]] = {}
        """Results of turns resolved after `_results_for` (their events and the situation after
        them), kept to be shown in order: a team reading one turn's results does not miss the next's."""

    async def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not the local game's start (home screen, setup)
        self._loop = asyncio.get_running_loop()
        await self.push_screen(Screen())
        self._home_shown = True
        if self.code or self.public:
            self.join(self.code)
        else:
            await self.push_screen(CodeScreen(self.url, self.join))
        self.call_after_refresh(self._check_size)

    # ------------------------------------------------------------------ joining
    def join(self, code: str | None) -> None:
        from wargame.net.client import JoinRefused
        from wargame.net.remote import RemoteSession

        remote = RemoteSession(self.url, code=code, public=self.public, label="tui")
        try:
            remote.connect()
        except JoinRefused as exc:
            remote.close()
            if isinstance(self.screen, CodeScreen):
                self.screen.refused(str(exc))
            else:
                self.push_screen(Card("Cannot join this game", str(exc)), lambda _: self.exit())
            return
        self.remote = remote
        self.session = remote  # type: ignore[assignment]  # the screens need only PlaySession's interface
        remote.listeners.append(lambda state: self._soon(lambda: self._new_state(state)))
        remote.lost.append(lambda reason: self._soon(lambda: self._gone(reason)))
        remote.link.append(lambda up: self._soon(lambda: self._link(up)))
        remote.share_failed.append(lambda reason: self._soon(lambda: self._not_shared(reason)))
        who = remote.name(remote.team) if remote.team else remote.role
        self.notify(f"Joined {remote.title} as {who}")
        self._missed = remote.turns_played > 0  # joined mid-game: the last turn's results first
        if remote.role == "team":
            self.advance()
        else:
            self.switch_screen(ProjectorScreen(remote))
            if remote.role == "facilitator":
                self.action_facilitator()
        self._changed()
        self.call_after_refresh(gc.freeze)  # full collections no longer walk the app's long-lived objects

    def _link(self, up: bool) -> None:
        """The connection dropped (say so and keep trying) or is back."""
        if not up and self._disconnected is None:
            self._disconnected = Disconnected()
            self.push_screen(self._disconnected)
        elif up and self._disconnected is not None:
            if self.screen is self._disconnected:
                self.pop_screen()
            self._disconnected = None

    def _not_shared(self, reason: str) -> None:
        """A draft in progress could not be shared: a quiet notice (at most one every half minute)."""
        now = time.monotonic()
        if now - self._share_warned < SHARE_WARNING_EVERY:
            return
        self._share_warned = now
        self.notify(
            f"Your teammates may not see your latest changes ({reason}). They stay here and go with your orders.",
            title="Draft not shared",
            severity="warning",
        )

    def _gone(self, reason: str) -> None:
        """The server will not take this client back (new codes after a restart): say so, then leave."""
        self._link(True)
        self.push_screen(Card("Disconnected", reason), lambda _: self.exit())

    def _soon(self, callback: object) -> None:
        """Run `callback` on the app's loop (called from the connection's thread; never waits)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(callback)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ the loop (one team)
    def advance(self) -> None:
        from wargame.ui.screens.briefing import BriefingScreen

        s = self.remote
        if s is None or s.team is None:
            return
        team = s.team
        if team in self.briefed and s.game_id == self._game and self._results_for < s.turns_played:
            self.show_results()  # a turn resolved while the team was reading the one before's
            return
        self._owed.clear()
        self._results_for, self._game = s.turns_played, s.game_id
        if s.over and s.snapshot.debrief is None:
            self.switch_screen(WaitingScreen(s))  # the debrief follows in a moment (see `_changed`)
        elif s.over:
            self.switch_screen(RemoteDebriefScreen(s))  # type: ignore[arg-type]
        elif team not in self.briefed:
            self.briefed.add(team)
            self.switch_screen(BriefingScreen(s, team, self.advance))  # type: ignore[arg-type]
        elif self._missed:
            self.show_results()
        elif s.seats.get(team) != "human" or team in s.submitted:
            self.switch_screen(WaitingScreen(s))
        else:
            self.switch_screen(RemoteTurnScreen(s, team, self._submitted, self.advance))  # type: ignore[arg-type]

    def _submitted(self, receipt: Receipt) -> None:
        if receipt.adjudicated:
            self.show_results()
        else:
            self.advance()

    def show_results(self) -> None:
        """The results of the first turn the team has not seen them of (if it is not the last:
        Continue then shows the next), else of the last turn."""
        from wargame.ui.screens.results import ResultsScreen

        s = self.remote
        assert s is not None
        self._missed = False  # a team that joined mid-game: these are the results it had missed
        earlier = self._earlier_results(s)
        if earlier:
            turn = earlier[0]
            events, situation = self._owed.pop(turn)
            self._results_for = turn
            if s.role == "team" and s.team is not None:
                screen = ResultsScreen(s, s.team, self.advance, earlier=(turn, events, situation))  # type: ignore[arg-type]
                self.switch_screen(screen)
            return
        self._owed.clear()
        self._results_for, self._game = s.turns_played, s.game_id
        if s.role == "team" and s.team is not None:
            self.switch_screen(ResultsScreen(s, s.team, self.advance))  # type: ignore[arg-type]

    def _earlier_results(self, s: RemoteSession) -> list[int]:
        """Turns resolved since the results last shown, before the last one (whose results the
        session itself holds), in order."""
        if s.game_id != self._game:
            return []
        return sorted(t for t in self._owed if self._results_for < t < s.turns_played)

    def _new_state(self, state: State) -> None:
        """Keep each resolved turn's results as they arrive (only the last turn's are in a snapshot),
        then follow the game."""
        if state.game_id != self._game or state.turns_played < self._results_for:
            self._owed.clear()  # another game (a rewind) or an undo: those results are gone
        elif state.turns_played > self._results_for and state.team is not None:
            self._owed[state.turns_played] = (state.turn_results(), state.situation)
        self._changed()

    def _changed(self) -> None:
        """A new snapshot arrived: follow the game (new turn, pause, the console's tables)."""
        from wargame.ui.screens.facilitator import FacilitatorScreen
        from wargame.ui.screens.turn import TurnScreen

        s = self.remote
        if s is None or not s.ready:
            return
        if s.paused and s.role != "facilitator" and self._paused is None:
            self._paused = RemotePaused()
            self.push_screen(self._paused)
        elif not s.paused and self._paused is not None:
            if self.screen is self._paused:
                self.pop_screen()
            self._paused = None
        for screen in self.screen_stack:
            if (
                isinstance(screen, WaitingScreen | ProjectorScreen | FacilitatorScreen | RemoteDebriefScreen)
                and screen.is_mounted
            ):
                screen.refresh_view()
            elif isinstance(screen, RemoteTurnScreen):
                screen.take_shared()  # a teammate's changes to the draft
        if s.role != "team":
            self._follow_the_end(s)
            return
        if self._paused is not None:
            return
        moved = (s.turns_played, s.game_id) != (self._results_for, self._game)
        if moved and isinstance(self.screen, TurnScreen | WaitingScreen):
            if s.turns_played > self._results_for and s.game_id == self._game:
                self.show_results()
            else:  # undone or rewound: the turn is to be played again
                self.notify("The facilitator took the game back a turn.")
                self.advance()
        elif isinstance(self.screen, WaitingScreen) and s.over and s.snapshot.debrief is not None:
            self.advance()  # the debrief has arrived
        elif isinstance(self.screen, WaitingScreen) and s.team not in s.submitted and s.seats.get(s.team) == "human":
            self.advance()  # the seat came back to people

    def _follow_the_end(self, s: RemoteSession) -> None:
        """The projector and the console show the debrief when the game ends (the console's
        Escape returns to it; an undo after the end takes the debrief away)."""
        shown = [screen for screen in self.screen_stack if isinstance(screen, RemoteDebriefScreen)]
        arrived = s.snapshot.debrief is not None  # it follows the update that ends the game
        if s.over and arrived and not shown and self._debriefed != (s.game_id, s.turns_played):
            self._debriefed = (s.game_id, s.turns_played)
            self.push_screen(RemoteDebriefScreen(s))  # type: ignore[arg-type]
        elif not s.over and shown and self.screen is shown[-1]:
            self.pop_screen()

    def _facilitator_change(self, what: str, payload: object) -> None:
        """The console stays open: every client (this one included) follows the new snapshot."""

    def go_home(self) -> None:
        self.exit()

    async def action_quit(self) -> None:
        if self.remote is not None:
            self.remote.close()
        self.exit()


def run_join(url: str, code: str | None = None, public: bool = False) -> None:
    JoinApp(url, code, public).run()
