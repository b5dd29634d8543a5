"""A Whoosh multiprocess writer whose sub-writers die with their parent.

Whoosh's MpWriter analyses documents in sub-processes (about 25% faster ingest on two
cores). Its sub-writers wait on a queue forever, though, so after a `kill -9` of the parent
they live on holding the inherited index lock, and the next `newsdesk add` cannot write.
Here each sub-writer exits with its parent (`index.orphans`).
"""

from __future__ import annotations

from whoosh import multiproc
from whoosh.multiproc import MpWriter, SubWriterTask

from index.fresh_postings import FastSegmentWriter
from index.orphans import exit_with_parent, sigint_deferred
from index.segment_writer import LengthsInMemoryMixin


class _OrphanSafeTask(SubWriterTask):
    """A sub-writer that exits as soon as its parent process is gone."""

    def run(self) -> None:
        """Start the watchdog, then index as Whoosh's sub-writer does, with the segment
        writer of `index.fresh_postings` (this is a child process: swapping Whoosh's writer
        class here is local to it)."""
        exit_with_parent()
        multiproc.SegmentWriter = FastSegmentWriter  # type: ignore[misc]
        super().run()


class OrphanSafeMpWriter(LengthsInMemoryMixin, MpWriter):
    """MpWriter whose sub-writer processes never outlive it (and whose segments, like the
    sub-writers', are written with in-memory field lengths)."""

    def _new_task(self) -> SubWriterTask:
        task = _OrphanSafeTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        with sigint_deferred():
            task.start()
        return task

    def cancel(self) -> None:
        """Stop the sub-writers too (Whoosh's cancel leaves them waiting on their queue)."""
        try:
            for task in self.tasks:
                if task.pid is None:
                    continue  # never started
                if task.is_alive():
                    task.terminate()
                task.join(timeout=5)
        finally:
            super().cancel()
