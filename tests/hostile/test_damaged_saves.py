"""Damaged saves are reported, never crash: each shape an attacker or a broken disk produced
(issue 13, defect 6) is exit 1 with what is wrong and where, through every command that reads a
save, and the session's resume; a facilitator's adjustment replays exactly (defect 11)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.hostile.helpers import no_traceback, wargame
from wargame.engine.errors import IllegalOrder
from wargame.engine.game import Game
from wargame.engine.state import Order
from wargame.persistence.errors import SaveError
from wargame.persistence.saves import open_save, replay, to_save, write_save
from wargame.scenario.loader import load_scenario
from wargame.session.errors import ResumeError
from wargame.session.session import PlaySession

SEATS = {"india": "human", "pakistan": "bot:dove"}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, Any]:
    """A tutorial game with an adjustment and a played turn, saved by the engine."""
    folder = tmp_path_factory.mktemp("good")
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    game = Game.new(scenario, 5)
    game.adjust("india.narrative", 1, "a whole number on a decimal variable")
    game.submit("india", [Order(game.legal_moves("india")[0])])
    game.adjudicate()
    path = write_save(folder / "good.json", to_save(game, scenario, SEATS, "tutorial-good", True))
    return json.loads(path.read_text(encoding="utf-8"))


def _set(*keys: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        for k in keys[:-1]:
            d = d[k]
        d[keys[-1]] = value

    return edit


SHAPES: dict[str, tuple[Callable[[dict[str, Any]], None] | None, str]] = {
    "orders as a list": (_set("turns", 0, "orders", value=["x"]), "turns.0.orders"),
    "answers as a string": (_set("turns", 0, "answers", value="accept"), "turns.0.answers"),
    "an answer that is no answer": (_set("turns", 0, "answers", value={"india": {"o": "maybe"}}), "turns.0.answers"),
    "a log of plain numbers": (_set("snapshot", "log", value=[1, 2, 3]), "snapshot.log.0"),
    "variables as a string": (_set("snapshot", "vars", value="x"), "snapshot.vars"),
    "an infinite before_turn": (
        _set("decisions", value=[{"verb": "undo", "before_turn": 1e400, "undone_turn": 1}]),
        "before_turn",
    ),
    "an adjustment to infinity": (
        _set("decisions", value=[{"verb": "adjust", "before_turn": 1, "name": "rung", "value": "inf"}]),
        "value",
    ),
    "an unknown decision": (_set("decisions", value=[{"verb": "explode"}]), "decisions.0"),
    "an unknown bot policy": (_set("seats", "pakistan", value="bot:nonsense"), "unknown seat"),
    "a ruling without a reason": (
        _set("turns", 0, "overrides", value={"india/x": {"success": True}}),
        "reason",
    ),
    "a seed of 5,000 digits": (None, "5000"),
    "JSON nested 100,000 deep": (None, "nested too deeply"),
    "1.7 M undo notes": (
        _set("decisions", value=[{"verb": "undo", "before_turn": 1, "undone_turn": 1}] * 20_000),
        "at most 10000",
    ),
    "a version-1 save with orders as a number": (None, "cannot upgrade"),
    "a version-1 save with orders as lists": (None, "cannot upgrade"),
}


def damaged(good: dict[str, Any], shape: str, folder: Path) -> Path:
    edit, _ = SHAPES[shape]
    path = folder / "damaged.json"
    if shape == "a seed of 5,000 digits":
        text = json.dumps(good).replace('"seed": 5', '"seed": ' + "9" * 5000, 1)
        assert "9" * 5000 in text
    elif shape == "JSON nested 100,000 deep":
        text = '{"format": "wargame-save", "version": 3, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    elif shape.startswith("a version-1 save"):
        orders = 5 if "number" in shape else [["revoke_mfn"]]
        text = json.dumps(
            {
                "format": "wargame-save",
                "version": 1,
                "scenario": {"id": "tutorial", "hash": "0"},
                "seed": 1,
                "orders": orders,
            }
        )
    else:
        data = copy.deepcopy(good)
        assert edit is not None
        edit(data)
        text = json.dumps(data)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_damaged_save_is_reported_where_it_is_wrong(good, shape, tmp_path):
    path = damaged(good, shape, tmp_path)
    before = path.read_bytes()
    where = SHAPES[shape][1]
    with pytest.raises(SaveError, match=r"damaged save|cannot upgrade") as caught:
        open_save(path)
    assert where in str(caught.value)
    with pytest.raises(SaveError):
        replay(path)
    with pytest.raises(ResumeError):
        PlaySession.resume(path, saves=tmp_path / "saves")
    assert path.read_bytes() == before


@pytest.mark.parametrize("shape", ["orders as a list", "a log of plain numbers", "JSON nested 100,000 deep"])
@pytest.mark.parametrize("command", [["replay"], ["report"], ["play", "--headless", "--resume"]])
def test_every_command_reports_a_damaged_save(good, shape, command, tmp_path):
    path = damaged(good, shape, tmp_path)
    extra = ["--saves", str(tmp_path / "saves")] if command[0] == "play" else []
    result = wargame(*command, str(path), *extra)
    assert result.returncode == 1, result.stdout + result.stderr
    no_traceback(result)
    assert str(path.name) in result.stderr


def test_a_whole_number_adjustment_replays_exactly(good, tmp_path):
    path = tmp_path / "good.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    _, result = replay(path)
    assert result.identical
    assert open_save(path).notice is None


def test_an_adjustment_must_be_a_finite_number():
    game = Game.new(load_scenario(ROOT / "scenarios" / "tutorial.yaml"), 1)
    for bad in (float("inf"), float("nan"), "1", True):
        with pytest.raises(IllegalOrder, match="finite number"):
            game.adjust("rung", bad, "x")  # type: ignore[arg-type]
