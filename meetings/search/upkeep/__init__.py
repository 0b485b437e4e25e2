"""Index upkeep: keeping the search index true to the database.

`indexing` schedules work after commit and syncs meetings; `signals` connects model saves
to it; `tasks` are what the single task worker runs. The management commands
`rebuild_index` and `check_index` (meetings/management/commands/) rebuild the index and
report drift.
"""
