"""The network load test runs as its command does: a short run in both client layouts (a process
per team, and all clients in one process) loses and doubles no submission and reports both."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_a_short_load_test_in_both_layouts(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "benchmarks" / "bench_network.py"),
            "--turns",
            "8",
            "--disconnect",
            "0.1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "== clients: one-process" in out and "== clients: per-team" in out
    assert out.count("lost submissions: 0  doubled: 0") == 2
    assert out.count("turns adjudicated: 8") == 2
    assert "last connected client has the debrief" in out
