"""Semantic checks of a card against its rulebook: teams, objectives, injects, claims, the
historical track and its sources, and every expression compiled against the card's names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pydantic import ValidationError

from wargame.scenario.models import Adjudication, Rulebook, Scenario
from wargame.scenario.references import (
    Checked,
    actor_bindings,
    check_effects,
    duplicates,
    namespace,
    ref,
    unique,
    variable_ranges,
    warn_missing_urls,
)
from wargame.scenario.vocabulary import POLICY_NAMES


def check_card(card: Scenario, rb: Rulebook) -> Checked:
    out = Checked()
    ns = namespace(rb, card)
    parties = {p.id: p for p in rb.parties}
    teams = [t.id for t in card.teams]
    sources = [s.id for s in card.sources] + [s.id for s in rb.sources]
    moves = {m.id: m for m in rb.moves}
    n_turns = len(card.calendar)

    unique(out, ("teams",), teams, "team")
    unique(out, ("injects",), [i.id for i in card.injects], "inject")
    unique(out, ("claims",), [c.id for c in card.claims], "claim")
    unique(out, ("sources",), [s.id for s in card.sources], "source")
    for i, s in enumerate(card.sources):
        if s.id in {r.id for r in rb.sources}:
            out.error(("sources", i, "id"), f"source '{s.id}' is already defined in the rulebook; cite it directly")

    for i, team in enumerate(card.teams):
        loc = ("teams", i)
        ref(out, (*loc, "id"), team.id, parties, "rulebook party")
        if team.default_seat.startswith("bot:") and team.default_seat[4:] not in POLICY_NAMES:
            out.error(
                (*loc, "default_seat"),
                f"no bot policy '{team.default_seat[4:]}'; expected one of: {', '.join(POLICY_NAMES)}",
            )
        unique(out, (*loc, "objectives"), [o.id for o in team.objectives], "objective")
        for j, obj in enumerate(team.objectives):
            bound = ns.bind(actor_bindings(rb, team.id)) if team.id in parties else ns
            out.add_expression(
                f"objectives.{team.id}.{obj.id}", (*loc, "objectives", j, "condition"), obj.condition, bound
            )
    if not any(parties[t].role == "principal" for t in teams if t in parties):
        out.error(("teams",), "a card needs at least one team playing a principal party")

    for i in range(1, n_turns):
        if card.calendar[i].date <= card.calendar[i - 1].date:
            out.error(("calendar", i, "date"), f"turn {i + 1} starts on or before turn {i}; dates must increase")

    if card.start_rung >= len(rb.ladder.rungs):
        out.error(("start_rung",), f"rung {card.start_rung} is off the ladder (0..{len(rb.ladder.rungs) - 1})")
    if card.start_state is not None:
        states = {s.id: s for s in rb.states}
        if ref(out, ("start_state",), card.start_state, states, "state") and states[card.start_state].end:
            out.error(("start_state",), f"'{card.start_state}' is terminal; a game cannot start there")

    ranges = variable_ranges(rb)
    for name, value in card.initial.items():
        if name not in ranges:
            ref(out, ("initial", name), name, sorted(ranges), "variable", key=True)
            continue
        lo, hi, integer = ranges[name]
        if not lo <= value <= hi:
            out.error(("initial", name), f"{value} is outside the range {lo}..{hi}")
        elif integer and value != int(value):
            out.error(("initial", name), f"{value} must be a whole number")

    if card.parameters:
        try:
            Adjudication.model_validate(rb.adjudication.model_dump() | dict(card.parameters))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                out.error(
                    ("parameters", *err["loc"]),
                    err["msg"]
                    if err["type"] != "extra_forbidden"
                    else f"unknown parameter; expected one of: {', '.join(Adjudication.model_fields)}",
                )

    for i, mv in enumerate(card.moves):
        ref(out, ("moves", i), mv, moves, "move")
    for i, med in enumerate(card.disabled_mediators):
        ref(out, ("disabled_mediators", i), med, [m.id for m in rb.mediators], "mediator")

    for i, inj in enumerate(card.injects):
        loc = ("injects", i)
        if inj.turn is not None and inj.turn > n_turns:
            out.error((*loc, "turn"), f"turn {inj.turn} is past the calendar's {n_turns} turns")
        if inj.turn is not None and inj.when is not None:
            out.error((*loc, "when"), "give either `turn` (scripted) or `when` (conditional), not both")
        if inj.when is not None:
            out.add_expression(f"injects.{inj.id}.when", (*loc, "when"), inj.when, ns)
        for j, who in enumerate(inj.audience):
            ref(out, (*loc, "audience", j), who, teams, "team")
        if inj.choices and inj.chooser is None:
            out.error((*loc, "chooser"), "an inject with choices needs a `chooser` team")
        if inj.chooser is not None:
            ref(out, (*loc, "chooser"), inj.chooser, teams, "team")
            if not inj.choices:
                out.error((*loc, "choices"), "a chooser is set but there are no choices")
        check_effects(out, (*loc, "effects"), inj.effects, rb, "none")
        unique(out, (*loc, "choices"), [c.id for c in inj.choices], "choice")
        for j, ch in enumerate(inj.choices):
            check_effects(out, (*loc, "choices", j, "effects"), ch.effects, rb, "chooser")
        for j, src in enumerate(inj.sources):
            ref(out, (*loc, "sources", j), src, sources, "source")
        if inj.historical and not inj.sources:
            out.error((*loc, "sources"), "a historical inject must cite at least one source")
        marked = [j for j, ch in enumerate(inj.choices) if ch.historical]
        for j in marked[1:]:
            out.error((*loc, "choices", j, "historical"), "only one choice of an inject can be the historical one")
        if marked and not inj.sources:
            out.error((*loc, "sources"), "an inject with a historical choice must cite the sources that support it")

    for i, cl in enumerate(card.claims):
        loc = ("claims", i)
        out.add_expression(f"claims.{cl.id}.trigger", (*loc, "trigger"), cl.trigger, ns)
        for p in cl.claims:
            ref(out, (*loc, "claims", p), p, parties, "party", key=True)
        for j, ev in enumerate(cl.evidence):
            if ev.turn > n_turns:
                out.error((*loc, "evidence", j, "turn"), f"turn {ev.turn} is past the calendar's {n_turns} turns")
            for k, src in enumerate(ev.sources):
                ref(out, (*loc, "evidence", j, "sources", k), src, sources, "source")
        for j, src in enumerate(cl.sources):
            ref(out, (*loc, "sources", j), src, sources, "source")

    objective_ids = [f"{t.id}.{o.id}" for t in card.teams for o in t.objectives]
    for i, q in enumerate(card.debrief.questions):
        loc = ("debrief", "questions", i)
        for j, obj in enumerate(q.objectives):
            ref(out, (*loc, "objectives", j), obj, objective_ids, "objective")
        for j, src in enumerate(q.sources):
            ref(out, (*loc, "sources", j), src, sources, "source")
        if q.when is not None:
            out.add_expression(f"debrief.{i}.when", (*loc, "when"), q.when, ns)

    allowed_moves = set(card.moves) or set(moves)
    for i, entry in enumerate(card.historical_track):
        loc = ("historical_track", i)
        if entry.turn > n_turns:
            out.error((*loc, "turn"), f"turn {entry.turn} is past the calendar's {n_turns} turns")
        team_ok = ref(out, (*loc, "team"), entry.team, teams, "team")
        for j, mv in enumerate(entry.moves):
            if ref(out, (*loc, "moves", j), mv, moves, "move"):
                if team_ok and entry.team not in moves[mv].actors:
                    out.error(
                        (*loc, "moves", j), f"'{entry.team}' cannot play '{mv}' (actors: {', '.join(moves[mv].actors)})"
                    )
                elif mv not in allowed_moves:
                    out.error((*loc, "moves", j), f"'{mv}' is not among this card's `moves`")
        for j, src in enumerate(entry.sources):
            ref(out, (*loc, "sources", j), src, sources, "source")
    warn_missing_urls(out, card.sources)
    for i, ident in unused_sources(card).items():
        out.warn(("sources", i, "id"), f"source '{ident}' is never cited")
    dup = duplicates(f"{e.turn}/{e.team}" for e in card.historical_track)
    for i, entry in enumerate(card.historical_track):
        if f"{entry.turn}/{entry.team}" in dup:
            out.error(("historical_track", i), f"two entries for {entry.team} in turn {entry.turn}")
            dup.discard(f"{entry.turn}/{entry.team}")
    return out


def iter_sources_cited(card: Scenario) -> Iterator[str]:
    """Every source id the card cites (for lint: unused sources)."""
    for inj in card.injects:
        yield from inj.sources
    for cl in card.claims:
        yield from cl.sources
        for ev in cl.evidence:
            yield from ev.sources
    for entry in card.historical_track:
        yield from entry.sources
    for q in card.debrief.questions:
        yield from q.sources


def unused_sources(card: Scenario) -> Mapping[int, str]:
    cited = set(iter_sources_cited(card))
    return {i: s.id for i, s in enumerate(card.sources) if s.id not in cited}
