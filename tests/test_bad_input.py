"""Bad input: each bad file is skipped with one line naming it and why; the rest go in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BBC, REPO, SEEDS, shared_or_skip
from filelock import FileLock

from index.library import Library
from tui.cli import main


def _add(capsys: pytest.CaptureFixture[str], library: Path, *paths: Path) -> tuple[int, str, str]:
    code = main(["--library", str(library), "add", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out, err


def _bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "binary": folder / "photo.txt",
        "empty": folder / "empty.txt",
        "html": folder / "broken.html",
        "json": folder / "broken.json",
    }
    files["binary"].write_bytes(bytes(range(256)) * 40)
    files["empty"].write_text("   \n\n")
    files["html"].write_text("<html><body><div><p>unclosed <b>tags<<<</div></script>")
    files["json"].write_text('{"title": "half an object", "body": ')
    return files


def test_each_bad_file_is_named_once_and_the_rest_go_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_files(tmp_path / "bad")
    good = tmp_path / "good.txt"
    good.write_text("A good headline\n\nA real paragraph about the harbour and its cranes.\n")
    code, out, err = _add(capsys, tmp_path / "lib", bad["binary"].parent, good)
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("skipped ")]
    for path in bad.values():
        assert sum(str(path.resolve()) in line or str(path) in line for line in lines) == 1, err
    assert len(lines) == len(bad)
    assert "1 added" in out
    assert Library.open(tmp_path / "lib").stats()["articles"] == 1


def test_cp1252_text_is_decoded_right(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = tmp_path / "pounds.txt"
    sample.write_bytes("Transfer fee\n\nA £15.8m signing – the club’s record.\n".encode("cp1252"))
    code, _out, _err = _add(capsys, tmp_path / "lib", sample)
    assert code == 0
    library = Library.open(tmp_path / "lib")
    body = library.article(library.summaries()[0].id).blocks[0].text
    assert "£15.8m" in body and "’" in body and "\ufffd" not in body


def test_bbc_latin1_pound_sign(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = shared_or_skip(BBC / "sport" / "199.txt")
    assert _add(capsys, tmp_path / "lib", sample)[0] == 0
    library = Library.open(tmp_path / "lib")
    article = library.article(library.summaries()[0].id)
    assert "£15.8m" in " ".join(b.text for b in article.blocks)


def test_a_50_mb_file_is_skipped_by_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: quick to make, same size as the real thing
    code, _out, err = _add(capsys, tmp_path / "lib", big, SEEDS / "003_56f64484c723aef1.txt")
    assert code == 1
    assert f"skipped {big}" in err and "MB" in err
    assert Library.open(tmp_path / "lib").stats()["articles"] == 1


def test_an_unreadable_file_is_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret\n\nA paragraph nobody may read.\n")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail as it would for a user
        real_open = Path.open

        def refusing_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            if self.name == locked.name:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refusing_open)
    code, _out, err = _add(capsys, tmp_path / "lib", locked, SEEDS / "003_56f64484c723aef1.txt")
    assert code == 1
    assert "skipped" in err and "locked.txt" in err and "Permission denied" in err
    assert Library.open(tmp_path / "lib").stats()["articles"] == 1


def test_a_symlink_loop_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop must end too
    (folder / "sub" / "real.txt").write_text("Headline\n\nOne real paragraph of news text.\n")
    code, _out, err = _add(capsys, tmp_path / "lib", folder)
    assert code == 1
    assert "a.txt" in err and "b.txt" in err and "symbolic links" in err
    assert Library.open(tmp_path / "lib").stats()["articles"] == 1


def test_nothing_stored_is_lost_when_later_files_are_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(capsys, tmp_path / "lib", SEEDS)[0] == 0
    bad = _bad_files(tmp_path / "bad")
    assert _add(capsys, tmp_path / "lib", *bad.values())[0] == 1
    assert Library.open(tmp_path / "lib").stats()["articles"] == 5


def test_a_second_writer_is_told_the_library_is_busy(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    Library.open(folder, import_seeds=False).add([SEEDS / "003_56f64484c723aef1.txt"])
    with FileLock(str(folder / ".write.lock")):
        proc = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--library", str(folder), "add", str(SEEDS)],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
        )
    assert proc.returncode == 2
    assert "busy" in proc.stderr and proc.stderr.count("\n") == 1
    library = Library.open(folder)
    assert library.stats()["articles"] == 1 and library.stats()["indexed"] == 1
    assert library.add([SEEDS]).added == 4


def test_a_bad_jsonl_line_is_named_and_the_good_lines_go_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"title": "One", "body": "The first good record about the harbour."}\n'
        '{"title": "Two", "body": \n'
        '{"title": "Three", "body": "The third good record about the ferry."}\n'
    )
    code, out, err = _add(capsys, tmp_path / "lib", feed)
    assert code == 1
    assert err.strip() == f"skipped {feed.resolve()}: line 2: invalid JSON (Expecting value)"
    assert "2 added" in out
