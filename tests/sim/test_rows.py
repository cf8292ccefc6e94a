"""`simulate --rows` and `--turns`: one row per game and per game-turn, read back with pandas
without options, and agreeing with the `--json` totals of the same batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT
from wargame.engine.state import EventKind
from wargame.sim.records import record_game
from wargame.sim.runner import play_bots

BALAKOT = str(ROOT / "scenarios" / "balakot-2019.yaml")


def wargame(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wargame", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def test_ten_thousand_rows_agree_with_the_json_totals(tmp_path: Path):
    rows, report = tmp_path / "games.csv", tmp_path / "report.json"
    done = wargame("simulate", BALAKOT, "-n", "10000", "--seed", "5", "--rows", str(rows), "--json", str(report))
    assert done.returncode == 0, done.stderr
    totals = json.loads(report.read_text())
    df = pd.read_csv(rows)
    assert len(df) == 10_000 == totals["games"]
    assert list(df["seed"]) == list(range(5, 10_005))
    assert df["end"].value_counts().to_dict() == {k: v for k, v in totals["end_kinds"].items() if v}
    assert {str(k): v for k, v in df["peak_rung"].value_counts().items()} == totals["peak_rung"]
    assert round(df["end_turn"].mean(), 6) == totals["mean_turns"]
    offered = [c for c in df.columns if c.startswith("mediation_") and c.endswith("_offered")]
    assert int(df[offered].to_numpy().sum()) == sum(totals["mediation"].values())
    # numeric columns load as numbers, without any option
    for column in ("seed", "end_turn", "peak_rung", "score_india", "inject_pulwama_attack", "firebreak_ground_war"):
        assert pd.api.types.is_integer_dtype(df[column]), column
    assert set(df["seat_india"]) == {"bot:historical"}


def test_turns_table_has_a_row_per_game_turn_in_csv_and_jsonl(tmp_path: Path):
    rows, turns_csv, turns_jsonl = tmp_path / "g.jsonl", tmp_path / "t.csv", tmp_path / "t.jsonl"
    args = ["simulate", BALAKOT, "-n", "60", "--seat", "india=hawk", "--seat", "pakistan=quantal", "--jobs", "2"]
    done = wargame(*args, "--rows", str(rows), "--turns", str(turns_csv))
    assert done.returncode == 0, done.stderr
    assert wargame(*args, "--turns", str(turns_jsonl)).returncode == 0
    games = pd.read_json(rows, lines=True)
    t_csv, t_jsonl = pd.read_csv(turns_csv), pd.read_json(turns_jsonl, lines=True)
    assert len(t_csv) == len(t_jsonl) == games["end_turn"].sum()
    assert list(t_csv.columns) == ["seed", "turn", "rung", "state"] + [
        f"orders_{t}" for t in ("india", "pakistan", "china", "usa")
    ]
    last = t_csv.groupby("seed").last()
    assert (last["turn"] == games.set_index("seed")["end_turn"]).all()
    assert (last["rung"] == games.set_index("seed")["final_rung"]).all()
    assert (last["state"] == games.set_index("seed")["final_state"]).all()
    assert (t_csv.groupby("seed")["rung"].max() <= games.set_index("seed")["peak_rung"]).all()
    assert t_csv["seed"].tolist() == t_jsonl["seed"].tolist()
    # the card's `outcomes:` become outcome_<variable> columns with each game's final value
    for name in ("nuclear_alarm", "hc_level", "pakistan.domestic_pressure"):
        assert pd.api.types.is_numeric_dtype(games[f"outcome_{name}"])


def test_record_is_read_from_the_typed_events(balakot):
    seats = {t.id: "bot:hawk" for t in balakot.card.teams}
    for seed in range(20):
        game = play_bots(balakot, seed, seats)
        r = record_game(game)
        log = game.state.log
        assert r.injects == {e.inject for e in log if e.kind is EventKind.INJECT}
        assert r.injects == {
            k.removeprefix("fired.") for k, v in game.state.vars.items() if k.startswith("fired.") and v
        }
        assert r.claims == {c.claim for c in game.state.claims}
        assert set(r.firebreaks) == {
            k.removeprefix("crossed.") for k, v in game.state.vars.items() if k.startswith("crossed.") and v
        }
        assert [t.rung for t in r.path] == game.state.rung_path
        assert [t.orders for t in r.path] == [
            {t: tuple(o.move for o in inp.orders.get(t, [])) for t in game.teams} for inp in game.state.inputs
        ]
        assert r.end == game.state.end and r.end_turn == game.state.turn == len(r.path)
        assert sum(c["offered"] for c in r.mediation.values()) == sum(
            int(v) for k, v in game.state.vars.items() if k.endswith(".activations")
        )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--rows", "games.txt"], 2, "give a .csv or .jsonl file"),
        (["--rows", "nowhere/games.csv"], 1, "its folder does not exist"),
        (["--turns", "."], 2, "give a .csv or .jsonl file"),
        (["--jobs", "64"], 2, "more than the"),
    ],
)
def test_bad_targets_and_too_many_jobs_are_refused_before_the_batch(tmp_path: Path, args, code, message):
    args = [str(tmp_path / a) if a.endswith((".txt", ".csv")) else a for a in args]
    done = wargame("simulate", BALAKOT, "-n", "100000", *args)
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_more_jobs_than_cores_with_force(tmp_path: Path):
    done = wargame("simulate", BALAKOT, "-n", "4", "--jobs", "3", "--force")
    assert done.returncode == 0, done.stderr
    assert "3 job(s)" in done.stdout


def test_jobs_default_to_the_cores_available():
    import os

    done = wargame("simulate", BALAKOT, "-n", "4")
    assert f"{len(os.sched_getaffinity(0))} job(s)" in done.stdout
