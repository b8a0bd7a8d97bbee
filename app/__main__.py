"""Allows ``python -m app`` to behave exactly like the ``hearth`` console script."""

from app.cli import main

raise SystemExit(main())
