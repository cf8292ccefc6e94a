"""Protocol 5, on the wire: a turn's events are sent once (the results name them by index),
the debrief follows the update that ends the game in a patch of its own, and the debrief's
simulated games are played in a worker process, with the same counts as in this process."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import pytest

from wargame.net import protocol as p
from wargame.net.botplay import play_seat
from wargame.net.hosting import make_server
from wargame.reporting import compare
from wargame.session import views as v
from wargame.session.session import PlaySession


def _patches(frames: list[str]) -> list[dict]:
    return [m for m in map(json.loads, frames) if m["type"] == "patch"]


async def test_a_turns_events_are_sent_once_and_the_results_name_them(tutorial_game):
    india = await tutorial_game.join("india")
    pakistan = await tutorial_game.join("pakistan")
    india.frames.clear()
    await pakistan.submit(v.Draft())
    await india.submit(v.Draft())
    state = await india.wait_for(lambda s: s.turns_played == 1)
    ops = [op for m in _patches(india.frames) for op in m["ops"]]
    results = [op["value"] for op in ops if op["path"] == ["results"]]
    appended = [e["index"] for op in ops if op["path"] == ["team", "events"] for e in op["value"]]
    assert results and all(isinstance(i, int) for i in results[-1]), "the results go as indices"
    assert set(results[-1]) <= set(appended), "the events themselves arrive once, in the team's log"
    expected = tutorial_game.session.results("india")
    assert expected and state.turn_results() == expected


async def test_the_debrief_follows_the_update_that_ends_the_game(tutorial_game):
    india = await tutorial_game.join("india")
    pakistan = await tutorial_game.join("pakistan")
    await asyncio.wait_for(asyncio.gather(play_seat(india, "dove"), play_seat(pakistan, "hawk")), 60)
    final = await india.wait_for(lambda s: s.debrief is not None, timeout=10)
    patches = _patches(india.frames)
    ending = next(i for i, m in enumerate(patches) for op in m["ops"] if op["path"][-1] == "over" and op["value"])
    assert not any(op["path"] == ["debrief"] for op in patches[ending]["ops"]), "the results come first"
    later = [op for m in patches[ending + 1 :] for op in m["ops"] if op["path"] == ["debrief"]]
    assert later and later[0]["value"] is not None, "then the debrief, in a patch of its own"
    assert final.debrief == tutorial_game.server.snapshot("india").debrief


async def test_the_simulated_games_are_played_in_a_worker_process_with_the_same_counts(tutorial_game, monkeypatch):
    monkeypatch.setattr(compare, "_SIMULATED", {})  # none known yet for this card and seats
    played_here: list[dict[str, str]] = []
    simulated = compare.simulated

    def spy(scenario, sim_seats: dict[str, str], n: int) -> tuple[Counter[int], Counter[str]]:
        if compare._key(scenario, sim_seats, n) not in compare._SIMULATED:
            played_here.append(sim_seats)
        return simulated(scenario, sim_seats, n)

    monkeypatch.setattr(compare, "simulated", spy)  # this process only: not the worker's
    lines: list[str] = []
    tutorial_game.server.log = lines.append
    india = await tutorial_game.join("india")
    pakistan = await tutorial_game.join("pakistan")
    await asyncio.wait_for(asyncio.gather(play_seat(india, "dove"), play_seat(pakistan, "dove")), 60)
    final = await india.wait_for(lambda s: s.debrief is not None and bool(s.debrief.comparison), timeout=60)
    assert played_here == [], "the server did not play the simulated games on its loop"
    assert not any("worker process" in line for line in lines)
    session = tutorial_game.session
    monkeypatch.setattr(compare, "_SIMULATED", {})
    seats = session.played_seats()
    here = compare.compare(session._engine.scenario, session._engine.game.state, seats)
    assert final.debrief is not None and final.debrief.comparison == here.sentence()


@pytest.mark.served(seats={"india": "human", "pakistan": "bot:dove"})
async def test_an_old_protocol_client_is_told_to_update(tutorial_game):
    import websockets

    async with websockets.connect(tutorial_game.url) as ws:
        await ws.send(json.dumps({"type": "hello", "protocol": 4, "code": tutorial_game.server.codes.teams["india"]}))
        answer = p.SERVER.validate_json(await ws.recv())
    assert isinstance(answer, p.Error) and "protocol 5; update wargame" in answer.message


async def test_wargame_serve_plays_the_simulated_games_ahead_in_the_worker(tutorial_card, tmp_path, monkeypatch):
    monkeypatch.setattr(compare, "_SIMULATED", {})
    session = PlaySession.new(tutorial_card, {"india": "human", "pakistan": "human"}, 3, saves=tmp_path)
    server = make_server(session)
    server.compare_ahead = True  # as `wargame serve` sets it
    await server.start("127.0.0.1", 0)
    try:
        for _ in range(600):  # the worker starts, loads the card and plays 200 games
            if session.comparison_job(ahead=True) is None:
                break
            await asyncio.sleep(0.1)
        assert session.comparison_job(ahead=True) is None, "the games were learnt before the game ended"
        assert not session.over
    finally:
        await server.close()
