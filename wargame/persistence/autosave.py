"""Game ids and autosave files: `<folder>/<game id>.autosave-<NNNN>.json`, the last few kept.

- A game id is a slug of the card id, the seed, the time and a random part; only ids matching
  `GAME_ID` are ever used in a file name (`safe_game_id` turns anything else — a hostile save's
  `../../x`, `*`, a NUL byte — into a slug plus a hash), and ids are never used as a glob: rotation
  lists the folder and matches only this game's own names exactly.
- One process writes one game: an `fcntl` lock on `.<game id>.lock` is taken when the autosaver
  starts; a second writer gets `GameLocked` (an OSError, with a message) and can fork instead.
- A write is atomic (temporary file, fsync, rename); a failed one (full disk) removes its temporary
  file and raises `AutosaveFailed` saying which file was the last good save; temporary files left by a
  killed process are removed when the next autosaver starts in that folder.
- Rotation costs no deletion on the way: the oldest autosave the new one pushes past `keep` becomes the
  new one's temporary file (`atomic_write(recycle=…)`: renamed, overwritten, fsynced, renamed to the new
  name), so the disk neither frees nor allocates blocks. The newest autosave is never recycled, so a
  crash at any moment leaves it whole; a failed write costs at most that oldest, superseded autosave.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wargame.files.write import atomic_write

if TYPE_CHECKING:
    from wargame.engine.game import Game
    from wargame.persistence.encoding import SaveEncoder
    from wargame.scenario.loader import LoadedScenario

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

KEEP_AUTOSAVES = 5
GAME_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
"""What a game id may be: it becomes part of file names."""
_SUFFIX = re.compile(r"\.autosave-(\d{4,9})\.json")
_TMP = re.compile(r"\.(?P<game>[a-z0-9][a-z0-9-]{0,63})\.autosave-\d{4,9}\.json\.[0-9a-z]+\.tmp")


class GameLocked(OSError):
    """Another process is writing this game's autosaves."""


class AutosaveFailed(OSError):
    """An autosave could not be written (full disk, read-only folder, …). Every earlier save is whole;
    the oldest one, which this save was to replace, may be gone."""


def is_game_id(text: object) -> bool:
    return isinstance(text, str) and GAME_ID.fullmatch(text) is not None


def slug(text: str, limit: int = 24) -> str:
    """Lower-case letters, digits and single dashes, at most `limit` characters (never empty)."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")
    return out or "game"


def new_game_id(scenario: LoadedScenario, seed: int, now: dt.datetime | None = None) -> str:
    """`<card>-s<seed>-<yyyymmdd-hhmmss>-<random>`: two games started in the same second differ."""
    now = now or dt.datetime.now()
    seed_part = str(abs(seed) % 10**12)
    return f"{slug(scenario.card.id)}-s{seed_part}-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def safe_game_id(text: object) -> str:
    """`text` if it is a valid game id, else a slug of it plus a hash of the original (stable)."""
    if is_game_id(text):
        return str(text)
    raw = str(text)
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug(raw, 48)}-{digest}"


def autosave_number(name: str, game_id: str) -> int | None:
    """N if `name` is exactly `<game_id>.autosave-N.json`, else None."""
    if not name.startswith(game_id):
        return None
    m = _SUFFIX.fullmatch(name, len(game_id))
    return int(m.group(1)) if m else None


class _Lock:
    """An exclusive, non-blocking `flock` held for the life of the object (or the process)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        if fcntl is None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


def _lock_path(folder: Path, game_id: str) -> Path:
    return folder / f".{game_id}.lock"


_HELD: dict[str, _Lock] = {}
"""Locks this process holds, by lock file: a game reopened in the same process (home → continue)
shares its lock; the lock is released when the process ends."""


def _hold(path: Path) -> bool:
    key = str(path.resolve())
    if key in _HELD:
        return True
    lock = _Lock(path)
    if not lock.acquire():
        return False
    _HELD[key] = lock
    return True


