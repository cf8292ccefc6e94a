"""The after-action report, in the shape of an HSEEP AAR/IP, for a seminar leader to teach from.

`build(scenario, state, seats)` gathers the facts; `markdown()` and `html()` render them.

- Per team and objective: a rating (P/S/M/U), and observations — strengths or areas for
  improvement — each with its evidence (the decision, what the team had in front of it, the
  odds), a root-cause prompt and a recommendation. An observation is tied to the objective the
  decision served or harmed (read from the objective's condition), never to a blanket rule: a
  firebreak crossing that serves a team's brief is a strength for that objective.
- Three to five decision points, chosen from the human teams' own orders (the bots' when no
  seat was human), with the team's one-line "why" when it gave one.
- Moments of danger: nuclear signals and alarms, misreadings, accidents, firebreaks.
- This game among N simulated games from the same start (`compare`), when given.
- Hot-wash questions from the card's `debrief` section, tied to its objectives and sources.
- The rulebook's teaching notes as an appendix.

The HTML is one self-contained file (no scripts, no network) with print styles (A4) and an SVG
chart with axes, rung names and firebreak lines; every piece of card or player text is escaped
(jinja2 autoescape). The Markdown has no HTML entities."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from wargame.engine.compiled import Compiled, compile_scenario
from wargame.engine.state import Event, EventKind, GameState
from wargame.reporting.compare import Comparison
from wargame.reporting.explain import describe, percent, signed
from wargame.reporting.glossary import Glossary
from wargame.scenario.loader import LoadedScenario
from wargame.textsafe import line

NAMED_VARIABLES = frozenset({"nuclear_alarm"})
"""Rulebook variables the report reads by name (`wargame lint` counts them as used)."""

RATINGS = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}


@dataclass
class Observation:
    strength: bool
    text: str
    evidence: str
    root_cause: str
    recommendation: str


@dataclass
class ObjectiveReview:
    description: str
    points: int
    met: bool
    rating: str
    """P, S, M or U (HSEEP's ratings, see `RATINGS`)."""
    observations: list[Observation] = field(default_factory=list)


@dataclass
class TeamReview:
    team: str
    name: str
    seat: str
    score: int
    objectives: list[tuple[str, int, bool]]
    reviews: list[ObjectiveReview] = field(default_factory=list)

    @property
    def strengths(self) -> list[str]:
        return [o.text for r in self.reviews for o in r.observations if o.strength]

    @property
    def improvements(self) -> list[str]:
        return [o.text for r in self.reviews for o in r.observations if not o.strength]


@dataclass
class DecisionPoint:
    turn: int
    date: str
    team: str
    orders: list[str]
    knew: str
    """What the team had in front of it: the rung, the crisis state, the news and offers of the turn."""
    odds: str
    outcome: str
    why: str


@dataclass
class Question:
    text: str
    objectives: list[str]
    sources: list[str]


@dataclass
class TurnSummary:
    turn: int
    date: str
    label: str
    rung_before: int
    rung_after: int
    orders: dict[str, list[str]]
    notable: list[str]
    """Injects, firebreaks, accidents, misreadings, offers, state changes: one short line each."""


@dataclass
class Report:
    title: str
    card_id: str
    seed: int
    seats: dict[str, str]
    end: str
    end_state: str
    turns_played: int
    peak_rung: int
    peak_rung_name: str
    rung_path: list[int]
    ladder: list[str]
    firebreak_rungs: list[tuple[int, str]]
    """(rung index, firebreak name): climbing onto that rung crosses the firebreak."""
    calendar: list[tuple[int, str, str]]
    turns: list[TurnSummary]
    decision_points: list[DecisionPoint]
    decision_source: str
    """Whose orders the decision points come from (human teams, or the bots when no seat was human)."""
    dangers: list[str]
    rulings: list[str]
    claims: list[dict[str, Any]]
    teams: list[TeamReview]
    path_vs_history: list[dict[str, Any]]
    questions: list[Question]
    teaching: list[tuple[str, str, list[str]]]
    comparison: Comparison | None = None
    reasons: dict[int, dict[str, str]] = field(default_factory=dict)
    """turn → team name → the team's one-line why."""

    @property
    def top(self) -> int:
        return len(self.ladder) - 1

    def rung(self, k: int) -> str:
        return f"rung {k} of {self.top} ({self.ladder[k]})"


# --------------------------------------------------------------------------- building


def build(
    scenario: LoadedScenario, state: GameState, seats: dict[str, str], comparison: Comparison | None = None
) -> Report:
    c = compile_scenario(scenario)
    g = Glossary(c)
    card, rules = scenario.card, scenario.rules
    ladder = [r.name for r in rules.ladder.rungs]
    rung_path = [card.start_rung, *state.rung_path]
    dates = {i + 1: t.date.isoformat() for i, t in enumerate(card.calendar)}
    humans = [t for t in c.teams if seats.get(t, "human") == "human"]
    facts = _Facts(c, g, state, rung_path, dates, bool(humans))
    reviews = [
        _review_team(facts, team, seats.get(team.id, "human"))
        for team in sorted(card.teams, key=lambda t: t.id not in humans)
    ]
    points, source = _decision_points(facts, humans)
    peak = int(state.vars["peak_rung"])
    return Report(
        title=card.title,
        card_id=card.id,
        seed=state.seed,
        seats={g.party(t): s for t, s in seats.items()},
        end=state.end or "in progress",
        end_state=c.state_names[state.crisis_state],
        turns_played=len(state.inputs),
        peak_rung=peak,
        peak_rung_name=ladder[peak],
        rung_path=rung_path,
        ladder=ladder,
        firebreak_rungs=sorted((k, g.firebreaks[fb]) for k, fb in c.firebreak_at.items()),
        calendar=[(i + 1, t.date.isoformat(), t.label) for i, t in enumerate(card.calendar)],
        turns=_turns(facts),
        decision_points=points,
        decision_source=source,
        dangers=_dangers(facts),
        rulings=_rulings(facts),
        claims=_ledger(c, g, state),
        teams=reviews,
        path_vs_history=_path(c, state),
        questions=_questions(facts, points),
        teaching=_teaching(scenario),
        comparison=comparison,
        reasons={
            t: {g.party(team): why for team, why in inp.reasons.items()}
            for t, inp in enumerate(state.inputs, 1)
            if inp.reasons
        },
    )


@dataclass
class _Facts:
    c: Compiled
    g: Glossary
    state: GameState
    rung_path: list[int]
    dates: dict[int, str]
    any_human: bool = True

    def rung_at_start(self, turn: int) -> int:
        return self.rung_path[min(turn - 1, len(self.rung_path) - 1)]

    def state_at_start(self, turn: int) -> str:
        """The crisis state's name at the start of `turn` (before that turn's adjudication)."""
        current = self.c.scenario.card.start_state or self.c.rules.initial_state
        for e in self.state.log:
            if e.kind == EventKind.TRANSITION and e.state_after and (e.turn < turn or _opening(e, self.state, turn)):
                current = e.state_after
        return self.c.state_names.get(current, current)

    def orders(self, team: str, turn: int) -> list[Event]:
        return [e for e in self.state.log if e.kind == EventKind.ORDER and e.team == team and e.turn == turn]

    def rung_effect(self, e: Event) -> int:
        """Rungs an order added by itself (its `rung_to` above the turn's start, or its steps)."""
        move = self.c.moves.get(e.move or "")
        if move is None:
            return 0
        start = self.rung_at_start(e.turn)
        return max(0, (move.rung_to or 0) - start) + move.rung_delta

    def knew(self, team: str, turn: int) -> str:
        """What the team had in front of it when it ordered: rung, state, the turn's news and offers."""
        news = [
            describe(e, self.g)
            for e in self.state.log
            if e.turn == turn and e.kind in (EventKind.INJECT, EventKind.EVIDENCE) and e.visible(team)
        ]
        offers = [
            describe(e, self.g) for e in self.state.log if e.turn == turn - 1 and e.kind == EventKind.MEDIATION_OFFER
        ]
        text = f"at {self.g.rung(self.rung_at_start(turn))}, in '{self.state_at_start(turn)}'"
        if news:
            text += "; news: " + "; ".join(_short(x, 70) for x in news[:2])
        if offers:
            text += "; offers on the table: " + "; ".join(_short(x, 60) for x in offers[:2])
        return text


def _opening(e: Event, state: GameState, turn: int) -> bool:
    """Whether a transition of `turn` happened at its opening (before any order of that turn)."""
    if e.turn != turn:
        return False
    index = state.log.index(e)
    return not any(x.turn == turn and x.kind == EventKind.ORDER for x in state.log[:index])


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _condition_terms(text: str) -> list[tuple[str, int]]:
    """(variable, +1 when higher is better, −1 when lower is better) of an objective's condition;
    `played("team", "move")` gives (`played.team.move`, +1)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return []
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            name = _dotted(node.left)
            op = node.ops[0]
            if name and isinstance(op, ast.GtE | ast.Gt):
                out.append((name, 1))
            elif name and isinstance(op, ast.LtE | ast.Lt):
                out.append((name, -1))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "played":
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if len(args) == 2:
                out.append((f"played.{args[0]}.{args[1]}", 1))
    return out


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _decision_events(f: _Facts, team: str) -> list[Event]:
    kinds = (EventKind.ORDER, EventKind.MEDIATION_ANSWER, EventKind.CHOICE)
    return [e for e in f.state.log if e.kind in kinds and e.team == team]


def _effect(f: _Facts, e: Event, var: str) -> float:
    if var in ("rung", "peak_rung"):
        return float(f.rung_effect(e)) if e.kind == EventKind.ORDER else float(e.changes.get("rung", 0))
    if var.startswith("played."):
        _, team, move = var.split(".", 2)
        return 1.0 if e.kind == EventKind.ORDER and e.team == team and e.move == move else 0.0
    return float(e.changes.get(var, 0.0))


def _review_team(f: _Facts, team: Any, seat: str) -> TeamReview:
    g, state = f.g, f.state
    if state.end:
        met = set(state.met.get(team.id, []))
    else:  # an interrupted game: the objectives as things stand
        met = {o.id for o in team.objectives if f.c.expressions[f"objectives.{team.id}.{o.id}"](state.vars)}
    review = TeamReview(
        team.id,
        g.party(team.id),
        seat,
        state.scores.get(team.id, 0),
        [(o.description, o.points, o.id in met) for o in team.objectives],
    )
    decisions = _decision_events(f, team.id)
    detailed = seat == "human" or not f.any_human
    for obj in team.objectives:
        terms = _condition_terms(obj.condition)
        scored = []
        for e in decisions:
            score = sum(sign * _effect(f, e, var) for var, sign in terms)
            if score:
                scored.append((score, e))
        observations = []
        best = max(scored, key=lambda x: x[0], default=None)
        worst = min(scored, key=lambda x: x[0], default=None)
        labels = ", ".join(dict.fromkeys(_term_label(g, var) for var, _ in terms)) or "its condition"
        if best and best[0] > 0:
            observations.append(_observe(f, team.id, best[1], True, obj.id in met, labels, terms))
        if worst and worst[0] < 0:
            observations.append(_observe(f, team.id, worst[1], False, obj.id in met, labels, terms))
        if not detailed:
            observations = []
        elif not observations and obj.id not in met:
            observations.append(
                Observation(
                    strength=False,
                    text=f"No decision of {g.party(team.id)} moved {labels}: the result came from the other "
                    "sides' moves and the rules.",
                    evidence="Objective not met at the end.",
                    root_cause="Was this objective in view when the team chose its orders?",
                    recommendation=_helpful_moves(f, team.id, terms, labels),
                )
            )
        has_strength = any(o.strength for o in observations) or (not detailed and best is not None and best[0] > 0)
        has_gap = any(not o.strength for o in observations) or (not detailed and worst is not None and worst[0] < 0)
        rating = ("S" if has_gap else "P") if obj.id in met else ("M" if has_strength else "U")
        review.reviews.append(ObjectiveReview(obj.description, obj.points, obj.id in met, rating, observations))
    return review


def _term_label(g: Glossary, var: str) -> str:
    if var.startswith("played."):
        _, team, move = var.split(".", 2)
        return f"{g.party(team)} playing '{g.moves.get(move, move)}'"
    if var in ("rung", "peak_rung"):
        return "the rung"
    return g.term(var)


def _what(f: _Facts, e: Event) -> str:
    g = f.g
    if e.kind == EventKind.ORDER:
        return f"'{g.moves.get(e.move or '', e.move)}'"
    if e.kind == EventKind.CHOICE:
        label = g.choices.get((e.inject or "", e.choice or ""), e.choice or "")
        return f"the answer to '{g.injects.get(e.inject or '', e.inject)}' ({_short(label, 60)})"
    return _short(describe(e, g), 80)


def _observe(
    f: _Facts, team: str, e: Event, strength: bool, met: bool, labels: str, terms: list[tuple[str, int]]
) -> Observation:
    g = f.g
    moved = "; ".join(f"{_term_label(g, var)} {signed(_effect(f, e, var))}" for var, _ in terms if _effect(f, e, var))
    what = _what(f, e)
    odds = ""
    if e.explanation is not None:
        x = e.explanation
        odds = f" It had a {percent(x.probability)} chance and {'succeeded' if e.success else 'failed'}."
    why = f.state.inputs[e.turn - 1].reasons.get(team, "") if e.turn - 1 < len(f.state.inputs) else ""
    where = f"at {f.g.rung(f.rung_at_start(e.turn))}, in '{f.state_at_start(e.turn)}'"
    evidence = f"Turn {e.turn} ({f.dates.get(e.turn, '')}), {where}: {what}.{odds} Effect: {moved}."
    if why:
        evidence += f" The team's reason: “{why}”."
    if strength:
        text = f"{what} (turn {e.turn}) moved {labels} the way this objective needs."
        root = "Was this a deliberate step toward the objective, or a side effect of another aim?"
        rec = "Keep the pattern: name the objective a move serves before ordering it."
    else:
        text = f"{what} (turn {e.turn}) moved {labels} against this objective."
        root = (
            f"What did the team expect {what} to achieve, and what did it weigh against {labels}? "
            "Did it know the cost when it chose?"
        )
        rec = _helpful_moves(f, team, terms, labels) if not met else "The objective was still met: check the margin."
    return Observation(strength, text, evidence, root, rec)


def _helpful_moves(f: _Facts, team: str, terms: list[tuple[str, int]], labels: str) -> str:
    """A recommendation: moves the team could have played that push the objective's terms the right way."""
    c = f.c
    played = {e.move for e in f.state.log if e.kind == EventKind.ORDER and e.team == team}
    helpful = []
    for move_id, rule in c.by_actor.get(team, {}).items():
        move = rule.move
        gain = 0.0
        for var, sign in terms:
            if var in ("rung", "peak_rung"):
                gain += sign * (move.rung_delta + (1 if move.rung_to else 0))
            else:
                gain += sign * sum(d for name, d in c.resolve(move.effects, team) if name == var)
        if gain > 0 and move_id not in played:
            helpful.append(move.name)
    if not helpful:
        return f"Look for answers to offers and injects that move {labels} the right way."
    return "Moves that would have served it, not played: " + ", ".join(f"'{m}'" for m in helpful[:3]) + "."


def _decision_points(f: _Facts, humans: list[str]) -> tuple[list[DecisionPoint], str]:
    c, g, state = f.c, f.g, f.state
    teams = humans or list(c.teams)
    source = "the human teams' own orders" if humans else "the bots' orders (no seat was human)"
    candidates = []
    for turn in range(1, len(state.inputs) + 1):
        for team in teams:
            orders = f.orders(team, turn)
            answers = [
                e
                for e in state.log
                if e.turn == turn and e.team == team and e.kind in (EventKind.MEDIATION_ANSWER, EventKind.CHOICE)
            ]
            if not orders and not answers:
                continue
            weight = sum(2 * abs(f.rung_effect(e)) + 3 * bool(e.firebreak) + bool(e.explanation) for e in orders)
            weight += sum(1 for e in answers if e.answer in ("accept", "counter") or e.kind == EventKind.CHOICE)
            weight += 0.5 * len(orders)
            candidates.append((weight, turn, team, orders, answers))
    chosen = sorted(candidates, key=lambda x: (-x[0], x[1]))[:5]
    points = []
    for _w, turn, team, orders, answers in sorted(chosen, key=lambda x: (x[1], x[2])):
        names = [g.moves.get(e.move or "", e.move or "") for e in orders] + [describe(e, g) for e in answers]
        chances = [e for e in orders if e.explanation is not None]
        odds = "; ".join(
            f"'{g.moves.get(e.move or '', e.move)}': {percent(e.explanation.probability)} chance"  # type: ignore[union-attr]
            for e in chances
        )
        outcome = "; ".join(_short(e.text.split(": ", 1)[-1], 100) for e in orders) or "answers only"
        after = f.rung_path[min(turn, len(f.rung_path) - 1)]
        outcome += f" — the turn ended at {g.rung(after)}"
        why = state.inputs[turn - 1].reasons.get(team, "")
        points.append(
            DecisionPoint(turn, f.dates.get(turn, ""), g.party(team), names, f.knew(team, turn), odds, outcome, why)
        )
    return points, source


def _turns(f: _Facts) -> list[TurnSummary]:
    c, g, state = f.c, f.g, f.state
    notable_kinds = (
        EventKind.INJECT,
        EventKind.FIREBREAK,
        EventKind.HAZARD,
        EventKind.MISPERCEPTION,
        EventKind.TRANSITION,
        EventKind.MEDIATION_OFFER,
        EventKind.CLAIM,
    )
    out = []
    for turn in range(1, len(state.inputs) + 1):
        cal = c.scenario.card.calendar[turn - 1]
        orders = {
            g.party(t): [g.moves.get(o.move, o.move) for o in os] for t, os in state.inputs[turn - 1].orders.items()
        }
        notable = []
        for e in state.log:
            if e.turn != turn or e.kind not in notable_kinds:
                continue
            text = describe(e, g)
            if e.kind == EventKind.MEDIATION_OFFER:
                text = text.split(":", 1)[0]
            if e.kind == EventKind.CLAIM and e.claim in c.claims:
                text = f"Contested claim: {c.claims[e.claim].subject}"
            notable.append(_short(text, 90))
        out.append(
            TurnSummary(
                turn,
                cal.date.isoformat(),
                cal.label,
                f.rung_path[turn - 1],
                f.rung_path[min(turn, len(f.rung_path) - 1)],
                orders,
                notable[:4],
            )
        )
    return out


def _dangers(f: _Facts) -> list[str]:
    """Moments a seminar should stop on: nuclear alarm raised, misreadings, accidents, firebreaks crossed."""
    g, out = f.g, []
    for e in f.state.log:
        alarm = e.changes.get("nuclear_alarm", 0.0)
        if e.kind == EventKind.ORDER and alarm > 0:
            out.append(
                f"Turn {e.turn}: {g.party(e.team)}'s '{g.moves.get(e.move or '', e.move)}' raised the nuclear alarm "
                f"({signed(alarm)})."
            )
        elif e.kind == EventKind.INJECT and alarm > 0:
            out.append(f"Turn {e.turn}: '{describe(e, g)}' raised the nuclear alarm ({signed(alarm)}).")
        elif e.kind == EventKind.CHOICE and alarm > 0:
            out.append(f"Turn {e.turn}: {_short(describe(e, g), 120)} — the nuclear alarm rose ({signed(alarm)}).")
        elif e.kind in (EventKind.MISPERCEPTION, EventKind.HAZARD):
            out.append(f"Turn {e.turn}: {_short(describe(e, g), 140).rstrip('.')}.")
        elif e.kind == EventKind.ORDER and e.firebreak:
            out.append(
                f"Turn {e.turn}: {g.party(e.team)}'s '{g.moves.get(e.move or '', e.move)}' crossed the "
                f"'{g.firebreaks.get(e.firebreak, e.firebreak)}' firebreak."
            )
    return out[:8]


def _rulings(f: _Facts) -> list[str]:
    g, state, out = f.g, f.state, []
    held = set()
    for e in state.log:
        if e.kind == EventKind.FACILITATOR and e.inject:
            if e.inject in held:
                continue
            held.add(e.inject)
        if e.kind == EventKind.FACILITATOR:
            said = describe(e, g)
            out.append(said if said.startswith(f"Turn {e.turn}: ") else f"Turn {e.turn}: {said}")
    for t, inp in enumerate(state.inputs, 1):
        for key, r in inp.overrides.items():
            team, _, move = key.partition("/")
            verdict = "a success" if r["success"] else "a failure"
            out.append(f"Turn {t}: {g.party(team)}'s '{g.moves.get(move, move)}' ruled {verdict} — {r['reason']}")
    return out


def _ledger(c: Compiled, g: Glossary, state: GameState) -> list[dict[str, Any]]:
    recorded = {entry.claim: entry for entry in state.claims}
    out = []
    for claim in c.scenario.card.claims:
        entry = recorded.get(claim.id)
        out.append(
            {
                "subject": claim.subject,
                "recorded": entry.turn if entry else None,
                "claims": {g.party(p): text for p, text in claim.claims.items()},
                "truth": claim.truth,
                "game_truth": entry.game_truth if entry else None,
                "evidence": [claim.evidence[i].text for i in (entry.evidence_revealed if entry else [])],
            }
        )
    return out


def _path(c: Compiled, state: GameState) -> list[dict[str, Any]]:
    card, names, moves = c.scenario.card, c.names, c.move_names
    path = []
    for turn in range(1, len(card.calendar) + 1):
        row: dict[str, Any] = {"turn": turn, "label": card.calendar[turn - 1].label, "teams": {}}
        inp = state.inputs[turn - 1] if turn <= len(state.inputs) else None
        for team in c.teams:
            played = [o.move for o in inp.orders.get(team, [])] if inp is not None else None
            entry = c.track.get((turn, team))
            row["teams"][names[team]] = {
                "game": ", ".join(moves[m] for m in played)
                if played
                else ("—" if played is not None else "(not reached)"),
                "history": ", ".join(moves[m] for m in entry.moves) if entry else "—",
                "note": entry.note if entry else "",
            }
        path.append(row)
    return path


def _source_names(scenario: LoadedScenario) -> dict[str, str]:
    out = {}
    for s in [*scenario.rules.sources, *scenario.card.sources]:
        out[s.id] = f"{s.publisher}, {s.title}" + (f" ({s.date.isoformat()})" if s.date else "")
    return out


def _questions(f: _Facts, points: list[DecisionPoint]) -> list[Question]:
    c, state = f.c, f.state
    card = c.scenario.card
    sources = _source_names(c.scenario)
    objectives = {f"{t.id}.{o.id}": f"{f.g.party(t.id)}: {o.description}" for t in card.teams for o in t.objectives}
    out = []
    for i, q in enumerate(card.debrief.questions):
        when = c.expressions.get(f"debrief.{i}.when")
        if when is not None and not when(state.vars):
            continue
        out.append(
            Question(
                " ".join(q.text.split()),
                [objectives[o] for o in q.objectives if o in objectives],
                [sources.get(s, s) for s in q.sources],
            )
        )
    out = out[:5]
    if points and len(out) < 5:
        p = max(points, key=lambda p: len(p.orders))
        out.append(
            Question(
                f"Turn {p.turn}: {p.team} chose {', '.join(p.orders)}. What did it know then, what did it expect, "
                "and would it choose the same again?",
                [],
                [],
            )
        )
    if len(out) < 3:
        out.append(
            Question("Which outcome most surprised your team? Look at its chance: was the risk worth it?", [], [])
        )
        out.append(Question("Where did your path leave the historical track, and was history better or worse?", [], []))
    return out[:6]


def _teaching(scenario: LoadedScenario) -> list[tuple[str, str, list[str]]]:
    sources = _source_names(scenario)
    return [
        (n.title, " ".join(n.text.split()), [sources.get(s, s) for s in n.sources]) for n in scenario.rules.teaching
    ]


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=www)(\.)")


