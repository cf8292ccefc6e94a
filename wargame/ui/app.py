"""The Textual application: home → setup → (hand-off) → briefing → turn → results → … → debrief."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from wargame.paths import card_files
from wargame.scenario.card_index import summaries
from wargame.scenario.diagnostics import ScenarioError, display_path

if TYPE_CHECKING:
    from wargame.session.session import PlaySession
    from wargame.session.views import Receipt
    from wargame.ui.screens.home import HomeScreen
    from wargame.ui.screens.modals import TooSmall

# The engine, the models (pydantic), the loader and the game's screens are imported when a
# game starts, not at start-up: the first screen is drawn from the card index (no YAML parser).

MIN_WIDTH, MIN_HEIGHT = 80, 24


class WargameApp(App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "wargame"
    BINDINGS = [
        Binding("f1", "help", "Help", id="app-help"),
        Binding("f", "facilitator", "Facilitator", id="app-facilitator"),
        Binding("ctrl+q", "quit", "Quit", id="app-quit", priority=True),
    ]

    def __init__(
        self,
        root: Path,
        saves: Path | None,
        card: Path | None = None,
        seats: dict[str, str] | None = None,
        seed: int = 1,
        facilitator: bool = False,
        resume: Path | None = None,
        fork_turn: int | None = None,
        facilitator_pin: str | None = None,
    ) -> None:
        super().__init__()
        self.fork_turn = fork_turn
        self.facilitator_pin = facilitator_pin
        self.root = root
        self.saves = saves
        self.start_card = card
        self.start_seats = seats
        self.start_seed = seed
        self.start_facilitator = facilitator
        self.start_resume = resume
        self.session: PlaySession | None = None
        self.briefed: set[str] = set()
        self._too_small: TooSmall | None = None
        self._home_shown = False

    # ------------------------------------------------------------------ start
    def on_mount(self) -> None:
        # Textual mounts the app inside a batch that holds back every frame: a screen pushed from here
        # would be laid out and rendered in the batch, that frame thrown away, and rendered again after
        # it. Pushed just after the batch, the first screen is rendered once (its first frame sooner).
        self.call_later(self._start)

    async def _start(self) -> None:
        if self.start_resume is None and self.start_card is None:
            await self.push_screen(self._home())
        else:  # straight into the game; Escape or the palette's "Home" leads home
            await self.push_screen(Screen())
        self._home_shown = True
        if self.start_resume is not None:
            self.resume(self.start_resume)
        elif self.start_card is not None:
            self.open_setup(self.start_card, self.start_seats, self.start_seed, self.start_facilitator)
        self.call_after_refresh(self._check_size)

    def _home(self) -> HomeScreen:
        """The home screen. Cards are listed from the card index (or peeked at, for a card new or
        changed since) so that the home screen appears at once; a card is fully checked when it is opened."""
        from wargame.ui.screens.home import HomeScreen  # each first screen imports only its own widgets

        order = {"tutorial": 0, "historical": 1, "counterfactual": 2, "future": 3}
        listed, unreadable = summaries(card_files(self.root))
        problems = [
            f"{display_path(p)}: not a readable card — run `wargame validate {display_path(p)}`" for p in unreadable
        ]
        cards = [
            (info.path, info.title, info.summary, ", ".join(t for t, _n, _s in info.teams))
            for info in sorted(listed, key=lambda c: (order.get(c.framing, 9), str(c.path)))
        ]
        return HomeScreen(cards, self._saves(), problems)

    def _saves(self) -> list[tuple[Path, str]]:
        from wargame.session.saved_games import recent_saves

        return recent_saves(self.saves)

    def go_home(self) -> None:
        self.session = None
        self.switch_screen(self._home())

    def open_setup(
        self, path: Path, seats: dict[str, str] | None = None, seed: int = 1, facilitator: bool = False
    ) -> None:
        """Show the setup screen (or start at once when every seat is given). The card is
        fully loaded and checked when the game starts; its errors are shown then."""
        from wargame.scenario.card_index import quick_look
        from wargame.ui.screens.modals import Card

        try:
            info = quick_look(path)
        except (ScenarioError, OSError, KeyError, TypeError, AttributeError) as exc:
            self.push_screen(Card("This card cannot be read", _describe(exc, path)))
            return
        teams = [t for t, _n, _s in info.teams]
        unknown = [t for t in seats or {} if t not in teams]
        if unknown:
            listed = ", ".join(f"'{t}'" for t in unknown)
            self.push_screen(
                Card("No such team", f"--seat names {listed}: not a team on this card; teams: {', '.join(teams)}")
            )
            return
        if seats and set(seats) >= set(teams):
            self.start_game(path, seats, seed, facilitator)
            return
        defaults = {t: s for t, _n, s in info.teams} | (seats or {})
        from wargame.ui.screens.setup import SetupScreen

        self.push_screen(SetupScreen(info, seed, defaults, facilitator))

    def _card_errors(self, path: Path, exc: ScenarioError) -> None:
        from wargame.ui.screens.modals import Card

        lines = "\n".join(str(d) for d in exc.errors[:12])
        more = f"\n… and {len(exc.errors) - 12} more" if len(exc.errors) > 12 else ""
        self.push_screen(
            Card("This card has errors", f"{lines}{more}\n\nFix them (see `wargame validate`) and open it again.")
        )

    def start_game(self, path: Path, seats: dict[str, str], seed: int, facilitator: bool) -> None:
        from wargame.scenario.loader import load_scenario
        from wargame.session.session import PlaySession

        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            self._card_errors(path, exc)
            return
        self.session = PlaySession.new(
            scenario, seats, seed, facilitator=facilitator, saves=self.saves, on_warning=self._warn
        )
        self.briefed = set()
        self.advance()

    def resume(self, path: Path) -> None:
        from wargame.session.errors import ResumeError
        from wargame.session.session import PlaySession
        from wargame.ui.screens.modals import Card

        try:
            session = PlaySession.resume(path, saves=self.saves, on_warning=self._warn)
        except ResumeError as exc:
            self.push_screen(Card("Cannot continue this save", str(exc)))
            return
        self.session = session
        self.briefed = set(session.humans)
        if self.fork_turn is not None and self.fork_turn < session.turn:
            session.fork(self.fork_turn)
            self.fork_turn = None
            self.notify(f"New branch {session.game_id} from the start of turn {session.turn}")
        else:
            self.notify(f"Resumed {session.game_id} at turn {session.turn}")
        self.advance()

    def _warn(self, message: str) -> None:
        """A session's warning: a failed autosave pauses the game with a card saying what is lost
        and what to do; other notices (a resumed save under new rules, a branch) are toasts."""
        session = getattr(self, "session", None)
        if session is None or session.save_failed != message:
            self.notify(message, title="Notice", severity="warning", timeout=10)
            return
        self._save_alert = message
        session.pause()
        self.call_later(self._raise_save_alert)

    def _raise_save_alert(self) -> None:
        """Show the failed-autosave card on top of whatever screen the turn led to."""
        from wargame.ui.screens.modals import Card

        message, self._save_alert = getattr(self, "_save_alert", None), None
        session = self.session
        if message is None or session is None:
            return
        last = f"The last good save is {session.last_save}." if session.last_save else "Nothing has been saved yet."
        body = (
            f"{message}.\n\nThe latest turn is not on disk. {last} Free some space (or quit and start again with "
            "--saves DIR); the game is paused until you continue, and the next turn tries to save again."
        )
        self.push_screen(
            Card("Autosave failed — the game is paused", body, [("ok", "Continue")]), lambda _: session.unpause()
        )

    # ------------------------------------------------------------------ the loop
    def advance(self) -> None:
        from wargame.ui.screens.briefing import BriefingScreen, HandoffScreen
        from wargame.ui.screens.debrief import DebriefScreen
        from wargame.ui.screens.turn import TurnScreen

        s = self.session
        if s is None:
            return
        if s.over:
            s.autosave()
            self.switch_screen(DebriefScreen(s))
            return
        team = s.next_human()
        if team is None:  # every seat is a bot's
            s.adjudicate()
            self.show_results()
            return

        def turn() -> None:
            self.switch_screen(TurnScreen(s, team, self._submitted))

        def brief() -> None:
            if team in self.briefed:
                turn()
            else:
                self.briefed.add(team)
                self.switch_screen(BriefingScreen(s, team, turn))

        if len(s.humans) > 1:
            self.switch_screen(HandoffScreen(s.name(team), brief))
        else:
            brief()

    def _submitted(self, receipt: Receipt) -> None:
        if receipt.adjudicated:
            self.show_results()
        else:
            self.advance()

    def show_results(self) -> None:
        from wargame.session.views import PUBLIC
        from wargame.ui.screens.results import ResultsScreen

        s = self.session
        assert s is not None
        audience = s.humans[0] if len(s.humans) == 1 else PUBLIC
        self.switch_screen(ResultsScreen(s, audience, self.advance))
        self._raise_save_alert()

    # ------------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "facilitator":
            console = type(self.screen).__name__ == "FacilitatorScreen"
            return bool(self.session and self.session.facilitator and not console)
        return True

    def action_facilitator(self) -> None:
        from wargame.ui.screens.facilitator import FacilitatorScreen

        if self.session is None or not self.session.facilitator:
            return
        session = self.session
        if not self.facilitator_pin:
            self.push_screen(FacilitatorScreen(session, self._facilitator_change))
            return
        from wargame.ui.screens.modals import PinPrompt

        def entered(pin: str | None) -> None:
            import secrets

            if pin is None:
                return
            if secrets.compare_digest(pin.encode(), (self.facilitator_pin or "").encode()):
                self.push_screen(FacilitatorScreen(session, self._facilitator_change))
            else:
                self.notify("Wrong facilitator PIN.", severity="error")

        self.push_screen(PinPrompt(), entered)

    def _facilitator_change(self, what: str, payload: object) -> None:
        if what == "override":
            self.pop_screen()
            self.show_results()
        elif what == "undo":
            self.pop_screen()
            self.advance()

    async def action_quit(self) -> None:
        """Quit, saving the game first (facilitator decisions since the last turn included)."""
        if self.session is not None:
            self.session.autosave()
        await super().action_quit()

    def action_help(self) -> None:
        """F1: the screen's help, its own keys with their meaning, then the glossary and what each
        mechanic of the rules represents (during a game)."""
        from wargame.ui.screens.modals import Help

        screen = self.screen
        body = getattr(screen, "HELP", "") or "Arrow keys move, Enter chooses, Escape goes back."
        focus = getattr(screen, "focus_help", None)
        extra = focus() if callable(focus) else ""
        keys = "\n".join(f"  {key:<10} {meaning}" for key, meaning in screen_keys(screen))
        text = body + (f"\n\nHere: {extra}" if extra else "") + f"\n\nKeys on this screen\n{keys}"
        text += (
            "\n  F1         this help\n  Ctrl+P     command palette (game commands first)\n  Ctrl+Q     save and quit"
        )
        if self.session is not None:
            text += "\n\n" + reference_text(self.session.reference())
        self.push_screen(Help(type(screen).__name__.removesuffix("Screen"), text))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for binding in screen.BINDINGS:  # the screen's own commands first
            if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
                continue
            if binding.action.startswith("app.") or screen.check_action(binding.action, ()) is False:
                continue
            seen.add(binding.action)
            key = key_name(binding.key)
            yield SystemCommand(
                f"{binding.description} ({key})",
                binding.tooltip or f"Same as pressing {key}",
                lambda action=binding.action: self.call_later(screen.run_action, action),
            )
        if self.session is not None:
            yield SystemCommand(
                "Help (F1)", "This screen's keys, the glossary, what the rules represent", self.action_help
            )
            yield SystemCommand("Home", "Leave this game (it is autosaved) and return home", self.go_home)
        yield from super().get_system_commands(screen)

    # ------------------------------------------------------------------ size
    def on_resize(self) -> None:
        if self._home_shown:
            self._check_size()

    def _check_size(self) -> None:
        from wargame.ui.screens.modals import TooSmall

        width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._too_small is None:
            self._too_small = TooSmall(width, height)
            self.push_screen(self._too_small)
        elif not small and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None


def key_name(keys: str) -> str:
    """A binding's first key as printed on the keyboard (`delete,backspace` → `Delete`)."""
    first = keys.split(",")[0]
    return {"f1": "F1", "escape": "Esc", "enter": "Enter", "delete": "Delete"}.get(first, first.upper())


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """The screen's own keys with their meaning (not the widgets' scrolling keys)."""
    out = []
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or not binding.description or binding.action == "app.help":
            continue
        if screen.check_action(binding.action, ()) is False:
            continue
        meaning = binding.description + (f" — {binding.tooltip}" if binding.tooltip else "")
        out.append((key_name(binding.key), meaning))
    return out


