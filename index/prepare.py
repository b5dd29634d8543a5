"""Reading files into prepared articles: walk the paths, read, clean, hash and annotate.

Everything here is pure (no store, no index), so it runs in worker processes when asked to;
`index.ingest` stores what comes out.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import UnreadableFile
from index.models import Mention, ParsedArticle
from index.orphans import exit_with_parent, sigint_deferred
from index.readers import SUPPORTED_SUFFIXES, read_file
from index.vocabulary import article_words

if TYPE_CHECKING:
    from index.entities.aliases import AliasOverrides
    from index.entities.resolve import Resolution


@dataclass(slots=True)
class PreparedArticle:
    """An article ready to store: cleaned, hashed, with its mentions per block."""

    id: str
    parsed: ParsedArticle
    content_hash: str
    mentions: list[list[Mention]]
    words: list[str]  # the distinct words of its blocks, for the vocabulary (did-you-mean)
    roles: dict[tuple[int, int], str]  # role words before people, by (block, start)


@dataclass(slots=True)
class PreparedFile:
    """The outcome of reading one file: its articles, or the reason it was skipped."""

    path: str
    size: int
    mtime_ns: int
    file_hash: str = ""
    articles: list[PreparedArticle] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)  # records skipped inside the file


def iter_source_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Every candidate file under `paths` with None, or a path with the reason to skip it.

    Folders are walked recursively, following links but never the same folder twice, so a
    symlink loop ends; files of unsupported types inside folders are passed over quietly.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        try:
            info = root.stat()
        except OSError as exc:
            yield root, exc.strerror or str(exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(root, seen_dirs)
        elif root.suffix.lower() in SUPPORTED_SUFFIXES:
            yield root, None
        else:
            yield root, f"unsupported file type {root.suffix or '(none)'}"


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, str | None]]:
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        info = os.stat(dirpath)
        key = (info.st_dev, info.st_ino)
        if key in seen:
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            try:
                path.stat()
            except OSError as exc:
                yield path, exc.strerror or str(exc)
                continue
            yield path, None


def article_id(path: str, key: str) -> str:
    """A stable id: the same file (and position inside it) always gets the same id."""
    return hashlib.sha1(f"{path}#{key}".encode()).hexdigest()[:16]


def content_hash(parsed: ParsedArticle) -> str:
    """A hash of what the reader sees, so identical articles are stored once."""
    h = hashlib.sha1(parsed.title.encode())
    for block in parsed.blocks:
        h.update(b"\n")
        h.update(block.text.encode())
    return h.hexdigest()


def prepare_file(path_text: str, known_hash: str = "", backend: str = "builtin") -> PreparedFile:
    """Read, clean and annotate one file; never raises for bad input (it sets `error`).

    `backend` is "builtin" or "spacy:MODEL" (checked to work by the caller).
    """
    from index.entities import annotate_blocks
    from index.entities.catalog import person_roles, stored_mentions

    if backend.startswith("spacy:"):
        from index.entities.spacy_backend import spacy_annotator

        annotate_blocks = spacy_annotator(backend.removeprefix("spacy:"))

    path = Path(path_text)
    try:
        info = path.stat()
    except OSError as exc:
        return PreparedFile(path_text, 0, 0, error=exc.strerror or str(exc))
    prepared = PreparedFile(path_text, info.st_size, info.st_mtime_ns)
    try:
        prepared.file_hash = _file_hash(path)
        if known_hash and prepared.file_hash == known_hash:
            return prepared
        for parsed in read_file(path, warnings=prepared.warnings):
            texts = [b.text for b in parsed.blocks]
            mentions = annotate_blocks(texts)
            prepared.articles.append(
                PreparedArticle(
                    article_id(path_text, parsed.key),
                    parsed,
                    content_hash(parsed),
                    mentions,
                    list(article_words(texts)),
                    person_roles(texts, stored_mentions(mentions)),
                )
            )
    except UnreadableFile as exc:
        prepared.error = str(exc)
    except OSError as exc:
        prepared.error = exc.strerror or str(exc)
    except Exception as exc:  # one bad file must never stop the rest
        prepared.error = f"could not be read ({type(exc).__name__}: {exc})"
    return prepared


def _file_hash(path: Path) -> str:
    from index.readers import MAX_FILE_BYTES

    h = hashlib.sha1()
    with path.open("rb") as fh:
        remaining = MAX_FILE_BYTES + 1
        while remaining > 0 and (chunk := fh.read(min(1 << 20, remaining))):
            h.update(chunk)
            remaining -= len(chunk)
    return h.hexdigest()


def start_reader_process() -> None:
    """Each reader process: exit with the parent, load the gazetteers up front, freeze them."""
    from index.collector import settle_worker_heap
    from index.entities.gazetteers import warm_up

    exit_with_parent()
    warm_up()
    settle_worker_heap()


@dataclass(slots=True)
class PreparedBatch:
    """Prepared files, and maybe the entities of their articles resolved among themselves
    (by the worker process that read them, so that the storing process need not)."""

    files: list[PreparedFile]
    resolution: Resolution | None = None
    resolved_ids: frozenset[str] = frozenset()  # the articles `resolution` covers


def prepare_batch(
    batch: list[tuple[str, str]], backend: str, overrides: AliasOverrides | None
) -> PreparedBatch:
    """Prepare a batch of files; with `overrides`, also resolve its articles' entities as
    `IncrementalResolver.update` would (same input, same result)."""
    files = [prepare_file(path, known, backend) for path, known in batch]
    if overrides is None:
        return PreparedBatch(files)
    from index.entities.catalog import mentions_in_memory, stored_mentions
    from index.entities.resolve import resolve

    articles = {a.id: (stored_mentions(a.mentions), a.roles) for f in files for a in f.articles}
    article_mentions, roles = mentions_in_memory(articles)
    return PreparedBatch(files, resolve(article_mentions, overrides, roles), frozenset(articles))


def prepared_batches(
    todo: list[tuple[str, str]],
    workers: int,
    batch_size: int,
    backend: str = "builtin",
    resolve_with: AliasOverrides | None = None,
) -> Iterator[PreparedBatch]:
    """Prepared files in batches; with workers > 1 the next batches are read while one is stored.

    `todo` holds (path, hash of the stored version or ""): a file whose hash is unchanged
    comes back without articles. With `resolve_with` (alias overrides) and workers, each
    batch is read by one worker, which also resolves its entities.
    """
    batches = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
    if workers <= 1:
        for batch in batches:
            yield PreparedBatch([prepare_file(path, known, backend) for path, known in batch])
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=start_reader_process)
    try:
        pending: deque[Callable[[], PreparedBatch]] = deque()
        for batch in batches:
            with sigint_deferred():  # submit() and map() may fork new workers
                if resolve_with is not None:
                    future = pool.submit(prepare_batch, batch, backend, resolve_with)
                    pending.append(future.result)
                else:
                    paths = [path for path, _ in batch]
                    knowns = [known for _, known in batch]
                    files = pool.map(
                        prepare_file, paths, knowns, [backend] * len(batch), chunksize=16
                    )
                    pending.append(lambda files=files: PreparedBatch(list(files)))
            if len(pending) > 2:
                yield pending.popleft()()
        while pending:
            yield pending.popleft()()
    finally:
        # On Ctrl-C or an error, do not wait for batches nobody will store.
        pool.shutdown(wait=True, cancel_futures=True)
