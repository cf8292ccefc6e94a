"""The start-up path stays light: `wargame play CARD` reaches the UI without the engine, the save
format, the orders file or the models, the quick look at a card reads only what it shows, and a plain
`wargame validate` needs neither click nor the engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.peek import peek

HEAVY = (
    "pydantic",
    "transitions",
    "jinja2",
    "wargame.scenario.models",
    "wargame.scenario.loader",
    "wargame.engine.game",
    "wargame.engine.state",
    "wargame.persistence.saves",
    "wargame.persistence.format",
    "wargame.session.orders_file",
    "wargame.session.session",
)


def test_play_hands_over_to_the_ui_before_importing_the_engine_or_the_saves():
    code = (
        "import sys\n"
        "import wargame.cli as cli\n"
        "def ui(saves, **options):\n"
        f"    print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
        "    sys.exit(0)\n"
        "cli._ui = ui\n"
        "cli.main(['play', 'scenarios/balakot-2019.yaml'])\n"
    )
    assert_none_imported(code)


def test_home_command_hands_over_to_the_ui_without_the_saves_module():
    code = (
        "import sys\n"
        "import wargame.cli as cli\n"
        "def ui(saves, **options):\n"
        f"    print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
        "    sys.exit(0)\n"
        "cli._ui = ui\n"
        "cli.main([])\n"
    )
    assert_none_imported(code)


def test_the_quick_look_stops_after_the_teams_and_the_parties(project: Path):
    """Text after `teams:` in the card and after `parties:` in the rulebook is never read: here it is
    not even valid YAML, and the quick look still succeeds."""
    card = (ROOT / "scenarios" / "balakot-2019.yaml").read_text()
    head, _, _ = card.partition("\ncalendar:")
    (project / "scenarios" / "look.yaml").write_text(head + "\ncalendar: [unclosed\n  : : :\n")
    rules = (ROOT / "rules" / "south-asia.yaml").read_text()
    top, _, _ = rules.partition("\nladder:")
    (project / "rules" / "south-asia.yaml").write_text(top + "\nladder: {broken\n")
    info = peek(project / "scenarios" / "look.yaml")
    assert info.id == "balakot-2019"
    assert info.teams == [
        ("india", "India", "human"),
        ("pakistan", "Pakistan", "bot:historical"),
        ("china", "China", "bot:historical"),
        ("usa", "United States", "bot:historical"),
    ]


def test_the_quick_look_refuses_bad_yaml_before_the_teams_with_its_position(project: Path):
    path = project / "scenarios" / "bad.yaml"
    path.write_text("kind: scenario\nid: x\ntitle: [unclosed\n")
    with pytest.raises(ScenarioError) as err:
        peek(path)
    diagnostic = str(err.value.diagnostics[0])
    assert "bad.yaml:4:1: " in diagnostic and "not valid YAML" in diagnostic


def test_the_home_screen_is_built_without_the_yaml_parser_or_the_models():
    """`wargame` with no arguments: the launcher skips click and the CLI module, and with a fresh card
    index (written by the first start) the home screen is built without parsing any YAML."""
    from wargame.paths import card_files
    from wargame.scenario.card_index import summaries

    summaries(card_files(ROOT))  # the first start writes the index (into the suite's sandbox)
    code = (
        "import io, sys\n"
        "class Terminal(io.TextIOWrapper):\n"
        "    def isatty(self):\n"
        "        return True\n"
        "sys.stdout = Terminal(sys.stdout.buffer, line_buffering=True)\n"
        "import wargame.ui.app as app\n"
        "def run_ui(root, saves, **options):\n"
        "    home = app.WargameApp(root, saves)._home()\n"
        "    assert home.cards and not home.problems, (home.cards, home.problems)\n"
        f"    print(','.join(m for m in (*{HEAVY!r}, 'yaml', 'click', 'wargame.cli') if m in sys.modules))\n"
        "app.run_ui = run_ui\n"
        "sys.argv = ['wargame']\n"
        "from wargame.launch import main\n"
        "main()\n"
    )
    assert_none_imported(code)


def test_the_setup_screen_is_reached_without_the_yaml_parser():
    """`wargame play CARD`: with a fresh card index the setup screen's quick look needs no YAML."""
    from wargame.scenario.card_index import quick_look

    card = ROOT / "scenarios" / "balakot-2019.yaml"
    quick_look(card)  # the first start writes the index (into the suite's sandbox)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import wargame.cli, wargame.ui.app, wargame.ui.screens.setup\n"
        "from wargame.scenario.card_index import quick_look\n"
        f"info = quick_look(Path({str(card)!r}))\n"
        "assert ('usa', 'United States', 'bot:historical') in info.teams, info\n"
        f"print(','.join(m for m in (*{HEAVY!r}, 'yaml') if m in sys.modules))\n"
    )
    assert_none_imported(code)


def test_a_plain_validate_runs_without_click_the_cli_module_or_the_engine():
    """`wargame validate [-q] FILE…`: the launcher checks the files itself; click, the command-line
    module, the engine, the saves and the UI are never imported, nor for valid files what only a
    diagnostic needs (difflib's 'did you mean'), nor the user's folders when the rulebook lies beside the
    card (platformdirs)."""
    unneeded = (
        "difflib",
        "platformdirs",
        "click",
        "wargame.cli",
        "transitions",
        "jinja2",
        "textual",
        "wargame.engine.game",
        "wargame.engine.state",
        "wargame.persistence.saves",
        "wargame.session.session",
        "wargame.ui.app",
    )
    code = (
        "import io, sys\n"
        "sys.argv = ['wargame', 'validate', 'scenarios/balakot-2019.yaml', 'rules/south-asia.yaml']\n"
        "shown, sys.stdout, sys.stderr = sys.stdout, io.StringIO(), io.StringIO()\n"
        "from wargame.launch import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as end:\n"
        "    assert end.code == 0, (end.code, sys.stdout.getvalue())\n"
        "assert 'valid scenario' in sys.stderr.getvalue() and 'valid rulebook' in sys.stderr.getvalue()\n"
        "import gc\n"
        "assert gc.isenabled()  # paused for the checks only\n"
        f"print(','.join(m for m in {unneeded!r} if m in sys.modules), file=shown)\n"
    )
    assert_none_imported(code)


def test_the_shipped_folders_are_where_importlib_resources_finds_them_without_importing_it():
    from importlib.resources import files

    from wargame.paths import shipped_cards, shipped_rulebooks

    assert shipped_cards() == Path(str(files("wargame.cards")))
    assert shipped_rulebooks() == Path(str(files("wargame.rulebooks")))
    code = (
        "import sys\n"
        "from wargame.paths import rulebook_dirs\n"
        "from pathlib import Path\n"
        "assert rulebook_dirs(Path('scenarios/balakot-2019.yaml'))\n"
        "print('importlib.resources' if 'importlib.resources' in sys.modules else '')\n"
    )
    assert_none_imported(code)


def assert_none_imported(code: str) -> None:
    """Run `code` in a fresh interpreter: it prints the heavy modules it found imported, and must print none."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
