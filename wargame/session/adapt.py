"""The session's one window onto the engine, the saves, the bots and the reports.

Every read of engine internals (`Game`, `GameState`, `Compiled` through `game.compiled`, `Event`,
the RNG) and every call into `wargame.persistence`, `wargame.bots` and `wargame.reporting`
happens here; the rest of the session package, and the front ends, see only
`wargame.session.views`. When the engine's API changes, this is the module to re-point."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from wargame.bots.turn import bot_turn
from wargame.engine.errors import IllegalOrder
from wargame.engine.game import Game
from wargame.engine.state import Event, FacilitatorDecision, Order, decision_to_dict
from wargame.files.write import atomic_write
from wargame.persistence.autosave import GameLocked
from wargame.persistence.errors import SaveError
from wargame.persistence.saves import Autosaver, new_game_id, open_save, rebuild, to_save
from wargame.reporting import aar, compare, transcript
from wargame.reporting.explain import NO_CHANCE, describe, designer_detail, explain
from wargame.reporting.glossary import Glossary
from wargame.scenario.loader import LoadedScenario
from wargame.session import views as v
from wargame.session.errors import GameBusy, Refused, ResumeError

__all__ = ["EngineGame", "Saved", "Saver", "load_saved", "new_game_id"]


def _refused(exc: IllegalOrder) -> Refused:
    return Refused(str(exc))


@dataclass(frozen=True)
class Saved:
    """What a save says besides the game: who sat where, its id, facilitator mode."""

    game_id: str
    seats: dict[str, str]
    facilitator: bool
    notice: str | None = None
    """Set when the game continues from its saved state (an earlier card or rules version)."""
    turn_clock: float | None = None
    bot_clients: dict[str, str] | None = None


class Saver:
    """Autosaves of one game id (`<folder>/<game id>.autosave-NNNN.json`, the last few kept)."""

    def __init__(self, folder: Path, game_id: str) -> None:
        self.folder = folder
        self._autosaver = Autosaver(folder, game_id)

    def acquire(self) -> None:
        """Take the game's lock; GameBusy when another process is saving this game."""
        try:
            self._autosaver.acquire()
        except GameLocked as exc:
            raise GameBusy(str(exc)) from None
        except OSError:
            pass  # an unwritable folder: the first autosave reports it

    @property
    def last_saved(self) -> Path | None:
        """The last autosave this game wrote successfully."""
        return self._autosaver.last_saved

    def save(self, engine: EngineGame, seats: dict[str, str], facilitator: bool, **served: Any) -> Path:
        """Write an autosave (`served`: a served game's `turn_clock` and `bot_clients`); raises OSError."""
        return self._autosaver.save(engine.game, engine.scenario, seats, facilitator, **served)


def load_saved(path: Path) -> tuple[Saved, EngineGame]:
    """Open a save for resuming (rebuilt from its card, seed and inputs, and checked; a save from
    an earlier card or rules version continues from its saved state, with a notice)."""
    try:
        opened = open_save(path)
    except SaveError as exc:
        raise ResumeError(str(exc)) from None
    save = opened.save
    saved = Saved(
        save.game_id, dict(save.seats), save.facilitator, opened.notice, save.turn_clock, dict(save.bot_clients)
    )
    return saved, EngineGame(opened.scenario, opened.game)


def _num(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, float) and not float(value).is_integer() else str(int(value))


def detail_text(e: Event, g: Glossary | None = None, log: Sequence[Event] = ()) -> str:
    """The explanation card of an event: what happened, then the one `explain()` text."""
    why = explain(e, g, _same_turn(e, log))
    if e.explanation is None and e.kind == "order":
        why = "\n".join(filter(None, [NO_CHANCE, why]))
    return describe(e, g) + "".join(f"\n\n{part}" for part in why.splitlines())


def _same_turn(e: Event, log: Sequence[Event]) -> list[Event]:
    return [x for x in log if x.turn == e.turn] if e.kind == "rung" else []


