"""The crisis engine: game state, the crisis state machine, orders and the turn loop.

Pure and deterministic: no I/O, no clock, no UI. `Game.new(scenario, seed)` starts a game."""
