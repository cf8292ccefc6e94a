"""The after-action report (HSEEP-style) from a finished or interrupted game.

`build(scenario, state)` gathers the facts; `markdown()` and `html()` render them. The HTML
is one self-contained file (no scripts, no network) with an SVG escalation chart, and every
piece of card or player text is escaped (jinja2 autoescape)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wargame.engine.compiled import compile_scenario
from wargame.engine.state import Event, EventKind, GameState
from wargame.scenario.loader import LoadedScenario
from wargame.textsafe import line


@dataclass
class TeamReview:
    team: str
    name: str
    score: int
    objectives: list[tuple[str, int, bool]]
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)


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
    calendar: list[tuple[int, str, str]]
    timeline: list[tuple[int, list[Event]]]
    decisions: list[Event]
    rulings: list[str]
    claims: list[dict[str, Any]]
    teams: list[TeamReview]
    path_vs_history: list[dict[str, Any]]
    questions: list[str]


TIMELINE_KINDS = frozenset(EventKind) - {EventKind.RUNG}
"""Every kind of event but the rung's moves (the chart shows those)."""


def _played(state: GameState, team: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for turn, inp in enumerate(state.inputs, 1):
        out[turn] = [o.move for o in inp.orders.get(team, [])]
    return out


def build(scenario: LoadedScenario, state: GameState, seats: dict[str, str]) -> Report:
    c = compile_scenario(scenario)
    card, rules = scenario.card, scenario.rules
    names, moves, states = c.names, c.move_names, c.state_names
    ladder = [r.name for r in rules.ladder.rungs]
    by_turn: dict[int, list[Event]] = {}
    for e in state.log:
        if e.kind in TIMELINE_KINDS:
            by_turn.setdefault(e.turn, []).append(e)
    decisions = [e for e in state.log if e.explanation is not None]
    rulings = [e.text for e in state.log if e.kind == EventKind.FACILITATOR]
    rulings += [
        f"Turn {t}: {key} ruled {'a success' if r['success'] else 'a failure'} — {r['reason']}"
        for t, inp in enumerate(state.inputs, 1)
        for key, r in inp.overrides.items()
    ]
    ledger = []
    recorded = {entry.claim: entry for entry in state.claims}
    for claim in card.claims:
        entry = recorded.get(claim.id)
        ledger.append(
            {
                "subject": claim.subject,
                "recorded": entry.turn if entry else None,
                "claims": {names.get(p, p): text for p, text in claim.claims.items()},
                "truth": claim.truth,
                "game_truth": entry.game_truth if entry else None,
                "evidence": [claim.evidence[i].text for i in (entry.evidence_revealed if entry else [])],
            }
        )
    track = c.track
    path = []
    for turn in range(1, len(card.calendar) + 1):
        row: dict[str, Any] = {"turn": turn, "label": card.calendar[turn - 1].label, "teams": {}}
        for team in c.teams:
            played = _played(state, team).get(turn)
            entry = track.get((turn, team))
            row["teams"][names[team]] = {
                "game": ", ".join(moves[m] for m in played)
                if played
                else ("—" if played is not None else "(not reached)"),
                "history": ", ".join(moves[m] for m in entry.moves) if entry else "—",
                "note": entry.note if entry else "",
            }
        path.append(row)
    reviews = []
    for team in card.teams:
        met = set(state.met.get(team.id, []))
        objectives = [(o.description, o.points, o.id in met) for o in team.objectives]
        review = TeamReview(team.id, names[team.id], state.scores.get(team.id, 0), objectives)
        for desc, _points, ok in objectives:
            (review.strengths if ok else review.improvements).append(("Met: " if ok else "Not met: ") + desc)
        answers = [e for e in state.log if e.kind == EventKind.MEDIATION_ANSWER and e.team == team.id]
        accepted = sum(1 for e in answers if e.answer == "accept")
        if answers:
            line = f"Answered {len(answers)} mediation offer(s), accepting {accepted}"
            (review.strengths if accepted else review.improvements).append(line)
        crossings = [e for e in state.log if e.kind == EventKind.ORDER and e.team == team.id and e.firebreak]
        if crossings:
            review.improvements.append(
                f"Crossed {len(crossings)} firebreak(s): "
                + "; ".join(
                    f"turn {e.turn}: {moves[e.move or '']} (the '{c.firebreaks[e.firebreak or ''].name}' firebreak)"
                    for e in crossings
                )
            )
        misreads = [e for e in state.log if e.kind == EventKind.MISPERCEPTION and e.team == team.id]
        if misreads:
            review.improvements.append(f"Misread the other side {len(misreads)} time(s)")
        reviews.append(review)
    questions = [
        "At which turn did each team feel it had the initiative, and why?",
        "Which outcome most surprised your team? Look at its odds and roll: was it a risk worth running?",
    ]
    for e in state.log:
        if e.kind == EventKind.FIREBREAK:
            questions.append(f"Turn {e.turn}: {e.text}. What did the crossing buy, and what did it cost?")
        if e.kind == EventKind.HAZARD:
            questions.append(f"Turn {e.turn}: an accident — {e.text} How did each side interpret it at the time?")
        if e.kind == EventKind.CHANCE and e.success:
            questions.append(f"Turn {e.turn}: chance decided it — {e.text} What if it had gone the other way?")
        if e.kind == EventKind.MISPERCEPTION:
            questions.append(f"Turn {e.turn}: {e.text}. What channel could have prevented the misreading?")
    if any(e.kind == EventKind.MEDIATION_OFFER for e in state.log):
        questions.append(
            "Which mediation offers were accepted or refused, and what did each side gain from its answer?"
        )
    if ledger:
        questions.append("How did the contested claims (see the ledger) shape what each side could accept?")
    questions.append(
        "Compare your path with the historical track: where did you diverge, "
        "and would history have been better or worse?"
    )
    peak = int(state.vars["peak_rung"])
    return Report(
        title=card.title,
        card_id=card.id,
        seed=state.seed,
        seats=seats,
        end=state.end or "in progress",
        end_state=states[state.crisis_state],
        turns_played=len(state.inputs),
        peak_rung=peak,
        peak_rung_name=ladder[peak],
        rung_path=[card.start_rung, *state.rung_path],
        ladder=ladder,
        calendar=[(i + 1, t.date.isoformat(), t.label) for i, t in enumerate(card.calendar)],
        timeline=sorted(by_turn.items()),
        decisions=decisions,
        rulings=rulings,
        claims=ledger,
        teams=reviews,
        path_vs_history=path,
        questions=questions[:12],
    )


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
        f"- Card: `{e(r.card_id)}`, seed {r.seed}",
        "- Seats: " + ", ".join(f"{e(t)} = {e(s)}" for t, s in r.seats.items()),
        f"- Outcome: **{e(r.end_state)}** ({e(r.end)}) after {r.turns_played} turn(s)",
        f"- Peak of escalation: rung {r.peak_rung} — {e(r.peak_rung_name)}",
        "- Rung by turn: " + " → ".join(str(x) for x in r.rung_path),
        "",
        "## Timeline",
        "",
    ]
    for turn, events in r.timeline:
        date, label = next(((d, lab) for t, d, lab in r.calendar if t == turn), ("", ""))
        out.append(f"### Turn {turn} — {date} — {e(label)}")
        out.append("")
        out += [f"- {e(ev.text)}" for ev in events]
        out.append("")
    out += ["## Key decisions and why they came out as they did", ""]
    for ev in r.decisions:
        x = ev.explanation
        assert x is not None
        how = f"facilitator ruling: {e(x.override)}" if x.override else f"p = {x.probability:.2f}, roll {x.roll:.2f}"
        out.append(f"- Turn {ev.turn}: {e(ev.text)} — *{e(x.rule)}*, {how}")
    out += ["", "## Facilitator rulings", ""]
    out += [f"- {e(x)}" for x in r.rulings] or ["- None."]
    out += ["", "## Claims against the truth", ""]
    for cl in r.claims:
        when = f"recorded on turn {cl['recorded']}" if cl["recorded"] else "not raised in this game"
        out.append(f"### {e(cl['subject'])} ({when})")
        out.append("")
        out += [f"- **{e(p)}** claims: {e(t)}" for p, t in cl["claims"].items()]
        if cl.get("game_truth"):
            out.append(f"- **In this game:** {e(cl['game_truth'])}")
        out.append(f"- **Independent evidence (the record):** {e(cl['truth'])}")
        out += [f"- Revealed in the game: {e(x)}" for x in cl["evidence"]]
        out.append("")
    out += ["## Objectives and scores", ""]
    for t in r.teams:
        out.append(f"### {e(t.name)} — {t.score} point(s)")
        out.append("")
        out += [f"- [{'x' if ok else ' '}] {e(d)} ({p:+d})" for d, p, ok in t.objectives]
        out.append("")
        out.append("Strengths:")
        out += [f"- {e(s)}" for s in t.strengths] or ["- (none recorded)"]
        out.append("")
        out.append("Areas for improvement:")
        out += [f"- {e(s)}" for s in t.improvements] or ["- (none recorded)"]
        out.append("")
    out += ["## The game's path and the historical track", ""]
    teams = list(r.path_vs_history[0]["teams"]) if r.path_vs_history else []
    out.append("| Turn | " + " | ".join(f"{e(t)} (game) | {e(t)} (history)" for t in teams) + " |")
    out.append("|---|" + "---|---|" * len(teams))
    for row in r.path_vs_history:
        cells = []
        for t in teams:
            cells += [e(row["teams"][t]["game"]), e(row["teams"][t]["history"])]
        out.append(f"| {row['turn']} {e(row['label'])} | " + " | ".join(cells) + " |")
    out += ["", "## Questions for the hot wash", ""]
    out += [f"{i}. {e(q)}" for i, q in enumerate(r.questions, 1)]
    return "\n".join(out) + "\n"


def chart_points(r: Report, width: int = 640, height: int = 220, pad: int = 30) -> list[tuple[float, float, int]]:
    n = max(len(r.rung_path) - 1, 1)
    top = max(len(r.ladder) - 1, 1)
    return [
        (pad + i * (width - 2 * pad) / n, height - pad - rung * (height - 2 * pad) / top, rung)
        for i, rung in enumerate(r.rung_path)
    ]


def html(r: Report) -> str:
    from importlib.resources import files

    from jinja2 import Environment

    template = files("wargame.reporting").joinpath("templates/aar.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    teams = list(r.path_vs_history[0]["teams"]) if r.path_vs_history else []
    return env.from_string(template).render(r=r, points=chart_points(r), teams=teams)
