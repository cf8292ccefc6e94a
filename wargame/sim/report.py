"""The simulation report (`simulate --report FILE.html`): one self-contained page (inline CSS and
SVG, no scripts, a Content-Security-Policy that loads nothing) with, for each run of the batch:
end kinds and peak rungs with 95% intervals, a rung-by-turn fan chart, event rates, mediation by
style, and three example seeds per end kind with the command that replays one. A sweep adds a
table comparing its runs. Every piece of card text is escaped (jinja2 autoescape)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from wargame.scenario.loader import LoadedScenario
from wargame.sim.batch import Run
from wargame.sim.records import MEDIATION_COUNTS
from wargame.sim.stats import mean_interval, quantile, wilson
from wargame.sim.summary import Summary

FAN = ((0.05, 0.95), (0.25, 0.75))
CHART_W, CHART_H, PAD = 640, 240, 34


@dataclass(frozen=True)
class ReportInput:
    scenario: LoadedScenario
    card_arg: str
    """The card as the user named it (for the replay command)."""
    seed: int
    games: int
    seats: dict[str, str]
    runs: list[Run]
    describe: dict[str, Any]


def _share(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson(k, n)
    return {"k": k, "share": k / n if n else 0.0, "lo": lo, "hi": hi}


def _fan(s: Summary, top: int) -> dict[str, Any]:
    turns = sorted(s.rung_by_turn)
    if not turns:
        return {"bands": [], "median": "", "turns": [], "ticks": []}

    def x(turn: int) -> float:
        return PAD + (turn - turns[0]) * (CHART_W - 2 * PAD) / max(1, len(turns) - 1)

    def y(rung: float) -> float:
        return CHART_H - PAD - rung * (CHART_H - 2 * PAD) / max(1, top)

    bands = []
    for lo_q, hi_q in FAN:
        upper = [f"{x(t):.1f},{y(quantile(s.rung_by_turn[t], hi_q)):.1f}" for t in turns]
        lower = [f"{x(t):.1f},{y(quantile(s.rung_by_turn[t], lo_q)):.1f}" for t in reversed(turns)]
        bands.append({"points": " ".join(upper + lower), "label": f"{int(lo_q * 100)}–{int(hi_q * 100)}%"})
    median = " ".join(f"{x(t):.1f},{y(quantile(s.rung_by_turn[t], 0.5)):.1f}" for t in turns)
    ticks = [{"x": x(t), "label": t} for t in turns]
    rungs = [{"y": y(r), "label": r} for r in range(0, top + 1)]
    return {"bands": bands, "median": median, "ticks": ticks, "rungs": rungs, "bottom": CHART_H - PAD}


def _run_view(inp: ReportInput, run: Run) -> dict[str, Any]:
    s = run.summary
    assert s is not None
    n = s.games
    desc = inp.describe
    rules = inp.scenario.rules
    rung_names = [r.name for r in rules.ladder.rungs]
    state_names = {st.id: st.name for st in rules.states}
    end_kinds = [{"kind": k, **_share(c, n)} for k, c in sorted(s.end_kinds.items(), key=lambda kv: -kv[1])]
    peak = [
        {"rung": r, "name": rung_names[r] if r < len(rung_names) else "", **_share(s.peak_rung[r], n)}
        for r in sorted(s.peak_rung)
    ]
    mean, lo, hi = mean_interval(s.peak_rung)

    def rates(ids: list[str], counts: Any, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
        return [{"id": i, "name": (names or {}).get(i, i), **_share(counts.get(i, 0), n)} for i in ids]

    injects = {i.id: i.title for i in inp.scenario.card.injects}
    hazards = {h.id: h.name for h in rules.hazards}
    claims = {c.id: c.subject for c in inp.scenario.card.claims}
    firebreaks = {f.id: f.name for f in rules.ladder.firebreaks}
    events = [
        ("Firebreaks crossed", rates(desc["firebreaks"], s.firebreaks, firebreaks)),
        ("Crisis states reached", rates(desc["states"], s.states, state_names)),
        ("Injects fired", rates(desc["injects"], s.injects, injects)),
        ("Accident hazards (games with at least one)", rates(desc["hazards"], s.hazard_games, hazards)),
        ("Claims entering the ledger", rates(desc["claims"], s.claims, claims)),
    ]
    hazard_per_game = {h: s.hazard_events.get(h, 0) / n if n else 0.0 for h in desc["hazards"]}
    mediation = []
    for style in desc["styles"]:
        totals = s.mediation.get(style, {})
        games_with = s.mediation_games.get(style, {})
        mediation.append(
            {
                "style": style,
                **{f"{c}_per_game": totals.get(c, 0) / n if n else 0.0 for c in MEDIATION_COUNTS},
                **{c: _share(games_with.get(c, 0), n) for c in MEDIATION_COUNTS},
            }
        )
    seat_args = " ".join(f"--seat {shlex.quote(f'{t}={p}')}" for t, p in sorted(inp.seats.items()))
    examples = []
    for kind, seeds in sorted(s.examples.items()):
        examples.append(
            {
                "kind": kind,
                "seeds": seeds,
                "command": f"wargame play {shlex.quote(inp.card_arg)} --headless --seed {seeds[0]} {seat_args}",
            }
        )
    outcomes = [{"name": o, "mean": s.outcomes.get(o, 0.0) / n if n else 0.0} for o in desc["outcomes"]]
    scores = [{"team": t, "mean": s.scores.get(t, 0) / n if n else 0.0} for t in desc["teams"]]
    return {
        "settings": dict(run.settings),
        "games": n,
        "end_kinds": end_kinds,
        "peak": peak,
        "peak_mean": (mean, lo, hi),
        "fan": _fan(s, len(rung_names) - 1),
        "events": events,
        "hazard_per_game": hazard_per_game,
        "hazard_names": hazards,
        "mediation": mediation,
        "examples": examples,
        "outcomes": outcomes,
        "scores": scores,
        "gps": run.report.get("games_per_second"),
    }


def render(inp: ReportInput) -> str:
    from importlib.resources import files

    from jinja2 import Environment

    template = files("wargame.sim").joinpath("templates/report.html").read_text(encoding="utf-8")
    runs = [_run_view(inp, run) for run in inp.runs if run.summary is not None]
    card = inp.scenario.card
    sweep = [name for name, _ in inp.runs[0].settings] if len(inp.runs) > 1 and inp.runs[0].settings else []
    kinds = sorted({e["kind"] for r in runs for e in r["end_kinds"]})
    return (
        Environment(autoescape=True)
        .from_string(template)
        .render(
            card=card,
            card_arg=inp.card_arg,
            seed=inp.seed,
            games=inp.games,
            seats=sorted(inp.seats.items()),
            runs=runs,
            sweep=sweep,
            kinds=kinds,
            chart=(CHART_W, CHART_H, PAD),
            rulebook=inp.scenario.rules,
        )
    )
