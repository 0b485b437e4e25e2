"""Parley's search engines, one package each, over what they share (base.py)."""
