"""Upgrades of older save versions to the current one, one step at a time.

Version 1 (wargame 0.0.x) stored `scenario` (id and hash) instead of `card`, each turn's
orders as plain lists of move ids, no mediation answers, choices or facilitator decisions,
and no snapshot; the game is rebuilt from the card, seed and orders when it is resumed.

Version 2 stored the inputs twice (top level and inside the snapshot) and each event's facts
in an untyped `data` dict; version 3 stores the inputs once and the facts as typed fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CURRENT = 3


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
        "upgraded_from": 1,
    }


_V2_EVENT_DATA = {
    "move": "move",
    "hazard": "hazard",
    "inject": "inject",
    "text": "body",
    "how": "cause",
    "why": "cause",
    "historical": "historical",
    "offer": "offer",
    "answer": "answer",
    "leverage": "leverage",
    "acceptance": "acceptance",
    "choice": "choice",
    "claim": "claim",
    "trigger": "trigger",
    "end": "end",
}
"""Format-2 event `data` keys → format-3 event fields (`from`/`to` depend on the kind)."""


def _v2_event(event: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in event.items() if k != "data"}
    for key, value in dict(event.get("data") or {}).items():
        if key in ("from", "to"):
            prefix = "rung" if event.get("kind") == "rung" else "state"
            out[f"{prefix}_{'before' if key == 'from' else 'after'}"] = value
        elif key in _V2_EVENT_DATA:
            out[_V2_EVENT_DATA[key]] = value
    return out


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["version"] = 3
    out.setdefault("upgraded_from", 2)
    snapshot = dict(out.get("snapshot") or {})
    snapshot.pop("inputs", None)
    snapshot.pop("decisions", None)
    if "log" in snapshot:
        snapshot["log"] = [_v2_event(e) for e in snapshot["log"]]
    out["snapshot"] = snapshot
    return out


STEPS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data["version"]
    while version < CURRENT:
        data = STEPS[version](data)
        version = data["version"]
    return data
