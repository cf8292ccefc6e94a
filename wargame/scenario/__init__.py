"""Scenario cards and rulebooks: models, safe loading, diagnostics, conditions, schema."""
