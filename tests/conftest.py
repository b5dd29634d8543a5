"""Shared fixtures: paths to the seeds and ../shared, and libraries built in tmp folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
BBC = SHARED / "corpora" / "bbc"


def shared_or_skip(path: Path) -> Path:
    """The path under ../shared; skip when ../shared is absent (a user's clone), never in CI."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing in CI: ../shared must sit beside the clone")
        pytest.skip(f"{path} is absent: ../shared is not beside this clone")
    return path


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the user's real library or config from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("NEWSDESK_LIBRARY", str(home / "library"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(scope="session")
def seed_library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library built once from the five seeds; copy it before writing to it."""
    from index.library import Library

    folder = tmp_path_factory.mktemp("seedlib")
    library = Library.open(folder, import_seeds=False)
    report = library.add([SEEDS])
    assert report.added == 5, report
    library.close()
    return folder


@pytest.fixture(scope="session")
def bbc_news_library(tmp_path_factory: pytest.TempPathFactory):
    """BBC business and politics news in one library, added one folder at a time (two index
    segments); built once per test process, for tests that only read it."""
    from index.library import Library

    bbc = shared_or_skip(BBC)
    library = Library.open(tmp_path_factory.mktemp("bbclib"), import_seeds=False)
    library.add([bbc / "business"])
    library.add([bbc / "politics"])
    yield library
    library.close()


@pytest.fixture
def seed_library(seed_library_dir: Path, tmp_path: Path):
    """A private copy of the seed library, open."""
    from index.library import Library

    folder = tmp_path / "lib"
    shutil.copytree(seed_library_dir, folder)
    library = Library.open(folder, import_seeds=False)
    yield library
    library.close()


@pytest.fixture
def split_seed_library(tmp_path: Path):
    """The seeds in a search index of three segments with deletions: two articles
    re-indexed one by one, unmerged (a deletion in the first segment, a document in each
    new one)."""
    from index.library import Library
    from index.search import article_document

    library = Library.open(tmp_path / "split-lib", import_seeds=False)
    library.add([SEEDS])
    ix = library.index.ix
    for article_id in [s.id for s in library.summaries()][:2]:
        writer = ix.writer()
        writer.delete_by_term("id", article_id)
        writer.add_document(
            **article_document(library.article(article_id), library.mentions_of(article_id))
        )
        writer.commit(merge=False)
    with ix.searcher() as s:
        assert len(s.leaf_searchers()) == 3 and s.reader().has_deletions()
    yield library
    library.close()
