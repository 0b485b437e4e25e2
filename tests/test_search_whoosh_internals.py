"""The Whoosh internals Parley reads (engines/whoosh/internals.py) are still what it expects.

If one of these fails after a Whoosh upgrade, read internals.py again before changing the
pin: the conjunction shortcut and the length cache depend on every line of it.
"""

import pytest
import whoosh
from haystack import connections
from whoosh.util.numeric import byte_to_length

from meetings.search.engines.whoosh import internals

pytestmark = [pytest.mark.django_db, pytest.mark.search_engines("whoosh")]


def test_the_installed_whoosh_is_the_pinned_one():
    assert whoosh.__version__ == internals.PINNED_VERSION, (
        f"Whoosh {whoosh.versionstring()} is installed; internals.py reads "
        f"{internals.PINNED_VERSION}'s private structures. Check them before moving the pin."
    )
    assert internals.SUPPORTED


@pytest.fixture
def reader(second_transcript):
    searcher = connections["default"].get_backend().searcher()
    leaves = [sub.reader() for sub, _ in searcher.leaf_searchers()]
    return max(leaves, key=lambda r: r.doc_count_all())


def test_postings_arrays_are_what_the_public_matcher_gives(reader):
    terms = [(name, text) for name, text in reader.all_terms() if name == "text"]
    assert len(terms) > 10
    for fieldname, text in terms:
        text = text.decode() if isinstance(text, bytes) else text
        matcher = reader.postings(fieldname, text)
        expected_ids, expected_weights = [], []
        while matcher.is_active():
            expected_ids.append(matcher.id())
            expected_weights.append(matcher.weight())
            matcher.next()
        ids, weights = internals.postings_arrays(reader, fieldname, text)
        assert list(ids) == expected_ids
        assert list(weights) == pytest.approx(expected_weights)
    assert [list(part) for part in internals.postings_arrays(reader, "text", "zzzz")] == [[], []]


def test_length_codes_are_the_public_field_lengths(reader):
    codes = internals.length_codes(reader, "text")
    assert len(codes) == reader.doc_count_all()
    for docnum in range(reader.doc_count_all()):
        assert byte_to_length(codes[docnum]) == reader.doc_field_length(docnum, "text")


def test_bm25fs_per_field_b_is_where_it_is_read():
    from whoosh.scoring import BM25F

    assert internals.field_b(BM25F(B=0.5, text_B=0.25), "text") == 0.25
    assert internals.field_b(BM25F(B=0.5), "text") == 0.5


def test_a_writer_takes_parleys_codec_and_the_index_records_whooshs(second_transcript):
    from whoosh.codec.whoosh3 import W3Codec

    backend = connections["default"].get_backend()
    writer = backend._writer()
    try:
        assert type(writer.codec) is internals.ParleyCodec
        assert type(writer.fieldwriter._tindex) is internals._CompactTermsTable
    finally:
        writer.cancel()
    for segment in backend.index._segments():
        assert type(segment.codec()) is W3Codec  # readable without Parley's code


def test_the_compact_terms_table_writes_whooshs_bytes(tmp_path):
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter

    storage = FileStorage(str(tmp_path))
    keys = sorted({f"term{n * 7919 % 100_003}".encode() for n in range(5_000)})
    stock = OrderedHashWriter(storage.create_file("stock"))
    compact = OrderedHashWriter(storage.create_file("compact"))
    internals._CompactTermsTable.take_over(compact)
    for number, key in enumerate(keys):
        stock.add(key, str(number).encode())
        compact.add(key, str(number).encode())
    stock.close()
    compact.close()
    written = (tmp_path / "compact").read_bytes()
    assert written == (tmp_path / "stock").read_bytes()
    reader = OrderedHashReader(storage.open_file("compact"))
    assert reader[keys[1234]] == b"1234"
    assert reader.closest_key(b"term5") == next(k for k in keys if k >= b"term5")


def test_the_writers_lengths_are_whooshs_own(reader):
    from whoosh.codec.whoosh3 import W3PerDocReader

    storage, segment = reader._storage, reader.segment()
    stock = W3PerDocReader(storage, segment)
    cached = internals.ParleyCodec().per_document_reader(storage, segment)
    for fieldname in ("text", "text_words", "django_id"):  # the last has no length column
        for docnum in range(reader.doc_count_all()):
            assert cached.doc_field_length(docnum, fieldname, default=-1) == (
                stock.doc_field_length(docnum, fieldname, default=-1)
            ), (fieldname, docnum)
