"""Search over speaker turns, in three layers.

The feature (what a user sees):
    query.py      the search box's syntax, parsed into terms no input can break
    forms.py      the page's parameters, validated; a bad one is dropped with a message
    results.py    `search_turns`: one engine call gives a page of hits (Django's Paginator),
                  the count, facets and a spelling suggestion
    highlight.py  escaped snippets with the matched words marked
    names.py      the archive's leaders, countries and places, as cached maps
    context.py    what a query names (a leader, a country, a place, meetings), said above
                  the statements with the link that narrows to it
    reading.py    "Read in context": the hit's statement on its meeting page, words marked,
                  and the way back to the results
    views.py, urls.py   /search/, /search/help/ and /search/meetings/ (rate-limited:
                  meetings/ratelimit.py)

Index upkeep (keeping the index true to the database), in upkeep/:
    indexing.py   schedule work after commit, sync meetings (in chunks of turns);
                  signals.py connects the models
    tasks.py      what the single task worker runs (retried while the index is locked)
    worker.py     that worker (`manage.py db_worker`): outlives database outages, requeues
                  dead tasks, rebuilds a missing or damaged index, mends drift on schedule
    drift.py      how the index differs from the database (check_index)
    and the commands `rebuild_index` and `check_index` (meetings/management/commands/)

The engines, in engines/: whoosh/ (the default) and xapian/, each a Haystack backend, over
base.py (what both share); folders.py keeps an index in a folder of its own that a rebuild
swaps in whole.

The contract between them (contract.py): the feature and upkeep speak Haystack's API to
any backend; what they ask beyond it (a bulk writer for rebuilds, removing many documents
at once, reading indexed columns for drift checks, spelling, whether a count is exact) is
declared there as protocols, with the constants both engines share. The index's document
is `meetings.search_indexes.TurnIndex`.
"""
