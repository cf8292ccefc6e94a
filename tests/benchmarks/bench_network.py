"""Load test of classroom play: one server, 8 teams × 3 clients + facilitator + projector,
N bot-driven turns with random disconnects, all on loopback.

Run:  python tests/benchmarks/bench_network.py [--turns 200] [--disconnect 0.05] [--seed 1] [--profile FILE]
                                                [--layout both|per-team|one-process] [--same-process]
                                                [--no-gc-freeze]

The server runs in a process of its own, as `wargame serve` does (--same-process: on a thread
of the clients' process, where it shares the GIL with 26 clients and every socket write waits
for them; that is how this benchmark measured until the patches protocol; one-process layout only).

Where the clients run (--layout): `per-team` gives each team's 3 clients a process of their
own and the facilitator and projector one more, as in a classroom where every client is its own
program (there on its own laptop; here 9 processes share this machine's cores); `one-process`
puts all 26 clients in this benchmark's one process (how it measured until protocol 5: one
client's parsing, or a full garbage collection, delays the other 25). `both` (the default) runs
the two, one after the other, and prints both. Times are taken with `time.perf_counter`, which
on Linux is CLOCK_MONOTONIC, one clock for every process of the machine (checked at start).
Each client process calls `gc.freeze()` after joining, as `wargame join` does (--no-gc-freeze: not).

With --profile the server's thread runs under cProfile and its statistics are written to FILE
(read them with `python -m pstats FILE`); the top functions by own time are printed.

The card is the tutorial widened to 8 teams (generated in a temporary folder). Every client of
a team races to submit each turn (the server accepts one per team per turn and refuses the
others); before submitting, a client drops its connection with probability --disconnect and
its submission is resent on reconnection with the same request id. When a game ends the
facilitator waits for the debrief, then rewinds the game to turn 1, until --turns turns have
been adjudicated.

Checked: exactly one accepted submission per team per turn (none lost, none doubled).
Reported: server CPU per turn (the server's thread time), and the time from the start of the
adjudication (the last team's submission arriving) to the last client having the new state
applied — p50/p99/max, target p99 < 100 ms (DESIGN.md §9): over every client, over the clients
that stayed connected that turn (a client that dropped resyncs after the reconnection backoff),
on the server alone (until the last update is written to the sockets), and for the turns that
ended a game. Since protocol 5 the debrief follows the update that ends a game in a patch of its
own: the time from adjudication to the last connected client having the debrief is reported
separately (it is not in the figures above, which count the results/state update). The slowest
turns are listed with what they were. Percentiles are `statistics.quantiles` (exclusive method, as
before): with few samples (the turns that ended a game) p99 may lie above the max.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import cProfile
import gc
import multiprocessing
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from wargame.net.botplay import decide  # noqa: E402
from wargame.net.client import NetClient  # noqa: E402
from wargame.net.hosting import ServerThread, make_server  # noqa: E402
from wargame.net.protocol import State  # noqa: E402
from wargame.net.server import Timing  # noqa: E402
from wargame.scenario.loader import load_scenario  # noqa: E402
from wargame.session.errors import Refused  # noqa: E402
from wargame.session.session import PlaySession  # noqa: E402

TEAMS = ["india", "pakistan", "china", "usa", "team5", "team6", "team7", "team8"]
PER_TEAM = 3
FACILITATOR, PROJECTOR = len(TEAMS) * PER_TEAM, len(TEAMS) * PER_TEAM + 1
"""Client numbers: team i's clients are 3i, 3i+1, 3i+2; then the facilitator and the projector."""
Key = tuple[str, int]
"""(game id, turns played): one adjudicated turn."""


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


@dataclass
class ClientLog:
    """What a group of clients saw and did (merged over the groups' processes)."""

    accepted: Counter[tuple[str, int, str]] = field(default_factory=Counter)
    refused: int = 0
    disconnects: int = 0
    first_seen: dict[int, dict[Key, float]] = field(default_factory=dict)
    """Client → turn → when it first had that turn's state applied."""
    debrief_seen: dict[int, dict[Key, float]] = field(default_factory=dict)
    """Client → turn that ended a game → when it first had the debrief."""
    ended: set[Key] = field(default_factory=set)
    dropped_in: dict[int, set[Key]] = field(default_factory=dict)
    """Client → the turns (as they were before adjudication) in which it dropped its connection."""

    def merge(self, other: ClientLog) -> None:
        self.accepted.update(other.accepted)
        self.refused += other.refused
        self.disconnects += other.disconnects
        self.first_seen.update(other.first_seen)
        self.debrief_seen.update(other.debrief_seen)
        self.ended |= other.ended
        self.dropped_in.update(other.dropped_in)

    def recorder(self, ident: int) -> Callable[[State], None]:
        seen = self.first_seen.setdefault(ident, {})
        debriefs = self.debrief_seen.setdefault(ident, {})

        def on_state(state: State) -> None:
            now = time.perf_counter()
            key = (state.game_id, state.turns_played)
            seen.setdefault(key, now)
            if state.situation.over:
                self.ended.add(key)
                if state.debrief is not None:
                    debriefs.setdefault(key, now)

        return on_state


