"""JSON Schemas of cards and rulebooks, generated from the models (`wargame schema`).

Editors read them through the `# yaml-language-server: $schema=schema.json` modeline at the
top of each file. The committed copies are checked for drift by `wargame schema --check`
and by the test suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wargame.scenario.models import Rulebook, Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(model: type[Scenario] | type[Rulebook], name: str) -> dict[str, Any]:
    body = model.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, "$id": f"https://wargame.invalid/schema/{name}", **body}


def render(model: type[Scenario] | type[Rulebook], name: str) -> str:
    return json.dumps(schema_for(model, name), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def targets(root: Path) -> dict[Path, str]:
    """Where each schema lives, and its expected text."""
    return {
        root / "scenarios" / "schema.json": render(Scenario, "scenario.json"),
        root / "rules" / "schema.json": render(Rulebook, "rulebook.json"),
    }


def stale(root: Path) -> list[Path]:
    """Schema files that differ from what the models generate (or are missing)."""
    out = []
    for path, text in targets(root).items():
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            out.append(path)
    return out


def write(root: Path) -> list[Path]:
    written = []
    for path, text in targets(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
