"""The desktop window: the only package that imports PySide6.

It is a second client of the same core as the CLI; every call into the library goes
through ``tasks.TaskRunner`` so no slow work runs on the UI thread.
"""
