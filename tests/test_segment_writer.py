"""Segments written with in-memory field lengths are the same as Whoosh's own."""

from __future__ import annotations

from pathlib import Path

from whoosh import index
from whoosh.writing import SegmentWriter

from index.models import Article, Block
from index.search import article_document, article_schema
from index.segment_writer import LengthsInMemorySegmentWriter

WORDS = ["harbour", "crane", "ferry", "tide", "pier", "cargo"]
WORDS += ["ledger", "quay", "vessel", "berth", "anchor", "storm"]


def _articles(count: int) -> list[Article]:
    out = []
    for n in range(count):
        body = " ".join(WORDS[(n * 7 + k * k) % len(WORDS)] for k in range(20 + n % 300))
        blocks = [Block("paragraph", body), Block("paragraph", f"Story {n} ends {WORDS[n % 12]}.")]
        date = f"2025-01-{n % 28 + 1:02d}"
        title = f"{WORDS[n % 12]} report {n}"
        out.append(
            Article(f"id{n:05d}", title, blocks, None, date, None, "Port News", *[None] * 2, [], "")
        )
    return out


def _segment_files(folder: Path, writer_class: type[SegmentWriter]) -> dict[str, bytes]:
    folder.mkdir()
    ix = index.create_in(str(folder), article_schema())
    writer = writer_class(ix, compound=False)
    for article in _articles(600):
        writer.add_document(**article_document(article))
    writer.commit()
    (segment,) = ix._segments()
    prefix = segment.make_filename("")
    return {p.name.removeprefix(prefix): p.read_bytes() for p in folder.glob(f"{prefix}*")}


def test_segment_files_are_byte_for_byte_whooshs(tmp_path: Path) -> None:
    ours = _segment_files(tmp_path / "ours", LengthsInMemorySegmentWriter)
    theirs = _segment_files(tmp_path / "theirs", SegmentWriter)
    assert ours.keys() == theirs.keys() and len(ours) >= 4
    assert {name for name in ours if ours[name] != theirs[name]} == set()
