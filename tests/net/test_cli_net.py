"""`wargame serve` and `wargame join --bot` as real processes; the served game's save replays exactly."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

WARGAME = [sys.executable, "-m", "wargame"]


def _start_server(
    tmp_path, *args: str, own_group: bool = False
) -> tuple[subprocess.Popen[str], str, dict[str, str], str]:
    """`own_group`: the server leads a process group of its own, as in a terminal (Ctrl-C then
    reaches every process in it)."""
    proc = subprocess.Popen(
        [*WARGAME, "serve", *args, "--port", "0", "--saves", str(tmp_path / "saves")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=own_group,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 30
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if "Ctrl+C stops the server" in line:
            break
    text = "".join(lines)
    url = re.search(r"Serving on (ws://\S+)", text)
    assert url, text
    codes = dict(re.findall(r"^\s+(\S+)\s+([A-Z2-9]{6})\s+wargame join", text, re.M))
    return proc, url.group(1), codes, text


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    return out


def test_ctrl_c_in_the_terminal_stops_the_server_and_its_worker_cleanly(tmp_path):
    """Ctrl-C reaches the whole process group, the comparison's worker process included (it is
    playing the simulated games ahead): the server still saves and says how to continue, and
    no worker traceback is printed (found in review: a KeyboardInterrupt in the worker came back
    through the job and the server ended with 'Aborted!')."""
    proc, _url, _codes, _text = _start_server(tmp_path, "scenarios/balakot-2019.yaml", own_group=True)
    time.sleep(1.0)  # the worker is starting or playing the games ahead
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert "Traceback" not in out and "KeyboardInterrupt" not in out, out
    assert "Continue with: wargame serve --resume" in out, out


def test_serve_prints_codes_two_bot_clients_play_to_the_end_and_the_save_replays(tmp_path):
    proc, url, codes, _text = _start_server(
        tmp_path, "scenarios/tutorial.yaml", "--seat", "pakistan=human", "--seed", "5", "--turn-clock", "30"
    )
    try:
        assert set(codes) == {"India", "Pakistan", "Facilitator"}
        assert url.startswith("ws://127.0.0.1:")
        bots = [
            subprocess.Popen(
                [*WARGAME, "join", url, "--bot", policy, "--code", codes[team]],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for team, policy in (("India", "dove"), ("Pakistan", "hawk"))
        ]
        for bot in bots:
            out, err = bot.communicate(timeout=60)
            assert bot.returncode == 0, err
            assert "the game is over; 5 turn(s) submitted" in out
    finally:
        log = _stop(proc)
    assert "joined: india" in log and "adjudicated" in log
    saved = re.search(r"Saved: (\S+)", log)
    assert saved, log
    # the game is over: stopping the server names the report and the replay, not a command to continue
    assert "Continue with" not in log, log
    assert (
        f"The game is over: there is nothing left to serve.\n  Read its after-action report: wargame report {saved.group(1)}"
        in log
    )
    replay = subprocess.run([*WARGAME, "replay", saved.group(1)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert replay.returncode == 0, replay.stderr
    assert "identical" in replay.stdout
    # the save keeps the turn clock, and that the seats were played by `join --bot` clients
    data = json.loads(Path(saved.group(1)).read_text(encoding="utf-8"))
    assert data["turn_clock"] == 30
    assert data["seats"] == {"india": "human", "pakistan": "human"}
    assert data["bot_clients"] == {"india": "bot:dove", "pakistan": "bot:hawk"}
    report = subprocess.run([*WARGAME, "report", saved.group(1)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert report.returncode == 0, report.stderr
    assert "India (bot:dove)" in report.stdout and "Pakistan (bot:hawk)" in report.stdout
    assert "(human)" not in report.stdout
    # and a served game can be continued from an autosave made before its end: serve --resume prints
    # fresh codes for the same game, with its turn clock as it was (the command to continue it again
    # says so); the final save is of a game that is over (see the test below)
    earlier = sorted(Path(saved.group(1)).parent.glob("*.autosave-*.json"))[0]
    assert earlier != Path(saved.group(1))
    proc, _url, codes, _text = _start_server(tmp_path, "--resume", str(earlier))
    log = _stop(proc)
    assert "Facilitator" in codes
    assert "--turn-clock 30" in log, log
    assert f"--saves {(tmp_path / 'saves').resolve()}" in log, "the resumed game saves where it did before"


def test_join_with_a_wrong_code_exits_1_with_the_reason(tmp_path):
    proc, url, codes, text = _start_server(tmp_path, "scenarios/tutorial.yaml")
    # the card's default seats hold: the tutorial's Pakistan is a dove bot, and no code is handed out for it
    assert set(codes) == {"India", "Facilitator"}
    try:
        result = subprocess.run(
            [*WARGAME, "join", url, "--bot", "dove", "--code", "ABCDEF"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            env=os.environ,
        )
    finally:
        _stop(proc)
    assert re.search(r"Pakistan\s+played by bot:dove", text), text
    assert result.returncode == 1
    assert "does not belong to this game" in result.stderr


def test_serve_takes_a_card_by_id_like_play(tmp_path):
    proc, url, codes, _text = _start_server(tmp_path, "tutorial", "--seat", "pakistan=human")
    try:
        assert set(codes) == {"India", "Pakistan", "Facilitator"}
        assert url.startswith("ws://127.0.0.1:")
    finally:
        _stop(proc)


def test_serve_names_a_card_it_cannot_find(tmp_path):
    result = subprocess.run(
        [*WARGAME, "serve", "no-such-card", "--port", "0", "--saves", str(tmp_path / "saves")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "no-such-card:1:1: no such file (and no card with that id; see `wargame list`)"


def test_serve_resume_of_a_finished_game_says_it_is_over_and_serves_nothing(tmp_path):
    headless = ["play", "tutorial", "--headless", "--seat", "india=bot:dove", "--seed", "4"]
    played = subprocess.run(
        [*WARGAME, *headless, "--saves", str(tmp_path / "played")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert played.returncode == 0, played.stderr
    save = re.search(r"saved: (\S+)", played.stdout)
    assert save, played.stdout
    result = subprocess.run(
        [*WARGAME, "serve", "--resume", save.group(1), "--port", "0", "--saves", str(tmp_path / "saves")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "is over (5 turn(s) played): there is nothing left to serve" in result.stderr
    assert f"wargame report {save.group(1)}" in result.stderr
    assert f"wargame replay {save.group(1)}" in result.stderr
    assert "Serving on" not in result.stdout


def test_a_bot_client_says_when_the_server_drops_and_exits_when_a_restarted_server_refuses_its_code(tmp_path):
    proc, url, codes, _text = _start_server(tmp_path, "scenarios/tutorial.yaml", "--seat", "pakistan=human")
    bot = subprocess.Popen(
        [*WARGAME, "join", url, "--bot", "dove", "--code", codes["Pakistan"]],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    second = None
    try:
        assert bot.stdout is not None
        assert "joined Tutorial: a border incident as pakistan, playing dove" in bot.stdout.readline()
        saved = re.search(r"Continue with: wargame serve --resume (\S+)", _stop(proc))
        assert saved
        assert "disconnected from the server: trying to reconnect" in bot.stdout.readline()
        port = url.rsplit(":", 1)[1]
        second = subprocess.Popen(  # the game resumed on the same port: new codes
            [*WARGAME, "serve", "--resume", saved.group(1), "--port", port, "--saves", str(tmp_path / "saves")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        out, err = bot.communicate(timeout=60)
    finally:
        if bot.poll() is None:
            bot.kill()
        if second is not None:
            _stop(second)
    assert bot.returncode == 1, (out, err)
    assert "The game may have been restarted with new codes: ask the facilitator and join again." in err
