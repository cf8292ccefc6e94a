"""A team's shared draft, part by part, so that members editing different parts on different
screens do not undo each other.

The parts of a draft are its orders (one part: their order matters), its why, each answer to an
offer (`answers/OFFER`) and each inject choice (`choices/INJECT`). A member's share names the parts
that member changed; the server takes only those into the team's draft (`take`). A client takes
a teammate's change to a part unless it has a change of its own to that part that the server has
not yet sent back (`merge`): the last change of a part to reach the server wins, everywhere."""

from __future__ import annotations

from collections.abc import Iterable

from wargame.session import views as v

ORDERS = "orders"
WHY = "why"
KEYED = ("answers", "choices")
"""The draft's dict fields: one part per key."""


def parts(draft: v.Draft) -> set[str]:
    """Every part `draft` has a value for (orders and why always)."""
    found = {ORDERS, WHY}
    for name in KEYED:
        found |= {f"{name}/{key}" for key in getattr(draft, name)}
    return found


def value(draft: v.Draft, part: str) -> object:
    """The value of one part (None: an answer or a choice not given)."""
    if part == ORDERS:
        return draft.orders
    if part == WHY:
        return draft.why
    name, _, key = part.partition("/")
    if name not in KEYED:
        raise ValueError(f"not a part of a draft: {part!r}")
    return getattr(draft, name).get(key)


def changed(before: v.Draft, after: v.Draft) -> set[str]:
    """The parts whose value differs between two drafts."""
    return {part for part in parts(before) | parts(after) if value(before, part) != value(after, part)}


def take(into: v.Draft | None, source: v.Draft, names: Iterable[str]) -> v.Draft:
    """`into` with the parts `names` as they are in `source` (an answer or choice `source` does not
    give is removed); raises ValueError for a name that is not a part."""
    draft = into or v.Draft()
    orders, why = draft.orders, draft.why
    keyed = {name: dict(getattr(draft, name)) for name in KEYED}
    for part in names:
        if part == ORDERS:
            orders = list(source.orders)
        elif part == WHY:
            why = source.why
        else:
            name, _, key = part.partition("/")
            if name not in KEYED or not key:
                raise ValueError(f"not a part of a draft: {part!r}")
            given = getattr(source, name).get(key)
            if given is None:
                keyed[name].pop(key, None)
            else:
                keyed[name][key] = given
    return v.Draft(orders=orders, why=why, **keyed)


def merge(local: v.Draft, incoming: v.Draft, mine: set[str]) -> tuple[v.Draft, set[str]]:
    """A member's draft after the team's draft `incoming` arrived: every part takes the incoming
    value but those in `mine` (changed here, not yet sent back by the server), which stay as they
    are. Returns the new draft and the parts still `mine` (a part the server now holds as it is
    here is no longer waiting)."""
    differing = changed(local, incoming)
    waiting = mine & differing
    return take(local, incoming, differing - waiting), waiting
