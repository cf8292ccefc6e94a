"""JSON Schemas of cards and rulebooks, generated from the models (`wargame schema`).

Editors read them through the `# yaml-language-server: $schema=schema.json` modeline at the
top of each file. The committed copies are checked for drift by `wargame schema --check`
and by the test suite.
"""

from __future__ import annotations

import ast
import inspect
import json
from functools import cache
from pathlib import Path
from typing import Any

from wargame.scenario import models
from wargame.scenario.models import Rulebook, Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@cache
def attribute_docs() -> dict[str, dict[str, str]]:
    """`{class: {field: docstring}}` read from the string literal under each field of models.py."""
    tree = ast.parse(Path(models.__file__).read_text(encoding="utf-8"))
    docs: dict[str, dict[str, str]] = {}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        fields: dict[str, str] = {}
        for stmt, following in zip(cls.body, cls.body[1:], strict=False):
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                fields[stmt.target.id] = inspect.cleandoc(following.value.value)
        docs[cls.name] = fields
    return docs


def _describe(schema: dict[str, Any], cls_name: str) -> None:
    for field, text in attribute_docs().get(cls_name, {}).items():
        prop = schema.get("properties", {}).get(field)
        if prop is not None:
            prop["description"] = text


def schema_for(model: type[Scenario] | type[Rulebook], name: str) -> dict[str, Any]:
    body = model.model_json_schema()
    _describe(body, model.__name__)
    for def_name, definition in body.get("$defs", {}).items():
        _describe(definition, def_name)
    if model is Rulebook:  # an extending rulebook lists only what it adds: the rest is inherited
        own = ["kind", "schema_version", "id", "title", "version"]
        body["if"] = {"required": ["extends"], "properties": {"extends": {"type": "string"}}}
        body["then"] = {"required": own}
        body["else"] = {"required": body.pop("required", own)}
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
