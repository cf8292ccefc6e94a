"""The play loop's screens: hot-seat hand-off, briefing, the turn screen and the results."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, OptionList, RichLog, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from wargame.engine.errors import IllegalOrder
from wargame.engine.state import Event, Order
from wargame.reporting.explain import NO_CHANCE, explain
from wargame.ui.screens.modals import Card, Confirm
from wargame.ui.text import clean, reflow, safe

if TYPE_CHECKING:
    from wargame.engine.rules.legality import MoveOption
    from wargame.ui.session import Session

VISIBILITY = {
    "public": "public — everyone sees it",
    "private": "private — you and the other side",
    "secret": "secret — only your team",
}


def crisis_header(session: Session) -> Text:
    """Turn, date, crisis state and the rung on a ladder gauge (symbols, not colour alone)."""
    game, c = session.game, session.game.compiled
    turn = min(game.turn, c.n_turns)
    cal = session.scenario.card.calendar[turn - 1]
    states = {s.id: s.name for s in c.rules.states}
    rung = int(game.state.vars["rung"])
    top = len(c.rules.ladder.rungs) - 1
    gauge = "".join("◆" if i == rung else ("■" if i < rung else "□") for i in range(top + 1))
    text = Text()
    text.append(f"Turn {game.turn}/{c.n_turns} · {cal.date.isoformat()} · ", style="bold")
    text.append(clean(cal.label), style="bold")
    text.append(f"\n{clean(states[game.state.crisis_state])} · rung {rung}/{top} {gauge} ")
    text.append(clean(c.rules.ladder.rungs[rung].name), style="italic")
    return text


def event_line(e: Event, why: bool = False) -> Text:
    marker = {
        "order": "▸",
        "inject": "✉",
        "hazard": "⚠",
        "misperception": "?",
        "firebreak": "‼",
        "transition": "→",
        "mediation_offer": "☏",
        "mediation_answer": "☏",
        "claim": "≠",
        "evidence": "✓",
        "end": "■",
    }.get(e.kind, "•")
    line = Text(f"{marker} T{e.turn} ")
    line.append(clean(e.text))
    if why and e.explanation is not None:
        line.append("  (why: Enter)", style="dim")
    return line


def _num(v: float) -> str:
    return f"{int(v):+d}" if float(v).is_integer() else f"{v:+.2f}"


class HandoffScreen(Screen[None]):
    """A blank screen between human teams: nobody sees another team's view."""

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
    HELP = "Your team's private briefing and objectives. Scroll with the arrow keys; Enter starts the turn."
    BINDINGS = [Binding("enter", "go", "Start the turn", id="briefing-go")]

    def __init__(self, session: Session, team: str, on_done: Callable[[], None]) -> None:
        super().__init__()
        self.session = session
        self.team = team
        self.on_done = on_done

    def compose(self) -> ComposeResult:
        card = self.session.scenario.card
        team = next(t for t in card.teams if t.id == self.team)
        yield Static(crisis_header(self.session), id="crisis-header")
        with VerticalScroll(id="briefing"):
            yield Label(safe(f"Briefing — {self.session.name(self.team)}"), classes="section-title")
            yield Static(safe(reflow(team.briefing)), id="briefing-text")
            if team.objectives:
                yield Label("Objectives (scored at the end)", classes="section-title")
                for obj in team.objectives:
                    yield Static(safe(f"• {obj.description} ({obj.points:+d})"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#briefing").focus()

    def action_go(self) -> None:
        self.on_done()


class TurnScreen(Screen[None]):
    """One team's turn: the crisis header, its variables, news, legal moves and drafted orders."""

    HELP = (
        "Moves (left): ↑/↓ to browse; Enter adds the move to your orders, or removes it.\n"
        "A move marked ✗ is not available now: the Move tab says why.\n"
        "Crossing a firebreak asks you to authorise it explicitly.\n"
        "Tabs (right): M move details and orders, N news, V your team's status.\n"
        "S submits your orders (you may submit none); Delete removes the last order."
    )
    FOCUS_HELP = {
        "moves": "The catalogue: every move your party could play. "
        "✓ = available now, ✗ = not (see why in the Move tab).",
        "news": "What your team has seen: public news, your private moves and intelligence, injects.",
        "status": "Your team's variables (private ones included) and the public state of the others.",
    }
    BINDINGS = [
        Binding("s", "submit", "Submit orders", id="turn-submit"),
        Binding("delete,backspace", "remove_last", "Remove last", id="turn-remove"),
        Binding("m", "tab('tab-move')", "Move", id="turn-tab-move"),
        Binding("n", "tab('tab-news')", "News", id="turn-tab-news"),
        Binding("v", "tab('tab-status')", "Status", id="turn-tab-status"),
    ]

    def __init__(self, session: Session, team: str, on_done: Callable[[], None]) -> None:
        super().__init__()
        self.session = session
        self.team = team
        self.on_done = on_done
        self.orders: list[Order] = []
        self.answers: dict[str, str] = {}
        self.choices: dict[str, str] = {}
        self.options: list[MoveOption] = session.game.options(team)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static(crisis_header(self.session), id="crisis-header")
        with Horizontal(id="turn-body"):
            yield OptionList(*self._move_options(), id="moves")
            with TabbedContent(id="turn-tabs", initial="tab-move"):
                with TabPane("Move", id="tab-move"), VerticalScroll():
                    yield Static(id="detail")
                    yield Static(id="orders")
                with TabPane("News", id="tab-news"):
                    yield RichLog(id="news", wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20)
                with TabPane("Status", id="tab-status"):
                    yield DataTable(id="status", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def _move_options(self) -> list[Option]:
        out = []
        for opt in sorted(self.options, key=lambda o: not o.legal):
            mark = "✓" if opt.legal else "✗"
            text = Text(f"{mark} ")
            text.append(clean(opt.name), style="" if opt.legal else "dim")
            if opt.odds is not None and opt.legal:
                text.append(f" ({opt.odds:.0%})", style="dim")
            if opt.firebreak and opt.legal:
                text.append(" ‼", style="bold")
            out.append(Option(text, id=opt.id))
        return out

    def on_mount(self) -> None:
        self.title = f"{self.session.name(self.team)} — turn {self.session.game.turn}"
        view = self.session.game.view(self.team)
        self._fill_news(view.events)
        self._fill_status(view.variables)
        self._show_orders()
        moves = self.query_one("#moves", OptionList)
        moves.focus()
        if moves.option_count:
            moves.highlighted = 0
            self._show_detail(self._option(moves.get_option_at_index(0).id))
        self.call_after_refresh(self._deliver_cards)

    def _fill_news(self, events: list[Event]) -> None:
        log = self.query_one("#news", RichLog)
        for e in events:
            log.write(event_line(e))

    def _fill_status(self, variables: dict[str, float]) -> None:
        table = self.query_one("#status", DataTable)
        table.add_columns("Variable", "Value")
        own = [k for k in variables if k.startswith(self.team + ".")]
        world = [k for k in variables if "." not in k]
        for key in own + world:
            value = variables[key]
            table.add_row(
                key, f"{value:.2f}" if isinstance(value, float) and not float(value).is_integer() else str(int(value))
            )

    # ------------------------------------------------------------------ cards
    def _deliver_cards(self) -> None:
        """Inject cards this team has not seen, then pending offers and choices, one by one."""
        queue: list[Callable[[Callable[[], None]], None]] = []
        asking = {p.inject for p in self.session.game.choices_for(self.team)}
        for e in self.session.unseen_events(self.team):
            if e.kind == "inject" and e.inject not in asking:
                queue.append(lambda nxt, e=e: self.app.push_screen(Card(e.text, e.body or ""), lambda _: nxt()))
        for offer in self.session.game.offers_for(self.team):
            queue.append(lambda nxt, o=offer: self._ask_offer(o, nxt))
        injects = {i.id: i for i in self.session.scenario.card.injects}
        for pending in self.session.game.choices_for(self.team):
            queue.append(lambda nxt, p=pending: self._ask_choice(injects[p.inject], nxt))

        def run(i: int = 0) -> None:
            if i < len(queue):
                queue[i](lambda: run(i + 1))
            else:
                self._show_orders()

        run()

    def _ask_offer(self, offer, nxt: Callable[[], None]) -> None:
        mediators = {m.id: m.name for m in self.session.scenario.rules.mediators}
        style = next(s for s in self.session.scenario.rules.mediation_styles if s.id == offer.style)
        body = f"{offer.text}\n\nStyle: {offer.style} — {style.description}"
        choices = [
            ("accept", "Accept"),
            ("counter", "Counter-propose (half the effect, one turn)"),
            ("reject", "Reject"),
        ]

        def answered(answer: str | None) -> None:
            self.answers[offer.id] = answer or "reject"
            nxt()

        self.app.push_screen(
            Card(f"Mediation offer from {mediators[offer.mediator]}", body, choices, closable=False), answered
        )

    def _ask_choice(self, inject, nxt: Callable[[], None]) -> None:
        def answered(choice: str | None) -> None:
            if choice:
                self.choices[inject.id] = choice
            nxt()

        options = [(c.id, c.label) for c in inject.choices]
        self.app.push_screen(Card(inject.title, inject.text, options, closable=False), answered)

    # ------------------------------------------------------------------ moves and orders
    def _option(self, move_id: str | None) -> MoveOption | None:
        return next((o for o in self.options if o.id == move_id), None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(self._option(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._toggle(self._option(event.option.id))

    def _show_detail(self, opt: MoveOption | None) -> None:
        if opt is None:
            return
        text = Text()
        text.append(clean(opt.name) + "\n", style="bold")
        text.append(f"{opt.category} · {VISIBILITY[opt.visibility]}\n")
        if opt.odds is not None:
            text.append(f"Chance of success: {opt.odds:.0%}\n")
        if opt.firebreak:
            fb = next(f for f in self.session.scenario.rules.ladder.firebreaks if f.id == opt.firebreak)
            text.append(
                f"‼ Crosses the '{clean(fb.name)}' firebreak: needs your authorisation; "
                f"costs standing {fb.standing_cost:.2f}\n"
            )
        costs = [f"{k.split('.', 1)[1]} {_num(v)}" for k, v in opt.effects if k.startswith(self.team + ".")]
        others = [f"{k} {_num(v)}" for k, v in opt.effects if not k.startswith(self.team + ".")]
        if costs:
            text.append("Effects on you: " + ", ".join(costs) + "\n")
        if others:
            text.append("Other effects: " + ", ".join(others) + "\n")
        text.append(clean(opt.description) + "\n", style="italic")
        if not opt.legal:
            text.append("✗ Not available: " + clean(opt.reason), style="bold")
        self.query_one("#detail", Static).update(text)

    def _show_orders(self) -> None:
        limit = self.session.game.compiled.params.max_orders_per_turn
        text = Text(f"\nOrders ({len(self.orders)}/{limit}):\n", style="bold")
        if not self.orders:
            text.append("  none yet — Enter on a move adds it; S submits\n", style="")
        names = {o.id: o.name for o in self.options}
        for i, order in enumerate(self.orders, 1):
            text.append(f"  {i}. {clean(names[order.move])}" + (" (authorised)" if order.authorise else "") + "\n")
        mediators = {m.id: m.name for m in self.session.scenario.rules.mediators}
        offers = {o.id: o for o in self.session.game.offers_for(self.team)}
        for offer_id, answer in self.answers.items():
            offer = offers.get(offer_id)
            who = f"{mediators.get(offer.mediator, offer.mediator)}'s {offer.style} offer" if offer else offer_id
            text.append(f"  answer to {clean(who)}: {answer}\n")
        injects = {i.id: i for i in self.session.scenario.card.injects}
        for inject_id, choice in self.choices.items():
            inject = injects[inject_id]
            label = next((c.label for c in inject.choices if c.id == choice), choice)
            text.append(f"  on '{clean(inject.title)}': {clean(label)}\n")
        self.query_one("#orders", Static).update(text)

    def _toggle(self, opt: MoveOption | None) -> None:
        if opt is None:
            return
        existing = next((o for o in self.orders if o.move == opt.id), None)
        if existing is not None:
            self.orders.remove(existing)
            self._show_orders()
            return
        if not opt.legal:
            self.notify(f"{opt.name}: {opt.reason}", title="Not available", severity="warning")
            return
        if len(self.orders) >= self.session.game.compiled.params.max_orders_per_turn:
            self.notify("You have the most orders allowed this turn; remove one first (Delete).", severity="warning")
            return
        if opt.firebreak:
            fb = next(f for f in self.session.scenario.rules.ladder.firebreaks if f.id == opt.firebreak)

            def decided(answer: str | None) -> None:
                if answer == "yes":
                    self.orders.append(Order(opt.id, authorise=True))
                    self._show_orders()

            self.app.push_screen(
                Confirm(
                    "Authorise crossing a firebreak?",
                    f"'{opt.name}' crosses the '{fb.name}' firebreak.\n{fb.description}\n\nAuthorise it?",
                ),
                decided,
            )
            return
        self.orders.append(Order(opt.id))
        self._show_orders()

    def action_remove_last(self) -> None:
        if self.orders:
            self.orders.pop()
            self._show_orders()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_submit(self) -> None:
        try:
            self.session.submit(self.team, self.orders, self.answers, self.choices)
        except IllegalOrder as exc:
            self.notify(str(exc), title="Order refused", severity="error")
            return
        self.on_done()

    def focus_help(self) -> str:
        focused = self.focused
        return self.FOCUS_HELP.get(getattr(focused, "id", "") or "", "")


class ResultsScreen(Screen[None]):
    """What happened this turn; Enter on an outcome shows its explanation."""

    HELP = (
        "The turn's results. ↑/↓ to browse; Enter on a line explains it (rule, probability, roll).\n"
        "C continues. In hot-seat games only public results appear here; each team sees its own\n"
        "private results in its News tab."
    )
    BINDINGS = [
        Binding("c", "go", "Continue", id="results-go"),
        Binding("e", "explain", "Explain", id="results-explain"),
    ]

    def __init__(self, session: Session, events: list[Event], viewer: str | None, on_done: Callable[[], None]) -> None:
        super().__init__()
        self.session = session
        self.resolved = len(session.game.state.inputs)  # the turn just adjudicated
        # the next turn's opening injects are delivered as cards on the team's turn screen
        self.events = [
            e
            for e in events
            if e.turn == self.resolved and e.visible(viewer) and (viewer is not None or e.visible_to is None)
        ]
        self.on_done = on_done

    def compose(self) -> ComposeResult:
        yield Static(crisis_header(self.session), id="crisis-header")
        yield Label(
            f"Results of turn {self.resolved} — Enter explains the highlighted line; C continues",
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
        e = self.events[index]
        why = explain(e) if e.explanation is not None else "\n".join(filter(None, [NO_CHANCE, explain(e)]))
        self.app.push_screen(Card("Why", f"{clean(e.text)}\n\n{clean(why)}"))

    def action_go(self) -> None:
        self.on_done()
