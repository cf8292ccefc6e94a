"""`wargame serve`: one asyncio process owns the play session and is its only authority.

Clients join with a code (a team's, the facilitator's) or as the public projector. A client
is sent the full snapshot of its own view when it joins (or asks to resync); every change is
followed by a `Patch` from the snapshot each audience holds to its new one (fog of war applied
here, on the server: `wargame.net.audiences`), built and encoded once per audience and sent
to all of that audience's connections. When a game ends, the debrief follows that update in a
patch of its own, and the comparison with simulated games follows later still: its games are
played in a worker process (`wargame.net.comparing`), never on this loop. The turn clock, the
fallback seats and who is connected live here; the game itself lives in the `PlaySession`."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from wargame.net import protocol as p
from wargame.net.audiences import Audiences
from wargame.net.codes import Codes, JoinLimiter
from wargame.net.comparing import Comparer
from wargame.net.drafts import take
from wargame.net.patch import diff
from wargame.session import views as v
from wargame.session.errors import Refused
from wargame.session.session import PlaySession

HELLO_TIMEOUT = 10.0
CLOSE_REFUSED = 4001
CLOSE_LIMITED = 4003


@dataclass(eq=False)
class Client:
    ws: ServerConnection
    who: str
    """A team id, `@facilitator` or `@public`."""
    label: str


@dataclass
class TurnClock:
    """The turn clock: a length, and this turn's deadline (event-loop time) or the time left
    while paused."""

    minutes: float | None = None
    deadline: float | None = None
    frozen: float | None = None

    def remaining(self, now: float) -> float | None:
        if self.frozen is not None:
            return self.frozen
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - now)


@dataclass
class Timing:
    """When a turn's adjudication started and how long the server took to send every update."""

    version: int
    started: float
    game_id: str = ""
    turns_played: int = 0
    sent: float = 0.0


