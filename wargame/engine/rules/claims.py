"""The claims ledger: each side's claim kept apart from the truth; evidence revealed later."""

from __future__ import annotations

from wargame.engine.compiled import Compiled
from wargame.engine.state import ClaimEntry, Event, EventKind, GameState


def record(c: Compiled, state: GameState, events: list[Event]) -> None:
    """Enter claims whose trigger now holds (once each)."""
    if len(state.claims) == len(c.claims):
        return
    recorded = {e.claim for e in state.claims}
    for claim in c.claims.values():
        if claim.id in recorded or not c.expressions[f"claims.{claim.id}.trigger"](state.vars):
            continue
        state.claims.append(ClaimEntry(claim.id, state.turn))
        said = "; ".join(f"{party}: {text}" for party, text in claim.claims.items())
        events.append(Event(state.turn, EventKind.CLAIM, f"Contested — {claim.subject}. {said}", claim=claim.id))


def reveal(c: Compiled, state: GameState, events: list[Event]) -> None:
    """Publish evidence whose turn has come, for claims already in the ledger."""
    for entry in state.claims:
        for i, ev in enumerate(c.claims[entry.claim].evidence):
            if i not in entry.evidence_revealed and ev.turn <= state.turn:
                entry.evidence_revealed.append(i)
                events.append(Event(state.turn, EventKind.EVIDENCE, ev.text, claim=entry.claim))
