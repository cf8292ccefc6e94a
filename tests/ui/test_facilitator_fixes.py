"""Facilitator console fixes (issue 14): the inject cursor stays put, a delivered inject cannot be
held, a fired inject reaches the team at once, names in toasts, `adjust` suggests names."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.ui.helpers import close_cards, make_app, screen_text, shows
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


async def test_an_overruled_roll_is_explained_in_plain_words():
    """O in the console overrules India's UN statement; the results line's explanation says who
    ruled, why, and what the dice would have said — no raw roll, no log-odds."""
    from textual.widgets import OptionList

    from wargame.session import views as v
    from wargame.ui.screens.facilitator import Ruling
    from wargame.ui.screens.results import ResultsScreen

    app = make_app("balakot-2019", {"india": "human", **BOTS}, facilitator=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await close_cards(pilot, app)
        app.session.submit("india", v.Draft(orders=[v.OrderDraft(move="push_unsc_statement")]))
        app.show_results()
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, Ruling)
        app.screen.query_one("#ruling-reason").value = "the Council's draft was agreed overnight"
        await pilot.click("#ruling-failure")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        results = app.screen.query_one("#results", OptionList)
        [line] = [i for i, e in enumerate(app.screen.events) if "facilitator ruling" in e.text]
        results.highlighted = line
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Card)
        assert shows(app, "The facilitator ruled a failure: the Council's draft was agreed overnight.")
        assert shows(app, "the dice rolled") and shows(app, "so without the ruling it would have")
        text = screen_text(app)
        assert "-1.0" not in text and "log-odds" not in text and "roll=" not in text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_console_shows_variables_by_label_and_adjust_completes_their_ids(size):
    """Labels are the main column (cut with … to keep every team's column at 80×24); the ids that
    A (adjust) needs are a dim last column, and the adjust prompt completes them."""
    from textual.widgets import DataTable, Input

    from wargame.ui.screens.facilitator import Adjust

    app = make_app("balakot-2019", {"india": "human", **BOTS}, facilitator=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await close_cards(pilot, app)
        await pilot.press("f")
        await pilot.pause()
        table = app.screen.query_one("#fac-state", DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers == ["variable", "India", "Pakistan", "China", "US", "id (for A)"]
        rows = {str(table.get_row_at(i)[0]): table.get_row_at(i) for i in range(table.row_count)}
        assert "Domestic pressure" in rows and str(rows["Domestic pressure"][-1]) == "<team>.domestic_pressure"
        assert "International stan…" in rows and "intl_attention" not in rows
        assert shows(app, "Domestic pressure") and shows(app, "US")  # the last team's column is not cut
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, Adjust)
        await pilot.click("#adjust-name")
        await pilot.press(*"pakistan.domes", "right")
        assert app.screen.query_one("#adjust-name", Input).value == "pakistan.domestic_pressure"
        app.screen.query_one("#adjust-value", Input).value = "0.9"
        app.screen.query_one("#adjust-reason", Input).value = "street protests"
        await pilot.click("#adjust-apply")
        await pilot.pause()
        assert app.session.facilitator_view().variables["pakistan.domestic_pressure"] == 0.9
