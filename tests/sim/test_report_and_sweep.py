"""`simulate --report` (one self-contained HTML page with every section) and `--set`/`--sweep`
(validated like the files; the value in every row, in the JSON and in the report)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from html import unescape
from pathlib import Path

import pandas as pd

from tests.conftest import ROOT
from tests.sim.test_rows import BALAKOT, wargame

MEDIATION = "card.initial.india.accept_facilitation"


def test_report_has_every_section_and_its_example_commands_replay(tmp_path: Path):
    page, rows = tmp_path / "report.html", tmp_path / "games.csv"
    args = ["--seat", "india=hawk", "--seat", "pakistan=quantal"]
    done = wargame("simulate", "balakot-2019", "-n", "150", *args, "--report", str(page), "--rows", str(rows))
    assert done.returncode == 0, done.stderr
    html = page.read_text()
    for section in ("End kinds", "Peak rung", "Rung by turn", "Event rates", "Mediation by style", "Example games"):
        assert f"<h3>{section}</h3>" in html
    assert html.count("<polygon") == 2 and "<polyline" in html  # the fan chart: two bands and the median
    assert "95% interval" in html and "Injects fired" in html and "Firebreaks crossed" in html
    # self-contained: nothing to fetch, nothing to run
    assert "<script" not in html and not re.search(r"(src|href)=", html)
    assert "default-src 'none'" in html
    games = pd.read_csv(rows)
    commands = re.findall(r"<code>(wargame play [^<]*)</code>", html)
    assert len(commands) == games["end"].nunique()
    for kind in games["end"].unique():
        row = re.search(rf"<tr><td>{kind}</td><td>([0-9, ]+)</td>", html)
        assert row is not None
        seeds = [int(s) for s in row.group(1).split(", ")]
        assert seeds == list(games.loc[games["end"] == kind, "seed"][:3])
    # replaying an example plays the same game (its end kind and turn count)
    command = shlex.split(unescape(commands[0]))
    assert command[:2] == ["wargame", "play"]
    seed = int(command[command.index("--seed") + 1])
    replay = subprocess.run(
        [sys.executable, "-m", "wargame", *command[1:], "--no-autosave"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert replay.returncode == 0, replay.stderr
    expected = games.set_index("seed").loc[seed]
    assert (
        f"({expected['end']}) after {expected['end_turn']} turn(s), peak rung {expected['peak_rung']}" in replay.stdout
    )


def test_sweep_over_a_mediation_parameter_shows_in_rows_json_and_report(tmp_path: Path):
    rows, report, page = tmp_path / "g.csv", tmp_path / "r.json", tmp_path / "r.html"
    done = wargame(
        "simulate",
        BALAKOT,
        "-n",
        "120",
        "--sweep",
        f"{MEDIATION}=0.2,0.8",
        "--rows",
        str(rows),
        "--json",
        str(report),
        "--report",
        str(page),
    )
    assert done.returncode == 0, done.stderr
    games = pd.read_csv(rows)
    assert len(games) == 240
    column = f"set:{MEDIATION}"
    assert sorted(games[column].unique()) == [0.2, 0.8]
    by_value = games.groupby(column)["mediation_facilitation_agreed"].sum()
    assert by_value[0.2] == 0 < by_value[0.8]  # India's historical bot accepts only at acceptance ≥ 0.5
    assert (games.groupby(column)["seed"].apply(list).map(tuple).nunique()) == 1  # the same seeds each run
    data = json.loads(report.read_text())
    assert data["sweep"] == MEDIATION
    assert [r["settings"] for r in data["runs"]] == [{MEDIATION: 0.2}, {MEDIATION: 0.8}]
    assert [r["games"] for r in data["runs"]] == [120, 120]
    html = page.read_text()
    assert "Sweep: the runs side by side" in html
    assert f"<code>{MEDIATION} = 0.2</code>" in html and f"<code>{MEDIATION} = 0.8</code>" in html
    table = html.split("Sweep: the runs side by side", 1)[1].split("</table>", 1)[0]
    agreed = re.findall(r'<td class="n">([0-9.]+)</td>', table)
    assert agreed  # facilitation agreed / game differs between the two runs
    rows_html = table.split("<tr>")[2:]
    assert len(rows_html) == 2 and rows_html[0] != rows_html[1]


def test_set_changes_the_run_and_is_recorded(tmp_path: Path):
    base, changed = tmp_path / "a.json", tmp_path / "b.json"
    assert wargame("simulate", BALAKOT, "-n", "60", "--json", str(base)).returncode == 0
    done = wargame("simulate", BALAKOT, "-n", "60", "--set", f"{MEDIATION}=0.1", "--json", str(changed))
    assert done.returncode == 0, done.stderr
    a, b = json.loads(base.read_text()), json.loads(changed.read_text())
    assert "settings" not in a and b["settings"] == {MEDIATION: 0.1}
    assert a["mediation"] != b["mediation"] or a["end_kinds"] != b["end_kinds"] or a["peak_rung"] != b["peak_rung"]


def test_bad_settings_are_refused_before_any_game(tmp_path: Path):
    cases = [
        ("adjudication.misperception_base=3", "Input should be less than or equal to 1"),
        ("adjudication.misperception_base=x", "'x' is not a number"),
        ("mediators.usa.nothing=3", "no such parameter"),
        ("mediators.usa.offer=3", "is not a number in the file"),
        ("card.parameters.bogus=1", "unknown parameter"),
        ("mediation_styles.formulation.duration=2.5", "valid integer"),
        (f"{MEDIATION}=7", "outside the range"),
        ("nan", "expected PATH=VALUE"),
        ("adjudication.hazard_cap=inf", "not a finite number"),
    ]
    for spec, message in cases:
        done = wargame("simulate", BALAKOT, "-n", "10000000", "--set", spec)
        assert done.returncode == 1, (spec, done.stderr)
        assert message in done.stderr, (spec, done.stderr)
        assert "Traceback" not in done.stderr
    done = wargame("simulate", BALAKOT, "-n", "10000000", "--sweep", "adjudication.misperception_base=0.1,2")
    assert done.returncode == 1 and "less than or equal to 1" in done.stderr
