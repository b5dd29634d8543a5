"""Worker processes that end when their parent does, and a Ctrl-C that is never lost.

Forked helpers (the ingest's readers, the index's sub-writers) wait on queues; when the
parent is killed with -9 nothing ever arrives, and they would wait forever, holding memory
and file handles. A daemon thread in each checks the parent and exits the process once it
is gone.

In the parent, Python raises KeyboardInterrupt wherever the main thread happens to be: in
a fork hook it is printed as "Exception ignored" and dropped (the ingest carried on to the
end), and between taking and releasing a multiprocessing queue's lock it leaves the lock
held, so the process hangs at exit. Inside `interrupt_latch` a first Ctrl-C therefore only
sets a flag, and the ingest stops at the next batch (`raise_if_interrupted`, about a second
away); a second Ctrl-C raises at once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

PARENT_POLL_SECONDS = 0.25

_interrupt_requested = threading.Event()
_deferral_depth = 0  # sigint_deferred blocks open in this process


def exit_with_parent() -> None:
    """Start a watchdog thread that exits this process when its parent process is gone.

    Ctrl-C is left to the parent too: it reaches the whole process group, and a worker
    interrupted inside a queue operation can leave the pool unable to shut down.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by sigint_deferred
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)  # orphaned: nothing here is worth finishing

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C back in this thread while worker processes are forked.

    A forked child inherits the block until `exit_with_parent` lifts it, so it never dies
    half-started; inside `interrupt_latch` even a second Ctrl-C only sets the flag here, for
    the next `raise_if_interrupted`.
    """
    global _deferral_depth
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    _deferral_depth += 1
    try:
        yield
    finally:
        # Unblocked while still counted as deferred: a pending second Ctrl-C lands here and
        # is only remembered.
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        _deferral_depth -= 1


def _latch_sigint(signum: int, frame: FrameType | None) -> None:
    """First Ctrl-C: remember it. Second: the user insists, raise now (not inside a fork)."""
    if _interrupt_requested.is_set() and _deferral_depth == 0:
        raise KeyboardInterrupt
    _interrupt_requested.set()


@contextmanager
def interrupt_latch() -> Iterator[None]:
    """Within this block a first Ctrl-C is only remembered (see `raise_if_interrupted`) and
    a second raises KeyboardInterrupt.

    Only the main thread can own signal handlers; elsewhere (the app's worker threads) and
    when a caller installed its own handler, this does nothing.
    """
    owns_handler = (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    if not owns_handler:
        yield
        return
    _interrupt_requested.clear()
    signal.signal(signal.SIGINT, _latch_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _interrupt_requested.clear()


def raise_if_interrupted() -> None:
    """Raise KeyboardInterrupt if a Ctrl-C arrived inside `interrupt_latch`: call it where
    stopping is safe (between batches)."""
    if _interrupt_requested.is_set():
        raise KeyboardInterrupt
