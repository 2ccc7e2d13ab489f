"""The query page (zelf-bevragen/) of the built demo site in Debian's Chromium, with the site's CSP on.

Every example question is asked in the browser (DuckDB-WASM on the Parquet files the page links) and its
answer is compared with the same SQL run by the duckdb Python package on the same files; the CSV download
is compared too. No request may go anywhere but the local server: not the engine, not the tables, not a
DuckDB extension, not a query that names a URL. Without WebAssembly, or when the engine does not load, the
page says so and points to the downloads. Screenshots at 1280 and 375 px go to $ZORGSPIEGEL_QUERY_SHOTS
(default /tmp/query-shots/); the time to the first answer and the bytes loaded are printed (pytest -s).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
from sitebuild import RELEASE

SHOTS = Path(os.environ.get("ZORGSPIEGEL_QUERY_SHOTS", "/tmp/query-shots"))
PAGE = "zelf-bevragen/"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
FIRST_ANSWER_TIMEOUT_MS = 180_000  # the first query loads 40 MB of engine on a shared 2-core machine


@pytest.fixture(scope="module")
def expected(demo, query_engine):
    """The duckdb Python package on the Parquet files of the page's release, each table under its name."""
    folder = demo.site / "data" / RELEASE / "alles"
    con = duckdb.connect()
    for path in sorted(folder.glob("*.parquet")):
        con.execute(f"CREATE VIEW {path.stem} AS SELECT * FROM read_parquet('{path}')")
    yield con
    con.close()


def open_query_page(open_page, base_url, width=1280, **kwargs):
    page, watch = open_page(base_url + PAGE, width=width, **kwargs)
    page.wait_for_selector("#zs-query:not([hidden])")
    return page, watch


def ask(page, sql: str | None = None, example: int | None = None, keys: bool = False) -> str:
    """Run a query (typed, or the n-th example's button) and wait for it to end; return the status text."""
    before = int(page.get_attribute("#zs-query", "data-answers") or 0)
    if example is not None:
        page.locator(".zs-query__example").nth(example).click()
    else:
        page.fill("#zs-sql", sql)
        if keys:
            page.focus("#zs-sql")
            page.keyboard.press("Control+Enter")
        else:
            page.click("#zs-query-run")
    page.wait_for_selector(
        f'#zs-query[data-answers="{before + 1}"]', state="attached", timeout=FIRST_ANSWER_TIMEOUT_MS
    )
    return page.inner_text("#zs-query-status")


def shown(page) -> dict:
    """The result table as the page shows it: caption, column names, cells (None for NULL)."""
    return page.evaluate("""() => {
      const table = document.querySelector('#zs-query-result table');
      return {caption: table.caption.textContent,
              columns: Array.from(table.tHead.rows[0].cells, c => c.textContent),
              rows: Array.from(table.tBodies[0].rows, r => Array.from(r.cells,
                c => c.querySelector('.zs-query__null') ? null : c.textContent))};
    }""")


