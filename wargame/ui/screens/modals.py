"""Modal cards: injects and mediation offers with their choices, explanations, confirmations,
help, pause and the too-small-terminal notice."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from wargame.ui.text import reflow, safe


class Card(ModalScreen[str | None]):
    """A card with a title, a body and buttons; dismisses with the chosen choice's value.

    A choice's value may be any text (`extend:1`, `bot:historical`): the buttons get generated
    widget ids (`choice-0`, `choice-1`, …), which Textual accepts, and the card maps the pressed
    one back to its value.

    A decision card (one that cannot be closed without an answer) that opens right after another
    card ignores its buttons for `SETTLE` seconds: a quick second Enter meant for the card before
    must not answer it."""

    SETTLE = 0.6
    BODY_LINES = 14
    """The body's height at most (it scrolls beyond); less on a short terminal (`_fit_body`)."""
    last_closed = 0.0
    """When a card was last dismissed (monotonic clock)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="card-close"),
        Binding("up", "move(-1)", "Previous", id="card-up", show=False),
        Binding("down", "move(1)", "Next", id="card-down", show=False),
    ]
    DEFAULT_CSS = """
    Card { align: center middle; }
    Card .title { text-style: bold; margin-bottom: 1; }
    Card VerticalScroll { height: auto; }
    Card .buttons { height: auto; margin-top: 1; }
    Card Button { width: 100%; margin-bottom: 1; }
    Card.-short Button { margin-bottom: 0; }
    Card.-short .hint { margin-top: 0; }
    Card .hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(
        self,
        title: str,
        body: str | Text,
        choices: list[tuple[str, str]] | None = None,
        closable: bool = True,
        explicit: bool = False,
    ) -> None:
        """`explicit`: a decision card — no choice has the focus, so Enter alone answers nothing;
        ↓/↑ reach a choice, Enter takes it, Escape decides later."""
        super().__init__()
        self.card_title = title
        self.body = body
        self.choices = choices or [("ok", "Continue")]
        self.closable = closable
        self.explicit = explicit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(safe(self.card_title), classes="title")
            with VerticalScroll():
                yield Static(self.body if isinstance(self.body, Text) else safe(reflow(self.body)))
            if self.explicit:
                yield Label("Choose: ↓/↑ then Enter · Esc: decide later (before you submit)", classes="hint")
            with Vertical(classes="buttons"):
                for index, (_value, label) in enumerate(self.choices):
                    yield Button(safe(label), id=f"choice-{index}", compact=True)

    def on_mount(self) -> None:
        if self.explicit:
            self.call_after_refresh(self.set_focus, None)
        else:
            self.query(Button).first().focus()
        self.opened = time.monotonic()
        self.settling = not self.closable and self.opened - Card.last_closed < self.SETTLE

    def on_resize(self) -> None:
        self.remove_class("-short")
        self.query_one(VerticalScroll).styles.max_height = self.BODY_LINES
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """On a short terminal (80×24) keep every choice on screen — a long offer with three
        answers lost its last one ("Reject"): first the choices close up (the margins above the
        last one go), then the body (which scrolls) shrinks by what is still missing."""
        dialog = self.query_one(".dialog")
        buttons = list(self.query(Button))
        over = buttons[-1].region.bottom - dialog.content_region.bottom
        if over <= 0:
            return
        self.add_class("-short")
        closed_up = len(buttons) - 1 + (1 if self.explicit else 0)  # button margins, and the hint's
        if over > closed_up:
            body = self.query_one(VerticalScroll)
            body.styles.max_height = max(3, body.outer_size.height - (over - closed_up))

    def dismiss(self, result: str | None = None) -> AwaitComplete:
        Card.last_closed = time.monotonic()
        return super().dismiss(result)

    def action_move(self, step: int) -> None:
        """↑/↓ move between the card's choices (Tab reaches the text to scroll it)."""
        buttons = list(self.query(Button))
        current = buttons.index(self.focused) if self.focused in buttons else -1
        buttons[(current + step) % len(buttons)].focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        if getattr(self, "settling", False) and time.monotonic() - self.opened < self.SETTLE:
            return  # a key press aimed at the card before this one
        self.dismiss(self.choices[int(event.button.id.removeprefix("choice-"))][0])

    def action_close(self) -> None:
        if self.closable:
            self.dismiss(None)


class Confirm(Card):
    BINDINGS = [Binding("y", "yes", "Yes", id="confirm-yes"), Binding("n,escape", "no", "No", id="confirm-no")]

    def __init__(self, title: str, body: str) -> None:
        super().__init__(title, body, [("yes", "Yes (y)"), ("no", "No (n)")])

    def action_yes(self) -> None:
        self.dismiss("yes")

    def action_no(self) -> None:
        self.dismiss("no")


class Help(Card):
    """F1: help for the screen and the focused area."""

    def __init__(self, title: str, body: str) -> None:
        super().__init__(f"Help — {title}", body, [("ok", "Close (Esc)")])


class Paused(Card):
    """The pause overlay: opaque, so that the state table behind it is hidden while paused."""

    BINDINGS = [Binding("enter,escape,p", "close", "Resume", id="pause-resume")]
    DEFAULT_CSS = "Paused { background: $background; }"

    def __init__(self) -> None:
        super().__init__(
            "Paused", "The exercise is paused by the facilitator.\n\nPress Enter to resume.", [("ok", "Resume")]
        )


class TooSmall(ModalScreen[None]):
    """Shown while the terminal is smaller than 80×24."""

    DEFAULT_CSS = (
        "TooSmall { align: center middle; } TooSmall Static { width: auto; padding: 1 2; border: heavy $error; }"
    )

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.message = (
            f"The terminal is {width}×{height}; wargame needs at least 80×24.\nEnlarge the window to continue."
        )

    def compose(self) -> ComposeResult:
        yield Static(self.message, id="too-small")


class PinPrompt(ModalScreen[str | None]):
    """The facilitator's PIN, asked before the console opens in a hot-seat game."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pin-cancel")]
    DEFAULT_CSS = "PinPrompt { align: center middle; background: $background; }"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Facilitator console — PIN", classes="title")
            yield Input(password=True, id="pin-input", max_length=32)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
