"""Finding the names of stored articles again when the rules that find them change."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import name_refresh
from index.entities import annotate_blocks
from index.entity_upkeep import ENTITIES_PENDING
from index.library import Library
from index.name_refresh import NAME_RULES, NAME_RULES_SETTING, OUTDATED_MESSAGE
from tui.cli import main

ARTICLES = {
    "tories.txt": "Tories Rally\n\nTory Liam Fox said the Tories would win. Labour disagreed.",
    "kennedy.txt": "Kennedy Speaks\n\nLiberal Democrat Charles Kennedy spoke to the Tories.",
    "sales.txt": "Sales Rise\n\nSales rose at Marks & Spencer before Christmas.",
}


def _library(tmp_path: Path, notes: list[str] | None = None) -> Library:
    sources = tmp_path / "articles"
    sources.mkdir(exist_ok=True)
    for name, text in ARTICLES.items():
        (sources / name).write_text(text, encoding="utf-8")
    library = Library.open(tmp_path / "lib", import_seeds=False, notify=(notes or []).append)
    library.add([sources])
    return library


def _as_older_rules_found_them(library: Library) -> None:
    """Mentions as the rules before NAME_RULES 2 stored them: "Tory Liam Fox" one person."""
    conn = library.store.conn
    with library.store.transaction():
        conn.execute("DELETE FROM mentions")
        for article_id, block, text in conn.execute(
            "SELECT article_id, idx, text FROM blocks WHERE text LIKE '%Tory Liam Fox%'"
        ).fetchall():
            start = text.index("Tory Liam Fox")
            conn.execute(
                "INSERT INTO mentions (article_id, block, start, end, surface, type)"
                " VALUES (?, ?, ?, ?, 'Tory Liam Fox', 'PERSON')",
                (article_id, block, start, start + len("Tory Liam Fox")),
            )
        library.store.set_setting(NAME_RULES_SETTING, "1")
    library.rebuild_entities()


def _entities(library: Library) -> set[tuple[str, str]]:
    return {tuple(row) for row in library.store.conn.execute("SELECT name, type FROM entities")}


def _stored_mentions(library: Library) -> set[tuple[str, int, int, str, str]]:
    rows = library.store.conn.execute(
        "SELECT article_id, block, start, surface, type FROM mentions"
    ).fetchall()
    return {tuple(row) for row in rows}


def _found_now(library: Library) -> set[tuple[str, int, int, str, str]]:
    found = set()
    for (article_id,) in library.store.conn.execute("SELECT id FROM articles").fetchall():
        texts = [b.text for b in library.store.article(article_id).blocks]
        for block, mentions in enumerate(annotate_blocks(texts)):
            found |= {(article_id, block, m.start, m.text, m.type) for m in mentions}
    return found


def test_a_new_library_is_stamped_with_the_current_rules_and_says_nothing(
    tmp_path: Path,
) -> None:
    notes: list[str] = []
    library = _library(tmp_path, notes)
    assert library.store.setting(NAME_RULES_SETTING) == str(NAME_RULES)
    library.close()
    Library.open(tmp_path / "lib", notify=notes.append).close()
    assert OUTDATED_MESSAGE not in notes


def test_a_library_from_before_the_stamp_is_told_how_to_find_its_names_again(
    tmp_path: Path,
) -> None:
    library = _library(tmp_path)
    with library.store.transaction():
        library.store.conn.execute("DELETE FROM settings WHERE key = ?", (NAME_RULES_SETTING,))
    library.close()
    notes: list[str] = []
    Library.open(tmp_path / "lib", notify=notes.append).close()
    assert notes == [OUTDATED_MESSAGE]


def test_reindex_entities_finds_the_names_again_and_resolves_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = _library(tmp_path)
    _as_older_rules_found_them(library)
    assert ("Tory Liam Fox", "PERSON") in _entities(library)
    library.close()

    assert main(["--library", str(tmp_path / "lib"), "reindex", "--entities"]) == 0
    out = capsys.readouterr().out
    assert "found the names of 3 articles" in out

    notes: list[str] = []
    library = Library.open(tmp_path / "lib", notify=notes.append)
    assert OUTDATED_MESSAGE not in notes
    assert library.store.setting(NAME_RULES_SETTING) == str(NAME_RULES)
    assert library.store.setting(ENTITIES_PENDING) == "0"
    assert _stored_mentions(library) == _found_now(library)
    entities = _entities(library)
    assert {("Liam Fox", "PERSON"), ("Conservative Party", "ORG")} <= entities
    assert ("Tory Liam Fox", "PERSON") not in entities
    # The search index holds the names found again.
    assert library.search('org:"conservative party"').total == 2
    assert library.search('person:"liam fox"').total == 1
    library.close()


def test_an_interrupted_refresh_leaves_the_entities_to_resolve_at_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = _library(tmp_path)
    _as_older_rules_found_them(library)
    monkeypatch.setattr(name_refresh, "BATCH_ARTICLES", 1)
    real = name_refresh.annotate_articles
    calls: list[int] = []

    def fails_on_the_second_batch(articles: list, backend: str) -> list:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(articles, backend)

    monkeypatch.setattr(name_refresh, "annotate_articles", fails_on_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        library.refresh_names(workers=1)
    assert library.store.setting(ENTITIES_PENDING) == "1"
    assert library.store.setting(NAME_RULES_SETTING) == "1"
    assert not library.store.has_index("mentions_entity")  # dropped while mentions change
    library.close()

    notes: list[str] = []
    library = Library.open(tmp_path / "lib", notify=notes.append)
    assert "Resolving the entities of an interrupted add or reindex." in notes
    assert OUTDATED_MESSAGE in notes  # still: the refresh did not finish
    assert library.store.setting(ENTITIES_PENDING) == "0"
    assert library.store.has_index("mentions_entity")
    unresolved = library.store.conn.execute(
        "SELECT count(*) FROM mentions WHERE entity_id IS NULL"
    ).fetchone()[0]
    assert unresolved == 0
    library.close()