async def drive(client: NetClient, ident: int, team: str, log: ClientLog, rng: random.Random, p_drop: float) -> None:
    done: set[Key] = set()
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
            log.disconnects += 1
            log.dropped_in.setdefault(ident, set()).add(key)
            client.abort()
        try:
            await client.submit(draft, turn=state.situation.turn)
            log.accepted[(state.game_id, state.turns_played, team)] += 1
        except Refused:
            log.refused += 1


async def facilitate(fac: NetClient) -> None:
    """At each game's end: once the debrief is in, rewind to turn 1."""
    rewound: set[str] = set()
    while True:
        state = await fac.wait_for(
            lambda s: s.situation.over and s.debrief is not None and s.game_id not in rewound, timeout=3600
        )
        rewound.add(state.game_id)
        await fac.facilitate("rewind", turn=1)


@dataclass(frozen=True)
class Group:
    """Clients that share one process: some teams' clients, and maybe the facilitator and projector."""

    url: str
    codes: tuple[tuple[int, str, str], ...]
    """(client number, team, code) of each team client."""
    facilitator: str | None
    """The facilitator's code, if the facilitator and the projector are in this group."""
    seed: int
    p_drop: float
    freeze: bool


class Running:
    """A group's clients, joined, then playing."""

    def __init__(self, group: Group) -> None:
        self.group = group
        self.log = ClientLog()
        self.clients: list[NetClient] = []
        self.tasks: list[asyncio.Task[None]] = []

    async def join(self) -> None:
        g = self.group
        for ident, _team, code in g.codes:
            c = NetClient(g.url, code=code, label="load", on_state=self.log.recorder(ident))
            await c.connect()
            self.clients.append(c)
        if g.facilitator is not None:
            for ident, kwargs in ((FACILITATOR, {"code": g.facilitator}), (PROJECTOR, {"public": True})):
                c = NetClient(g.url, on_state=self.log.recorder(ident), **kwargs)  # type: ignore[arg-type]
                await c.connect()
                self.clients.append(c)
        if g.freeze:
            gc.freeze()  # as `wargame join` does after start-up

    def play(self) -> None:
        g = self.group
        for (ident, team, _code), c in zip(g.codes, self.clients, strict=False):
            rng = random.Random(g.seed * 1000 + ident)
            self.tasks.append(asyncio.create_task(drive(c, ident, team, self.log, rng, g.p_drop)))
        if g.facilitator is not None:
            self.tasks.append(asyncio.create_task(facilitate(self.clients[len(g.codes)])))

    def check(self) -> None:
        for task in self.tasks:
            if task.done() and task.exception():
                raise task.exception()  # type: ignore[misc]

    async def stop(self) -> ClientLog:
        for task in self.tasks:
            task.cancel()
        for c in self.clients:
            await c.close()
        return self.log


def _client_process(conn: Connection, group: Group) -> None:
    """A process of clients: join, say so, play on "go" until "stop", then send the log."""

    async def main() -> None:
        running = Running(group)
        await running.join()
        conn.send("ready")
        while not conn.poll():
            await asyncio.sleep(0.02)
        conn.recv()
        running.play()
        while not conn.poll():
            await asyncio.sleep(0.05)
            running.check()
        conn.recv()
        conn.send(await running.stop())

    asyncio.run(main())


class InProcess:
    """The server on a thread of this process (it shares the GIL with the 26 clients: every
    socket write of the server waits for the clients' thread to let go of it)."""

    def __init__(self, card: Path, saves: Path, seed: int, profile: Path | None) -> None:
        session = PlaySession.new(
            load_scenario(card), dict.fromkeys(TEAMS, "human"), seed, facilitator=True, saves=saves
        )
        server = make_server(session)
        server.compare_ahead = True  # as `wargame serve` does
        self.thread = ServerThread(server)
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
    gc.freeze()  # as `wargame serve` does once it is serving
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
        # not a daemon: the server starts a worker process for the debrief's simulated games
        self.process = context.Process(target=_serve, args=(child, card, saves, seed, profile))
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


