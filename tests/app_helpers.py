"""Shared helpers of the app tests: build libraries in tmp folders, wait for workers."""

from __future__ import annotations

import asyncio
import functools
import shutil
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from index.library import Library

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def build_library(folder: Path, sources: list[Path]) -> Path:
    """A library in `folder` holding the given files (tolerates a missing entity catalog)."""
    library = Library.open(folder, import_seeds=False)
    try:
        library.add(sources)
    except ModuleNotFoundError:  # entity resolution not landed yet: mentions stay unresolved
        pass
    finally:
        library.close()
    return folder


def build_seed_library(root: Path) -> Path:
    """A library built from a copy of the bundled seeds (fixed file names, so fixed ids)."""
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    return build_library(root / "library", [seeds])


def copy_library(source: Path, target: Path) -> Path:
    """A private copy of a library folder, for tests that write state."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".write.lock"))
    return target


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let timers fire, workers finish and their messages be handled."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test function in its own event loop (no async pytest plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper
