"""A real server on a loopback port and real clients: joining, playing, fog of war on the wire."""

from __future__ import annotations

import asyncio
import json

import pytest

from wargame.net import protocol as p
from wargame.net.botplay import play_seat
from wargame.net.client import JoinRefused, NetClient
from wargame.session import views as v
from wargame.session.errors import Refused


async def test_balakot_played_to_the_end_by_four_bot_clients(balakot_game):
    served = balakot_game
    clients = [await served.join(team, label="bot") for team in served.session.teams]
    policies = ["hawk", "dove", "random", "dove"]
    counts = await asyncio.wait_for(
        asyncio.gather(*(play_seat(c, pol) for c, pol in zip(clients, policies, strict=True))), 60
    )
    assert served.session.over
    for client in clients:
        final = await client.wait_for(lambda s: s.debrief is not None)  # it follows the update that ends the game
        assert final.situation.over
        assert final.version == served.session.version
    assert counts == [served.session.turns_played] * 4


async def test_a_wrong_code_is_refused_with_a_clear_message(tutorial_game):
    with pytest.raises(JoinRefused, match="does not belong to this game"):
        await NetClient(tutorial_game.url, code="ZZZZZZ").connect()
    with pytest.raises(JoinRefused, match="needs a code"):
        await NetClient(tutorial_game.url).connect()


async def test_failed_joins_are_rate_limited(tutorial_game):
    for _ in range(tutorial_game.server.limiter.attempts):
        with pytest.raises(JoinRefused):
            await NetClient(tutorial_game.url, code="WRONG2").connect()
    good = tutorial_game.server.codes.teams["india"]
    with pytest.raises(JoinRefused, match="too many wrong codes"):
        await NetClient(tutorial_game.url, code=good).connect()


async def test_codes_are_typed_forgivingly(tutorial_game):
    code = tutorial_game.server.codes.teams["india"]
    client = NetClient(tutorial_game.url, code=f" {code[:3].lower()}-{code[3:]} ")
    welcome = await client.connect()
    assert (welcome.role, welcome.team) == ("team", "india")
    await client.close()


@pytest.mark.served(seed=11)
async def test_a_team_never_receives_the_other_teams_secrets(balakot_game, balakot_card):
    game = balakot_game
    clients = {team: await game.join(team) for team in game.session.teams}
    fac = await game.join("@facilitator")
    projector = await game.join(None)
    await fac.facilitate("adjust", name="rung", value=6, reason="private third-party moves become legal")
    for turn in range(2):
        for team in ["pakistan", "china", "usa", "india"]:
            state = await clients[team].wait_for(lambda s, t=turn: s.turns_played == t)
            private = [o for o in state.team.options if o.legal and o.visibility != "public"]
            legal = [o for o in state.team.options if o.legal]
            chosen = (private or legal)[:1]
            draft = v.Draft(orders=[v.OrderDraft(move=o.id, authorise=True) for o in chosen])
            await clients[team].share(draft)
            await clients[team].submit(draft)
    await projector.wait_for(lambda s: s.turns_played == 2)
    private_vars = {x.id for x in balakot_card.rules.variables.team if x.private}
    everything = game.session.facilitator_view().events
    hidden = {t: {e.index for e in everything if e.seen_by is not None and t not in e.seen_by} for t in clients}
    assert any(hidden.values()), "no team played a move hidden from another: the test would prove nothing"
    assert any(any(f'"pakistan.{name}":' in raw for name in private_vars) for raw in fac.frames)
    patches = 0
    for team, client in [*clients.items(), ("@public", projector)]:
        # what the client rebuilt from the first snapshot and the patches is the server's snapshot
        assert client.state is not None
        assert client.state.model_dump() == game.server.snapshot(team).model_dump()
        hidden_here = {e.index for e in everything if e.seen_by is not None and team not in e.seen_by}
        for raw in client.frames:
            for other in set(clients) - {team}:
                for name in private_vars:
                    assert f'"{other}.{name}":' not in raw  # as a value, not a move's effect
            message = json.loads(raw)
            if message["type"] == "patch":
                patches += 1
                _no_secrets_in_patch(message, hidden_here, projector=client is projector)
                continue
            if message["type"] != "state":
                continue
            assert message["facilitator"] is None and message["connected"] is None
            events = (message["team"] or message["public"] or {}).get("events", [])
            assert not hidden_here & {e["index"] for e in events}
            assert set(message["results"]) <= {e["index"] for e in events}, "the results are events of the view"
            if client is projector:
                assert message["team"] is None and message["shared"] is None
            else:
                assert message["team"]["team"] == team
                assert message["team"]["draft"] is None or message["team"]["draft"] == message["shared"]
    assert patches > 20, "the clients were sent patches after their first snapshot"


