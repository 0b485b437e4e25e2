"""Every touch of Whoosh's private internals, in one module, behind the pinned version.

Parley reads Whoosh 2.7.4's W3 codec directly in two places where the public API costs
too much: postings lists decoded a block at a time into arrays (conjunctions.py), and the
per-document field lengths read as one byte string. It also caches a missing length
column per field while a segment is written. Everything here checks the Whoosh version
first: with any other version (or another codec) the callers get `Unsupported` and fall
back to Whoosh's public API, and tests/test_search_whoosh_internals.py fails loudly, so
that bumping the pin means reading this module again.
"""

from array import array
from itertools import accumulate

import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3LeafMatcher, W3PerDocReader
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

# The version whose internals this module reads (requirements.lock pins it).
PINNED_VERSION = (2, 7, 4)
SUPPORTED = tuple(whoosh.__version__) == PINNED_VERSION
_LENGTHS = [byte_to_length(code) for code in range(256)]


class Unsupported(Exception):
    """The index, the query or the Whoosh version is not one Parley's shortcuts handle."""


def _check_version():
    if not SUPPORTED:
        raise Unsupported(f"Whoosh {whoosh.versionstring()} is not {PINNED_VERSION}.")


def postings_arrays(reader, fieldname: str, text: str) -> tuple[array, array]:
    """(document numbers, weights) of a term in one segment, as arrays; empty if absent.

    Deleted documents are left out. Raises Unsupported unless the segment is read by
    the W3 codec's leaf matcher with its weights stored as floats.
    """
    _check_version()
    ids, weights = array("I"), array("f")
    if (fieldname, text) not in reader:
        return ids, weights
    matcher = reader.postings(fieldname, text)
    deleted = None
    if type(matcher) is FilterMatcher:
        deleted, matcher = matcher._ids, matcher.child
    if type(matcher) is not W3LeafMatcher or matcher._byteids:
        raise Unsupported
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        # Each block's ids are stored as differences, starting again from zero.
        ids.extend(accumulate(matcher._data[0]))
        matcher._read_weights()
        weights.extend(matcher._weights)
        matcher._next_block()
    if len(ids) != len(weights):
        raise Unsupported
    if deleted:
        pairs = zip(ids, weights, strict=True)
        kept = [(doc, weight) for doc, weight in pairs if doc not in deleted]
        ids = array("I", (doc for doc, _ in kept))
        weights = array("f", (weight for _, weight in kept))
    return ids, weights


def length_codes(reader, fieldname: str) -> bytes:
    """The one-byte length codes of a field, one per document of the segment."""
    _check_version()
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_cached_reader"):
        raise Unsupported
    column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:
        raise Unsupported
    raw = column._dbfile.get(column._basepos, column._count)
    return raw + bytes(reader.doc_count_all() - len(raw))


def field_b(weighting, fieldname: str) -> float:
    """BM25F's B for a field (Whoosh keeps per-field values in a private dictionary)."""
    return weighting._field_B.get(fieldname, weighting.B)


class _LengthCachingReader(W3PerDocReader):
    """Remembers that a field has no length column, and reads each column once.

    Whoosh checks the file system again for every posting of such a field (ids, numbers,
    the spelling words) when a segment is written without `compound`: 300k `stat` calls
    for 3k turns. And it asks the length of the document of every posting it writes, a
    column lookup each: a million for 2,000 turns, 9% of a rebuild's time.
    """

    def _cached_reader(self, fieldname, column):
        if fieldname not in self._readers:
            self._readers[fieldname] = super()._cached_reader(fieldname, column)
        return self._readers[fieldname]

    def doc_field_length(self, docnum, fieldname, default=0):
        codes_by_field = self.__dict__.setdefault("_length_codes", {})
        if fieldname not in codes_by_field:
            column = self._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            codes_by_field[fieldname] = (
                None if column is None else column._dbfile.get(column._basepos, column._count)
            )
        codes = codes_by_field[fieldname]
        if codes is None:
            return default
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        code = codes[docnum] if docnum < len(codes) else 0
        return _LENGTHS[code] if code else None  # as W3PerDocReader answers a zero byte


class _LengthCachingCodec(W3Codec):
    def per_document_reader(self, storage, segment):
        return _LengthCachingReader(storage, segment)


def use_length_caching_codec(writer) -> None:
    """Make the writer's commit read lengths back through the caching reader.

    Only the commit reads through the writer's codec; the segment keeps the stock codec,
    so the index stays readable without this module.
    """
    if SUPPORTED:
        writer.codec = _LengthCachingCodec()
