"""What the semantic checks share: the names a rulebook and a card define, and the helpers
that report a duplicate id, a dangling reference or a bad effect as an `Issue` with the loc
of the offending value (so that the loader can report it at its line and column).

The checks themselves: `rulebook_checks.check_rulebook`, `card_checks.check_card`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from wargame.scenario.conditions import ExprError, Expression, Namespace, compile_expr
from wargame.scenario.models import Effects, Rulebook, Scenario, Source

BUILTIN_NUMBERS = ("turn", "rung", "peak_rung", "turns_left", "calm_turns", "kinetic")
"""Numbers every game has: `turn` (1-based), `rung` and `peak_rung` (ladder index now and
highest so far), `turns_left` on the calendar, `calm_turns` (consecutive turns in which the
rung did not rise) and `kinetic` (uses of force ordered this turn)."""


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
        chances=frozenset(f"{i.id}.{ch.id}" for i in card.injects for ch in i.chances) if card else frozenset(),
        moves=frozenset(m.id for m in rb.moves),
        teams=frozenset(p.id for p in rb.parties),
        constants={f"rungs.{r.id}": i for i, r in enumerate(rb.ladder.rungs)},
        choices={i.id: frozenset(c.id for c in i.choices) for i in card.injects} if card else {},
    )


def rung_index(
    out: Checked, loc: tuple[str | int, ...], value: int | str, rb: Rulebook, what: str = "rung"
) -> int | None:
    """The ladder index a rung reference names (an id, or a deprecated number), else None with an issue."""
    rungs = [r.id for r in rb.ladder.rungs]
    if isinstance(value, int):
        if not 0 <= value < len(rungs):
            out.error(loc, f"{what} {value} is off the ladder (0..{len(rungs) - 1}); name the rung by its id")
            return None
        out.warn(
            loc,
            f"deprecated: name the rung by its id ('{rungs[value]}'), not its number {value}; "
            "`wargame migrate FILE` rewrites it",
        )
        return value
    if ref(out, loc, value, rungs, "rung"):
        return rungs.index(value)
    return None


def actor_bindings(rb: Rulebook, actor: str) -> dict[str, str]:
    """`self` is the actor; `opponent` the other principal, for principals only."""
    ps = principals(rb)
    binding = {"self": actor}
    if actor in ps and len(ps) == 2:
        binding["opponent"] = ps[1] if ps[0] == actor else ps[0]
    return binding


def duplicates(items: Iterable[str]) -> set[str]:
    return {k for k, n in Counter(items).items() if n > 1}


def unique(out: Checked, section: tuple[str | int, ...], ids: list[str], what: str) -> None:
    dup = duplicates(ids)
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in dup and ident in seen:
            out.error((*section, i, "id"), f"{what} id '{ident}' is used twice")
        seen.add(ident)


def ref(
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
                ref(out, where, target, sorted(world), "world variable", key=True)
            continue
        if head in relative or head in parties or head == "principals":
            if rest not in team_vars:
                ref(out, where, rest, sorted(team_vars), "team variable", key=True)
        elif head in mediators:
            if rest not in med_vars:
                ref(out, where, rest, sorted(med_vars), "mediator variable", key=True)
        elif head in ("self", "opponent"):
            out.error(where, f"`{head}.` cannot be used here; name the party (e.g. india.{rest})", key=True)
        else:
            ref(
                out, where, head, sorted(parties | mediators | relative | {"principals"}), "party or mediator", key=True
            )


# --------------------------------------------------------------------------- rulebook


def warn_missing_urls(out: Checked, sources: list[Source]) -> None:
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
