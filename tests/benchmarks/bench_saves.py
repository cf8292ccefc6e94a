"""Autosave per turn and resume, at turn 9 and at turn 72 of the same long game.

Run:  python tests/benchmarks/bench_saves.py [-n 10] [--turns 72]

The game is the Balakot card with a 72-day calendar (`long_game.py`: the shipped rulebook without
its transitions into terminal states, so every game runs to the end), all seats historical.
Autosave = snapshot + JSON encoding + atomic write (temp file, fsync, rename), timed after every turn
with the default rotation (the newest 5 kept: the oldest one is recycled as the new file). In the same
run and turn: the same save written the way autosave worked before (a new file, then the oldest
deleted: `old way`), and two baselines: a bare `json.dumps` of the game's snapshot and one `fsync` of a
file of the same size in the same folder (the disk's share, which no code change removes;
`autosave - fsync` is our own work). Resume = `open_save` (read, validate, rebuild
by replay, check against the snapshot) of copies of the autosaves written after turn 9 and after the last
turn.
DESIGN.md §9 targets: autosave ≤ 5 ms, also at turn 72; resume linear (72 turns ≤ 10× 9 turns).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_game import write_long_card  # beside this script

from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.persistence.autosave import KEEP_AUTOSAVES, Autosaver
from wargame.persistence.saves import encode, open_save, to_save
from wargame.scenario.loader import LoadedScenario, load_scenario

EARLY = 9


def autosave_now(saver: Autosaver, game: Game, scenario: LoadedScenario, seats: dict[str, str]) -> Path:
    return saver.save(game, scenario, seats)


def autosave_the_old_way(saver: Autosaver, game: Game, scenario: LoadedScenario, seats: dict[str, str]) -> Path:
    """How autosave rotated before: write a new file (`saver` keeps everything), then delete the oldest."""
    path = saver.save_bytes(encode(to_save(game, scenario, seats, saver.game_id)))
    for old in saver.existing()[:-KEEP_AUTOSAVES]:
        old.unlink()
    return path


def fsync_time(folder: Path, size: int) -> float:
    """Seconds for one fsync of a fresh file of `size` bytes in `folder` (then removed)."""
    probe = folder / ".fsync-probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, b"x" * size)
        start = time.perf_counter()
        os.fsync(fd)
        return time.perf_counter() - start
    finally:
        os.close(fd)
        probe.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="games")
    parser.add_argument("--turns", type=int, default=72, help="calendar length of the long game")
    args = parser.parse_args()
    saves: dict[int, list[float]] = {}
    inline: dict[int, list[float]] = {}
    dumps: dict[int, list[float]] = {}
    syncs: dict[int, list[float]] = {}
    resumes: dict[int, list[float]] = {EARLY: [], args.turns: []}
    sizes: dict[int, list[int]] = {EARLY: [], args.turns: []}
    with tempfile.TemporaryDirectory() as tmp:
        scenario = load_scenario(write_long_card(Path(tmp) / "card", args.turns))
        seats = {t.id: "bot:historical" for t in scenario.card.teams}
        folder, before, kept_dir = Path(tmp) / "saves", Path(tmp) / "inline", Path(tmp) / "kept"
        kept_dir.mkdir()
        for seed in range(args.n):
            game = Game.new(scenario, seed)
            saver = Autosaver(folder, f"g{seed}")
            old = Autosaver(before, f"g{seed}", keep=0)
            bots: dict = {}
            kept: dict[int, Path] = {}
            while not game.over:
                turn = game.turn
                bot_turn(game, seats, bots)
                game.adjudicate()
                start = time.perf_counter()
                json.dumps(game.snapshot())
                dumps.setdefault(turn, []).append(time.perf_counter() - start)

                # each way goes first half of the time: the first write after a while can find the
                # disk in another state than the second
                written: dict[bool, Path] = {}
                ways = [(saves, saver, autosave_now), (inline, old, autosave_the_old_way)]
                for times, who, way in ways if (seed + turn) % 2 == 0 else ways[::-1]:
                    start = time.perf_counter()
                    written[who is saver] = way(who, game, scenario, seats)
                    times.setdefault(turn, []).append(time.perf_counter() - start)
                path = written[True]
                syncs.setdefault(turn, []).append(fsync_time(folder, path.stat().st_size))
                if turn in resumes:  # a copy: the rotation deletes the autosave itself 5 turns later
                    kept[turn] = kept_dir / path.name
                    kept[turn].write_bytes(path.read_bytes())
            for turn, path in kept.items():
                sizes[turn].append(path.stat().st_size)
                start = time.perf_counter()
                open_save(path)
                resumes[turn].append(time.perf_counter() - start)
    med = statistics.median
    last = args.turns
    print(f"balakot-2019 over {last} days, every seat historical, {args.n} games")
    for turn in (1, EARLY, last):
        if turn in saves:
            s, i, d, f = med(saves[turn]), med(inline[turn]), med(dumps[turn]), med(syncs[turn])
            print(
                f"autosave after turn {turn:>2}: median {s * 1e3:6.2f} ms (target <= 5 ms)   the old way"
                f" {i * 1e3:6.2f} ms   json.dumps of the snapshot {d * 1e3:5.2f} ms   one fsync {f * 1e3:5.2f} ms"
                f"   (autosave - fsync = {(s - f) * 1e3:.2f} ms; {s / d:.1f}x json.dumps)"
            )
    r9, r72 = med(resumes[EARLY]), med(resumes[last])
    for turn in (EARLY, last):
        print(
            f"resume at turn {turn:>2}:      median {med(resumes[turn]) * 1e3:7.2f} ms"
            f"   (save size median {med(sizes[turn]) / 1024:.0f} KiB)"
        )
    print(f"resume {last} turns / {EARLY} turns: {r72 / r9:.2f}x  (target <= 10x: linear)")


if __name__ == "__main__":
    main()
