"""Headless bot clients (`wargame join URL --bot POLICY --code CODE`): a seat played over the
network from the team's own view only (fog of war holds for bots too, unlike the server's
bot seats, which read the whole game). The policies are simple rules over the team's options."""

from __future__ import annotations

import random

from wargame.net.client import NetClient
from wargame.session import views as v
from wargame.session.errors import Refused

VIEW_POLICIES = ("hawk", "dove", "random", "idle")
"""hawk: military and information moves first, offers rejected; dove: diplomatic and economic
moves first, offers accepted; random: legal moves at random; idle: orders nothing."""

_FIRST = {
    "hawk": ("military", "information", "economic", "diplomatic"),
    "dove": ("diplomatic", "economic", "information", "military"),
}


def decide(policy: str, view: v.TeamView, salt: str = "") -> v.Draft:
    """The draft a view policy submits for this turn (deterministic for a view and a salt)."""
    if policy not in VIEW_POLICIES:
        raise ValueError(f"no view policy '{policy}'; expected one of: {', '.join(VIEW_POLICIES)}")
    rng = random.Random(f"{salt}/{view.team}/{view.situation.turn}")
    legal = [o for o in view.options if o.legal]
    if policy == "idle":
        chosen: list[v.MoveOption] = []
    elif policy == "random":
        chosen = rng.sample(legal, k=min(len(legal), rng.randint(0, view.max_orders)))
    else:
        order = _FIRST[policy]
        picks = [o for o in legal if o.category in order[:2]]
        picks.sort(key=lambda o: (order.index(o.category), o.id))
        chosen = picks[: view.max_orders]
    accept = {"hawk": "reject", "dove": "accept"}.get(policy) or rng.choice(["accept", "reject"])
    return v.Draft(
        orders=[v.OrderDraft(move=o.id, authorise=o.firebreak is not None) for o in chosen],
        answers={offer.id: accept for offer in view.offers},  # type: ignore[misc]
        choices={c.inject: c.options[0].id for c in view.choices if c.options},
    )


async def play_seat(client: NetClient, policy: str, *, salt: str = "", stop_after: int | None = None) -> int:
    """Play the client's team until the game is over (or `stop_after` submissions): submit once
    per turn as soon as the turn is open. Returns how many submissions were accepted; raises
    `JoinRefused` when the server will not take the client back (e.g. restarted with new codes)."""
    submitted = 0
    done: set[tuple[str, int, int]] = set()
    while stop_after is None or submitted < stop_after:
        state = await client.wait_for(
            lambda s: (
                s.situation.over
                or (
                    s.team is not None
                    and not s.situation.paused
                    and s.seats.get(s.team.team) == "human"
                    and s.team.team not in s.submitted
                    and (s.game_id, s.situation.turn, s.turns_played) not in done
                )
            ),
            timeout=None,  # a paused game or a long turn is waited out; a lost connection raises
        )
        if state.situation.over:
            return submitted
        assert state.team is not None
        key = (state.game_id, state.situation.turn, state.turns_played)
        done.add(key)
        draft = decide(policy, state.team, salt)
        try:
            await client.submit(draft, turn=state.situation.turn)
            submitted += 1
        except Refused:
            continue  # the turn moved on (clock, facilitator) or the seat changed: wait for the next
    return submitted


def check_policy(policy: str) -> None:
    if policy not in VIEW_POLICIES:
        raise ValueError(f"no bot policy '{policy}' for a network seat; expected one of: {', '.join(VIEW_POLICIES)}")
