"""Static lint rules: what can be seen from a card and its rulebook without playing.

Each rule yields `(code, where, loc, message)`: `where` is "card" or "rulebook" (the document the
loc points into), `loc` the field path. `run.py` places and filters them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from wargame.bots import policies
from wargame.engine import compiled
from wargame.engine.rules import mediation, mobilisation, resolve
from wargame.lint.domains import base_domains, satisfiable
from wargame.reporting import aar
from wargame.scenario.conditions import FUNCTIONS, Expression
from wargame.scenario.models import Rulebook, Scenario
from wargame.scenario.references import BUILTIN_NUMBERS

Raw = tuple[str, str, tuple[str | int, ...], str]

ENGINE_READS = frozenset().union(
    *(module.NAMED_VARIABLES for module in (compiled, resolve, mediation, mobilisation, policies, aar))
)
"""Variables the rules, the bots and the reports read or write by name (firebreak costs, audience costs,
mediation, bot utilities, mobilisation, tension): each module names its own in `NAMED_VARIABLES`, next to
the code, and tests/lint/test_engine_reads.py fails if a module uses a variable by name that it does not
list there (or if a module is missing from this union). A variable only these read is not unused (WG001)."""

BUILTIN_NAMES = frozenset(
    {*BUILTIN_NUMBERS, *FUNCTIONS, "state", "crossed", "rungs", "self", "opponent", "principals", "true", "false"}
    | {"and", "or", "not", "in", "if", "else"}
)


@dataclass(frozen=True)
class Subject:
    """What is linted: a rulebook alone, or a card on its rulebook."""

    rules: Rulebook
    card: Scenario | None
    expressions: Mapping[str, Expression]


def _reads(s: Subject) -> set[str]:
    names: set[str] = set()
    for e in s.expressions.values():
        names |= e.names
    return names


def _written(s: Subject) -> set[str]:
    rb, card = s.rules, s.card
    targets: set[str] = set()
    effects: list[Mapping[str, float]] = [rb.adjudication.misperception_effects]
    for m in rb.moves:
        effects.append(m.effects)
        if m.outcome:
            effects += [m.outcome.success, m.outcome.failure]
    effects += [h.effects for h in rb.hazards]
    effects += [st.on_accept for st in rb.mediation_styles] + [st.on_reject for st in rb.mediation_styles]
    if card:
        for inj in card.injects:
            effects.append(inj.effects)
            effects += [c.effects for c in inj.choices]
    for eff in effects:
        for target in eff:
            targets.add(target.split(".")[-1])
            targets.add(target)
    return targets


def unused_variables(s: Subject) -> Iterator[Raw]:
    read_tails = {n.split(".")[-1] for n in _reads(s)}
    written = _written(s)
    for scope in ("world", "team", "mediator"):
        for i, v in enumerate(getattr(s.rules.variables, scope)):
            if v.id in ENGINE_READS or v.id in read_tails:
                continue
            what = "only changed by effects" if v.id in written else "neither read nor changed"
            yield (
                "WG001",
                "rulebook",
                ("variables", scope, i, "id"),
                (f"variable '{v.id}' is {what}: no condition, odds or objective reads it"),
            )


def unused_moves(s: Subject) -> Iterator[Raw]:
    if s.card is None:
        return
    teams = {t.id for t in s.card.teams}
    allowed = set(s.card.moves)
    unseated = [m.id for m in s.rules.moves if (not allowed or m.id in allowed) and not teams & set(m.actors)]
    if unseated:
        yield (
            "WG002",
            "card",
            ("teams",),
            f"{len(unseated)} catalogue move(s) have no actor seated on this card: {', '.join(unseated)}",
        )


def unused_sources(s: Subject) -> Iterator[Raw]:
    rb, card = s.rules, s.card
    if card is None:
        cited = {src for m in rb.moves if m.historical for src in m.historical.sources}
        cited |= {src for h in rb.hazards if h.historical for src in h.historical.sources}
        cited |= {src for med in rb.mediators for h in med.historical for src in h.sources}
        for i, src in enumerate(rb.sources):
            if src.id not in cited:
                yield "WG003", "rulebook", ("sources", i, "id"), f"source '{src.id}' is never cited"
        return
    from wargame.scenario.card_checks import iter_sources_cited

    cited = set(iter_sources_cited(card))
    for i, src in enumerate(card.sources):
        if src.id not in cited:
            yield "WG003", "card", ("sources", i, "id"), f"source '{src.id}' is never cited"


def dead_evidence(s: Subject, base: dict[str, list[Any]]) -> Iterator[Raw]:
    if s.card is None:
        return
    for i, cl in enumerate(s.card.claims):
        expr = s.expressions.get(f"claims.{cl.id}.trigger")
        if cl.evidence and expr is not None and not satisfiable([expr], base):
            yield (
                "WG004",
                "card",
                ("claims", i, "trigger"),
                (f"claim '{cl.id}' can never enter the ledger, so its {len(cl.evidence)} evidence item(s) never show"),
            )


def dead_moves(s: Subject, base: dict[str, list[Any]]) -> Iterator[Raw]:
    for i, m in enumerate(s.rules.moves):
        if s.card and s.card.moves and m.id not in s.card.moves:
            continue
        dead = [
            a
            for a in m.actors
            if (e := s.expressions.get(f"moves.{m.id}.precondition@{a}")) and not satisfiable([e], base)
        ]
        if dead and len(dead) == len(m.actors):
            yield (
                "WG005",
                "rulebook",
                ("moves", i, "precondition"),
                (f"move '{m.id}': no state satisfies `{m.precondition}`, so it can never be played"),
            )


def _transition_guards(s: Subject) -> list[tuple[int, Expression | None]]:
    return [(i, s.expressions.get(f"transitions.{i}.when")) for i in range(len(s.rules.transitions))]


def reachability(s: Subject, base: dict[str, list[Any]]) -> Iterator[Raw]:
    rb = s.rules
    start = (s.card.start_state if s.card and s.card.start_state else None) or rb.initial_state
    live = {i for i, e in _transition_guards(s) if e is None or satisfiable([e], base)}
    seen = {start, rb.timeout_state}
    frontier = [start]
    while frontier:
        cur = frontier.pop()
        for i, tr in enumerate(rb.transitions):
            if i in live and cur in tr.source and tr.dest not in seen:
                seen.add(tr.dest)
                frontier.append(tr.dest)
    ends = {st.end for st in rb.states if st.end}
    reached_ends = {st.end for st in rb.states if st.end and st.id in seen}
    for i, st in enumerate(rb.states):
        if st.id not in seen:
            yield "WG006", "rulebook", ("states", i, "id"), f"state '{st.id}' cannot be reached from '{start}'"
    for kind in sorted(ends - reached_ends):
        yield "WG007", "rulebook", ("states",), f"no reachable state ends the game as '{kind}'"


def bounces(s: Subject, base: dict[str, list[Any]]) -> Iterator[Raw]:
    """Cycles of transitions (A → B → … → A) whose guards can all hold in the same state of the
    variables: the machine, which fires until nothing applies, would go round within one turn."""
    rb = s.rules
    guards = dict(_transition_guards(s))
    edges: dict[str, list[int]] = {}
    for i, tr in enumerate(rb.transitions):
        for src in tr.source:
            edges.setdefault(src, []).append(i)
    reported: set[frozenset[int]] = set()

    def walk(origin: str, cur: str, path: list[int], depth: int) -> Iterator[list[int]]:
        for i in edges.get(cur, []):
            if i in path:
                continue
            dest = rb.transitions[i].dest
            if dest == origin:
                yield [*path, i]
            elif depth < 3:
                yield from walk(origin, dest, [*path, i], depth + 1)

    cycles: list[list[int]] = []
    for origin in edges:
        for cycle in walk(origin, origin, [], 0):
            key = frozenset(cycle)
            if key in reported:
                continue
            reported.add(key)
            if satisfiable([g for i in cycle if (g := guards.get(i)) is not None], base):
                cycles.append(cycle)
    for cycle in cycles:
        if any(set(other) < set(cycle) for other in cycles):
            continue  # the smallest cycles say it; their supersets add nothing
        origin = rb.transitions[cycle[-1]].dest
        path = " → ".join([origin] + [rb.transitions[i].dest for i in cycle])
        names = ", ".join(rb.transitions[i].trigger for i in cycle)
        yield (
            "WG008",
            "rulebook",
            ("transitions", cycle[0], "when"),
            (f"{names} can cycle {path} within one turn: their conditions can all hold at once"),
        )


def track_over_limit(s: Subject) -> Iterator[Raw]:
    if s.card is None:
        return
    from wargame.scenario.models import Adjudication

    limit = int(s.card.parameters.get("max_orders_per_turn", s.rules.adjudication.max_orders_per_turn))
    limit = Adjudication.model_validate({"max_orders_per_turn": limit}).max_orders_per_turn
    for i, entry in enumerate(s.card.historical_track):
        if len(entry.moves) > limit:
            yield (
                "WG010",
                "card",
                ("historical_track", i, "moves"),
                (f"{len(entry.moves)} moves for {entry.team} in turn {entry.turn}; a team may order at most {limit}"),
            )


def shadows(s: Subject) -> Iterator[Raw]:
    rb = s.rules
    sections: list[tuple[tuple[str | int, ...], list[str], str]] = [
        (("parties",), [p.id for p in rb.parties], "party"),
        (("mediators",), [m.id for m in rb.mediators], "mediator"),
        (("moves",), [m.id for m in rb.moves], "move"),
    ]
    for scope in ("world", "team", "mediator"):
        sections.append((("variables", scope), [v.id for v in getattr(rb.variables, scope)], "variable"))
    for section, ids, what in sections:
        for i, ident in enumerate(ids):
            if ident in BUILTIN_NAMES:
                yield (
                    "WG012",
                    "rulebook",
                    (*section, i, "id"),
                    (f"{what} id '{ident}' shadows the built-in `{ident}` of the condition language; rename it"),
                )
    if s.card:
        for i, inj in enumerate(s.card.injects):
            if inj.id in BUILTIN_NAMES:
                yield "WG012", "card", ("injects", i, "id"), f"inject id '{inj.id}' shadows the built-in `{inj.id}`"


def static_findings(s: Subject) -> list[Raw]:
    base = base_domains(s.rules, s.card)
    out: list[Raw] = []
    out += unused_variables(s)
    out += unused_moves(s)
    out += unused_sources(s)
    out += dead_evidence(s, base)
    out += dead_moves(s, base)
    out += reachability(s, base)
    out += bounces(s, base)
    out += track_over_limit(s)
    out += shadows(s)
    return out
