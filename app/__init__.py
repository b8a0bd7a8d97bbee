"""Hearth: a local-first personal knowledge assistant.

Everything it reads, indexes and answers stays on this machine.
"""

__version__ = "0.1.0"
