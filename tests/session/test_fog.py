"""Fog of war in the session's views: a team never sees another team's private variables,
the events it was not shown, or another team's drafted orders."""

from __future__ import annotations

import json

from wargame.session import views as v
from wargame.session.session import PlaySession

HUMANS = {"india": "human", "pakistan": "human", "china": "human", "usa": "human"}


def private_variables(balakot) -> set[str]:
    return {x.id for x in balakot.rules.variables.team if x.private}


def pick(view: v.TeamView) -> v.Draft:
    """A private move when one is legal (so that there are events others must not see)."""
    legal = [o for o in view.options if o.legal and not o.firebreak]
    private = [o for o in legal if o.visibility != "public"]
    chosen = (private or legal)[:1]
    return v.Draft(orders=[v.OrderDraft(move=o.id) for o in chosen])


def assert_fogged(session: PlaySession, team: str, private: set[str]) -> None:
    view = session.team_view(team)
    others = [t for t in session.teams if t != team]
    for name in view.variables:
        head, _, rest = name.partition(".")
        assert not (head in others and rest in private), f"{team} sees {name}"
    for e in view.events:
        assert e.seen_by is None or team in e.seen_by, f"{team} sees {e.text!r}"
    hidden = [e for e in session.facilitator_view().events if e.seen_by is not None and team not in e.seen_by]
    text = json.dumps(view.model_dump(mode="json"))
    for e in hidden:
        assert e.text not in text
    for update in (session.updates_since(0, team), session.updates_since(max(1, session.version - 3), team)):
        for e in update.events:
            assert e.seen_by is None or team in e.seen_by
        assert update.draft is None or update.draft == view.draft


def test_no_team_sees_another_teams_secrets(balakot):
    private = private_variables(balakot)
    session = PlaySession.new(balakot, HUMANS, seed=11, facilitator=True)
    session.adjust("rung", 6, "the crisis starts high: private third-party moves become legal")
    session.hold(balakot.card.injects[-1].id)  # logged for the facilitator only
    hidden_somewhere = 0
    for _ in range(3):
        for team in session.teams:
            draft = pick(session.team_view(team))
            session.submit(team, draft)
            for other in session.teams:
                assert_fogged(session, other, private)
        events = session.facilitator_view().events
        hidden_somewhere += sum(
            1 for e in events if e.kind == "order" and e.seen_by is not None and len(e.seen_by) < len(session.teams)
        )
    assert hidden_somewhere, "no team played a move hidden from another: the test would prove nothing"


def test_a_draft_is_seen_only_by_its_team(balakot):
    session = PlaySession.new(balakot, HUMANS, seed=2)
    draft = v.Draft(orders=[v.OrderDraft(move="revoke_mfn")])
    session.submit("india", draft)
    assert session.team_view("india").draft == draft
    assert session.updates_since(1, "india").draft == draft
    for team in ("pakistan", "china", "usa"):
        assert session.team_view(team).draft is None
        assert session.updates_since(0, team).draft is None
        assert session.updates_since(1, team).draft is None
    assert "revoke_mfn" not in json.dumps(session.public_view().model_dump(mode="json"))
    assert session.facilitator_view().drafts["india"] == draft


def test_the_public_view_holds_only_public_events(balakot):
    session = PlaySession.new(balakot, HUMANS, seed=11)
    for _ in range(3):
        for team in session.teams:
            session.submit(team, pick(session.team_view(team)))
    public = session.public_view()
    assert public.events and all(e.seen_by is None for e in public.events)
    assert "variables" not in public.model_dump()
