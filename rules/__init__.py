"""The rulebooks shipped with wargame: this folder is installed as the package `wargame.rulebooks`
(see setup.py) and read through `importlib.resources` (see wargame/resources.py)."""
