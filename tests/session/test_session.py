"""The play session: submissions once per team per turn, bots, adjudication, facilitator
verbs, autosave warnings, resume and fork naming, and the versioned stream of updates."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from wargame.session import views as v
from wargame.session.errors import Refused, ResumeError
from wargame.session.session import PlaySession, fork_game_id

TWO_HUMANS = {"india": "human", "pakistan": "human", "china": "bot:historical", "usa": "bot:historical"}
MFN = v.Draft(orders=[v.OrderDraft(move="revoke_mfn")])


def test_adjudication_waits_for_every_human_seat(balakot):
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3)
    first = session.submit("india", MFN)
    assert not first.adjudicated and session.turn == 1 and session.submitted == ["india"]
    assert session.next_human() == "pakistan"
    second = session.submit("pakistan", v.Draft())
    assert second.adjudicated and session.turn == 2 and session.submitted == []
    results = session.results(None)
    assert any(e.kind == "order" and e.team == "india" for e in results)
    assert any(e.kind == "order" and e.team in ("china", "usa") for e in results) or results


def test_a_resubmission_replaces_the_draft(balakot):
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3, facilitator=True)
    session.submit("india", MFN)
    session.submit("india", v.Draft())
    assert session.team_view("india").draft == v.Draft()
    session.submit("pakistan", v.Draft())
    assert session.facilitator_view().last_orders.get("india", []) == []


def test_refusals_say_why(balakot):
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3)
    with pytest.raises(Refused, match=r"its condition does not hold: rung >= rungs\.diplomatic_economic_gestures"):
        session.submit("india", v.Draft(orders=[v.OrderDraft(move="precision_strike_camp")]))
    with pytest.raises(Refused, match="played by bot:historical"):
        session.submit("china", v.Draft())
    with pytest.raises(Refused, match="not a team on this card"):
        session.submit("atlantis", v.Draft())
    with pytest.raises(Refused, match="for turn 4, but this is turn 1"):
        session.submit("india", v.Draft(), turn=4)
    assert session.submitted == []


def test_a_resent_request_is_acknowledged_once(balakot):
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3)
    first = session.submit("india", MFN, turn=1, request_id="r1")
    version = session.version
    again = session.submit("india", MFN, turn=1, request_id="r1")
    assert again.duplicate and not first.duplicate and session.version == version
    session.submit("pakistan", v.Draft(), turn=1, request_id="r2")
    late = session.submit("pakistan", v.Draft(), turn=1, request_id="r2")  # resent after adjudication
    assert late.duplicate and late.adjudicated and session.turn == 2


def test_a_paused_game_takes_no_orders(balakot):
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3)
    session.pause()
    assert session.situation().paused
    with pytest.raises(Refused, match="paused"):
        session.submit("india", MFN)
    session.unpause()
    session.submit("india", MFN)


def test_all_bot_game_plays_to_the_end_like_the_batch_runner(balakot):
    from wargame.sim.runner import play_bots

    seats = {t: "bot:quantal" for t in TWO_HUMANS}
    session = PlaySession.new(balakot, seats, seed=9, undo=False)
    while not session.over:
        session.adjudicate()
    from wargame.reporting.explain import describe
    from wargame.reporting.glossary import Glossary

    batch = play_bots(balakot, 9, seats)
    g = Glossary(batch.compiled)
    assert [e.text for e in session.facilitator_view().events] == [describe(e, g) for e in batch.state.log]
    assert session.debrief().end == batch.state.end


def test_updates_since_a_version(balakot):
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3, facilitator=True)
    start = session.version
    session.submit("india", MFN)
    update = session.updates_since(start, "pakistan")
    assert update.changes == ["submitted"] and update.submitted == ["india"]
    assert update.events == [] and update.options is None and update.draft is None and not update.resync
    mid = session.version
    session.submit("pakistan", v.Draft())
    update = session.updates_since(mid, "india")
    assert update.changes == ["submitted", "adjudicated"] and not update.resync
    assert update.events and all(e.index >= 0 and e.turn >= 1 for e in update.events)
    assert update.options is not None and update.situation.turn == 2
    everything = session.updates_since(0, "india")
    assert everything.resync and everything.events == session.team_view("india").events
    assert session.updates_since(session.version, "india").events == []
    session.undo()
    after_undo = session.updates_since(mid, "india")
    assert after_undo.resync and "undone" in after_undo.changes
    with pytest.raises(Refused):
        session.updates_since(0, "atlantis")


def test_facilitator_verbs_and_their_autosaves(balakot, tmp_path):
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3, facilitator=True, saves=tmp_path)
    session.submit("india", v.Draft(orders=[v.OrderDraft(move="push_unsc_statement")]))
    session.submit("pakistan", v.Draft())
    assert session.last_save is not None
    outcome = session.facilitator_view().overridable[0]
    results = session.override(outcome.team, outcome.move, True, "the Council agreed")
    assert any("The facilitator ruled a success: the Council agreed. (The chance was" in e.detail for e in results)
    session.adjust("intl_attention", 0.9, "the world watches")
    session.fire(next(i.id for i in session.facilitator_view().injects if i.status == "for the facilitator"))
    verbs = [d.verb for d in session.facilitator_view().decisions]
    assert verbs == ["adjust", "fire"]
    saves = sorted(tmp_path.glob("*.autosave-*.json"))
    assert len(saves) == 4  # the turn, the ruling, the adjustment, the inject (the last few are kept)
    resumed = PlaySession.resume(saves[-1])
    assert resumed.facilitator_view().variables == session.facilitator_view().variables
    assert resumed.facilitator_view().events == session.facilitator_view().events
    assert resumed.turn == session.turn and resumed.game_id == session.game_id


def test_fork_naming_and_rewind(balakot, tmp_path):
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3, facilitator=True, saves=tmp_path)
    for _ in range(3):
        session.submit("india", v.Draft())
        session.submit("pakistan", v.Draft())
    original = session.game_id
    with pytest.raises(Refused, match="cannot fork at turn 9"):
        session.fork(9)
    assert session.fork(2) == fork_game_id(original, 2) == f"{original}-fork-t2"
    assert session.turn == 2 and session.turns_played == 1
    assert list(tmp_path.glob(f"{original}-fork-t2.autosave-*.json"))
    assert len(list(tmp_path.glob(f"{original}.autosave-*.json"))) == 3


def test_a_failed_autosave_is_a_warning_not_a_crash(balakot, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the saves folder should be")
    heard: list[str] = []
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3, saves=blocked, on_warning=heard.append)
    session.submit("india", MFN)
    session.submit("pakistan", v.Draft())
    assert session.turn == 2 and session.last_save is None
    assert heard and heard[0].startswith(f"could not autosave to {blocked}")
    assert session.warnings == heard


def test_resume_refuses_a_bad_file_with_a_clear_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ResumeError, match=r"bad\.json"):
        PlaySession.resume(bad)


@pytest.mark.parametrize("name", ["save-v2-facilitated.json", "save-v2-finished.json"])
def test_old_saves_resume_through_the_session(name):
    data = json.loads((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
    session = PlaySession.resume(ROOT / "tests" / "data" / name)
    assert session.turns_played == len(data["turns"]) and session.game_id == data["game_id"]
    shown = session.facilitator_view().variables
    assert all(shown[k] == v for k, v in data["snapshot"]["vars"].items())  # variables added since start fresh
    assert session.seats == data["seats"] and session.facilitator == data["facilitator"]


def test_seats_can_be_handed_to_a_bot_and_back(balakot):
    session = PlaySession.new(balakot, TWO_HUMANS, seed=3)
    session.submit("india", MFN)
    session.set_seat("india", "bot:dove")
    assert session.humans == ["pakistan"] and session.submitted == []
    session.set_seat("india", "human")
    with pytest.raises(Refused, match="no bot policy"):
        session.set_seat("india", "bot:nobody")
