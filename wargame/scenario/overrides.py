"""`--set PATH=VALUE`: override one numeric parameter of a card or its rulebook for a run,
validated exactly as the files are (the pydantic models, then the rulebook's and the card's
semantic checks).

A PATH names a field by its place in the YAML, with list entries picked by their `id`:

    adjudication.misperception_base              the rulebook's adjudication parameter
    mediators.usa.leverage.pakistan              a mediator's leverage over a principal
    mediation_styles.formulation.duration        a style's duration
    ladder.firebreaks.ground_war.hazard_jump
    card.parameters.misperception_base           a card-level override (created if absent)
    card.initial.pakistan.econ_stress            a starting value (keys with dots are found whole)

`rules.` or `card.` picks the file; without it the rulebook is searched first, then the card.
Only numbers may be set, and only where a number (or, under `card.parameters` and
`card.initial`, a new entry) is expected.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from pydantic import ValidationError

from wargame.scenario.card_checks import check_card
from wargame.scenario.loader import LoadedRulebook, LoadedScenario
from wargame.scenario.models import Rulebook, Scenario
from wargame.scenario.rulebook_checks import check_rulebook

OPEN_MAPS = {("parameters",), ("initial",)}
"""Card mappings where `--set` may add an entry the file does not have."""


class SettingError(ValueError):
    """A `--set`/`--sweep` that cannot be applied; the message says why."""


def parse_value(text: str, spec: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SettingError(f"{spec}: '{text}' is not a number") from None
    if not math.isfinite(value):
        raise SettingError(f"{spec}: '{text}' is not a finite number")
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


def parse_setting(spec: str) -> tuple[str, float]:
    """`PATH=VALUE` → (PATH, number)."""
    path, eq, value = spec.partition("=")
    if not eq or not path.strip() or not value.strip():
        raise SettingError(f"{spec}: expected PATH=VALUE, e.g. adjudication.misperception_base=0.3")
    return path.strip(), parse_value(value.strip(), spec)


def parse_sweep(spec: str) -> tuple[str, list[float]]:
    """`PATH=V1,V2,…` → (PATH, [numbers])."""
    path, eq, values = spec.partition("=")
    items = [v.strip() for v in values.split(",") if v.strip()]
    if not eq or not path.strip() or not items:
        raise SettingError(f"{spec}: expected PATH=V1,V2,…, e.g. mediators.usa.leverage.pakistan=0.2,0.5,0.8")
    return path.strip(), [parse_value(v, spec) for v in items]


def _step(node: Any, parts: list[str], i: int) -> tuple[Any, Any, int] | None:
    """The child of `node` named by parts[i:] (a dict key may span several dotted parts):
    (container, key, next index), or None if there is none."""
    if isinstance(node, dict):
        for j in range(len(parts), i, -1):
            key = ".".join(parts[i:j])
            if key in node:
                return node, key, j
        return None
    if isinstance(node, list):
        for k, item in enumerate(node):
            if isinstance(item, dict) and item.get("id") == parts[i]:
                return node, k, i + 1
        if parts[i].isdigit() and int(parts[i]) < len(node):
            return node, int(parts[i]), i + 1
    return None


def _assign(data: dict[str, Any], parts: list[str], value: float, shown: str) -> bool:
    """Set the number at `parts` in `data`; False if the path is not there."""
    node: Any = data
    i = 0
    trail: tuple[str, ...] = ()
    while i < len(parts):
        if isinstance(node, dict) and trail in OPEN_MAPS and ".".join(parts[i:]) not in node:
            node[".".join(parts[i:])] = value
            return True
        found = _step(node, parts, i)
        if found is None:
            return False
        container, key, i = found
        if i == len(parts):
            old = container[key]
            if isinstance(old, bool) or not isinstance(old, int | float):
                what = type(old).__name__ if not isinstance(old, dict | list) else "a section"
                raise SettingError(f"{shown}: is not a number in the file (it is {what}); only numbers can be set")
            container[key] = value
            return True
        node = container[key]
        trail = (*trail, str(key))
    return False


def _validation_message(shown: str, exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{shown}: {where}: {first['msg']}"


def apply_settings(scenario: LoadedScenario, settings: tuple[tuple[str, float], ...]) -> LoadedScenario:
    """The scenario with every setting applied, checked like the files; SettingError if one is refused."""
    rules_data = scenario.rules.model_dump(mode="python")
    card_data = scenario.card.model_dump(mode="python")
    touched_rules = False
    for path, value in settings:
        shown = f"{path}={value}"
        parts = path.split(".")
        if parts[0] == "rules":
            targets = [("rules", rules_data, parts[1:])]
        elif parts[0] == "card":
            targets = [("card", card_data, parts[1:])]
        else:
            targets = [("rules", rules_data, parts), ("card", card_data, parts)]
        for which, data, rest in targets:
            if rest and _assign(data, rest, value, shown):
                touched_rules |= which == "rules"
                break
        else:
            raise SettingError(f"{shown}: no such parameter in the card or its rulebook")
    rulebook = scenario.rulebook
    try:
        if touched_rules:
            rules = Rulebook.model_validate(rules_data)
            checked = check_rulebook(rules)
            _raise_issues(checked, settings)
            rulebook = LoadedRulebook(rules, rulebook.path, rulebook.digest, checked.expressions, rulebook.warnings)
        card = Scenario.model_validate(card_data)
    except ValidationError as exc:
        raise SettingError(_validation_message(", ".join(f"{p}={v}" for p, v in settings), exc)) from None
    checked_card = check_card(card, rulebook.rules)
    _raise_issues(checked_card, settings)
    return dataclasses.replace(
        scenario,
        card=card,
        rulebook=rulebook,
        expressions={**rulebook.expressions, **checked_card.expressions},
    )


def _raise_issues(checked: Any, settings: tuple[tuple[str, float], ...]) -> None:
    errors = [i for i in checked.issues if i.severity == "error"]
    if errors:
        shown = ", ".join(f"{p}={v}" for p, v in settings)
        first = errors[0]
        raise SettingError(f"{shown}: {'.'.join(str(p) for p in first.loc)}: {first.message}")