def _no_secrets_in_patch(message: dict, hidden: set[int], *, projector: bool) -> None:
    """A patch to a team's or the projector's snapshot touches only that snapshot's fields, and
    the events it carries (appended or set, at any depth) are ones this audience may see."""
    for op in message["ops"]:
        assert op["path"][0] not in ("facilitator", "connected")
        if projector:
            assert op["path"][0] not in ("team", "shared")
    events: list[dict] = []

    def collect(path: list[str], value) -> None:
        if path and path[-1] == "events" and isinstance(value, list):
            events.extend(value)
        elif path == ["results"]:
            events.extend({"index": index} for index in value)
        elif isinstance(value, dict):
            for key, inner in value.items():
                collect([*path, key], inner)

    for op in message["ops"]:
        collect(op["path"], op["value"])
    assert not hidden & {e["index"] for e in events}


async def test_a_duplicate_submission_is_acknowledged_once(tutorial_game):
    india = await tutorial_game.join("india")
    await tutorial_game.join("pakistan")
    first = await india.submit(v.Draft(), request_id="same-request")
    again = await india.submit(v.Draft(), request_id="same-request")
    assert not first.duplicate and again.duplicate
    assert tutorial_game.session.submitted == ["india"]
    with pytest.raises(Refused, match="already in"):
        await india.submit(v.Draft(), request_id="another-request")


async def test_several_members_of_a_team_share_one_draft_and_submit_once(tutorial_game):
    first = await tutorial_game.join("india")
    second = await tutorial_game.join("india")
    move = next(o.id for o in first.state.team.options if o.legal)
    await first.share(v.Draft(orders=[v.OrderDraft(move=move)]))
    seen = await second.wait_for(lambda s: s.shared is not None)
    assert seen.shared.orders[0].move == move
    await first.submit(v.Draft(orders=[v.OrderDraft(move=move)]))
    with pytest.raises(Refused, match="once per team per turn"):
        await second.submit(v.Draft())
    state = await second.wait_for(lambda s: s.team.draft is not None)
    assert state.team.draft.orders[0].move == move


async def test_a_client_killed_mid_turn_reconnects_to_its_draft_and_the_current_version(tutorial_game):
    india = await tutorial_game.join("india")
    pakistan = await tutorial_game.join("pakistan")
    move = next(o.id for o in india.state.team.options if o.legal)
    await india.submit(v.Draft(orders=[v.OrderDraft(move=move)]))
    india.abort()  # the laptop's network drops
    await pakistan.submit(v.Draft(orders=[]))  # the turn is adjudicated while india is away
    state = await india.wait_for(lambda s: s.turns_played == 1)
    assert india.reconnects >= 1
    assert state.version == tutorial_game.session.version
    # mid-turn again: a draft in, then a crash, then a fresh client with the same code
    move = next(o.id for o in state.team.options if o.legal)
    await india.submit(v.Draft(orders=[v.OrderDraft(move=move)]))
    india.abort()
    await india.close()
    again = await tutorial_game.join("india")
    assert again.state.team.draft is not None and again.state.team.draft.orders[0].move == move
    assert again.state.version == tutorial_game.session.version


async def test_a_resend_after_a_dropped_connection_is_harmless(tutorial_game):
    india = await tutorial_game.join("india")
    await tutorial_game.join("pakistan")
    message = p.Submit(request_id="resend-1", turn=1, draft=v.Draft())
    await india.send_raw(p.encode(message))
    india.abort()
    ack = await india.request(message)  # resent on reconnection with the same id
    assert ack.receipt is not None and ack.receipt.duplicate
    assert tutorial_game.session.submitted == ["india"]


async def test_malformed_and_oversized_frames_are_refused_without_disturbing_the_game(tutorial_game):
    india = await tutorial_game.join("india")
    pakistan = await tutorial_game.join("pakistan")
    version = tutorial_game.session.version
    errors: list[p.Error] = []
    for raw in [
        "not json",
        '{"type": "submit"}',
        '{"type": "launch", "target": "everything"}',
        '{"type": "submit", "request_id": "x", "turn": 1, "draft": {}, "sneaky": 1}',
        b"\x00\x01binary",
    ]:
        await india.send_raw(raw)
    ws = india._ws
    for _ in range(5):
        errors.append(p.SERVER.validate_json(await _next_error(india)))
    assert all(isinstance(e, p.Error) and not e.fatal for e in errors)
    assert "malformed" in errors[0].message
    assert tutorial_game.session.version == version
    # an oversized frame closes only that connection
    big = NetClient(tutorial_game.url, code=tutorial_game.server.codes.teams["india"], reconnect=False)
    await big.connect()
    await big.send_raw("x" * (p.MAX_FRAME + 10))
    await asyncio.sleep(0.2)
    assert big._ws.close_code == 1009
    assert ws is india._ws
    await pakistan.submit(v.Draft())
    await india.submit(v.Draft())
    await india.wait_for(lambda s: s.turns_played == 1)


async def _next_error(client: NetClient) -> str:
    """Read error frames the client's reader kept (errors without a request id)."""
    for _ in range(100):
        for i, raw in enumerate(client.frames):
            if '"type":"error"' in raw:
                client.frames.pop(i)
                return raw
        await asyncio.sleep(0.02)
    raise AssertionError("no error frame arrived")
