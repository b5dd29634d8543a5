"""Child process of bench/scale.py: the app's first paint, and the app open on a big library.

    .venv/bin/python bench/first_paint.py --mode app --library DIR
    .venv/bin/python bench/first_paint.py --mode bare
    .venv/bin/python bench/first_paint.py --mode session --library DIR

The clock starts on the first line below, before any import. `app` runs newsdesk headless
(`run_test`) and stops the clock the moment the article list paints a line while it holds
rows (a hook around its `render_lines`); `bare` does the same for an App with a single
Static, the baseline. Both print one JSON line and leave at once with `os._exit`, skipping
teardown. `session` waits for the list's first paint, then for the full list (the worst
lateness of a 5 ms timer on the UI thread meanwhile), counts the widgets in the DOM,
presses PageDown through a few pages, jumps to the end, and reports the times and the peak
RSS. "Press + pause" waits for everything a key sets off (the reader opening the article
under the cursor); "key to repaint" is the list's own response.
`first_paints` and `app_session` run these children for bench/scale.py.
"""

from time import perf_counter

START = perf_counter()

PAINT_TIMEOUT_S = 300.0
PAGES = 20
TERMINAL = (160, 50)


def _rss_mb() -> dict[str, float]:
    """Peak RSS of this process so far, and its current RSS, in MB."""
    import os
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return {"peak_rss_mb": peak, "rss_mb": pages * os.sysconf("SC_PAGE_SIZE") / 2**20}


STAGES: dict[str, float] = {}


