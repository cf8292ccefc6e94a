"""One team's turn: the crisis header, its variables, news, legal moves and drafted orders."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, RichLog, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from wargame.session.errors import Refused
from wargame.ui.screens.modals import Card, Confirm
from wargame.ui.screens.render import VISIBILITY, crisis_header, event_line, number, signed
from wargame.ui.text import clean

if TYPE_CHECKING:
    from wargame.session.session import PlaySession
    from wargame.session.views import Choice, EventView, MoveOption, Offer, OrderDraft, Receipt, Value


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

    def __init__(self, session: PlaySession, team: str, on_done: Callable[[Receipt], None]) -> None:
        super().__init__()
        self.session = session
        self.team = team
        self.on_done = on_done
        self.view = session.team_view(team)
        self.orders: list[OrderDraft] = []
        self.answers: dict[str, str] = {}
        self.choices: dict[str, str] = {}
        self.options: list[MoveOption] = self.view.options

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static(crisis_header(self.view.situation), id="crisis-header")
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
        self.title = f"{self.view.name} — turn {self.view.situation.turn}"
        self._fill_news(self.view.events)
        self._fill_status(self.view.variables)
        self._show_orders()
        moves = self.query_one("#moves", OptionList)
        moves.focus()
        if moves.option_count:
            moves.highlighted = 0
            self._show_detail(self._option(moves.get_option_at_index(0).id))
        self.call_after_refresh(self._deliver_cards)

    def _fill_news(self, events: list[EventView]) -> None:
        log = self.query_one("#news", RichLog)
        for e in events:
            log.write(event_line(e))

    def _fill_status(self, variables: dict[str, Value]) -> None:
        table = self.query_one("#status", DataTable)
        table.add_columns("Variable", "Value")
        own = [k for k in variables if k.startswith(self.team + ".")]
        world = [k for k in variables if "." not in k]
        for key in own + world:
            table.add_row(key, number(variables[key]))

    # ------------------------------------------------------------------ cards
    def _deliver_cards(self) -> None:
        """Inject cards this team has not seen, then pending offers and choices, one by one."""
        queue: list[Callable[[Callable[[], None]], None]] = []
        asking = {c.inject for c in self.view.choices}
        for e in self.session.unseen_events(self.team):
            if e.kind == "inject" and e.inject not in asking:
                queue.append(lambda nxt, e=e: self.app.push_screen(Card(e.text, e.inject_text or ""), lambda _: nxt()))
        for offer in self.view.offers:
            queue.append(lambda nxt, o=offer: self._ask_offer(o, nxt))
        for pending in self.view.choices:
            queue.append(lambda nxt, p=pending: self._ask_choice(p, nxt))

        def run(i: int = 0) -> None:
            if i < len(queue):
                queue[i](lambda: run(i + 1))
            else:
                self._show_orders()

        run()

    def _ask_offer(self, offer: Offer, nxt: Callable[[], None]) -> None:
        body = f"{offer.text}\n\nStyle: {offer.style} — {offer.style_description}"
        choices = [
            ("accept", "Accept"),
            ("counter", "Counter-propose (half the effect, one turn)"),
            ("reject", "Reject"),
        ]

        def answered(answer: str | None) -> None:
            self.answers[offer.id] = answer or "reject"
            nxt()

        self.app.push_screen(
            Card(f"Mediation offer from {offer.mediator_name}", body, choices, closable=False), answered
        )

    def _ask_choice(self, choice: Choice, nxt: Callable[[], None]) -> None:
        def answered(picked: str | None) -> None:
            if picked:
                self.choices[choice.inject] = picked
            nxt()

        options = [(o.id, o.label) for o in choice.options]
        self.app.push_screen(Card(choice.title, choice.text, options, closable=False), answered)

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
            fb = opt.firebreak
            text.append(
                f"‼ Crosses the '{clean(fb.name)}' firebreak: needs your authorisation; "
                f"costs standing {fb.standing_cost:.2f}\n"
            )
        costs = [f"{k.split('.', 1)[1]} {signed(v)}" for k, v in opt.effects if k.startswith(self.team + ".")]
        others = [f"{k} {signed(v)}" for k, v in opt.effects if not k.startswith(self.team + ".")]
        if costs:
            text.append("Effects on you: " + ", ".join(costs) + "\n")
        if others:
            text.append("Other effects: " + ", ".join(others) + "\n")
        text.append(clean(opt.description) + "\n", style="italic")
        if not opt.legal:
            text.append("✗ Not available: " + clean(opt.reason), style="bold")
        self.query_one("#detail", Static).update(text)

    def _show_orders(self) -> None:
        limit = self.view.max_orders
        text = Text(f"\nOrders ({len(self.orders)}/{limit}):\n", style="bold")
        if not self.orders:
            text.append("  none yet — Enter on a move adds it; S submits\n", style="")
        names = {o.id: o.name for o in self.options}
        for i, order in enumerate(self.orders, 1):
            text.append(f"  {i}. {clean(names[order.move])}" + (" (authorised)" if order.authorise else "") + "\n")
        offers = {o.id: o for o in self.view.offers}
        for offer_id, answer in self.answers.items():
            offer = offers.get(offer_id)
            who = f"{offer.mediator_name}'s {offer.style} offer" if offer else offer_id
            text.append(f"  answer to {clean(who)}: {answer}\n")
        pending = {c.inject: c for c in self.view.choices}
        for inject_id, picked in self.choices.items():
            choice = pending[inject_id]
            label = next((o.label for o in choice.options if o.id == picked), picked)
            text.append(f"  on '{clean(choice.title)}': {clean(label)}\n")
        self.query_one("#orders", Static).update(text)

    def _toggle(self, opt: MoveOption | None) -> None:
        from wargame.session.views import OrderDraft

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
        if len(self.orders) >= self.view.max_orders:
            self.notify("You have the most orders allowed this turn; remove one first (Delete).", severity="warning")
            return
        if opt.firebreak:
            fb = opt.firebreak

            def decided(answer: str | None) -> None:
                if answer == "yes":
                    self.orders.append(OrderDraft(move=opt.id, authorise=True))
                    self._show_orders()

            self.app.push_screen(
                Confirm(
                    "Authorise crossing a firebreak?",
                    f"'{opt.name}' crosses the '{fb.name}' firebreak.\n{fb.description}\n\nAuthorise it?",
                ),
                decided,
            )
            return
        self.orders.append(OrderDraft(move=opt.id))
        self._show_orders()

    def action_remove_last(self) -> None:
        if self.orders:
            self.orders.pop()
            self._show_orders()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_submit(self) -> None:
        if self.orders:
            self._submit()
            return
        self.app.push_screen(
            Confirm("Submit with no orders?", "Your team gives no orders this turn (answers to cards still count)."),
            lambda answer: self._submit() if answer == "yes" else None,
        )

    def _submit(self) -> None:
        from wargame.session.views import Draft

        try:
            draft = Draft(orders=list(self.orders), answers=self.answers, choices=self.choices)  # type: ignore[arg-type]
            receipt = self.session.submit(self.team, draft, turn=self.view.situation.turn)
        except Refused as exc:
            self.notify(str(exc), title="Order refused", severity="error")
            return
        self.on_done(receipt)

    def focus_help(self) -> str:
        focused = self.focused
        return self.FOCUS_HELP.get(getattr(focused, "id", "") or "", "")
