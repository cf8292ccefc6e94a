"""The facilitator over the network: overrides, seats, the turn clock."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wargame.session import views as v


async def _play_turn(india, pakistan, draft_india=None, draft_pakistan=None):
    before = india.state.turns_played
    await pakistan.submit(draft_pakistan or v.Draft())
    await india.submit(draft_india or v.Draft())
    await india.wait_for(lambda s: s.turns_played == before + 1)


async def test_the_facilitator_sees_who_is_connected(tutorial_game):
    fac = await tutorial_game.join("@facilitator")
    assert {r.who: r.clients for r in fac.state.connected}["india"] == 0
    india = await tutorial_game.join("india")
    state = await fac.wait_for(lambda s: {r.who: r.clients for r in s.connected}["india"] == 1)
    assert state.facilitator is not None
    await india.close()
    await fac.wait_for(lambda s: {r.who: r.clients for r in s.connected}["india"] == 0)


async def test_an_override_reaches_every_clients_results(balakot_game):
    game = balakot_game
    fac = await game.join("@facilitator")
    teams = {t: await game.join(t) for t in game.session.teams}
    projector = await game.join(None)
    await teams["india"].submit(v.Draft(orders=[v.OrderDraft(move="push_unsc_statement")]))
    for t in ("pakistan", "china", "usa"):
        await teams[t].submit(v.Draft())
    outcome = (await fac.wait_for(lambda s: bool(s.facilitator.overridable))).facilitator.overridable[0]
    assert (outcome.team, outcome.move) == ("india", "push_unsc_statement")
    version = game.session.version
    for success in (True, False):
        await fac.facilitate("override", team="india", move=outcome.move, success=success, reason="umpire ruling")
    for client in [*teams.values(), projector, fac]:
        state = await client.wait_for(lambda s: s.version >= version + 2)
        assert any("umpire ruling" in n for n in state.notices)
        assert any("umpire ruling" in e.detail for e in state.turn_results()), "the ruling is in every client's results"


async def test_a_seat_handed_to_a_bot_and_back(tutorial_game):
    fac = await tutorial_game.join("@facilitator")
    india = await tutorial_game.join("india")
    await india.submit(v.Draft())
    # pakistan never joined: the facilitator hands its seat to a bot, which plays at once
    await fac.facilitate("seat", team="pakistan", seat="bot:hawk")
    state = await india.wait_for(lambda s: s.turns_played == 1)
    assert state.seats["pakistan"] == "bot:hawk"
    await fac.facilitate("seat", team="pakistan", seat="human")
    pakistan = await tutorial_game.join("pakistan")
    await india.submit(v.Draft())
    assert tutorial_game.session.turns_played == 1  # waits for pakistan's people now
    await pakistan.submit(v.Draft())
    await india.wait_for(lambda s: s.turns_played == 2 and s.seats["pakistan"] == "human")


@pytest.mark.served(clock_minutes=0.01)
async def test_the_clock_running_out_orders_nothing_or_plays_the_fallback(tutorial_game):
    served = tutorial_game
    lines: list[str] = []
    served.server.log = lines.append
    fac = await served.join("@facilitator")
    india = await served.join("india")
    assert india.state.clock.remaining is not None and india.state.clock.remaining <= 0.6
    await india.submit(v.Draft())
    state = await india.wait_for(lambda s: s.turns_played == 1, timeout=5)
    assert any("before Pakistan submitted; it orders nothing" in n for n in state.notices)
    assert served.session.seats["pakistan"] == "human"
    await fac.facilitate("fallback", team="pakistan", seat="bot:hawk")
    await fac.facilitate("fallback", team="india", seat="bot:dove")
    state = await india.wait_for(lambda s: s.turns_played == 2, timeout=5)
    assert any("Pakistan submitted; its seat's fallback bot:hawk played it" in n for n in state.notices)
    assert any("India submitted; its seat's fallback bot:dove played it" in n for n in state.notices)
    assert served.session.seats == {"india": "human", "pakistan": "human"}
    assert any("fallback bot:hawk played it" in line for line in lines)
    last = served.session.facilitator_view().last_orders
    assert last["pakistan"] or last["india"], "the fallback bots gave orders"
    # the game's own event log says it too: in every client's results, in the save, in a replay
    expired = [e.text for e in state.turn_results() if e.kind == "facilitator"]
    assert expired == [
        "Turn 2: the turn clock ran out before India and Pakistan submitted — India's fallback bot (dove) "
        "plays its turn; Pakistan's fallback bot (hawk) plays its turn"
    ]
    save = served.session.last_save
    assert save is not None
    _expiries_replay_exactly(save)


@pytest.mark.served(clock_minutes=0.02)
async def test_pause_freezes_the_clock_and_extend_adds_time(tutorial_game):
    served = tutorial_game
    fac = await served.join("@facilitator")
    await fac.facilitate("pause")
    await asyncio.sleep(1.5)
    assert served.session.turns_played == 0
    frozen = fac.state.clock.remaining
    await fac.facilitate("extend", minutes=1)
    state = await fac.wait_for(lambda s: s.clock.remaining is not None and s.clock.remaining > 60)
    assert state.clock.remaining == frozen + 60 and state.situation.paused
    await fac.facilitate("resume")
    await fac.facilitate("clock", minutes=0)
    state = await fac.wait_for(lambda s: s.clock.minutes is None)
    assert state.clock.remaining is None
    await fac.facilitate("end_turn")
    state = await fac.wait_for(lambda s: s.turns_played == 1)
    assert any("the facilitator ended the turn" in n for n in state.notices)


async def test_extend_with_no_clock_times_this_turn_only(tutorial_game):
    """'Add 1 minute' with no clock gives this turn a one-minute countdown; the next turn has no
    clock (it once set a one-minute clock on every later turn)."""
    served = tutorial_game
    fac = await served.join("@facilitator")
    assert fac.state.clock.remaining is None
    await fac.facilitate("extend", minutes=1)
    state = await fac.wait_for(lambda s: s.clock.remaining is not None)
    assert 55 < state.clock.remaining <= 60 and state.clock.minutes is None
    await fac.facilitate("end_turn")
    state = await fac.wait_for(lambda s: s.turns_played == 1)
    assert state.clock.remaining is None and state.clock.minutes is None
    assert served.session.turn_clock is None


async def test_only_the_facilitator_code_may_use_facilitator_verbs(tutorial_game):
    import pytest

    from wargame.session.errors import Refused

    india = await tutorial_game.join("india")
    with pytest.raises(Refused, match="only the facilitator"):
        await india.facilitate("pause")
    assert not tutorial_game.session.paused


def _expiries_replay_exactly(save: Path) -> None:
    """The save records both expiries as decisions and log events; `wargame replay` rebuilds
    the game from its card, seed and inputs and finds the same log; the report lists them."""
    data = json.loads(save.read_text(encoding="utf-8"))
    decisions = [d for d in data["decisions"] if d["verb"] == "clock_expired"]
    assert decisions == [
        {
            "verb": "clock_expired",
            "before_turn": 1,
            "teams": {"pakistan": "nothing"},
            "reason": "the turn clock ran out",
        },
        {
            "verb": "clock_expired",
            "before_turn": 2,
            "teams": {"india": "bot:dove", "pakistan": "bot:hawk"},
            "reason": "the turn clock ran out",
        },
    ]
    logged = [e["text"] for e in data["snapshot"]["log"] if e["kind"] == "facilitator"]
    assert logged[0] == "Turn 1: the turn clock ran out before Pakistan submitted — Pakistan orders nothing"
    replay = subprocess.run(
        [sys.executable, "-m", "wargame", "replay", str(save)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert "identical" in replay.stdout
    report = subprocess.run(
        [sys.executable, "-m", "wargame", "report", str(save), "--output", str(save.parent / "report.md")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert report.returncode == 0, report.stdout + report.stderr
    written = (save.parent / "report.md").read_text(encoding="utf-8")
    assert "- Turn 1: the turn clock ran out before Pakistan submitted — Pakistan orders nothing" in written
    assert "Turn 1: Turn 1:" not in written
