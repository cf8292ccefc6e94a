"""The version of the adjudication rules this engine implements.

Same card + seed + orders ⇒ the same event log, for one rules version. When a change to the
engine alters how a turn is adjudicated (resolution order, a new mechanic, a fixed defect),
`RULES_VERSION` goes up by one: saves record the version they were played under. A save of a
version in `REPLAYABLE` is rebuilt and played on under its own version's rules; a save from an
earlier version resumes from its saved state (it cannot be re-derived from its orders), and
`wargame replay` says why it cannot verify it."""

RULES_VERSION = 3
"""1: the first round's engine (save formats 1–3).

2: issue 9's mechanics. Hazards and misperception see the rung after the turn's deliberate
moves (a strike ordered this turn is not undone by a climb-down in the same turn, so firebreak
events always agree with the rung); injects may carry chance parts, rolled in order with their
explanation (and an inject never takes the crisis to the top rung); mediation answers take hold
on a roll against the mediator's leverage, with full effects instead of scaled and rounded
fractions, and acceptance includes the mediator's alignment; post-crisis tension, the nuclear
ceiling's discount on limited firebreaks, and the mobilisation lag; the crisis machine leaves
each state at most once per settling; a terminal state entered at the start of a turn, by an
end-of-turn inject or by a facilitator's verb ends the game at once; an end-of-turn inject that
raises the rung resets `calm_turns`; claims carry their truth in this game; cards may disable
rulebook hazards.

3: a facilitator's ruling on a chance outcome still draws that move's roll (recorded in its
explanation, unused), so the turn's later dice — another move's roll, a mediator stepping in,
an accident — come out as they would have without the ruling. Under version 2 a ruling drew no
roll and every later roll of that turn moved."""

REPLAYABLE = (2, 3)
"""The rules versions this engine adjudicates exactly: a game records the version it started
under (`GameState.rules_version`) and keeps it to the end, so saves of these versions replay."""
