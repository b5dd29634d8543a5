"""The table `bench/scale.py` prints: each figure with its reference, ratio and target."""

from __future__ import annotations


def table(results: dict[str, dict[str, object]]) -> list[str]:
    """The figures with their references, ratios and targets, as lines of text."""
    lines = [f"{'figure':<34}{'newsdesk':>11}{'reference':>11}{'ratio':>8}   target"]

    def row(name: str, value: float, ref: float | None = None, target: str = "") -> None:
        ref_text = f"{ref:>11.1f}" if ref is not None else " " * 11
        ratio = f"{value / ref:>8.2f}" if ref else " " * 8
        lines.append(f"{name:<34}{value:>11.1f}{ref_text}{ratio}   {target}")

    r = results
    if "open" in r:
        row("open (+ any rebuild; unmeasured) s", r["open"]["open_s"])
    if "bare_whoosh" in r:
        row("bare Whoosh ingest articles/s (ref)", r["bare_whoosh"]["articles_per_s"])
    for workers in (1, 2):
        if f"ingest_w{workers}" in r:
            ing = r[f"ingest_w{workers}"]
            target = "≥ 500/s (2 cores)" if workers == 2 else ""
            ref = r.get("bare_whoosh", {}).get("articles_per_s")
            row(f"ingest w{workers} articles/s", ing["articles_per_s"], ref, target)
            row(f"ingest w{workers} seconds", ing["ingest_s"])
            row(f"ingest w{workers} peak RSS MB (main)", ing["peak_rss_mb"])
            row("  largest worker process MB", ing["children_peak_rss_mb"])
    if "search" in r:
        s, f = r["search"], r["fts5"]
        row(
            "search+highlight p50 ms (vs FTS5)",
            s["highlight_p50_ms"],
            f["highlight_p50_ms"],
            "≤ 3× FTS5",
        )
        row(
            "search+highlight p95 ms (vs FTS5)",
            s["highlight_p95_ms"],
            f["highlight_p95_ms"],
            "≤ 100 ms",
        )
        row("search plain p50 ms (vs FTS5)", s["plain_p50_ms"], f["plain_p50_ms"])
        row("search plain p95 ms (vs FTS5)", s["plain_p95_ms"], f["plain_p95_ms"])
        if "app_results_p50_ms" in s:  # runs from before 2026-11-27 lack it
            row("app search, results listed p50 ms", s["app_results_p50_ms"])
            row("app search, results listed p95 ms", s["app_results_p95_ms"])
        row("app search round trip p50 ms", s["app_search_p50_ms"])
        row("app search round trip p95 ms", s["app_search_p95_ms"])
    if "entity" in r:
        row("entity query + facets p50 ms", r["entity"]["entity_p50_ms"])
        row("entity query + facets p95 ms", r["entity"]["entity_p95_ms"])
        if "trail_p50_ms" in r["entity"]:
            row("sidebar library scope p50 ms", r["entity"]["library_entities_p50_ms"])
            row("entity trail p50 ms", r["entity"]["trail_p50_ms"])
            row("entity trail p95 ms", r["entity"]["trail_p95_ms"])
            row("  commonest entity's trail ms", r["entity"]["trail_biggest_ms"])
    if "related" in r:
        row("passage index build s", r["related"]["passage_index_s"])
        row("related passages p50 ms", r["related"]["related_p50_ms"])
        row("related passages p95 ms", r["related"]["related_p95_ms"])
    if "paint" in r:
        p, a = r["paint"], r["app"]
        row("first paint ms (vs bare Textual)", p["app_paint_ms"], p["bare_paint_ms"], "≤ 1.5×")
        row("  same, from spawn ms", p["app_paint_from_spawn_ms"], p["bare_paint_from_spawn_ms"])
        for stage, ms in p["app_stages_ms"].items():
            row(f"  app: {stage.replace('_', ' ')} at ms", ms)
        row("peak RSS MB, app open", a["peak_rss_mb"], target="≤ 400 MB")
        row("  + passage catch-up process MB", a.get("helpers_peak_rss_mb", 0.0))
        row("widgets in the DOM", a["widgets"], a["rows"], "≪ 100k (ref: rows)")
        if "full_list_ms" in a:
            row("full list in, after the first paint ms", a["full_list_ms"])
            row("  UI thread late, worst ms", a["ui_late_max_ms"])
            row("  UI thread late by > 50 ms, times", a["ui_late_over_50ms"])
        row("PageDown ms (press + pause)", a["pagedown_ms"])
        row("  key to list repainted ms", a["pagedown_to_repaint_ms"])
        if "pagedown_to_repaint_max_ms" in a:
            row("  key to list repainted, worst ms", a["pagedown_to_repaint_max_ms"])
        row("  list render per page ms", a["pagedown_render_ms"])
        row("jump to end ms", a["end_jump_ms"])
    return lines
