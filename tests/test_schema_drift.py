"""The committed JSON Schemas are exactly what the models generate."""

from __future__ import annotations

import json

from tests.conftest import ROOT
from wargame.scenario import schema


def test_committed_schemas_match_the_models():
    stale = schema.stale(ROOT)
    assert not stale, f"{[str(p) for p in stale]} out of date: run `wargame schema` and commit the result"


def test_schema_carries_field_docs_for_editors():
    card = json.loads((ROOT / "scenarios" / "schema.json").read_text())
    assert card["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert card["additionalProperties"] is False
    assert "One line shown in `wargame list`" in card["properties"]["summary"]["description"]
    inject = card["$defs"]["Inject"]["properties"]
    assert "first turn this condition holds" in inject["when"]["description"]
