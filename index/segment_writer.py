"""Whoosh segment writers that read the new segment's field lengths once, not per posting.

When Whoosh writes a segment's postings it asks, for every single posting, the length of
that document's field (for the block statistics BM25 skips by), reading it back from the
column file just written: a seek and a one-byte read each, about a tenth of an ingest's
CPU. Here the length column of each field is read into memory once and looked up from
there. The segment files come out byte for byte the same.
"""

from __future__ import annotations

from whoosh.codec.base import PerDocumentReader
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter


def length_column(perdoc: PerDocumentReader, fieldname: str) -> bytes | None:
    """A segment's length column for a field, one byte per document, read whole; None when
    it is not the whoosh3 codec's plain fixed-width column (ask Whoosh per document then)."""
    try:
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)  # type: ignore[attr-defined]
        if column is None or column._fixedlen != 1:
            return None
        return bytes(column._dbfile.get(column._basepos, column._count))
    except AttributeError:
        return None


class _LengthsInMemory:
    """The `doc_field_length` of a per-document reader, from length columns read whole."""

    def __init__(self, perdoc: PerDocumentReader) -> None:
        self._perdoc = perdoc
        self._columns: dict[str, bytes | None] = {}
        self._has: dict[str, bool] = {}

    def _column(self, fieldname: str) -> bytes | None:
        if fieldname not in self._columns:
            self._columns[fieldname] = length_column(self._perdoc, fieldname)
        return self._columns[fieldname]

    def has_lengths(self, fieldname: str) -> bool:
        """False when the segment keeps no lengths for the field (an ID or keyword field
        that is not scorable): every document's length is then the default, and Whoosh
        would look for the missing column file again on every call."""
        if fieldname not in self._has:
            try:
                found = self._perdoc.has_column(_lenfield(fieldname))  # type: ignore[attr-defined]
            except AttributeError:  # not the whoosh3 codec: ask it per document
                found = True
            self._has[fieldname] = bool(found)
        return self._has[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        """The length of a document's field, as the per-document reader would say."""
        raw = self._column(fieldname)
        if raw is None:
            if not self.has_lengths(fieldname):
                return default  # what Whoosh answers, after looking for the file again
            return self._perdoc.doc_field_length(docnum, fieldname, default)
        if docnum >= len(raw):
            return default
        return byte_to_length(raw[docnum]) if raw[docnum] else None


class LengthsInMemoryMixin:
    """Replaces `SegmentWriter._flush_segment`: the same, with `_LengthsInMemory`."""

    def _flush_segment(self) -> None:
        self.perdocwriter.close()  # type: ignore[attr-defined]
        perdoc = self.per_document_reader() if self.codec.length_stats else None  # type: ignore[attr-defined]
        lengths = _LengthsInMemory(perdoc) if perdoc is not None else None
        postings = self.pool.iter_postings()  # type: ignore[attr-defined]
        self.fieldwriter.add_postings(self.schema, lengths, postings)  # type: ignore[attr-defined]
        self.fieldwriter.close()  # type: ignore[attr-defined]
        if perdoc is not None:
            perdoc.close()


class LengthsInMemorySegmentWriter(LengthsInMemoryMixin, SegmentWriter):
    """`whoosh.writing.SegmentWriter` writing postings with in-memory field lengths."""
