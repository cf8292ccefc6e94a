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
from wargame.ui.text import clean, fit, reflow, safe

ANSWER_WORDS = {"accept": "accept", "counter": "counter-propose", "reject": "reject"}
ODDS_NOTE = "before the other teams' moves this turn"
"""The odds shown are the chance as things stand before this turn's moves are resolved: moves resolved
before it in the same turn (other teams') can change it; the results card names the chance that was used."""
CardStep = Callable[[Callable[[], None]], None]
"""Shows one card, then calls the given function (which shows the next)."""

if TYPE_CHECKING:
    from wargame.session.session import PlaySession
    from wargame.session.views import Choice, EventView, MoveOption, Offer, OrderDraft, Receipt


class TurnScreen(Screen[None]):
    """One team's turn: the crisis header, its variables, news, legal moves and drafted orders."""

    CSS_PATH = "../game.tcss"  # the game screens' rules, parsed when the first one is shown
    HELP = (
        "Moves (left): ↑/↓ to browse; Enter adds the move to your orders, or removes it.\n"
        "A move marked ✗ is not available now: the Move tab says why.\n"
        f"(62%) is its chance of success {ODDS_NOTE} (theirs may change it;\n"
        "the results say the chance used). ‼ means it crosses a firebreak: you authorise it explicitly.\n"
        "Tabs (right): M move details and orders, N news, V your team's status (what each number means)."
    )
    FOCUS_HELP = {
        "moves": "The catalogue: every move your party could play. "
        "✓ = available now, ✗ = not (see why in the Move tab).",
        "news": "What your team has seen: public news, your private moves and intelligence, injects.",
        "status": "Your team's variables (private ones included) and the public state of the others.",
    }
    BINDINGS = [
        Binding("s", "submit", "Submit", id="turn-submit", tooltip="review your orders, then submit them"),
        Binding("b", "briefing", "Briefing", id="turn-briefing", tooltip="re-read your briefing and objectives"),
        Binding("a", "answers", "Answer", id="turn-answers", tooltip="answer (or change your answer to) offers"),
        Binding("delete,backspace", "remove_last", "Remove", id="turn-remove", tooltip="remove the last order"),
        Binding("f1", "app.help", "Help", id="turn-help", tooltip="this screen's keys, the glossary, the rules"),
        Binding("m", "tab('tab-move')", "Move tab", id="turn-tab-move", show=False, tooltip="move details"),
        Binding("n", "tab('tab-news')", "News tab", id="turn-tab-news", show=False, tooltip="what your team has seen"),
        Binding("v", "tab('tab-status')", "Status tab", id="turn-tab-status", show=False, tooltip="your numbers"),
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
        self.why = ""
        self._ready = False
        self._sent = False
        self.options: list[MoveOption] = self.view.options
        self._meanings: dict[str, str] = {}
        self._moves_width = 0

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static(crisis_header(self.view.situation), id="crisis-header")
        with Horizontal(id="turn-body"):
            yield OptionList(*self._move_options(), id="moves")
            with TabbedContent(id="turn-tabs", initial="tab-move"):
                with TabPane("Move (M)", id="tab-move"), VerticalScroll():
                    yield Static(id="detail")
                    yield Static(id="orders")
                with TabPane("News (N)", id="tab-news"):
                    yield RichLog(id="news", wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20)
                with TabPane("Status (V)", id="tab-status"):
                    yield DataTable(id="status", cursor_type="row", zebra_stripes=True)
                    yield Static(id="status-meaning")
        yield Footer()

    def _move_options(self) -> list[Option]:
        return [Option(self._move_title(opt), id=opt.id) for opt in self._listed()]

    def _listed(self) -> list[MoveOption]:
        """The moves in the list's order: available first."""
        return sorted(self.options, key=lambda o: not o.legal)

    def _move_title(self, opt: MoveOption, width: int | None = None) -> Text:
        """One line of the move list: ✓/✗, the name (cut with … to fit `width`: the detail pane
        shows it in full when the move is highlighted), its chance and ‼ for a firebreak."""
        chance = f" ({opt.odds:.0%})" if opt.odds is not None and opt.legal else ""
        firebreak = " ‼" if opt.firebreak and opt.legal else ""
        name = clean(opt.name)
        if width:
            name = fit(name, width - 2 - len(chance) - len(firebreak))
        text = Text(f"{'✓' if opt.legal else '✗'} ", no_wrap=True)
        text.append(name, style="" if opt.legal else "dim")
        text.append(chance, style="dim")
        text.append(firebreak, style="bold")
        return text

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_to_width)

    def _fit_to_width(self) -> None:
        """Move titles and order lines on one line each at the panes' current width (no wrapping at 80 columns)."""
        moves = self.query_one("#moves", OptionList)
        width = moves.scrollable_content_region.width
        if width > 8 and width != self._moves_width:
            self._moves_width = width
            for i, opt in enumerate(self._listed()):
                moves.replace_option_prompt_at_index(i, self._move_title(opt, width))
        self._show_orders()

    def on_mount(self) -> None:
        self.title = f"{self.view.name} — turn {self.view.situation.turn}"
        self._fill_news(self.view.events)
        self._fill_status()
        self._show_orders()
        moves = self.query_one("#moves", OptionList)
        moves.focus()
        if moves.option_count:
            moves.highlighted = 0
            self._show_detail(self._option(moves.get_option_at_index(0).id))
        self.call_after_refresh(self._fit_to_width)
        self.call_after_refresh(self._deliver_cards)

    def _fill_news(self, events: list[EventView]) -> None:
        log = self.query_one("#news", RichLog)
        for e in events:
            log.write(event_line(e))

    GROUPS = {"yours": "Yours", "others": "The others (public)", "world": "The world"}

    def _fill_status(self) -> None:
        """Labels grouped: yours, the others' public values, the world; the highlighted row's meaning below."""
        table = self.query_one("#status", DataTable)
        table.add_columns("Value", "")  # the value first: a narrow terminal cuts the label, not the number
        group = ""
        for row in self.view.status:
            if row.group != group:
                group = row.group
                table.add_row("", Text(self.GROUPS[group], style="bold"), key=f"group-{group}")
            table.add_row(Text(number(row.value), justify="right"), clean(row.label), key=row.key)
        self._meanings = {r.key: f"{r.label}: {r.description}" if r.description else r.label for r in self.view.status}

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value or ""
        self.query_one("#status-meaning", Static).update(safe(self._meanings.get(key, "")))

    # ------------------------------------------------------------------ cards
    def _deliver_cards(self) -> None:
        """Inject cards this team has not seen, then pending offers and choices, one by one."""
        self._ready = True
        queue: list[CardStep] = []
        asking = {c.inject for c in self.view.choices}
        for e in self.session.unseen_events(self.team):
            if e.kind == "inject" and e.inject not in asking:
                queue.append(self._inject_card(e))
        self._show_cards([*queue, *self._answer_cards()])

    def on_screen_resume(self) -> None:
        """Back from the facilitator console (or a card): an inject fired meanwhile reaches the team now,
        not a turn late; a choice it brings is asked at once."""
        if not self._ready or self._sent or self.app.screen is not self:
            return  # opening cards come from `_deliver_cards`; after submitting, the next turn's screen shows them
        fresh = [e for e in self.session.unseen_events(self.team) if e.kind == "inject"]
        if not fresh:
            return
        self.view = self.session.team_view(self.team)
        log = self.query_one("#news", RichLog)
        asking = {c.inject: c for c in self.view.choices}
        queue: list[CardStep] = []
        for e in fresh:
            log.write(event_line(e))
            if e.inject in asking and e.inject not in self.choices:
                queue.append(lambda nxt, p=asking[e.inject]: self._ask_choice(p, nxt))
            else:
                queue.append(self._inject_card(e))
        self._show_cards(queue)

    def _inject_card(self, e: EventView) -> CardStep:
        """An inject's card (read, then the next card)."""
        return lambda nxt: self.app.push_screen(Card(e.text, e.inject_text or ""), lambda _: nxt())

    def _answer_cards(self) -> list[CardStep]:
        """A card for each of this turn's mediation offers, then each inject choice."""
        queue: list[CardStep] = [lambda nxt, o=offer: self._ask_offer(o, nxt) for offer in self.view.offers]
        queue += [lambda nxt, p=pending: self._ask_choice(p, nxt) for pending in self.view.choices]
        return queue

    def _show_cards(self, queue: list[CardStep]) -> None:
        """The cards one after the other (each shows the next when answered), then the orders again."""

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
        title = f"Mediation offer from {offer.mediator_name}"
        self._ask(title, body, choices, self.answers, offer.id, nxt, said=ANSWER_WORDS)

    def _ask_choice(self, choice: Choice, nxt: Callable[[], None]) -> None:
        options = [(o.id, o.label) for o in choice.options]
        self._ask(choice.title, choice.text, options, self.choices, choice.inject, nxt)

    def _ask(
        self,
        title: str,
        body: str,
        choices: list[tuple[str, str]],
        answers: dict[str, str],
        key: str,
        nxt: Callable[[], None],
        said: dict[str, str] | None = None,
    ) -> None:
        """A card that needs an explicit choice (no default on Enter), saying the answer so far (in
        the words of `said`, else the choice's label); the choice is kept in `answers[key]` and can
        be changed until the turn is submitted."""
        if key in answers:
            body += f"\n\nYour answer so far: {(said or dict(choices)).get(answers[key], '')}"

        def answered(answer: str | None) -> None:
            if answer:
                answers[key] = answer
            nxt()

        self.app.push_screen(Card(title, body, choices, explicit=True), answered)

    def action_answers(self) -> None:
        """Answer, or change the answer to, every offer and inject choice of this turn."""
        self._show_cards(self._answer_cards())

    def action_briefing(self) -> None:
        v = self.view
        objectives = "\n".join(f"• {o.description} ({o.points:+d})" for o in v.objectives)
        body = reflow(v.briefing) + (f"\n\nObjectives (scored at the end)\n{objectives}" if objectives else "")
        self.app.push_screen(Card(f"Briefing — {v.name}", body, [("ok", "Back to the turn")]))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answers":
            return bool(self.view.offers or self.view.choices)
        return True

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
            text.append(f"Chance of success: {opt.odds:.0%} ({ODDS_NOTE})\n")
        if opt.ladder:
            text.append(f"Ladder: {clean(opt.ladder)}\n")
        if opt.firebreak:
            fb = opt.firebreak
            text.append(
                f"‼ Crosses the '{clean(fb.name)}' firebreak: needs your authorisation; "
                f"costs standing {fb.standing_cost:.2f}\n"
            )
        named = opt.effects_named or opt.effects
        costs = [f"{label.removeprefix('your ')} {signed(v)}" for label, v in named if label.startswith("your ")]
        others = [f"{label} {signed(v)}" for label, v in named if not label.startswith("your ")]
        if costs:
            text.append("Effects on you: " + ", ".join(costs) + "\n")
        if others:
            text.append("Other effects: " + ", ".join(others) + "\n")
        text.append(clean(opt.description) + "\n", style="italic")
        if not opt.legal:
            text.append("✗ Not available: " + clean(opt.reason), style="bold")
        self.query_one("#detail", Static).update(text)

    def _show_orders(self) -> None:
        self._draft_changed()
        self._render_orders()

    def _draft_changed(self) -> None:
        """The orders or answers may have changed (the network client shares them with the team)."""

    def _render_orders(self) -> None:
        limit = self.view.max_orders
        text = Text(f"\nOrders ({len(self.orders)}/{limit}):\n", style="bold")
        if not self.orders:
            text.append("  none yet — Enter on a move adds it; S submits\n", style="")
        names = {o.id: o.name for o in self.options}
        width = self.query_one("#orders", Static).content_region.width
        for i, order in enumerate(self.orders, 1):
            authorised = " (authorised)" if order.authorise else ""
            name = clean(names[order.move])
            if width > 8:
                name = fit(name, width - len(f"  {i}. {authorised}"))
            text.append(f"  {i}. {name}{authorised}\n")
        answers, unanswered = self._answer_lines()
        for line in answers:
            text.append(f"  {clean(line)}\n")
        for line in unanswered:
            text.append(f"  ! not answered: {clean(line)} (A)\n", style="bold")
        self.query_one("#orders", Static).update(text)

    def _answer_lines(self) -> tuple[list[str], list[str]]:
        """(answers given, offers and choices still unanswered), in words."""
        answers, unanswered = [], []
        for offer in self.view.offers:
            who = f"{offer.mediator_name}'s offer ({offer.style})"
            if offer.id in self.answers:
                answers.append(f"{who}: {ANSWER_WORDS[self.answers[offer.id]]}")
            else:
                unanswered.append(f"{who} — no answer counts as a refusal")
        for choice in self.view.choices:
            picked = self.choices.get(choice.inject)
            if picked:
                label = next((o.label for o in choice.options if o.id == picked), picked)
                answers.append(f"'{choice.title}': {label}")
            else:
                unanswered.append(f"'{choice.title}' — no answer takes its first option")
        return answers, unanswered

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
                    f"'{opt.name}' crosses the '{fb.name}' firebreak.\n{fb.description}\n\n"
                    f"It costs you international standing ({-fb.standing_cost:+.2f}), draws the world's attention "
                    "and makes accidents likelier for the rest of the game.\n\nAuthorise it?",
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
        """Review first; the review's Submit sends the orders with the team's optional why. Back
        keeps the why typed so far for the next review (over the network, teammates see it)."""
        from wargame.ui.screens.review import ReviewScreen, Summary

        names = {o.id: o.name for o in self.options}
        answers, unanswered = self._answer_lines()
        orders = [names[o.move] for o in self.orders]
        authorised = frozenset(i for i, o in enumerate(self.orders, 1) if o.authorise)
        summary = Summary(self.view.name, orders, answers, unanswered, self.why, authorised)
        review = ReviewScreen(summary)

        def reviewed(why: str | None) -> None:
            if why is not None:
                self.why = why
                self._send()
            elif review.typed != self.why:
                self.why = review.typed
                self._show_orders()

        self.app.push_screen(review, reviewed)

    def _send(self) -> None:
        from wargame.session.views import Draft

        self._sent = True
        try:
            draft = Draft(orders=list(self.orders), answers=self.answers, choices=self.choices, why=self.why)  # type: ignore[arg-type]
            receipt = self.session.submit(self.team, draft, turn=self.view.situation.turn)
        except Refused as exc:
            self._sent = False
            self.notify(str(exc), title="Order refused", severity="error")
            return
        self.on_done(receipt)

    def focus_help(self) -> str:
        focused = self.focused
        return self.FOCUS_HELP.get(getattr(focused, "id", "") or "", "")
