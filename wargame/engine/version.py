"""The version of the adjudication rules this engine implements.

Same card + seed + orders ⇒ the same event log, for one rules version. When a change to the
engine alters how a turn is adjudicated (resolution order, a new mechanic, a fixed defect),
`RULES_VERSION` goes up by one: saves record the version they were played under, a save from
an earlier version resumes from its saved state (it cannot be re-derived from its orders), and
`wargame replay` says why it cannot verify it."""

RULES_VERSION = 1
"""1: the first round's engine (save formats 1–3)."""