@dataclass
class GameServer:
    session: PlaySession
    codes: Codes
    clock_minutes: float | None = None
    log: Callable[[str], None] = lambda _line: None
    limiter: JoinLimiter = field(default_factory=JoinLimiter)
    max_size: int = p.MAX_FRAME
    fallback: dict[str, str] = field(default_factory=dict)
    compare_ahead: bool = False
    """Play the debrief's simulated games (for the seats at start) in the worker process as soon
    as the server starts, so that the comparison is ready when the game ends (`wargame serve`)."""

    def __post_init__(self) -> None:
        self.clients: dict[ServerConnection, Client] = {}
        self.shared: dict[str, v.Draft] = {}
        self.notices: deque[str] = deque(maxlen=8)
        self.timings: list[Timing] = []
        self.clock = TurnClock(self.clock_minutes or self.session.turn_clock or None)
        self.session.turn_clock = self.clock.minutes
        self.session.save_after_updates = True  # updates first, then the autosave (see _broadcast)
        self._accepted: set[str] = set()
        self._serial = 0
        self._views = Audiences(self.session)
        self._sent: dict[str, p.State] = {}
        """Per audience: the snapshot its connections hold."""
        self._sent_key: tuple[int, int] = (-1, -1)
        self._frame = 0
        self._fresh: set[ServerConnection] = set()
        """Connections that joined and have not been sent their first full snapshot yet."""
        self._comparing = False
        self._comparer = Comparer(lambda line: self.log(line))  # the log as it is then
        self._compare_task: asyncio.Task[None] | None = None
        self._ahead_task: asyncio.Task[None] | None = None
        self._debrief_out = False
        """Whether the ended game's debrief has been published (it follows the update that ends the game)."""
        self._releasing = False
        self._turn_key: tuple[str, int, int] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._flush_scheduled = False
        self._server: Server | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    # ------------------------------------------------------------------ running
    async def start(self, host: str = "127.0.0.1", port: int = 8765) -> int:
        """Listen (port 0: any free port); returns the port."""
        self.loop = asyncio.get_running_loop()
        self._server = await serve(self._handle, host, port, max_size=self.max_size, ping_interval=20, compression=None)
        self._restart_clock_if_new_turn()
        if self.compare_ahead:
            self._ahead_task = self.loop.create_task(self._compare_ahead())
        return self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        self.session.write_due_save()
        await self._comparer.close()
        if self._timer is not None:
            self._timer.cancel()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def serve_forever(self) -> None:
        assert self._server is not None
        await self._server.serve_forever()

    # ------------------------------------------------------------------ connections
    async def _handle(self, ws: ServerConnection) -> None:
        address = str(ws.remote_address[0]) if ws.remote_address else "?"
        client = await self._join(ws, address)
        if client is None:
            return
        self.clients[ws] = client
        self._fresh.add(ws)
        self.log(f"joined: {client.who} ({client.label or 'client'}) from {address}")
        await ws.send(p.encode(self._welcome(client)))
        self._send_presence(client)
        try:
            async for raw in ws:
                reply = self._dispatch(client, raw)
                self._broadcast_soon()  # once for a burst of messages
                if reply is not None:
                    await ws.send(p.encode(reply))
        except ConnectionClosed:
            pass
        finally:
            self.clients.pop(ws, None)
            self._fresh.discard(ws)
            self.log(f"left: {client.who} ({client.label or 'client'}) from {address}")
            self._send_presence()

    async def _join(self, ws: ServerConnection, address: str) -> Client | None:
        wait = self.limiter.wait(address)
        if wait > 0:
            await self._refuse(ws, f"too many wrong codes from this address; try again in {wait:.0f} s", CLOSE_LIMITED)
            return None
        try:
            raw = await asyncio.wait_for(ws.recv(), HELLO_TIMEOUT)
            hello = p.CLIENT.validate_json(raw)
        except (TimeoutError, ConnectionClosed):
            return None
        except ValidationError:
            await self._refuse(ws, "expected a hello message first (is this a wargame client?)", CLOSE_REFUSED)
            return None
        if not isinstance(hello, p.Hello):
            await self._refuse(ws, "expected a hello message first", CLOSE_REFUSED)
            return None
        if hello.protocol != p.PROTOCOL:
            await self._refuse(ws, f"this server speaks protocol {p.PROTOCOL}; update wargame", CLOSE_REFUSED)
            return None
        who = self.codes.who(hello.code) if hello.code else None
        if who is None and hello.public and self.codes.public is None:
            who = v.PUBLIC
        if who is None:
            self.limiter.failed(address)
            self.log(f"refused a join from {address}: wrong code")
            message = (
                "this game needs a code to join: ask your facilitator"
                if not hello.code
                else f"the code {hello.code!r} does not belong to this game: check it with your facilitator"
            )
            await self._refuse(ws, message, CLOSE_REFUSED)
            return None
        return Client(ws, who, hello.client)

    async def _refuse(self, ws: ServerConnection, message: str, code: int) -> None:
        with contextlib.suppress(ConnectionClosed):
            await ws.send(p.encode(p.Error(message=message, fatal=True)))
            await ws.close(code, message[:120])

    def _welcome(self, client: Client) -> p.Welcome:
        s = self.session
        role: p.Role = "facilitator" if client.who == v.FACILITATOR else "public" if client.who == v.PUBLIC else "team"
        return p.Welcome(
            role=role,
            team=client.who if role == "team" else None,
            title=s.title,
            teams={t: s.name(t) for t in s.teams},
            game_id=s.game_id,
        )

    # ------------------------------------------------------------------ requests
    def _dispatch(self, client: Client, raw: str | bytes) -> p.Message | None:
        if isinstance(raw, bytes):
            return p.Error(message="binary frames are not part of the protocol; send JSON text")
        try:
            message = p.CLIENT.validate_json(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"]) or "message"
            return p.Error(message=f"malformed message refused ({where}: {first['msg']})")
        try:
            if isinstance(message, p.Submit):
                return self._submit(client, message)
            if isinstance(message, p.Share):
                return self._share(client, message)
            if isinstance(message, p.Facilitate):
                return self._facilitate(client, message)
            if isinstance(message, p.Resync):
                return self.snapshot(client.who)
            return p.Error(message="already joined: hello is only the first message")
        except Refused as exc:
            return p.Error(request_id=getattr(message, "request_id", None), message=str(exc))
        except (KeyError, ValueError) as exc:
            return p.Error(request_id=getattr(message, "request_id", None), message=f"refused: {exc}")

    def _submit(self, client: Client, message: p.Submit) -> p.Message:
        team = client.who
        if team not in self.session.teams:
            raise Refused("only a team's code may submit orders")
        key = f"{team}/{message.request_id}"
        s = self.session
        if key not in self._accepted and (message.game_id, message.turns_played) not in (
            (None, None),
            (s.game_id, s.turns_played),
        ):
            raise Refused("these orders were written before the game moved on (a new turn, an undo or a rewind)")
        if key not in self._accepted and team in self.session.submitted:
            raise Refused(f"your team's orders for turn {self.session.turn} are already in (once per team per turn)")
        started = time.perf_counter()
        version = self.session.version
        bot = client.label if client.label.startswith("bot:") else None
        receipt = self.session.submit(team, message.draft, turn=message.turn, request_id=key, by_bot=bot)
        if receipt.duplicate:
            return p.Ack(request_id=message.request_id, receipt=receipt, note="already received")
        self._accepted.add(key)
        self.log(f"turn {receipt.turn}: {team} submitted {len(message.draft.orders)} order(s)")
        if receipt.adjudicated:
            self._adjudicated(version, started)
        self._after()
        return p.Ack(request_id=message.request_id, receipt=receipt)

    def _share(self, client: Client, message: p.Share) -> p.Message:
        team = client.who
        if team not in self.session.teams:
            raise Refused("only a team's code may share a draft")
        s = self.session
        if (message.game_id, message.turns_played) not in ((None, None), (s.game_id, s.turns_played)):
            return p.Ack(request_id=message.request_id, note="the turn has moved on: this draft is not kept")
        parts = message.parts
        draft = message.draft if parts is None else take(self.shared.get(team), message.draft, parts)
        self.shared[team] = self._asked_only(team, draft)
        self._changed_here()
        return p.Ack(request_id=message.request_id)

    def _asked_only(self, team: str, draft: v.Draft) -> v.Draft:
        """The draft with answers and choices only for the offers and choices put to the team this
        turn: merged part by part, a draft could otherwise grow past the frame limit, and the
        team's members could no longer join."""
        if not draft.answers and not draft.choices:
            return draft
        view = self._views.team_view(team)
        offers = {o.id for o in view.offers}
        choices = {c.inject for c in view.choices}
        answers = {k: a for k, a in draft.answers.items() if k in offers}
        chosen = {k: c for k, c in draft.choices.items() if k in choices}
        if len(answers) == len(draft.answers) and len(chosen) == len(draft.choices):
            return draft
        return draft.model_copy(update={"answers": answers, "choices": chosen})

    def _facilitate(self, client: Client, m: p.Facilitate) -> p.Message:
        if client.who != v.FACILITATOR:
            raise Refused("only the facilitator's code may do that")
        s = self.session
        note = ""
        if m.verb == "fire":
            s.fire(_need(m.inject, "inject"))
        elif m.verb == "hold":
            s.hold(_need(m.inject, "inject"))
        elif m.verb == "override":
            s.override(_need(m.team, "team"), _need(m.move, "move"), bool(m.success), _need(m.reason, "reason"))
            self._notice(f"The facilitator overruled {s.name(m.team or '')}'s {m.move}: {m.reason}")
        elif m.verb == "adjust":
            s.adjust(_need(m.name, "name"), float(_need(m.value, "value")), _need(m.reason, "reason"))
        elif m.verb == "undo":
            s.undo()
        elif m.verb == "rewind":
            note = s.fork(int(_need(m.turn, "turn")))
        elif m.verb == "pause":
            s.pause()
            self._freeze_clock()
        elif m.verb == "resume":
            s.unpause()
            self._thaw_clock()
        elif m.verb == "seat":
            self._seat(_need(m.team, "team"), _need(m.seat, "seat"))
        elif m.verb == "fallback":
            self._set_fallback(_need(m.team, "team"), _need(m.seat, "seat"))
        elif m.verb == "clock":
            self.clock.minutes = m.minutes or None
            self.session.turn_clock = self.clock.minutes
            self.session.autosave()
            self._start_clock()
            self._notice(f"Turn clock: {_minutes(self.clock.minutes)}" if self.clock.minutes else "Turn clock off")
        elif m.verb == "extend":
            self._extend(float(_need(m.minutes, "minutes")))
        elif m.verb == "end_turn":
            self.expire(reason="the facilitator ended the turn")
        self.log(f"facilitator: {m.verb}")
        self._after()
        return p.Ack(request_id=m.request_id, note=note)

    def _seat(self, team: str, seat: str) -> None:
        s = self.session
        s.set_seat(team, seat)
        s.autosave()
        self._notice(f"{s.name(team)} is now played by {s.seats[team]}")
        if s.humans and s.next_human() is None and not s.over and not s.paused:
            version = s.version
            started = time.perf_counter()
            s.adjudicate()
            self._adjudicated(version, started)

    def _set_fallback(self, team: str, seat: str) -> None:
        from wargame.session.seats import SeatError, normalise

        if team not in self.session.teams:
            raise Refused(f"no team '{team}' on this card")
        if seat == "none":
            self.fallback.pop(team, None)
            return
        try:
            self.fallback[team] = normalise(seat)
        except SeatError as exc:
            raise Refused(str(exc)) from None

    # ------------------------------------------------------------------ the clock
    def expire(self, reason: str = "the turn clock ran out") -> None:
        """End the turn now: every human seat that has not submitted orders nothing, or its
        fallback bot plays it; the game's event log (and so the save, the results and the
        report), the notices and the server log say which."""
        s = self.session
        if s.over or s.paused:
            return
        turn, version, started = s.turn, s.version, time.perf_counter()
        got = s.expire(self.fallback, reason)
        for team, what in got.items():
            how = "it orders nothing" if what == "nothing" else f"its seat's fallback {what} played it"
            line = f"Turn {turn}: {reason} before {s.name(team)} submitted; {how}"
            self._notice(line)
            self.log(line)
        self._adjudicated(version, started)
        self._after()

    def _on_timer(self) -> None:
        self._timer = None
        self.expire()
        self._broadcast()

    def _now(self) -> float:
        return self.loop.time() if self.loop is not None else time.monotonic()

    def _start_clock(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.clock.frozen = None
        self.clock.deadline = None
        if not self.clock.minutes or self.session.over:
            return
        seconds = self.clock.minutes * 60
        if self.session.paused:
            self.clock.frozen = seconds
            return
        self.clock.deadline = self._now() + seconds
        self._arm()

    def _arm(self) -> None:
        if self.loop is not None and self.clock.deadline is not None:
            self._timer = self.loop.call_at(self.clock.deadline, self._on_timer)

    def _freeze_clock(self) -> None:
        if self.clock.deadline is not None:
            self.clock.frozen = self.clock.remaining(self._now())
            self.clock.deadline = None
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _thaw_clock(self) -> None:
        if self.clock.frozen is not None:
            self.clock.deadline = self._now() + self.clock.frozen
            self.clock.frozen = None
            self._arm()

    def _extend(self, minutes: float) -> None:
        """Add time to this turn. With no clock running, this turn alone gets a countdown of
        `minutes`; later turns stay without a clock (setting the clock is `clock`)."""
        if self.clock.deadline is None and self.clock.frozen is None:
            seconds = minutes * 60
            if self.session.paused:
                self.clock.frozen = seconds
            else:
                self.clock.deadline = self._now() + seconds
                self._arm()
        elif self.clock.frozen is not None:
            self.clock.frozen += minutes * 60
        else:
            assert self.clock.deadline is not None
            self.clock.deadline += minutes * 60
            if self._timer is not None:
                self._timer.cancel()
            self._arm()
        self._notice(f"The facilitator added {_minutes(minutes)} to this turn")

    def _restart_clock_if_new_turn(self) -> None:
        s = self.session
        key = (s.game_id, s.turn, s.turns_played)
        if key != self._turn_key:
            self._turn_key = key
            self.shared = {}
            self._start_clock()

    # ------------------------------------------------------------------ state out
    def _adjudicated(self, version: int, started: float) -> None:
        self.timings.append(Timing(version, started, self.session.game_id, self.session.turns_played))
        self.log(f"turn {self.session.turns_played} adjudicated ({self.session.situation().state_name})")

    def _after(self) -> None:
        self._restart_clock_if_new_turn()
        self._changed_here()

    def _changed_here(self) -> None:
        """Something only the server knows changed (presence, shared drafts, the clock)."""
        self._serial += 1

    def _notice(self, text: str) -> None:
        self.notices.append(text)
        self._changed_here()

    def _broadcast_soon(self) -> None:
        if not self._flush_scheduled and self.loop is not None:
            self._flush_scheduled = True
            self.loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        self._broadcast()

    def _broadcast(self) -> None:
        s = self.session
        if not s.over:
            self._debrief_out = False
        elif self.loop is None:
            self._debrief_out = True  # no loop to send it after the update: with it
        key = (s.version, self._serial)
        try:
            if key != self._sent_key:
                self._sent_key = key
                for who in {c.who for ws, c in self.clients.items() if ws not in self._fresh}:
                    self._publish(who)
                if self.timings and not self.timings[-1].sent:
                    self.timings[-1].sent = time.perf_counter()
        finally:
            self.session.write_due_save()  # the updates are on the sockets (or failed): now the disk
        if self.loop is None:
            return
        if s.over and not self._debrief_out:
            if not self._releasing:
                self._releasing = True
                self.loop.call_soon(self._release_debrief)  # after the updates have gone out
        elif self._views.comparison_pending and not self._comparing:
            self._comparing = True
            self._compare_task = self.loop.create_task(self._compare())

    def _release_debrief(self) -> None:
        """The ended game's debrief, as a patch of its own after the update that ended it: every
        client has the results first (the debrief is larger, and read later)."""
        self._releasing = False
        if self.session.over and not self._debrief_out:
            self._debrief_out = True
            self._changed_here()
            self._broadcast()

    async def _compare(self) -> None:
        """The debrief's comparison with simulated games: the games are played in a worker
        process while this loop goes on serving; then the debrief with the comparison is sent
        as one more patch."""
        try:
            while (job := self.session.comparison_job()) is not None:
                games = await self._comparer.play(job)
                if games is None:
                    break  # played here, below
                self.session.learn_comparison(job, games)
            if self._views.comparison_pending:  # still over: not undone or rewound meanwhile
                self.session.debrief()
                self._changed_here()
                self._broadcast()
        finally:
            self._comparing = False

    async def _compare_ahead(self) -> None:
        """The simulated games for the seats at start, played in the worker before they are needed
        (if the worker cannot run them, they wait for the end of the game, as without this)."""
        job = self.session.comparison_job(ahead=True)
        if job is not None:
            games = await self._comparer.play(job)
            if games is not None:
                self.session.learn_comparison(job, games)
                self._broadcast_soon()  # a game that ended meanwhile gets its comparison

    def _publish(self, who: str) -> None:
        """Bring `who`'s snapshot up to date; its connections (but new ones, which get the
        full snapshot next) are sent the patch from the frame they hold."""
        last = self._sent.get(who)
        state = self.state(who, frame=last.frame if last else 0)
        if last is None:
            self._frame += 1
            self._sent[who] = state.model_copy(update={"frame": self._frame})
            return
        ops = diff(last, state)
        if not ops:
            return
        self._frame += 1
        self._sent[who] = state.model_copy(update={"frame": self._frame})
        patch = p.Patch.model_construct(
            base=last.frame,
            frame=self._frame,
            version=state.version,
            ops=[p.PatchOp.model_construct(path=path, op=op, value=value) for path, op, value in ops],
        )
        conns = [ws for ws, c in self.clients.items() if c.who == who and ws not in self._fresh]
        if conns:
            broadcast(conns, p.encode(patch))  # encoded once for every connection of the audience

    def _send_presence(self, joined: Client | None = None) -> None:
        """The facilitator's list of who is connected changed; a joining client gets its full snapshot."""
        self._broadcast()
        self._publish(v.FACILITATOR)
        if joined is not None:
            self._publish(joined.who)
            self._fresh.discard(joined.ws)
            broadcast([joined.ws], p.encode(self._sent[joined.who]))

    def snapshot(self, who: str) -> p.State:
        """The full snapshot `who`'s connections hold (what a new or resyncing client is sent)."""
        if who not in self._sent:
            self._publish(who)
        return self._sent[who]

    def state(self, who: str, frame: int = 0) -> p.State:
        """A new snapshot of one audience's view: a team's, the facilitator's or the public's."""
        fallback = self.fallback if who == v.FACILITATOR else {}
        clock = p.Clock.model_construct(
            minutes=self.clock.minutes,
            remaining=self.clock.remaining(self._now()),
            running=self.clock.deadline is not None,
            fallback=dict(fallback),
        )
        return self._views.state(
            who,
            frame=frame,
            clock=clock,
            notices=list(self.notices),
            connected=self.presence() if who == v.FACILITATOR else None,
            shared=self.shared.get(who),
            debrief=self._debrief_out,
        )

    def presence(self) -> list[p.Presence]:
        counts: dict[str, int] = {}
        bots: dict[str, list[str]] = {}
        for client in self.clients.values():
            counts[client.who] = counts.get(client.who, 0) + 1
            if client.label.startswith("bot:"):
                bots.setdefault(client.who, []).append(client.label.removeprefix("bot:"))
        s = self.session
        rows = [
            p.Presence(
                who=t,
                name=s.name(t),
                clients=counts.get(t, 0),
                bot_clients=sorted(bots.get(t, [])),
                seat=s.seats[t],
                submitted=t in s.submitted,
            )
            for t in s.teams
        ]
        for who, name in ((v.FACILITATOR, "Facilitator"), (v.PUBLIC, "Projector")):
            rows.append(p.Presence(who=who, name=name, clients=counts.get(who, 0), seat=None, submitted=False))
        return rows


def _need(value: Any, name: str) -> Any:
    if value is None or value == "":
        raise Refused(f"this verb needs '{name}'")
    return value


def _minutes(minutes: float) -> str:
    return f"{minutes:g} min"
