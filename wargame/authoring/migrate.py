"""`wargame migrate FILE…`: rewrite rungs referred to by number as rungs referred to by id.

Only the characters of each number change (comments, quoting and layout stay as written):
`rung_to: 7` → `rung_to: cross_border_strike`, `start_rung: 8` → `start_rung: retaliatory_strike_air_combat`,
and in expressions `rung >= 7` → `rung >= rungs.cross_border_strike` (also `peak_rung`, and `7 <= rung`).
A comparison the rewrite cannot see (`rung + 1 >= 8`) is left alone; `wargame validate` still warns about it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wargame.scenario import yamlsafe

_OP = r"(?:<=|>=|==|!=|<|>)"
_AFTER = re.compile(rf"(?<![\w.])(?:rung|peak_rung)\s*{_OP}\s*(\d+)(?![\w.])")
_BEFORE = re.compile(rf"(?<![\w.])(\d+)\s*{_OP}\s*(?:rung|peak_rung)(?![\w.])")


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str
    line: int
    col: int


def _walk(node: Node, key: str | None = None):
    yield node, key
    if isinstance(node, MappingNode):
        for k, v in node.value:
            yield from _walk(v, k.value if isinstance(k, ScalarNode) else None)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _walk(item, None)


def plan(text: str, rungs: list[str]) -> list[Edit]:
    """Every rewrite of a numbered rung in `text`, given the ladder's rung ids in order."""
    root = yaml.compose(text, Loader=yamlsafe.Loader)
    edits: list[Edit] = []
    if root is None:
        return edits
    for node, key in _walk(root):
        if not isinstance(node, ScalarNode):
            continue
        start, end = node.start_mark.index, node.end_mark.index
        if key in ("rung_to", "start_rung") and node.tag.endswith(":int") and node.value.isdigit():
            n = int(node.value)
            if 0 <= n < len(rungs):
                edits.append(Edit(start, end, rungs[n], node.start_mark.line + 1, node.start_mark.column + 1))
            continue
        if node.tag.endswith(":str"):
            span = text[start:end]
            for pattern in (_AFTER, _BEFORE):
                for m in pattern.finditer(span):
                    n = int(m.group(1))
                    if 0 <= n < len(rungs):
                        at = start + m.start(1)
                        line = text.count("\n", 0, at) + 1
                        col = at - (text.rfind("\n", 0, at) + 1) + 1
                        edits.append(Edit(at, at + len(m.group(1)), f"rungs.{rungs[n]}", line, col))
    return sorted(edits, key=lambda e: e.start)


def apply(text: str, edits: list[Edit]) -> str:
    out = text
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        out = out[: e.start] + e.text + out[e.end :]
    return out


def ladder_of(path: Path) -> list[str]:
    """The rung ids a card or rulebook refers to (a card's come from its rulebook, `extends` followed)."""
    from wargame.scenario.loader import load_any

    return [r.id for r in load_any(path).rules.ladder.rungs]
