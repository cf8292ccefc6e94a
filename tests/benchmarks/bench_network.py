"""Load test of classroom play: one server, 8 teams × 3 clients + facilitator + projector,
N bot-driven turns with random disconnects, all on loopback.

Run:  python tests/benchmarks/bench_network.py [--turns 200] [--disconnect 0.05] [--seed 1] [--profile FILE]
                                                [--same-process]

The server runs in a process of its own, as `wargame serve` does (--same-process: on a thread
of the clients' process, where it shares the GIL with 26 clients and every socket write waits
for them; that is how this benchmark measured until the patches protocol).

With --profile the server's thread runs under cProfile and its statistics are written to FILE
(read them with `python -m pstats FILE`); the top functions by own time are printed.

The card is the tutorial widened to 8 teams (generated in a temporary folder). Every client of
a team races to submit each turn (the server accepts one per team per turn and refuses the
others); before submitting, a client drops its connection with probability --disconnect and
its submission is resent on reconnection with the same request id. When the game ends the
facilitator rewinds it to turn 1, until --turns turns have been adjudicated.

Checked: exactly one accepted submission per team per turn (none lost, none doubled).
Reported: server CPU per turn (the server's thread time), and the time from the start of the
adjudication (the last team's submission arriving) to the last client receiving the new state
— p50/p99/max, target p99 < 100 ms (DESIGN.md §9): over every client, over the clients that
stayed connected that turn (a client that dropped resyncs after the reconnection backoff), and
on the server alone (until the last update is written to the sockets). The 26 clients share
one process, so under load their own work (parsing, applying patches) adds to the times.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import cProfile
import multiprocessing
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from wargame.net.botplay import decide  # noqa: E402
from wargame.net.client import NetClient  # noqa: E402
from wargame.net.hosting import ServerThread, make_server  # noqa: E402
from wargame.net.server import Timing  # noqa: E402
from wargame.scenario.loader import load_scenario  # noqa: E402
from wargame.session.errors import Refused  # noqa: E402
from wargame.session.session import PlaySession  # noqa: E402

TEAMS = ["india", "pakistan", "china", "usa", "team5", "team6", "team7", "team8"]


def eight_team_card(folder: Path) -> Path:
    """The tutorial with eight teams (the rulebook gains four third parties)."""
    (folder / "rules").mkdir()
    (folder / "scenarios").mkdir()
    rulebook = yaml.safe_load((ROOT / "rules" / "south-asia.yaml").read_text())
    for team in TEAMS[4:]:
        rulebook["parties"].append({"id": team, "name": team.title(), "role": "third_party"})
    (folder / "rules" / "south-asia.yaml").write_text(yaml.safe_dump(rulebook, sort_keys=False, allow_unicode=True))
    card = yaml.safe_load((ROOT / "scenarios" / "tutorial.yaml").read_text())
    template = card["teams"][1]
    for team in TEAMS[2:]:
        entry = copy.deepcopy(template)
        entry["id"] = team
        for objective in entry["objectives"]:
            objective["condition"] = objective["condition"].replace("pakistan", team)
        card["teams"].append(entry)
    path = folder / "scenarios" / "eight.yaml"
    path.write_text(yaml.safe_dump(card, sort_keys=False, allow_unicode=True))
    return path


class Stats:
    def __init__(self) -> None:
        self.accepted: Counter[tuple[str, int, str]] = Counter()
        self.refused = 0
        self.disconnects = 0
        self.first_seen: dict[int, dict[tuple[str, int], float]] = {}
        self.dropped_in: dict[int, set[tuple[str, int]]] = {}


async def drive(client: NetClient, ident: int, team: str, stats: Stats, rng: random.Random, p_drop: float) -> None:
    done: set[tuple[str, int]] = set()
    while True:
        state = await client.wait_for(
            lambda s: (
                not s.situation.over
                and not s.situation.paused
                and team not in s.submitted
                and (s.game_id, s.turns_played) not in done
            ),
            timeout=3600,
        )
        key = (state.game_id, state.turns_played)
        done.add(key)
        assert state.team is not None
        draft = decide("random", state.team, salt=f"{key}")
        if rng.random() < p_drop:
            stats.disconnects += 1
            stats.dropped_in.setdefault(ident, set()).add(key)
            client.abort()
        try:
            await client.submit(draft, turn=state.situation.turn)
            stats.accepted[(state.game_id, state.turns_played, team)] += 1
        except Refused:
            stats.refused += 1


async def facilitate(fac: NetClient) -> None:
    rewound: set[str] = set()
    while True:
        state = await fac.wait_for(lambda s: s.situation.over and s.game_id not in rewound, timeout=3600)
        rewound.add(state.game_id)
        await fac.facilitate("rewind", turn=1)


class InProcess:
    """The server on a thread of this process (it shares the GIL with the 26 clients: every
    socket write of the server waits for the clients' thread to let go of it)."""

    def __init__(self, card: Path, saves: Path, seed: int, profile: Path | None) -> None:
        session = PlaySession.new(
            load_scenario(card), dict.fromkeys(TEAMS, "human"), seed, facilitator=True, saves=saves
        )
        self.thread = ServerThread(make_server(session))
        self.server = self.thread.server
        self.url = self.thread.url
        self.codes = dict(self.server.codes.teams)
        self.facilitator = self.server.codes.facilitator
        self.profile = profile
        self.profiler = cProfile.Profile() if profile else None

    def start(self) -> float:
        """Start measuring; the server's CPU time so far."""
        if self.profiler is not None:
            self.thread.run(self.profiler.enable)
        return self.thread.run(time.thread_time)

    def count(self) -> int:
        return self.thread.run(lambda: len(self.server.timings))

    def finish(self) -> tuple[float, list[Timing]]:
        cpu = self.thread.run(time.thread_time)
        if self.profiler is not None:
            self.thread.run(self.profiler.disable)
            self.profiler.dump_stats(str(self.profile))
        return cpu, self.thread.run(lambda: list(self.server.timings))

    def stop(self) -> None:
        self.thread.stop()


def _serve(conn: Connection, card: Path, saves: Path, seed: int, profile: Path | None) -> None:
    """The server process: an `InProcess` host driven by commands over a pipe."""
    host = InProcess(card, saves, seed, profile)
    conn.send((host.url, host.codes, host.facilitator))
    while True:
        command = conn.recv()
        if command == "stop":
            host.stop()
            conn.send(None)
            return
        conn.send(getattr(host, command)())


class OwnProcess:
    """The server in a process of its own, as `wargame serve` runs it (the default)."""

    def __init__(self, card: Path, saves: Path, seed: int, profile: Path | None) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, card, saves, seed, profile), daemon=True)
        self.process.start()
        self.url, self.codes, self.facilitator = self.conn.recv()

    def _ask(self, command: str) -> Any:
        self.conn.send(command)
        return self.conn.recv()

    def start(self) -> float:
        return self._ask("start")

    def count(self) -> int:
        return self._ask("count")

    def finish(self) -> tuple[float, list[Timing]]:
        return self._ask("finish")

    def stop(self) -> None:
        self._ask("stop")
        self.process.join(10)


