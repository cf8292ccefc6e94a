"""Before a team's turn: the hot-seat hand-off and the team's private briefing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from wargame.ui.screens.render import crisis_header
from wargame.ui.text import reflow, safe

if TYPE_CHECKING:
    from wargame.session.session import PlaySession


class HandoffScreen(Screen[None]):
    """A blank screen between human teams: nobody sees another team's view."""

    CSS_PATH = "../game.tcss"  # the game screens' rules, parsed when the first one is shown
    HELP = "Hot-seat hand-off: pass the keyboard to the team named on screen, who presses Enter."
    BINDINGS = [Binding("enter", "go", "Continue", id="handoff-go")]

    def __init__(self, team_name: str, on_done: Callable[[], None]) -> None:
        super().__init__()
        self.team_name = team_name
        self.on_done = on_done

    def compose(self) -> ComposeResult:
        with Vertical(id="handoff"):
            yield Static(safe(f"Pass to {self.team_name} — press Enter"), id="handoff-text")
        yield Footer()

    def action_go(self) -> None:
        self.on_done()


class BriefingScreen(Screen[None]):
    CSS_PATH = "../game.tcss"  # the game screens' rules, parsed when the first one is shown
    HELP = "Your team's private briefing and objectives. Scroll with the arrow keys; Enter starts the turn."
    BINDINGS = [Binding("enter", "go", "Start the turn", id="briefing-go")]

    def __init__(self, session: PlaySession, team: str, on_done: Callable[[], None]) -> None:
        super().__init__()
        self.session = session
        self.team = team
        self.on_done = on_done

    def compose(self) -> ComposeResult:
        view = self.session.team_view(self.team)
        yield Static(crisis_header(view.situation), id="crisis-header")
        with VerticalScroll(id="briefing"):
            yield Label(safe(f"Briefing — {view.name}"), classes="section-title")
            yield Static(safe(reflow(view.briefing)), id="briefing-text")
            if view.objectives:
                yield Label("Objectives (scored at the end)", classes="section-title")
                for obj in view.objectives:
                    yield Static(safe(f"• {obj.description} ({obj.points:+d})"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#briefing").focus()

    def action_go(self) -> None:
        self.on_done()
