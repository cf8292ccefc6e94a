"""The claims ledger: each side's claim kept apart from the truth; evidence revealed later.

The truth of a claim in one game is what happened in that game: the first of the claim's
`outcomes` whose condition holds (read when the claim enters the ledger and again when the
game ends), kept beside the historical truth the card records."""

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
        state.claims.append(ClaimEntry(claim.id, state.turn, game_truth=game_truth(c, state, claim.id)))
        said = "; ".join(f"{party}: {text}" for party, text in claim.claims.items())
        events.append(Event(state.turn, EventKind.CLAIM, f"Contested — {claim.subject}. {said}", claim=claim.id))


def game_truth(c: Compiled, state: GameState, claim_id: str) -> str | None:
    """The truth of the claim in this game now, or None when no outcome holds."""
    for i, outcome in enumerate(c.claims[claim_id].outcomes):
        if c.expressions[f"claims.{claim_id}.outcomes.{i}"](state.vars):
            return outcome.text
    return None


def settle_truths(c: Compiled, state: GameState) -> None:
    """Read every recorded claim's truth in this game once more, at the end."""
    for entry in state.claims:
        if entry.claim in c.claims:
            entry.game_truth = game_truth(c, state, entry.claim)


def reveal(c: Compiled, state: GameState, events: list[Event]) -> None:
    """Publish evidence whose turn has come, for claims already in the ledger."""
    for entry in state.claims:
        for i, ev in enumerate(c.claims[entry.claim].evidence):
            if i not in entry.evidence_revealed and ev.turn <= state.turn:
                entry.evidence_revealed.append(i)
                events.append(Event(state.turn, EventKind.EVIDENCE, ev.text, claim=entry.claim))
