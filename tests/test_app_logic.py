"""Unit tests of the app's pure logic: mention cursor, history, hits, keymap, layout helpers."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from index.models import Article, Block
from index.related import RelatedPassage
from index.store import ArticleSummary
from tui.data import find_hits, search_terms
from tui.history import History, Position
from tui.keymap import load_keymap
from tui.mention_cursor import MentionCursor, MentionRef
from tui.related_trail import RelatedTrail
from tui.screens.search_snippets import snippet_text
from tui.widgets.article_list import ArticleList, RowPalette
from tui.widgets.reader import clean_with_offsets, wrap_text
from tui.widgets.related_panel import first_words

MENTIONS = [
    MentionRef("a", 0, 5, 10),
    MentionRef("a", 2, 0, 4),
    MentionRef("b", 1, 3, 8),
    MentionRef("c", 0, 0, 6),
    MentionRef("c", 4, 9, 15),
]


def test_cursor_walks_every_mention_then_wraps() -> None:
    cursor = MentionCursor("Lavrov", MENTIONS)
    seen = [cursor.next("a").mention for _ in range(5)]
    assert seen == MENTIONS
    step = cursor.next("c")
    assert step.wrapped and step.mention == MENTIONS[0]


def test_cursor_status_counts_mentions_and_articles() -> None:
    cursor = MentionCursor("Lavrov", MENTIONS)
    assert "5 mentions in 3 articles" in cursor.status()
    for _ in range(4):
        cursor.next()
    assert cursor.status() == "Lavrov · mention 4 of 5 · article 3 of 3"


def test_cursor_starts_in_the_current_article_at_the_current_block() -> None:
    cursor = MentionCursor("X", MENTIONS)
    assert cursor.next("c", block=3).mention == MENTIONS[4]
    cursor = MentionCursor("X", MENTIONS)
    assert cursor.next("b").mention == MENTIONS[2]
    cursor = MentionCursor("X", MENTIONS)
    assert cursor.next("zzz").mention == MENTIONS[0]


def test_cursor_previous_wraps_to_the_end() -> None:
    cursor = MentionCursor("X", MENTIONS)
    cursor.next("a")
    step = cursor.previous()
    assert step.wrapped and step.mention == MENTIONS[-1]
    assert cursor.previous().mention == MENTIONS[-2]


def test_cursor_without_mentions() -> None:
    cursor = MentionCursor("Nobody", [])
    assert cursor.next() is None and cursor.previous() is None
    assert "no mentions" in cursor.status()


def test_history_back_and_forward() -> None:
    history = History()
    for article in "abc":
        history.visit(Position(article))
    assert history.back() == Position("b")
    assert history.back() == Position("a")
    assert history.back() is None
    assert history.forward() == Position("b")
    history.visit(Position("d"))
    assert history.forward() is None
    assert [p.article_id for p in history.entries] == ["a", "b", "d"]


def test_history_update_keeps_the_scroll_position() -> None:
    history = History()
    history.visit(Position("a"))
    history.update(Position("a", block=7))
    history.visit(Position("b"))
    assert history.back() == Position("a", block=7)


def test_search_terms_skip_negations_and_fields() -> None:
    terms = search_terms('"peace talks" drones -lavrov person:rubio date:2025-06 AND kyiv')
    assert {"peac", "talk", "drone", "rubio", "kyiv"} <= terms
    assert "lavrov" not in terms and "2025" not in terms and "and" not in terms


def test_find_hits_match_stems() -> None:
    blocks = [Block("paragraph", "Negotiations went on."), Block("paragraph", "We negotiate.")]
    article = Article(
        id="x",
        title="t",
        blocks=blocks,
        subtitle=None,
        date=None,
        updated=None,
        source=None,
        url=None,
        author=None,
        contributors=[],
        path="p",
    )
    hits = find_hits(article, "negotiation")
    assert [(h.block, h.start, h.end) for h in hits] == [(0, 0, 12), (1, 3, 12)]


def test_clean_with_offsets_keeps_spans_on_their_words() -> None:
    text = "a \x1b[31mred\x1b[0m word"
    cleaned, mapping = clean_with_offsets(text)
    assert cleaned == "a red word"
    start = text.index("red")
    assert cleaned[mapping[start] : mapping[start + 3]] == "red"


def test_wrap_text_reports_line_offsets() -> None:
    lines = wrap_text(Text("one two three four five"), 9)
    assert [(start, line.plain) for start, line in lines] == [
        (0, "one two"),
        (8, "three"),
        (14, "four five"),
    ]


def test_keymap_reads_keys_table(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keys]\nstar = "x"\nbad = 3\n')
    keymap, problem = load_keymap(path)
    assert keymap == {"star": "x"}
    assert problem and "bad" in problem
    path.write_text("not toml [")
    assert load_keymap(path)[0] == {}
    assert load_keymap(tmp_path / "missing.toml") == ({}, None)


def _passage(article: str, block: int) -> RelatedPassage:
    return RelatedPassage(article, block, 0.5, "shares Rubio", "text", "title")


def test_related_trail_walks_then_wraps() -> None:
    trail = RelatedTrail(("s", 0), [_passage("a", 1), _passage("b", 2), _passage("c", 3)])
    assert trail.is_at("a", 1) and not trail.is_at("a", 2)
    assert [trail.advance(), trail.advance(), trail.advance()] == [False, False, True]
    assert trail.current == _passage("a", 1)
    assert trail.status().startswith("Related passage 1 of 3 · score 0.50 · shares Rubio")


def test_snippet_text_is_one_safe_line_with_hits_styled() -> None:
    text = snippet_text([("a \x1b[31mred\n ", False), ("drone", True), (" strike", False)], "1/2 ")
    assert text.plain == "1/2 a red drone strike"
    assert [text.plain[s.start : s.end] for s in text.spans] == ["drone"]


def test_snippet_text_keeps_the_space_between_two_hits() -> None:
    segments = [("tax cuts. ", False), ("Cherie", True), (" ", False), ("Blair", True)]
    text = snippet_text([*segments, (" has been", False)])
    assert text.plain == "tax cuts. Cherie Blair has been"
    assert [text.plain[s.start : s.end] for s in text.spans] == ["Cherie", "Blair"]
    assert snippet_text([("Tony", True), ("Blair", True)]).plain == "TonyBlair"  # no space given


def test_first_words_collapses_whitespace_and_controls() -> None:
    assert first_words("one\n\ttwo \x07three", limit=9) == "one two t"


def test_article_rows_fill_exactly_their_width_whatever_the_titles() -> None:
    """Every row is one terminal line of exactly the list's width: long and wide-character
    titles are cut with …, tabs and newlines become spaces, escapes never get through."""
    articles = ArticleList()
    articles.counts = {"b": 12}
    palette = RowPalette(*(Style(bold=bool(i % 2)) for i in range(5)))
    rows = [
        ArticleSummary("a", "Short", "BBC", "2025-06-02", read=False, starred=True),
        ArticleSummary("b", "北京 " * 40, "人民日报 " * 5, "2025-06-02", read=True, starred=False),
        ArticleSummary(
            "c", "Tab\there\nand \x1b[31mred\x1b[0m", "A\tB", None, read=True, starred=False
        ),
    ]
    for width in (1, 2, 3, 5, 12, 29, 30, 49, 50, 57, 120):
        for row in rows:
            segments = articles._row_segments(row, width, palette)
            line = "".join(segment.text for segment in segments)
            assert cell_len(line) == width, (width, row.id, line)
            assert not any(char in line for char in "\t\n\x1b"), line
    wide = "".join(s.text for s in articles._row_segments(rows[1], 57, palette))
    assert "…" in wide and "×12" in wide
    assert "".join(s.text for s in articles._row_segments(rows[0], 57, palette)).startswith(
        "●★ Short"
    )
