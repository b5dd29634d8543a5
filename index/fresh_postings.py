"""A Whoosh segment writer that keeps a segment's new postings grouped by term in memory.

Whoosh's SegmentWriter puts every posting of every document into one sorting pool (a tuple
each, spilled to disk and read back when the pool is full), sorts them all, then hands them
one by one to the posting writer. For documents added to a fresh segment the postings of a
term arrive in document order anyway, so here they are appended to compact per-term arrays
as they come; writing the segment sorts only the terms and hands the posting writer a block
of postings at a time. Text fields analysed by `NewsAnalyzer` skip Whoosh's per-token objects
(`term_positions`), and a term found once in a document gets one shared encoded value per
position (three postings in four). Posting blocks are pickled with a modern protocol
(`index.posting_blocks`). Segments merged in are read back term by term in one sorted
stream with the fresh postings, not sorted again through Whoosh's pool (which spilled
millions of postings to disk and read them back). Whoosh reads the very postings its own
writer would have written (tests/test_segment_writer.py).
"""

from __future__ import annotations

import heapq
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache
from operator import sub
from pickle import dumps
from typing import Any

from whoosh.fields import FieldType, UnknownFieldError
from whoosh.formats import Frequency, Positions
from whoosh.reading import SegmentReader
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length

from index.analysis import NewsAnalyzer, stemming_stop_words, term_counts, term_positions
from index.posting_blocks import write_compact_blocks
from index.segment_writer import LengthsInMemorySegmentWriter, _LengthsInMemory

Posting = tuple[str, bytes, int, float, bytes]


class _TermPostings:
    """One term's postings in a segment: document numbers, weights and encoded values."""

    __slots__ = ("docnums", "values", "weights")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.weights = array("d")
        self.values: list[bytes] = []


class FreshPostings:
    """The postings of the documents added to one segment, by field and term."""

    def __init__(self) -> None:
        self.by_field: dict[str, defaultdict[bytes, _TermPostings]] = {}
        self.count = 0

    def terms(self, fieldname: str) -> defaultdict[bytes, _TermPostings]:
        """The postings of a field by term, for appending to (a new term starts empty)."""
        terms = self.by_field.get(fieldname)
        if terms is None:
            terms = self.by_field[fieldname] = defaultdict(_TermPostings)
        return terms

    def add(self, fieldname: str, btext: bytes, docnum: int, weight: float, value: bytes) -> None:
        """Append a posting; postings of a term must come in document order."""
        terms = self.terms(fieldname)
        postings = terms[btext]
        postings.docnums.append(docnum)
        postings.weights.append(weight)
        postings.values.append(value)
        self.count += 1

    def add_positions(
        self, fieldname: str, found: dict[bytes, list[int]], docnum: int, boost: float
    ) -> int:
        """Append one document's postings of a `Positions` field, each term's value encoded
        as `Positions.encode` does, from `term_positions`; return the field's length."""
        terms = self.terms(fieldname)
        length = 0
        for btext, positions in found.items():
            postings = terms[btext]
            freq = len(positions)
            postings.docnums.append(docnum)
            postings.weights.append(freq * boost)
            postings.values.append(
                _one_position(positions[0]) if freq == 1 else _encode_positions(positions)
            )
            length += freq
        self.count += len(found)
        return length

    def add_counts(self, fieldname: str, counts: dict[bytes, int], docnum: int) -> int:
        """Append one document's postings of a `Frequency` field (boost 1), each value
        encoded as `Frequency.encode` does, from `term_counts`; return the field's length."""
        terms = self.terms(fieldname)
        length = 0
        for btext, freq in counts.items():
            postings = terms[btext]
            postings.docnums.append(docnum)
            postings.weights.append(freq)
            postings.values.append(_encoded_count(freq))
            length += freq
        self.count += len(counts)
        return length

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting as Whoosh's pool yields them: by field, term, then document."""
        for fieldname in sorted(self.by_field):
            terms = self.by_field[fieldname]
            for btext in sorted(terms):
                p = terms[btext]
                for i, docnum in enumerate(p.docnums):
                    yield fieldname, btext, docnum, p.weights[i], p.values[i]


