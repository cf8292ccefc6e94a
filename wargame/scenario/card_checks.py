"""Semantic checks of a card against its rulebook: teams, objectives, injects, claims, the
historical track and its sources, and every expression compiled against the card's names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pydantic import ValidationError

from wargame.scenario.conditions import Namespace
from wargame.scenario.models import Adjudication, Inject, Party, Rulebook, Scenario
from wargame.scenario.references import (
    Checked,
    actor_bindings,
    check_effects,
    duplicates,
    namespace,
    principals,
    ref,
    rung_index,
    unique,
    variable_ranges,
    warn_missing_urls,
)
from wargame.scenario.vocabulary import ACCEPT_THRESHOLD, KNIFE_EDGE, POLICY_NAMES


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
    inherited = {r.id: r for r in rb.sources}
    for i, s in enumerate(card.sources):
        if s.id in inherited and s != inherited[s.id]:
            out.error(
                ("sources", i, "id"),
                f"source '{s.id}' is also defined in the rulebook, differently; cite the rulebook's entry "
                "(a card may cite any rulebook source) or give this one another id",
            )

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

    if card.start_rung != 0:
        rung_index(out, ("start_rung",), card.start_rung, rb)
    hazards = {h.id: h for h in rb.hazards}
    unique(out, ("hazards",), [h.id for h in card.hazards], "hazard")
    for i, change in enumerate(card.hazards):
        loc = ("hazards", i)
        if not ref(out, (*loc, "id"), change.id, hazards, "rulebook hazard"):
            continue
        if change.disabled and change.probability is not None:
            out.error((*loc, "probability"), "a disabled hazard takes no probability")
        elif not change.disabled and change.probability is None:
            out.error((*loc, "id"), "say `disabled: true` or give a new `probability`")
        if change.probability is not None:
            for p in principals(rb):
                out.add_expression(
                    f"hazards.{change.id}.probability@{p}",
                    (*loc, "probability"),
                    change.probability,
                    ns.bind(actor_bindings(rb, p)),
                )
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
    for i, name in enumerate(card.outcomes):
        ref(out, ("outcomes", i), name, list(variable_ranges(rb)), "variable")

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
        check_chances(out, loc, inj, rb, ns)
        attributed = inj.attributed_to
        if attributed is not None and ref(out, (*loc, "attributed_to"), attributed, parties, "party"):
            check_principal(out, (*loc, "attributed_to"), parties[attributed])
        marked = [j for j, ch in enumerate(inj.choices) if ch.historical]
        for j in marked[1:]:
            out.error((*loc, "choices", j, "historical"), "only one choice of an inject can be the historical one")
        if marked and not inj.sources:
            out.error((*loc, "sources"), "an inject with a historical choice must cite the sources that support it")

    for i, cl in enumerate(card.claims):
        loc = ("claims", i)
        out.add_expression(f"claims.{cl.id}.trigger", (*loc, "trigger"), cl.trigger, ns)
        for j, outcome in enumerate(cl.outcomes):
            out.add_expression(f"claims.{cl.id}.outcomes.{j}", (*loc, "outcomes", j, "when"), outcome.when, ns)
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
    limit = int(card.parameters.get("max_orders_per_turn", rb.adjudication.max_orders_per_turn))
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
        if len(entry.moves) > limit:
            out.error(
                (*loc, "moves"),
                f"{len(entry.moves)} moves in one turn, over the order limit of {limit} (max_orders_per_turn)",
            )
    warn_knife_edges(out, card, rb)
    warn_missing_urls(out, card.sources)
    for i, ident in unused_sources(card).items():
        out.warn(("sources", i, "id"), f"source '{ident}' is never cited")
    dup = duplicates(f"{e.turn}/{e.team}" for e in card.historical_track)
    for i, entry in enumerate(card.historical_track):
        if f"{entry.turn}/{entry.team}" in dup:
            out.error(("historical_track", i), f"two entries for {entry.team} in turn {entry.turn}")
            dup.discard(f"{entry.turn}/{entry.team}")
    return out


def check_principal(out: Checked, loc: tuple[str | int, ...], party: Party) -> None:
    if party.role != "principal":
        out.error(loc, f"'{party.id}' is not a principal party")


def warn_knife_edges(out: Checked, card: Scenario, rb: Rulebook) -> None:
    """Warn when a principal starts with a readiness to accept a mediator's style within
    `KNIFE_EDGE` of the bots' threshold: its answer would hang on rounding."""
    team_vars = {v.id: v for v in rb.variables.team}
    weight = float(card.parameters.get("alignment_weight", rb.adjudication.alignment_weight))
    principals = {p.id for p in rb.parties if p.role == "principal"}
    for team in card.teams:
        if team.id not in principals:
            continue
        for med in rb.mediators:
            if med.id in card.disabled_mediators:
                continue
            for style in med.styles:
                var = team_vars.get(f"accept_{style}")
                if var is None:
                    continue
                name = f"{team.id}.accept_{style}"
                value = card.initial.get(name, var.default) + weight * med.alignment.get(team.id, 0.0)
                if abs(value - ACCEPT_THRESHOLD) < KNIFE_EDGE:
                    out.warn(
                        ("initial", name) if name in card.initial else ("teams",),
                        f"{team.id}'s readiness to accept {med.id}'s {style} starts at {value:.2f}, on the bots' "
                        f"threshold of {ACCEPT_THRESHOLD}: its answer would hang on rounding",
                    )


def check_chances(out: Checked, loc: tuple[str | int, ...], inj: Inject, rb: Rulebook, ns: Namespace) -> None:
    """An inject's chance parts: unique ids, `requires` an earlier part, effects and probabilities."""
    unique(out, (*loc, "chances"), [ch.id for ch in inj.chances], "chance part")
    earlier: list[str] = []
    for j, ch in enumerate(inj.chances):
        where = (*loc, "chances", j)
        if ch.requires is not None and ch.requires not in earlier:
            ref(out, (*where, "requires"), ch.requires, earlier, "earlier chance part of this inject")
        check_effects(out, (*where, "effects"), ch.effects, rb, "none")
        out.add_expression(f"injects.{inj.id}.chances.{ch.id}", (*where, "probability"), ch.probability, ns)
        if ch.historical and not inj.sources:
            out.error((*loc, "sources"), "an inject with a historical chance part must cite its sources")
        earlier.append(ch.id)


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
