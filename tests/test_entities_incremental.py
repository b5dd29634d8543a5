"""Small adds resolve only the changed articles against the stored entities."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS

from index.entities.catalog import find_entity
from index.library import Library


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
    monkeypatch.setattr("index.library.FULL_RESOLVE_MAX_ARTICLES", 0)
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
