"""Behaviour fingerprints of every shipped card under every bot policy.

For each card × policy (every seat the same policy) × seeds 0…N−1, a whole bot game is
played and four digests are taken over it: the final state (variables, crisis state, end,
scores, objectives met, rung path, claims), the dice (the RNG's final state), the inputs
(every team's orders, answers and choices per turn) and the event log (turn, team, text,
visibility, explanation numbers). The `simulate` report of the same batch is kept too
(without its timing fields).

`tests/equivalence/golden.json` holds the fingerprints of the behaviour as last accepted.
A refactor must leave them unchanged; a deliberate change of behaviour regenerates them and
says why in the commit:

    python -m tests.equivalence.golden --check        # compare (exit 1 on a difference)
    python -m tests.equivalence.golden --write        # accept the current behaviour
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from wargame.scenario.vocabulary import POLICY_NAMES

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden.json")
SEEDS = 300
TIMING = ("games_per_second", "jobs", "cpus", "rates")
"""Left out of the kept `simulate` report: timings, and the event rates (derived from the same
event logs the `events` fingerprint already covers; kept out so the file stays small)."""


def _cards() -> list[Path]:
    return sorted((ROOT / "scenarios").glob("*.yaml"))


def _h(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:20]


def _project(game: Any) -> dict[str, Any]:
    """Format-independent projection of a finished game (public attributes only)."""
    from dataclasses import asdict, is_dataclass

    s = game.state
    final = {
        "vars": dict(sorted(s.vars.items())),
        "state": s.crisis_state,
        "end": s.end,
        "scores": s.scores,
        "met": s.met,
        "rung_path": s.rung_path,
        "claims": [(c.claim, c.turn) for c in s.claims],
    }
    dice = list(game.rng.getstate()[1])
    inputs = []
    for inp in s.inputs:
        inputs.append(
            {
                "orders": {t: [(o.move, o.authorise) for o in os] for t, os in sorted(inp.orders.items())},
                "answers": inp.answers,
                "choices": inp.choices,
            }
        )
    events = []
    for e in s.log:
        x = e.explanation
        xd = None
        if x is not None:
            xd = asdict(x) if is_dataclass(x) else dict(x)
            xd = {k: xd.get(k) for k in ("probability", "roll", "override")}
        events.append((e.turn, e.team, e.text, sorted(e.visible_to) if e.visible_to is not None else None, xd))
    return {"final": final, "dice": dice, "inputs": inputs, "events": events}


def fingerprint(seeds: int = SEEDS) -> dict[str, Any]:
    from wargame.scenario.loader import load_scenario
    from wargame.sim.runner import play_bots, simulate

    out: dict[str, Any] = {}
    for path in _cards():
        scenario = load_scenario(path)
        teams = [t.id for t in scenario.card.teams]
        for policy in POLICY_NAMES:
            seats = {t: f"bot:{policy}" for t in teams}
            digests = {k: hashlib.sha256() for k in ("final", "dice", "inputs", "events")}
            for seed in range(seeds):
                proj = _project(play_bots(scenario, seed, seats))
                for k, h in digests.items():
                    h.update(_h(proj[k]).encode())
            report = simulate(path, seeds, 0, seats, jobs=1)
            for k in TIMING:
                report.pop(k, None)
            out[f"{path.stem}/{policy}"] = {
                **{k: h.hexdigest()[:20] for k, h in digests.items()},
                "simulate": report,
            }
    return out


def compare(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    problems = []
    for key in sorted(set(expected) | set(got)):
        a, b = expected.get(key), got.get(key)
        if a is None or b is None:
            problems.append(f"{key}: present only in {'the golden file' if b is None else 'this run'}")
            continue
        for part in sorted(set(a) | set(b)):
            if a.get(part) != b.get(part):
                problems.append(f"{key}: {part} differs: golden {a.get(part)!r} ≠ now {b.get(part)!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="accept the current behaviour as golden")
    ap.add_argument("--check", action="store_true", help="compare with the golden file (default)")
    args = ap.parse_args(argv)
    got = fingerprint()
    if args.write:
        GOLDEN.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {GOLDEN} ({len(got)} card × policy fingerprints, {SEEDS} seeds each)")
        return 0
    problems = compare(json.loads(GOLDEN.read_text(encoding="utf-8")), got)
    for p in problems:
        print(p)
    print(f"{len(got)} card × policy fingerprints, {SEEDS} seeds each: {len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
