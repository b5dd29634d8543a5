"""The Whoosh full-text index: a cache of the store that can always be rebuilt from it.

A schema function plus SCHEMA_VERSION; `ArticleIndex.open` rebuilds the index when it is
missing, of an older version or unreadable. Entity fields hold the normalised surface forms
of each article's mentions; `person:zelensky` is expanded through the store's alias table at
query time, so alias corrections apply without reindexing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import fields, highlight, index, qparser, query
from whoosh.analysis import StandardAnalyzer
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from index.analysis import NewsAnalyzer
from index.block_search import block_search
from index.entities.known import name_key
from index.fresh_postings import FastSegmentWriter
from index.models import Article, Mention
from index.parallel_writer import OrphanSafeMpWriter
from index.scoring import LengthCachedBM25F
from index.text import parse_iso_date, strip_controls
from index.whoosh_files import open_or_create

SCHEMA_VERSION = 4  # 4: segments as separate files (no in-memory copies)
ENTITY_FIELDS = {"PERSON": "person", "PLACE": "place", "ORG": "org", "OTHER": "other"}
TEXT_FIELDS = ["title", "subtitle", "body"]
HIT_START, HIT_END = "\x02", "\x03"


def article_schema() -> fields.Schema:
    """The fields of an article document."""
    stem = NewsAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=stem, field_boost=3.0),
        subtitle=fields.TEXT(analyzer=stem, field_boost=1.5),
        body=fields.TEXT(analyzer=stem),
        source=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        date=fields.DATETIME(stored=True, sortable=True),
        person=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        place=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        org=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        other=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
    )


def entity_key(surface: str) -> str:
    """The normalised form of an entity name as indexed: the alias table's lookup form."""
    return name_key(surface.replace(",", " "))


def article_document(article: Article, mentions: Iterable[Mention] = ()) -> dict[str, object]:
    """The Whoosh document of an article."""
    doc: dict[str, object] = {
        "id": article.id,
        "title": article.title,
        "subtitle": article.subtitle or "",
        "body": "\n".join(b.text for b in article.blocks),
        "source": article.source or "",
    }
    when = parse_iso_date(article.date)
    if when is not None:
        doc["date"] = when
    by_field: dict[str, set[str]] = {}
    for m in mentions:
        by_field.setdefault(ENTITY_FIELDS.get(m.type, "other"), set()).add(entity_key(m.text))
    for name, keys in by_field.items():
        doc[name] = ",".join(sorted(keys))
    return doc


@dataclass(slots=True)
class SearchHit:
    """One matching article: id, score and a snippet as (text, is_hit) segments."""

    id: str
    score: float
    snippet: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def snippet_text(self) -> str:
        """The snippet as plain text."""
        return "".join(text for text, _ in self.snippet)


@dataclass(slots=True)
class SearchResults:
    """The outcome of a query: total count, the hits asked for and a did-you-mean.

    `suggestion` is filled in by the library, which owns the vocabulary.
    """

    query: str
    total: int
    hits: list[SearchHit]
    suggestion: str | None = None
    parsed: str = ""


class _SegmentFormatter(highlight.Formatter):
    """Marks hits with sentinel characters that `split_segments` turns into segments."""

    between = " … "

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return HIT_START + highlight.get_text(text, token, replace) + HIT_END


def _likely_passages(body: str, stems: set[str], windows: int = 3, reach: int = 160) -> str:
    """Short windows of `body` around the first places a query stem occurs.

    The highlighter re-analyses every word it is given; handing it a few hundred characters
    around the matches instead of the whole article makes snippets several times cheaper.
    """
    if not stems:
        return body[: reach * 4]
    lowered = body.casefold()
    starts = sorted(
        pos for stem in stems for pos in _first_positions(lowered, stem.casefold(), windows)
    )[:windows]
    if not starts:
        return body[: reach * 4]
    spans: list[list[int]] = []
    for pos in starts:
        begin, end = max(0, pos - reach), min(len(body), pos + reach)
        if spans and begin <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([begin, end])
    # Cut at spaces so no word is split into a false token.
    parts = []
    for begin, end in spans:
        begin = body.find(" ", begin) + 1 if begin else 0
        cut = body.rfind(" ", begin, end)
        parts.append(body[begin : cut if end < len(body) and cut > begin else end])
    return "\n".join(parts)


