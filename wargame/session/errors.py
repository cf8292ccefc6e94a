"""Errors a play session raises to its front ends (cheap to import)."""


class SessionError(Exception):
    """Something a front end asked of the session cannot be done; the message says why."""


class Refused(SessionError):
    """An order, an answer or a facilitator verb was refused (illegal now, game over, paused…)."""


class ResumeError(SessionError):
    """A save cannot be resumed; the message names the file and the problem."""


class GameBusy(SessionError):
    """Another wargame process is saving the same game (it holds the game's lock)."""
