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
    env = state.vars
    turn = state.turn
    for rule in c.claim_rules.values():
        claim = rule.claim
        if claim.id in recorded or not rule.trigger(env):
            continue
        state.claims.append(ClaimEntry(claim.id, turn, game_truth=game_truth(c, state, claim.id)))
        text = ""
        if c.narrate:
            said = "; ".join(f"{party}: {text}" for party, text in claim.claims.items())
            text = f"Contested — {claim.subject}. {said}"
        events.append(Event(turn, EventKind.CLAIM, text, claim=claim.id))


def game_truth(c: Compiled, state: GameState, claim_id: str) -> str | None:
    """The truth of the claim in this game now, or None when no outcome holds."""
    env = state.vars
    for text, holds in c.claim_rules[claim_id].outcomes:
        if holds(env):
            return text
    return None


def settle_truths(c: Compiled, state: GameState) -> None:
    """Read every recorded claim's truth in this game once more, at the end."""
    for entry in state.claims:
        if entry.claim in c.claims:
            entry.game_truth = game_truth(c, state, entry.claim)


def reveal(c: Compiled, state: GameState, events: list[Event]) -> None:
    """Publish evidence whose turn has come, for claims already in the ledger."""
    if not state.claims:
        return
    turn = state.turn
    for entry in state.claims:
        revealed = entry.evidence_revealed
        for i, ev in enumerate(c.claims[entry.claim].evidence):
            if ev.turn <= turn and i not in revealed:
                revealed.append(i)
                events.append(Event(turn, EventKind.EVIDENCE, ev.text if c.narrate else "", claim=entry.claim))
