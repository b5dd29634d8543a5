"""Small adds resolve only the changed articles against the stored entities."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS

from index.entities.catalog import find_entity
from index.library import Library


def _one_batch_per_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, texts: list[str]
) -> tuple[Library, Path]:
    """An empty library that resolves as a big one, a batch per article, and a folder
    holding an article for each text (not added yet)."""
    monkeypatch.setattr("index.entity_upkeep.FULL_RESOLVE_MAX_ARTICLES", 0)
    monkeypatch.setattr("index.ingest.BATCH_SIZE", 1)
    folder = tmp_path / "articles"
    folder.mkdir()
    for number, text in enumerate(texts):
        (folder / f"{number}.txt").write_text(f"Story {number}\n\n{text}\n")
    return Library.open(tmp_path / "lib", import_seeds=False), folder


def _entity(library: Library, name: str) -> tuple[str, int, int]:
    row = find_entity(library.store.conn, name)[0]
    return row.name, row.mention_count, row.article_count


def test_a_small_add_joins_existing_entities_and_matches_a_full_rebuild(
    seed_library: Library, tmp_path: Path
) -> None:
    before = _entity(seed_library, "Lavrov")
    note = tmp_path / "note.txt"
    note.write_text(
        "Berlin talks\n\nForeign Minister Sergey Lavrov met Olaf Scholz in Berlin on Friday."
        " Lavrov said the talks were useful. Scholz disagreed.\n"
    )
    rebuilt: list[bool] = []
    original = seed_library.rebuild_entities
    seed_library.rebuild_entities = lambda: rebuilt.append(True) or original()  # type: ignore[method-assign]
    assert seed_library.add([note]).added == 1
    assert rebuilt == [], "one new article in six must not re-resolve the whole library"
    incremental = {n: _entity(seed_library, n) for n in ("Lavrov", "Olaf Scholz", "Berlin")}
    assert incremental["Lavrov"] == (before[0], before[1] + 2, before[2] + 1)
    assert incremental["Olaf Scholz"][1:] == (2, 1)
    original()
    assert {n: _entity(seed_library, n) for n in incremental} == incremental


def test_an_update_recounts_the_entities_it_no_longer_mentions(
    seed_library: Library, tmp_path: Path
) -> None:
    before = _entity(seed_library, "Lavrov")
    note = tmp_path / "note.txt"
    note.write_text("Berlin talks\n\nSergey Lavrov met Olaf Scholz in Berlin on Friday.\n")
    seed_library.add([note])
    assert _entity(seed_library, "Lavrov")[2] == before[2] + 1
    note.write_text("Berlin talks\n\nOlaf Scholz stayed in Berlin on Friday.\n")
    assert seed_library.add([note]).updated == 1
    assert _entity(seed_library, "Lavrov") == before


def test_big_libraries_resolve_batch_by_batch_with_the_same_merges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("index.entity_upkeep.FULL_RESOLVE_MAX_ARTICLES", 0)
    monkeypatch.setattr("index.ingest.BATCH_SIZE", 2)  # three batches for the five seeds
    library = Library.open(tmp_path / "lib", import_seeds=False)
    rebuilt: list[bool] = []
    monkeypatch.setattr(library, "rebuild_entities", lambda: rebuilt.append(True))
    assert library.add([SEEDS]).added == 5
    assert rebuilt == []
    # One person across batches, though the name keeps the first spelling seen.
    name, mentions, articles = _entity(library, "Lavrov")
    assert name in {"Sergei Lavrov", "Sergey Lavrov"} and (mentions, articles) == (6, 3)
    assert _entity(library, "Sergei Lavrov") == _entity(library, "Sergey Lavrov")
    assert _entity(library, "Zelenskyy")[0] in {"Volodymyr Zelensky", "Volodymyr Zelenskyy"}
    assert _entity(library, "Zelenskyy") == _entity(library, "Zelensky")
    assert _entity(library, "U.S.")[0] == "United States"
    unresolved = library.store.conn.execute(
        "SELECT count(*) FROM mentions WHERE entity_id IS NULL"
    ).fetchone()[0]
    assert unresolved == 0


def test_batches_join_people_by_full_name_not_by_a_shared_surname(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 articles "Cherie Blair" had joined Tony Blair through the "Blair" both
    entities hold as an alias, and Ron Howard Michael Howard: 160,000 mentions on the
    wrong person. Each batch's people join stored people by full name only."""
    texts = [
        "Tony Blair spoke in London on Monday. Blair said the plan would work.",
        "Cherie Blair opened a school in Leeds. Blair said she was proud of it.",
        "Michael Howard attacked the plan in Leeds. Howard said it was wrong.",
        "Ron Howard directed the film in Hollywood. Howard said it was fun.",
        "Sergei Lavrov spoke in Moscow. Lavrov said nothing new.",
        "Sergey Lavrov flew to Berlin. Lavrov said little.",
        "Serena Williams won in Paris. S Williams was the favourite.",
        "Shane Williams scored in Cardiff. S Williams ran fast.",
        "Louise Christian spoke in Leeds on Monday.",
        "Shoppers in Leeds loved Christmas. Christmas sales rose.",
    ]
    library, folder = _one_batch_per_article(tmp_path, monkeypatch, texts)
    rebuilt: list[bool] = []
    monkeypatch.setattr(library, "rebuild_entities", lambda: rebuilt.append(True))
    assert library.add([folder]).added == len(texts)
    assert rebuilt == []
    people = ("Tony Blair", "Cherie Blair", "Michael Howard", "Ron Howard", "Serena Williams")
    for person in (*people, "Shane Williams"):
        assert _entity(library, person) == (person, 2, 1)
    assert _entity(library, "Louise Christian") == ("Louise Christian", 1, 1)
    # Spelling variants of one full name still join across batches.
    assert _entity(library, "Sergey Lavrov")[1:] == (4, 2)


