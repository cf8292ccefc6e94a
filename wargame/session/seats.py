"""Who sits in each seat: `human` or `bot:<policy>`."""

from __future__ import annotations

from wargame.scenario.vocabulary import POLICY_NAMES as POLICIES


class SeatError(ValueError):
    """A --seat value that cannot be used."""


def parse_seats(specs: list[str] | tuple[str, ...], teams: list[str], defaults: dict[str, str]) -> dict[str, str]:
    """`["india=human", "pakistan=bot:hawk"]` over the card's defaults → team → seat."""
    seats = dict(defaults)
    for spec in specs:
        team, sep, seat = spec.partition("=")
        if not sep:
            raise SeatError(f"--seat {spec!r}: expected TEAM=human or TEAM=bot:POLICY")
        if team not in teams:
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
