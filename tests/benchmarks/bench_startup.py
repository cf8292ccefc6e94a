"""Process start to the first interactive frame of `wargame play scenarios/balakot-2019.yaml`,
against a trivial Textual app measured in the same run (alternating, pairwise ratio).

Run:  python tests/benchmarks/bench_startup.py [-n 15]

Both apps run headless; each prints the wall-clock time once its first frame is drawn, and
the figure is that time minus the moment just before the process was spawned. The wargame side does
what `wargame play CARD` does: imports the CLI and the UI and opens the setup screen for the
card (the full check of the card then runs in the background). DESIGN.md §9 target: ≤ 1.5× the trivial app.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from alternate import alternate  # beside this script

ROOT = Path(__file__).resolve().parents[2]

TRIVIAL = """
from textual.app import App
from textual.widgets import Static
class Trivial(App):
    def compose(self):
        yield Static("hello")
    def on_ready(self):
        self.call_after_refresh(self.frame)
    def frame(self):
        import time
        print(time.time(), flush=True)
        self.exit()
Trivial().run(headless=True, size=(120, 40))
"""

WARGAME = """
from pathlib import Path
import wargame.cli as cli
card = Path("scenarios/balakot-2019.yaml")
assert card.is_file()
from wargame.ui.app import WargameApp
class FirstFrame(WargameApp):
    def on_ready(self):
        self.call_after_refresh(self.frame)
    def frame(self):
        import time
        print(time.time(), flush=True)
        self.exit()
FirstFrame(Path("."), None, card=card).run(headless=True, size=(120, 40))
"""


def run(code: str) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=15)
    args = parser.parse_args()
    trivial, ours, ratio = alternate(lambda: run(TRIVIAL), lambda: run(WARGAME), args.n)
    med = statistics.median
    print(f"n={args.n} alternating runs, headless, first frame then exit")
    print(f"trivial Textual app:            median {med(trivial) * 1e3:6.1f} ms (min {min(trivial) * 1e3:.1f})")
    print(f"wargame play balakot-2019 card: median {med(ours) * 1e3:6.1f} ms (min {min(ours) * 1e3:.1f})")
    print(f"ratio (pairwise median): {ratio:.2f}x  (target <= 1.5x)")


if __name__ == "__main__":
    main()
