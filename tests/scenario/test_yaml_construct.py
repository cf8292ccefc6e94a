"""`yamlsafe.construct` builds the same data as PyYAML's safe constructor, or fails as it fails: the
direct route for plain trees, and the hand-over to the safe constructor for aliases, merge keys, odd
tags and values it refuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from wargame.scenario import yamlsafe

SHIPPED = sorted([*ROOT.glob("rules/*.yaml"), *ROOT.glob("scenarios/*.yaml")])

TEXTS = {
    "scalars": (
        "a: text\nb: 'quoted'\nc: 12\nd: -0x1F\ne: 0o17\nf: 1_000\ng: 2.5\nh: -.5e3\ni: true\nj: off\nk: ~\n"
        "l: null\nm: 2019-02-14\nn: 2019-02-14T10:20:30Z\no: 2019-02-14 10:20:30.5 +05:30\np: ''\nq: |\n  x\n"
    ),
    "keys that are not text": "1: one\ntrue: yes\n~: nothing\n2019-01-01: day\n1.5: x\n",
    "nested": "a:\n  - b: [1, 2, {c: d}]\n    e: []\n  - {}\n  - - x\n    - y\n",
    "equal keys written differently": "1: a\n01: b\n0x1: c\n",
    "an alias": "base: &b {x: 1, y: [1, 2]}\nother: *b\nlist: [*b, *b]\n",
    "a scalar alias": "a: &v 3\nb: *v\n",
    "a merge key": "base: &b {x: 1, y: 2}\nthis:\n  <<: *b\n  y: 3\n",
    "a merge list": "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n",
    "a quoted merge key is text": "'<<': 1\n",
    "a string tag on a mapping": "a: !!str {b: 1}\n",
    "a map tag on a scalar": "a: !!map ''\n",
    "a sequence tag on a mapping": "a: !!seq {b: 1}\n",
    "a map tag on a sequence": "a: !!map [1]\n",
    "explicit scalar tags": "a: !!str 12\nb: !!int '12'\nc: !!float '1'\nd: !!bool 'yes'\ne: !!null ''\n",
    "an impossible date": "a: 2019-02-30\n",
    "an impossible date and a later one": "a: [2019-13-01]\nb:\n  c: 2019-02-30\n",
    "a bad merge": "a:\n  <<: 5\n",
    "a recursive list": "a: &r [1, *r]\n",
}


def outcome(build: Any) -> tuple[str, Any]:
    try:
        return "data", build()
    except Exception as exc:  # the same exception, with the same message, at the same place
        return type(exc).__name__, str(exc)


def typed(value: Any) -> Any:
    """The value with every type spelled out (1 == 1.0 == True would hide a difference)."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) if v is not value else "self" for v in value])
    return (type(value).__name__, value)


def same_as_pyyaml(text: str) -> None:
    def tree() -> yaml.Node:  # a tree each: the safe constructor rewrites a mapping's merge keys in place
        return yaml.compose(text, Loader=yamlsafe.Loader)

    stock = outcome(lambda: yamlsafe.Loader("").construct_document(tree()))
    ours = outcome(lambda: yamlsafe.construct(tree()))
    assert ours[0] == stock[0]
    if ours[0] == "data":
        assert typed(ours[1]) == typed(stock[1])
    else:
        assert ours[1] == stock[1]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_files_build_as_pyyaml_builds_them(path: Path):
    same_as_pyyaml(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", TEXTS)
def test_every_kind_of_node_builds_or_fails_as_pyyaml(name: str):
    same_as_pyyaml(TEXTS[name])


def test_aliased_values_stay_one_object_as_pyyaml_keeps_them():
    root = yaml.compose(TEXTS["an alias"], Loader=yamlsafe.Loader)
    data = yamlsafe.construct(root)
    assert data["other"] is data["base"] and data["list"][0] is data["base"]


def test_parse_refuses_an_impossible_date_at_its_place():
    with pytest.raises(yamlsafe.ScenarioError) as err:
        yamlsafe.parse("card.yaml", "kind: scenario\nwhen: 2019-02-30\n")
    [found] = err.value.diagnostics
    assert "cannot read value '2019-02-30': day is out of range for month" in str(found)
    assert (found.line, found.col) == (2, 7)  # the date itself, not 1:1 (found by the review of the YAML builder)


def test_a_plain_card_is_built_without_the_safe_constructors_document_walk(monkeypatch: pytest.MonkeyPatch):
    root = yaml.compose((ROOT / "scenarios" / "balakot-2019.yaml").read_text(encoding="utf-8"), Loader=yamlsafe.Loader)

    def refuse(self: Any, node: yaml.Node) -> Any:
        raise AssertionError("the direct route handed a plain card over")

    monkeypatch.setattr(yamlsafe.Loader, "construct_document", refuse)
    assert yamlsafe.construct(root)["kind"] == "scenario"
