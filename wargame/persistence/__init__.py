"""Saves: versioned JSON written atomically, migrations, resume, replay and fork."""
