"""Process start to the first frame on a real terminal, through the real entry point:
`wargame play scenarios/balakot-2019.yaml` (setup screen) and `wargame` (home), each against a
trivial Textual app measured in the same run (alternating, pairwise ratio).

Run:  python tests/benchmarks/bench_startup.py [-n 15]

Every command runs in a pseudo-terminal (120×40, TERM=xterm-256color), exactly as a user starts it:
the `wargame` console script goes through `cli.main`, and the UI runs its normal (not headless)
driver. The time is from just before the process is spawned to the moment a text that only the
first frame shows arrives on the terminal (Textual writes a frame in one piece); the process is
then killed. DESIGN.md §9 targets: play ≤ 1.5×, home ≤ 1.3× the trivial app.

Byte-code: an installed package has its `.pyc` files (pip compiles them), so the children run
with `.pyc` caching on even where `PYTHONDONTWRITEBYTECODE` is set, in a cache folder outside the
checkout (`PYTHONPYCACHEPREFIX`); `--no-pyc` measures with caching off, as the environment says.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

from alternate import alternate  # beside this script

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

TRIVIAL = """
from textual.app import App
from textual.widgets import Static
class Trivial(App):
    def compose(self):
        yield Static("hello from a trivial app")
Trivial().run()
"""


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process so far (a shared machine slows wall time, not this)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def first_frame(
    cmd: list[str], marker: bytes, env: dict[str, str], cwd: Path, timeout: float = 20.0
) -> tuple[float, float]:
    """(wall seconds from spawn to `marker` on the terminal, CPU seconds the process used by then)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while marker not in seen:
            ready, _, _ = select.select([master], [], [], max(0.0, start + timeout - time.perf_counter()))
            if not ready:
                raise TimeoutError(f"{' '.join(cmd)}: no first frame in {timeout}s; output: {seen[-400:]!r}")
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the terminal closed: the process ended
                raise RuntimeError(f"{' '.join(cmd)} ended before its first frame: {seen[-400:]!r}") from None
            seen = seen[-4096:] + chunk
        wall = time.perf_counter() - start
        return wall, cpu_seconds(proc.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=15, help="measured runs of each pair")
    parser.add_argument("--only", choices=("play", "home"), help="measure one of the two")
    parser.add_argument("--no-pyc", action="store_true", help="keep PYTHONDONTWRITEBYTECODE as the environment has it")
    args = parser.parse_args()
    script = BIN / "wargame"
    if not script.exists():
        sys.exit(f"{script} not found: run `pip install -e .` in this environment first")
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    env.pop("TEXTUAL", None)
    if not args.no_pyc:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / "wargame-bench-pycache")
    env["WARGAME_SAVES"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / "wargame-bench-saves")

    def trivial() -> tuple[float, float]:
        return first_frame([sys.executable, "-c", TRIVIAL], b"hello from a trivial app", env, ROOT)

    def play() -> tuple[float, float]:
        return first_frame([str(script), "play", "scenarios/balakot-2019.yaml"], b"February 2019", env, ROOT)

    def home() -> tuple[float, float]:
        return first_frame([str(script)], b"Pulwama", env, ROOT)

    pyc = "off (PYTHONDONTWRITEBYTECODE)" if env.get("PYTHONDONTWRITEBYTECODE") else "cached (PYTHONPYCACHEPREFIX)"
    print(f"python {sys.version.split()[0]}, n={args.n} alternating pairs, pseudo-terminal 120x40, .pyc files {pyc}")
    for key, name, target, goal in (
        ("play", "wargame play balakot-2019.yaml", play, 1.5),
        ("home", "wargame (home)", home, 1.3),
    ):
        if args.only in (None, key):
            report(name, trivial, target, goal, args.n)


def report(name: str, baseline: Callable, target: Callable, goal: float, n: int) -> None:
    cpu: dict[str, list[float]] = {"trivial": [], "target": []}

    def timed(which: str, fn: Callable) -> Callable[[], float]:
        def run() -> float:
            wall, used = fn()
            cpu[which].append(used)
            return wall

        return run

    a, b, ratio = alternate(timed("trivial", baseline), timed("target", target), n)
    ca, cb = cpu["trivial"][-n:], cpu["target"][-n:]
    cpu_ratio = statistics.median(y / x for x, y in zip(ca, cb, strict=True) if x > 0)
    med = statistics.median
    print(
        f"  trivial Textual app             wall median {med(a) * 1e3:6.1f} ms (min {min(a) * 1e3:6.1f})"
        f"   cpu median {med(ca) * 1e3:6.1f} ms"
    )
    print(
        f"  {name:<31} wall median {med(b) * 1e3:6.1f} ms (min {min(b) * 1e3:6.1f})"
        f"   cpu median {med(cb) * 1e3:6.1f} ms"
    )
    print(f"  ratio (pairwise median): wall {ratio:.2f}x, cpu {cpu_ratio:.2f}x  (target <= {goal}x)")


if __name__ == "__main__":
    main()
