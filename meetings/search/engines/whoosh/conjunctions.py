"""All-words and filtered queries for Whoosh, answered from whole postings lists.

Whoosh intersects postings, and scores each match, through a chain of Python matcher
calls per document; block-quality skipping rarely helps a conjunction, so `energy
sanctions` scores every turn holding both words (110 ms at 100k turns, growing with the
archive). Here each term's postings are read a block at a time into arrays, the matches
found with set operations, and only they are scored, with Whoosh's own BM25F function,
idf and field lengths, so the ranking is the one Whoosh gives. The matches also give an
exact count and exact facets.

Only And/Or trees of plain terms qualify (what the search box makes of words); anything
else (phrases checked by position, prefixes, ranges, Not, boosts, another weighting)
stays with Whoosh. The postings and field lengths are read from Whoosh 2.7's W3 codec
through internals.py; another version or codec falls back to Whoosh.
"""

import heapq
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.scoring import BM25F, bm25
from whoosh.util.numeric import byte_to_length

from .internals import Unsupported, field_b, length_codes, postings_arrays

__all__ = ["Matches", "PostingsCache", "Unsupported", "plan", "search"]

# The most postings a query may read here, about half a second of decoding and scoring
# (24 prefixes of three letters stand for 512 words, 2.4M postings at 100k turns: 7 s
# and 570 MB from arrays).
MAX_POSTINGS = 500_000
# Field lengths by their one-byte code, as Whoosh's doc_field_length decodes them.
LENGTHS = [byte_to_length(code) for code in range(256)]


@dataclass
class Matches:
    ranked: list  # (global document number, score), best first, at most `limit`
    by_segment: list  # (segment reader, sorted local document numbers)
    total: int


def plan(query):
    """The query as a tree of ("and" | "or", children) and ("term", field, text), or None.

    A single word is worth it too: Whoosh's block skipping rarely fires on one term, and it
    scored 30,741 of the 30,909 turns saying `cooperation` at 100k turns to rank 20 (72 ms;
    from arrays, 30 ms, and the count and facets exact).
    """
    if type(query) not in (wq.Term, wq.And, wq.Or):
        return None
    try:
        return _node(query)
    except Unsupported:
        return None


def _node(q):
    if q.boost != 1.0:
        raise Unsupported
    if type(q) is wq.Term:
        return ("term", q.fieldname, q.text)
    if type(q) is wq.And or (type(q) is wq.Or and not q.minmatch and not q.scale):
        if not q.subqueries:
            raise Unsupported
        return ("and" if type(q) is wq.And else "or", [_node(sub) for sub in q.subqueries])
    raise Unsupported


def _terms(node):
    if node[0] == "term":
        yield node[1], node[2]
    else:
        for child in node[1]:
            yield from _terms(child)


class PostingsCache:
    """The decoded postings of the terms searched lately, within a budget of bytes.

    Decoding is most of the cost of a common word (each block of 128 postings is a
    compressed pickle): 30 ms at 100k turns, ten times that at 1M. A segment never
    changes once written and its deletions only grow, so arrays keyed by the segment and
    its count of deletions stay true for as long as the segment lives.
    """

    def __init__(self, budget_bytes):
        self.budget = budget_bytes
        self._items = OrderedDict()
        self._size = 0

    def postings(self, reader, fieldname, text):
        segment = reader.segment() if hasattr(reader, "segment") else None
        if segment is None or not self.budget:
            return postings_arrays(reader, fieldname, text)
        key = (segment.segment_id(), segment.deleted_count(), fieldname, text)
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
            return found
        found = postings_arrays(reader, fieldname, text)
        size = sum(part.itemsize * len(part) for part in found)
        if size <= self.budget // 4:  # one huge term does not flush the rest
            self._items[key] = found
            self._size += size
            while self._size > self.budget:
                _, dropped = self._items.popitem(last=False)
                self._size -= sum(part.itemsize * len(part) for part in dropped)
        return found

    def keep_only(self, segment_ids):
        for key in [key for key in self._items if key[0] not in segment_ids]:
            dropped = self._items.pop(key)
            self._size -= sum(part.itemsize * len(part) for part in dropped)


