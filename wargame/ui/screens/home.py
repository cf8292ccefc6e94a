"""Home: the scenario cards with their one-line summaries, and saved games to continue."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from wargame.ui.text import clean


class HomeScreen(Screen[None]):
    HELP = (
        "Choose a scenario card with the arrow keys and press Enter to set up a game.\n"
        "Saved games are listed below the cards: choose one to continue where it stopped.\n"
        "Ctrl+P opens the command palette; Ctrl+Q quits."
    )
    BINDINGS = [Binding("enter", "open", "Open", id="home-open", show=True)]

    def __init__(
        self, cards: list[tuple[Path, str, str, str]], saves: list[tuple[Path, str]], problems: list[str]
    ) -> None:
        super().__init__()
        self.cards = cards
        self.saves = saves
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Label("wargame — crisis exercises in the terminal", id="home-title")
            yield Static("Choose a scenario card (Enter), or continue a saved game.", id="home-hint")
            options: list[Option | None] = []
            for path, title, summary, _teams in self.cards:
                text = Text(clean(title), style="bold")
                text.append("\n  " + clean(summary), style="")
                options.append(Option(text, id=f"card:{path}"))
            if self.saves:
                options.append(None)
                for path, label in self.saves:
                    options.append(Option(Text("Continue: " + clean(label)), id=f"save:{path}"))
            yield OptionList(*options, id="home-list")
            for problem in self.problems:
                yield Static(Text(clean(problem)), classes="problem")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_open(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self._open(option_list.get_option_at_index(option_list.highlighted).id)

    def _open(self, ident: str | None) -> None:
        if not ident:
            return
        kind, _, path = ident.partition(":")
        if kind == "card":
            self.app.open_setup(Path(path))  # type: ignore[attr-defined]
        else:
            self.app.resume(Path(path))  # type: ignore[attr-defined]
