"""`python -m wargame` runs the same command as the `wargame` script."""

from wargame.launch import main

raise SystemExit(main())