def clean_stale_tmp(folder: Path, own: str | None = None) -> list[Path]:
    """Remove temporary autosave files left by killed processes (only of games nobody is writing;
    `own` is the game whose lock the caller holds)."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        m = _TMP.fullmatch(name)
        if not m:
            continue
        if m.group("game") == own or str(_lock_path(folder, m.group("game")).resolve()) in _HELD:
            with contextlib.suppress(OSError):
                (folder / name).unlink()
                removed.append(folder / name)
            continue
        lock = _Lock(_lock_path(folder, m.group("game")))
        try:
            if not lock.acquire():
                continue  # a live process is writing that game
        except OSError:
            continue
        try:
            (folder / name).unlink()
            removed.append(folder / name)
        except OSError:
            pass
        finally:
            lock.release()
    return removed


class Autosaver:
    """Writes `<folder>/<game id>.autosave-<turn>.json` after every turn, keeping the last few."""

    def __init__(self, folder: Path, game_id: str, keep: int = KEEP_AUTOSAVES) -> None:
        self.folder = folder
        self.game_id = safe_game_id(game_id)
        self.keep = keep
        self.last_saved: Path | None = None
        self._encoder: SaveEncoder | None = None  # one game's saves: the JSON of its past turns is kept
        self._locked = False
        if folder.is_dir():
            with contextlib.suppress(OSError):  # a second writer learns it at its first save
                self._take_lock()
            clean_stale_tmp(folder, self.game_id if self._locked else None)
        # a resumed game goes on numbering after its latest autosave
        self.count = max((n for n, _ in self._numbered()), default=0)

    def acquire(self) -> None:
        """Take the game's lock now; GameLocked if another process holds it (the caller may fork)."""
        self._take_lock()

    def _take_lock(self) -> None:
        if self._locked:
            return
        try:
            self._locked = _hold(_lock_path(self.folder, self.game_id))
        except OSError as exc:
            raise AutosaveFailed(exc.errno or errno.EIO, f"cannot lock {self.folder}: {exc.strerror}") from None
        if not self._locked:
            raise GameLocked(
                errno.EBUSY,
                f"game {self.game_id} is being saved by another wargame process; continue it as a fork instead",
            )

    def _numbered(self) -> list[tuple[int, Path]]:
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        found = [(autosave_number(n, self.game_id), n) for n in names]
        return sorted((n, self.folder / name) for n, name in found if n is not None)

    def existing(self) -> list[Path]:
        """This game's autosaves, oldest first (only names of exactly this game's pattern)."""
        return [p for _, p in self._numbered()]

    def path_for(self, game: Game | None = None) -> Path:
        self.count += 1
        return self.folder / f"{self.game_id}.autosave-{self.count:04d}.json"

    def save_bytes(self, data: bytes) -> Path:
        """Write one autosave atomically (durable when this returns), keeping the newest `keep`: the
        oldest beyond them is recycled as the new file (see the module docstring), any others deleted."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._failed(exc) from None
        self._take_lock()
        existing = self.existing()
        # the autosaves that fall out of the newest `keep` once this one is written; the newest on disk
        # is never recycled (it must stay whole until the new one is in place)
        superseded = existing[: max(0, len(existing) - self.keep + 1)] if self.keep > 0 else []
        recycle = superseded[0] if superseded and superseded[0] != existing[-1] else None
        path = self.path_for()
        try:
            atomic_write(path, data, recycle=recycle)
        except OSError as exc:
            self.count -= 1
            raise self._failed(exc) from None
        self.last_saved = path
        for old in superseded:  # the recycled one is gone already; anything it could not take is deleted
            with contextlib.suppress(OSError):
                old.unlink()
        return path

    def save(
        self,
        game: Game,
        scenario: LoadedScenario,
        seats: dict[str, str],
        facilitator: bool = False,
        **served: Any,
    ) -> Path:
        """Write an autosave; `served` are a served game's `turn_clock` and `bot_clients` (see `to_save`)."""
        from wargame.persistence.encoding import SaveEncoder
        from wargame.persistence.saves import to_save

        self._encoder = self._encoder or SaveEncoder()
        return self.save_bytes(
            self._encoder.encode(to_save(game, scenario, seats, self.game_id, facilitator, **served))
        )

    def _failed(self, exc: OSError) -> AutosaveFailed:
        why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        last = f"the last good save is {self.last_saved}" if self.last_saved else "nothing was saved in this run"
        return AutosaveFailed(exc.errno or errno.EIO, f"could not autosave to {self.folder}: {why}; {last}")
