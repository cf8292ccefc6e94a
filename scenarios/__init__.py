"""The scenario cards shipped with wargame: this folder is installed as the package `wargame.cards`
(see setup.py) and read through `importlib.resources` (see wargame/resources.py)."""
