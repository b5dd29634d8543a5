"""Related passages on the seeds: the same story is followed across articles, and why."""

from __future__ import annotations

import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from index.entities.known import name_key
from index.entities.resolve import clean_surface
from index.library import Library
from index.passages import NEAR_DUPLICATE, jaccard, passage_index_for, word_shingles
from index.related import RelatedPassage, related
from index.related_entities import PassageEntity, entity_surfaces
from index.search import entity_key
from tui import cli
from tui.commands import related_command

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def library(seed_library_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Library:
    """A private copy of the seed library with its passage index built, shared by the module."""
    folder = tmp_path_factory.mktemp("related") / "lib"
    shutil.copytree(seed_library_dir, folder)
    opened = Library.open(folder, import_seeds=False)
    passage_index_for(opened)
    yield opened
    opened.close()


@pytest.fixture
def main(monkeypatch: pytest.MonkeyPatch):
    """The CLI entry point, with the related command registered whether or not it is listed."""
    if related_command not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, related_command])
    return cli.main


def seed_id(library: Library, prefix: str) -> str:
    """The article id of the seed file whose name starts with `prefix`."""
    (row,) = library.store.conn.execute(
        "SELECT id FROM articles WHERE path LIKE ?", (f"%/seeds/{prefix}_%",)
    ).fetchall()
    return row[0]


def find_block(library: Library, article_id: str, *words: str) -> int:
    """The first paragraph of an article containing every one of `words`."""
    for idx, kind, text in library.store.conn.execute(
        "SELECT idx, kind, text FROM blocks WHERE article_id = ? ORDER BY idx", (article_id,)
    ):
        if kind == "paragraph" and all(w.lower() in text.lower() for w in words):
            return idx
    raise AssertionError(f"no paragraph of {article_id} mentions {words}")


def assert_well_formed(found: list[RelatedPassage], source_id: str) -> None:
    """Other articles only, each passage once, no near-copies, best first."""
    assert found, "expected related passages"
    assert all(p.article_id != source_id for p in found)
    keys = [(p.article_id, p.block) for p in found]
    assert len(keys) == len(set(keys))
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            assert jaccard(word_shingles(a.text), word_shingles(b.text)) < NEAR_DUPLICATE
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
    assert all(0 < p.score <= 1 and p.reason and p.title for p in found)


def test_rubio_lavrov_call_finds_the_other_report_of_the_call_first(library: Library) -> None:
    source = seed_id(library, "000")
    block = find_block(library, source, "Rubio", "Lavrov")
    found = related(library, source, block, limit=5)
    assert_well_formed(found, source)
    top = found[0]
    assert top.article_id == seed_id(library, "003")
    assert "Lavrov" in top.text and "Rubio" in top.text
    assert re.search(r"shares .*Rubio", top.reason) and "Lavrov" in top.reason
    assert "Rubio" in top.shared_entities[0] or "Lavrov" in top.shared_entities[0]


def test_umerov_prisoner_swaps_find_the_prisoner_exchange(library: Library) -> None:
    source = seed_id(library, "001")
    block = find_block(library, source, "Umerov", "prisoner")
    found = related(library, source, block, limit=5)
    assert_well_formed(found, source)
    other = seed_id(library, "004")
    assert found[0].article_id == other
    about_prisoners = [
        p for p in found[:3] if p.article_id == other and re.search(r"prisoner|exchange", p.text)
    ]
    assert about_prisoners, [(p.article_id, p.block, p.reason) for p in found]


def test_reasons_name_the_shared_entities_and_terms(library: Library) -> None:
    source = seed_id(library, "000")
    found = related(library, source, find_block(library, source, "Rubio", "Lavrov"))
    for passage in found:
        for name in passage.shared_entities:
            assert name in passage.reason
        for word in passage.shared_terms:
            assert word in passage.reason or len(passage.shared_terms) > 4
    assert any(p.shared_entities for p in found)


