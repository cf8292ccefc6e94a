"""A process killed (SIGKILL) at random moments while autosaving always leaves a loadable
latest-or-previous save."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from tests.conftest import ROOT
from wargame.persistence.errors import SaveError
from wargame.persistence.format import parse_save

WRITER = """
import sys
from pathlib import Path
from wargame.scenario.loader import load_scenario
from wargame.engine.game import Game
from wargame.persistence.saves import Autosaver
from wargame.bots.turn import bot_turn
scenario = load_scenario('scenarios/balakot-2019.yaml')
seats = {t: 'bot:random' for t in ('india', 'pakistan', 'china', 'usa')}
saver = Autosaver(Path(sys.argv[1]), 'crash', keep=3)
seed = 0
print('ready', flush=True)
while True:
    game = Game.new(scenario, seed)
    bots = {}
    while not game.over:
        bot_turn(game, seats, bots)
        game.adjudicate()
        saver.save(game, scenario, seats)
    seed += 1
"""


def test_sigkill_during_autosave_never_loses_the_last_good_save(tmp_path):
    rng = random.Random(1234)
    checked = 0
    for attempt in range(12):
        folder = tmp_path / f"run{attempt}"
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], cwd=ROOT, stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.2, 0.8))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        saves = sorted(folder.glob("crash.autosave-*.json")) if folder.exists() else []
        if not saves:
            continue
        try:
            parse_save(saves[-1])
        except SaveError:
            assert len(saves) > 1, "the only save is unreadable"
            parse_save(saves[-2])
        checked += 1
    assert checked >= 6
