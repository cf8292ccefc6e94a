"""Designer tools above the engine: migrate, graph, new card, watch (see docs/authoring.md)."""
