"""Parley's Whoosh engine (the default): backend.py, with its conjunction shortcut and its
one module of Whoosh internals."""
