"""`python -m wargame` runs the same command as the `wargame` script."""

from wargame.cli import main

raise SystemExit(main())
