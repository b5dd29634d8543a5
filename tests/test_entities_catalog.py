"""Storing canonical entities in SQLite and querying them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index.entities import annotate_blocks
from index.entities.aliases import AliasFileError
from index.entities.catalog import (
    entity_facets,
    entity_mentions,
    find_entity,
    list_entities,
    rebuild_entities,
)
from index.schema import migrate

ARTICLES = {
    "a1": [
        "US Secretary of State Marco Rubio spoke with Russian Foreign Minister Sergei Lavrov.",
        "Rubio later met President Volodymyr Zelensky in Kyiv.",
    ],
    "a2": [
        "Mr. Zelensky said the U.S. must act. Sergey Lavrov disagreed.",
        "Lavrov spoke in Moscow.",
    ],
    "a3": ["Later, Zelenskyy travelled to Kiev, then to São Paulo."],
}


@pytest.fixture()
def conn(tmp_path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(tmp_path / "library.db")
    migrate(connection)
    for article_id, blocks in ARTICLES.items():
        connection.execute(
            "INSERT INTO articles (id, title, path, content_hash) VALUES (?, ?, ?, ?)",
            (article_id, blocks[0][:20], f"{article_id}.txt", article_id),
        )
        for index, text in enumerate(blocks):
            connection.execute(
                "INSERT INTO blocks (article_id, idx, kind, text) VALUES (?, ?, 'paragraph', ?)",
                (article_id, index, text),
            )
        for index, mentions in enumerate(annotate_blocks(blocks)):
            connection.executemany(
                "INSERT INTO mentions (article_id, block, start, end, surface, type)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(article_id, index, m.start, m.end, m.text, m.type) for m in mentions],
            )
    connection.commit()
    return connection


def test_rebuild_counts_and_links_every_mention(conn: sqlite3.Connection) -> None:
    count = rebuild_entities(conn, None)
    assert count == conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] > 0
    unlinked = conn.execute("SELECT COUNT(*) FROM mentions WHERE entity_id IS NULL").fetchone()
    assert unlinked == (0,)
    assert rebuild_entities(conn, None) == count  # rebuilding is idempotent


def test_find_entity_by_alias_case_and_accents(conn: sqlite3.Connection) -> None:
    rebuild_entities(conn, None)
    [zelensky] = find_entity(conn, "ZELENSKYY")
    assert zelensky.name == "Volodymyr Zelensky"
    assert zelensky.article_count == 3
    assert "President" in zelensky.roles
    assert [e.name for e in find_entity(conn, "u.s.")] == ["United States"]
    assert [e.name for e in find_entity(conn, "kiev", "PLACE")] == ["Kyiv"]
    assert find_entity(conn, "kiev", "PERSON") == []
    assert [e.name for e in find_entity(conn, "sao paulo")] == ["São Paulo"]


def test_roles_come_from_the_text_before_mentions(conn: sqlite3.Connection) -> None:
    rebuild_entities(conn, None)
    [rubio] = find_entity(conn, "Marco Rubio")
    assert rubio.roles == ["Secretary of State"]
    [lavrov] = find_entity(conn, "lavrov")
    assert find_entity(conn, "Sergei Lavrov") == find_entity(conn, "Sergey Lavrov") == [lavrov]
    assert lavrov.roles == ["Foreign Minister"]


def test_list_entities_filters(conn: sqlite3.Connection) -> None:
    rebuild_entities(conn, None)
    people = list_entities(conn, type="PERSON")
    assert {p.name for p in people} == {
        "Marco Rubio",
        find_entity(conn, "Lavrov")[0].name,
        "Volodymyr Zelensky",
    }
    counts = [p.mention_count for p in people]
    assert counts == sorted(counts, reverse=True)
    in_a3 = {e.name for e in list_entities(conn, article_id="a3")}
    assert in_a3 == {"Volodymyr Zelensky", "Kyiv", "São Paulo"}


def test_entity_mentions_are_in_reading_order(conn: sqlite3.Connection) -> None:
    rebuild_entities(conn, None)
    [lavrov] = find_entity(conn, "Lavrov")
    rows = entity_mentions(conn, lavrov.id)
    assert [(r.article_id, r.block, r.surface) for r in rows] == [
        ("a1", 0, "Sergei Lavrov"),
        ("a2", 0, "Sergey Lavrov"),
        ("a2", 1, "Lavrov"),
    ]


def test_entity_facets_for_a_result_set(conn: sqlite3.Connection) -> None:
    rebuild_entities(conn, None)
    facets = {f.name: (f.articles, f.mentions) for f in entity_facets(conn, ["a1", "a2"])}
    assert facets["Volodymyr Zelensky"] == (2, 2)
    assert facets[find_entity(conn, "Lavrov")[0].name] == (2, 3)
    assert "São Paulo" not in facets
    assert entity_facets(conn, []) == []


def test_aliases_file_is_applied(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "aliases.toml"
    path.write_text('ignore = ["Moscow"]\n[merge]\n"Volodymyr Zelensky" = ["Z"]\n')
    rebuild_entities(conn, path)
    assert find_entity(conn, "Moscow") == []
    assert [e.name for e in find_entity(conn, "z")] == ["Volodymyr Zelensky"]


def test_bad_aliases_file_changes_nothing(conn: sqlite3.Connection, tmp_path: Path) -> None:
    count = rebuild_entities(conn, None)
    path = tmp_path / "aliases.toml"
    path.write_text("[merge\n")
    with pytest.raises(AliasFileError):
        rebuild_entities(conn, path)
    assert conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == count


def test_rebuild_inside_an_open_transaction(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE articles SET title = 'x' WHERE id = 'a1'")
    assert conn.in_transaction
    assert rebuild_entities(conn, None) > 0
    conn.rollback()
    assert conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 0


def _mention_index_columns(conn: sqlite3.Connection) -> list[str]:
    return [row[2] for row in conn.execute("PRAGMA index_info('mentions_entity')")]


def test_the_mentions_by_entity_index_covers_surfaces_after_every_rebuild(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    """Listing an entity's written forms reads the index alone: after the migration of a
    version 4 library, after a rebuild of the entities and after a bulk add's restore."""
    from index.entities.incremental import drop_mention_index, restore_mention_index
    from index.schema import MIGRATIONS

    old = sqlite3.connect(tmp_path / "v4.db")
    for script in MIGRATIONS[:4]:
        old.executescript(script)
    old.execute("PRAGMA user_version = 4")
    old.execute("INSERT INTO articles (id, title, path, content_hash) VALUES ('a', 't', 'p', 'h')")
    old.execute(
        "INSERT INTO mentions (article_id, block, start, end, surface, type, entity_id)"
        " VALUES ('a', 0, 0, 5, 'Kyiv', 'PLACE', 1)"
    )
    old.commit()
    assert _mention_index_columns(old) == ["entity_id", "article_id"]
    assert migrate(old) == 4
    assert _mention_index_columns(old) == ["entity_id", "surface", "article_id"]
    assert old.execute("SELECT surface FROM mentions").fetchall() == [("Kyiv",)]
    # A version 4 bulk add interrupted with the index dropped: it stays dropped, for the
    # next open to build it and recount the entities (counts of replaced articles are stale).
    interrupted = sqlite3.connect(tmp_path / "v4-interrupted.db")
    for script in MIGRATIONS[:4]:
        interrupted.executescript(script)
    interrupted.execute("PRAGMA user_version = 4")
    interrupted.execute("DROP INDEX mentions_entity")
    interrupted.commit()
    assert migrate(interrupted) == 4
    assert _mention_index_columns(interrupted) == []
    assert interrupted.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)

    wanted = ["entity_id", "surface", "article_id"]
    rebuild_entities(conn, None)
    assert _mention_index_columns(conn) == wanted
    drop_mention_index(conn)
    assert restore_mention_index(conn)
    assert _mention_index_columns(conn) == wanted
    plan = " ".join(
        str(tuple(row))
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT entity_id, surface, count(*) FROM mentions"
            " WHERE entity_id IN (1, 2) GROUP BY entity_id, surface"
        )
    )
    assert "COVERING INDEX mentions_entity" in plan


