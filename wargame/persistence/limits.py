"""Size limits of save files (cheap to import: the home screen uses them before pydantic is loaded)."""

MAX_SAVE_BYTES = 64 * 1024 * 1024
"""The largest save file read."""
