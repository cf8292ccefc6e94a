"""The review before a team submits: its orders, answers and choices, what is still unanswered,
and an optional one-line "why" for the debrief."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from wargame.ui.text import clean


@dataclass(frozen=True)
class Summary:
    """What the team is about to submit, in words."""

    team: str
    orders: list[str]
    answers: list[str]
    unanswered: list[str]
    """Offers and inject choices with no answer yet (a missing answer counts as a refusal, or the first option)."""
    why: str = ""
    authorised: frozenset[int] = frozenset()
    """Numbers (from 1) of the orders whose firebreak crossing is authorised."""


class ReviewScreen(ModalScreen[str | None]):
    """Dismisses with the team's one-line why (possibly empty) on Submit, None on Back."""

    BINDINGS = [
        Binding("escape", "back", "Back to the turn", id="review-back"),
        Binding("ctrl+s", "submit", "Submit", id="review-submit"),
    ]
    HELP = (
        "Check your orders before they go: each order, your answers to offers and injects, and anything\n"
        "still unanswered. Type an optional one-line reason (shown in the debrief), then Enter or Ctrl+S\n"
        "submits; Escape goes back to change anything."
    )
    DEFAULT_CSS = """
    ReviewScreen { align: center middle; }
    ReviewScreen .title { text-style: bold; margin-bottom: 1; }
    ReviewScreen VerticalScroll { height: auto; max-height: 12; }
    ReviewScreen Input { margin-top: 1; }
    ReviewScreen Horizontal { height: auto; margin-top: 1; }
    ReviewScreen Button { width: 1fr; margin-right: 1; }
    """

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary
        self.typed = summary.why
        """The why as typed so far (kept by the turn screen when the team goes back)."""

    def compose(self) -> ComposeResult:
        s = self.summary
        with Vertical(classes="dialog", id="review"):
            yield Label(clean(f"Review — {s.team}'s orders for this turn"), classes="title")
            with VerticalScroll():
                yield Static(self._body(), id="review-body")
            yield Input(
                value=s.why,
                placeholder="Why? One line for the debrief (optional)",
                max_length=200,
                id="review-why",
            )
            with Horizontal():
                yield Button("Submit (Enter)", id="review-submit-button", variant="primary", compact=True)
                yield Button("Back (Esc)", id="review-back-button", compact=True)

    def _body(self) -> Group:
        """Orders one line each (a long name is cut with …, the turn screen's detail pane has it in
        full; an authorised firebreak crossing on the line below), then answers and what is unanswered."""
        s = self.summary
        lines = [Text("Orders", style="bold")]
        for i, order in enumerate(s.orders, 1):
            lines.append(Text(f"  {i}. {clean(order)}", no_wrap=True, overflow="ellipsis"))
            if i in s.authorised:
                lines.append(Text("     ‼ firebreak crossing authorised", style="bold"))
        if not s.orders:
            lines.append(Text("  none — your side does nothing this turn"))
        text = Text()
        if s.answers:
            text.append("Answers\n", style="bold")
            for answer in s.answers:
                text.append(f"  • {clean(answer)}\n")
        if s.unanswered:
            text.append("Not answered yet (A on the turn screen answers them)\n", style="bold")
            for item in s.unanswered:
                text.append(f"  ! {clean(item)}\n")
        text.rstrip()
        return Group(*lines, text)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.typed = event.value.strip()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "review-submit-button":
            self.action_submit()
        else:
            self.action_back()

    def action_submit(self) -> None:
        self.dismiss(self.query_one(Input).value.strip())

    def action_back(self) -> None:
        self.dismiss(None)
