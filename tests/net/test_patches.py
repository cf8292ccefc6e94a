"""Patches: only what changed goes over the socket, a client that misses one resyncs, and a
patch that does not fit a snapshot's types is refused."""

from __future__ import annotations

import json

import pytest

from wargame.net import protocol as p
from wargame.net.patch import PatchError, apply_all, diff
from wargame.session import views as v


async def test_after_the_first_snapshot_a_client_is_sent_only_what_changed(tutorial_game):
    india = await tutorial_game.join("india")
    pakistan = await tutorial_game.join("pakistan")
    first = json.loads(india.frames[-1])
    assert first["type"] == "state" and first["team"]["events"], "the first frame is the full snapshot"
    india.frames.clear()
    await pakistan.submit(v.Draft())
    await india.wait_for(lambda s: s.submitted == ["pakistan"])
    patches = [json.loads(raw) for raw in india.frames if '"type":"patch"' in raw]
    assert patches, "Pakistan's submission reached India as a patch"
    changed = {tuple(op["path"]) for m in patches for op in m["ops"]}
    assert ("submitted",) in changed
    assert not any(path[0] == "team" for path in changed), "India's own view did not change"
    india.frames.clear()
    await india.submit(v.Draft())
    state = await india.wait_for(lambda s: s.turns_played == 1)
    patches = [json.loads(raw) for raw in india.frames if '"type":"patch"' in raw]
    appended = [op for m in patches for op in m["ops"] if op["op"] == "append"]
    assert any(op["path"] == ["team", "events"] for op in appended), "the new events are appended to the log"
    assert state.model_dump() == tutorial_game.server.snapshot("india").model_dump()


async def test_a_client_that_missed_a_patch_asks_for_a_full_snapshot(tutorial_game):
    india = await tutorial_game.join("india")
    pakistan = await tutorial_game.join("pakistan")
    assert india.state is not None
    india.state = india.state.model_copy(update={"frame": -1})  # as if a patch had been lost
    india.frames.clear()
    await pakistan.submit(v.Draft())
    state = await india.wait_for(lambda s: s.frame != -1 and s.submitted == ["pakistan"])
    assert any('"type":"state"' in raw for raw in india.frames), "the server sent a full snapshot"
    assert state.model_dump() == tutorial_game.server.snapshot("india").model_dump()
    await india.submit(v.Draft())
    await india.wait_for(lambda s: s.turns_played == 1)  # and patches apply again after it


def test_a_patch_is_checked_against_the_fields_types():
    situation = _situation()
    later = situation.model_copy(update={"rung": 2, "over": True})
    ops = diff(situation, later)
    assert sorted(path[0] for path, _op, _value in ops) == ["over", "rung"]
    rebuilt = situation
    for path, op, value in ops:
        rebuilt = apply_all(rebuilt, [(path, op, value)])  # type: ignore[assignment]
    assert rebuilt == later
    with pytest.raises(PatchError):
        apply_all(situation, [(["rung"], "set", "not a number")])
    with pytest.raises(PatchError):
        apply_all(situation, [(["secret"], "set", 1)])
    with pytest.raises(PatchError):
        apply_all(situation, [(["rung", "deeper"], "set", 1)])
    with pytest.raises(PatchError):
        apply_all(situation, [(["rung"], "append", [1])])


def test_a_patch_message_refuses_unknown_fields():
    raw = '{"type": "patch", "base": 1, "frame": 2, "version": 3, "ops": [], "sneaky": 1}'
    with pytest.raises(ValueError):
        p.SERVER.validate_json(raw)


def test_rows_and_entries_that_changed_are_sent_alone_and_checked():
    rows = [
        p.Presence(who=f"team{i}", name=f"Team {i} " * 20, clients=1, seat="human", submitted=False) for i in range(5)
    ]
    model = p.State(
        version=1,
        game_id="g",
        turns_played=0,
        situation=_situation(),
        seats={"india": "human", "usa": "human"},
        submitted=[],
        clock=p.Clock(minutes=None, remaining=None, fallback={}),
        connected=rows,
    )
    changed = model.model_copy(update={"seats": {"india": "bot:hawk", "usa": "human"}})
    ops = diff(model, changed)
    assert ops == [(["seats", "india"], "set", "bot:hawk")], "only the entry that changed"
    assert apply_all(model, ops) == changed
    later_rows = [*rows]
    later_rows[3] = rows[3].model_copy(update={"clients": 3})
    changed = model.model_copy(update={"connected": later_rows})
    ops = diff(model, changed)
    assert ops == [(["connected", "3", "clients"], "set", 3)], "only the field of the row that changed"
    assert apply_all(model, ops) == changed
    for bad in (
        (["seats", "india"], "set", 3),  # not a seat
        (["seats", "china"], "set", "human"),  # no such entry
        (["connected", "3", "clients"], "set", "many"),  # not a count
        (["connected", "9", "clients"], "set", 1),  # no such row
        (["connected", "3"], "set", 1),  # a row is patched field by field
        (["submitted", "0"], "set", "india"),  # not a list of views
    ):
        with pytest.raises(PatchError):
            apply_all(model, [bad])


def _situation() -> v.Situation:
    return v.Situation(
        turn=1,
        n_turns=4,
        date="",
        label="",
        state="s",
        state_name="S",
        rung=0,
        rung_name="",
        n_rungs=3,
        over=False,
        end=None,
    )