def _md_escape(text: object) -> str:
    """Card text and reasons as inert Markdown: one line (line breaks folded, control characters shown
    as codes), and every character that could start a link, an image, HTML, a heading, emphasis or a
    table cell backslash-escaped; URLs are broken so no renderer links them. No HTML entities."""
    escaped = _MD_SPECIAL.sub(r"\\\1", line(text))
    return _MD_AUTOLINK.sub(lambda m: "\\" + (m.group(1) or m.group(2)), escaped)


def markdown(r: Report) -> str:
    e = _md_escape
    out = [f"# After-action report: {e(r.title)}", ""]
    out += [
        "## Summary",
        "",
        f"- Card: `{e(r.card_id)}`, seed {r.seed}; seats: " + ", ".join(f"{e(t)} = {e(s)}" for t, s in r.seats.items()),
        f"- Outcome: **{e(r.end_state)}** ({e(r.end)}) after {r.turns_played} turn(s)",
        f"- Peak of escalation: {e(r.rung(r.peak_rung))}",
        "- Rung by turn: " + " → ".join(str(x) for x in r.rung_path),
    ]
    if r.comparison is not None:
        out.append(f"- {e(r.comparison.sentence())}")
    out += ["", "## This game among simulated games from the same start", ""]
    if r.comparison is None:
        out.append("- Not computed for this report.")
    else:
        cmp = r.comparison
        out.append("Seats simulated: " + ", ".join(f"{e(t)} = {e(s)}" for t, s in cmp.seats.items()) + ".")
        out.append("")
        out.append("| Peak rung | Games | |")
        out.append("|---|---|---|")
        for k, n in cmp.peak_rungs.items():
            out.append(f"| {k} {e(r.ladder[k])} | {n} | {'this game' if k == cmp.peak else ''} |")
        out.append("")
        out.append("End kinds: " + ", ".join(f"{e(k)} {n}" for k, n in cmp.end_kinds.items()) + ".")
    out += ["", "## Decision points", "", f"Chosen from {e(r.decision_source)}.", ""]
    for i, p in enumerate(r.decision_points, 1):
        out.append(f"{i}. **Turn {p.turn} ({p.date}), {e(p.team)}:** {e(', '.join(p.orders))}")
        out.append(f"   - What it knew: {e(p.knew)}")
        if p.odds:
            out.append(f"   - Odds: {e(p.odds)}")
        out.append(f"   - Outcome: {e(p.outcome)}")
        if p.why:
            out.append(f"   - Why (the team's words): {e(p.why)}")
    out += ["", "## Objectives: observations, root causes, recommendations", ""]
    for t in r.teams:
        out.append(f"### {e(t.name)} ({e(t.seat)}) — {t.score} point(s)")
        out.append("")
        for ob in t.reviews:
            mark = "met" if ob.met else "not met"
            out.append(f"- **{e(ob.description)}** ({ob.points:+d}, {mark}) — rating {ob.rating}: {RATINGS[ob.rating]}")
            for o in ob.observations:
                kind = "Strength" if o.strength else "Area for improvement"
                out.append(f"  - *{kind}:* {e(o.text)}")
                out.append(f"    - Evidence: {e(o.evidence)}")
                out.append(f"    - Root cause (discuss): {e(o.root_cause)}")
                out.append(f"    - Recommendation: {e(o.recommendation)}")
        out.append("")
    out += ["## Moments of danger", ""]
    out += [f"- {e(x)}" for x in r.dangers] or ["- None: no alarm raised, no misreading, accident or crossing."]
    out += ["", "## Questions for the hot wash", ""]
    for i, q in enumerate(r.questions, 1):
        out.append(f"{i}. {e(q.text)}")
        if q.objectives:
            out.append("   - Objectives: " + "; ".join(e(x) for x in q.objectives))
        if q.sources:
            out.append("   - Sources: " + "; ".join(e(x) for x in q.sources))
    out += ["", "## Turn by turn", ""]
    for s in r.turns:
        orders = "; ".join(f"{e(t)}: {e(', '.join(m) or 'nothing')}" for t, m in s.orders.items())
        out.append(f"- **Turn {s.turn} — {s.date} — {e(s.label)}** (rung {s.rung_before} → {s.rung_after}): {orders}")
        out += [f"  - {e(x)}" for x in s.notable]
    out += ["", "## Claims against the evidence", ""]
    for cl in r.claims:
        when = f"recorded on turn {cl['recorded']}" if cl["recorded"] else "not raised in this game"
        out.append(f"- **{e(cl['subject'])}** ({when})")
        out += [f"  - {e(p)} claims: {e(t)}" for p, t in cl["claims"].items()]
        if cl.get("game_truth"):
            out.append(f"  - **In this game:** {e(cl['game_truth'])}")
        out.append(f"  - **Independent evidence (the record):** {e(cl['truth'])}")
        out += [f"  - Revealed in the game: {e(x)}" for x in cl.get("evidence", [])]
    if not r.claims:
        out.append("- No contested claims on this card.")
    out += ["", "## Facilitator rulings", ""]
    out += [f"- {e(x)}" for x in r.rulings] or ["- None."]
    if any(row["teams"][t]["history"] != "—" for row in r.path_vs_history for t in row["teams"]):
        out += ["", "## The game's path and the historical track", ""]
        teams = list(r.path_vs_history[0]["teams"]) if r.path_vs_history else []
        out.append("| Turn | " + " | ".join(f"{e(t)} (game / history)" for t in teams) + " |")
        out.append("|---|" + "---|" * len(teams))
        for row in r.path_vs_history:
            cells = [f"{e(row['teams'][t]['game'])} / {e(row['teams'][t]['history'])}" for t in teams]
            out.append(f"| {row['turn']} {e(row['label'])} | " + " | ".join(cells) + " |")
    if r.teaching:
        out += ["", "## Appendix: what the rules represent", ""]
        for title, text, sources in r.teaching:
            out.append(f"- **{e(title)}.** {e(text)}" + (f" Sources: {e('; '.join(sources))}." if sources else ""))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML

