"""Teammates on several screens share one draft live: a member's change reaches the team's other
clients (and no other team's), part by part, without the screen waiting for the server."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from textual.widgets import Input

from tests.net.conftest import until
from tests.ui.helpers import close_cards, screen_text, submit
from wargame.net.remote import RemoteSession
from wargame.session import views as v
from wargame.session.errors import Refused
from wargame.ui.join import JoinApp
from wargame.ui.screens.briefing import BriefingScreen
from wargame.ui.screens.remote import RemoteTurnScreen, WaitingScreen
from wargame.ui.screens.review import ReviewScreen
from wargame.ui.screens.turn import TurnScreen

MARKER = "hold-the-line-7f3q"


# ---------------------------------------------------------------------- the protocol (real server, real clients)
async def test_a_shared_draft_reaches_the_teams_other_members_and_no_other_audience(tutorial_game):
    first, second = await tutorial_game.join("india"), await tutorial_game.join("india")
    others = [
        await tutorial_game.join("pakistan"),
        await tutorial_game.join("@facilitator"),
        await tutorial_game.join(None),
    ]
    move = next(o.id for o in first.state.team.options if o.legal)
    draft = v.Draft(orders=[v.OrderDraft(move=move)], why=MARKER)
    await first.share(draft, ["orders", "why"])
    seen = await second.wait_for(lambda s: s.shared is not None and s.shared.why == MARKER)
    assert seen.shared == draft
    await asyncio.sleep(0.2)  # every audience's update went out in the same flush; let them arrive
    assert any(MARKER in raw for raw in second.frames)
    for client in others:
        assert client.frames, "the other audiences were sent their snapshots"
        assert not any(MARKER in raw for raw in client.frames)
        for raw in client.frames:
            message = json.loads(raw)
            if message["type"] == "state":
                assert message["shared"] is None
            elif message["type"] == "patch":
                assert all(op["path"][0] != "shared" for op in message["ops"])


async def test_members_changing_different_parts_do_not_undo_each_other(tutorial_game):
    first, second = await tutorial_game.join("india"), await tutorial_game.join("india")
    move = next(o.id for o in first.state.team.options if o.legal)
    await first.share(v.Draft(orders=[v.OrderDraft(move=move)]), ["orders"])
    await second.share(v.Draft(why=MARKER), ["why"])  # the second member has not seen the order yet
    both = v.Draft(orders=[v.OrderDraft(move=move)], why=MARKER)
    assert tutorial_game.server.shared["india"] == both
    for client in (first, second):
        await client.wait_for(lambda s: s.shared == both)
    await second.share(v.Draft(), ["orders"])  # a member removes the order: the why stays
    assert tutorial_game.server.shared["india"] == v.Draft(why=MARKER)
    with pytest.raises(Refused, match="not a part of a draft"):
        await first.share(v.Draft(), ["secrets"])


# ---------------------------------------------------------------------- sharing in the background
def test_sharing_never_waits_for_the_server_and_a_burst_of_edits_is_coalesced(live):
    remote = RemoteSession(live.url, code=live.server.codes.teams["india"])
    remote.connect()
    try:
        move = next(o.id for o in remote.snapshot.team.options if o.legal)
        gate = threading.Event()
        live.loop.call_soon_threadsafe(gate.wait, 20)  # the server is busy: it answers nothing
        try:
            started = time.monotonic()
            for i in range(10):
                written = (remote.game_id, remote.turns_played)
                remote.share_soon(
                    v.Draft(orders=[v.OrderDraft(move=move)], why=f"edit {i}"), {"orders", "why"}, written
                )
            assert time.monotonic() - started < 1.0
        finally:
            gate.set()
        deadline = time.monotonic() + 10
        last = v.Draft(orders=[v.OrderDraft(move=move)], why="edit 9")
        while live.run(lambda: live.server.shared.get("india")) != last:
            assert time.monotonic() < deadline, "the last edit did not reach the server"
            time.sleep(0.05)
        assert remote.sharer.sent <= 2, "the edits made while a share was in flight went as one share"
    finally:
        remote.close()


# ---------------------------------------------------------------------- the Textual client (Pilot)
async def _to_the_turn(pilot, app: JoinApp) -> RemoteTurnScreen:
    await until(pilot, lambda: isinstance(app.screen, BriefingScreen))
    await pilot.press("enter")
    await until(pilot, lambda: any(isinstance(screen, TurnScreen) for screen in app.screen_stack))
    await close_cards(pilot, app)
    assert isinstance(app.screen, RemoteTurnScreen)
    return app.screen


async def test_teammates_see_each_others_edits_live_but_not_under_an_open_review(live):
    code = live.server.codes.teams["india"]
    a, b = JoinApp(live.url, code=code), JoinApp(live.url, code=code)
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        turn_a, turn_b = await _to_the_turn(pa, a), await _to_the_turn(pb, b)
        await pa.press("enter")  # A: the highlighted move becomes an order
        await until(pa, lambda: len(turn_a.orders) == 1)
        move = turn_a.orders[0].move
        await until(pb, lambda: [o.move for o in turn_b.orders] == [move])
        assert "Orders (1/" in screen_text(b)
        # B reviews the orders; A removes the order meanwhile: B's review and draft stay as they were
        await pb.press("s")
        await until(pb, lambda: isinstance(b.screen, ReviewScreen))
        await pa.press("delete")
        await until(pb, lambda: b.remote.snapshot.shared.orders == [])  # B's client has A's change
        await pb.pause(0.3)
        assert [o.move for o in turn_b.orders] == [move] and isinstance(b.screen, ReviewScreen)
        # back on the turn screen, B sees A's change, and is told which of its orders went
        await pb.press("escape")
        await until(pb, lambda: b.screen is turn_b and turn_b.orders == [])
        assert "Orders (0/" in screen_text(b)
        name = next(o.name for o in turn_b.options if o.id == move)
        assert any(n.title == "Orders changed" and name in n.message for n in b._notifications)
        # and B's own change reaches A
        await pb.press("enter")
        await until(pa, lambda: [o.move for o in turn_a.orders] == [move])


async def test_an_edit_does_not_wait_for_a_busy_server_and_a_failed_share_is_a_quiet_notice(live):
    app = JoinApp(live.url, code=live.server.codes.teams["india"])
    async with app.run_test(size=(120, 40)) as pilot:
        turn = await _to_the_turn(pilot, app)
        assert app.remote is not None
        app.remote.sharer.timeout = 0.5
        gate = threading.Event()
        live.loop.call_soon_threadsafe(gate.wait, 20)  # the server is busy: it answers nothing
        try:
            started = time.monotonic()
            await pilot.press("enter")
            await pilot.pause()
            assert time.monotonic() - started < 3.0, "adding an order waited for the server"
            assert "Orders (1/" in screen_text(app)
            await until(pilot, lambda: "Draft not shared" in {n.title for n in app._notifications})
            notice = next(n for n in app._notifications if n.title == "Draft not shared")
            assert notice.severity == "warning" and "go with your orders" in notice.message
            assert isinstance(app.screen, RemoteTurnScreen) and len(turn.orders) == 1
        finally:
            gate.set()
        move = turn.orders[0].move
        await pilot.press("down", "enter")  # the next edit shares the whole draft again
        await until(pilot, lambda: len(turn.orders) == 2)
        await until(pilot, lambda: live.run(lambda: live.server.shared["india"].orders) == turn.orders)
        assert turn.orders[0].move == move


async def test_a_share_that_arrives_after_the_turn_moved_on_is_not_kept(tutorial_game):
    india, pakistan = await tutorial_game.join("india"), await tutorial_game.join("pakistan")
    move = next(o.id for o in india.state.team.options if o.legal)
    written = (india.state.game_id, india.state.turns_played)
    await india.submit(v.Draft())
    await pakistan.submit(v.Draft())
    await india.wait_for(lambda s: s.turns_played == 1)
    await india.share(v.Draft(orders=[v.OrderDraft(move=move)]), ["orders"], written=written)  # sent in turn 1
    assert "india" not in tutorial_game.server.shared
    await india.share(v.Draft(why=MARKER), ["why"])  # written now
    assert tutorial_game.server.shared["india"] == v.Draft(why=MARKER)


async def test_a_shared_draft_keeps_answers_and_choices_only_for_what_was_asked(tutorial_game):
    """Drafts merge part by part, so answers to offers never made would pile up share after
    share until the team's snapshot passed the frame limit (found in review): the server keeps
    only answers and choices for the team's offers and choices this turn."""
    india = await tutorial_game.join("india")
    for batch in range(3):  # each share is within its own limit (256 parts)
        junk = {f"offer-{batch}-{i}": "accept" for i in range(200)}
        await india.share(v.Draft(answers=junk, why=MARKER), ["why", *(f"answers/{k}" for k in junk)])
    assert tutorial_game.server.shared["india"] == v.Draft(why=MARKER)


