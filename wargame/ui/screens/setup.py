"""Setup: seat each team (human or a bot policy), the seed, facilitator mode."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from wargame.scenario.card_info import CardInfo
from wargame.session.seats import POLICIES
from wargame.ui.text import clean, safe

SEATS = ["human", *(f"bot:{p}" for p in POLICIES)]
FACILITATOR = "__facilitator__"


def seat_label(seat: str) -> str:
    return "Human" if seat == "human" else f"Bot: {seat.removeprefix('bot:')}"


class SetupScreen(Screen[None]):
    HELP = (
        "Seat each team: ↑/↓ choose a row, ←/→ (or Enter) change it.\n"
        "Human seats are played at this keyboard (hot-seat if several, with a blank hand-off screen).\n"
        "Bots: historical follows the record; hawk climbs; dove climbs down; tit-for-tat answers in\n"
        "kind; quantal weighs costs and risks; random plays anything legal.\n"
        "Facilitator mode adds the console (key F); a PIN locks it, so teams at the keyboard cannot\n"
        "open it. The seed makes the game reproducible.\n"
        "Ctrl+S starts the game; Escape goes back."
    )
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", id="setup-start"),
        Binding("right", "cycle(1)", "Next choice", id="setup-next"),
        Binding("left", "cycle(-1)", "Previous choice", id="setup-previous"),
        Binding("escape", "back", "Back", id="setup-back"),
    ]

    def __init__(
        self, card: CardInfo, seed: int = 1, seats: dict[str, str] | None = None, facilitator: bool = False
    ) -> None:
        super().__init__()
        self.card = card
        self.seed = seed
        self.facilitator = facilitator
        self.seats = {team: seat if seat in SEATS else "human" for team, _n, seat in card.teams}
        self.seats |= {t: s for t, s in (seats or {}).items() if s in SEATS}
        self.names = {team: name for team, name, _s in card.teams}

    def compose(self) -> ComposeResult:
        with Vertical(id="setup"):
            yield Label(safe(self.card.title), id="setup-title")
            yield Static(safe(self.card.summary), id="setup-summary")
            yield Label("Seats — ←/→ to change, Ctrl+S to start", classes="section-title")
            yield OptionList(*self._rows(), id="seats")
            yield Label("Seed (a whole number; the same seed and orders give the same game)", classes="section-title")
            yield Input(str(self.seed), type="integer", id="seed")
            yield Label(
                "Facilitator PIN (locks the console in facilitator mode; empty: no lock)", classes="section-title"
            )
            yield Input("", password=True, id="pin", max_length=32)
        yield Footer()

    def _rows(self) -> list[Option]:
        rows = [Option(Text(f"{clean(self.names[t]):<16} ◂ {seat_label(s)} ▸"), id=t) for t, s in self.seats.items()]
        rows.append(Option(Text(f"{'Facilitator mode':<16} ◂ {'on' if self.facilitator else 'off'} ▸"), id=FACILITATOR))
        return rows

    def on_mount(self) -> None:
        seats = self.query_one("#seats", OptionList)
        seats.highlighted = 0
        seats.focus()

    def _refresh_rows(self) -> None:
        seats = self.query_one("#seats", OptionList)
        highlighted = seats.highlighted
        seats.clear_options()
        seats.add_options(self._rows())
        seats.highlighted = highlighted

    def action_cycle(self, step: int) -> None:
        seats = self.query_one("#seats", OptionList)
        if self.focused is not seats or seats.highlighted is None:
            return
        ident = seats.get_option_at_index(seats.highlighted).id
        if ident == FACILITATOR:
            self.facilitator = not self.facilitator
        elif ident in self.seats:
            self.seats[ident] = SEATS[(SEATS.index(self.seats[ident]) + step) % len(SEATS)]
        self._refresh_rows()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_cycle(1)

    def action_back(self) -> None:
        from wargame.ui.screens.home import HomeScreen

        stack = self.app.screen_stack
        if len(stack) > 1 and isinstance(stack[-2], HomeScreen):
            self.app.pop_screen()
        else:
            self.app.go_home()  # type: ignore[attr-defined]

    def action_start(self) -> None:
        raw = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(raw or "1")
        except ValueError:
            self.notify(f"The seed must be a whole number, not {raw!r}", severity="error")
            return
        pin = self.query_one("#pin", Input).value.strip()
        if pin and self.facilitator:
            self.app.facilitator_pin = pin  # type: ignore[attr-defined]
        self.app.start_game(self.card.path, dict(self.seats), seed, self.facilitator)  # type: ignore[attr-defined]
