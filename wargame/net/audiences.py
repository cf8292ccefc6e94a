"""Each audience's snapshot (a team's, the facilitator's, the projector's), built from the
session with fog of war applied here, on the server.

A part of a snapshot is rebuilt only when the session changed in a way that can alter it:
the parts every audience shares once per session version, a team's view and results when the
session changed for that team (another team's submission does not change them — see
`PlaySession.changed_at`), the debrief once per version (first without the slow comparison
with simulated games, then with it). A turn's results are the indices of its events in the
view's log, which carries the events themselves (they are sent once). Unchanged parts are the
same objects from one snapshot to the next, so the diff that makes a patch is mostly identity checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from wargame.net import protocol as p
from wargame.session import views as v
from wargame.session.session import PlaySession

T = TypeVar("T")


class Audiences:
    """Builds snapshots of one session's audiences, caching what has not changed."""

    def __init__(self, session: PlaySession) -> None:
        self.session = session
        self._parts: dict[tuple[str, str], tuple[Any, Any]] = {}

    def _cached(self, part: str, who: str, key: Any, build: Callable[[], T]) -> T:
        hit = self._parts.get((part, who))
        if hit is not None and hit[0] == key:
            return hit[1]  # type: ignore[no-any-return]
        value = build()
        self._parts[(part, who)] = (key, value)
        return value

    def team_view(self, team: str) -> v.TeamView:
        """`team`'s view, rebuilt only when something it sees has changed."""
        return self._cached("view", team, self.session.changed_at(team), lambda: self.session.team_view(team))

    @property
    def comparison_pending(self) -> bool:
        """The game is over and its debrief still lacks the comparison with simulated games."""
        return self.session.over and not self.session.comparison_ready

    def state(
        self,
        who: str,
        *,
        frame: int,
        clock: p.Clock,
        notices: list[str],
        connected: list[p.Presence] | None = None,
        shared: v.Draft | None = None,
        debrief: bool = True,
    ) -> p.State:
        """The snapshot of `who`'s view (a team id, `FACILITATOR` or `PUBLIC`), numbered `frame`;
        with `debrief=False` without the debrief even if the game is over (it is sent next)."""
        s = self.session
        version = s.version
        common = self._cached("common", "", version, lambda: self._common(version))
        report = None
        if s.over and debrief:
            ready = s.comparison_ready
            report = self._cached("debrief", "", (version, ready), lambda: s.debrief(with_comparison=ready))
        fields: dict[str, Any] = {
            **common,
            "frame": frame,
            "clock": clock,
            "notices": notices,
            "debrief": report,
        }
        if who == v.FACILITATOR:
            fields["facilitator"] = self._cached("view", who, version, s.facilitator_view)
            fields["results"] = self._cached("results", who, version, lambda: _indices(s.results(None)))
            fields["connected"] = connected
        elif who == v.PUBLIC:
            key = s.changed_at(v.PUBLIC)
            fields["public"] = self._cached("view", who, key, s.public_view)
            fields["results"] = self._cached("results", who, key, lambda: _indices(s.results(v.PUBLIC)))
        else:
            key = s.changed_at(who)
            fields["team"] = self.team_view(who)
            fields["results"] = self._cached("results", who, key, lambda: _indices(s.results(who)))
            fields["shared"] = shared
        # every part is a model the session built (and checked) or a plain list: no second validation
        return p.State.model_construct(**fields)

    def _common(self, version: int) -> dict[str, Any]:
        s = self.session
        return {
            "version": version,
            "game_id": s.game_id,
            "turns_played": s.turns_played,
            "situation": s.situation(),
            "seats": dict(s.seats),
            "submitted": s.submitted,
        }


def _indices(events: list[v.EventView]) -> list[int]:
    """The turn's results as the protocol sends them: by index (the events are in the view's log)."""
    return [e.index for e in events]
