"""The real app, driven with Pilot: a solo game to the debrief, hot-seat fog of war,
facilitator override and undo, inject choices, safety of scenario text, small terminals."""

from __future__ import annotations

from tests.ui.helpers import close_cards, make_app, screen_text, shows, submit
from wargame.ui.screens.briefing import BriefingScreen, HandoffScreen
from wargame.ui.screens.debrief import DebriefScreen
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.modals import Card, TooSmall
from wargame.ui.screens.results import ResultsScreen
from wargame.ui.screens.review import ReviewScreen
from wargame.ui.screens.turn import TurnScreen

BOTS = {"pakistan": "bot:historical", "china": "bot:historical", "usa": "bot:historical"}


async def play_turn(pilot, app, keys: tuple[str, ...] = ()) -> None:
    await pilot.pause()
    await close_cards(pilot, app)
    assert isinstance(app.screen, TurnScreen), type(app.screen)
    for key in keys:
        await pilot.press(key)
        await close_cards(pilot, app)
    await submit(pilot)


async def test_solo_balakot_to_the_debrief(tmp_path):
    app = make_app("balakot-2019", {"india": "human", **BOTS}, saves=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert "Government of India" in screen_text(app)
        await pilot.press("enter")
        for _ in range(12):
            if isinstance(app.screen, DebriefScreen):
                break
            await play_turn(pilot, app)
            assert isinstance(app.screen, ResultsScreen | DebriefScreen)
            if isinstance(app.screen, ResultsScreen):
                await pilot.press("c")
                await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        text = screen_text(app)
        assert "Debrief — Pulwama–Balakot, February 2019" in text
        assert "Decision points" in text and "Among 200 simulated games" in text
        assert app.session.debrief().teams[0].seat == "human"
        assert app.session.over
        assert list(tmp_path.glob("balakot-2019-s1-*.autosave-*.json"))
        await pilot.press("x")
        await pilot.pause()
        assert list(tmp_path.glob("*.report.html")) and list(tmp_path.glob("*.report.md"))


async def test_hot_seat_hides_the_other_teams_private_view():
    seats = {"india": "human", "pakistan": "human", "china": "bot:historical", "usa": "bot:historical"}
    app = make_app("balakot-2019", seats)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        assert shows(app, "Pass to India — press Enter") and not shows(app, "Government of India")
        await pilot.press("enter")  # briefing
        await pilot.press("enter")  # turn
        await close_cards(pilot, app)
        screen = app.screen
        assert isinstance(screen, TurnScreen) and screen.team == "india"
        moves = screen.query_one("#moves")
        ids = [moves.get_option_at_index(i).id for i in range(moves.option_count)]
        moves.highlighted = ids.index("revoke_mfn")
        await pilot.press("enter")
        await pilot.press("v")
        await pilot.pause()
        assert shows(app, "Yours") and shows(app, "Air power") and "india.resolve" not in screen_text(app)
        await submit(pilot)
        assert isinstance(app.screen, HandoffScreen)
        handoff = screen_text(app)
        assert "Pass to Pakistan — press Enter" in handoff and "India" not in handoff.replace("Pass to Pakistan", "")
        await pilot.press("enter")  # Pakistan's briefing
        assert "Government of Pakistan" in screen_text(app)
        assert "Government of India" not in screen_text(app)
        await pilot.press("enter")
        await close_cards(pilot, app)
        assert isinstance(app.screen, TurnScreen) and app.screen.team == "pakistan"
        for tab in ("m", "n", "v"):
            await pilot.press(tab)
            await pilot.pause()
            text = screen_text(app)
            assert "India's resolve" not in text and "India's air power" not in text and "india." not in text
            assert "Revoke Most-Favoured-Nation" not in text  # India's drafted order
        assert "Air power" in text and "India's domestic pressure" in text


async def test_facilitator_override_is_shown_and_logged():
    seats = {"india": "human", **BOTS}
    app = make_app("balakot-2019", seats, facilitator=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await close_cards(pilot, app)
        moves = app.screen.query_one("#moves")
        ids = [moves.get_option_at_index(i).id for i in range(moves.option_count)]
        moves.highlighted = ids.index("push_unsc_statement")
        await pilot.press("enter")
        await submit(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        await pilot.press("o")
        await pilot.pause()
        await pilot.click("#ruling-reason")
        await pilot.press(*"Council agreed overnight")
        await pilot.click("#ruling-success")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert shows(app, "[facilitator ruling: Council agreed overnight]")
        view = app.session.facilitator_view()
        order = next(e for e in view.events if e.kind == "order" and e.team == "india")
        assert "The facilitator ruled a success: Council agreed overnight. (The chance was" in order.detail
        assert view.variables["unsc_statement"] == 1
        assert view.decisions == [] and app.session.turns_played == 1


async def test_facilitator_undo_returns_to_the_turn():
    app = make_app("balakot-2019", {"india": "human", **BOTS}, facilitator=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await play_turn(pilot, app)
        assert app.session.turn == 2
        await pilot.press("f")
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await close_cards(pilot, app)
        assert app.session.turn == 1 and app.session.turns_played == 0
        assert isinstance(app.screen, TurnScreen)


async def test_inject_choice_reaches_the_engine():
    app = make_app("tutorial", {"india": "human", "pakistan": "bot:dove"})
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_the_choice_of_turn_2(pilot, app)  # a card with two choices; choose the second
        assert isinstance(app.screen, Card) and app.screen.explicit
        await pilot.press("down", "down", "enter")
        await close_cards(pilot, app)
        assert shows(app, "Call for calm and let the army investigate")
        await submit(pilot)
        view = app.session.facilitator_view()
        assert view.variables["chose.pressure_at_home.calm"] is True
        assert any(
            e.kind == "choice" and e.text.endswith("Call for calm and let the army investigate") for e in view.events
        )


async def test_enter_does_not_answer_a_decision_card_and_answers_can_change_before_submit():
    app = make_app("tutorial", {"india": "human", "pakistan": "bot:dove"})
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_the_choice_of_turn_2(pilot, app)
        card = app.screen
        assert isinstance(card, Card) and card.explicit
        for _ in range(4):  # Enter, pressed through, answers nothing: the card stays
            await pilot.press("enter")
            await pilot.pause()
        assert app.screen is card
        await pilot.press("down", "enter")  # the first choice: a firm promise
        await close_cards(pilot, app)
        assert isinstance(app.screen, TurnScreen)
        assert shows(app, "Promise a firm response")
        await pilot.press("a")  # change the answer before submitting (Escape leaves an offer as it was)
        await pilot.pause()
        for _ in range(4):
            if not isinstance(app.screen, Card) or shows(app, "the public wants a response"):
                break
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, Card) and shows(app, "Your answer so far: Promise a firm response")
        await pilot.press("down", "down", "enter")
        await close_cards(pilot, app)
        assert shows(app, "Call for calm and let the army investigate")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and shows(app, "public wants a response': Call for calm")
        await pilot.press(*"keep it calm")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        session = app.session
        assert session.facilitator_view().variables["chose.pressure_at_home.calm"] is True
        assert session._engine.game.state.inputs[-1].reasons == {"india": "keep it calm"}


async def test_b_shows_the_briefing_and_objectives_mid_turn():
    app = make_app("tutorial", {"india": "human", "pakistan": "bot:dove"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await close_cards(pilot, app)
        assert isinstance(app.screen, TurnScreen)
        await pilot.press("down", "enter")  # an order drafted
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, Card) and shows(app, "Briefing — India") and shows(app, "India's crisis cell")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TurnScreen) and len(app.screen.orders) == 1


async def test_scenario_text_is_shown_literally(tmp_path):
    import shutil

    import yaml

    from tests.conftest import ROOT
    from wargame.ui.app import WargameApp

    (tmp_path / "scenarios").mkdir()
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    card = yaml.safe_load((ROOT / "scenarios" / "tutorial.yaml").read_text())
    card["teams"][0]["briefing"] = "Tutorial. [bold red]Markup[/] and \x1b[31m escapes stay text."
    (tmp_path / "scenarios" / "t.yaml").write_text(yaml.safe_dump(card, allow_unicode=True))
    app = WargameApp(
        tmp_path, None, card=tmp_path / "scenarios" / "t.yaml", seats={"india": "human", "pakistan": "bot:dove"}
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert shows(app, "[bold red]Markup[/] and \\x1b[31m escapes stay text.")


async def test_too_small_terminal_says_so():
    app = make_app(None)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmall)
        assert "The terminal is 60×20; wargame needs at least 80×24." in screen_text(app)


async def test_bindings_are_in_the_command_palette():
    app = make_app("tutorial", {"india": "human", "pakistan": "bot:dove"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await close_cards(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles[:2] == ["Submit (S)", "Briefing (B)"]  # the game's commands first
        assert "Help (F1)" in titles and titles.index("Help (F1)") < titles.index("Quit")
        assert "Answer (A)" not in titles  # nothing to answer on turn 1


async def test_f1_help_for_the_focused_area():
    app = make_app("tutorial", {"india": "human", "pakistan": "bot:dove"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await close_cards(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "Help — Turn" in text and "The catalogue: every move your party could play" in text
        assert "S          Submit — review your orders, then submit them" in text
        assert "left: Scroll Left" not in text


async def test_facilitator_rewind_starts_a_branch(tmp_path):
    app = make_app("balakot-2019", {"india": "human", **BOTS}, facilitator=True, saves=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(2):
            await play_turn(pilot, app)
            await pilot.press("c")
            await pilot.pause()
        original = sorted(tmp_path.glob("*.json"))
        before = {p: p.read_bytes() for p in original}
        await close_cards(pilot, app)
        await pilot.press("f")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, Card)
        await pilot.press("down", "enter")  # the start of turn 2
        await pilot.pause()
        await close_cards(pilot, app)
        assert app.session.turn == 2 and app.session.turns_played == 1
        assert app.session.game_id.endswith("-fork-t2")
        assert {p: p.read_bytes() for p in original} == before
        assert list(tmp_path.glob("*-fork-t2.autosave-*.json"))


async def test_ansi_theme_renders_with_symbols_not_colour_alone():
    app = make_app("tutorial", {"india": "human", "pakistan": "bot:dove"})
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "ansi-dark"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await close_cards(pilot, app)
        assert isinstance(app.screen, TurnScreen)
        assert shows(app, "✓ Brief foreign envoys") and shows(app, "✗ Call on the DGMO hotline")


async def test_quitting_saves_and_the_home_screen_continues_the_game(tmp_path):
    app = make_app("balakot-2019", {"india": "human", **BOTS}, facilitator=True, saves=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await play_turn(pilot, app)
        await pilot.press("c")
        await pilot.pause()
        await close_cards(pilot, app)
        app.session.adjust("intl_attention", 0.9, "the world watches")
        await pilot.press("ctrl+q")
    from wargame.persistence.format import parse_save

    latest = sorted(tmp_path.glob("*.autosave-*.json"))[-1]
    assert parse_save(latest).decisions[-1]["verb"] == "adjust"
    home = make_app(None, saves=tmp_path)
    async with home.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert shows(home, "Continue: balakot-2019 · seed 1 · 1 turn(s) played")
        options = home.screen.query_one("#home-list")
        options.highlighted = options.option_count - 1
        await pilot.press("enter")
        await pilot.pause()
        await close_cards(pilot, home)
        assert isinstance(home.screen, TurnScreen)
        assert home.session.turn == 2 and home.session.facilitator_view().variables["intl_attention"] == 0.9


async def test_a_quiet_turn_says_so():
    app = make_app("balakot-2019", {"india": "human", **BOTS})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await play_turn(pilot, app)
        assert isinstance(app.screen, ResultsScreen)
        assert shows(app, "Results of turn 1")
        assert shows(app, "Nothing public happened this turn")
        await pilot.press("enter")  # nothing to explain: no crash
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_a_failed_autosave_pauses_the_game_with_a_card(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the saves folder should be")
    app = make_app("balakot-2019", {"india": "human", **BOTS}, saves=blocked)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await close_cards(pilot, app, limit=0)
        for _ in range(8):
            if isinstance(app.screen, TurnScreen):
                break
            await pilot.press("enter")
            await pilot.pause()
        await submit(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, Card) and shows(app, "Autosave failed — the game is paused")
        assert app.session.paused and app.session.save_failed
        await pilot.press("enter")
        await pilot.pause()
        assert not app.session.paused


async def test_every_move_title_is_one_line_at_80_columns():
    """Long names are cut with … to the list's width (no title wraps); the full name is in the detail pane."""
    from textual.widgets import OptionList, Static

    bots = {"pakistan": "bot:dove", "china": "bot:dove", "usa": "bot:dove"}
    app = make_app("balakot-2019", {"india": "human", **bots})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await close_cards(pilot, app)
        moves = app.screen.query_one("#moves", OptionList)
        width = moves.scrollable_content_region.width
        listed = [moves.get_option_at_index(i) for i in range(moves.option_count)]
        assert all(o.prompt.cell_len <= width for o in listed), [str(o.prompt) for o in listed]
        cut = [o for o in listed if "…" in str(o.prompt)]
        assert cut, "Balakot has names longer than the list at 80 columns"
        moves.highlighted = listed.index(cut[0])
        await pilot.pause()
        name = next(o.name for o in app.screen.options if o.id == cut[0].id)
        assert len(name) > width - 2
        assert str(app.screen.query_one("#detail", Static).render()).startswith(name)


async def test_a_seat_for_a_team_the_card_does_not_have_is_named(tmp_path):
    """`wargame play CARD --seat ghost=human`: a card says which team is unknown (it used to raise KeyError)."""
    for seats in ({"ghost": "human"}, {"india": "human", "pakistan": "bot:dove", "ghost": "human"}):
        app = make_app("tutorial", seats, saves=tmp_path / "saves")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, Card) and app.screen.card_title == "No such team"
            assert "'ghost': not a team on this card; teams: india, pakistan" in screen_text(app)


async def _to_the_choice_of_turn_2(pilot, app) -> None:
    """Tutorial, India: play turn 1, continue, and close cards up to turn 2's "the public wants a
    response" card (an inject choice)."""
    await pilot.pause()
    await pilot.press("enter")
    await play_turn(pilot, app)
    await pilot.press("c")
    await pilot.pause()
    for _ in range(4):
        if isinstance(app.screen, Card) and shows(app, "the public wants a response"):
            break
        await close_cards(pilot, app, limit=1)
