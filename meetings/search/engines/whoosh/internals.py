"""Every touch of Whoosh's private internals, in one module, behind the pinned version.

Parley reads Whoosh 2.7.4's W3 codec directly in two places where the public API costs
too much: postings lists decoded a block at a time into arrays (conjunctions.py), and the
per-document field lengths read as one byte string. It also writes segments with less
memory, and reads each field's lengths once while writing one (ParleyCodec). Everything
here checks the Whoosh version first: with any other version (or another codec) the
callers get `Unsupported` and fall back to Whoosh's public API (writers take Whoosh's own
codec), and tests/test_search_whoosh_internals.py fails loudly, so that bumping the pin
means reading this module again.
"""

from array import array
from itertools import accumulate
from typing import Any

import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3LeafMatcher, W3PerDocReader
from whoosh.filedb.filetables import OrderedHashWriter, _lengths
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

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        # Each field's length bytes, one per document; None where the field has no column.
        self._length_codes: dict[str, bytes | None] = {}

    def _cached_reader(self, fieldname, column):
        if fieldname not in self._readers:
            self._readers[fieldname] = super()._cached_reader(fieldname, column)
        return self._readers[fieldname]

    def doc_field_length(self, docnum, fieldname, default=0):
        if fieldname not in self._length_codes:
            column = self._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            self._length_codes[fieldname] = (
                None if column is None else column._dbfile.get(column._basepos, column._count)
            )
        codes = self._length_codes[fieldname]
        if codes is None:
            return default
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        code = codes[docnum] if docnum < len(codes) else 0
        return _LENGTHS[code] if code else None  # as W3PerDocReader answers a zero byte


class _CompactTermsTable(OrderedHashWriter):
    """Whoosh's table of a segment's terms, keeping each term's (hash, position) in arrays.

    Whoosh holds a tuple in a list for every term until the segment is written, about 120
    bytes a term; with word pairs a segment has millions of terms, and a rebuild's analysis
    process peaked at 398 MB at 100k turns (bench/memory.py). Two arrays of 8-byte numbers
    hold the same in 16 bytes. The file written is byte for byte Whoosh's.
    """

    # Set by Whoosh's constructor (buckets replaced by ParleyCodec.field_writer).
    lastkey: bytes
    buckets: Any

    @classmethod
    def take_over(cls, terms: OrderedHashWriter) -> None:
        """Make a Whoosh table that has no terms yet this one, in place."""
        terms.__class__ = cls
        terms.buckets = [(array("L"), array("q")) for _ in range(256)]

    def add(self, key, value):  # OrderedHashWriter.add and HashWriter.add, into arrays
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        dbfile = self.dbfile
        position = dbfile.tell()
        self.index.append(position)
        dbfile.write(_lengths.pack(len(key), len(value)))
        dbfile.write(key)
        dbfile.write(value)
        hashed = self.hashfn(key)
        hashes, positions = self.buckets[hashed & 255]
        hashes.append(hashed)
        positions.append(position)
        self.lastkey = key

    def _write_hashes(self):
        compact = self.buckets
        # Whoosh's own writing, given one bucket at a time as its list of pairs.
        self.buckets = (list(zip(hashes, positions, strict=True)) for hashes, positions in compact)
        try:
            super()._write_hashes()
        finally:
            self.buckets = compact


class ParleyCodec(W3Codec):
    """Whoosh's W3 codec, writing with less memory and reading lengths back once.

    Segments are created with the stock codec, which is what an index records, so the index
    stays readable without this module.
    """

    def new_segment(self, storage, indexname):
        stock = W3Codec(self._blocklimit, self._compression, self._inlinelimit)
        return stock.new_segment(storage, indexname)

    def field_writer(self, storage, segment):
        writer = super().field_writer(storage, segment)
        terms = writer._tindex
        if type(terms) is OrderedHashWriter and not any(terms.buckets):
            _CompactTermsTable.take_over(terms)
        return writer

    def per_document_reader(self, storage, segment):
        return _LengthCachingReader(storage, segment)


def writer_options() -> dict:
    """Options for `index.writer(...)`: Parley's codec, where this Whoosh is the pinned one."""
    return {"codec": ParleyCodec()} if SUPPORTED else {}
