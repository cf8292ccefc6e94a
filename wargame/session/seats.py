"""Who sits in each seat: `human` or `bot:<policy>` (a bare policy name means `bot:<policy>`).

`parse_seats` is the one reader of `--seat TEAM=SEAT` options (play, serve, simulate)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from wargame.scenario.vocabulary import POLICY_NAMES as POLICIES


class SeatError(ValueError):
    """A --seat value that cannot be used."""


def parse_seats(
    specs: Iterable[str], teams: Sequence[str] | None = None, defaults: Mapping[str, str] | None = None
) -> dict[str, str]:
    """`["india=human", "pakistan=bot:hawk"]` over the card's defaults → team → seat.

    `teams` None means the card is not read yet: the seats are checked now and the team names later,
    by calling this again with the card's teams."""
    seats = dict(defaults or {})
    for spec in specs:
        team, sep, seat = spec.partition("=")
        if not sep:
            raise SeatError(f"--seat {spec!r}: expected TEAM=human or TEAM=bot:POLICY")
        if teams is not None and team not in teams:
            raise SeatError(f"--seat {spec!r}: no team '{team}' on this card; teams: {', '.join(teams)}")
        seats[team] = normalise(seat, spec)
    return seats


def normalise(seat: str, spec: str = "") -> str:
    if seat == "human":
        return seat
    policy = seat.removeprefix("bot:")
    if policy not in POLICIES:
        raise SeatError(f"--seat {spec or seat!r}: no bot policy '{policy}'; expected one of: {', '.join(POLICIES)}")
    return f"bot:{policy}"
