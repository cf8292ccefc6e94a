"""Sharing a team member's draft in the background: the UI hands over the latest draft and goes
on; one share is in flight at a time, and edits made meanwhile are sent together as one share
once it is answered (a burst of edits costs one or two round trips, never one each)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from wargame.net.client import NetClient
from wargame.session import views as v
from wargame.session.errors import SessionError

SHARE_TIMEOUT = 10.0


class DraftSharer:
    """Runs on the connection's event loop: `offer` is cheap and never waits; failures go to
    `on_failed` (the draft stays with the member and goes with the submission)."""

    def __init__(self, client: NetClient, on_failed: Callable[[str], None]) -> None:
        self.client = client
        self.on_failed = on_failed
        self.timeout = SHARE_TIMEOUT
        """Seconds to wait for the server's answer before saying the share failed."""
        self.sent = 0
        """How many shares were sent (fewer than the offers when edits came in a burst)."""
        self._next: tuple[v.Draft, list[str], tuple[str, int]] | None = None
        self._task: asyncio.Task[None] | None = None

    def offer(self, draft: v.Draft, parts: list[str], written: tuple[str, int]) -> None:
        """Share `draft` (the parts `parts` of it, written in the game and turns played `written`:
        the server does not keep it if the turn has moved on) as soon as the share in flight is
        answered; a newer offer made before then replaces this one."""
        self._next = (draft, parts, written)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while self._next is not None:
            draft, parts, written = self._next
            self._next = None
            self.sent += 1
            try:
                await self.client.share(draft, parts, written=written, timeout=self.timeout)
            except TimeoutError:
                self.on_failed("the server did not answer")
            except SessionError as exc:  # refused, or the connection is gone
                self.on_failed(str(exc))
