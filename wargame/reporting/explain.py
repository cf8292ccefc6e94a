"""Why an event came out as it did, in words: the one explanation every front end shows
(the headless transcript, the terminal UI's "why" card, and any later client)."""

from __future__ import annotations

from wargame.engine.state import Event

NO_CHANCE = "No chance was involved: this followed from the rules."


def explain(event: Event) -> str:
    """The rule, probability and roll (or the facilitator's ruling) behind the event, and the
    variables it changed, one line each; empty when there is neither."""
    return "\n".join(line for line in (_why(event), _changes(event)) if line)


def _why(event: Event) -> str:
    x = event.explanation
    if x is None:
        return ""
    if x.override:
        return f"why: {x.rule}, p={x.probability:.2f}, facilitator ruling: {x.override} (the dice were not used)"
    terms = ", ".join(f"{k} {v:+.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in x.modifiers.items())
    result = "hit" if x.roll < x.probability else "miss"
    return f"why: {x.rule}, p={x.probability:.2f}, roll {x.roll:.2f} → {result}" + (f" [{terms}]" if terms else "")


def _changes(event: Event) -> str:
    if not event.changes:
        return ""
    return "changes: " + ", ".join(f"{k} {signed(v)}" for k, v in event.changes.items())


def signed(v: float) -> str:
    """A delta with its sign: integers plainly, fractions to three places."""
    if float(v).is_integer():
        return f"{int(v):+d}"
    text = f"{v:+.3f}".rstrip("0")
    return text if text not in ("+0.", "-0.") else f"{v:+.4f}"