def _stage_hook(owner: type, method: str, stage: str) -> None:
    """Record when `owner.method` is first called (a stage on the way to the first paint)."""
    import functools

    original = getattr(owner, method, None)
    if original is None:  # the app changed: the breakdown loses a stage, the figure stays
        return

    @functools.wraps(original)  # Textual reads handler signatures
    def recording(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        STAGES.setdefault(stage, perf_counter())
        return original(self, *args, **kwargs)

    setattr(owner, method, recording)


def _paint_hook(widget_class: type, need_rows: bool) -> tuple[list[float], list[float]]:
    """Wrap `widget_class.render_lines`: the first paint time, and each call's duration."""
    original = widget_class.render_lines
    first: list[float] = []
    durations: list[float] = []

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        started = perf_counter()
        strips = original(self, crop)
        durations.append(perf_counter() - started)
        if not first and (not need_rows or getattr(self, "rows", None)):
            first.append(perf_counter())
        return strips

    widget_class.render_lines = render_lines  # type: ignore[method-assign]
    return first, durations


def _widget_count(app) -> int:  # type: ignore[no-untyped-def]
    """Widgets in the DOM of every screen on the stack (the screens included)."""
    return sum(1 + len(list(screen.query("*"))) for screen in app.screen_stack)


async def _wait_for(app, first: list[float], timeout: float) -> None:  # type: ignore[no-untyped-def]
    """Yield to the app until `first` is filled (the list has painted rows)."""
    import asyncio

    deadline = perf_counter() + timeout
    while not first:
        if perf_counter() > deadline or not app.is_running:
            raise TimeoutError(f"no paint within {timeout:.0f} s (app running: {app.is_running})")
        await asyncio.sleep(0.001)


def _build(mode: str, library: str | None):  # type: ignore[no-untyped-def]
    """The app to run, and the hook's paint record and render durations."""
    from pathlib import Path

    if mode == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Static

        class BareApp(App[None]):
            """The baseline: an App with a single Static."""

            def compose(self) -> ComposeResult:
                yield Static("newsdesk")

        return BareApp(), *_paint_hook(Static, need_rows=False)
    assert library is not None, "--library is needed"
    from tui.first_rows import start_reading_first_rows

    first_rows = start_reading_first_rows(Path(library))  # as `newsdesk` does, before imports
    from tui.app import make_app
    from tui.screens.main import MainScreen
    from tui.widgets.article_list import ArticleList

    STAGES["imported"] = perf_counter()
    _stage_hook(MainScreen, "compose", "screen_composed")
    _stage_hook(MainScreen, "library_ready", "library_opened")
    _stage_hook(ArticleList, "set_rows", "rows_loaded")
    app = make_app(Path(library), import_seeds=False, first_rows=first_rows)
    return app, *_paint_hook(ArticleList, need_rows=True)


def _stages_ms(painted: float) -> dict[str, float]:
    """Milliseconds from the process start to each stage reached, and to the paint."""
    stages = {name: (at - START) * 1e3 for name, at in sorted(STAGES.items(), key=lambda s: s[1])}
    return stages | {"painted": (painted - START) * 1e3}


async def _first_paint(mode: str, library: str | None) -> None:
    """Print the time to the first paint and leave at once (no teardown)."""
    import json
    import os

    app, first, _ = _build(mode, library)
    async with app.run_test(headless=True, size=TERMINAL):
        await _wait_for(app, first, PAINT_TIMEOUT_S)
        out = {
            "start": START,
            "painted": first[0],
            "first_paint_ms": (first[0] - START) * 1e3,
            "stages_ms": _stages_ms(first[0]),
        }
        print(json.dumps(out), flush=True)
        os._exit(0)


async def _session(library: str) -> dict[str, object]:
    """Open the app on the library, page through the list, report time, widgets and memory."""
    import statistics

    from tui.widgets.article_list import ArticleList

    app, first, durations = _build("app", library)
    out: dict[str, object] = {}
    async with app.run_test(headless=True, size=TERMINAL) as pilot:
        await _wait_for(app, first, PAINT_TIMEOUT_S)
        out["first_paint_ms"] = (first[0] - START) * 1e3
        out["stages_ms"] = _stages_ms(first[0])
        articles = app.screen.query_one(ArticleList)
        out |= await _stalls_until_listed(library, articles)
        await pilot.pause()
        out["rows"] = len(articles.rows)
        out["widgets"] = _widget_count(app)
        out["after_load"] = _rss_mb()
        app.set_focus(articles)
        page_ms, render_ms, repaint_ms = [], [], []
        for _ in range(PAGES):
            durations.clear()
            first.clear()
            started = perf_counter()
            await pilot.press("pagedown")
            await pilot.pause()
            page_ms.append((perf_counter() - started) * 1e3)
            render_ms.append(sum(durations) * 1e3)
            repaint_ms.append((first[0] - started) * 1e3 if first else float("nan"))
        out["cursor_after_pages"] = articles.cursor
        started = perf_counter()
        await pilot.press("end")
        await pilot.pause()
        out["end_jump_ms"] = (perf_counter() - started) * 1e3
        out["cursor_at_end"] = articles.cursor
        out["pagedown_ms"] = statistics.median(page_ms)
        out["pagedown_max_ms"] = max(page_ms)
        out["pagedown_render_ms"] = statistics.median(render_ms)
        out["pagedown_to_repaint_ms"] = statistics.median(repaint_ms)
        out["pagedown_to_repaint_max_ms"] = max(repaint_ms)
        out["widgets_after_scroll"] = _widget_count(app)
        out |= _rss_mb()
    return out


async def _stalls_until_listed(library: str, articles) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """From the first paint until the full list is in (and a second more): the longest the
    UI thread could not run a 5 ms timer on time, and how often it was late by 50 ms."""
    import asyncio
    import sqlite3
    from pathlib import Path

    with sqlite3.connect(Path(library) / "library.sqlite3") as conn:
        total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    started = perf_counter()
    listed_at = None
    late: list[float] = []
    while listed_at is None or perf_counter() - listed_at < 1.0:
        if perf_counter() - started > PAINT_TIMEOUT_S:
            raise TimeoutError("the full article list never arrived")
        before = perf_counter()
        await asyncio.sleep(0.005)
        late.append((perf_counter() - before - 0.005) * 1e3)
        if listed_at is None and len(articles.rows) == total:
            listed_at = perf_counter()
    return {
        "full_list_ms": (listed_at - started) * 1e3,
        "ui_late_max_ms": max(late),
        "ui_late_over_50ms": float(sum(ms > 50 for ms in late)),
    }


# -- the parent's side: bench/scale.py calls these ----------------------------------------


def run_json(command: list[str]) -> dict[str, object]:
    """Run a Python script with our interpreter; its last stdout line is its JSON result."""
    import json
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, *command], stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def first_paints(library: str, runs: int) -> dict[str, object]:
    """Median first paint of the app and of a bare Textual app, interleaved run by run."""
    import statistics
    import subprocess
    import sys
    from pathlib import Path

    # Textual comes byte-compiled from its wheel; so must we, or the race is not fair.
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", "index", "tui"], cwd=repo, check=True)
    inner: dict[str, list[float]] = {"app": [], "bare": []}
    spawn: dict[str, list[float]] = {"app": [], "bare": []}
    stages: dict[str, list[float]] = {}
    for _ in range(runs):
        for mode in ("app", "bare"):
            spawned = perf_counter()  # CLOCK_MONOTONIC: the child's clock too (Linux)
            result = run_json([__file__, "--mode", mode, "--library", library])
            inner[mode].append(result["first_paint_ms"])
            spawn[mode].append((result["painted"] - spawned) * 1e3)
            for stage, ms in result.get("stages_ms", {}).items() if mode == "app" else ():
                stages.setdefault(stage, []).append(ms)
    out: dict[str, object] = {"runs": runs}
    for mode in ("app", "bare"):
        out[f"{mode}_paint_ms"] = statistics.median(inner[mode])
        out[f"{mode}_paint_from_spawn_ms"] = statistics.median(spawn[mode])
        out[f"{mode}_paint_all_ms"] = [round(v, 1) for v in inner[mode]]
    out["app_stages_ms"] = {stage: statistics.median(ms) for stage, ms in stages.items()}
    return out


def app_session(library: str) -> dict[str, object]:
    """One headless session on the library: widgets, PageDown times and peak RSS."""
    return run_json([__file__, "--mode", "session", "--library", library])


def main() -> None:
    """Run one mode and print its JSON line; `app` and `bare` exit without teardown."""
    import argparse
    import asyncio
    import json
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["app", "bare", "session"], required=True)
    ap.add_argument("--library")
    args = ap.parse_args()
    if args.mode != "session":
        asyncio.run(_first_paint(args.mode, args.library))
        return
    print(json.dumps(asyncio.run(_session(args.library))), flush=True)
    os._exit(0)  # the figures are taken: closing the app and its library is not measured


if __name__ == "__main__":
    main()