async def run(turns: int, p_drop: float, seed: int, profile: Path | None = None, same_process: bool = False) -> int:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        card_path = eight_team_card(Path(tmp))
        host = (InProcess if same_process else OwnProcess)(card_path, Path(tmp) / "saves", seed, profile)
        codes, facilitator_code = host.codes, host.facilitator
        stats = Stats()

        def recorder(ident: int):
            seen = stats.first_seen.setdefault(ident, {})

            def on_state(state) -> None:
                seen.setdefault((state.game_id, state.turns_played), time.perf_counter())

            return on_state

        clients: list[tuple[int, str, NetClient]] = []
        ident = 0
        for team in TEAMS:
            for _ in range(3):
                c = NetClient(host.url, code=codes[team], label="load", on_state=recorder(ident))
                await c.connect()
                clients.append((ident, team, c))
                ident += 1
        fac = NetClient(host.url, code=facilitator_code, on_state=recorder(ident))
        await fac.connect()
        projector = NetClient(host.url, public=True, on_state=recorder(ident + 1))
        await projector.connect()
        watchers = [(ident, fac), (ident + 1, projector)]

        cpu0 = await asyncio.to_thread(host.start)
        wall0 = time.perf_counter()
        tasks = [asyncio.create_task(drive(c, i, t, stats, random.Random(rng.random()), p_drop)) for i, t, c in clients]
        tasks.append(asyncio.create_task(facilitate(fac)))
        while await asyncio.to_thread(host.count) < turns:  # never blocks the clients' loop
            await asyncio.sleep(0.05)
            for task in tasks:
                if task.done() and task.exception():
                    raise task.exception()  # type: ignore[misc]
        await asyncio.sleep(0.5)  # let the last updates arrive
        cpu, timings = await asyncio.to_thread(host.finish)
        cpu -= cpu0
        timings = timings[:turns]
        wall = time.perf_counter() - wall0
        for task in tasks:
            task.cancel()

        # no lost, no doubled submission
        played = {(t.game_id, t.turns_played - 1) for t in timings}
        doubled = {k: n for k, n in stats.accepted.items() if n != 1}
        lost = [(g, n, team) for g, n in played for team in TEAMS if (g, n, team) not in stats.accepted]
        latencies, reconnecting, per_turn, connected_per_turn = [], [], [], []
        everyone = [(i, c) for i, _t, c in clients] + watchers
        for t in timings:
            key = (t.game_id, t.turns_played)
            last, last_connected = t.started, t.started
            for i, _c in everyone:
                seen = stats.first_seen.get(i, {}).get(key)
                if seen is None:
                    continue
                dropped = (t.game_id, t.turns_played - 1) in stats.dropped_in.get(i, set())
                (reconnecting if dropped else latencies).append(seen - t.started)
                last = max(last, seen)
                if not dropped:
                    last_connected = max(last_connected, seen)
            per_turn.append(last - t.started)
            connected_per_turn.append(last_connected - t.started)
        server_side = sorted(t.sent - t.started for t in timings if t.sent)
        for _i, _t, c in clients:
            await c.close()
        await fac.close()
        await projector.close()
        host.stop()

    def ms(x: float) -> str:
        return f"{x * 1000:.1f} ms"

    per_turn.sort()
    connected_per_turn.sort()
    print(f"turns adjudicated: {len(timings)}  wall: {wall:.1f} s  clients: {len(clients)} + facilitator + projector")
    print(f"submissions accepted: {sum(stats.accepted.values())}  refused (team already in): {stats.refused}")
    print(f"random disconnects: {stats.disconnects}")
    print(f"lost submissions: {len(lost)}  doubled: {len(doubled)}")
    print(f"server CPU: {cpu:.2f} s total, {ms(cpu / len(timings))} per turn")
    q = statistics.quantiles(per_turn, n=100)
    print(
        f"adjudication → last client updated (per turn, every client): p50 {ms(q[49])}  p99 {ms(q[98])}  "
        f"max {ms(per_turn[-1])}  (target p99 < 100 ms)"
    )
    q = statistics.quantiles(connected_per_turn, n=100)
    print(
        f"  … the clients that stayed connected that turn: p50 {ms(q[49])}  p99 {ms(q[98])}  "
        f"max {ms(connected_per_turn[-1])}"
    )
    q = statistics.quantiles(server_side, n=100)
    print(
        f"  … on the server, adjudication → last update written to the sockets: p50 {ms(q[49])}  "
        f"p99 {ms(q[98])}  max {ms(server_side[-1])}"
    )
    lq = statistics.quantiles(latencies, n=100)
    print(f"  per client update, connected clients: p50 {ms(lq[49])}  p99 {ms(lq[98])}  (n={len(latencies)})")
    if reconnecting:
        print(
            f"  clients that reconnected that turn: median {ms(statistics.median(reconnecting))} (n={len(reconnecting)})"
        )
    if profile:
        pstats.Stats(str(profile)).sort_stats("tottime").print_stats(25)
    return 1 if lost or doubled else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--disconnect", type=float, default=0.05, help="chance a client drops before submitting")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=Path, help="profile the server's thread into FILE (cProfile)")
    parser.add_argument(
        "--same-process", action="store_true", help="run the server on a thread of the clients' process (shared GIL)"
    )
    args = parser.parse_args()
    sys.exit(asyncio.run(run(args.turns, args.disconnect, args.seed, args.profile, args.same_process)))


if __name__ == "__main__":
    main()
