"""Hearth's bundled resources (sample notes, later icons and prompts).

A package so ``importlib.resources`` finds them in a wheel or a frozen bundle alike.
"""
