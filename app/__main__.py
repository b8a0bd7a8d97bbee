"""Allows ``python -m app`` to behave exactly like the ``hearth`` console script."""

from app.entry import main

raise SystemExit(main())