def reference_text(ref: Any) -> str:
    """The glossary (grouped) and the teaching notes, as help text."""
    groups = {"world": "The crisis and the world", "ladder": "The escalation ladder", "states": "Crisis states"}
    groups["styles"] = "Mediation styles"
    lines, current = ["GLOSSARY"], ""
    first_party = next((e.group for e in ref.glossary if e.group not in groups), None)
    for entry in ref.glossary:
        if entry.group not in groups and entry.group != first_party:
            continue  # every side has the same numbers: list them once
        title = groups.get(entry.group, "Each side's numbers (every side has the same ones)")
        if title != current:
            current = title
            lines.append(f"\n{title}")
        lines.append(f"  {entry.label}" + (f": {entry.description}" if entry.description else ""))
    if ref.teaching:
        lines.append("\nWHAT THE RULES REPRESENT")
        for note in ref.teaching:
            lines.append(f"\n{note.title}\n  {note.text}")
            if note.sources:
                lines.append("  Sources: " + "; ".join(note.sources))
    return "\n".join(lines)


def _describe(exc: BaseException, path: Path) -> str:
    if isinstance(exc, ScenarioError):
        return "\n".join(str(d) for d in exc.errors[:12])
    return f"{display_path(path)}: {exc}"


def run_ui(root: Path, saves: Path | None, **options: Any) -> None:
    """Run the app; `options` are WargameApp's (card, seats, seed, facilitator, resume, fork_turn)."""
    WargameApp(root, saves, **options).run()
