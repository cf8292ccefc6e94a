"""The facilitator console: every team's full state, injects, rulings, adjustments, undo, pause."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from wargame.session.errors import Refused
from wargame.ui.screens.modals import Card, Confirm, Paused
from wargame.ui.screens.render import number
from wargame.ui.text import clean, safe

if TYPE_CHECKING:
    from wargame.session.session import PlaySession


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
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="adjust-cancel")]
    DEFAULT_CSS = """
    Adjust { align: center middle; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                "Adjust a variable (e.g. pakistan.domestic_pressure, intl_attention, rung)", classes="section-title"
            )
            yield Input(placeholder="variable", id="adjust-name")
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
    HELP = (
        "Facilitator console. Left: every team's full state (private variables included).\n"
        "Right: the card's injects — F fires the highlighted one now, H holds it back.\n"
        "O overrides one of last turn's chance outcomes with a written reason (the turn is re-run\n"
        "with the same dice otherwise). A adjusts a variable. U undoes the last turn. R rewinds to the\n"
        "start of an earlier turn as a new branch (the saves of this branch are kept). P pauses.\n"
        "Escape returns to the game."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="fac-back"),
        Binding("f", "fire", "Fire", id="fac-fire", tooltip="deliver the highlighted inject now"),
        Binding("h", "hold", "Hold", id="fac-hold", tooltip="hold the highlighted inject back"),
        Binding("o", "override", "Overrule", id="fac-override", tooltip="overrule a chance outcome of last turn"),
        Binding("a", "adjust", "Adjust", id="fac-adjust", tooltip="set a variable, with a reason"),
        Binding("u", "undo", "Undo", id="fac-undo", tooltip="undo the last turn"),
        Binding("r", "rewind", "Rewind", id="fac-rewind", tooltip="rewind to an earlier turn as a new branch"),
        Binding("p", "pause", "Pause", id="fac-pause", tooltip="pause the exercise"),
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
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#fac-injects").focus()

    def refresh_view(self) -> None:
        view = self.session.facilitator_view()
        table = self.query_one("#fac-state", DataTable)
        table.clear(columns=True)
        teams = [seat.team for seat in view.seats]
        table.add_columns("variable", *teams)
        for var in view.team_variables:
            table.add_row(var, *[number(view.variables[f"{t}.{var}"]) for t in teams])
        for var in view.world_variables:
            table.add_row(var, number(view.variables[var]), *[""] * (len(teams) - 1))
        injects = self.query_one("#fac-injects", OptionList)
        keep = injects.highlighted or 0  # the cursor stays where the facilitator left it
        injects.clear_options()
        for inj in view.injects:
            injects.add_option(Option(Text(f"{clean(inj.title)} — {inj.status}"), id=inj.id))
        if injects.option_count:
            injects.highlighted = min(keep, injects.option_count - 1)
        s = view.situation
        self.query_one("#fac-note", Static).update(Text(f"Turn {s.turn} · {s.state_name} · rung {s.rung}"))

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

        self.app.push_screen(Adjust(), adjusted)

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
