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
