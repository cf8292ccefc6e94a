"""The results of a turn; Enter on an outcome shows its explanation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from wargame.ui.screens.modals import Card
from wargame.ui.screens.render import crisis_header, event_line

if TYPE_CHECKING:
    from wargame.session.session import PlaySession
    from wargame.session.views import EventView, Situation


class ResultsScreen(Screen[None]):
    """What happened this turn; Enter on an outcome shows its explanation."""

    CSS_PATH = "../game.tcss"  # the game screens' rules, parsed when the first one is shown
    HELP = (
        "The turn's results. ↑/↓ to browse; Enter (or E) on a line explains it in words: the chance,\n"
        "the dice, the moves behind a change of rung, what changed. D shows the rule behind it as a\n"
        "designer writes it. In hot-seat games only public results appear here; each team sees its\n"
        "own private results in its News tab."
    )
    BINDINGS = [
        Binding("c", "go", "Continue", id="results-go", tooltip="on to the next turn"),
        Binding("e", "explain", "Explain", id="results-explain", tooltip="why the highlighted line happened"),
        Binding("f1", "app.help", "Help", id="results-help", tooltip="keys, glossary, what the rules represent"),
        Binding("d", "designer", "Rule", id="results-designer", show=False, tooltip="the rule as written (designers)"),
    ]

    def __init__(
        self,
        session: PlaySession,
        audience: str,
        on_done: Callable[[], None],
        *,
        earlier: tuple[int, list[EventView], Situation] | None = None,
    ) -> None:
        """`audience`: the one human team, or `PUBLIC` in hot-seat games. `earlier`: the results of a
        turn before the last (its number, its events, the situation after it), kept by a network
        client for a team that was still reading the turn before's when it was resolved."""
        super().__init__()
        self.session = session
        # the next turn's opening injects are delivered as cards on the team's turn screen
        if earlier is None:
            self.resolved = session.turns_played  # the turn just adjudicated
            self.events = session.results(audience)
            self.situation = session.situation()
        else:
            self.resolved, self.events, self.situation = earlier
        self.on_done = on_done

    def compose(self) -> ComposeResult:
        yield Static(crisis_header(self.situation, after_turn=self.resolved), id="crisis-header")
        yield Label(
            f"Results of turn {self.resolved} — Enter explains a line; C continues",
            classes="section-title",
        )
        lines = [Option(event_line(e, why=True), id=str(i)) for i, e in enumerate(self.events)]
        if not lines:
            lines = [
                Option(Text("Nothing public happened this turn: no team acted openly, and no accident."), id="none")
            ]
        yield OptionList(*lines, id="results")
        yield Footer()

    def on_mount(self) -> None:
        results = self.query_one("#results", OptionList)
        results.focus()
        if results.option_count:
            results.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.isdigit():
            self._explain(int(event.option.id))

    def action_explain(self) -> None:
        results = self.query_one("#results", OptionList)
        if results.highlighted is not None:
            self._explain(results.highlighted)

    def _explain(self, index: int) -> None:
        if not self.events:
            return
        self.app.push_screen(Card("Why", self.events[index].detail))

    def action_designer(self) -> None:
        results = self.query_one("#results", OptionList)
        if self.events and results.highlighted is not None:
            self.app.push_screen(Card("The rule behind it (for designers)", self.events[results.highlighted].rule))

    def action_go(self) -> None:
        self.on_done()
