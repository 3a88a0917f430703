"""Allow `python -m argmap` (used by tests and by users without the entry point on PATH)."""

from argmap.cli import main

raise SystemExit(main())
