"""Bot policies for empty seats and simulation (`wargame.bots.policies`).

Each policy looks at the game, picks legal moves only (authorising the firebreaks its moves
cross), and answers its team's mediation offers and inject choices. A bot's own randomness
comes from a `random.Random` seeded from the game's seed, the team and the turn, never from
the game's RNG: replaying the recorded orders reproduces the game exactly, and a resumed game
plays on as an uninterrupted one would.

- historical: plays the card's historical track move by move; a recorded move that is no longer
  legal (the game has diverged) is left out, and only when none of a turn's recorded moves is
  legal does it fall back to tit-for-tat for that turn. It takes inject choices marked
  `historical: true`.
- hawk: climbs: the most escalatory legal moves, rejects mediation.
- dove: climbs down: de-escalatory and diplomatic moves, accepts mediation.
- tit-for-tat: answers an escalation in kind (up to the same rung), and an attack by a group
  based in the other principal's territory (an inject's `attributed_to`) as that principal's
  defection; otherwise de-escalates.
- quantal: samples moves from a softmax over a utility of resolve, domestic pressure, costs,
  audience costs and risk, at the rulebook's `quantal_temperature`; a chance move is valued
  at its expected outcome (probability × success effects + (1 − probability) × failure).
- random: any legal moves.

The policy names are scenario vocabulary: `wargame.scenario.vocabulary.PolicyName`.
"""
