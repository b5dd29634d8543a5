"""Reading every supported format, and refusing what cannot be an article."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import readers
from index.errors import UnreadableFile
from index.readers import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, read_file, supported

BBC = Path(__file__).parents[2] / "shared/corpora/bbc"
PARAGRAPH = (
    "The regional council approved the new flood defences on Tuesday after a long debate "
    "about their cost and the damage of last winter's storms."
)

HTML_PAGE = """<!doctype html>
<html><head>
<title>Storm hits the coast | Daily Example</title>
<meta property="og:title" content="Storm hits the coast">
<meta property="og:site_name" content="Daily Example">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta property="og:url" content="https://example.com/storm">
<meta name="description" content="Hundreds of homes damaged as the storm made landfall.">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Storm hits the coast</h1>
<p>A powerful storm made landfall on the southern coast early on Tuesday, bringing heavy
rain and strong winds to several towns along the shore.</p>
<h2>Damage assessed</h2>
<p>Officials said that hundreds of homes had been <em>damaged</em> and that crews were
working through the night to restore power to the area.</p>
<figure><img src="x.jpg" alt="Flooded street"><figcaption>A flooded street.</figcaption></figure>
<p>Residents were told to stay indoors until the winds eased later in the day, according
to the regional emergency office.</p>
</article>
<footer>Copyright 2024 Daily Example. Contact us. Privacy policy.</footer>
</body></html>
"""


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def record(number: int, **extra: str) -> dict[str, str]:
    return {"title": f"Story number {number}", "body": f"{PARAGRAPH} Item {number}.", **extra}


# --- Formats ---------------------------------------------------------------------------------


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".html", ".htm", ".json", ".jsonl"} <= SUPPORTED_SUFFIXES
    assert supported(Path("a/story.TXT"))
    assert supported(Path("story.jsonl"))
    assert not supported(Path("story.pdf"))
    assert not supported(Path("README"))


def test_plain_text(tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", f"Flood Defences Approved\n\n{PARAGRAPH}\n")
    [article] = read_file(path)
    assert article.title == "Flood Defences Approved"
    assert [block.text for block in article.blocks] == [" ".join(PARAGRAPH.split())]
    assert article.key == ""


def test_markdown(tmp_path: Path) -> None:
    text = (
        "# Flood Defences Approved\n\n"
        f"{PARAGRAPH}\n\n"
        "The **final vote** was [close](https://example.com/vote), with _nine_ in favour.\n\n"
        "## What Happens Next\n\n"
        "* Work starts in the spring and lasts for two years, officials said.\n"
    )
    [article] = read_file(write(tmp_path / "story.md", text))
    assert article.title == "Flood Defences Approved"
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", " ".join(PARAGRAPH.split())),
        ("paragraph", "The final vote was close, with nine in favour."),
        ("subheading", "What Happens Next"),
        ("paragraph", "Work starts in the spring and lasts for two years, officials said."),
    ]


def test_html_text_and_metadata(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path / "storm.html", HTML_PAGE))
    texts = [block.text for block in article.blocks]
    assert article.title == "Storm hits the coast"
    assert article.date == "2024-03-05"
    assert article.source == "Daily Example"
    assert article.author == "Jane Roe"
    assert article.url == "https://example.com/storm"
    assert article.subtitle == "Hundreds of homes damaged as the storm made landfall."
    assert texts[0].startswith("A powerful storm made landfall on the southern coast")
    assert ("subheading", "Damage assessed") in [(b.kind, b.text) for b in article.blocks]
    assert any("had been damaged and" in text for text in texts)  # emphasis marks gone
    assert texts[-1].startswith("Residents were told to stay indoors")
    assert not any(word in text for text in texts for word in ("Home", "Privacy", "*"))
    assert "Storm hits the coast" not in texts


def test_json_object(tmp_path: Path) -> None:
    data = record(1, date="Mon, 02 Jun 2025 10:00:00 GMT", source="NPR", author="Ann Lee")
    [article] = read_file(write(tmp_path / "one.json", json.dumps(data)))
    assert article.title == "Story number 1"
    assert article.blocks[0].text.endswith("Item 1.")
    assert (article.date, article.source, article.author) == ("2025-06-02", "NPR", "Ann Lee")
    assert article.key == ""


def test_json_list_keys_by_url_else_position(tmp_path: Path) -> None:
    data = [
        record(1, url="https://example.com/1"),
        {"title": "No body here"},
        {"title": "Text field", "text": PARAGRAPH, "date": "2025-06-02T08:00:00Z"},
    ]
    warnings: list[str] = []
    articles = read_file(write(tmp_path / "many.json", json.dumps(data)), warnings=warnings)
    assert [a.key for a in articles] == ["https://example.com/1", "3"]
    assert [a.url for a in articles] == ["https://example.com/1", None]
    assert articles[1].date == "2025-06-02"
    assert len(warnings) == 1 and "item 2" in warnings[0]


def test_json_wrapped_list_with_html_bodies(tmp_path: Path) -> None:
    body = f"<p>{PARAGRAPH}</p><h2>Next Steps</h2><p>Work <b>starts</b> in May.</p>"
    data = {"status": "ok", "articles": [{"title": "Wrapped", "content": body, "date": 0}]}
    [article] = read_file(write(tmp_path / "api.json", json.dumps(data)))
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", " ".join(PARAGRAPH.split())),
        ("subheading", "Next Steps"),
        ("paragraph", "Work starts in May."),
    ]
    assert (article.key, article.date) == ("1", "1970-01-01")  # a number is a Unix time


def test_jsonl_skips_a_bad_line_and_keeps_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lines = [
        json.dumps(record(1)),
        '{"title": "broken", "body": ',
        "",
        json.dumps(record(4, url="https://example.com/4")),
        json.dumps(record(5, url="https://example.com/4")),  # same url: key stays unique
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines))
    with caplog.at_level(logging.WARNING, logger="index.readers"):
        articles = read_file(path)
    assert [a.title for a in articles] == ["Story number 1", "Story number 4", "Story number 5"]
    assert [a.key for a in articles] == ["1", "https://example.com/4", "https://example.com/4#5"]
    assert "feed.jsonl: line 2: invalid JSON" in caplog.text  # nobody else reports it
    # A caller that collects the skipped lines reports them: no warning on top (the CLI
    # printed each one twice).
    caplog.clear()
    warnings: list[str] = []
    with caplog.at_level(logging.WARNING, logger="index.readers"):
        assert len(read_file(path, warnings=warnings)) == 3
    assert len(warnings) == 1 and "feed.jsonl: line 2: invalid JSON" in warnings[0]
    assert caplog.text == ""


def test_cp1252_text_decodes_the_pound_sign(tmp_path: Path) -> None:
    text = (
        "Club fined\n\n"
        "The club was fined £15.8m – a record – for “serious” breaches, café owners said.\n"
    )
    [article] = read_file(write(tmp_path / "fine.txt", text.encode("cp1252")))
    assert "£15.8m – a record – for “serious” breaches, café" in article.blocks[0].text


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", "\ufeffBOM Title\n\nA paragraph é.".encode())
    [article] = read_file(path)
    assert article.title == "BOM Title"


@pytest.mark.skipif(not (BBC / "sport/199.txt").is_file(), reason="BBC corpus not present")
def test_bbc_latin1_file_decodes() -> None:
    assert b"\xa3" in (BBC / "sport/199.txt").read_bytes()  # the file is not UTF-8
    [article] = read_file(BBC / "sport/199.txt")
    assert any("£15.8m" in block.text for block in article.blocks)


# --- Bad input -------------------------------------------------------------------------------


def test_binary_file(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(UnreadableFile, match="binary"):
        read_file(write(tmp_path / "image.txt", png))


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(UnreadableFile, match=r"empty|whitespace"):
        read_file(write(tmp_path / "empty.txt", content))


def test_huge_file_is_rejected_by_size_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: instant, takes no disk space
    assert path.stat().st_size > MAX_FILE_BYTES
    opened: list[Path] = []
    real_open = Path.open

    def spying_open(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spying_open)
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match="too large"):
        read_file(path)
    assert time.perf_counter() - started < 0.5
    assert path not in opened, "the file was opened although its size rules it out"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.txt", f"Title\n\n{PARAGRAPH}")
    path.chmod(0)
    try:
        if os.geteuid() == 0:
            # root reads a mode-000 file anyway: make open() fail as it would for a user.
            real_open = Path.open

            def denied_open(self: Path, *args: object, **kwargs: object) -> object:
                if self == path:
                    raise PermissionError(13, "Permission denied", str(self))
                return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(Path, "open", denied_open)
        with pytest.raises(UnreadableFile, match="permission denied"):
            read_file(path)
    finally:
        path.chmod(0o644)


def test_missing_file_and_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="not found"):
        read_file(tmp_path / "gone.txt")
    with pytest.raises(UnreadableFile, match="unsupported"):
        read_file(write(tmp_path / "story.pdf", "%PDF-1.4"))


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>x</title></head><body></body></html>",
        "<html><head><title>x</title></head><body><div><<<>>></div></body>",
        "<<<<>>>> <!-- --> </p></div>",
    ],
)
def test_malformed_html(tmp_path: Path, page: str) -> None:
    with pytest.raises(UnreadableFile):
        read_file(write(tmp_path / "bad.html", page))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"title": "Cut off", "body": ', "malformed JSON"),
        ("[1, 2, 3]", "no article"),
        ('"just a string"', "neither"),
        ('{"title": "No body"}', "not an article"),
        ('{"title": "Only promo", "body": "Advertisement\\n\\nRead more"}', "no text"),
    ],
)
def test_malformed_json(tmp_path: Path, content: str, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        read_file(write(tmp_path / "bad.json", content))


def test_jsonl_with_no_good_line(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no article"):
        read_file(write(tmp_path / "bad.jsonl", "not json\n{broken\n"))


def test_text_with_nothing_left_after_cleaning(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no text"):
        read_file(write(tmp_path / "promo.txt", "Skip to content\n\nAdvertisement\n"))


def test_readers_never_import_textual() -> None:
    code = "import sys, index.readers, index.cleaning; assert 'textual' not in sys.modules"
    repo = Path(__file__).parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=repo)


def test_decode_text_rejects_control_characters() -> None:
    with pytest.raises(UnreadableFile, match="binary"):
        readers.decode_text(bytes(range(1, 32)) * 20)


RSS_FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour Gazette</title>
<item><title>Cranes return to the quay</title><link>https://example.org/cranes</link>
<pubDate>Mon, 02 Jun 2025 09:00:00 GMT</pubDate><author>Ada Quay</author>
<description>&lt;p&gt;The first crane arrived on Monday morning at the harbour.&lt;/p&gt;
&lt;p&gt;Dockers said the second would follow within a week.&lt;/p&gt;</description></item>
<item><title>Ferry timetable changes</title><link>https://example.org/ferry</link>
<description>The winter ferry timetable starts in October, the operator said.</description>
</item></channel></rss>"""


def test_rss_feed_entries_become_articles(tmp_path: Path) -> None:
    feed = tmp_path / "gazette.rss"
    feed.write_text(RSS_FEED)
    first, second = read_file(feed)
    assert first.title == "Cranes return to the quay"
    assert first.source == "Harbour Gazette" and first.date == "2025-06-02"
    assert first.url == "https://example.org/cranes" and first.key == first.url
    assert [b.text for b in first.blocks] == [
        "The first crane arrived on Monday morning at the harbour.",
        "Dockers said the second would follow within a week.",
    ]
    assert second.title == "Ferry timetable changes" and second.date is None


def test_an_xml_file_that_is_no_feed_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "settings.xml"
    other.write_text("<settings><colour>blue</colour></settings>")
    with pytest.raises(UnreadableFile, match="feed"):
        read_file(other)
