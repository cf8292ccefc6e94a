"""The network client: joins a served game with a code and keeps the latest snapshot of its
own view, applying the server's patches to it. A dropped connection is re-established with
backoff; the server then sends a full snapshot (as it does when a patch does not fit), and
requests still unanswered are sent again with the same request id (a resend is harmless)."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from wargame.net import protocol as p
from wargame.net.patch import PatchError, apply_all
from wargame.session import views as v
from wargame.session.errors import Refused, SessionError

RETRY_MAX = 2.0


class JoinRefused(SessionError):
    """The server refused to let this client join (wrong code, too many attempts) or could not be reached."""

    def __init__(self, message: str, *, by_server: bool = False) -> None:
        super().__init__(message)
        self.by_server = by_server
        """The server answered and said no (rather than: it could not be reached)."""


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


class NetClient:
    """One connection to a served game (async). `state` is the latest snapshot of this
    client's view; `on_state` is called after each one."""

    def __init__(
        self,
        url: str,
        *,
        code: str | None = None,
        public: bool = False,
        label: str = "",
        reconnect: bool = True,
        on_state: Callable[[p.State], None] | None = None,
        on_lost: Callable[[str], None] | None = None,
        on_link: Callable[[bool], None] | None = None,
    ) -> None:
        self.url = url
        self.code = code
        self.public = public
        self.label = label
        self.reconnect = reconnect
        self.on_state = on_state
        self.on_lost = on_lost
        self.on_link = on_link
        """Called with False when the connection drops (the client then retries) and True when it is back."""
        self.welcome: p.Welcome | None = None
        self.state: p.State | None = None
        self.frames: list[str] = []
        """Every raw frame received (kept only when `keep_frames` is set: for tests)."""
        self.keep_frames = False
        self.reconnects = 0
        self.lost: str | None = None
        """Why the connection is gone for good (the server refused to take this client back, or
        it closed and the client does not reconnect); waiters are woken and told."""
        self.received_at = 0.0
        """When the latest snapshot arrived (monotonic clock): the turn clock counts down from there."""
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[str, tuple[p.Message, asyncio.Future[p.Ack]]] = {}
        self._changed = asyncio.Event()
        self._closing = False
        self._resyncing = False
        """A full snapshot was asked for (patches are dropped until it arrives)."""

    # ------------------------------------------------------------------ connecting
    async def connect(self) -> p.Welcome:
        """Join (raises `JoinRefused` with the server's reason) and wait for the first snapshot."""
        await self._open()
        self._reader = asyncio.create_task(self._read())
        await self.wait_for(lambda s: True)
        assert self.welcome is not None
        return self.welcome

    async def _open(self) -> None:
        try:
            ws = await connect(self.url, max_size=p.MAX_FRAME, open_timeout=10, ping_interval=20, compression=None)
        except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as exc:
            raise JoinRefused(f"cannot reach {self.url}: {exc}") from None
        version = self.state.version if self.state else 0
        hello = p.Hello(code=self.code, public=self.public, version=version, client=self.label)
        with contextlib.suppress(ConnectionClosed):  # a refusal may come before the hello is read
            await ws.send(p.encode(hello))
        try:
            first = p.SERVER.validate_json(await ws.recv())
        except ConnectionClosed as exc:
            refused = exc.rcvd is not None and exc.rcvd.code in (4001, 4003)  # the server's refusals
            reason = exc.rcvd.reason if exc.rcvd else exc
            raise JoinRefused(f"the server closed the connection: {reason}", by_server=refused) from None
        if isinstance(first, p.Error):
            await ws.close()
            raise JoinRefused(first.message, by_server=True)
        if not isinstance(first, p.Welcome):
            await ws.close()
            raise JoinRefused("the server did not answer as a wargame server")
        self.welcome = first
        self._ws = ws
        for message, _future in list(self._pending.values()):
            await ws.send(p.encode(message))

    async def _read(self) -> None:
        while True:
            ws = self._ws
            assert ws is not None
            try:
                async for raw in ws:
                    self._receive(raw)
            except ConnectionClosed:
                pass
            if self._closing or not self.reconnect:
                self._lose("the connection to the server was closed")
                return
            if self.on_link is not None:
                self.on_link(False)
            refused = await self._reopen()
            if refused is not None:
                self._lose(
                    f"The server refused this client when it reconnected: {refused}. The game may have been "
                    "restarted with new codes: ask the facilitator and join again."
                )
                return
            if self.on_link is not None and not self._closing:
                self.on_link(True)

    def _lose(self, reason: str) -> None:
        self._fail_pending(reason)
        if not self._closing:
            self.lost = reason
            self._changed.set()
            if self.on_lost is not None:
                self.on_lost(reason)

    async def _reopen(self) -> str | None:
        """Reconnect (retrying while the server cannot be reached); the server's reason if it refuses."""
        delay = 0.05
        while not self._closing:
            try:
                await self._open()
                self.reconnects += 1
                return None
            except JoinRefused as exc:
                if exc.by_server:
                    return str(exc)
                await asyncio.sleep(delay)
                delay = min(RETRY_MAX, delay * 2)
        return None

    def _receive(self, raw: str | bytes) -> None:
        if self.keep_frames:
            self.frames.append(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
        message = p.SERVER.validate_json(raw)
        if isinstance(message, p.State):
            self._resyncing = False
            self._new_state(message)
        elif isinstance(message, p.Patch):
            self._patch(message)
        elif isinstance(message, p.Ack | p.Error) and message.request_id in self._pending:
            _msg, future = self._pending.pop(message.request_id)
            if not future.done():
                if isinstance(message, p.Error):
                    future.set_exception(Refused(message.message))
                else:
                    future.set_result(message)

    def _new_state(self, state: p.State) -> None:
        self.state = state
        self.received_at = time.monotonic()
        self._changed.set()
        if self.on_state is not None:
            self.on_state(state)

    def _patch(self, message: p.Patch) -> None:
        """Apply a patch to the snapshot held; one that does not fit (a frame was missed) is
        dropped and a full snapshot asked for."""
        state = self.state
        if state is not None and not self._resyncing and message.base == state.frame:
            ops = [(op.path, op.op, op.value) for op in message.ops]
            try:
                patched = apply_all(state, [*ops, (["frame"], "set", message.frame)])
            except PatchError:
                patched = None
            if isinstance(patched, p.State):
                self._new_state(patched)
                return
        if not self._resyncing and self._ws is not None:
            self._resyncing = True
            asyncio.get_running_loop().create_task(self._ask_resync(self._ws))

    async def _ask_resync(self, ws: ClientConnection) -> None:
        with contextlib.suppress(ConnectionClosed):
            await ws.send(p.encode(p.Resync()))

    def _fail_pending(self, reason: str) -> None:
        for _msg, future in self._pending.values():
            if not future.done():
                future.set_exception(Refused(reason))
        self._pending.clear()

    async def close(self) -> None:
        self._closing = True
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._reader, 5)

    def abort(self) -> None:
        """Drop the connection as a crash or a lost network would (the client then reconnects)."""
        if self._ws is not None:
            self._ws.transport.abort()

    def clock_left(self) -> float | None:
        """Seconds left on the turn clock now: the server's figure less the time since it arrived
        (no local guess about the deadline; frozen while the server says the clock is stopped)."""
        if self.state is None or self.state.clock.remaining is None:
            return None
        clock = self.state.clock
        if not clock.running:
            return clock.remaining
        return max(0.0, clock.remaining - (time.monotonic() - self.received_at))

    # ------------------------------------------------------------------ waiting
    async def wait_for(self, predicate: Callable[[p.State], bool], timeout: float | None = 10.0) -> p.State:
        """The first snapshot (now or later) for which `predicate` holds (`timeout` None: however
        long it takes); raises `JoinRefused` once the connection is gone for good."""

        async def until() -> p.State:
            while True:
                if self.state is not None and predicate(self.state):
                    return self.state
                if self.lost is not None:
                    raise JoinRefused(self.lost, by_server=True)
                self._changed.clear()
                await self._changed.wait()

        return await asyncio.wait_for(until(), timeout)

    # ------------------------------------------------------------------ requests
    async def request(self, message: p.Submit | p.Share | p.Facilitate, timeout: float = 30.0) -> p.Ack:
        """Send a request and wait for its answer (raises `Refused` with the server's reason)."""
        future: asyncio.Future[p.Ack] = asyncio.get_running_loop().create_future()
        self._pending[message.request_id] = (message, future)
        if self._ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await self._ws.send(p.encode(message))
        return await asyncio.wait_for(future, timeout)

    async def submit(self, draft: v.Draft, *, turn: int | None = None, request_id: str | None = None) -> v.Receipt:
        assert self.state is not None
        message = p.Submit(
            request_id=request_id or new_request_id(),
            turn=self.state.situation.turn if turn is None else turn,
            draft=draft,
            game_id=self.state.game_id,
            turns_played=self.state.turns_played,
        )
        before = self.state.version
        ack = await self.request(message)
        assert ack.receipt is not None
        if not ack.receipt.duplicate:  # the snapshot that includes these orders is on its way
            with contextlib.suppress(TimeoutError):
                await self.wait_for(lambda s: s.version > before, timeout=5)
        return ack.receipt

    async def share(
        self,
        draft: v.Draft,
        parts: list[str] | None = None,
        *,
        written: tuple[str, int] | None = None,
        timeout: float = 30.0,
    ) -> None:
        """Share the team's draft in progress (only `parts` of it, if named: see `wargame.net.drafts`),
        as written in the game and turns played `written` (default: the snapshot's now)."""
        if written is None and self.state is not None:
            written = (self.state.game_id, self.state.turns_played)
        game_id, turns_played = written if written is not None else (None, None)
        message = p.Share(
            request_id=new_request_id(), draft=draft, parts=parts, game_id=game_id, turns_played=turns_played
        )
        try:
            await self.request(message, timeout=timeout)
        except TimeoutError:
            self._pending.pop(message.request_id, None)  # a later share supersedes it: no resend
            raise

    async def facilitate(self, verb: p.Verb, **fields: Any) -> p.Ack:
        return await self.request(p.Facilitate(request_id=new_request_id(), verb=verb, **fields))

    async def send_raw(self, raw: str | bytes) -> None:
        """Send a frame as it is (tests of malformed input)."""
        assert self._ws is not None
        await self._ws.send(raw)
