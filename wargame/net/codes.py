"""Join codes and the rate limit on failed joins."""

from __future__ import annotations

import secrets
import time
from collections import deque
from dataclasses import dataclass, field

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: a code read off a projector or a slip of paper is typed right."""
LENGTH = 6


def new_code(taken: set[str] | None = None) -> str:
    """A fresh code from `secrets` (31^6 ≈ 887 million codes)."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not taken or code not in taken:
            return code


def normalise(code: str) -> str:
    """What a person typed → the code: case, spaces and dashes do not matter."""
    return code.upper().replace(" ", "").replace("-", "")


@dataclass
class Codes:
    """The codes of one served game: one per human-playable team, the facilitator's, and
    optionally a public (projector) code."""

    teams: dict[str, str]
    facilitator: str
    public: str | None = None

    @classmethod
    def issue(cls, teams: list[str], public: bool = False) -> Codes:
        taken: set[str] = set()
        per_team = {}
        for team in teams:
            per_team[team] = new_code(taken)
            taken.add(per_team[team])
        fac = new_code(taken)
        taken.add(fac)
        return cls(per_team, fac, new_code(taken) if public else None)

    def who(self, typed: str) -> str | None:
        """The team id, `@facilitator` or `@public` a typed code belongs to (None: no match).
        Compared in constant time."""
        code = normalise(typed)
        found = None
        for team, known in self.teams.items():
            if secrets.compare_digest(code, known):
                found = team
        if secrets.compare_digest(code, self.facilitator):
            found = "@facilitator"
        if self.public is not None and secrets.compare_digest(code, self.public):
            found = "@public"
        return found


@dataclass
class JoinLimiter:
    """At most `attempts` failed joins per address in `window` seconds; then joins from that
    address are refused until the window has passed."""

    attempts: int = 5
    window: float = 60.0
    clock: object = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def wait(self, address: str) -> float:
        """Seconds before `address` may try again (0: now)."""
        now = self.clock()  # type: ignore[operator]
        recent = self._failures.get(address)
        if not recent:
            return 0.0
        while recent and now - recent[0] > self.window:
            recent.popleft()
        if len(recent) < self.attempts:
            return 0.0
        return self.window - (now - recent[0])

    def failed(self, address: str) -> None:
        self._failures.setdefault(address, deque()).append(self.clock())  # type: ignore[operator]
