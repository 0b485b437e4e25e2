"""Moved to `bench/corpus.py`; import from `bench.corpus`.

A temporary alias for branches written before the move (`bench/memory.py`,
`bench/follow.py` import from here); delete it once they are merged and updated.
"""

from bench.corpus import SLUG_PREFIX, SOURCE_NAME, VOCABULARY, CorpusGenerator, leaders

__all__ = ["SLUG_PREFIX", "SOURCE_NAME", "VOCABULARY", "CorpusGenerator", "leaders"]
