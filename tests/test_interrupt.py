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


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_ingest_then_add_again(tmp_path: Path, how: signal.Signals) -> None:
    src, lib = tmp_path / "src", tmp_path / "lib"
    total = 2000
    _write_articles(src, total)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--library", str(lib), "add", str(src)],
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
    if how == signal.SIGINT:
        assert proc.returncode == 130 and "interrupted" in err, err
    _assert_no_process_left(str(lib))
    partial = _stored(lib)
    assert 0 < partial < total, "the kill should land part-way through the ingest"

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
