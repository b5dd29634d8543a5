"""Reading article files of every supported format into cleaned ParsedArticles.

`read_file` picks the reader by suffix: plain text, markdown, HTML (main text and metadata
through trafilatura), JSON (one object or a list of objects), JSON Lines, and RSS/Atom feeds
(feedparser; `.rss`, `.atom`, `.xml`). Anything that
cannot become an article raises `UnreadableFile` with a one-line reason.

Skipped records: a bad JSON Lines line, or a list item that is not an article, does not
fail the file. When the caller passes a `warnings` list each one is appended to it as
`"<file>: line 3: invalid JSON"` (and logged at DEBUG level: the caller reports it, once);
otherwise it is logged on this module's logger at WARNING level.
"""

from __future__ import annotations

import json
import logging
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import trafilatura
from charset_normalizer import from_bytes

from index.cleaning import clean_lines, clean_text
from index.dates import normalize_date
from index.errors import UnreadableFile
from index.models import ParsedArticle
from index.textlines import normalize_spaces, split_lines

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = frozenset(
    {".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".rss", ".atom", ".xml"}
)
BODY_FIELDS = ("body", "text", "content")
LIST_FIELDS = ("articles", "items", "entries", "data")
DATE_FIELDS = ("date", "published", "publishedAt", "published_at", "pubDate")

# Share of non-ASCII bytes among letters below which undecodable-as-UTF-8 text is taken
# for Western European (cp1252): charset detectors misread short runs of £ or é, while
# Cyrillic or Greek single-byte text is almost all high bytes.
_WESTERN_MAX_HIGH_SHARE = 0.2
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_HIGH_BYTES = bytes(range(128, 256))
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0e-\x1f]")  # C0 controls but \t \n \v \f \r
_MAX_CONTROL_SHARE = 0.01
_HTML_BODY = re.compile(r"</(?:p|div|h[1-6]|li)>|<br\s*/?>", re.IGNORECASE)
_HTML_HEADING = re.compile(r"<h[1-6](?:\s[^>]*)?>", re.IGNORECASE)
_HTML_BREAK = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|blockquote|section|article)(?:\s[^>]*)?>|<br\s*/?>",
    re.IGNORECASE,
)