def _entity_of_each_mention(conn: sqlite3.Connection) -> dict[tuple[str, int, int], str]:
    rows = conn.execute(
        "SELECT m.article_id, m.block, m.start, e.name FROM mentions m"
        " JOIN entities e ON e.id = m.entity_id"
    )
    return {(a, b, s): name for a, b, s, name in rows}


def test_a_big_library_is_resolved_batch_by_batch(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over ONE_PASS_MAX_ARTICLES the entities are resolved a batch at a time, as a big add
    resolves them (at 100,000 articles one pass took "Apple" for a misread person and left
    "Blair" to nobody): the same people across batches, counts and index as one pass."""
    import index.entities.catalog as catalog
    from index.entities.incremental import IncrementalResolver

    one_pass = rebuild_entities(conn, None)
    expected = _entity_of_each_mention(conn)
    monkeypatch.setattr(catalog, "ONE_PASS_MAX_ARTICLES", 1)
    monkeypatch.setattr(catalog, "REBUILD_BATCH_ARTICLES", 1)  # each article its own batch
    batches: list[list[str]] = []
    update = IncrementalResolver.update

    def recorded_update(self: IncrementalResolver, article_ids: list[str]) -> int:
        batches.append(list(article_ids))
        return update(self, article_ids)

    monkeypatch.setattr(IncrementalResolver, "update", recorded_update)
    assert rebuild_entities(conn, None) == one_pass
    assert batches == [["a1"], ["a2"], ["a3"]]
    batched = _entity_of_each_mention(conn)
    assert batched.keys() == expected.keys()  # every mention linked
    lavrov = {key for key, name in batched.items() if "Lavrov" in name}
    assert {article for article, _, _ in lavrov} == {"a1", "a2"}
    assert len({batched[key] for key in lavrov}) == 1  # one person across three batches
    counts = conn.execute(
        "SELECT count(*) FROM entities e WHERE mention_count !="
        " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)"
    ).fetchone()
    assert counts == (0,)
    assert _mention_index_columns(conn) == ["entity_id", "surface", "article_id"]