class HereClients:
    """All the clients in this process (the one-process layout)."""

    def __init__(self, groups: list[Group]) -> None:
        self.running = [Running(g) for g in groups]

    async def join(self) -> None:
        for r in self.running:
            await r.join()

    def play(self) -> None:
        for r in self.running:
            r.play()

    def check(self) -> None:
        for r in self.running:
            r.check()

    async def stop(self) -> ClientLog:
        log = ClientLog()
        for r in self.running:
            log.merge(await r.stop())
        return log


class ClientProcesses:
    """One process per group of clients (the per-team layout)."""

    def __init__(self, groups: list[Group]) -> None:
        context = multiprocessing.get_context("spawn")
        self.conns: list[Connection] = []
        self.processes = []
        for g in groups:
            conn, child = context.Pipe()
            process = context.Process(target=_client_process, args=(child, g), daemon=True)
            process.start()
            self.conns.append(conn)
            self.processes.append(process)

    async def join(self) -> None:
        for conn in self.conns:
            assert await asyncio.to_thread(conn.recv) == "ready"

    def play(self) -> None:
        for conn in self.conns:
            conn.send("go")

    def check(self) -> None:
        for process in self.processes:
            if not process.is_alive():
                raise RuntimeError(f"a client process ended early (exit code {process.exitcode})")

    async def stop(self) -> ClientLog:
        log = ClientLog()
        for conn in self.conns:
            conn.send("stop")
        for conn in self.conns:
            log.merge(await asyncio.to_thread(conn.recv))
        for process in self.processes:
            process.join(10)
        return log


def groups_for(
    url: str, codes: dict[str, str], facilitator: str, seed: int, p_drop: float, freeze: bool
) -> list[Group]:
    """One group per team (its 3 clients), and one for the facilitator and the projector."""
    teams = [
        Group(url, tuple((i * PER_TEAM + j, team, codes[team]) for j in range(PER_TEAM)), None, seed, p_drop, freeze)
        for i, team in enumerate(TEAMS)
    ]
    return [*teams, Group(url, (), facilitator, seed, p_drop, freeze)]


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"


def spread(values: list[float]) -> str:
    """p50, p99 and max of a list of durations (seconds)."""
    if len(values) < 2:
        return "(too few samples)" if not values else f"one sample: {ms(values[0])}"
    q = statistics.quantiles(values, n=100)
    return f"p50 {ms(q[49])}  p99 {ms(q[98])}  max {ms(max(values))}"


def report(timings: list[Timing], log: ClientLog, cpu: float, wall: float) -> bool:
    """Print the figures of one run; whether a submission was lost or doubled."""
    played = {(t.game_id, t.turns_played - 1) for t in timings}
    doubled = {k: n for k, n in log.accepted.items() if n != 1}
    lost = [(g, n, team) for g, n in played for team in TEAMS if (g, n, team) not in log.accepted]
    everyone = range(PROJECTOR + 1)
    per_turn, connected_per_turn, latencies, reconnecting = [], [], [], []
    ended_turns, debrief_turns, slowest = [], [], []
    debriefs_missing = 0
    for t in timings:
        key = (t.game_id, t.turns_played)
        last, last_connected, last_debrief = t.started, t.started, t.started
        for i in everyone:
            seen = log.first_seen.get(i, {}).get(key)
            if seen is None:
                continue
            dropped = (t.game_id, t.turns_played - 1) in log.dropped_in.get(i, set())
            (reconnecting if dropped else latencies).append(seen - t.started)
            last = max(last, seen)
            if not dropped:
                last_connected = max(last_connected, seen)
                if key in log.ended:
                    debrief = log.debrief_seen.get(i, {}).get(key)
                    if debrief is None:
                        debriefs_missing += 1
                    else:
                        last_debrief = max(last_debrief, debrief)
        per_turn.append(last - t.started)
        connected_per_turn.append(last_connected - t.started)
        if key in log.ended:
            ended_turns.append(last - t.started)
            debrief_turns.append(last_debrief - t.started)
        slowest.append((last - t.started, t.sent - t.started if t.sent else 0.0, key in log.ended, t.turns_played))
    server_side = [t.sent - t.started for t in timings if t.sent]
    print(f"turns adjudicated: {len(timings)}  wall: {wall:.1f} s  clients: 24 + facilitator + projector")
    print(f"submissions accepted: {sum(log.accepted.values())}  refused (team already in): {log.refused}")
    print(f"random disconnects: {log.disconnects}")
    print(f"lost submissions: {len(lost)}  doubled: {len(doubled)}")
    print(f"server CPU: {cpu:.2f} s total, {ms(cpu / len(timings))} per turn")
    print(f"adjudication → last client updated (per turn, every client): {spread(per_turn)}  (target p99 < 100 ms)")
    print(f"  … the clients that stayed connected that turn: {spread(connected_per_turn)}")
    print(f"  … on the server, adjudication → last update written to the sockets: {spread(server_side)}")
    print(f"  … the {len(ended_turns)} turns that ended a game: {spread(ended_turns)}")
    print(
        f"  adjudication → last connected client has the debrief (turns that ended a game): {spread(debrief_turns)}"
        f"  ({debriefs_missing} debrief(s) not received)"
    )
    print(f"  per client update, connected clients: {spread(latencies)}  (n={len(latencies)})")
    if reconnecting:
        print(
            f"  clients that reconnected that turn: median {ms(statistics.median(reconnecting))} (n={len(reconnecting)})"
        )
    slowest.sort(reverse=True)
    print(
        "  slowest turns: "
        + "; ".join(
            f"{ms(total)} (server {ms(server)}, turn {n}{', ended the game' if ended else ''})"
            for total, server, ended, n in slowest[:5]
        )
    )
    return bool(lost or doubled)


