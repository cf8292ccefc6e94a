"""Errors about save files (cheap to import)."""


class SaveError(Exception):
    """A save file that cannot be used; the message names the file and the problem."""
