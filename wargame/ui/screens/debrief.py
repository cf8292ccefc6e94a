"""Debrief, in the order a seminar leader runs it: where the game sits among simulated games,
escalation over time, the decision points, each objective's observations, the hot-wash
questions, the claims against the evidence and the path next to the historical track; X exports
the after-action report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from wargame.ui.text import clean

if TYPE_CHECKING:
    from wargame.session.session import PlaySession
    from wargame.session.views import DebriefView


def escalation_chart(report: DebriefView) -> Text:
    """One row per turn: a bar as long as the rung, with its number and name (readable without
    colour); a ‼ row marks each firebreak the crisis climbed through."""
    text = Text()
    top = len(report.ladder) - 1
    firebreaks = dict(report.firebreaks)
    previous = None
    for i, rung in enumerate(report.rung_path):
        if previous is not None:
            for k in range(previous + 1, rung + 1):
                if k in firebreaks:
                    text.append(f"      ‼ crossed the '{clean(firebreaks[k])}' firebreak\n", style="bold")
        label = "start" if i == 0 else f"T{i}"
        text.append(f"{label:>5} ")
        text.append("█" * (rung * 2) + "▏", style="bold")
        text.append(f" {rung} of {top} {clean(report.ladder[rung])}\n")
        previous = rung
    return text


class DebriefScreen(Screen[None]):
    CSS_PATH = "../game.tcss"  # the game screens' rules, parsed when the first one is shown
    HELP = (
        "The debrief, in the order to run it: how this game compares with simulated games from the\n"
        "same start; escalation over time; the decision points (what each team knew, the odds, its\n"
        "reason); each objective with its rating (P/S/M/U), strengths and areas for improvement,\n"
        "a root-cause question and a recommendation; the questions for the hot wash; the claims\n"
        "against the evidence; the path next to the historical track."
    )
    BINDINGS = [
        Binding("x", "export", "Export report", id="debrief-export", tooltip="write the report (Markdown, HTML)"),
        Binding("h", "home", "Home", id="debrief-home", tooltip="back to the list of cards"),
        Binding("f1", "app.help", "Help", id="debrief-help", tooltip="keys, glossary, what the rules represent"),
    ]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session
        self.report = session.debrief()

    def compose(self) -> ComposeResult:
        r = self.report
        top = len(r.ladder) - 1
        with VerticalScroll(id="debrief"):
            yield Static(
                Text(
                    f"Debrief — {clean(r.title)}: {clean(r.end_state)} ({r.end}), "
                    f"peak rung {r.peak_rung} of {top} ({clean(r.ladder[r.peak_rung])})"
                ),
                classes="section-title",
            )
            if r.comparison:
                yield Static(Text(clean(r.comparison)), id="comparison")
            yield Label("Escalation over time", classes="section-title")
            yield Static(escalation_chart(r), id="chart")
            yield Label("Decision points", classes="section-title")
            yield Static(self._decisions(), id="decisions")
            yield Label("Objectives: observations, root causes, recommendations", classes="section-title")
            yield Static(self._objectives(), id="scores")
            yield Label("Questions for the hot wash", classes="section-title")
            yield Static(self._questions(), id="questions")
            if r.dangers:
                yield Label("Moments of danger", classes="section-title")
                yield Static(Text("\n".join(f"• {clean(x)}" for x in r.dangers)), id="dangers")
            yield Label("Claims against the evidence", classes="section-title")
            yield Static(self._claims(), id="claims")
            yield Label("The game's path and the historical track (game / history)", classes="section-title")
            yield Static(self._path(), id="path")
        yield Footer()

    def _decisions(self) -> Text:
        r = self.report
        text = Text(f"Chosen from {clean(r.decision_source)}.\n", style="italic")
        for i, p in enumerate(r.decision_points, 1):
            text.append(f"{i}. Turn {p.turn} ({p.date}), {clean(p.team)}: ", style="bold")
            text.append(clean(", ".join(p.orders)) + "\n")
            text.append(f"   Knew: {clean(p.knew)}\n")
            if p.odds:
                text.append(f"   Odds: {clean(p.odds)}\n")
            text.append(f"   Outcome: {clean(p.outcome)}\n")
            if p.why:
                text.append(f"   Why (their words): {clean(p.why)}\n", style="italic")
        return text

    def _objectives(self) -> Text:
        text = Text(
            "Ratings: P without challenges · S some challenges · M major challenges · U unable\n", style="italic"
        )
        for team in self.report.teams:
            text.append(f"{clean(team.name)} ({clean(team.seat)}): {team.score} point(s)\n", style="bold")
            for ob in team.reviews:
                mark = "✔ met" if ob.met else "✘ not met"
                text.append(f"  [{ob.rating}] {mark}  {clean(ob.description)} ({ob.points:+d})\n")
                for o in ob.observations:
                    kind = "+ Strength" if o.strength else "− To improve"
                    text.append(f"     {kind}: {clean(o.text)}\n")
                    text.append(f"       Evidence: {clean(o.evidence)}\n", style="dim")
                    text.append(f"       Discuss: {clean(o.root_cause)}\n")
                    text.append(f"       Recommendation: {clean(o.recommendation)}\n")
        return text

    def _questions(self) -> Text:
        text = Text()
        for i, q in enumerate(self.report.questions, 1):
            text.append(f"{i}. {clean(q.text)}\n")
            if q.objectives:
                text.append(f"   Objectives: {clean('; '.join(q.objectives))}\n", style="dim")
            if q.sources:
                text.append(f"   Sources: {clean('; '.join(q.sources))}\n", style="dim")
        return text

    def _claims(self) -> Text:
        text = Text()
        for cl in self.report.claims:
            text.append(clean(cl.subject) + "\n", style="bold")
            for party, said in cl.claims.items():
                text.append(f"  {clean(party)} claims: {clean(said)}\n")
            if cl.game_truth:
                text.append(f"  In this game: {clean(cl.game_truth)}\n")
            text.append(f"  Evidence: {clean(cl.truth)}\n")
        return text or Text("No contested claims on this card.")

    def _path(self) -> Text:
        text = Text()
        for row in self.report.path_vs_history:
            text.append(f"{row.turn} {clean(row.label)}\n", style="bold")
            for team, cell in row.teams.items():
                text.append(f"   {clean(team)}: {clean(cell.played)}  /  ")
                text.append(clean(cell.history) + "\n", style="dim")
        return text

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def action_export(self) -> None:
        from wargame.session.errors import Refused

        try:
            md, page = self.session.export_report()
        except Refused as exc:
            self.notify(str(exc), severity="warning")
            return
        except OSError as exc:
            self.notify(f"Could not write the report: {exc.strerror}", severity="error")
            return
        self.notify(f"Report written: {md} and {page.name}", timeout=8)

    def action_home(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]