CHART = {"width": 680, "height": 250, "left": 190, "right": 20, "top": 12, "bottom": 34}


def chart(r: Report) -> dict[str, Any]:
    """Geometry of the escalation chart: points, rung gridlines with names, firebreak lines, turn ticks."""
    w, h = CHART["width"], CHART["height"]
    left, right, top, bottom = CHART["left"], CHART["right"], CHART["top"], CHART["bottom"]
    n = max(len(r.rung_path) - 1, 1)
    top_rung = max(r.top, 1)

    def x(i: int) -> float:
        return left + i * (w - left - right) / n

    def y(rung: float) -> float:
        return top + (top_rung - rung) * (h - top - bottom) / top_rung

    return {
        "w": w,
        "h": h,
        "left": left,
        "right": w - right,
        "bottom": h - bottom,
        "top": top,
        "points": [(x(i), y(rung), rung) for i, rung in enumerate(r.rung_path)],
        "rungs": [(y(k), f"{k} {_short(name, 30)}") for k, name in enumerate(r.ladder)],
        "firebreaks": [(y(k - 0.5), name) for k, name in r.firebreak_rungs],
        "ticks": [(x(i), "start" if i == 0 else f"T{i}") for i in range(len(r.rung_path))],
    }


def chart_points(r: Report) -> list[tuple[float, float, int]]:
    return chart(r)["points"]


def html(r: Report) -> str:
    from importlib.resources import files

    from jinja2 import Environment

    template = files("wargame.reporting").joinpath("templates/aar.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    teams = list(r.path_vs_history[0]["teams"]) if r.path_vs_history else []
    history = any(row["teams"][t]["history"] != "—" for row in r.path_vs_history for t in row["teams"])
    return env.from_string(template).render(r=r, c=chart(r), teams=teams, history=history, ratings=RATINGS)