def event_view(index: int, e: Event, g: Glossary | None = None, log: Sequence[Event] = ()) -> v.EventView:
    inject = e.inject if e.kind == "inject" else None
    body = e.body if e.kind == "inject" else None
    return v.EventView(
        index=index,
        turn=e.turn,
        kind=e.kind,
        text=describe(e, g),
        team=e.team,
        seen_by=None if e.visible_to is None else list(e.visible_to),
        explained=e.explanation is not None,
        detail=detail_text(e, g, log),
        why=explain(e, g, _same_turn(e, log)),
        changes={k: float(x) for k, x in e.changes.items()},
        inject=None if inject is None else str(inject),
        inject_text=None if body is None else str(body),
        rule=designer_detail(e, g),
    )


def sees(e: Event, audience: str | None) -> bool:
    """Whether an audience (a team, `PUBLIC`, or None / `FACILITATOR`: everything) sees an event."""
    if audience is None or audience == v.FACILITATOR:
        return True
    if audience == v.PUBLIC:
        return e.visible_to is None
    return e.visible(audience)


class EngineGame:
    """A game in progress and its card, read and driven on the session's behalf."""

    def __init__(self, scenario: LoadedScenario, game: Game) -> None:
        self.scenario = scenario
        self.game = game
        self._comparison: tuple[Any, compare.Comparison] | None = None
        self._views: dict[int, tuple[Event, v.EventView]] = {}
        """Log position → the event and its view (an undo or a re-run turn logs new events there)."""
        self._status: dict[str, tuple[tuple[Any, ...], list[v.StatusRow]]] = {}
        """Team → the values its Status tab was built from, and the rows (rebuilt when they change)."""
        self._status_layouts: dict[str, tuple[tuple[str, ...], list[tuple[str, str, str, str]]]] = {}
        """Team → the visible variables' keys and the layout of its status rows (`_status_layout`)."""

    @classmethod
    def new(cls, scenario: LoadedScenario, seed: int, undo: bool = True) -> EngineGame:
        return cls(scenario, Game.new(scenario, seed, keep_history=undo))

    # ------------------------------------------------------------------ plain facts
    @property
    def card_id(self) -> str:
        return self.scenario.card.id

    @property
    def title(self) -> str:
        return self.scenario.card.title

    @property
    def seed(self) -> int:
        return self.game.state.seed

    @property
    def teams(self) -> list[str]:
        return list(self.game.teams)

    def team_name(self, team: str) -> str:
        return next(p.name for p in self.scenario.rules.parties if p.id == team)

    def default_seats(self) -> dict[str, str]:
        return {t.id: t.default_seat for t in self.scenario.card.teams}

    @property
    def turn(self) -> int:
        return self.game.turn

    @property
    def n_turns(self) -> int:
        return self.game.compiled.n_turns

    @property
    def over(self) -> bool:
        return self.game.over

    @property
    def turns_played(self) -> int:
        return len(self.game.state.inputs)

    @property
    def log_length(self) -> int:
        return len(self.game.state.log)

    @property
    def last_results_start(self) -> int:
        """Where the last adjudicated turn's results start in the log (a rebuilt game's too)."""
        start = self.game.last_turn_log_start()
        return self.log_length if start is None else start

    @property
    def can_undo(self) -> bool:
        return self.game.can_undo

    # ------------------------------------------------------------------ views
    def situation(self, paused: bool = False) -> v.Situation:
        game, c = self.game, self.game.compiled
        cal = self.scenario.card.calendar[min(game.turn, c.n_turns) - 1]
        rung = int(game.state.vars["rung"])
        rungs = c.rules.ladder.rungs
        state = game.state.crisis_state
        return v.Situation(
            turn=game.turn,
            n_turns=c.n_turns,
            date=cal.date.isoformat(),
            label=cal.label,
            state=state,
            state_name=next(s.name for s in c.rules.states if s.id == state),
            rung=rung,
            rung_name=rungs[rung].name,
            n_rungs=len(rungs),
            over=game.over,
            end=game.state.end,
            paused=paused,
        )

    @cached_property
    def glossary(self) -> Glossary:
        return Glossary(self.game.compiled)

    def events(self, audience: str | None, start: int = 0) -> list[v.EventView]:
        log = self.game.state.log
        return [self._event_view(i, e, log) for i, e in enumerate(log[start:], start) if sees(e, audience)]

    def _event_view(self, index: int, e: Event, log: Sequence[Event]) -> v.EventView:
        """An event's view, built once (a rung change is explained by its whole turn: rebuilt)."""
        hit = self._views.get(index)
        if hit is not None and hit[0] is e and e.kind != "rung":
            return hit[1]
        view = event_view(index, e, self.glossary, log)
        self._views[index] = (e, view)
        return view

    def turn_events(self, start: int, turn: int, audience: str | None) -> list[v.EventView]:
        """Events of `turn` logged from `start` on (one adjudication's results)."""
        return [e for e in self.events(audience, start) if e.turn == turn]

    def _firebreak(self, fb_id: str | None) -> v.Firebreak | None:
        if fb_id is None:
            return None
        fb = next(f for f in self.scenario.rules.ladder.firebreaks if f.id == fb_id)
        return v.Firebreak(id=fb.id, name=fb.name, description=fb.description, standing_cost=fb.standing_cost)

    def options(self, team: str) -> list[v.MoveOption]:
        return [
            v.MoveOption(
                id=o.id,
                name=o.name,
                category=o.category,
                description=o.description,
                legal=o.legal,
                reason=self._reason(team, o.id, o.reason),
                odds=o.odds,
                visibility=o.visibility,  # type: ignore[arg-type]
                firebreak=self._firebreak(o.firebreak),
                effects=[(k, float(x)) for k, x in o.effects],
                effects_named=[(self.glossary.term(k, team), float(x)) for k, x in o.effects],
                ladder=self._ladder_note(o.id),
            )
            for o in self.game.options(team)
        ]

    def _ladder_note(self, move_id: str) -> str:
        move = self.game.compiled.moves.get(move_id)
        if move is None:
            return ""
        rung = int(self.game.state.vars["rung"])
        notes = []
        if move.rung_to is not None and move.rung_to > rung:
            notes.append(f"takes the crisis to at least {self.glossary.rung(move.rung_to)}")
        if move.rung_delta:
            n = move.rung_delta
            notes.append(f"{abs(n)} step{'s' if abs(n) > 1 else ''} {'up' if n > 0 else 'down'} the ladder")
        return "; ".join(notes)

    def _reason(self, team: str, move_id: str, reason: str) -> str:
        """A refusal in words: a failed precondition by its label (or read aloud), never as code."""
        move = self.game.compiled.moves.get(move_id)
        if move is None or not reason.startswith("its condition does not hold"):
            return reason
        said = move.precondition_label or self.glossary.condition(move.precondition, team)
        return f"available only when {said}"

    def offers(self, team: str) -> list[v.Offer]:
        rules = self.scenario.rules
        mediators = {m.id: m.name for m in rules.mediators}
        styles = {s.id: s.description for s in rules.mediation_styles}
        return [
            v.Offer(
                id=o.id,
                mediator=o.mediator,
                mediator_name=mediators.get(o.mediator, o.mediator),
                style=self.glossary.style(o.style),
                style_description=styles.get(o.style, ""),
                text=o.text,
                turn=o.turn,
            )
            for o in self.game.offers_for(team)
        ]

    def choices(self, team: str) -> list[v.Choice]:
        injects = {i.id: i for i in self.scenario.card.injects}
        out = []
        for pending in self.game.choices_for(team):
            inject = injects[pending.inject]
            out.append(
                v.Choice(
                    inject=inject.id,
                    title=inject.title,
                    text=inject.text,
                    options=[v.ChoiceOption(id=ch.id, label=ch.label) for ch in inject.choices],
                )
            )
        return out

    def team_view(self, team: str, draft: v.Draft | None, paused: bool = False) -> v.TeamView:
        card_team = next(t for t in self.scenario.card.teams if t.id == team)
        visible = self.game.view(team).variables
        return v.TeamView(
            team=team,
            name=self.team_name(team),
            situation=self.situation(paused),
            briefing=card_team.briefing,
            objectives=[v.Objective(description=o.description, points=o.points) for o in card_team.objectives],
            variables=dict(visible),
            options=self.options(team),
            max_orders=self.game.compiled.params.max_orders_per_turn,
            offers=self.offers(team),
            choices=self.choices(team),
            events=self.events(team),
            draft=draft,
            submitted=draft is not None,
            status=self.status(team, visible),
        )

    def reference(self) -> v.Reference:
        return v.Reference(
            glossary=[
                v.GlossaryEntry(key=t.key, label=t.label, description=t.description, group=t.group)
                for t in self.glossary.entries()
            ],
            teaching=self.teaching(),
        )

    def status(self, team: str, visible: dict[str, Any] | None = None) -> list[v.StatusRow]:
        """The team's Status tab: its own variables, the others' public ones, then the world's
        (`visible`: the team's visible variables, when already at hand)."""
        visible = self.game.view(team).variables if visible is None else visible
        key = tuple(visible.items())
        hit = self._status.get(team)
        if hit is not None and hit[0] == key:
            return list(hit[1])
        rows = self._status_rows(team, visible)
        self._status[team] = (key, rows)
        return list(rows)

    def _status_rows(self, team: str, visible: dict[str, Any]) -> list[v.StatusRow]:
        """The rows in the order of `_status_layout`; a row whose value did not move since the
        team's last rows is the same object (so is cheap to compare)."""
        hit = self._status.get(team)
        previous = {row.key: row for row in hit[1]} if hit is not None else {}
        rows: list[v.StatusRow] = []
        for key, group, label, text in self._status_layout(team, tuple(visible)):
            value = visible[key]
            old = previous.get(key)
            if old is not None and type(old.value) is type(value) and old.value == value:
                rows.append(old)
            else:
                rows.append(v.StatusRow(group=group, key=key, label=label, value=value, description=text))
        return rows

    def _status_layout(self, team: str, keys: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
        """(key, group, label, description) of each status row for these visible variables: the
        team's own, then the others' public ones, then the world's (built once per team and keys)."""
        hit = self._status_layouts.get(team)
        if hit is not None and hit[0] == keys:
            return hit[1]
        g = self.glossary
        team_vars = {x.id: x for x in self.scenario.rules.variables.team}
        world_vars = {x.id: x for x in self.scenario.rules.variables.world}
        layout: list[tuple[str, str, str, str]] = []
        for key in keys:
            owner, _, rest = key.partition(".")
            if rest in team_vars:
                group = "yours" if owner == team else "others"
                label = team_vars[rest].name if owner == team else g.term(key)
                layout.append((key, group, label, team_vars[rest].description))
            elif key in world_vars:
                layout.append((key, "world", world_vars[key].name, world_vars[key].description))
        order = {"yours": 0, "others": 1, "world": 2}
        layout.sort(key=lambda row: order[row[1]])
        self._status_layouts[team] = (keys, layout)
        return layout

    def teaching(self) -> list[v.TeachingNote]:
        rules = self.scenario.rules
        sources = {s.id: s for s in [*rules.sources, *self.scenario.card.sources]}

        def cite(ident: str) -> str:
            s = sources.get(ident)
            if s is None:
                return ident
            return f"{s.publisher}, {s.title}" + (f" ({s.date.isoformat()})" if s.date else "")

        return [
            v.TeachingNote(title=n.title, text=n.text, sources=[cite(x) for x in n.sources]) for n in rules.teaching
        ]

    def public_view(self, paused: bool = False) -> v.PublicView:
        return v.PublicView(
            title=self.title,
            situation=self.situation(paused),
            teams=[self.team_name(t) for t in self.teams],
            ladder=[r.name for r in self.scenario.rules.ladder.rungs],
            rung_path=list(self.game.state.rung_path),
            events=self.events(v.PUBLIC),
        )

    def inject_statuses(self) -> list[v.InjectStatus]:
        state = self.game.state
        out = []
        for inj in self.scenario.card.injects:
            if state.vars.get(f"fired.{inj.id}"):
                status = "delivered"
            elif inj.id in state.held:
                status = "held"
            elif inj.turn:
                status = f"scripted, turn {inj.turn}"
            elif inj.when:
                status = "conditional"
            else:
                status = "for the facilitator"
            out.append(v.InjectStatus(id=inj.id, title=inj.title, status=status))
        return out

    def overridable(self) -> list[v.Outcome]:
        game = self.game
        if not game.state.inputs:
            return []
        names = {m.id: m.name for m in game.compiled.rules.moves}
        return [
            v.Outcome(team=team, move=order.move, label=f"{team}: {names[order.move]}")
            for team, orders in game.state.inputs[-1].orders.items()
            for order in orders
            if game.compiled.moves[order.move].outcome is not None
        ]

    def facilitator_view(
        self, seats: dict[str, str], drafts: dict[str, v.Draft], paused: bool = False
    ) -> v.FacilitatorView:
        game = self.game
        state, rules = game.state, game.compiled.rules
        last = state.inputs[-1].orders if state.inputs else {}
        return v.FacilitatorView(
            situation=self.situation(paused),
            seats=[
                v.Seat(team=t, name=self.team_name(t), seat=seats.get(t, "human"), submitted=t in drafts)
                for t in self.teams
            ],
            team_variables=[x.id for x in rules.variables.team],
            world_variables=[x.id for x in rules.variables.world],
            variables=dict(state.vars),
            injects=self.inject_statuses(),
            last_orders={t: [v.OrderDraft(move=o.move, authorise=o.authorise) for o in os] for t, os in last.items()},
            overridable=self.overridable(),
            decisions=[_decision(d) for d in state.decisions],
            drafts=dict(drafts),
            events=self.events(None),
            can_undo=self.can_undo,
            rewind_turns=list(range(1, game.turn)),
            variable_labels={x.id: x.name for x in (*rules.variables.team, *rules.variables.world)},
        )

    def _comparison_key(self, seats: dict[str, str]) -> tuple[Any, ...]:
        return (self.game.state.seed, len(self.game.state.log), tuple(sorted(seats.items())))

    def comparison_ready(self, seats: dict[str, str]) -> bool:
        return self._comparison is not None and self._comparison[0] == self._comparison_key(seats)

    def comparison(self, seats: dict[str, str]) -> compare.Comparison | None:
        """This game among simulated games from the same start (computed once, when the game is over)."""
        if not self.game.over:
            return None
        key = self._comparison_key(seats)
        if self._comparison is None or self._comparison[0] != key:
            self._comparison = (key, compare.compare(self.scenario, self.game.state, seats))
        return self._comparison[1]

    def comparison_job(self, seats: dict[str, str], ahead: bool = False) -> compare.Simulation | None:
        """The simulated games the debrief's comparison still needs, as a job another process can
        run (None: the game is not over and not `ahead`, or they are known here)."""
        if not ahead and (not self.game.over or self.comparison_ready(seats)):
            return None
        return compare.simulation(self.scenario, seats)

    def learn_comparison(self, job: compare.Simulation, games: tuple[Any, Any]) -> None:
        """Keep the simulated games a job played elsewhere: the comparison is then quick here."""
        job.learn(self.scenario, games)

    def report(self, seats: dict[str, str], with_comparison: bool = True) -> aar.Report:
        comparison = self.comparison(seats) if with_comparison or self.comparison_ready(seats) else None
        return aar.build(self.scenario, self.game.state, seats, comparison)

    def debrief(self, seats: dict[str, str], with_comparison: bool = True) -> v.DebriefView:
        r = self.report(seats, with_comparison)
        return v.DebriefView(
            title=r.title,
            end=r.end,
            end_state=r.end_state,
            peak_rung=r.peak_rung,
            rung_path=list(r.rung_path),
            ladder=list(r.ladder),
            teams=[
                v.TeamScore(
                    name=t.name,
                    score=t.score,
                    objectives=list(t.objectives),
                    seat=t.seat,
                    reviews=[v.ObjectiveReview.model_validate(ob, from_attributes=True) for ob in t.reviews],
                )
                for t in r.teams
            ],
            claims=[
                v.ClaimReview(
                    subject=c["subject"], claims=dict(c["claims"]), truth=c["truth"], game_truth=c.get("game_truth")
                )
                for c in r.claims
            ],
            path_vs_history=[
                v.PathRow(
                    turn=row["turn"],
                    label=row["label"],
                    teams={
                        name: v.PathCell(played=cell["game"], history=cell["history"], note=cell.get("note", ""))
                        for name, cell in row["teams"].items()
                    },
                )
                for row in r.path_vs_history
            ],
            decision_points=[v.DecisionPoint.model_validate(p, from_attributes=True) for p in r.decision_points],
            decision_source=r.decision_source,
            comparison=r.comparison.sentence() if r.comparison else "",
            dangers=list(r.dangers),
            questions=[
                v.Question(text=q.text, objectives=list(q.objectives), sources=list(q.sources)) for q in r.questions
            ],
            firebreaks=list(r.firebreak_rungs),
        )

    def write_report(self, folder: Path, stem: str, seats: dict[str, str]) -> tuple[Path, Path]:
        """The after-action report as Markdown and HTML in `folder`; raises OSError."""
        report = self.report(seats)
        md, page = folder / f"{stem}.md", folder / f"{stem}.html"
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(md, aar.markdown(report).encode("utf-8"), sync_folder=True)
        atomic_write(page, aar.html(report).encode("utf-8"), sync_folder=True)
        return md, page

    # ------------------------------------------------------------------ the headless transcript
    def transcript_header(self) -> str:
        return transcript.header(self.game.compiled, self.game.turn)

    def transcript_lines(self, start: int, end: int | None = None) -> list[str]:
        return transcript.lines(self.game.state.log[start:end], self.glossary)

    def transcript_status(self) -> str:
        return transcript.status(self.game.compiled, self.game.state)

    def transcript_ending(self) -> list[str]:
        return transcript.ending(self.game.compiled, self.game.state)

    # ------------------------------------------------------------------ playing
    def submit(self, team: str, draft: v.Draft) -> None:
        orders = [Order(o.move, o.authorise) for o in draft.orders]
        try:
            self.game.submit(team, orders, dict(draft.answers), dict(draft.choices), draft.why)
        except IllegalOrder as exc:
            raise _refused(exc) from None

    def offer_ids(self, team: str, answers: dict[str, str]) -> dict[str, str]:
        """Answers keyed by offer id or by mediator id → answers keyed by offer id."""
        out = {}
        for offer in self.game.offers_for(team):
            for key in (offer.id, offer.mediator):
                if key in answers:
                    out[offer.id] = answers[key]
        return out

    def play_bots(self, seats: dict[str, str], bots: dict[str, Any]) -> None:
        try:
            bot_turn(self.game, seats, bots)
        except IllegalOrder as exc:
            raise _refused(exc) from None

    def adjudicate(self) -> int:
        """Resolve the turn; returns where its events start in the log."""
        try:
            events = self.game.adjudicate()
        except IllegalOrder as exc:
            raise _refused(exc) from None
        return self.log_length - len(events)

    def clock_expired(self, teams: dict[str, str], reason: str) -> None:
        """Log (and record for the save) that the turn ends before `teams` submitted, and what each gets."""
        try:
            self.game.clock_expired(teams, reason)
        except IllegalOrder as exc:
            raise _refused(exc) from None

    # ------------------------------------------------------------------ facilitator verbs
    def fire(self, inject: str) -> None:
        try:
            self.game.fire_inject(inject)
        except IllegalOrder as exc:
            raise _refused(exc) from None

    def hold(self, inject: str) -> None:
        title = self.glossary.injects.get(inject)
        if title is not None and self.game.state.vars.get(f"fired.{inject}"):
            raise Refused(f"'{title}' has already been delivered: holding it now changes nothing")
        try:
            self.game.hold_inject(inject)
        except IllegalOrder as exc:
            raise _refused(exc) from None

    def override(self, team: str, move: str, success: bool, reason: str) -> int:
        """Re-run the last turn with a ruling; returns where its events start in the log."""
        try:
            events = self.game.override(team, move, success, reason)
        except IllegalOrder as exc:
            raise _refused(exc) from None
        return self.log_length - len(events)

    def adjust(self, name: str, value: float, reason: str) -> None:
        try:
            self.game.adjust(name, value, reason)
        except IllegalOrder as exc:
            names = ["rung", *self.game.compiled.ranges]
            close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise Refused(f"{exc}{hint}") from None

    def undo(self) -> None:
        try:
            self.game.undo()
        except IllegalOrder as exc:
            raise _refused(exc) from None

    def fork(self, turn: int, game_id: str, seats: dict[str, str], facilitator: bool) -> EngineGame:
        """A new game replayed from this one's inputs up to the start of `turn`."""
        record = to_save(self.game, self.scenario, seats, game_id, facilitator)
        return EngineGame(self.scenario, rebuild(self.scenario, record, upto_turn=turn))


def _decision(record: FacilitatorDecision) -> v.Decision:
    d = decision_to_dict(record)
    verb = str(d.get("verb", "?"))
    rest = ", ".join(f"{k}={d[k]}" for k in d if k not in ("verb", "before_turn"))
    return v.Decision(before_turn=int(d.get("before_turn", 0)), verb=verb, summary=rest)
