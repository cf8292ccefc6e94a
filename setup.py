"""Packaging glue pyproject.toml cannot express: the top-level `scenarios/` and `rules/` folders
(where designers keep cards and rulebooks) ship inside the package as `wargame.cards` and
`wargame.rulebooks`, read through `importlib.resources` (see `wargame/resources.py`)."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["wargame", "wargame.*"], exclude=["*.__pycache__"]),
        "wargame.cards",
        "wargame.rulebooks",
    ],
    package_dir={"wargame.cards": "scenarios", "wargame.rulebooks": "rules"},
)
