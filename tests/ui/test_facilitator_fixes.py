"""Facilitator console fixes (issue 14): the inject cursor stays put, a delivered inject cannot be
held, a fired inject reaches the team at once, names in toasts, `adjust` suggests names."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.ui.helpers import close_cards, make_app, shows
from wargame.scenario.loader import load_scenario
from wargame.session.errors import Refused
from wargame.session.session import PlaySession
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.modals import Card
from wargame.ui.screens.turn import TurnScreen

BOTS = {"pakistan": "bot:historical", "china": "bot:historical", "usa": "bot:historical"}


async def test_a_fired_inject_reaches_the_team_at_once_and_the_cursor_stays():
    app = make_app("balakot-2019", {"india": "human", **BOTS}, facilitator=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await close_cards(pilot, app)
        assert isinstance(app.screen, TurnScreen)
        await pilot.press("f")
        await pilot.pause()
        console = app.screen
        assert isinstance(console, FacilitatorScreen)
        injects = console.query_one("#fac-injects")
        ids = [injects.get_option_at_index(i).id for i in range(injects.option_count)]
        injects.highlighted = ids.index("second_attack")
        await pilot.press("f")
        await pilot.pause()
        assert injects.highlighted == ids.index("second_attack")  # not back at the top
        await pilot.press("h")  # holding what was just delivered is refused, not recorded
        await pilot.pause()
        assert not any(d.verb == "hold" for d in app.session.facilitator_view().decisions)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Card) and shows(app, "A second militant attack")  # this turn, not next


def test_adjust_suggests_the_name_meant():
    scenario = load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")
    session = PlaySession.new(scenario, {"india": "human", **BOTS}, 1, facilitator=True)
    with pytest.raises(Refused, match=r"did you mean india\.domestic_pressure"):
        session.adjust("india.domestic_presure", 0.5, "typo")
    with pytest.raises(Refused, match="already been delivered"):
        session.hold("pulwama_attack")
