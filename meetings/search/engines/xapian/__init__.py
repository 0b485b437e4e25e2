"""Parley's Xapian engine: backend.py, the index fields (fields.py) and SQ trees as Xapian
queries (query.py)."""
