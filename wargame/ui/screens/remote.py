"""Screens of the network client: the join-code prompt, waiting for the other teams, the
projector's public view, and the pause overlay that only the facilitator can lift."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, RichLog, Static

from wargame.net import drafts
from wargame.ui.screens.debrief import DebriefScreen
from wargame.ui.screens.render import crisis_header, event_line
from wargame.ui.screens.turn import TurnScreen
from wargame.ui.text import clean, safe

if TYPE_CHECKING:
    from wargame.net.remote import RemoteSession
    from wargame.session.views import Draft, OrderDraft, Receipt, TeamView


def clock_text(session: RemoteSession) -> str:
    clock = session.clock
    if clock.remaining is None:
        return "No turn clock"
    minutes, seconds = divmod(int(clock.remaining), 60)
    frozen = " (paused)" if session.paused else ""
    return f"Turn clock: {minutes}:{seconds:02d} left{frozen}"


class ClockBar(Static):
    """One line with the turn clock, counted down every second (hidden when there is no clock)."""

    DEFAULT_CSS = "ClockBar { dock: top; height: 1; padding: 0 1; text-style: bold; text-align: right; }"

    def __init__(self, session: RemoteSession) -> None:
        super().__init__(id="turn-clock")
        self.session = session

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        self.display = self.session.clock.remaining is not None
        self.update(clock_text(self.session))


class RemoteTurnScreen(TurnScreen):
    """A team's turn over the network: the hot-seat turn screen with the turn clock on top.

    The draft is shared with the team as it changes, part by part (the orders, the why, each
    answer, each choice: `wargame.net.drafts`), in the background, so the screen never waits for
    the server. A teammate's change to a part shows here as soon as it arrives, and the last
    change of a part to reach the server wins. While this member has a card, the review or a
    confirmation open, nothing changes under them: teammates' changes are taken up when they are
    back on the turn screen (a part they changed meanwhile stays theirs and is shared). A client
    that crashed or lost its connection picks the draft up where it was left."""

    def __init__(
        self,
        session: RemoteSession,
        team: str,
        on_done: Callable[[Receipt], None],
        on_teammate_submitted: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(session, team, on_done)  # type: ignore[arg-type]
        self.remote = session
        self.written = (session.game_id, session.turns_played)
        """The game and turn this screen's draft is for (stamped on every share)."""
        self.on_teammate_submitted = on_teammate_submitted
        """Called when a teammate on another screen has submitted the team's orders."""
        shared = session.snapshot.shared
        if shared is not None:
            self._restore(shared)
        self._last: Draft = self._draft()
        """The draft as last shared from here or taken up from the team."""
        self._mine: set[str] = set()
        """Parts changed here that the server has not yet sent back as they are here."""

    def _restore(self, draft: Draft) -> None:
        """Take up the team's shared draft: orders for moves still open, answers to offers and
        choices still asked this turn."""
        legal = {o.id for o in self.options if o.legal}
        self.orders = [o for o in draft.orders if o.move in legal][: self.view.max_orders]
        offers = {o.id for o in self.view.offers}
        self.answers = {k: a for k, a in draft.answers.items() if k in offers}
        choices = {c.inject: {o.id for o in c.options} for c in self.view.choices}
        self.choices = {k: c for k, c in draft.choices.items() if c in choices.get(k, ())}
        self.why = draft.why

    def _draft(self) -> Draft:
        from wargame.session.views import Draft

        return Draft(orders=list(self.orders), answers=dict(self.answers), choices=dict(self.choices), why=self.why)  # type: ignore[arg-type]

    def _draft_changed(self) -> None:
        """Share the parts changed here (in the background: a failure is only a notice; the orders
        stay here and go with the submission)."""
        if self._sent:
            return
        draft = self._draft()
        edited = drafts.changed(self._last, draft)
        if not edited:
            return
        self._last = draft
        self._mine |= edited
        self.remote.share_soon(draft, self._mine, self.written)

    def take_shared(self) -> None:
        """Show teammates' changes to the draft (the team's draft as the server holds it now),
        unless this member is in a card, the review or a confirmation (see the class's rule)."""
        if self._sent or not self.is_mounted or self.app.screen is not self:
            return
        if self.team in self.remote.submitted:  # by a teammate: nothing left to edit here
            self._sent = True
            self.notify("A teammate submitted your team's orders.")
            self.on_teammate_submitted()
            return
        incoming = self.remote.snapshot.shared
        if incoming is None or (self.remote.game_id, self.remote.turns_played) != self.written:
            return  # the turn has moved on: the next turn's screen takes the team's draft up
        before = self._draft()
        merged, self._mine = drafts.merge(before, incoming, self._mine)
        if merged == self._last:
            return
        self._restore(merged)
        self._last = self._draft()
        self._render_orders()
        self._say_what_went(before.orders)

    def _say_what_went(self, had: list[OrderDraft]) -> None:
        """Name the orders on this screen that a teammate's change took away (the last change to
        the orders wins, so an order can otherwise vanish without a word)."""
        names = {o.id: o.name for o in self.options}
        gone = [names.get(o.move, o.move) for o in had if o.move not in {k.move for k in self.orders}]
        if gone:
            self.notify(
                "A teammate's change to your team's orders removed: " + "; ".join(gone),
                title="Orders changed",
                severity="warning",
            )

    def on_screen_resume(self) -> None:
        """Back from a card, the review or a confirmation: take up what teammates changed meanwhile
        (Textual also runs `TurnScreen.on_screen_resume`, for injects fired meanwhile)."""
        self.take_shared()

    def compose(self) -> ComposeResult:
        yield ClockBar(self.session)  # type: ignore[arg-type]  # a RemoteSession
        yield from super().compose()


