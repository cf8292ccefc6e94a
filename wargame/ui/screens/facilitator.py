"""The facilitator console: every team's full state, injects, rulings, adjustments, undo, pause."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, DataTable, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from wargame.session.errors import Refused
from wargame.ui.screens.modals import Card, Confirm, Paused
from wargame.ui.screens.render import number
from wargame.ui.text import clean, fit, safe, short_name

if TYPE_CHECKING:
    from wargame.session.session import PlaySession
    from wargame.session.views import FacilitatorView


class Ruling(ModalScreen[tuple[str, bool, str] | None]):
    """Override one of last turn's chance outcomes, with a written reason."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ruling-cancel")]
    DEFAULT_CSS = """
    Ruling { align: center middle; }
    Ruling OptionList { height: auto; max-height: 8; }
    Ruling Horizontal { height: auto; }
    """

    def __init__(self, outcomes: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.outcomes = outcomes  # (team, move, text)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Override an outcome of the last turn", classes="section-title")
            yield OptionList(*[Option(safe(text), id=f"{t}/{m}") for t, m, text in self.outcomes], id="ruling-outcome")
            yield Input(placeholder="Reason (shown to the players and kept in the log)", id="ruling-reason")
            with Horizontal():
                yield Button("Rule it a success", id="ruling-success", variant="success")
                yield Button("Rule it a failure", id="ruling-failure", variant="error")

    def on_mount(self) -> None:
        outcomes = self.query_one(OptionList)
        outcomes.highlighted = 0
        outcomes.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        outcomes = self.query_one(OptionList)
        reason = self.query_one(Input).value.strip()
        if not reason:
            self.notify("Write the reason for the ruling first.", severity="warning")
            self.query_one(Input).focus()
            return
        if outcomes.highlighted is None:
            return
        ident = outcomes.get_option_at_index(outcomes.highlighted).id or "/"
        team, _, move = ident.partition("/")
        self.dismiss((f"{team}/{move}", event.button.id == "ruling-success", reason))

    def action_cancel(self) -> None:
        self.dismiss(None)


class Adjust(ModalScreen[tuple[str, float, str] | None]):
    """Set a variable by its id (the console's dim column; typing completes it, → accepts)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="adjust-cancel")]
    DEFAULT_CSS = """
    Adjust { align: center middle; }
    """

    def __init__(self, names: list[str] | None = None) -> None:
        super().__init__()
        self.names = names or []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                "Adjust a variable (e.g. pakistan.domestic_pressure, intl_attention, rung)", classes="section-title"
            )
            suggester = SuggestFromList(self.names, case_sensitive=False) if self.names else None
            yield Input(placeholder="variable id (→ completes it)", id="adjust-name", suggester=suggester)
            yield Input(placeholder="new value", id="adjust-value", type="number")
            yield Input(placeholder="reason", id="adjust-reason")
            yield Button("Apply", id="adjust-apply", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        name = self.query_one("#adjust-name", Input).value.strip()
        raw = self.query_one("#adjust-value", Input).value.strip()
        reason = self.query_one("#adjust-reason", Input).value.strip()
        try:
            value = float(raw)
        except ValueError:
            self.notify(f"The value must be a number, not {raw!r}", severity="error")
            return
        if not reason:
            self.notify("Write the reason for the adjustment.", severity="warning")
            return
        self.dismiss((name, value, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)


class FacilitatorScreen(Screen[None]):
    CSS_PATH = "../game.tcss"  # the game screens' rules, parsed when the first one is shown
    HELP = (
        "Facilitator console. Left: every team's full state (private variables included), by label;\n"
        "the dim last column is the id that A (adjust) needs.\n"
        "Right: the card's injects — F fires the highlighted one now, H holds it back.\n"
        "O overrides one of last turn's chance outcomes with a written reason (the turn is re-run\n"
        "with the same dice otherwise). A adjusts a variable. U undoes the last turn. R rewinds to the\n"
        "start of an earlier turn as a new branch (the saves of this branch are kept). P pauses.\n"
        "Escape returns to the game."
    )
    BINDINGS = [  # the footer shows them in this order: the classroom's most used first (short, for 80 columns)
        Binding("p", "pause", "Pause", id="fac-pause", tooltip="pause the exercise"),
        Binding("t", "clock", "Clock", id="fac-clock", tooltip="set or stop the turn clock"),
        Binding("s", "seat", "Seats", id="fac-seat", tooltip="change who plays each team"),
        Binding("f", "fire", "Fire", id="fac-fire", tooltip="deliver the highlighted inject now"),
        Binding("h", "hold", "Hold", id="fac-hold", tooltip="hold the highlighted inject back"),
        Binding("o", "override", "Overrule", id="fac-override", tooltip="overrule a chance outcome of last turn"),
        Binding("a", "adjust", "Adjust", id="fac-adjust", tooltip="set a variable, with a reason"),
        Binding("u", "undo", "Undo", id="fac-undo", tooltip="undo the last turn"),
        Binding("r", "rewind", "Rewind", id="fac-rewind", tooltip="rewind to an earlier turn as a new branch"),
        Binding("escape", "back", "Back", id="fac-back"),
    ]

    def __init__(self, session: PlaySession, on_change: Callable[[str, object], None]) -> None:
        super().__init__()
        self.session = session
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        yield Label("Facilitator console", classes="section-title")
        with Horizontal(id="fac-body"):
            yield DataTable(id="fac-state", zebra_stripes=True)
            with Vertical(id="fac-side"):
                yield OptionList(id="fac-injects")
                yield Static(id="fac-note")
                yield Static(id="fac-connected")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#fac-injects").focus()
        if hasattr(self.session, "set_clock"):  # over the network: the clock counts down every second
            self.set_interval(1, self._tick)

    def _tick(self) -> None:
        self.query_one("#fac-connected", Static).update(self._connected(self.session.facilitator_view()))

    def refresh_view(self) -> None:
        view = self.session.facilitator_view()
        table = self.query_one("#fac-state", DataTable)
        table.clear(columns=True)
        teams = [seat.team for seat in view.seats]
        table.add_columns("variable", *[clean(short_name(seat.name)) for seat in view.seats], "id (for A)")
        labels = view.variable_labels
        for var in view.team_variables:
            values = [number(view.variables[f"{t}.{var}"]) for t in teams]
            table.add_row(self._label(labels.get(var, var)), *values, Text(f"<team>.{var}", style="dim"))
        for var in view.world_variables:
            values = [number(view.variables[var]), *[""] * (len(teams) - 1)]
            table.add_row(self._label(labels.get(var, var)), *values, Text(var, style="dim"))
        injects = self.query_one("#fac-injects", OptionList)
        keep = injects.highlighted or 0  # the cursor stays where the facilitator left it
        injects.clear_options()
        for inj in view.injects:
            injects.add_option(Option(Text(f"{clean(inj.title)} — {inj.status}"), id=inj.id))
        if injects.option_count:
            injects.highlighted = min(keep, injects.option_count - 1)
        s = view.situation
        self.query_one("#fac-note", Static).update(Text(f"Turn {s.turn} · {s.state_name} · rung {s.rung}"))
        self.query_one("#fac-connected", Static).update(self._connected(view))

    LABEL_WIDTH = 19
    """Long labels are cut with an ellipsis so that every team's column fits at 80 columns."""

    def _label(self, label: str) -> str:
        return clean(fit(label, self.LABEL_WIDTH))

    def _connected(self, view: FacilitatorView) -> Text:
        """Seats, and over the network who is connected and whose orders are in."""
        rows = getattr(self.session, "connected", None)
        text = Text()
        if rows is None:
            for seat in view.seats:
                text.append(f"{seat.name}: {seat.seat}{' ✓ orders in' if seat.submitted else ''}\n")
            return text
        clock = getattr(self.session, "clock", None)
        if clock is not None and clock.remaining is not None:
            minutes, seconds = divmod(int(clock.remaining), 60)
            paused = " (paused)" if view.situation.paused else ""
            text.append(f"Clock: {minutes}:{seconds:02d} left{paused}\n", style="bold")
        text.append("Connected\n", style="bold")
        for row in rows:
            seat = f" · {row.seat}" if row.seat else ""
            if getattr(row, "bot_clients", None):
                seat = f" · {row.seat}, played now by a bot client ({', '.join(row.bot_clients)})"
            orders = " · ✓ orders in" if row.submitted else ""
            fallback = clock.fallback.get(row.who) if clock is not None else None
            text.append(f"{row.name}: {row.clients} connected{seat}{orders}")
            text.append(f" · fallback {fallback}\n" if fallback else "\n")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clock":
            return hasattr(self.session, "set_clock")
        return True

    def action_seat(self) -> None:
        """Hand a seat to a bot policy or back to people (over the network: also the fallback
        that plays a seat whose orders are not in when the clock runs out)."""
        from wargame.session.seats import POLICIES

        view = self.session.facilitator_view()
        network = hasattr(self.session, "set_fallback")

        def seat_chosen(team: str | None) -> None:
            if not team:
                return
            choices = [("human", "People (human)")] + [(f"bot:{p}", f"Bot: {p}") for p in POLICIES]
            if network:
                choices += [("fallback:none", "When the clock runs out: order nothing")]
                choices += [(f"fallback:bot:{p}", f"When the clock runs out: bot {p}") for p in POLICIES]

            def decided(seat: str | None) -> None:
                if not seat:
                    return
                try:
                    if seat.startswith("fallback:"):
                        self.session.set_fallback(team, seat.removeprefix("fallback:"))  # type: ignore[attr-defined]
                    else:
                        self.session.set_seat(team, seat)
                except Refused as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.notify(f"{team}: {seat}")
                self.refresh_view()
                self.on_change("seat", team)

            self.app.push_screen(Card(f"Who plays {team}?", "Choose a seat.", choices), decided)

        teams = [(seat.team, f"{seat.name} — {seat.seat}") for seat in view.seats]
        self.app.push_screen(Card("Which seat?", "Choose a team.", teams), seat_chosen)

    def action_clock(self) -> None:
        choices = [
            ("extend:1", "Add 1 minute to this turn"),
            ("extend:5", "Add 5 minutes to this turn"),
            ("clock:5", "Turn clock: 5 minutes"),
            ("clock:10", "Turn clock: 10 minutes"),
            ("clock:15", "Turn clock: 15 minutes"),
            ("clock:0", "No turn clock"),
            ("end:0", "End this turn now (missing orders: nothing, or the fallback)"),
        ]

        def chosen(answer: str | None) -> None:
            if not answer:
                return
            verb, _, minutes = answer.partition(":")
            s = self.session
            try:
                if verb == "extend":
                    s.extend_clock(float(minutes))  # type: ignore[attr-defined]
                elif verb == "clock":
                    s.set_clock(float(minutes))  # type: ignore[attr-defined]
                else:
                    s.end_turn()  # type: ignore[attr-defined]
            except Refused as exc:
                self.notify(str(exc), severity="error")
                return
            self.refresh_view()

        self.app.push_screen(Card("Turn clock", "What should the clock do?", choices), chosen)

    def _title(self, inject: str) -> str:
        return next((i.title for i in self.session.facilitator_view().injects if i.id == inject), inject)

    def _inject(self) -> str | None:
        injects = self.query_one("#fac-injects", OptionList)
        if injects.highlighted is None:
            return None
        return injects.get_option_at_index(injects.highlighted).id

    def action_fire(self) -> None:
        inject = self._inject()
        if inject:
            try:
                self.session.fire(inject)
            except Refused as exc:
                self.notify(str(exc), severity="warning")
                return
            self.notify(f"Delivered: {self._title(inject)}")
            self.refresh_view()
            self.on_change("fire", inject)

    def action_hold(self) -> None:
        inject = self._inject()
        if inject:
            try:
                self.session.hold(inject)
            except Refused as exc:
                self.notify(str(exc), severity="warning")
                return
            self.notify(f"Held back: {self._title(inject)}")
            self.refresh_view()

    def action_override(self) -> None:
        if not self.session.turns_played:
            self.notify("No turn has been adjudicated yet.", severity="warning")
            return
        outcomes = [(o.team, o.move, o.label) for o in self.session.facilitator_view().overridable]
        if not outcomes:
            self.notify(
                "Last turn had no order with a chance of success to overrule. Mediators stepping in, "
                "accidents and misreadings are not overruled here: use A to adjust a variable instead.",
                severity="warning",
                timeout=8,
            )
            return

        def ruled(result: tuple[str, bool, str] | None) -> None:
            if result is None:
                return
            key, success, reason = result
            team, _, move = key.partition("/")
            try:
                self.session.override(team, move, success, reason)
            except Refused as exc:
                self.notify(str(exc), severity="error")
                return
            self.on_change("override", None)

        self.app.push_screen(Ruling(outcomes), ruled)

    def action_adjust(self) -> None:
        def adjusted(result: tuple[str, float, str] | None) -> None:
            if result is None:
                return
            name, value, reason = result
            try:
                self.session.adjust(name, value, reason)
            except Refused as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(f"Set {name} to {value:g}")
            self.refresh_view()

        view = self.session.facilitator_view()
        teams = [seat.team for seat in view.seats]
        names = ["rung", *view.world_variables, *(f"{t}.{var}" for t in teams for var in view.team_variables)]
        self.app.push_screen(Adjust(names), adjusted)

    def action_undo(self) -> None:
        def confirmed(answer: str | None) -> None:
            if answer != "yes":
                return
            try:
                self.session.undo()
            except Refused as exc:
                self.notify(str(exc), severity="warning")
                return
            self.on_change("undo", None)

        self.app.push_screen(
            Confirm(
                "Undo the last turn?",
                "The game returns to the start of the last adjudicated turn; its orders must be given again.",
            ),
            confirmed,
        )

    def action_rewind(self) -> None:
        turns = self.session.facilitator_view().rewind_turns
        if not turns:
            self.notify("Nothing to rewind: this is the first turn.", severity="warning")
            return

        def chosen(answer: str | None) -> None:
            if answer is None:
                return
            try:
                self.session.fork(int(answer))
            except Refused as exc:
                self.notify(str(exc), severity="error")
                return
            self.on_change("undo", None)

        choices = [(str(t), f"Start of turn {t}") for t in turns]
        self.app.push_screen(
            Card(
                "Rewind to the start of which turn?", "A new branch starts there; this game's saves are kept.", choices
            ),
            chosen,
        )

    def action_pause(self) -> None:
        self.session.pause()
        self.app.push_screen(Paused(), lambda _: self.session.unpause())

    def action_back(self) -> None:
        self.app.pop_screen()
