"""What a served game adds to the session and its save: the turn ending before teams submitted
(`expire`, recorded as a `clock_expired` decision), the turn clock, the seats `join --bot`
clients played. Saved, resumed, and refused when a save's record of them is damaged."""

from __future__ import annotations

import json

import pytest

from wargame.session import views as v
from wargame.session.errors import Refused, ResumeError
from wargame.session.session import PlaySession

HUMANS = {"india": "human", "pakistan": "human"}


def test_expire_logs_who_ran_out_of_time_and_survives_undo_and_resume(tutorial, tmp_path):
    session = PlaySession.new(tutorial, HUMANS, 5, facilitator=True, saves=tmp_path)
    session.submit("india", v.Draft())
    got = session.expire({"pakistan": "bot:hawk"}, "the facilitator ended the turn")
    assert got == {"pakistan": "bot:hawk"}
    assert session.turns_played == 1 and session.seats == HUMANS
    opening = session.results("india")[0]
    assert opening.kind == "facilitator"
    assert opening.text == (
        "Turn 1: the facilitator ended the turn before Pakistan submitted — Pakistan's fallback bot (hawk) plays its turn"
    )
    assert session.facilitator_view().last_orders["pakistan"], "the fallback bot gave Pakistan's orders"
    # the next turn nobody submits and nobody has a fallback
    assert session.expire({}) == {"india": "nothing", "pakistan": "nothing"}
    assert session.facilitator_view().decisions[-1].verb == "clock_expired"
    assert session.last_save is not None
    resumed = PlaySession.resume(session.last_save, saves=tmp_path / "again")
    assert [e.text for e in resumed.events_since(0, None)] == [e.text for e in session.events_since(0, None)]
    session.undo()  # the record of the expiry stays, as any facilitator decision before the undone turn
    assert any("ran out" in e.text for e in session.events_since(0, None))


def test_expire_refuses_a_bad_fallback_and_a_paused_game(tutorial):
    session = PlaySession.new(tutorial, HUMANS, 5)
    with pytest.raises(Refused, match="no bot policy"):
        session.expire({"india": "bot:nonsense"})
    session.pause()
    with pytest.raises(Refused, match="paused"):
        session.expire({})
    assert session.turns_played == 0


def test_the_turn_clock_and_bot_clients_are_saved_and_resumed(tutorial, tmp_path):
    session = PlaySession.new(tutorial, HUMANS, 5, facilitator=True, saves=tmp_path)
    session.turn_clock = 12.5
    session.submit("india", v.Draft(), by_bot="bot:dove")
    session.submit("pakistan", v.Draft(), by_bot="not a policy")  # a label that names no bot: people
    assert session.bot_clients == {"india": "bot:dove"}
    assert session.played_seats() == {"india": "bot:dove", "pakistan": "human"}
    assert session.last_save is not None
    data = json.loads(session.last_save.read_text(encoding="utf-8"))
    assert data["turn_clock"] == 12.5 and data["bot_clients"] == {"india": "bot:dove"}
    resumed = PlaySession.resume(session.last_save, saves=tmp_path / "again")
    assert resumed.turn_clock == 12.5 and resumed.bot_clients == {"india": "bot:dove"}
    assert resumed.seats == HUMANS, "the server still waits for the bot client, as for people"


@pytest.mark.parametrize(
    "damage",
    [
        {"decisions": [{"verb": "clock_expired", "before_turn": 1, "teams": {"india": "bot:nonsense"}}]},
        {"decisions": [{"verb": "clock_expired", "before_turn": 1, "teams": {}}]},
        {"turn_clock": -3},
        {"bot_clients": {"india": "human!"}},
    ],
)
def test_a_damaged_record_of_a_served_game_is_refused(tutorial, tmp_path, damage):
    session = PlaySession.new(tutorial, HUMANS, 5, saves=tmp_path)
    session.submit("india", v.Draft())
    session.submit("pakistan", v.Draft())
    assert session.last_save is not None
    data = json.loads(session.last_save.read_text(encoding="utf-8"))
    data.update(damage)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResumeError, match=r"bad\.json"):
        PlaySession.resume(bad, saves=tmp_path / "again")


def _texts(events: list[v.EventView]) -> list[str]:
    return [e.text for e in events]


@pytest.mark.parametrize("ended_by", ["submissions", "the clock"])
def test_a_resumed_game_shows_its_last_turns_results_as_they_were(tutorial, tmp_path, ended_by):
    """`serve --resume`: every team joins mid-game and is shown the last turn's results first; they
    are that turn's results (with the note of the clock that ended it), not an empty turn."""
    session = PlaySession.new(tutorial, HUMANS, 5, facilitator=True, saves=tmp_path)
    session.submit("india", v.Draft(orders=[v.OrderDraft(move="brief_envoys")]))
    session.submit("pakistan", v.Draft(orders=[v.OrderDraft(move="brief_envoys")]))
    session.submit("india", v.Draft(orders=[v.OrderDraft(move="brief_envoys")]))
    if ended_by == "the clock":
        session.expire({}, "the facilitator ended the turn")
    else:
        session.submit("pakistan", v.Draft())
    assert session.turns_played == 2 and session.last_save is not None
    resumed = PlaySession.resume(session.last_save, saves=tmp_path / "again")
    for audience in (None, v.PUBLIC, "india", "pakistan"):
        assert _texts(resumed.results(audience)) == _texts(session.results(audience)) != []
    if ended_by == "the clock":
        assert resumed.results("india")[0].text.startswith("Turn 2: the facilitator ended the turn before Pakistan")