def same(cell: str | None, value) -> bool:
    """Whether a cell's text shows the Python value."""
    if value is None or cell is None:
        return value is None and cell is None
    if isinstance(value, bool):
        return cell == str(value).lower()
    if isinstance(value, int | float):
        return math.isclose(float(cell), float(value), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(value, dt.date):
        return cell == value.isoformat()
    return cell == str(value)


def csv_of(page) -> list[list[str]]:
    """The rows of the result's CSV download (header first)."""
    with page.expect_download() as info:
        page.click("#zs-query-csv")
    return list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8"), newline="")))


def local_only(watch, base_url) -> list[str]:
    """Every request the page made, or tried to make, that was not to the local server."""
    return [
        u
        for u in watch.requests
        if urlsplit(u).scheme in ("http", "https", "ws", "wss") and not u.startswith(base_url)
    ]


def test_every_example_answers_as_duckdb_does_on_the_same_files(open_page, base_url, demo, expected):
    started = time.perf_counter()
    page, watch = open_query_page(open_page, base_url)
    examples = page.locator(".zs-query__examples code").all_inner_texts()
    assert 4 <= len(examples) <= 6
    timings = []
    for i, sql in enumerate(examples):
        asked = time.perf_counter()
        status = ask(page, example=i)
        timings.append(time.perf_counter() - asked)
        if i == 0:
            first_answer = time.perf_counter() - started
        assert "fout" not in status, f"example {i + 1}: {status}\n{sql}"
        assert page.input_value("#zs-sql") == sql
        cursor = expected.execute(sql)
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        table = shown(page)
        assert table["columns"] == names, sql
        count = f"{len(rows):,}".replace(",", ".")
        assert table["caption"] == (
            "Resultaat: 1 rij" if len(rows) == 1 else f"Resultaat: {count} rijen"
        ), sql
        assert len(table["rows"]) == min(len(rows), 200)
        for got, want in zip(table["rows"], rows, strict=False):
            assert all(same(c, v) for c, v in zip(got, want, strict=True)), (sql, got, want)
        download = csv_of(page)
        assert download[0] == names and len(download) == len(rows) + 1
        for got, want in zip(download[1:], rows, strict=True):
            assert all(same(c if c != "" else None, v) for c, v in zip(got, want, strict=True)), (got, want)
    assert not watch.problems(), "\n".join(watch.problems())
    assert local_only(watch, base_url) == []
    # the bytes of every file the page and its worker asked for (uncompressed, as without gzip on the server)
    files = {demo.site / urlsplit(u).path.lstrip("/") for u in watch.requests if u.startswith(base_url)}
    loaded = sum((f / "index.html" if f.is_dir() else f).stat().st_size for f in files if f.exists())
    print(
        f"\nquery page: first answer {first_answer:.1f} s after opening the page; then "
        + ", ".join(f"{t:.2f}" for t in timings[1:])
        + f" s; {loaded:,} bytes loaded"
    )


def test_every_engine_file_and_table_is_fetched_from_the_site_itself(open_page, base_url, query_engine):
    page, watch = open_query_page(open_page, base_url)
    ask(page, "SELECT count(*) AS n FROM providers;")
    fetched = {urlsplit(u).path.rsplit("/", 1)[-1] for u in watch.requests}
    engine_files = {p.name for p in query_engine.iterdir()}
    assert engine_files <= fetched
    assert {"results.parquet", "providers.parquet", "indicators.parquet", "benchmarks.parquet"} <= fetched
    assert local_only(watch, base_url) == [] and not watch.problems()


def test_ctrl_enter_runs_the_query_and_a_long_result_is_capped_with_its_count(open_page, base_url, expected):
    page, watch = open_query_page(open_page, base_url)
    total = expected.execute("SELECT count(*) FROM results").fetchone()[0]
    assert total > 200
    status = ask(page, "SELECT * FROM results ORDER BY provider_id, indicator_id, period;", keys=True)
    assert f"{total:,}".replace(",", ".") in status and "de eerste 200" in status
    assert len(shown(page)["rows"]) == 200
    assert len(csv_of(page)) == total + 1
    assert not watch.problems(), watch.problems()


def test_the_csv_keeps_a_formula_from_running_but_not_a_negative_number(open_page, base_url):
    page, _ = open_query_page(open_page, base_url)
    ask(page, "SELECT '=1+2' AS formula, -5.5 AS number, 'gewoon' AS text, NULL AS nothing;")
    assert csv_of(page) == [["formula", "number", "text", "nothing"], ["'=1+2", "-5.5", "gewoon", ""]]
    assert shown(page)["rows"] == [["=1+2", "-5.5", "gewoon", None]]


def test_a_query_cannot_reach_another_host_or_undo_the_lock(open_page, base_url):
    page, watch = open_query_page(open_page, base_url)
    for sql in (
        "SELECT * FROM read_csv('http://example.org/data.csv');",
        "SELECT * FROM read_parquet('https://example.org/data.parquet');",
        "SET enable_external_access = true;",
        "SET autoload_known_extensions = true;",
        "LOAD json;",
        "SELECT now()::TIMESTAMPTZ AT TIME ZONE 'Europe/Amsterdam';",  # would autoload icu
    ):
        status = ask(page, sql)
        assert status.startswith("De vraag gaf een fout:"), (sql, status)
    assert page.locator("#zs-query-result").is_hidden()
    assert local_only(watch, base_url) == [], "a request (even one the CSP refused) went elsewhere"
    # the page is still usable after errors
    assert ask(page, "SELECT 42 AS answer;").startswith("1 rij")


def test_the_policy_of_the_query_page_allows_webassembly_and_blob_workers_only_there(open_page, base_url):
    page, _ = open_query_page(open_page, base_url)
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert "'wasm-unsafe-eval'" in directives["script-src"] and directives["worker-src"] == ["blob:"]
    assert directives["connect-src"] == ["'self'"] and directives["default-src"] == ["'self'"]
    other, _ = open_page(base_url + "downloads/")
    policy = other.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "wasm-unsafe-eval" not in policy and "worker-src" not in policy and "blob:" not in policy


def test_without_webassembly_the_page_explains_itself_and_links_to_the_downloads(open_page, base_url):
    page, watch = open_page(base_url + PAGE)
    page.add_init_script("delete window.WebAssembly;")
    page.reload()
    box = page.locator("#zs-query-unavailable")
    box.wait_for(state="visible")
    assert "WebAssembly" in box.inner_text()
    assert page.locator("#zs-query").is_hidden()
    assert box.locator('a[href="../downloads/"]').count() == 1
    assert not [u for u in watch.requests if "/assets/vendor/duckdb/" in u], "nothing of the engine is loaded"


def test_when_the_engine_does_not_load_the_page_says_so(open_page, base_url):
    page, watch = open_query_page(open_page, base_url)
    page.route("**/duckdb-eh.wasm", lambda route: route.fulfill(status=404, body="gone"))
    ask(page, "SELECT 1;")
    box = page.locator("#zs-query-unavailable")
    assert box.is_visible() and "Het laden mislukte" in box.inner_text()
    assert box.locator('a[href="../downloads/"]').count() == 1
    assert [f for f in watch.failed if "duckdb-eh.wasm" in f]


def test_the_engine_is_loaded_by_the_query_page_only(open_page, base_url):
    page, watch = open_page(base_url + "downloads/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in watch.requests if "/assets/vendor/duckdb/" in u or u.endswith("query.js")]
    assert page.locator(f'a[href="../{PAGE}"]').count() >= 1, "the downloads page links the query page"
    api, _ = open_page(base_url + "api/")
    assert api.locator(f'a[href="../{PAGE}"]').count() >= 1, "the API page links the query page"


@pytest.mark.parametrize("width", (1280, 375))
def test_the_answered_page_has_no_serious_accessibility_problem_and_fits(open_page, base_url, width):
    page, watch = open_query_page(open_page, base_url, width=width, bypass_csp=True)
    ask(page, example=2)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(
        "() => window.scrollTo(0, 0)"
    )  # else the sticky header is drawn where the page was scrolled to
    page.screenshot(path=str(SHOTS / f"query-{width}.png"), full_page=True)
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"the page is {scroll} px wide in a {inner} px window"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
      .violations.filter(v => ['serious', 'critical'].includes(v.impact))
      .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
    assert not violations, json.dumps(violations, indent=1)
    assert not watch.problems(), watch.problems()