async def run(
    turns: int,
    p_drop: float,
    seed: int,
    profile: Path | None = None,
    same_process: bool = False,
    layout: str = "per-team",
    freeze: bool = True,
) -> int:
    """One measured run; 1 if a submission was lost or doubled."""
    with tempfile.TemporaryDirectory() as tmp:
        card_path = eight_team_card(Path(tmp))
        host = (InProcess if same_process else OwnProcess)(card_path, Path(tmp) / "saves", seed, profile)
        groups = groups_for(host.url, host.codes, host.facilitator, seed, p_drop, freeze)
        clients = ClientProcesses(groups) if layout == "per-team" else HereClients(groups)
        await clients.join()
        cpu0 = await asyncio.to_thread(host.start)
        wall0 = time.perf_counter()
        clients.play()
        while await asyncio.to_thread(host.count) < turns:  # never blocks the clients' loop
            await asyncio.sleep(0.05)
            clients.check()
        await asyncio.sleep(0.5)  # let the last updates arrive
        cpu, timings = await asyncio.to_thread(host.finish)
        wall = time.perf_counter() - wall0
        log = await clients.stop()
        host.stop()
    bad = report(timings[:turns], log, cpu - cpu0, wall)
    if profile:
        pstats.Stats(str(profile)).sort_stats("tottime").print_stats(25)
    return 1 if bad else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--disconnect", type=float, default=0.05, help="chance a client drops before submitting")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=Path, help="profile the server's thread into FILE (cProfile)")
    parser.add_argument(
        "--layout",
        choices=["both", "per-team", "one-process"],
        default="both",
        help="clients in a process per team (+1 for facilitator and projector), all in this process, or both runs",
    )
    parser.add_argument(
        "--same-process",
        action="store_true",
        help="run the server on a thread of the clients' process (shared GIL; one-process layout)",
    )
    parser.add_argument("--no-gc-freeze", action="store_true", help="the clients do not gc.freeze() after joining")
    args = parser.parse_args()
    for clock in ("perf_counter", "monotonic"):
        if time.get_clock_info(clock).implementation != "clock_gettime(CLOCK_MONOTONIC)":
            sys.exit(f"{clock} is not CLOCK_MONOTONIC here: times taken in different processes cannot be compared")
    layouts = ["one-process", "per-team"] if args.layout == "both" else [args.layout]
    if args.same_process:
        layouts = ["one-process"]
    code = 0
    for i, layout in enumerate(layouts):
        if i:
            print()
        server = "on a thread of the clients' process" if args.same_process else "in its own process"
        print(f"== clients: {layout}; server {server}; gc.freeze: {not args.no_gc_freeze}")
        code |= asyncio.run(
            run(args.turns, args.disconnect, args.seed, args.profile, args.same_process, layout, not args.no_gc_freeze)
        )
    sys.exit(code)


if __name__ == "__main__":
    main()
