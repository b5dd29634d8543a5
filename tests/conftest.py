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


@pytest.fixture
def seed_library(seed_library_dir: Path, tmp_path: Path):
    """A private copy of the seed library, open."""
    from index.library import Library

    folder = tmp_path / "lib"
    shutil.copytree(seed_library_dir, folder)
    library = Library.open(folder, import_seeds=False)
    yield library
    library.close()