def test_an_interrupted_resolution_is_finished_at_the_next_open(seed_library: Library) -> None:
    conn = seed_library.store.conn
    conn.execute("UPDATE mentions SET entity_id = NULL")
    conn.execute("DELETE FROM entity_aliases")
    conn.execute("DELETE FROM entities")
    seed_library.store.set_setting("entities_pending", "1")
    folder = seed_library.folder
    seed_library.close()
    messages: list[str] = []
    library = Library.open(folder, notify=messages.append, import_seeds=False)
    assert any("interrupted add" in m for m in messages)
    assert _entity(library, "Lavrov") == ("Sergey Lavrov", 6, 3)
    assert library.store.setting("entities_pending") == "0"


def _all_entities(library: Library) -> list[tuple[str, str, int, int]]:
    return library.store.conn.execute(
        "SELECT name, type, mention_count, article_count FROM entities ORDER BY 1, 2, 3, 4"
    ).fetchall()


def _batch_by_batch(monkeypatch: pytest.MonkeyPatch, bulk_from: int) -> None:
    monkeypatch.setattr("index.entity_upkeep.FULL_RESOLVE_MAX_ARTICLES", 0)
    monkeypatch.setattr("index.entity_upkeep.BULK_ADD_MIN_FILES", bulk_from)
    monkeypatch.setattr("index.ingest.BATCH_SIZE", 2)


def test_a_bulk_add_builds_the_entity_index_at_the_end_with_the_same_entities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.entity_upkeep import LibraryEntityUpkeep

    _batch_by_batch(monkeypatch, bulk_from=10**9)
    plain = Library.open(tmp_path / "plain", import_seeds=False)
    plain.add([SEEDS])
    _batch_by_batch(monkeypatch, bulk_from=1)
    seen: list[bool] = []
    stored = LibraryEntityUpkeep.batch_stored

    def spy(self: LibraryEntityUpkeep, *args: object) -> None:
        seen.append(self.library.store.has_index("mentions_entity"))
        stored(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(LibraryEntityUpkeep, "batch_stored", spy)
    bulk = Library.open(tmp_path / "bulk", import_seeds=False)
    assert bulk.add([SEEDS]).added == 5
    assert seen == [False, False, False], "no entity index while the batches are stored"
    assert bulk.store.has_index("mentions_entity")
    assert _all_entities(bulk) == _all_entities(plain) and len(_all_entities(bulk)) > 40
    plan = bulk.store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT article_id FROM mentions WHERE entity_id = 1"
    ).fetchall()
    assert "mentions_entity" in " ".join(str(tuple(row)) for row in plan)


