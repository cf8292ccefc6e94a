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

Read with the same safe YAML loader as cards; problems are reported as FILE:LINE:COL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from wargame.files.read import FileRefused, read_bytes
from wargame.scenario import yamlsafe
from wargame.scenario.diagnostics import Diagnostic, ScenarioError
from wargame.scenario.loader import display_path
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


def load_orders(path: Path) -> dict[int, dict[str, TeamTurn]]:
    shown = display_path(path)
    try:
        raw = read_bytes(path, yamlsafe.MAX_BYTES)
    except FileRefused as exc:
        raise ScenarioError([Diagnostic(shown, exc.line, exc.col, "", f"orders file {exc.reason}")]) from None
    doc = yamlsafe.parse(shown, yamlsafe.read_text(shown, raw))
    model, diags = validate(doc, OrdersFile)
    if model is None:
        raise ScenarioError(diags)
    return model.root
