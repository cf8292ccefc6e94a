"""What an event says and why it came out as it did, in plain words: the one explanation every
front end shows (the headless transcript, the terminal UI's "why" card, the report).

Both are built from the typed events' structured fields and the game's `Glossary`, never from
ids or expressions: odds are percentages with the roll, factors are shown as what they are
(× or +), a rung change is itemised by the moves, misreadings and accidents that caused it, and
a change of crisis state gives its rule's label. Without a glossary (a bare event) `explain`
still says the same in fewer words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from wargame.engine.state import Event, EventKind, Explanation
from wargame.reporting.glossary import Glossary

NO_CHANCE = "No dice were involved: this followed from the rules."
ANSWER_WORDS = {"accept": "accepts", "reject": "rejects", "counter": "makes a counter-proposal to"}


# --------------------------------------------------------------------------- what happened
def describe(e: Event, g: Glossary | None) -> str:
    """The event in one sentence, with names instead of ids (the engine's text when it has none)."""
    if g is None:
        return e.text
    match e.kind:
        case EventKind.TRANSITION:
            before, after = g.states.get(e.state_before or "", ""), g.states.get(e.state_after or "", "")
            return f"The crisis moves from '{before}' to '{after}'" + _because(g, e)
        case EventKind.RUNG if e.rung_before is not None and e.rung_after is not None:
            verb = "climbs" if e.rung_after > e.rung_before else "falls"
            return f"The crisis {verb} from rung {e.rung_before} to {g.rung(e.rung_after)}"
        case EventKind.MEDIATION_OFFER:
            mediator, style = _offer_parts(e.offer)
            text = e.text.split(": ", 1)[1] if ": " in e.text else ""
            return f"{g.mediators.get(mediator, mediator)} offers to mediate ({g.style(style)}): {text}".rstrip(": ")
        case EventKind.MEDIATION_ANSWER:
            mediator, style = _offer_parts(e.offer)
            verb = ANSWER_WORDS.get(e.answer or "", e.answer or "answers")
            return f"{g.party(e.team)} {verb} {g.mediators.get(mediator, mediator)}'s offer ({g.style(style)})"
        case EventKind.CHOICE:
            label = g.choices.get((e.inject or "", e.choice or ""), e.choice or "")
            note = " (no answer was given: the first option was taken)" if "(no answer" in e.text else ""
            return f"{g.party(e.team)} answers '{g.injects.get(e.inject or '', e.inject)}': {label}{note}"
        case EventKind.FACILITATOR if e.variable:
            return e.text.replace(f"sets {e.variable} ", f"sets {g.term(e.variable)} ", 1)
        case EventKind.FACILITATOR if e.inject:
            return f"The facilitator holds back the inject '{g.injects.get(e.inject, e.inject)}'"
        case EventKind.CLAIM if e.claim in g.c.claims:
            claim = g.c.claims[e.claim or ""]
            said = "; ".join(f"{g.party(p)} says: {text}" for p, text in claim.claims.items())
            return f"Contested claim — {claim.subject} {said}"
        case EventKind.END:
            head, _, scores = e.text.partition(". Scores: ")
            named = re.sub(r"\b([a-z][a-z0-9_]*) (-?\d+)", lambda m: f"{g.party(m.group(1))} {m.group(2)}", scores)
            return f"{head}. Scores: {named}" if scores else head
    return e.text


def _because(g: Glossary, e: Event) -> str:
    label = g.transitions.get(e.trigger or "", "")
    return f": {label}" if label else ""


def _offer_parts(offer: str | None) -> tuple[str, str]:
    """(mediator id, style) of an offer id `t<turn>-<mediator>-<style>`."""
    parts = (offer or "").split("-")
    return (parts[1], parts[2]) if len(parts) == 3 else ("", "")


# --------------------------------------------------------------------------- why
def explain(e: Event, g: Glossary | None = None, turn_events: Sequence[Event] = ()) -> str:
    """Why the event came out as it did, and what it changed, in sentences; empty when there is
    nothing to say. `turn_events` (the same turn's events) lets a rung change name its causes."""
    lines = [_why(e, g), _rule(e, g), _rung_causes(e, g, turn_events), _answer_scale(e), _changes(e, g)]
    return "\n".join(line for line in lines if line)


def percent(p: float) -> str:
    """A probability as a percentage (one decimal below 10%, never "0%" for a real chance)."""
    pct = 100 * p
    if 0 < pct < 10:
        return f"{pct:.1f}%".replace(".0%", "%")
    return f"{pct:.0f}%"


def _roll(p: float, roll: float, happened: str) -> str:
    under = roll < p
    digits = 1 if 0 < p < 0.1 else 0
    r, q = f"{100 * roll:.{digits}f}", f"{100 * p:.{digits}f}"
    return (
        f"The dice rolled {r} out of 100: {'under' if under else 'not under'} {q}, "
        f"so {happened if under else 'it did not'}."
    )


def _ruling(e: Event, x: Explanation) -> str:
    """A facilitator's ruling in place of the dice, and what the dice would have said (rules
    version 3 still rolls them; earlier games rolled none, recorded as a negative roll)."""
    verdict = "a success" if e.success else "a failure" if e.success is not None else "the outcome"
    ruled = f"The facilitator ruled {verdict}: {x.override}."
    if x.roll < 0:
        return f"{ruled} (The chance was {percent(x.probability)}; no dice were rolled.)"
    digits = 1 if 0 < x.probability < 0.1 else 0
    would = "succeeded" if x.roll < x.probability else "failed"
    return (
        f"{ruled} (The chance was {percent(x.probability)}; the dice rolled {100 * x.roll:.{digits}f} out of 100, "
        f"so without the ruling it would have {would}.)"
    )


def _why(e: Event, g: Glossary | None) -> str:
    x = e.explanation
    if x is None:
        return ""
    if x.override:
        return _ruling(e, x)
    if x.rule == "outcome roll":
        return f"Chance of success: {percent(x.probability)}. " + _roll(x.probability, x.roll, "it succeeded")
    if x.rule == "misperception":
        base = x.modifiers.get("base", x.probability)
        factors = [(v, k) for k, v in x.modifiers.items() if k != "base" and v != 1.0]
        named = {"mediation factor": "a mediation in force", "back-channel": "the back-channel is open"}
        terms = "".join(f" × {v:g} ({named.get(k, k)})" for v, k in factors)
        total = f" = {percent(x.probability)}" if factors else ""
        return f"Chance of a misreading: {percent(base)} (the base rate){terms}{total}. " + _roll(
            x.probability, x.roll, "the move was misread"
        )
    if x.rule == "hazard":
        raw, bonus = x.modifiers.get("rule", x.probability), x.modifiers.get("firebreak bonus", 0.0)
        parts = f"{percent(raw)} (this hazard's rule)"
        if bonus:
            parts += f" + {percent(bonus)} (firebreaks crossed earlier)"
        capped = " (capped)" if x.probability < raw + bonus - 1e-9 else ""
        return f"Chance of this accident: {parts} = {percent(x.probability)}{capped}. " + _roll(
            x.probability, x.roll, "it happened"
        )
    if x.rule == "mediation hard trigger":
        return "The mediator was certain to step in: the rule that makes it intervene held."
    if x.rule == "mediation activation":
        return f"Chance that the mediator steps in this turn: {percent(x.probability)}. " + _roll(
            x.probability, x.roll, "it stepped in"
        )
    return f"Chance: {percent(x.probability)}. " + _roll(x.probability, x.roll, "it happened")


def _rule(e: Event, g: Glossary | None) -> str:
    """A change of crisis state: the rule that fired, by its label (or its condition read aloud)."""
    if e.kind != EventKind.TRANSITION or g is None:
        return ""
    rule = next((t for t in g.c.rules.transitions if t.trigger == e.trigger), None)
    if rule is None:
        return ""
    return f"The rule: the crisis moves on when {rule.label or g.condition(rule.when)}."


def _rung_causes(e: Event, g: Glossary | None, turn_events: Sequence[Event]) -> str:
    """A rung change itemised by what caused it (orders, misreadings, accidents), from the turn's events."""
    if e.kind != EventKind.RUNG or g is None:
        return ""
    c = g.c
    causes = []
    for ev in turn_events:
        if ev.turn != e.turn or ev is e:
            continue
        if ev.kind == EventKind.ORDER and ev.move in c.moves:
            move = c.moves[ev.move]
            who = f"{g.party(ev.team)}'s '{move.name}'"
            if move.rung_to is not None and move.rung_to > (e.rung_before or 0):
                causes.append(f"{who} takes the crisis to at least {g.rung(move.rung_to)}")
            if move.rung_delta:
                n = move.rung_delta
                causes.append(f"{who}: {'+' if n > 0 else '−'}{abs(n)} step{'s' if abs(n) > 1 else ''}")
        elif ev.kind == EventKind.MISPERCEPTION and ev.move in c.moves and c.moves[ev.move].kinetic:
            n = c.params.misperception_rung
            causes.append(f"{g.party(ev.team)} misread a use of force: +{n} step{'s' if n > 1 else ''}")
        elif ev.kind == EventKind.HAZARD and ev.hazard:
            n = next((h.hazard.rung_delta for h in c.hazards if h.hazard.id == ev.hazard), 0)
            if n:
                causes.append(f"the accident '{g.hazards.get(ev.hazard, ev.hazard)}': +{n}")
    if not causes:
        return "No dice were involved: the rung followed from this turn's moves under the rules."
    note = ""
    if e.rung_before is not None and e.rung_after is not None and e.rung_after > e.rung_before:
        note = (
            " (Deliberate steps stop below the next firebreak; only a move that crosses it, authorised, goes further.)"
        )
    return "Why the rung moved: " + "; ".join(causes) + "." + note


def _answer_scale(e: Event) -> str:
    if e.kind != EventKind.MEDIATION_ANSWER or e.acceptance is None or e.leverage is None:
        return ""
    if e.answer in ("accept", "counter"):
        extra = " × ½ (a counter-proposal)" if e.answer == "counter" else ""
        return (
            f"Effect: the style's full effect × {e.acceptance:.2f} (this side's acceptance of the style) "
            f"× {e.leverage:.2f} (the mediator's leverage){extra}."
        )
    return f"Effect of refusing: the style's cost of refusal × {e.leverage:.2f} (the mediator's leverage)."


def _changes(e: Event, g: Glossary | None) -> str:
    if not e.changes:
        return ""
    name = (lambda k: g.term(k)) if g is not None else (lambda k: k)
    return "Changes: " + "; ".join(f"{name(k)} {signed(v)}" for k, v in e.changes.items()) + "."


def signed(v: float) -> str:
    """A delta with its sign: integers plainly, fractions to three places."""
    if float(v).is_integer():
        return f"{int(v):+d}"
    text = f"{v:+.3f}".rstrip("0")
    return text if text not in ("+0.", "-0.") else f"{v:+.4f}"


def designer_detail(e: Event, g: Glossary | None) -> str:
    """For designers, one key away: the rule's ids and expression behind the event."""
    c = g.c if g is not None else None
    lines = [f"kind: {e.kind}"]
    if e.trigger and c is not None:
        rule = next((t for t in c.rules.transitions if t.trigger == e.trigger), None)
        if rule is not None:
            lines.append(f"transition {rule.trigger}: when {rule.when}")
    if e.move and c is not None and e.move in c.moves:
        m = c.moves[e.move]
        lines.append(f"move {m.id}: precondition {m.precondition}")
        if m.outcome is not None:
            lines.append(f"odds (log-odds): {m.outcome.odds}")
    if e.explanation is not None:
        x = e.explanation
        terms = ", ".join(f"{k} {v:+.3f}" for k, v in x.modifiers.items())
        roll = "none (facilitator ruling)" if x.roll < 0 else f"{x.roll:.3f}" + (" (overruled)" if x.override else "")
        lines.append(f"{x.rule}: p={x.probability:.3f} roll={roll} [{terms}]")
    if e.changes:
        lines.append("changes: " + ", ".join(f"{k} {signed(v)}" for k, v in e.changes.items()))
    return "\n".join(lines)
