"""Worker processes that end when their parent does, and a Ctrl-C that is never lost.

Forked helpers (the ingest's readers, the index's sub-writers) wait on queues; when the
parent is killed with -9 nothing ever arrives, and they would wait forever, holding memory
and file handles. A daemon thread in each checks the parent and exits the process once it
is gone.

In the parent, Python raises KeyboardInterrupt wherever the main thread happens to be; in
a fork hook or a finaliser it is printed as "Exception ignored" and dropped, and the ingest
would carry on to the end. `interrupt_latch` remembers the Ctrl-C as well, and the ingest
asks `raise_if_interrupted` after every batch.
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
    """Hold Ctrl-C back while worker processes are forked; raise it right after.

    Two things are held back. The signal itself, in this thread, so that a forked child
    inherits the block until `exit_with_parent` lifts it and never dies half-started. And,
    inside `interrupt_latch`, the KeyboardInterrupt: the signal may still arrive through
    another thread of this process, and raised inside fork's bookkeeping it would be
    swallowed or leave a started child without its handle.
    """
    global _deferral_depth
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    _deferral_depth += 1
    try:
        yield
    finally:
        _deferral_depth -= 1
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    if _deferral_depth == 0:
        raise_if_interrupted()


def _latch_sigint(signum: int, frame: FrameType | None) -> None:
    _interrupt_requested.set()
    if _deferral_depth == 0:
        raise KeyboardInterrupt


@contextmanager
def interrupt_latch() -> Iterator[None]:
    """Within this block, Ctrl-C raises KeyboardInterrupt and is also remembered.

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
    """Raise KeyboardInterrupt if a Ctrl-C arrived inside `interrupt_latch` and was swallowed."""
    if _interrupt_requested.is_set():
        raise KeyboardInterrupt
