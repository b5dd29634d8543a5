"""kill -9 during ingest leaves the store consistent, and the next add finishes the job."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from index.library import Library

WORDS = [
    "harbour",
    "crane",
    "ferry",
    "tide",
    "pier",
    "cargo",
    "ledger",
    "quay",
    "vessel",
    "berth",
    "anchor",
    "storm",
]


def _write_articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(60))
        (folder / f"{n:05d}.txt").write_text(
            f"Port report number {n}\n\nThe {words} story {n} continues here.\n\n"
            f"Officials in Rotterdam said report {n} was filed on time.\n"
        )


def _processes_naming(text: str) -> list[int]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def _assert_no_process_left(text: str) -> None:
    """Worker processes (forked, so they share the command line) must end with the parent."""
    deadline = time.monotonic() + 10
    while _processes_naming(text) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_naming(text) == [], "orphaned ingest workers are still running"


def _stored(folder: Path) -> int:
    try:
        with sqlite3.connect(folder / "library.sqlite3", timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _interrupt_part_way(command: list[str], lib: Path, how: signal.Signals) -> tuple[int, str]:
    """Run an add, send `how` to its process group once a batch is stored; return the
    process's exit code and stderr (the worker processes must end with it)."""
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while _stored(lib) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    # Ctrl-C reaches the whole foreground process group, worker processes included.
    os.killpg(proc.pid, how)
    _out, err = proc.communicate(timeout=60)
    _assert_no_process_left(str(lib))
    return proc.returncode, err


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_ingest_then_add_again(tmp_path: Path, how: signal.Signals) -> None:
    src, lib = tmp_path / "src", tmp_path / "lib"
    total = 2000
    _write_articles(src, total)
    command = [sys.executable, "-m", "tui.cli", "--library", str(lib), "add", str(src)]
    returncode, err = _interrupt_part_way(command, lib, how)
    if how == signal.SIGINT:
        assert returncode == 130 and "interrupted" in err, err
    partial = _stored(lib)
    assert 0 < partial < total, f"the kill should land part-way through the ingest: {err}"

    with sqlite3.connect(lib / "library.sqlite3") as conn:
        recorded = [json.loads(r[0]) for r in conn.execute("SELECT article_ids FROM files")]
        ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
        orphan_blocks = conn.execute(
            "SELECT count(*) FROM blocks WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
    assert {i for ids_ in recorded for i in ids_} == ids  # every stored article has its file
    assert orphan_blocks == 0

    library = Library.open(lib, import_seeds=False)
    assert library.stats()["indexed"] == partial
    report = library.add([src])
    assert report.added == total - partial and report.unchanged == partial
    assert library.stats()["articles"] == total == library.stats()["indexed"]


# `newsdesk add` in a big library: thresholds lowered so 2,000 files take the bulk path
# (per-batch resolution in the reader processes, the mentions-by-entity index dropped).
BULK_LIMITS = {"FULL_RESOLVE_MAX_ARTICLES": 100, "BULK_ADD_MIN_FILES": 500}
BULK_ADD = (
    "import sys; import index.entity_upkeep as upkeep; from tui.cli import main\n"
    f"for name, value in {BULK_LIMITS}.items(): setattr(upkeep, name, value)\n"
    "sys.exit(main(['--library', sys.argv[1], 'add', '--workers', '2', sys.argv[2]]))"
)


def _write_named_articles(folder: Path, count: int) -> None:
    """Articles naming people, places and organisations, for the entity upkeep to resolve."""
    folder.mkdir()
    people = ["Anna Berg", "Pieter de Vries", "Maria Lopez", "John Okafor"]
    for n in range(count):
        person = people[n % len(people)]
        words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(40))
        (folder / f"{n:05d}.txt").write_text(
            f"Port report number {n}\n\nHarbour master {person} said in Rotterdam on Monday "
            f"that the {words} story {n} continues. {person.split()[-1]} told the Port of "
            f"Rotterdam Authority that report {n} was filed on time.\n"
        )


def test_killed_bulk_add_then_add_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.entity_upkeep as upkeep

    src, lib = tmp_path / "src", tmp_path / "lib"
    total = 2000
    _write_named_articles(src, total)
    _code, err = _interrupt_part_way(
        [sys.executable, "-c", BULK_ADD, str(lib), str(src)], lib, signal.SIGKILL
    )
    partial = _stored(lib)
    assert 0 < partial < total, f"the kill should land part-way through the ingest: {err}"
    with sqlite3.connect(lib / "library.sqlite3") as conn:
        dropped = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'mentions_entity'"
        ).fetchone()[0]
        unresolved = conn.execute("SELECT count(*) FROM mentions WHERE entity_id IS NULL")
        assert dropped == 0  # the bulk path ran: the index was dropped for the add
        assert unresolved.fetchone()[0] == 0  # each stored batch was resolved with it

    for name, value in BULK_LIMITS.items():
        monkeypatch.setattr(upkeep, name, value)
    notes: list[str] = []
    library = Library.open(lib, notify=notes.append, import_seeds=False)
    try:
        assert "Rebuilt the entity index of an interrupted add." in notes
        assert library.store.has_index("mentions_entity")
        report = library.add([src])
        assert report.added == total - partial and report.unchanged == partial
        assert library.stats()["articles"] == total == library.stats()["indexed"]
        conn = library.store.conn
        unresolved = conn.execute("SELECT count(*) FROM mentions WHERE entity_id IS NULL")
        assert unresolved.fetchone()[0] == 0
        counts = conn.execute(
            "SELECT e.name, e.article_count, count(DISTINCT m.article_id) FROM entities e"
            " JOIN mentions m ON m.entity_id = e.id GROUP BY e.id"
        ).fetchall()
        assert counts and all(stored == actual for _name, stored, actual in counts), counts
        by_name = {name: stored for name, stored, _actual in counts}
        assert by_name.get("Anna Berg") == total // 4
        assert by_name.get("Rotterdam") == total
    finally:
        library.close()


def test_a_ctrl_c_is_remembered_and_raised_where_stopping_is_safe() -> None:
    """Inside the latch a first Ctrl-C raises nothing where it lands (a fork hook would
    swallow it, a queue lock would stay held); the next check raises it."""
    from index.orphans import interrupt_latch, raise_if_interrupted

    with interrupt_latch():
        raise_if_interrupted()  # nothing pending yet
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.5)  # the handler runs here, and raises nothing
        with pytest.raises(KeyboardInterrupt):
            raise_if_interrupted()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    raise_if_interrupted()  # the latch is cleared on the way out


def test_a_second_ctrl_c_stops_at_once_but_never_inside_a_fork() -> None:
    from index.orphans import interrupt_latch, raise_if_interrupted, sigint_deferred

    with interrupt_latch():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)
        with sigint_deferred():  # forking: even a second one waits
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
        with pytest.raises(KeyboardInterrupt):
            raise_if_interrupted()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)  # the user insists: raised where it lands
            time.sleep(0.5)