class RemoteDebriefScreen(DebriefScreen):
    """The debrief on a joined client: the report stays with the server (`wargame report SAVE`),
    H leaves the game (this window closes), and the facilitator gets back to the console."""

    BINDINGS = [
        Binding("h", "home", "Leave", id="debrief-home"),
        Binding("escape", "back", "Console", id="debrief-console"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return False  # the saves are on the server
        if action == "back":
            return getattr(self.session, "facilitator", False)
        return True

    def action_back(self) -> None:
        self.dismiss()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_view()  # the comparison may have come while the screen was being built

    def refresh_view(self) -> None:
        """The server sends the comparison with simulated games a moment after the debrief
        (it takes a while to compute): show it when it arrives."""
        report = self.session.snapshot.debrief if self.session.over else None  # None: not (yet) over
        if report is None or not report.comparison or self.query("#comparison"):
            return
        self.report = report
        body = self.query_one("#debrief")
        body.mount(Static(Text(clean(report.comparison)), id="comparison"), after=body.children[0])


class CodeScreen(Screen[None]):
    """Asks for the join code (the browser page and `wargame join URL` without --code)."""

    HELP = "Type the join code your facilitator gave your team, then Enter."

    def __init__(self, url: str, on_code: Callable[[str], None]) -> None:
        super().__init__()
        self.url = url
        self.on_code = on_code

    def compose(self) -> ComposeResult:
        with Vertical(id="join"):
            yield Label("Join a classroom game", classes="section-title")
            yield Static(safe(f"Server: {self.url}"))
            yield Input(placeholder="Join code (6 letters and digits)", id="join-code", max_length=64)
            yield Static("", id="join-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        if code:
            self.on_code(code)

    def refused(self, message: str) -> None:
        self.query_one("#join-error", Static).update(Text(message, style="bold"))
        self.query_one(Input).value = ""
        self.query_one(Input).focus()


def submitted_text(view: TeamView) -> Text:
    """What was submitted for the team this turn (by a teammate, or by a bot that stood in)."""
    draft = view.draft
    text = Text()
    if draft is None:
        return text
    names = {o.id: o.name for o in view.options}
    text.append(f"Submitted for {clean(view.name)}:\n", style="bold")
    for i, order in enumerate(draft.orders, 1):
        text.append(f"  {i}. {clean(names.get(order.move, order.move))}")
        text.append(" (authorised)\n" if order.authorise else "\n")
    if not draft.orders:
        text.append("  no orders\n")
    offers = {o.id: o.mediator_name for o in view.offers}
    for offer, answer in draft.answers.items():
        text.append(f"  answer to {clean(offers.get(offer, offer))}'s offer: {answer}\n")
    choices = {c.inject: c for c in view.choices}
    for inject, picked in draft.choices.items():
        choice = choices.get(inject)
        label = next((o.label for o in choice.options if o.id == picked), picked) if choice else picked
        text.append(f"  on '{clean(choice.title if choice else inject)}': {clean(label)}\n")
    return text


class WaitingScreen(Screen[None]):
    """Orders are in: what was submitted, who the turn is waiting for, and the clock."""

    CSS_PATH = "../game.tcss"  # the game screens' rules, parsed when the first one is shown
    HELP = (
        "Your team's orders are in (they are listed here, whoever submitted them). The turn is resolved\n"
        "when every team's are (or the clock runs out). R shows the results of the last turn again."
    )
    BINDINGS = [Binding("r", "results", "Last turn's results", id="waiting-results")]

    def __init__(self, session: RemoteSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="crisis-header")
        with Vertical(id="waiting"):
            yield Label("Orders submitted", classes="section-title", id="waiting-title")
            yield Static(id="waiting-for")
            yield Static(id="waiting-clock")
            yield Static(id="waiting-orders")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "results":
            return self.session.turns_played > 0
        return True

    def action_results(self) -> None:
        self.app.show_results()  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(1, self._tick)

    def _tick(self) -> None:
        self.query_one("#waiting-clock", Static).update(clock_text(self.session))

    def refresh_view(self) -> None:
        s = self.session
        self.query_one("#crisis-header", Static).update(crisis_header(s.situation()))
        waiting = [s.name(t) for t in s.humans if t not in s.submitted]
        text = "Waiting for: " + ", ".join(waiting) if waiting else "Every team's orders are in."
        self.query_one("#waiting-for", Static).update(Text(text))
        team = s.team
        if team is not None and s.seats.get(team) != "human":
            self.query_one("#waiting-title", Label).update("A bot plays your team for now")
            self.query_one("#waiting-for", Static).update(
                Text(f"{s.name(team)} is played by {s.seats[team]} for now (the facilitator decides). {text}")
            )
        elif team is not None:
            self.query_one("#waiting-title", Label).update("Orders submitted")
            self.query_one("#waiting-orders", Static).update(submitted_text(s.team_view(team)))
        self._tick()
        self.refresh_bindings()


class ProjectorScreen(Screen[None]):
    """The projector: public information only — the ladder, the state, the clock, public news."""

    CSS_PATH = "../game.tcss"  # the game screens' rules, parsed when the first one is shown
    HELP = "The projector view: public information only. The facilitator runs the game from the console."
    DEFAULT_CSS = """
    #projector-ladder { width: 56; height: 1fr; }
    #projector-side { width: 1fr; height: 1fr; }
    #projector-clock { height: 1; }
    #projector-news { height: 1fr; }
    #projector-notices { height: auto; max-height: 6; }
    """
    BINDINGS = [Binding("f", "app.facilitator", "Console", id="projector-console")]

    def __init__(self, session: RemoteSession) -> None:
        super().__init__()
        self.session = session
        self._shown = -1

    def compose(self) -> ComposeResult:
        yield Static(id="crisis-header")
        with Horizontal(id="projector"):
            yield Static(id="projector-ladder")
            with Vertical(id="projector-side"):
                yield Static(id="projector-clock")
                yield Static(id="projector-notices")
                yield Label("Public news", classes="section-title")
                yield RichLog(
                    id="projector-news", wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20
                )
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(1, self._tick)

    def _tick(self) -> None:
        self.query_one("#projector-clock", Static).update(Text(clock_text(self.session), style="bold"))

    def refresh_view(self) -> None:
        s = self.session
        situation = s.situation()
        self.query_one("#crisis-header", Static).update(crisis_header(situation))
        try:
            view = s.public_view()
        except Exception:  # the facilitator's client has no public view of its own
            view = None
        if view is not None:
            ladder = Text()
            for i, rung in enumerate(view.ladder):
                mark = "▶ " if i == situation.rung else "  "
                ladder.append(f"{mark}{i:>2} {rung}\n", style="bold reverse" if i == situation.rung else "")
            self.query_one("#projector-ladder", Static).update(ladder)
            news = self.query_one("#projector-news", RichLog)
            if len(view.events) < self._shown or self._shown < 0:
                news.clear()
                self._shown = 0
            for e in view.events[self._shown :]:
                news.write(event_line(e))
            self._shown = len(view.events)
        submitted = ", ".join(s.name(t) for t in s.submitted) or "none yet"
        notices = "\n".join(s.notices[-3:])
        self.query_one("#projector-notices", Static).update(Text(f"Orders in: {submitted}\n{notices}"))
        self._tick()


class RemotePaused(ModalScreen[None]):
    """Covers the whole screen while the facilitator has paused the game (teams cannot lift it)."""

    DEFAULT_CSS = """
    RemotePaused { align: center middle; background: $background; }
    RemotePaused Static { width: auto; padding: 1 2; border: heavy $warning; }
    """

    def compose(self) -> ComposeResult:  # centred on the screen (a scroll container would pin it top-left)
        yield Static("Paused by the facilitator.\n\nThe game goes on when the facilitator resumes it.")


class Disconnected(ModalScreen[None]):
    """Covers the screen while the connection to the server is down (the client keeps retrying)."""

    DEFAULT_CSS = """
    Disconnected { align: center middle; background: $background 80%; }
    Disconnected Static { width: auto; max-width: 100%; padding: 1 2; border: heavy $error; }
    """

    def compose(self) -> ComposeResult:  # lines short enough for 80 columns; narrower, they wrap
        yield Static(
            "Disconnected from the server.\n\nTrying to reconnect… (the server may have been stopped;\n"
            "this screen goes away by itself when it is back)."
        )
