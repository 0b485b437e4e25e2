"""Index upkeep: keeping the search index true to the database.

`indexing` schedules work after commit and syncs meetings; `signals` connects model saves
to it; `tasks` are what the single task worker runs, and `worker` is that worker (it also
mends the index); `drift` compares the index with the database. The management commands
`rebuild_index`, `check_index` and `db_worker` (meetings/management/commands/) rebuild the
index, report drift and run the worker.
"""
