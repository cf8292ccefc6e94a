"""Scripted orders for human seats (`wargame play --headless --orders FILE`).

The file maps turn numbers to teams; a team's entry is a list of move ids (or
`{move: id, authorise: true}` to cross a firebreak), or a mapping with `orders`, `answers`
(offer id or mediator id → accept | reject | counter) and `choices` (inject id → choice id):

    1:
      india: [revoke_mfn, recall_high_commissioner]
    5:
      india:
        orders: [{move: precision_strike_camp, authorise: true}]
        answers: {saudi_arabia: reject}

Read with the same safe YAML loader as cards; problems are reported as FILE:LINE:COL. `check_orders`
then checks the script against the card and the seating: an unknown team, a team seated as a bot, an
unknown move, an answer to no mediator or offer, or a choice of an unknown inject is an error with a
"did you mean" (the designer's script would otherwise do nothing, silently). The full format is in
docs/authoring.md ("Orders files").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from wargame.files.read import FileRefused, read_bytes
from wargame.scenario import yamlsafe
from wargame.scenario.diagnostics import Diagnostic, ScenarioError
from wargame.scenario.loader import LoadedScenario, display_path
from wargame.scenario.validation import validate


class OrderSpec(BaseModel):
    """A move id, or `{move: id, authorise: true}`."""

    model_config = ConfigDict(extra="forbid")
    move: str
    authorise: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, data: object) -> object:
        return {"move": data} if isinstance(data, str) else data


class TeamTurn(BaseModel):
    """A list of orders, or a mapping with orders, answers and choices."""

    model_config = ConfigDict(extra="forbid")
    orders: list[OrderSpec] = []
    answers: dict[str, Literal["accept", "reject", "counter"]] = {}
    choices: dict[str, str] = {}

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, data: object) -> object:
        return {"orders": data} if isinstance(data, list) else data


class OrdersFile(RootModel[dict[Annotated[int, Field(ge=1)], dict[str, TeamTurn]]]):
    """turn → team → orders."""


Script = dict[int, dict[str, TeamTurn]]
OFFER_ID = re.compile(r"^t(\d+)-([a-z][a-z0-9_]*)-(facilitation|formulation|manipulation)$")


def load_orders(path: Path) -> Script:
    return read_orders(path)[0]


def read_orders(path: Path) -> tuple[Script, yamlsafe.Document]:
    """The script and its parsed document (to place `check_orders` findings)."""
    shown = display_path(path)
    try:
        raw = read_bytes(path, yamlsafe.MAX_BYTES)
    except FileRefused as exc:
        raise ScenarioError([Diagnostic(shown, exc.line, exc.col, "", f"orders file {exc.reason}")]) from None
    doc = yamlsafe.parse(shown, yamlsafe.read_text(shown, raw))
    misplaced = _not_turns(doc)
    if misplaced:
        raise ScenarioError(misplaced)
    model, diags = validate(doc, OrdersFile)
    if model is None:
        raise ScenarioError(diags)
    return model.root, doc


def _not_turns(doc: yamlsafe.Document) -> list[Diagnostic]:
    """Top-level keys that are not turn numbers (a team written at the top level is the usual slip):
    one clear line each, rather than the validator's guesses at what the key might have been."""
    if not isinstance(doc.data, dict):
        return []
    out = []
    for key in doc.data:
        if type(key) is int:
            continue
        node = yamlsafe.key_node_at(doc.root, (key,))
        out.append(
            Diagnostic(
                doc.file,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "",
                f"'{key}' is not a turn number: an orders file maps turns (1, 2, …) to teams, "
                f"e.g. `1:` then `  {key}: [MOVE, …]`",
            )
        )
    return out


def _hint(value: str, known: Iterable[str]) -> str:
    known = sorted(set(known))
    close = difflib.get_close_matches(value, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(known) or '(none)'}"


def check_orders(
    doc: yamlsafe.Document, script: Script, scenario: LoadedScenario, seats: Mapping[str, str]
) -> list[Diagnostic]:
    """Every problem of a script against the card and its seating (see the module's note)."""
    card, rb = scenario.card, scenario.rules
    out: list[Diagnostic] = []

    def at(loc: tuple[object, ...], message: str, key: bool = False, severity: str = "error") -> None:
        if key:
            node = yamlsafe.key_node_at(doc.root, loc)
        else:
            node, _ = yamlsafe.node_at(doc.root, loc)
        out.append(
            Diagnostic(doc.file, node.start_mark.line + 1, node.start_mark.column + 1, "", message, severity)  # type: ignore[arg-type]
        )

    teams = [t.id for t in card.teams]
    allowed = [m.id for m in rb.moves if not card.moves or m.id in card.moves]
    mediators = [m.id for m in rb.mediators]
    choices = {i.id: [c.id for c in i.choices] for i in card.injects if i.choices}
    n_turns = len(card.calendar)
    for turn, entries in script.items():
        if turn > n_turns:
            at((turn,), f"turn {turn} is past the card's {n_turns} turns", key=True, severity="warning")
        for team, entry in entries.items():
            if team not in teams:
                at((turn, team), f"no team '{team}' on this card{_hint(team, teams)}", key=True)
                continue
            if seats.get(team, "human") != "human":
                at(
                    (turn, team),
                    f"'{team}' is seated {seats[team]}, so these orders would be ignored; seat it with "
                    f"--seat {team}=human, or remove them",
                    key=True,
                )
                continue
            own = [m for m in allowed if any(mv.id == m and team in mv.actors for mv in rb.moves)]
            listed = isinstance(doc.data.get(turn, {}).get(team), list)
            for i, order in enumerate(entry.orders):
                loc = (turn, team, i) if listed else (turn, team, "orders", i)
                if order.move in own:
                    continue
                known = next((mv for mv in rb.moves if mv.id == order.move), None)
                if known is None:
                    at(loc, f"no move '{order.move}' for {team} on this card{_hint(order.move, own)}")
                elif order.move not in allowed:
                    at(loc, f"'{order.move}' is not among this card's `moves`")
                else:
                    at(loc, f"{team} cannot play '{order.move}' (actors: {', '.join(known.actors)})")
            for key in entry.answers:
                offer = OFFER_ID.match(key)
                mediator = offer.group(2) if offer else key
                if mediator not in mediators:
                    at((turn, team, "answers", key), f"no mediator or offer '{key}'{_hint(key, mediators)}", key=True)
            for inject_id, choice in entry.choices.items():
                loc = (turn, team, "choices", inject_id)
                if inject_id not in choices:
                    at(loc, f"no inject with choices '{inject_id}'{_hint(inject_id, choices)}", key=True)
                elif choice not in choices[inject_id]:
                    at(loc, f"'{choice}' is not a choice of {inject_id}{_hint(choice, choices[inject_id])}")
    return out