def test_a_bulk_update_recounts_the_entities_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _batch_by_batch(monkeypatch, bulk_from=1)
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        (folder / seed.name).write_bytes(seed.read_bytes())
    library = Library.open(tmp_path / "lib", import_seeds=False)
    library.add([folder])
    before = _entity(library, "Lavrov")
    for path in sorted(folder.iterdir()):  # every article changes: Lavrov's mentions go
        path.write_text(path.read_text().replace("Lavrov", "Smith"))
    assert library.add([folder]).updated == 3  # the three articles naming him
    with pytest.raises(IndexError):
        _entity(library, "Lavrov")  # no mention left: recounted to nothing and dropped
    assert before[1] == 6
    assert library.store.has_index("mentions_entity")


def test_an_entity_index_left_dropped_is_rebuilt_at_the_next_open(
    seed_library: Library,
) -> None:
    conn = seed_library.store.conn
    before = _all_entities(seed_library)
    conn.execute("DROP INDEX mentions_entity")
    conn.execute("UPDATE entities SET mention_count = 0")  # as a killed bulk update leaves them
    conn.commit()
    folder = seed_library.folder
    seed_library.close()
    messages: list[str] = []
    library = Library.open(folder, notify=messages.append, import_seeds=False)
    assert any("entity index" in m for m in messages)
    assert library.store.has_index("mentions_entity")
    assert _all_entities(library) == before


def test_mentions_in_memory_are_what_the_store_reads_back(seed_library: Library) -> None:
    from index.entities.catalog import mentions_in_memory, read_mentions, stored_mentions
    from index.prepare import prepare_file

    fresh = {}
    for seed in sorted(SEEDS.iterdir()):
        for art in prepare_file(str(seed.resolve())).articles:
            fresh[art.id] = (stored_mentions(art.mentions), art.roles)
    stored = read_mentions(seed_library.store.conn, sorted(fresh))
    in_memory = mentions_in_memory(fresh)
    assert in_memory == stored
    assert len(in_memory[0]) == 5 and len(in_memory[1]) > 5  # articles, people with roles


def test_worker_processes_resolve_each_batch_as_the_storing_process_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.entities.incremental import IncrementalResolver

    _batch_by_batch(monkeypatch, bulk_from=10**9)
    monkeypatch.setattr("index.ingest.BATCH_SIZE", 1)  # five batches: enough for workers
    made_by_workers: list[bool] = []
    update = IncrementalResolver.update

    def spy(self: IncrementalResolver, *args: object, **kwargs: object) -> int:
        made_by_workers.append(kwargs.get("resolution") is not None)
        return update(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(IncrementalResolver, "update", spy)
    by_workers = Library.open(tmp_path / "workers", import_seeds=False)
    assert by_workers.add([SEEDS], workers=2).added == 5
    assert made_by_workers == [True] * 5
    made_by_workers.clear()
    here = Library.open(tmp_path / "here", import_seeds=False)
    assert here.add([SEEDS], workers=1).added == 5
    assert made_by_workers == [False] * 5
    assert _all_entities(by_workers) == _all_entities(here) and len(_all_entities(here)) > 40


def test_batches_give_an_organisation_its_short_form_in_its_own_article_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "United" after "Manchester United" joins it, and after "Leeds United" Leeds United,
    batch by batch as in one pass; a later "United" alone joins neither by that word."""
    texts = [
        "Manchester United won in London. Fans said United played well.",
        "Leeds United lost in Cardiff. Fans said United played badly.",
        "Fans in Paris said United had a bad day.",
    ]
    library, folder = _one_batch_per_article(tmp_path, monkeypatch, texts)
    assert library.add([folder]).added == len(texts)
    assert _entity(library, "Manchester United") == ("Manchester United", 2, 1)
    assert _entity(library, "Leeds United") == ("Leeds United", 2, 1)
    assert _entity(library, "United") == ("United", 1, 1)