def test_every_passage_of_every_seed_gives_well_formed_results(library: Library) -> None:
    rows = library.store.conn.execute(
        "SELECT article_id, idx FROM blocks WHERE kind = 'paragraph'"
    ).fetchall()
    answered = 0
    for article_id, block in rows:
        found = related(library, article_id, block, limit=8)
        if found:
            assert_well_formed(found, article_id)
            answered += 1
    assert answered > len(rows) // 2


def test_short_paragraphs_and_subheadings_have_no_related_passages(library: Library) -> None:
    rows = library.store.conn.execute("SELECT article_id, idx, kind, text FROM blocks").fetchall()
    short = [(a, i) for a, i, kind, text in rows if kind == "paragraph" and len(text.split()) < 5]
    headings = [(a, i) for a, i, kind, _ in rows if kind == "subheading"]
    assert short or headings
    for article_id, block in short + headings:
        assert related(library, article_id, block) == []


def test_unknown_article_or_block_raises_lookup_error(library: Library) -> None:
    with pytest.raises(LookupError):
        related(library, "nope", 0)
    with pytest.raises(LookupError):
        related(library, seed_id(library, "000"), 999)


def test_unique_prefix_is_accepted(library: Library) -> None:
    source = seed_id(library, "003")
    block = find_block(library, source, "Rubio", "Lavrov")
    assert related(library, source[:6], block) == related(library, source, block)


def test_calls_from_several_threads_agree(library: Library) -> None:
    source = seed_id(library, "000")
    block = find_block(library, source, "Rubio", "Lavrov")
    expected = related(library, source, block)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: related(library, source, block), range(12)))
    assert all(r == expected for r in results)


def test_copies_and_boilerplate_are_not_related(tmp_path: Path) -> None:
    """A near-copy of a passage is never related to it, nor are paragraphs found everywhere."""
    story = (
        "The harbour authority of Tallinn approved a new ferry terminal on Tuesday after"
        " a long dispute with the shipping company Baltic Lines over berth fees."
    )
    copy = story.replace("Tuesday", "Wednesday")
    follow_up = (
        "Baltic Lines said the Tallinn terminal would open next spring, ending the dispute"
        " over berth fees with the harbour authority."
    )
    boilerplate = (
        "Subscribe to our newsletter for the latest news about ferries, harbours and berth fees."
    )
    articles = [
        {"title": "Terminal approved", "body": f"{story}\n\n{boilerplate}"},
        {"title": "Terminal approved, again", "body": f"{copy}\n\n{boilerplate}"},
        {"title": "Opening next spring", "body": f"{follow_up}\n\n{boilerplate}"},
        {"title": "Unrelated", "body": f"A quiet week for the weather in Oslo.\n\n{boilerplate}"},
    ]
    (tmp_path / "ferries.jsonl").write_text("\n".join(json.dumps(a) for a in articles))
    library = Library.open(tmp_path / "lib", import_seeds=False)
    try:
        assert library.add([tmp_path / "ferries.jsonl"]).added == 4
        (source,) = [s.id for s in library.summaries() if s.title == "Terminal approved"]
        block = find_block(library, source, "Tuesday")
        found = related(library, source, block)
        texts = [p.text for p in found]
        assert follow_up in texts
        assert copy not in texts and boilerplate not in texts
        boiler_block = find_block(library, source, "Subscribe")
        assert related(library, source, boiler_block) == []
    finally:
        library.close()


def test_related_command_prints_json(
    library: Library, main, capsys: pytest.CaptureFixture[str]
) -> None:
    source = seed_id(library, "000")
    block = find_block(library, source, "Rubio", "Lavrov")
    code = main(["--library", str(library.folder), "related", source[:8], str(block), "--json"])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and set(rows[0]) == {"article_id", "block", "score", "reason", "text", "title"}
    assert rows[0]["article_id"] == seed_id(library, "003")
    assert all(row["article_id"] != source for row in rows)


def test_related_command_prints_a_table_and_fails_on_unknown_ids(
    library: Library, main, capsys: pytest.CaptureFixture[str]
) -> None:
    source = seed_id(library, "001")
    block = find_block(library, source, "Umerov")
    assert main(["--library", str(library.folder), "related", source, str(block)]) == 0
    out = capsys.readouterr().out
    assert seed_id(library, "004") in out and "shares" in out
    assert main(["--library", str(library.folder), "related", "zzzz", "0"]) == 1
    assert "no article" in capsys.readouterr().err


