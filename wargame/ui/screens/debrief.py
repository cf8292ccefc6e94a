"""Debrief: escalation over time, claims against truth, objectives and scores, the path next
to the historical track; export the after-action report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from wargame.ui.text import clean

if TYPE_CHECKING:
    from wargame.session.session import PlaySession
    from wargame.session.views import DebriefView


def escalation_chart(report: DebriefView) -> Text:
    """One row per turn: a bar as long as the rung, with its number (readable without colour)."""
    text = Text()
    for i, rung in enumerate(report.rung_path):
        label = "start" if i == 0 else f"T{i}"
        text.append(f"{label:>5} ")
        text.append("█" * (rung * 3) + "▏", style="bold")
        text.append(f" {rung} {clean(report.ladder[rung])}\n")
    return text


class DebriefScreen(Screen[None]):
    HELP = (
        "The debrief: how far the crisis climbed each turn, the contested claims against the truth,\n"
        "each team's objectives and score, and the game's path next to the historical track.\n"
        "X exports the after-action report (Markdown and HTML) to the saves folder; H returns home."
    )
    BINDINGS = [
        Binding("x", "export", "Export report", id="debrief-export"),
        Binding("h", "home", "Home", id="debrief-home"),
    ]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session
        self.report = session.debrief()

    def compose(self) -> ComposeResult:
        r = self.report
        with VerticalScroll(id="debrief"):
            yield Label(
                Text(f"Debrief — {clean(r.title)}: {clean(r.end_state)} ({r.end}), peak rung {r.peak_rung}"),
                classes="section-title",
            )
            yield Label("Escalation over time", classes="section-title")
            yield Static(escalation_chart(r), id="chart")
            yield Label("Objectives and scores", classes="section-title")
            scores = Text()
            for team in r.teams:
                scores.append(f"{clean(team.name)}: {team.score} point(s)\n", style="bold")
                for desc, points, ok in team.objectives:
                    scores.append(f"  {'✔ met    ' if ok else '✘ not met'}  {clean(desc)} ({points:+d})\n")
            yield Static(scores, id="scores")
            yield Label("Claims against the truth", classes="section-title")
            claims = Text()
            for cl in r.claims:
                claims.append(clean(cl.subject) + "\n", style="bold")
                for party, said in cl.claims.items():
                    claims.append(f"  {clean(party)} claims: {clean(said)}\n")
                if cl.game_truth:
                    claims.append(f"  In this game: {clean(cl.game_truth)}\n")
                claims.append(f"  Evidence: {clean(cl.truth)}\n")
            yield Static(claims or Text("No contested claims on this card."), id="claims")
            yield Label("The game's path and the historical track", classes="section-title")
            yield DataTable(id="path", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#path", DataTable)
        teams = list(self.report.path_vs_history[0].teams) if self.report.path_vs_history else []
        table.add_column("turn")
        for t in teams:
            table.add_column(f"{t} (game)")
            table.add_column(f"{t} (history)")
        for row in self.report.path_vs_history:
            cells: list[str | Text] = [Text(f"{row.turn} {clean(row.label)}")]
            for t in teams:
                cells += [Text(clean(row.teams[t].played)), Text(clean(row.teams[t].history))]
            table.add_row(*cells)
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
