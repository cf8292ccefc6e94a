"""Minimal cards for rule tests: a two-party rulebook small enough to read in the test.

    game = minimal_game(tmp_path, moves=[move("strike", rung_to=3)], ladder=ladder(5, firebreak_at={3: "war"}))
    game.submit("blue", [Order("strike", authorise=True)])
    events = game.adjudicate()

Every field can be replaced by keyword; the result is written as YAML into `tmp_path` and
loaded by the real loader (so the card is also checked as a designer's card would be)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wargame.engine.game import Game
from wargame.scenario.loader import LoadedScenario, load_scenario


def move(move_id: str, actors: tuple[str, ...] = ("blue", "red"), **fields: Any) -> dict[str, Any]:
    """A catalogue move any principal may play (diplomatic, public, no effects unless given)."""
    return {
        "id": move_id,
        "name": move_id.replace("_", " ").title(),
        "category": "diplomatic",
        "actors": list(actors),
        "description": f"The {move_id} move.",
        **fields,
    }


def ladder(rungs: int = 6, firebreak_at: dict[int, str] | None = None, **firebreak: Any) -> dict[str, Any]:
    """`rungs` rungs; `firebreak_at` = {rung: firebreak id}, each firebreak with the given costs."""
    firebreak_at = firebreak_at or {}
    return {
        "rungs": [
            {
                "id": f"r{i}",
                "name": f"Rung {i}",
                "kahn": [i],
                **({"firebreak": firebreak_at[i]} if i in firebreak_at else {}),
            }
            for i in range(rungs)
        ],
        "firebreaks": [{"id": fb, "name": fb.replace("_", " ").title(), **firebreak} for fb in firebreak_at.values()],
    }


def _variable(var_id: str, default: float = 0.0, lo: float = 0.0, hi: float = 1.0, **more: Any) -> dict[str, Any]:
    return {"id": var_id, "name": var_id, "min": lo, "max": hi, "default": default, **more}


def rulebook(**overrides: Any) -> dict[str, Any]:
    """Two principals (blue, red), a three-state crisis and the variables the rules touch."""
    book: dict[str, Any] = {
        "kind": "rulebook",
        "schema_version": 1,
        "id": "mini",
        "title": "Minimal rules",
        "version": "1",
        "parties": [
            {"id": "blue", "name": "Blue", "role": "principal"},
            {"id": "red", "name": "Red", "role": "principal"},
        ],
        "ladder": ladder(),
        "states": [
            {"id": "calm", "name": "Calm"},
            {"id": "crisis", "name": "Crisis"},
            {"id": "war", "name": "War", "end": "war"},
            {"id": "timeout", "name": "Time ran out", "end": "timeout"},
        ],
        "initial_state": "calm",
        "timeout_state": "timeout",
        "transitions": [],
        "variables": {
            "world": [_variable("nuclear_alarm"), _variable("intl_attention")],
            "team": [
                _variable("domestic_pressure"),
                _variable("intl_standing", 0.5),
                _variable("public_commitment", 0, 0, 10, integer=True),
            ],
        },
        "moves": [move("hold_talks")],
        "adjudication": {"misperception_base": 0.0},
    }
    book.update(overrides)
    return book


def card(**overrides: Any) -> dict[str, Any]:
    """Both principals seated, three turns."""
    data: dict[str, Any] = {
        "kind": "scenario",
        "schema_version": 1,
        "id": "mini-card",
        "title": "Minimal card",
        "version": "1",
        "summary": "A minimal card for rule tests.",
        "rulebook": "mini",
        "teams": [{"id": "blue", "briefing": "Blue's view."}, {"id": "red", "briefing": "Red's view."}],
        "calendar": [{"date": f"2019-02-1{i}", "label": f"Day {i}"} for i in range(1, 4)],
    }
    data.update(overrides)
    return data


def minimal_scenario(
    tmp_path: Path, card_fields: dict[str, Any] | None = None, **rulebook_fields: Any
) -> LoadedScenario:
    (tmp_path / "rules").mkdir(exist_ok=True)
    (tmp_path / "scenarios").mkdir(exist_ok=True)
    (tmp_path / "rules" / "mini.yaml").write_text(yaml.safe_dump(rulebook(**rulebook_fields), sort_keys=False))
    path = tmp_path / "scenarios" / "mini-card.yaml"
    path.write_text(yaml.safe_dump(card(**(card_fields or {})), sort_keys=False))
    return load_scenario(path)


def minimal_game(
    tmp_path: Path, seed: int = 0, card_fields: dict[str, Any] | None = None, **rulebook_fields: Any
) -> Game:
    return Game.new(minimal_scenario(tmp_path, card_fields, **rulebook_fields), seed)


def variables(**extra: tuple[str, float, float, bool]) -> dict[str, Any]:
    """The minimal rulebook's variables plus `name=(scope, default, max, integer)` each."""
    book = rulebook()["variables"]
    for name, spec in extra.items():
        scope, default, hi, integer = spec
        book[scope].append({"id": name, "name": name, "min": 0, "max": hi, "default": default, "integer": integer})
    return book


def mediation_rules(leverage: float) -> dict[str, Any]:
    """A third party (green) whose mediator offers manipulation every turn with this leverage."""
    parties = [*rulebook()["parties"], {"id": "green", "name": "Green", "role": "third_party"}]
    book = variables(ceasefire=("world", 0, 1, True), accept_manipulation=("team", 0.9, 1, False))
    book["mediator"] = [
        {"id": "engaged", "name": "engaged", "min": 0, "max": 1, "default": 0, "integer": True},
        {"id": "activations", "name": "activations", "min": 0, "max": 50, "default": 0, "integer": True},
    ]
    return {
        "parties": parties,
        "variables": book,
        "mediation_styles": [
            {"id": "manipulation", "description": "Carrots and sticks.", "on_accept": {"ceasefire": 1}, "duration": 1}
        ],
        "mediators": [
            {
                "id": "green_med",
                "name": "Green",
                "styles": {"manipulation": 1.0},
                "leverage": {"blue": leverage, "red": leverage},
                "activation": {"probability": "1", "cooldown": 5},
                "offer": "Stop, or else.",
            }
        ],
    }