def _entity_surfaces_against_mentions(library: Library) -> tuple[set, set]:
    """(missed, extra): (entity id, name) pairs of resolved mentions that `entity_surfaces`
    would not look for, and pairs it would look for that no mention has."""
    conn = library.store.conn
    written = {
        (entity_id, entity_key(surface))
        for entity_id, surface in conn.execute(
            "SELECT entity_id, surface FROM mentions WHERE entity_id IS NOT NULL"
        )
    }
    entities = {
        eid: PassageEntity(eid, name, 1.0)
        for eid, name in conn.execute("SELECT id, name FROM entities")
    }
    looked_for = entity_surfaces(library.store, entities)
    return written - looked_for, looked_for - written


def test_entity_surfaces_are_every_name_a_mention_was_written_with(tmp_path: Path) -> None:
    """Related passages look an entity up by every name the library writes it with: exactly
    those (read from the mentions-by-entity index) after an add and after corrections, and
    at least those (from the alias table) while a bulk add has that index dropped."""
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    library = Library.open(tmp_path / "lib", import_seeds=False)
    try:
        library.add([src])
        assert library.store.has_rows("mentions")
        assert _entity_surfaces_against_mentions(library) == (set(), set())
        library.aliases_path.write_text(
            '[rename]\n"Kyiv" = "Kiev"\n[merge]\n"Kremlin negotiators" = ["Sergey Lavrov",'
            ' "Vladimir Medinsky"]\n'
        )
        assert library.apply_alias_changes()
        assert _entity_surfaces_against_mentions(library) == (set(), set())
        extra = src / "extra.txt"
        extra.write_text(
            "Lavrov and Kyiv\n\nSergey Lavrov, the Russian foreign minister, spoke to Medinsky"
            " in Kyiv, Ukraine, about Washington, D.C. and the Rubio-Lavrov call.\n"
        )
        assert library.add([src]).added == 1
        assert _entity_surfaces_against_mentions(library) == (set(), set())
        # A surface whose alias key is not its indexed key ("jones's" from "Jones's.").
        conn = library.store.conn
        with conn:
            (article_id,) = conn.execute("SELECT id FROM articles LIMIT 1").fetchone()
            (entity_id,) = conn.execute("SELECT id FROM entities LIMIT 1").fetchone()
            conn.execute(
                "INSERT INTO mentions (article_id, block, start, end, surface, type, entity_id)"
                " VALUES (?, 0, 90000, 90008, 'Jones''s.', 'PERSON', ?)",
                (article_id, entity_id),
            )
            conn.execute(
                "INSERT INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
                (entity_id, name_key(clean_surface("Jones's."))),
            )
        assert _entity_surfaces_against_mentions(library) == (set(), set())
        with conn:
            conn.execute("DROP INDEX mentions_entity")  # as during a bulk add
        assert _entity_surfaces_against_mentions(library)[0] == set()
    finally:
        library.close()


def test_own_passage_terms_count_as_the_posting_lists_do(library: Library) -> None:
    """Term counts over an article's passages, read from their text, equal the counts read
    from the passage index's posting lists."""
    from index.related import _own_passage_terms

    compared = 0
    with passage_index_for(library).searcher() as s:
        reader = s.reader()
        analyzer = s.schema["text"].analyzer
        lexicon = [t.decode() if isinstance(t, bytes) else t for t in reader.lexicon("text")]
        for summary in library.summaries():
            article = library.article(summary.id)
            own = set(reader.postings("article_id", summary.id).all_ids())
            expected = {}
            for term in lexicon:
                found = len(own.intersection(reader.postings("text", term).all_ids()))
                if found:
                    expected[term] = found
            assert dict(_own_passage_terms(s, analyzer, article, own)) == expected
            compared += len(expected)
    assert compared > 1_000
