"""Classroom play over the network: `wargame serve` (one asyncio process owning the play
session), the JSON protocol, join codes, and the clients (`RemoteSession` for the terminal UI,
the headless bot client). Layered above the session, below the UI and the CLI; never imports
Textual or click."""