def search(
    searcher,
    tree: tuple,
    allow: set[int] | None = None,
    limit: int | None = None,
    cache: PostingsCache | None = None,
) -> Matches:
    """Every match of `tree` (allowed by the set of global numbers `allow`), scored.

    Raises Unsupported where Whoosh's own answer could differ, or where the terms hold more
    than MAX_POSTINGS postings: nothing here watches the clock, so a query that would decode
    and score that many is left to Whoosh's matchers, which stop at the time budget.
    """
    read = cache.postings if cache is not None else postings_arrays
    weighting = searcher.weighting
    if type(weighting) is not BM25F:
        raise Unsupported
    terms = set(_terms(tree))
    if sum(searcher.doc_frequency(fieldname, text) for fieldname, text in terms) > MAX_POSTINGS:
        raise Unsupported
    scorers = {}
    for fieldname, text in terms:
        if fieldname not in searcher.schema or not searcher.schema[fieldname].scorable:
            raise Unsupported
        scorers[fieldname, text] = (
            searcher.idf(fieldname, text),
            searcher.avg_field_length(fieldname) or 1,
            field_b(weighting, fieldname),
            weighting.K1,
        )
    ranked: list[tuple[int, float]] = []
    by_segment, total = [], 0
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        postings = {term: read(reader, *term) for term in scorers}
        local = _docs(tree, postings)
        if allow is not None:
            local = {doc for doc in local if doc + offset in allow}
        docs = sorted(local)
        by_segment.append((reader, docs))
        total += len(docs)
        if not docs:
            continue
        score = _scorer(tree, postings, scorers, reader, docs)
        scored = ((offset + doc, score(doc)) for doc in docs)
        ranked += scored if limit is None else heapq.nsmallest(limit, scored, key=_order)
    if limit is None:
        ranked.sort(key=_order)
    else:
        ranked = heapq.nsmallest(limit, ranked, key=_order)
    return Matches(ranked=ranked, by_segment=by_segment, total=total)


def _order(hit):
    """Whoosh's order: the higher score first, then the lower document number."""
    docnum, score = hit
    return -score, docnum


def _docs(node, postings) -> set:
    if node[0] == "term":
        return set(postings[node[1], node[2]][0])
    sets = sorted((_docs(child, postings) for child in node[1]), key=len)
    if node[0] == "and":
        return sets[0].intersection(*sets[1:])
    return sets[0].union(*sets[1:])


def _scorer(
    tree: tuple, postings: dict, scorers: dict, reader, docs: list[int]
) -> Callable[[int], float]:
    """A function giving each of `docs` (all matches of `tree`) its Whoosh score."""
    term_scores, field_lengths = {}, {}
    for term, (idf, avgfl, b, k1) in scorers.items():
        ids, weights = postings[term]
        fieldname = term[0]
        if fieldname not in field_lengths:  # every word of the query shares its field's
            field_lengths[fieldname] = length_codes(reader, fieldname)
        lengths = field_lengths[fieldname]
        weight_of: Callable[[int], float | None]
        if len(docs) * 16 < len(ids):

            def weight_of(doc, ids=ids, weights=weights):
                at = bisect_left(ids, doc)
                return weights[at] if at < len(ids) and ids[at] == doc else None
        else:
            weight_of = dict(zip(ids, weights, strict=True)).get

        def term_score(doc, weight_of=weight_of, lengths=lengths, idf=idf, avgfl=avgfl, b=b, k1=k1):
            weight = weight_of(doc)
            if weight is None:
                return None
            return bm25(idf, weight, LENGTHS[lengths[doc]], avgfl, b, k1)

        term_scores[term] = term_score

    def score(node, doc):
        if node[0] == "term":
            return term_scores[node[1], node[2]](doc)
        total = None
        for child in node[1]:
            value = score(child, doc)
            if value is not None:
                total = value if total is None else total + value
        return total

    return lambda doc: score(tree, doc)
