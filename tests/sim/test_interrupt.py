"""Ctrl-C stops a batch cleanly: exit 130, no worker tracebacks, and the rows of every game
finished so far kept whole in the --rows and --turns files."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT
from tests.sim.test_rows import BALAKOT


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_keeps_whole_rows_and_exits_130(tmp_path: Path, jobs: str):
    rows, turns = tmp_path / "games.csv", tmp_path / "turns.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wargame",
            "simulate",
            BALAKOT,
            "-n",
            "1000000",
            "--jobs",
            jobs,
            "--force",
            "--rows",
            str(rows),
            "--turns",
            str(turns),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".games.csv.") and p.stat().st_size > 5000 for p in tmp_path.iterdir()):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no rows written"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the parent and every worker
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    finished = int(re.search(r"interrupted: (\d+) game\(s\) finished", err).group(1))
    assert 0 < finished < 1_000_000
    assert f"rows kept in {rows}, {turns}" in err
    games = pd.read_csv(rows)
    assert list(games["seed"]) == list(range(finished))
    per_turn = pd.read_json(turns, lines=True)
    assert len(per_turn) == games["end_turn"].sum()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


WARGAME_SIMULATE = [sys.executable, "-m", "wargame", "simulate", BALAKOT]


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_a_killed_worker_is_a_clear_error_and_keeps_the_rows(tmp_path: Path):
    rows = tmp_path / "games.csv"
    proc = subprocess.Popen(
        [*WARGAME_SIMULATE, "-n", "1000000", "--jobs", "2", "--force", "--rows", str(rows)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".games.csv.") and p.stat().st_size > 5000 for p in tmp_path.iterdir()):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no rows written"
        time.sleep(0.2)
    workers = _children(proc.pid)
    assert workers
    os.kill(workers[0], signal.SIGKILL)  # as the kernel's out-of-memory killer would
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    found = re.search(r"error: a worker process ended unexpectedly \(killed, or out of memory\): (\d+) game", err)
    assert found is not None, err
    finished = int(found.group(1))
    assert f"rows kept in {rows}" in err
    games = pd.read_csv(rows)
    assert list(games["seed"]) == list(range(finished)) and finished > 0
    assert not [p for p in _children(proc.pid)]  # no worker left behind


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_an_error_while_taking_a_chunk_in_ends_the_workers():
    """Not only Ctrl-C: an error raised while a finished chunk is taken in (a full disk writing its
    rows, say) ends the batch's workers too, at once (found by the review of the worker pool)."""
    from wargame.sim.runner import simulate

    before = set(_children(os.getpid()))

    def full_disk(games: int) -> None:
        raise OSError(28, "No space left on device")

    seats = {t: "bot:historical" for t in ("india", "pakistan", "china", "usa")}
    with pytest.raises(OSError, match="No space left"):
        simulate(Path(BALAKOT), 400, 0, seats, jobs=2, progress=full_disk)
    assert set(_children(os.getpid())) <= before  # while the error is still held
