"""Upgrades of older save versions to the current one, one step at a time.

Version 1 (wargame 0.0.x) stored `scenario` (id and hash) instead of `card`, each turn's
orders as plain lists of move ids, no mediation answers, choices or facilitator decisions,
and no snapshot; the game is rebuilt from the card, seed and orders when it is resumed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CURRENT = 2


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    scenario = data["scenario"]
    turns = []
    for turn in data.get("orders", []):
        turns.append(
            {
                "orders": {team: [{"move": m, "authorise": True} for m in moves] for team, moves in turn.items()},
                "answers": {},
                "choices": {},
                "overrides": {},
            }
        )
    return {
        "format": "wargame-save",
        "version": 2,
        "wargame": str(data.get("wargame", "0.0")),
        "saved_at": str(data.get("saved_at", "")),
        "game_id": str(data.get("game_id", f"{scenario['id']}-s{data['seed']}")),
        "card": {
            "id": scenario["id"],
            "version": str(scenario.get("version", "")),
            "path": scenario.get("path", f"scenarios/{scenario['id']}.yaml"),
            "content_hash": scenario["hash"],
        },
        "seed": int(data["seed"]),
        "seats": dict(data.get("seats", {})),
        "facilitator": False,
        "turns": turns,
        "decisions": [],
        "snapshot": {},
    }


STEPS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data["version"]
    while version < CURRENT:
        data = STEPS[version](data)
        version = data["version"]
    return data
