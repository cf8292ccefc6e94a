"""Semantic checks after structural validation: unique ids, references, ranges, effects,
and every expression compiled against the names the rulebook and card define.

Each check yields an `Issue` with the loc of the offending value so that the loader can
report it at its line and column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError

from wargame.bots.names import POLICY_NAMES
from wargame.scenario.conditions import ExprError, Expression, Namespace, compile_expr
from wargame.scenario.models import Adjudication, Effects, Rulebook, Scenario, Source

BUILTIN_NUMBERS = ("turn", "rung", "peak_rung", "turns_left", "calm_turns", "kinetic")
"""Numbers every game has: `turn` (1-based), `rung` and `peak_rung` (ladder index now and
highest so far), `turns_left` on the calendar, `calm_turns` (consecutive turns in which the
rung did not rise) and `kinetic` (uses of force ordered this turn)."""
BOT_POLICIES = POLICY_NAMES


@dataclass(frozen=True)
class Issue:
    """A semantic problem at `loc`; `expr_pos` is (line, col) inside an expression."""

    loc: tuple[str | int, ...]
    message: str
    expr_pos: tuple[int, int] | None = None
    severity: str = "error"
    key: bool = False
    """Point at the mapping key named by the last part of `loc`, not at its value."""


@dataclass
class Checked:
    """What a check produced: issues, and compiled expressions keyed by their place."""

    issues: list[Issue] = field(default_factory=list)
    expressions: dict[str, Expression] = field(default_factory=dict)

    def error(self, loc: tuple[str | int, ...], message: str, key: bool = False) -> None:
        self.issues.append(Issue(loc, message, key=key))

    def warn(self, loc: tuple[str | int, ...], message: str) -> None:
        self.issues.append(Issue(loc, message, severity="warning"))

    def add_expression(self, key: str, loc: tuple[str | int, ...], text: str, ns: Namespace) -> None:
        try:
            self.expressions[key] = compile_expr(text, ns)
        except ExprError as exc:
            self.issues.append(Issue(loc, exc.message, (exc.line, exc.col)))
            return
        for message, line, col in self.expressions[key].warnings:
            self.issues.append(Issue(loc, message, (line, col), severity="warning"))


# --------------------------------------------------------------------------- names


def principals(rb: Rulebook) -> list[str]:
    return [p.id for p in rb.parties if p.role == "principal"]


def namespace(rb: Rulebook, card: Scenario | None = None) -> Namespace:
    """Every name an expression may read, for this rulebook (and card)."""
    numbers: set[str] = set(BUILTIN_NUMBERS)
    numbers |= {v.id for v in rb.variables.world}
    numbers |= {f"crossed.{fb.id}" for fb in rb.ladder.firebreaks}
    for party in rb.parties:
        numbers |= {f"{party.id}.{v.id}" for v in rb.variables.team}
    for med in rb.mediators:
        numbers |= {f"{med.id}.{v.id}" for v in rb.variables.mediator}
        numbers |= {f"{med.id}.leverage.{p}" for p in principals(rb)}
        numbers |= {f"{med.id}.alignment.{p}" for p in principals(rb)}
    return Namespace(
        numbers=frozenset(numbers),
        strings={"state": frozenset(s.id for s in rb.states)},
        injects=frozenset(i.id for i in card.injects) if card else frozenset(),
        moves=frozenset(m.id for m in rb.moves),
        teams=frozenset(p.id for p in rb.parties),
    )


def actor_bindings(rb: Rulebook, actor: str) -> dict[str, str]:
    """`self` is the actor; `opponent` the other principal, for principals only."""
    ps = principals(rb)
    binding = {"self": actor}
    if actor in ps and len(ps) == 2:
        binding["opponent"] = ps[1] if ps[0] == actor else ps[0]
    return binding


def _duplicates(items: Iterable[str]) -> set[str]:
    return {k for k, n in Counter(items).items() if n > 1}


def _unique(out: Checked, section: tuple[str | int, ...], ids: list[str], what: str) -> None:
    dup = _duplicates(ids)
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in dup and ident in seen:
            out.error((*section, i, "id"), f"{what} id '{ident}' is used twice")
        seen.add(ident)


def _ref(
    out: Checked, loc: tuple[str | int, ...], value: str, known: Iterable[str], what: str, key: bool = False
) -> bool:
    known = list(known)
    if value in known:
        return True
    import difflib

    close = difflib.get_close_matches(value, known, n=1)
    hint = (
        f"; did you mean '{close[0]}'?"
        if close
        else f"; expected one of: {', '.join(sorted(known)) or '(none defined)'}"
    )
    out.error(loc, f"no {what} '{value}'{hint}", key=key)
    return False


# --------------------------------------------------------------------------- effects


def check_effects(out: Checked, loc: tuple[str | int, ...], effects: Effects, rb: Rulebook, context: str) -> None:
    """Targets: world vars, `<party>.<var>`, `<mediator>.<var>`; in actor contexts also
    `self.<var>`, `opponent.<var>` and `principals.<var>`."""
    world = {v.id for v in rb.variables.world}
    team_vars = {v.id for v in rb.variables.team}
    med_vars = {v.id for v in rb.variables.mediator}
    parties = {p.id for p in rb.parties}
    mediators = {m.id for m in rb.mediators}
    relative = {"self", "opponent"} if context == "actor" else {"self"} if context == "chooser" else set()
    for target in effects:
        where = (*loc, target)
        head, _, rest = target.partition(".")
        if not rest:
            if target == "rung":
                out.error(where, "the rung is changed with rung_delta, not effects", key=True)
            elif target not in world:
                _ref(out, where, target, sorted(world), "world variable", key=True)
            continue
        if head in relative or head in parties or head == "principals":
            if rest not in team_vars:
                _ref(out, where, rest, sorted(team_vars), "team variable", key=True)
        elif head in mediators:
            if rest not in med_vars:
                _ref(out, where, rest, sorted(med_vars), "mediator variable", key=True)
        elif head in ("self", "opponent"):
            out.error(where, f"`{head}.` cannot be used here; name the party (e.g. india.{rest})", key=True)
        else:
            _ref(
                out, where, head, sorted(parties | mediators | relative | {"principals"}), "party or mediator", key=True
            )


# --------------------------------------------------------------------------- rulebook


def check_rulebook(rb: Rulebook) -> Checked:
    out = Checked()
    ns = namespace(rb)
    parties = [p.id for p in rb.parties]
    ps = principals(rb)
    states = {s.id: s for s in rb.states}
    moves = [m.id for m in rb.moves]
    sources = [s.id for s in rb.sources]

    for section, ids, what in (
        (("parties",), parties, "party"),
        (("ladder", "rungs"), [r.id for r in rb.ladder.rungs], "rung"),
        (("ladder", "firebreaks"), [f.id for f in rb.ladder.firebreaks], "firebreak"),
        (("states",), list(states) if len(states) == len(rb.states) else [s.id for s in rb.states], "state"),
        (("moves",), moves, "move"),
        (("mediators",), [m.id for m in rb.mediators], "mediator"),
        (("hazards",), [h.id for h in rb.hazards], "hazard"),
        (("sources",), sources, "source"),
        (("variables", "world"), [v.id for v in rb.variables.world], "variable"),
        (("variables", "team"), [v.id for v in rb.variables.team], "variable"),
        (("variables", "mediator"), [v.id for v in rb.variables.mediator], "variable"),
    ):
        _unique(out, section, ids, what)
    if len(ps) < 2:
        out.error(("parties",), "a rulebook needs at least two principal parties")
    _unique(out, ("mediation_styles",), [s.id for s in rb.mediation_styles], "style")

    # variables
    clash = set(BUILTIN_NUMBERS) | set(parties) | {m.id for m in rb.mediators} | {"state", "crossed"}
    for scope in ("world", "team", "mediator"):
        for i, var in enumerate(getattr(rb.variables, scope)):
            loc = ("variables", scope, i)
            if var.min >= var.max:
                out.error((*loc, "max"), f"max ({var.max}) must be greater than min ({var.min})")
            elif not var.min <= var.default <= var.max:
                out.error((*loc, "default"), f"default {var.default} is outside {var.min}..{var.max}")
            if var.integer and any(x != int(x) for x in (var.min, var.max, var.default)):
                out.error((*loc, "default"), "an integer variable needs whole min, max and default")
            if scope == "world" and var.id in clash:
                out.error((*loc, "id"), f"'{var.id}' is already a built-in, party or mediator name")
            if var.private and scope != "team":
                out.error((*loc, "private"), "only team variables can be private")
    overlap = {v.id for v in rb.variables.team} & {v.id for v in rb.variables.mediator}
    for i, var in enumerate(rb.variables.mediator):
        if var.id in overlap:
            out.error(("variables", "mediator", i, "id"), f"'{var.id}' is also a team variable; names must differ")

    # ladder
    firebreaks = [f.id for f in rb.ladder.firebreaks]
    used_fb: set[str] = set()
    for i, rung in enumerate(rb.ladder.rungs):
        if rung.firebreak is not None:
            if i == 0:
                out.error(("ladder", "rungs", 0, "firebreak"), "the lowest rung cannot be behind a firebreak")
            if _ref(out, ("ladder", "rungs", i, "firebreak"), rung.firebreak, firebreaks, "firebreak"):
                if rung.firebreak in used_fb:
                    out.error(
                        ("ladder", "rungs", i, "firebreak"), f"firebreak '{rung.firebreak}' already guards a lower rung"
                    )
                used_fb.add(rung.firebreak)
    for i, fb in enumerate(rb.ladder.firebreaks):
        if fb.id not in used_fb:
            out.warn(("ladder", "firebreaks", i, "id"), f"firebreak '{fb.id}' guards no rung")

    # states and transitions
    _ref(out, ("initial_state",), rb.initial_state, states, "state")
    if _ref(out, ("timeout_state",), rb.timeout_state, states, "state") and states[rb.timeout_state].end != "timeout":
        out.error(("timeout_state",), f"state '{rb.timeout_state}' must have `end: timeout`")
    if rb.initial_state in states and states[rb.initial_state].end:
        out.error(("initial_state",), "the initial state cannot be terminal")
    reachable = {rb.initial_state, rb.timeout_state}
    for i, tr in enumerate(rb.transitions):
        loc = ("transitions", i)
        for j, src in enumerate(tr.source):
            if _ref(out, (*loc, "source", j), src, states, "state") and states[src].end:
                out.error((*loc, "source", j), f"'{src}' is terminal (end: {states[src].end}); nothing leaves it")
        if _ref(out, (*loc, "dest"), tr.dest, states, "state"):
            reachable.add(tr.dest)
        out.add_expression(f"transitions.{i}.when", (*loc, "when"), tr.when, ns)
    for i, st in enumerate(rb.states):
        if st.id not in reachable:
            out.warn(("states", i, "id"), f"no transition enters state '{st.id}'")

    # moves
    n_rungs = len(rb.ladder.rungs)
    offers = set()
    for i, mv in enumerate(rb.moves):
        loc = ("moves", i)
        for j, actor in enumerate(mv.actors):
            _ref(out, (*loc, "actors", j), actor, parties, "party")
        if mv.rung_to is not None and not 0 <= mv.rung_to < n_rungs:
            out.error((*loc, "rung_to"), f"rung {mv.rung_to} is off the ladder (0..{n_rungs - 1})")
        if mv.style and mv.category != "mediation":
            out.error((*loc, "style"), "only mediation moves make offers with a style")
        if mv.style:
            offers.add(mv.style)
        if mv.historical:
            for j, src in enumerate(mv.historical.sources):
                _ref(out, (*loc, "historical", "sources", j), src, sources, "source")
        all_principal = all(a in ps for a in mv.actors)
        context = "actor" if all_principal else "chooser"
        check_effects(out, (*loc, "effects"), mv.effects, rb, context)
        if mv.outcome:
            check_effects(out, (*loc, "outcome", "success"), mv.outcome.success, rb, context)
            check_effects(out, (*loc, "outcome", "failure"), mv.outcome.failure, rb, context)
        for actor in mv.actors:
            if actor not in parties:
                continue
            bound = ns.bind(actor_bindings(rb, actor))
            out.add_expression(f"moves.{mv.id}.precondition@{actor}", (*loc, "precondition"), mv.precondition, bound)
            if mv.outcome:
                out.add_expression(f"moves.{mv.id}.odds@{actor}", (*loc, "outcome", "odds"), mv.outcome.odds, bound)

    # mediation
    styles = {s.id for s in rb.mediation_styles}
    for i, st in enumerate(rb.mediation_styles):
        check_effects(out, ("mediation_styles", i, "on_accept"), st.on_accept, rb, "actor")
        check_effects(out, ("mediation_styles", i, "on_reject"), st.on_reject, rb, "actor")
    for i, med in enumerate(rb.mediators):
        loc = ("mediators", i)
        if med.party is not None and _ref(out, (*loc, "party"), med.party, parties, "party") and med.party in ps:
            out.error((*loc, "party"), f"'{med.party}' is a principal; a mediator must be a third party")
        for style in med.styles:
            if style not in styles:
                out.error((*loc, "styles", style), f"style '{style}' has no entry in mediation_styles", key=True)
        for key in ("leverage", "alignment"):
            for p in getattr(med, key):
                if p not in ps:
                    _ref(out, (*loc, key, p), p, ps, "principal party", key=True)
        missing = [p for p in ps if p not in med.leverage]
        if missing:
            out.error((*loc, "leverage"), f"leverage over {', '.join(missing)} is missing")
        out.add_expression(
            f"mediators.{med.id}.probability", (*loc, "activation", "probability"), med.activation.probability, ns
        )
        if med.activation.hard_trigger:
            out.add_expression(
                f"mediators.{med.id}.hard_trigger",
                (*loc, "activation", "hard_trigger"),
                med.activation.hard_trigger,
                ns,
            )
        for j, h in enumerate(med.historical):
            for k, src in enumerate(h.sources):
                _ref(out, (*loc, "historical", j, "sources", k), src, sources, "source")
    for style in offers - styles:
        out.error(("mediation_styles",), f"moves offer style '{style}' but mediation_styles does not define it")

    _warn_missing_urls(out, rb.sources)
    check_effects(out, ("adjudication", "misperception_effects"), rb.adjudication.misperception_effects, rb, "actor")

    # hazards
    for i, hz in enumerate(rb.hazards):
        loc = ("hazards", i)
        check_effects(out, (*loc, "effects"), hz.effects, rb, "actor")
        for p in ps:
            out.add_expression(
                f"hazards.{hz.id}.probability@{p}",
                (*loc, "probability"),
                hz.probability,
                ns.bind(actor_bindings(rb, p)),
            )
        if hz.historical:
            for k, src in enumerate(hz.historical.sources):
                _ref(out, (*loc, "historical", "sources", k), src, sources, "source")
    return out


def _warn_missing_urls(out: Checked, sources: list[Source]) -> None:
    missing = [s.id for s in sources if s.url is None]
    if missing:
        out.warn(
            ("sources",),
            f"{len(missing)} source(s) have no URL, so readers cannot check them directly: {', '.join(missing)}",
        )


# --------------------------------------------------------------------------- card


def variable_ranges(rb: Rulebook) -> dict[str, tuple[float, float, bool]]:
    """Every settable variable's qualified name → (min, max, integer)."""
    out = {v.id: (v.min, v.max, v.integer) for v in rb.variables.world}
    for p in rb.parties:
        out |= {f"{p.id}.{v.id}": (v.min, v.max, v.integer) for v in rb.variables.team}
    for m in rb.mediators:
        out |= {f"{m.id}.{v.id}": (v.min, v.max, v.integer) for v in rb.variables.mediator}
    return out


