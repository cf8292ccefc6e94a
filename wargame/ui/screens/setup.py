"""Setup: seat each team (human or a bot policy), the seed, facilitator mode."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch

from wargame.bots import POLICIES
from wargame.scenario.loader import LoadedScenario
from wargame.ui.text import safe

SEATS = [("Human", "human")] + [(f"Bot: {p}", f"bot:{p}") for p in POLICIES]


class SetupScreen(Screen[None]):
    HELP = (
        "Seat each team: a human (played at this keyboard, hot-seat if several) or a bot policy.\n"
        "historical follows the record; hawk climbs; dove climbs down; tit-for-tat answers in kind;\n"
        "quantal weighs costs and risks; random plays anything legal.\n"
        "The seed makes the game reproducible. Facilitator mode adds the console (key F).\n"
        "Tab moves between fields; Ctrl+S or the Start button begins."
    )
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", id="setup-start"),
        Binding("escape", "back", "Back", id="setup-back"),
    ]

    def __init__(
        self, scenario: LoadedScenario, seed: int = 1, seats: dict[str, str] | None = None, facilitator: bool = False
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.seed = seed
        self.facilitator = facilitator
        card = scenario.card
        self.seats = seats or {t.id: t.default_seat for t in card.teams}

    def compose(self) -> ComposeResult:
        card = self.scenario.card
        names = {p.id: p.name for p in self.scenario.rules.parties}
        with VerticalScroll(id="setup"):
            yield Label(safe(card.title), id="setup-title")
            yield Static(safe(card.summary), id="setup-summary")
            for team in card.teams:
                with Horizontal(classes="seat-row"):
                    yield Label(safe(names[team.id]), classes="seat-label")
                    yield Select(SEATS, value=self.seats.get(team.id, "human"), allow_blank=False, id=f"seat-{team.id}")
            with Horizontal(classes="seat-row"):
                yield Label("Seed", classes="seat-label")
                yield Input(str(self.seed), type="integer", id="seed")
            with Horizontal(classes="seat-row"):
                yield Label("Facilitator", classes="seat-label")
                yield Switch(value=self.facilitator, id="facilitator")
                yield Label("on" if self.facilitator else "off", id="facilitator-state")
            with Vertical(classes="buttons"):
                yield Button("Start (Ctrl+S)", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query(Select).first().focus()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.query_one("#facilitator-state", Label).update("on" if event.value else "off")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_start(self) -> None:
        seats = {t.id: str(self.query_one(f"#seat-{t.id}", Select).value) for t in self.scenario.card.teams}
        raw = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(raw or "1")
        except ValueError:
            self.notify(f"The seed must be a whole number, not {raw!r}", severity="error")
            return
        facilitator = self.query_one("#facilitator", Switch).value
        self.app.start_game(self.scenario, seats, seed, facilitator)  # type: ignore[attr-defined]