def supported(path: Path) -> bool:
    """True when the file's suffix names a format `read_file` can read."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def read_file(path: Path, *, warnings: list[str] | None = None) -> list[ParsedArticle]:
    """Read one file into its articles (one for text, markdown and HTML; any number for JSON).

    Raises UnreadableFile for unsupported, binary, empty, oversized, unreadable or malformed
    files and for files with no text left after cleaning. Skipped records of multi-article
    files are reported through `warnings` (if given) and the module logger.
    """
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise UnreadableFile(f"unsupported file type {suffix or '(no suffix)'}")
    text = decode_text(_read_bytes(path))
    skipped: list[str] = []
    articles = reader(text, skipped)
    for reason in skipped:
        message = f"{path.name}: {reason}"
        if warnings is not None:
            warnings.append(message)  # the caller reports it: logged for debugging only
            logger.debug("skipped %s", message)
        else:
            logger.warning("skipped %s", message)
    return articles


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, checking the size before reading so a huge file is never loaded."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile("not a regular file")
        _check_size(status.st_size)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as error:
        raise UnreadableFile("file not found") from error
    except PermissionError as error:
        raise UnreadableFile("permission denied") from error
    except IsADirectoryError as error:
        raise UnreadableFile("not a regular file") from error
    except OSError as error:
        raise UnreadableFile(f"cannot read file ({error.strerror or error})") from error
    _check_size(len(data))  # the file may have grown since stat()
    return data


def _check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        megabytes = MAX_FILE_BYTES // (1024 * 1024)
        raise UnreadableFile(f"file too large ({size / 1024 / 1024:.1f} MB, limit {megabytes} MB)")


def decode_text(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252 for
    Western text, else charset-normalizer's guess. Raises UnreadableFile for binary data
    and for text that is empty or only whitespace."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode_or_fail(data, "utf-16")
    elif b"\x00" in data:
        raise UnreadableFile("binary file (contains NUL bytes)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if not text.strip():
        raise UnreadableFile("empty file" if not text else "file has only whitespace")
    sample = text[:20_000]
    if len(_CONTROL_CHARACTER.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise UnreadableFile("binary file (control characters)")
    return text


def _decode_or_fail(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"not decodable as {encoding}") from error


def _decode_legacy(data: bytes) -> str:
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high <= _WESTERN_MAX_HIGH_SHARE * max(letters, 1):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass  # bytes cp1252 leaves undefined: let the detector decide
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("binary file (not decodable as text)")
    return str(best)


def _read_plain(text: str, skipped: list[str]) -> list[ParsedArticle]:
    return [_require_text(clean_text(text))]


def _read_markdown(text: str, skipped: list[str]) -> list[ParsedArticle]:
    return [_require_text(clean_text(text, markdown=True))]


def _read_html(text: str, skipped: list[str]) -> list[ParsedArticle]:
    try:
        document = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_formatting=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
        )
    except Exception as error:  # trafilatura/lxml raise many types on broken markup
        raise UnreadableFile(f"malformed HTML ({type(error).__name__})") from error
    if document is None or not (document.text or "").strip():
        raise UnreadableFile("no article text found in the HTML")
    title = normalize_spaces(document.title or "")
    # The dek of an HTML page is its meta description, not a guess from the body's shape.
    lines = split_lines(document.text, markdown=True)
    article = _require_text(clean_lines(lines, title=title, find_dek=False))
    article.date = normalize_date(document.date) or article.date
    article.source = normalize_spaces(document.sitename or "") or article.source
    article.author = normalize_spaces(document.author or "") or article.author
    article.url = document.url or None
    article.subtitle = _distinct_dek(document.description, article)
    return [article]


def _distinct_dek(description: str | None, article: ParsedArticle) -> str | None:
    """A meta description as subtitle, unless it merely repeats the title or the lead."""
    dek = normalize_spaces(description or "")
    stem = dek.rstrip(".… ").casefold()
    if not stem or stem == article.title.casefold().rstrip("."):
        return None
    lead = next((b.text.casefold() for b in article.blocks if b.kind == "paragraph"), "")
    return None if lead.startswith(stem) else dek


def _read_json(text: str, skipped: list[str]) -> list[ParsedArticle]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"malformed JSON (line {error.lineno}: {error.msg})") from error
    if isinstance(data, dict) and not any(data.get(name) for name in BODY_FIELDS):
        # {"articles": [...]}, as news APIs and feed dumps wrap their lists
        data = next((data[name] for name in LIST_FIELDS if isinstance(data.get(name), list)), data)
    if isinstance(data, dict):
        article = _article_from_record(data)
        if isinstance(article, str):
            raise UnreadableFile(f"JSON object is not an article: {article}")
        return [article]
    if not isinstance(data, list):
        raise UnreadableFile("JSON holds neither an article object nor a list of them")
    records = ((f"item {position}", str(position), item) for position, item in enumerate(data, 1))
    return _articles_from_records(records, skipped)


def _read_json_lines(text: str, skipped: list[str]) -> list[ParsedArticle]:
    def records() -> Any:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield f"line {number}", str(number), json.loads(line)
            except json.JSONDecodeError as error:
                skipped.append(f"line {number}: invalid JSON ({error.msg})")

    return _articles_from_records(records(), skipped)


def _articles_from_records(records: Any, skipped: list[str]) -> list[ParsedArticle]:
    """Articles from (where, position, record) triples, keyed by url (else position)."""
    articles: list[ParsedArticle] = []
    keys: set[str] = set()
    for where, position, record in records:
        article = _article_from_record(record)
        if isinstance(article, str):
            skipped.append(f"{where}: {article}")
            continue
        key = article.url or position
        article.key = key if key not in keys else f"{key}#{position}"
        keys.add(article.key)
        articles.append(article)
    if not articles:
        raise UnreadableFile("no article records in the file")
    return articles


def _text_field(record: dict[str, Any], *names: str) -> str:
    for name in names:
        value = record.get(name)
        if isinstance(value, dict):  # {"source": {"name": "NPR"}} as news APIs give it
            value = value.get("name")
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = ", ".join(value)
        if isinstance(value, str) and value.strip():
            return normalize_spaces(value)
    return ""


def _article_from_record(record: object) -> ParsedArticle | str:
    """An article from one JSON object, or the reason it is not one."""
    if not isinstance(record, dict):
        return f"not an object ({type(record).__name__})"
    body = next((record[name] for name in BODY_FIELDS if record.get(name)), None)
    if isinstance(body, list) and all(isinstance(item, str) for item in body):
        body = "\n\n".join(body)
    if not isinstance(body, str) or not body.strip():
        return "no body or text field"
    lines = split_lines(_html_to_markdown(body), markdown=True) if _HTML_BODY.search(body) else None
    title = _text_field(record, "title", "headline")
    article = clean_lines(lines or split_lines(body), title=title)
    if not article.blocks:
        return "no text after cleaning"
    raw_date = next((record[name] for name in DATE_FIELDS if record.get(name) is not None), None)
    article.date = normalize_date(raw_date) or article.date
    article.source = _text_field(record, "source", "publisher") or article.source
    article.author = _text_field(record, "author", "authors", "byline") or article.author
    article.url = _text_field(record, "url", "link") or None
    article.subtitle = _text_field(record, "subtitle", "dek") or article.subtitle
    return article


def _read_feed(text: str, skipped: list[str]) -> list[ParsedArticle]:
    """RSS and Atom feeds (feedparser): one article per entry, its full content if the feed
    carries it, else its summary; the feed's title is the source."""
    import feedparser

    feed = feedparser.parse(text)
    if not feed.entries:
        reason = "not an RSS or Atom feed" if feed.bozo else "a feed with no entries"
        raise UnreadableFile(reason)
    source = feed.feed.get("title", "")

    def records() -> Any:
        for position, entry in enumerate(feed.entries, 1):
            content = entry.get("content") or []
            body = content[0].get("value", "") if content else entry.get("summary", "")
            when = entry.get("published_parsed") or entry.get("updated_parsed")
            yield (
                f"entry {position}",
                str(position),
                {
                    "title": entry.get("title", ""),
                    "body": body,
                    "date": time.strftime("%Y-%m-%d", when) if when else None,
                    "source": source,
                    "url": entry.get("link", ""),
                    "author": entry.get("author", ""),
                },
            )

    return _articles_from_records(records(), skipped)


def _html_to_markdown(body: str) -> str:
    """Paragraph and heading tags of an HTML body field as the blank lines and `#` marks
    the markdown splitter understands; it then drops the remaining tags."""
    body = _HTML_HEADING.sub("\n\n## ", body)
    return _HTML_BREAK.sub("\n\n", body)


def _require_text(article: ParsedArticle) -> ParsedArticle:
    if not article.blocks:
        raise UnreadableFile("no text after cleaning")
    return article


_READERS: dict[str, Callable[[str, list[str]], list[ParsedArticle]]] = {
    ".txt": _read_plain,
    ".md": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".json": _read_json,
    ".jsonl": _read_json_lines,
    ".rss": _read_feed,
    ".atom": _read_feed,
    ".xml": _read_feed,
}
