"""Rungs named by id, resolved to ladder indices once a card or rulebook has been checked.

Cards and rulebooks name rungs by id (`rung_to: cross_border_strike`, `start_rung: ...`), so adding a
rung changes no other line; the engine works with indices. A number is still accepted for this
version (with a deprecation warning at load), and passes through unchanged."""

from __future__ import annotations

from wargame.scenario.models import Rulebook, Scenario


def rung_indices(rb: Rulebook) -> dict[str, int]:
    return {r.id: i for i, r in enumerate(rb.ladder.rungs)}


def resolve_rulebook(rb: Rulebook) -> Rulebook:
    """The rulebook with every move's `rung_to` as a ladder index (checked beforehand)."""
    index = rung_indices(rb)
    if not any(isinstance(m.rung_to, str) for m in rb.moves):
        return rb
    moves = [m.model_copy(update={"rung_to": index[m.rung_to]}) if isinstance(m.rung_to, str) else m for m in rb.moves]
    return rb.model_copy(update={"moves": moves})


def resolve_card(card: Scenario, rb: Rulebook) -> Scenario:
    """The card with `start_rung` as a ladder index (checked beforehand)."""
    if isinstance(card.start_rung, str):
        return card.model_copy(update={"start_rung": rung_indices(rb)[card.start_rung]})
    return card
