"""`wargame play --headless` and `wargame simulate`, run as real commands."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def wargame(*args: str, cwd=ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wargame", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_headless_tutorial_plays_to_the_end():
    result = wargame("play", "scenarios/tutorial.yaml", "--headless", "--seat", "india=bot:dove", "--seed", "4")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "== Turn 1 of " in out and "== Turn 2 of " in out
    assert "[inject] Turn 1: moves and their effects" in out
    assert "== End:" in out and "india:" in out


def test_headless_with_scripted_orders_and_explanations(tmp_path):
    orders = tmp_path / "orders.yaml"
    orders.write_text(
        "2:\n  india: [revoke_mfn, recall_high_commissioner]\n"
        "3:\n  india: [{move: solemn_warning, authorise: true}, push_unsc_statement]\n"
    )
    result = wargame("play", "scenarios/balakot-2019.yaml", "--headless", "--orders", str(orders), "--seed", "2")
    assert result.returncode == 0, result.stderr
    assert "[order] India: Revoke Most-Favoured-Nation trade status" in result.stdout
    assert "Chance of success: " in result.stdout and "The dice rolled " in result.stdout
    assert "log-odds" not in result.stdout
    assert "crosses the 'Don't rock the boat' firebreak" in result.stdout


def test_headless_illegal_order_exits_1_with_the_reason(tmp_path):
    orders = tmp_path / "orders.yaml"
    orders.write_text("1:\n  india: [precision_strike_camp]\n")
    result = wargame("play", "scenarios/balakot-2019.yaml", "--headless", "--orders", str(orders))
    assert result.returncode == 1
    assert (
        "error: turn 1: india: precision_strike_camp: its condition does not hold: rung >= rungs.diplomatic_economic_gestures"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_headless_malformed_orders_file_says_where(tmp_path):
    orders = tmp_path / "orders.yaml"
    orders.write_text("1:\n  india: {orders: [revoke_mfn], answer: {}}\n")
    result = wargame("play", "scenarios/balakot-2019.yaml", "--headless", "--orders", str(orders))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{orders}:2:33: 1.india.answer: unknown field 'answer'; did you mean 'answers'? "
        "expected one of: answers, choices, orders"
    )


def test_human_seat_without_orders_is_explained():
    result = wargame("play", "scenarios/balakot-2019.yaml", "--headless")
    assert result.returncode == 1
    assert "india seated human: give --orders FILE" in result.stderr


def test_simulate_json_is_the_same_for_one_and_two_jobs(tmp_path):
    reports = []
    for jobs in ("1", "2"):
        path = tmp_path / f"sim{jobs}.json"
        result = wargame(
            "simulate", "scenarios/balakot-2019.yaml", "-n", "120", "--seed", "7", "--jobs", jobs, "--json", str(path)
        )
        assert result.returncode == 0, result.stderr
        report = json.loads(path.read_text())
        for timing in ("games_per_second", "jobs", "cpus"):
            report.pop(timing)
        reports.append(report)
    assert reports[0] == reports[1]
    report = reports[0]
    assert report["games"] == 120 and report["seed"] == 7
    assert set(report["end_kinds"]) == {"resolution", "frozen", "war", "nuclear", "timeout"}
    assert sum(report["end_kinds"].values()) == 120 == sum(report["peak_rung"].values())
    assert report["mean_turns"] > 0 and "usa" in report["mediation"]
    rates = report["rates"]  # issue 9: event rates for fidelity measurement
    assert rates["injects"]["pulwama_attack"] == 1.0 and 0 < rates["chances"]["air_battle.mig21_downed"] <= 1
    assert set(rates) >= {"injects", "chances", "hazards", "claims", "firebreaks", "states", "end_kinds"}
    assert "mediation_by_style" in rates and "first_turn" in rates


def test_simulate_rejects_unknown_policies():
    result = wargame("simulate", "scenarios/balakot-2019.yaml", "-n", "5", "--seat", "india=hawkish")
    assert result.returncode == 1
    assert "no bot policy 'hawkish'" in result.stderr


def test_autosave_replay_report_and_fork(tmp_path):
    saves = tmp_path / "saves"
    result = wargame(
        "play", "scenarios/tutorial.yaml", "--headless", "--seat", "india=bot:quantal", "--saves", str(saves)
    )
    assert result.returncode == 0, result.stderr
    files = sorted(saves.glob("tutorial-s1-*.autosave-*.json"))
    assert 3 <= len(files) <= 5  # one per turn played
    latest = files[-1]
    assert f"saved: {latest}" in result.stdout
    replayed = wargame("replay", str(latest))
    assert replayed.returncode == 0 and "identical" in replayed.stdout
    html = tmp_path / "aar.html"
    assert wargame("report", str(latest), "--format", "html", "-o", str(html)).returncode == 0
    assert html.read_text().startswith("<!doctype html>")
    md = wargame("report", str(latest))
    assert md.returncode == 0 and md.stdout.startswith("# After-action report: Tutorial: a border incident")
    before = latest.read_bytes()
    fork = wargame("play", "--resume", str(latest), "--turn", "2", "--headless", "--saves", str(saves))
    assert fork.returncode == 0, fork.stderr
    assert "at the start of turn 2" in fork.stdout and "resuming at turn 2" in fork.stdout
    assert latest.read_bytes() == before
    assert sorted(saves.glob("*-fork-t2.autosave-*.json"))


def test_saves_default_to_env_then_cwd(tmp_path):
    import os

    env = {**os.environ, "WARGAME_SAVES": str(tmp_path / "from-env")}
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "play", "scenarios/tutorial.yaml", "--headless", "--seat", "india=bot:dove"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert list((tmp_path / "from-env").glob("*.json"))


def test_the_fidelity_table_script_regenerates_its_document(tmp_path):
    out = tmp_path / "fidelity.md"
    result = subprocess.run(
        [sys.executable, "tools/fidelity.py", "-n", "20", "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "| Air battle, 27 Feb |" in text and "Tit-for-tat India answers Pulwama" in text
