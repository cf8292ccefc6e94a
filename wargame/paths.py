"""Where wargame's own folders are. No imports beyond pathlib: cheap to import anywhere."""

from __future__ import annotations

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
"""The checkout (or install prefix) holding `rules/` and `scenarios/`."""
