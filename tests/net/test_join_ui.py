"""The Textual join client (Pilot) against a live server: a team plays a turn, the facilitator
sees who is connected, the projector shows public information only."""

from __future__ import annotations

from tests.net.conftest import until
from tests.ui.helpers import close_cards, screen_text, submit
from wargame.ui.join import JoinApp
from wargame.ui.screens.briefing import BriefingScreen
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.remote import CodeScreen, ProjectorScreen, RemotePaused, WaitingScreen
from wargame.ui.screens.results import ResultsScreen
from wargame.ui.screens.turn import TurnScreen


async def test_a_team_joins_with_its_code_and_plays_a_turn(live):
    session = live.server.session
    app = JoinApp(live.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CodeScreen))
        await pilot.press(*"WRONG9", "enter")
        await until(pilot, lambda: "does not belong" in screen_text(app))
        await pilot.press(*live.server.codes.teams["india"].lower(), "enter")
        await until(pilot, lambda: isinstance(app.screen, BriefingScreen))
        assert "India" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: any(isinstance(screen, TurnScreen) for screen in app.screen_stack))
        await close_cards(pilot, app)
        await pilot.press("enter")  # the highlighted move becomes an order
        await submit(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, WaitingScreen))
        assert live.run(lambda: session.submitted) == ["india"]
        assert "Waiting for: Pakistan" in screen_text(app)
        # pakistan's seat goes to a bot: the turn is adjudicated and the client shows the results
        live.run(lambda: live.server._seat("pakistan", "bot:dove") or live.server._after() or live.server._broadcast())
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert "Results of turn 1" in screen_text(app)
        assert live.run(lambda: session.turns_played) == 1
        orders = live.run(lambda: session.facilitator_view().last_orders["india"])
        assert len(orders) == 1
        await pilot.press("c")
        await until(pilot, lambda: any(isinstance(screen, TurnScreen) for screen in app.screen_stack))
        await close_cards(pilot, app)
        # the facilitator pauses: the state is covered until it resumes
        live.run(lambda: session.pause() or live.server._broadcast())
        await until(pilot, lambda: isinstance(app.screen, RemotePaused))
        live.run(lambda: session.unpause() or live.server._broadcast())
        await until(pilot, lambda: isinstance(app.screen, TurnScreen))


async def test_the_facilitator_console_lists_who_is_connected(live):
    app = JoinApp(live.url, code=live.server.codes.facilitator)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen))
        await until(pilot, lambda: "Facilitator: 1 connected" in screen_text(app))
        assert "India: 0 connected" in screen_text(app)
        await pilot.press("p")
        await until(pilot, lambda: live.run(lambda: live.server.session.paused))
        await pilot.press("enter")
        await until(pilot, lambda: not live.run(lambda: live.server.session.paused))


async def test_the_projector_shows_public_information(live):
    app = JoinApp(live.url, public=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ProjectorScreen))
        text = screen_text(app)
        assert "Public news" in text and "Orders in: none yet" in text


async def test_hot_seat_console_is_locked_behind_the_facilitator_pin():
    from tests.ui.helpers import make_app
    from wargame.ui.screens.modals import Paused, PinPrompt

    app = make_app("tutorial", {"india": "human", "pakistan": "human"}, facilitator=True, facilitator_pin="4321")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # hand-off → briefing
        await pilot.pause()
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, PinPrompt))
        await pilot.press(*"1111", "enter")
        await until(pilot, lambda: not isinstance(app.screen, PinPrompt))
        assert not any(isinstance(s, FacilitatorScreen) for s in app.screen_stack)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, PinPrompt))
        await pilot.press(*"4321", "enter")
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen))
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, Paused))
        assert "Paused" in screen_text(app)
        assert "variable" not in screen_text(app), "the pause overlay hides the state table"


async def test_a_team_that_drops_mid_turn_gets_its_draft_back(live):
    """Orders drafted on one screen are shared with the server as they change: a client that
    crashes (or a teammate's second screen) takes them up where they were left."""
    code = live.server.codes.teams["india"]
    first = JoinApp(live.url, code=code)
    async with first.run_test(size=(120, 40)) as pilot:
        turn = await _to_the_turn(pilot, first)
        await pilot.press("enter")  # the highlighted move becomes an order
        await pilot.pause()
        drafted = [o.move for o in turn.orders]
        assert len(drafted) == 1
        await until(pilot, lambda: live.run(lambda: live.server.shared.get("india")) is not None)
    assert live.run(lambda: live.server.session.submitted) == []  # drafted, never submitted
    again = JoinApp(live.url, code=code)
    async with again.run_test(size=(120, 40)) as pilot:
        turn = await _to_the_turn(pilot, again)
        assert [o.move for o in turn.orders] == drafted
        assert "Orders (1/" in screen_text(again)


async def _to_the_turn(pilot, app: JoinApp) -> TurnScreen:
    """From the briefing of a freshly joined team to its turn screen, cards answered."""
    await until(pilot, lambda: isinstance(app.screen, BriefingScreen))
    await pilot.press("enter")
    await until(pilot, lambda: any(isinstance(screen, TurnScreen) for screen in app.screen_stack))
    await close_cards(pilot, app)
    turn = app.screen
    assert isinstance(turn, TurnScreen)
    return turn
