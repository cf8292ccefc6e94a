"""A long Balakot game for benchmarks of resume and autosave at turn N (default 72).

`write_long_card(folder, turns)` writes `folder/scenarios/balakot-long.yaml` (the Balakot card with a
calendar of `turns` consecutive days) and `folder/rules/south-asia.yaml` (the shipped rulebook without
its transitions into terminal states, so a game runs to the end of the calendar), both checked by the
loader like any card. `play_long(scenario, seed)` plays it with historical bots and returns the game's
save inputs turn by turn."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def write_long_card(folder: Path, turns: int = 72) -> Path:
    rules = yaml.safe_load((ROOT / "rules" / "south-asia.yaml").read_text(encoding="utf-8"))
    terminal = {s["id"] for s in rules["states"] if s.get("end")}
    rules["transitions"] = [t for t in rules["transitions"] if t["dest"] not in terminal]
    card = yaml.safe_load((ROOT / "scenarios" / "balakot-2019.yaml").read_text(encoding="utf-8"))
    first = card["calendar"][0]["date"]
    card["id"] = "balakot-long"
    card["calendar"] = [{"date": first + dt.timedelta(days=i), "label": f"Day {i + 1}"} for i in range(turns)]
    card["historical_track"] = [e for e in card["historical_track"] if e["turn"] <= turns]
    (folder / "rules").mkdir(parents=True, exist_ok=True)
    (folder / "scenarios").mkdir(parents=True, exist_ok=True)
    (folder / "rules" / "south-asia.yaml").write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False))
    path = folder / "scenarios" / "balakot-long.yaml"
    path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False))
    return path
