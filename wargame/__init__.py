"""wargame: a terminal crisis-wargame engine.

Kept free of imports so that `import wargame` (and the CLI's start-up) stays cheap.
"""

__version__ = "0.1.0"
