"""Hearth's bundled resources: the sample notes and the app icons.

A package so ``importlib.resources`` finds them in a wheel or a frozen bundle alike.
"""
