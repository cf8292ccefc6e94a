"""The play session: the one object that runs a game for every front end (the terminal UI,
headless play, the coming network server). Front ends drive `wargame.session.session.PlaySession`
and see only the plain data of `wargame.session.views`; `wargame.session.adapt` is the one
module that reads the engine.

This package file imports nothing, so that front ends can import the errors cheaply."""
