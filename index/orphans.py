"""Worker processes that end when their parent does.

Forked helpers (the ingest's readers, the index's sub-writers) wait on queues; when the
parent is killed with -9 nothing ever arrives, and they would wait forever, holding memory
and file handles. A daemon thread in each checks the parent and exits the process once it
is gone.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PARENT_POLL_SECONDS = 0.25


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
    """Hold Ctrl-C back while worker processes are forked.

    A SIGINT landing inside fork's bookkeeping is swallowed ("Exception ignored in ...") and
    the interrupted ingest would carry on; held back, it is raised right after, in plain
    code. Forked children inherit the block until `exit_with_parent` lifts it.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
