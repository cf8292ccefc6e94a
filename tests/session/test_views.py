"""Every view the session gives a front end is plain data: it round-trips through JSON."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from wargame.session import views as v
from wargame.session.session import PlaySession

SEATS = {"india": "human", "pakistan": "human", "china": "bot:historical", "usa": "bot:dove"}


def round_trips(model: v.View) -> None:
    data = model.model_dump(mode="json")
    text = json.dumps(data)  # plain JSON: no tuples, dates or objects left
    again = type(model).model_validate(json.loads(text))
    assert again == model
    assert again.model_dump(mode="json") == data


def played(balakot) -> PlaySession:
    session = PlaySession.new(balakot, SEATS, seed=5, facilitator=True)
    for _ in range(3):
        session.submit("india", v.Draft(orders=[v.OrderDraft(move="revoke_mfn")]) if session.turn == 1 else v.Draft())
        session.submit("pakistan", v.Draft())
    session.submit("india", v.Draft())  # a draft is pending in the facilitator's view
    return session


def test_every_view_round_trips_as_json(balakot):
    session = played(balakot)
    views = [
        session.situation(),
        session.team_view("india"),
        session.team_view("pakistan"),
        session.facilitator_view(),
        session.public_view(),
        session.debrief(),
        session.updates_since(0, "india"),
        session.updates_since(2, v.PUBLIC),
        session.updates_since(session.version, None),
    ]
    for view in views:
        round_trips(view)
    india = session.team_view("india")
    assert india.options and india.events and india.variables and india.briefing
    assert india.draft == v.Draft() and india.submitted
    assert any(o.firebreak is not None for o in india.options)
    facilitator = session.facilitator_view()
    assert facilitator.injects and facilitator.last_orders and "india" in facilitator.drafts


def test_offers_and_choices_round_trip(tutorial):
    session = PlaySession.new(tutorial, {"india": "human", "pakistan": "bot:dove"}, seed=1)
    session.submit("india", v.Draft())
    view = session.team_view("india")
    assert view.choices, "the tutorial's second turn asks India to choose"
    round_trips(view)
    assert view.choices[0].options[0].label


def test_views_refuse_unknown_fields():
    with pytest.raises(ValidationError, match="extra"):
        v.OrderDraft.model_validate({"move": "revoke_mfn", "authorize": True})
    with pytest.raises(ValidationError):
        v.Draft.model_validate({"answers": {"offer-1": "maybe"}})