async def test_when_a_teammate_submits_the_other_screens_show_what_was_submitted(live):
    code = live.server.codes.teams["india"]
    a, b = JoinApp(live.url, code=code), JoinApp(live.url, code=code)
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        await _to_the_turn(pa, a)
        await _to_the_turn(pb, b)
        await pa.press("enter")
        await submit(pa, a)
        await until(pa, lambda: isinstance(a.screen, WaitingScreen))
        await until(pb, lambda: isinstance(b.screen, WaitingScreen))
        assert "Submitted for India" in screen_text(b) and "1. " in screen_text(b)


async def test_the_why_typed_in_the_review_is_kept_on_going_back_and_reaches_teammates(live):
    code = live.server.codes.teams["india"]
    a, b = JoinApp(live.url, code=code), JoinApp(live.url, code=code)
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        turn_a, turn_b = await _to_the_turn(pa, a), await _to_the_turn(pb, b)
        await pa.press("s")
        await until(pa, lambda: isinstance(a.screen, ReviewScreen))
        await pa.press(*"hold firm", "escape")
        await until(pa, lambda: a.screen is turn_a and turn_a.why == "hold firm")
        await until(pb, lambda: turn_b.why == "hold firm")
        await pb.press("s")
        await until(pb, lambda: isinstance(b.screen, ReviewScreen))
        assert b.screen.query_one(Input).value == "hold firm"


async def test_a_why_typed_on_a_turn_that_has_been_resolved_is_not_kept_for_the_next(live):
    """A member still in the review when the turn is resolved types a why and goes Back: the
    share is stamped with the turn the screen was for, so the server does not keep it for the
    next turn (found in review: it was stamped with the newest snapshot's turn)."""
    from wargame.ui.join import JoinApp
    from wargame.ui.screens.review import ReviewScreen

    app = JoinApp(live.url, code=live.server.codes.teams["india"])
    async with app.run_test(size=(120, 40)) as pilot:
        turn = await _to_the_turn(pilot, app)
        await pilot.press("enter")  # an order for turn 1
        await until(pilot, lambda: len(turn.orders) == 1)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        live.run(lambda: live.server.expire(reason="the facilitator ended the turn"))
        live.run(lambda: live.server._broadcast())
        await until(pilot, lambda: app.remote.snapshot.turns_played == 1)
        await pilot.press(*"old turn why", "escape")  # Back: the why typed is kept, and shared
        await pilot.pause(1.0)
        assert live.run(lambda: live.server.session.turns_played) == 1
        assert live.run(lambda: live.server.shared.get("india")) is None
