"""Hearth's headless domain.

Nothing in this package imports a UI toolkit, a vector database, a model runtime or a
file-format library: those live in ``app.backends`` and reach the core through the
Protocols in ``app.core.ports``. A test (tests/core/test_core_is_headless.py) enforces it.
"""
