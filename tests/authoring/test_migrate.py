"""Rungs by id: `rung_to`, `start_rung` and `rungs.<id>` in expressions; numbers deprecated; `wargame migrate`
rewrites them in place, keeping comments, and changes no behaviour."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.minimal import ladder, minimal_scenario, move
from wargame.authoring.migrate import apply, ladder_of, plan
from wargame.engine.game import Game
from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.loader import load_scenario
from wargame.sim.runner import play_bots


def test_rungs_by_id_everywhere(tmp_path):
    scenario = minimal_scenario(
        tmp_path,
        card_fields={"start_rung": "r2"},
        moves=[move("strike", rung_to="r4", precondition="rung >= rungs.r2 and peak_rung < rungs.r5")],
    )
    assert scenario.card.start_rung == 2
    assert scenario.rules.moves[0].rung_to == 4
    assert not [w for w in scenario.warnings if "deprecated" in w.message]
    game = Game.new(scenario, 0)
    assert game.legal_moves("blue") == ["strike"]


def test_inserting_a_rung_changes_no_other_line(tmp_path):
    moves = [move("strike", rung_to="r4", precondition="rung >= rungs.r2")]
    before = minimal_scenario(tmp_path, card_fields={"start_rung": "r2"}, moves=moves)
    bigger = ladder(6)
    bigger["rungs"].insert(1, {"id": "new_rung", "name": "New", "kahn": [1]})
    after = minimal_scenario(tmp_path, card_fields={"start_rung": "r2"}, moves=moves, ladder=bigger)
    assert (before.card.start_rung, before.rules.moves[0].rung_to) == (2, 4)
    assert (after.card.start_rung, after.rules.moves[0].rung_to) == (3, 5)


def test_numbers_still_load_with_a_deprecation_warning(tmp_path):
    scenario = minimal_scenario(
        tmp_path, card_fields={"start_rung": 2}, moves=[move("strike", rung_to=4, precondition="rung >= 2")]
    )
    messages = [str(w) for w in scenario.warnings + scenario.rulebook.warnings]
    assert any("start_rung: deprecated: name the rung by its id ('r2'), not its number 2" in m for m in messages)
    assert any("rung_to: deprecated: name the rung by its id ('r4')" in m for m in messages)
    assert any("deprecated: compare rung with a rung id (`rungs.r2`)" in m for m in messages)


def test_unknown_rung_ids_are_errors_with_a_hint(tmp_path):
    with pytest.raises(ScenarioError) as err:
        minimal_scenario(tmp_path, moves=[move("strike", rung_to="r44", precondition="rung >= rungs.r22")])
    text = str(err.value)
    assert "rung_to: no rung 'r44'; did you mean 'r4'?" in text
    assert "unknown name `rungs.r22`; did you mean rungs.r2" in text


def test_migrate_rewrites_numbers_and_keeps_comments(tmp_path):
    text = (
        "# a comment\nmoves:\n  - id: x  # keep me\n    rung_to: 3   # and me\n"
        '    precondition: "rung >= 2 and 1 < peak_rung and turn >= 2"\n'
        "    when: |\n      rung >= 4\n        or kinetic >= 1\nstart_rung: 1\n"
    )
    edits = plan(text, ["a", "b", "c", "d", "e"])
    out = apply(text, edits)
    assert out == (
        "# a comment\nmoves:\n  - id: x  # keep me\n    rung_to: d   # and me\n"
        '    precondition: "rung >= rungs.c and rungs.b < peak_rung and turn >= 2"\n'
        "    when: |\n      rung >= rungs.e\n        or kinetic >= 1\nstart_rung: b\n"
    )
    assert [(e.line, e.col) for e in edits][:2] == [(4, 14), (5, 28)]


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml")))
def test_migrating_the_shipped_files_removes_every_warning_and_changes_no_game(tmp_path, name):
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    card = tmp_path / "scenarios" / name
    original = load_scenario(card)
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "migrate", "rules/south-asia.yaml", f"scenarios/{name}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    migrated = load_scenario(card)
    warnings = [str(w) for w in migrated.warnings + migrated.rulebook.warnings if "deprecated" in w.message]
    assert warnings == []
    assert yaml.safe_load(card.read_text()).get("start_rung", 0) in (0, *ladder_of(card))
    index = {rung: str(i) for i, rung in enumerate(ladder_of(card))}

    def log(game: Game) -> str:  # event texts quote conditions: `rungs.<id>` reads as its number there
        text = json.dumps([e.to_dict() for e in game.state.log])
        return re.sub(r"rungs\.([a-z0-9_]+)", lambda m: index[m.group(1)], text)

    for seed in range(3):
        seats = {t.id: "bot:quantal" for t in original.card.teams}
        assert log(play_bots(original, seed, seats)) == log(play_bots(migrated, seed, seats))


def test_migrate_check_lists_and_exits_1(tmp_path: Path):
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shipped = tmp_path / "rules" / "south-asia.yaml"  # already migrated: put one rung back as a number
    shipped.write_text(shipped.read_text().replace("rung >= rungs.diplomatic_economic_gestures", "rung >= 2", 1))
    before = shipped.read_text()
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "migrate", "--check", "rules/south-asia.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "rules/south-asia.yaml:" in result.stdout and "→ rungs." in result.stdout
    assert (tmp_path / "rules" / "south-asia.yaml").read_text() == before
