"""Errors the engine raises to its callers (cheap to import: the UI uses it)."""


class IllegalOrder(ValueError):
    """An order (or a facilitator verb) was refused; the message says why."""
