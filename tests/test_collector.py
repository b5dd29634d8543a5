"""The collector held off while a big batch of long-lived objects is made, then frozen."""

from __future__ import annotations

import gc

from index.collector import collector_paused, long_lived_batch


class _Row:
    """Stands for an article-list row: tracked by the collector."""

    def __init__(self, number: int) -> None:
        self.number = number


def test_a_long_lived_batch_is_made_with_the_collector_off_then_frozen() -> None:
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    try:
        with long_lived_batch():
            assert not gc.isenabled()
            rows = [_Row(n) for n in range(5_000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen_before + len(rows)
        tracked = {id(thing) for thing in gc.get_objects()}  # what a pass would walk
        assert not any(id(row) in tracked for row in rows)
        # An error inside still turns the collector back on.
        try:
            with long_lived_batch():
                raise KeyError("boom")
        except KeyError:
            pass
        assert gc.isenabled()
        # A collector switched off by someone else stays off.
        gc.disable()
        with long_lived_batch():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_rows_made_with_the_collector_paused_are_untracked_after_one_pass_unfrozen() -> None:
    """An entity's trail: plain tuples of strings and numbers need no freezing (a freeze
    would also keep every other object of the app from ever being collected)."""
    frozen_before = gc.get_freeze_count()
    try:
        with collector_paused():
            assert not gc.isenabled()
            rows = [(f"article-{n}", n, n * 2, n * 2 + 5) for n in range(5_000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen_before
        gc.collect(0)
        assert not any(gc.is_tracked(row) for row in rows)
        try:
            with collector_paused():
                raise KeyError("boom")
        except KeyError:
            pass
        assert gc.isenabled()
    finally:
        gc.enable()
