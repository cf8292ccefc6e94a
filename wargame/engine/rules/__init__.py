"""The rules module: legality, adjudication in a documented order, mediation, injects,
claims, end conditions and scoring. Pure functions over state, orders and the game's RNG."""
