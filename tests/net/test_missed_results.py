"""A team still reading turn N's results when the facilitator ends turn N+1 is shown turn N+1's
results next (then its turn), not sent straight to turn N+2."""

from __future__ import annotations

import pytest

from tests.net.conftest import until
from tests.ui.helpers import close_cards, screen_text, submit
from wargame.ui.join import JoinApp
from wargame.ui.screens.briefing import BriefingScreen
from wargame.ui.screens.results import ResultsScreen
from wargame.ui.screens.turn import TurnScreen


def _on_turn(app: JoinApp, turn: int) -> bool:
    return isinstance(app.screen, TurnScreen) and app.screen.view.situation.turn == turn


def _results_of(app: JoinApp, turn: int) -> bool:
    return isinstance(app.screen, ResultsScreen) and app.screen.resolved == turn


@pytest.mark.served(seats={"india": "human", "pakistan": "bot:dove"})
async def test_results_missed_while_reading_the_last_ones_come_next(live):
    app = JoinApp(live.url, code=live.server.codes.teams["india"])
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.press("enter")
        await until(pilot, lambda: any(isinstance(s, TurnScreen) for s in app.screen_stack))
        await close_cards(pilot, app)
        await submit(pilot, app)  # pakistan is a bot: turn 1 is resolved at once
        await until(pilot, lambda: _results_of(app, 1))
        # india is still reading turn 1's results when the facilitator ends turn 2, then turn 3
        missed = {}
        for turn in (2, 3):
            live.run(lambda: live.server.expire(reason="the facilitator ended the turn") or live.server._broadcast())
            await until(pilot, lambda t=turn: app.remote.turns_played == t)
            missed[turn] = live.run(lambda: live.server.session.results("india"))
        await pilot.pause(0.3)
        assert _results_of(app, 1), "the results being read stay on the screen"
        for turn in (2, 3):
            await pilot.press("c")
            await until(pilot, lambda t=turn: _results_of(app, t))
            assert f"Results of turn {turn}" in screen_text(app)
            assert f"After turn {turn} of 5" in screen_text(app)
            assert [e.text for e in app.screen.events] == [e.text for e in missed[turn]]
            assert any("before India submitted" in e.text for e in app.screen.events), [e.text for e in missed[turn]]
        await pilot.press("c")
        await until(pilot, lambda: any(isinstance(s, TurnScreen) for s in app.screen_stack))
        await close_cards(pilot, app)
        assert _on_turn(app, 4)


@pytest.mark.served(seats={"india": "human", "pakistan": "bot:dove"})
async def test_a_team_joining_mid_game_whose_briefing_outlasts_a_turn_sees_those_results_once(live):
    end_turn = lambda: live.server.expire(reason="the facilitator ended the turn") or live.server._broadcast()  # noqa: E731
    live.run(end_turn)  # turn 1 is over before india joins
    app = JoinApp(live.url, code=live.server.codes.teams["india"])
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BriefingScreen))
        live.run(end_turn)  # and turn 2 while india reads its briefing
        await until(pilot, lambda: app.remote.turns_played == 2)
        await pilot.press("enter")
        await until(pilot, lambda: _results_of(app, 2))
        await pilot.press("c")
        await until(pilot, lambda: any(isinstance(s, TurnScreen) for s in app.screen_stack))
        await close_cards(pilot, app)
        assert _on_turn(app, 3)