@lru_cache(maxsize=1024)
def _encoded_count(freq: int) -> bytes:
    """`Frequency.encode(freq)`, shared."""
    return pack_uint(freq)


@lru_cache(maxsize=65_536)
def _one_position(pos: int) -> bytes:
    """`Positions.encode([pos])`, shared: most terms occur once in a document."""
    return _encode_positions([pos])


def _encode_positions(positions: list[int]) -> bytes:
    """What `Positions.encode` gives: the count, then the pickled gaps between positions."""
    return pack_uint(len(positions)) + dumps(list(map(sub, positions, [0, *positions])), 2)


# Postings held per megabyte of the writer's `limitmb` before they go to Whoosh's pool
# (about 40 bytes each with their share of the per-term arrays).
POSTINGS_PER_MB = 25_000
# Segments of a merge read back as streams, each holding two files open while the new
# segment is written; any more go through Whoosh's pool.
MAX_STREAMED_SEGMENTS = 32


class FastSegmentWriter(LengthsInMemorySegmentWriter):
    """A SegmentWriter whose added documents' postings skip the sorting pool, as long as
    they fit in `limitmb`; beyond that they are handed to the pool, which spills to disk."""

    def __init__(self, *args: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(*args, limitmb=limitmb, **kwargs)
        self.fresh = FreshPostings()
        self.fresh_limit = limitmb * POSTINGS_PER_MB
        self._merging: list[tuple[Any, int, Any]] = []  # (segment, first docnum, docmap)
        fields = [self.schema[name] for name in self.schema.names()]
        # Spelling words and term vectors are not written here: Whoosh's own path does it.
        self._plain_schema = not any(f.vector or f.separate_spelling() for f in fields)
        # Frequency fields analysed by Whoosh's StemmingAnalyzer: counted by `term_counts`.
        self._counted = {
            name: stops
            for name in self.schema.names()
            if (stops := stemming_stop_words(self.schema[name].analyzer)) is not None
            and type(self.schema[name].format) is Frequency
            and self.schema[name].format.field_boost == 1.0
        }
        write_compact_blocks(self.fieldwriter)

    def add_document(self, **fields: Any) -> None:
        """Add a document, as Whoosh's SegmentWriter does (stored values, lengths, columns,
        postings), with its postings appended to `fresh`."""
        if not self._plain_schema or any(name.startswith("_") for name in fields):
            super().add_document(**fields)  # document boosts, custom stored values
            return
        self._check_state()
        schema, perdoc, docnum = self.schema, self.perdocwriter, self.docnum
        names = sorted(fields)
        for name in names:
            if name not in schema:
                raise UnknownFieldError(f"No field named {name!r} in {schema}")
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = self._index_value(name, field, value, docnum) if field.indexed else 0
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1
        if self.fresh.count > self.fresh_limit:
            self._spill_fresh()

    def _spill_fresh(self) -> None:
        """Hand the fresh postings to Whoosh's pool (a big rebuild): memory stays bounded,
        and the segment is written from the pool's sorted runs."""
        add = self.pool.add
        for posting in self.fresh.iter_postings():
            add(posting)
        self.fresh = FreshPostings()

    def _index_value(self, name: str, field: FieldType, value: Any, docnum: int) -> int:
        """Add the postings of one field value; return its length (for scorable fields)."""
        fmt = field.format
        if (
            isinstance(value, str)
            and type(fmt) is Positions
            and type(field.analyzer) is NewsAnalyzer
        ):
            length = self.fresh.add_positions(name, term_positions(value), docnum, fmt.field_boost)
        elif isinstance(value, str) and type(fmt) is Frequency and name in self._counted:
            length = self.fresh.add_counts(name, term_counts(value, self._counted[name]), docnum)
        else:
            add = self.fresh.add
            length = 0
            for btext, freq, weight, vbytes in field.index(value):
                add(name, btext, docnum, weight, vbytes or b"")
                length += freq
        return length if field.scorable else 0

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        """A segment being merged in: its postings are read when the new segment is
        written, as one more sorted stream, instead of going through the sorting pool
        (they come sorted already; the pool sorted and spilled millions of them to disk)."""
        own_segment = type(reader) is SegmentReader and any(
            reader.segment() is segment for segment in self.segments
        )
        if not own_segment or len(self._merging) >= MAX_STREAMED_SEGMENTS:
            # Another index's reader (read back from its own storage it is not), or more
            # segments than are worth holding open at once: through the pool, as Whoosh does.
            super().add_postings_to_pool(reader, startdoc, docmap)
            return
        self._merging.append((reader.segment(), startdoc, docmap))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        lengths = _LengthsInMemory(perdoc) if perdoc is not None else None
        pool = self.pool
        # The segments merged in were closed by Whoosh's merge policy: read them again.
        readers = [SegmentReader(self.storage, self.schema, seg) for seg, _, _ in self._merging]
        try:
            streams = [
                self._process_posts(reader.iter_postings(), startdoc, docmap)
                for reader, (_, startdoc, docmap) in zip(readers, self._merging, strict=True)
            ]
            if pool.runs or pool.current:
                streams.append(pool.iter_postings())
            if streams:
                # One sorted stream: the fresh postings, then each merged segment's (their
                # document numbers follow one another), and any the pool holds.
                merged = heapq.merge(self.fresh.iter_postings(), *streams)
                self.fieldwriter.add_postings(self.schema, lengths, merged)
            else:
                self._write_fresh(lengths)
        finally:
            for reader in readers:
                reader.close()
        self.fieldwriter.close()
        if perdoc is not None:
            perdoc.close()

    def _write_fresh(self, lengths: _LengthsInMemory | None) -> None:
        """Write the fresh postings term by term, a block at a time, through the codec's
        posting writer (its own block encoding, so the bytes are Whoosh's)."""
        writer = self.fieldwriter
        for fieldname in sorted(self.fresh.by_field):
            terms = self.fresh.by_field[fieldname]
            writer.start_field(fieldname, self.schema[fieldname])
            length_of = _length_lookup(lengths, fieldname)
            for btext in sorted(terms):
                writer.start_term(btext)
                _write_term(writer._postwriter, terms[btext], length_of)
                writer.finish_term()
            writer.finish_field()


LengthRange = Callable[[array], tuple[int | None, int]]


def _no_lengths(docnums: array) -> tuple[int | None, int]:
    """The length range of documents whose field keeps no lengths: none."""
    return None, 0


def _length_lookup(lengths: _LengthsInMemory | None, fieldname: str) -> LengthRange:
    """A function giving the (smallest, largest) field length of some documents, in document
    order, as Whoosh's posting writer keeps them: lengths of 0 or none are left out, and
    (None, 0) when none is left."""

    def per_document(docnums: array) -> tuple[int | None, int]:
        found = [n for d in docnums if lengths and (n := lengths.doc_field_length(d, fieldname))]
        return (min(found), max(found)) if found else (None, 0)

    if lengths is None or not lengths.has_lengths(fieldname):
        return _no_lengths
    column = lengths._column(fieldname)
    if column is None:
        return per_document

    def from_column(docnums: array) -> tuple[int | None, int]:
        # One length byte per document, in the order of the lengths they stand for.
        if docnums[-1] >= len(column):
            return per_document(docnums)
        found = [b for b in map(column.__getitem__, docnums) if b]
        if not found:
            return None, 0
        return byte_to_length(min(found)), byte_to_length(max(found))

    return from_column


def _write_term(postwriter: Any, postings: _TermPostings, length_of: LengthRange) -> None:
    """Hand a term's postings to a W3PostingsWriter one block at a time. Each block's buffers
    and statistics are set as its `add_posting` would leave them; every block but the last
    is written here, the last by `finish_postings`."""
    limit = postwriter._blocklimit
    count = len(postings.docnums)
    for start in range(0, count, limit):
        end = min(start + limit, count)
        weights = postings.weights[start:end]
        docnums = postings.docnums[start:end]
        postwriter._ids = docnums
        postwriter._weights = array("f", weights)
        values = postings.values[start:end]
        postwriter._values = values if all(values) else [v for v in values if v]
        postwriter._maxweight = max(0, max(weights))
        postwriter._minlength, postwriter._maxlength = length_of(docnums)
        if end < count:
            postwriter._write_block()
