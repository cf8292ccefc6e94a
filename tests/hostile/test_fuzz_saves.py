"""A seeded mutation fuzz of saves: 2,000 damaged variants of a real save (values of the wrong
type or size, keys dropped or added, bytes flipped or cut) through `open_save` and `replay`.
Any exception other than the project's own SaveError fails the test (issue 13)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from wargame.engine.game import Game
from wargame.engine.state import Order
from wargame.persistence.errors import SaveError
from wargame.persistence.saves import open_save, replay, to_save, write_save
from wargame.scenario.loader import load_scenario

CASES = 2000
ODD_VALUES: list[Any] = [
    None,
    True,
    -1,
    0,
    2**70,
    1e308,
    -0.0,
    "",
    "x" * 300,
    "\x1b]0;title\x07",
    [],
    {},
    [1, [2, [3]]],
    {"verb": "undo"},
    "inf",
    "NaN",
    "../../etc/passwd",
    "*",
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:6]):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(data: dict[str, Any], rng: random.Random) -> bytes:
    doc = json.loads(json.dumps(data))
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in _paths(doc) if p]
        path = rng.choice(paths)
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        what = rng.random()
        if what < 0.5:
            parent[last] = rng.choice(ODD_VALUES)
        elif what < 0.7 and isinstance(parent, dict):
            del parent[last]
        elif what < 0.85 and isinstance(parent, dict):
            parent[rng.choice(["extra", "verb", "seed", "__class__"])] = rng.choice(ODD_VALUES)
        elif isinstance(parent[last], list | dict) and parent[last]:
            parent[last] = type(parent[last])()  # emptied
    raw = bytearray(json.dumps(doc).encode("utf-8"))
    if rng.random() < 0.15 and raw:
        cut = rng.randrange(len(raw))
        raw = raw[:cut] if rng.random() < 0.5 else raw[:cut] + bytes([rng.randrange(256)]) + raw[cut + 1 :]
    return bytes(raw)


def test_two_thousand_damaged_saves_never_crash(tmp_path: Path):
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    game = Game.new(scenario, 9)
    game.adjust("rung", 2, "fuzz")
    game.submit("india", [Order(game.legal_moves("india")[0])])
    game.adjudicate()
    good = write_save(tmp_path / "good.json", to_save(game, scenario, {"india": "human", "pakistan": "bot:dove"}, "g"))
    data = json.loads(good.read_text(encoding="utf-8"))
    rng = random.Random(1913)
    outcomes = {"refused": 0, "opened": 0}
    path = tmp_path / "damaged.json"
    for case in range(CASES):
        path.write_bytes(_mutate(data, rng))
        for read in (open_save, replay):
            try:
                read(path)
                outcomes["opened"] += 1
            except SaveError:
                outcomes["refused"] += 1
            except Exception as exc:  # pragma: no cover - the failure report
                raise AssertionError(
                    f"case {case} ({read.__name__}): {type(exc).__name__}: {exc}\n{path.read_text(errors='replace')[:2000]}"
                ) from exc
    assert outcomes["refused"] > CASES  # most damage is caught; the rest still opens cleanly