def check_card(card: Scenario, rb: Rulebook) -> Checked:
    out = Checked()
    ns = namespace(rb, card)
    parties = {p.id: p for p in rb.parties}
    teams = [t.id for t in card.teams]
    sources = [s.id for s in card.sources] + [s.id for s in rb.sources]
    moves = {m.id: m for m in rb.moves}
    n_turns = len(card.calendar)

    _unique(out, ("teams",), teams, "team")
    _unique(out, ("injects",), [i.id for i in card.injects], "inject")
    _unique(out, ("claims",), [c.id for c in card.claims], "claim")
    _unique(out, ("sources",), [s.id for s in card.sources], "source")
    for i, s in enumerate(card.sources):
        if s.id in {r.id for r in rb.sources}:
            out.error(("sources", i, "id"), f"source '{s.id}' is already defined in the rulebook; cite it directly")

    for i, team in enumerate(card.teams):
        loc = ("teams", i)
        _ref(out, (*loc, "id"), team.id, parties, "rulebook party")
        if team.default_seat.startswith("bot:") and team.default_seat[4:] not in BOT_POLICIES:
            out.error(
                (*loc, "default_seat"),
                f"no bot policy '{team.default_seat[4:]}'; expected one of: {', '.join(BOT_POLICIES)}",
            )
        _unique(out, (*loc, "objectives"), [o.id for o in team.objectives], "objective")
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
        if _ref(out, ("start_state",), card.start_state, states, "state") and states[card.start_state].end:
            out.error(("start_state",), f"'{card.start_state}' is terminal; a game cannot start there")

    ranges = variable_ranges(rb)
    for name, value in card.initial.items():
        if name not in ranges:
            _ref(out, ("initial", name), name, sorted(ranges), "variable", key=True)
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
        _ref(out, ("moves", i), mv, moves, "move")
    for i, med in enumerate(card.disabled_mediators):
        _ref(out, ("disabled_mediators", i), med, [m.id for m in rb.mediators], "mediator")

    for i, inj in enumerate(card.injects):
        loc = ("injects", i)
        if inj.turn is not None and inj.turn > n_turns:
            out.error((*loc, "turn"), f"turn {inj.turn} is past the calendar's {n_turns} turns")
        if inj.turn is not None and inj.when is not None:
            out.error((*loc, "when"), "give either `turn` (scripted) or `when` (conditional), not both")
        if inj.when is not None:
            out.add_expression(f"injects.{inj.id}.when", (*loc, "when"), inj.when, ns)
        for j, who in enumerate(inj.audience):
            _ref(out, (*loc, "audience", j), who, teams, "team")
        if inj.choices and inj.chooser is None:
            out.error((*loc, "chooser"), "an inject with choices needs a `chooser` team")
        if inj.chooser is not None:
            _ref(out, (*loc, "chooser"), inj.chooser, teams, "team")
            if not inj.choices:
                out.error((*loc, "choices"), "a chooser is set but there are no choices")
        check_effects(out, (*loc, "effects"), inj.effects, rb, "none")
        _unique(out, (*loc, "choices"), [c.id for c in inj.choices], "choice")
        for j, ch in enumerate(inj.choices):
            check_effects(out, (*loc, "choices", j, "effects"), ch.effects, rb, "chooser")
        for j, src in enumerate(inj.sources):
            _ref(out, (*loc, "sources", j), src, sources, "source")
        if inj.historical and not inj.sources:
            out.error((*loc, "sources"), "a historical inject must cite at least one source")

    for i, cl in enumerate(card.claims):
        loc = ("claims", i)
        out.add_expression(f"claims.{cl.id}.trigger", (*loc, "trigger"), cl.trigger, ns)
        for p in cl.claims:
            _ref(out, (*loc, "claims", p), p, parties, "party", key=True)
        for j, ev in enumerate(cl.evidence):
            if ev.turn > n_turns:
                out.error((*loc, "evidence", j, "turn"), f"turn {ev.turn} is past the calendar's {n_turns} turns")
            for k, src in enumerate(ev.sources):
                _ref(out, (*loc, "evidence", j, "sources", k), src, sources, "source")
        for j, src in enumerate(cl.sources):
            _ref(out, (*loc, "sources", j), src, sources, "source")

    allowed_moves = set(card.moves) or set(moves)
    for i, entry in enumerate(card.historical_track):
        loc = ("historical_track", i)
        if entry.turn > n_turns:
            out.error((*loc, "turn"), f"turn {entry.turn} is past the calendar's {n_turns} turns")
        team_ok = _ref(out, (*loc, "team"), entry.team, teams, "team")
        for j, mv in enumerate(entry.moves):
            if _ref(out, (*loc, "moves", j), mv, moves, "move"):
                if team_ok and entry.team not in moves[mv].actors:
                    out.error(
                        (*loc, "moves", j), f"'{entry.team}' cannot play '{mv}' (actors: {', '.join(moves[mv].actors)})"
                    )
                elif mv not in allowed_moves:
                    out.error((*loc, "moves", j), f"'{mv}' is not among this card's `moves`")
        for j, src in enumerate(entry.sources):
            _ref(out, (*loc, "sources", j), src, sources, "source")
    _warn_missing_urls(out, card.sources)
    for i, ident in unused_sources(card).items():
        out.warn(("sources", i, "id"), f"source '{ident}' is never cited")
    dup = _duplicates(f"{e.turn}/{e.team}" for e in card.historical_track)
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


def unused_sources(card: Scenario) -> Mapping[int, str]:
    cited = set(iter_sources_cited(card))
    return {i: s.id for i, s in enumerate(card.sources) if s.id not in cited}