def _first_positions(text: str, needle: str, count: int) -> list[int]:
    found: list[int] = []
    pos = text.find(needle)
    while pos != -1 and len(found) < count:
        found.append(pos)
        pos = text.find(needle, pos + len(needle))
    return found


def lead_snippet(body: str, width: int = 160) -> list[tuple[str, bool]]:
    """The start of the body, cut at a word boundary, for hits with no match in the body."""
    flat = " ".join(body.split())
    if len(flat) <= width:
        return [(flat, False)]
    return [(flat[:width].rsplit(" ", 1)[0] + " …", False)]


def split_segments(marked: str) -> list[tuple[str, bool]]:
    """Turn a sentinel-marked snippet into (text, is_hit) segments."""
    segments: list[tuple[str, bool]] = []
    for part in re.split(f"({HIT_START}[^{HIT_END}]*{HIT_END})", marked):
        if not part:
            continue
        if part.startswith(HIT_START):
            segments.append((part[1:-1], True))
        else:
            segments.append((part.replace("\n", " "), False))
    return segments


class ArticleIndex:
    """The article index of one library folder."""

    def __init__(self, ix: index.Index, folder: Path) -> None:
        self.ix = ix
        self.folder = folder
        self._parser = _make_parser(ix.schema)
        self._searcher: Searcher | None = None
        self._searcher_lock = threading.RLock()

    @classmethod
    def open(cls, folder: Path) -> tuple[ArticleIndex, str | None]:
        """Open the index in `folder`; return it with the reason it must be rebuilt, if any.

        A missing, outdated or unreadable index is recreated empty; the caller refills it
        from the store when a reason is returned.
        """
        ix, reason = open_or_create(folder, article_schema, SCHEMA_VERSION, "search index")
        return cls(ix, folder), reason

    @contextmanager
    def writer(self, procs: int = 1) -> Iterator[IndexWriter]:
        """A writer that commits on success and cancels on error.

        With procs > 1 documents are analysed in that many sub-processes. The lock is
        retried for a few seconds, so a writer killed a moment ago is waited for.
        """
        # Segments stay as separate files: Whoosh copies every file of a compound segment
        # into memory when a searcher opens it (1.3 GB at 100,000 articles). New documents'
        # postings are held in memory per term (`FastSegmentWriter`, in every writer
        # process); Whoosh's pool only takes postings merged in from other segments, and
        # holds up to 256 MB before it spills to disk.
        if procs > 1:
            w: IndexWriter = OrphanSafeMpWriter(
                self.ix, procs=procs, limitmb=256, timeout=10.0, multisegment=True, compound=False
            )
        else:
            w = FastSegmentWriter(self.ix, limitmb=256, timeout=10.0, compound=False)
        try:
            yield w
        except BaseException:
            w.cancel()
            raise
        else:
            w.commit()

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher over the latest committed state.

        One searcher is kept and refreshed (cheap when nothing changed): opening the segment
        readers anew for every query cost more than the query itself. The lock keeps the
        shared searcher to one thread at a time.
        """
        with self._searcher_lock:
            if self._searcher is not None and not self._searcher.up_to_date():
                # Not Searcher.refresh(): it fails when the old reader was of an empty index.
                self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self._searcher = self.ix.searcher(weighting=LengthCachedBM25F())
            yield self._searcher

    def all_ids(self) -> set[str]:
        """The ids of every live document."""
        with self.searcher() as s:
            return {fields_["id"] for fields_ in s.reader().all_stored_fields()}

    def doc_count(self) -> int:
        """How many articles the index holds (read from its table of contents: no searcher)."""
        return self.ix.doc_count()

    def parse(self, text: str) -> query.Query:
        """Parse the query language; malformed input is searched as plain words, never raises."""
        text = re.sub(r"(^|\s)-(?=\w)", r"\1NOT ", text.strip())
        try:
            q = self._parser.parse(text)
            if _is_malformed(text):
                raise ValueError("unbalanced quotes or brackets")
        except Exception:
            words = re.findall(r"\w+", text)
            words = [w for w in words if w not in {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}]
            q = self._parser.parse(" ".join(words)) if words else query.NullQuery
        if isinstance(q, query.Or | query.And) and not q.subqueries:
            return query.NullQuery
        return q

    def search(
        self,
        text: str,
        *,
        limit: int | None = 20,
        sort: str = "relevance",
        extra: query.Query | None = None,
        highlight_with: object = None,
        highlight_words: Iterable[str] = (),
    ) -> SearchResults:
        """Run a query; `extra` is ANDed in (entity clauses); snippets need `highlight_with`.

        `highlight_with` is a callable `ids -> {id: (title, body)}` used to fetch the texts
        of the hits (from the store), so the index need not store article bodies. Ranked
        searches of words, phrases and entity clauses go through `block_search`; the rest,
        and sorting by date, through Whoosh.
        """
        q = self.parse(text) if text.strip() else query.Every()
        if extra is not None:
            q = extra if isinstance(q, query.Every) else query.And([q, extra])
        if q is query.NullQuery:
            return SearchResults(text, 0, [], None, "")
        _use_binary_unions(q)
        with self.searcher() as s:
            ranked = block_search(s, q, limit) if sort == "relevance" and limit != 0 else None
            if ranked is not None:  # words, phrases and entity clauses: exact and faster
                total, best = ranked
                hits = [SearchHit(s.stored_fields(doc)["id"], score) for doc, score in best]
            else:
                kwargs: dict[str, object] = {"limit": limit}
                if sort == "date":
                    kwargs.update(sortedby="date", reverse=True)
                results = s.search(q, **kwargs)
                total = len(results) if results.has_exact_length() else results.estimated_length()
                hits = [SearchHit(h["id"], float(h.score or 0.0)) for h in results]
            if highlight_with is not None and hits:
                bodies = highlight_with([h.id for h in hits])  # type: ignore[operator]
                # Query words as indexed (fuzzy terms expanded), plus entity aliases' words.
                words = {
                    t.decode() if isinstance(t, bytes) else t
                    for _f, t in q.existing_terms(s.reader(), fieldname="body", expand=True)
                } | set(highlight_words)
                fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
                analyzer = self.ix.schema["body"].analyzer
                for hit in hits:
                    body = strip_controls(bodies.get(hit.id, ("", ""))[1])
                    marked = highlight.highlight(
                        _likely_passages(body, words),
                        frozenset(words),
                        analyzer,
                        fragmenter,
                        _SegmentFormatter(),
                        top=2,
                    )
                    segments = split_segments(marked) if marked else []
                    hit.snippet = segments if any(h for _, h in segments) else lead_snippet(body)
        return SearchResults(text, total, hits, None, str(q))

    def matching_ids(self, q: query.Query) -> set[str]:
        """Ids of every article matching a query object (for facet counts)."""
        with self.searcher() as s:
            return {s.stored_fields(docnum)["id"] for docnum in q.docs(s)}

    def close(self) -> None:
        """Release the index files."""
        with self._searcher_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        self.ix.close()


def _use_binary_unions(q: query.Query) -> None:
    """Make every OR in the query use Whoosh's tree of union matchers.

    Left to choose, Whoosh gives segments of under 5,000 documents (every segment a big add
    writes) an array matcher that fills a 2,048-slot array per part of the segment, even for
    the few hits of a title field: at 100,000 articles in 21 segments that doubled a query's
    time. The scores are the same.
    """
    if isinstance(q, query.Or):
        q.matcher_type = query.Or.DEFAULT_MATCHER
    for child in q.children():
        _use_binary_unions(child)


def _make_parser(schema: fields.Schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(TEXT_FIELDS, schema=schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(DateParserPlugin(free=False))
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def _is_malformed(text: str) -> bool:
    """Unbalanced quotes or brackets, or a dangling boolean operator."""
    if text.count('"') % 2 or text.count("(") != text.count(")"):
        return True
    if text.count("[") != text.count("]") or text.count("{") != text.count("}"):
        return True
    words = text.split()
    ops = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
    return bool(words) and (words[0] in ops - {"NOT"} or words[-1] in ops)
