"""The query page (zelf-bevragen/) without a browser: what it lists and the example questions it offers.

The columns and types the page lists are those DuckDB reads from the release's Parquet files; every example's
SQL runs in the duckdb Python package on those files and names this release's own ids and periods. The
browser runs the same questions in tests/browser/test_query_browser.py. The engine's pins are checked too.
"""

from __future__ import annotations

import re

import duckdb
import pytest
from bs4 import BeautifulSoup
from sitebuild import RELEASE, demo_build

from generator.site import engine


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return demo_build(tmp_path_factory)


@pytest.fixture(scope="module")
def page(built) -> BeautifulSoup:
    return BeautifulSoup((built.site / "zelf-bevragen" / "index.html").read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def con(built):
    connection = duckdb.connect()
    for path in sorted((built.site / "data" / RELEASE / "alles").glob("*.parquet")):
        connection.execute(f"CREATE VIEW {path.stem} AS SELECT * FROM read_parquet('{path}')")
    yield connection
    connection.close()


def test_the_page_lists_every_parquet_table_with_the_columns_and_types_duckdb_reads(page, con, built):
    listed = {}
    for box in page.select("details.zs-query__table"):
        link = box.select_one("a[data-query-table]")
        assert link["href"] == f"../data/{RELEASE}/alles/{link['data-query-table']}.parquet"
        file = built.site / "data" / RELEASE / "alles" / f"{link['data-query-table']}.parquet"
        assert int(link["data-bytes"]) == file.stat().st_size
        listed[link["data-query-table"]] = [
            (row.th.get_text(strip=True), row.select("td")[0].get_text(strip=True))
            for row in box.select("tbody tr")
        ]
    files = {p.stem for p in (built.site / "data" / RELEASE / "alles").glob("*.parquet")}
    assert set(listed) == files == {"results", "indicators", "providers", "benchmarks", "changes"}
    for name, columns in listed.items():
        assert columns == [(c, t) for c, t, *_ in con.execute(f"DESCRIBE {name}").fetchall()], name


def test_every_example_runs_in_duckdb_on_the_releases_own_ids(page, con, built):
    examples = [code.get_text() for code in page.select(".zs-query__examples code")]
    assert 4 <= len(examples) <= 6
    for sql in examples:
        con.execute(sql).fetchall()
    ids = set(built.indicators["indicator_id"])
    named = {m for sql in examples for m in re.findall(r"indicator_id = '([^']+)'", sql)}
    assert named and named <= ids
    worse = con.execute(examples[0]).fetchone()[0]
    assert (
        worse > 0
    ), "the first question is asked of the indicator with the most providers worse than national"
    buttons = page.select("button.zs-query__example")
    assert [b["data-example"] for b in buttons] == [c["id"] for c in page.select(".zs-query__examples code")]


def test_the_page_carries_the_engine_and_explains_itself_without_it(page):
    box = page.select_one("#zs-query")
    assert box.has_attr("hidden") and box["data-engine"] == "../" + engine.FOLDER
    assert box["data-engine-files"] == ("{" + ",".join(f'"{f.name}":{f.bytes}' for f in engine.FILES) + "}")
    unavailable = page.select_one("#zs-query-unavailable")
    assert not unavailable.has_attr("hidden") and unavailable.select_one('a[href="../downloads/"]')
    assert page.select_one('script[src="../assets/javascripts/query.js"]')


def test_the_engine_pins_are_whole():
    assert {f.package for f in engine.FILES} == set(engine.PACKAGES)
    assert len({f.name for f in engine.FILES}) == len(engine.FILES)
    for version, integrity in engine.PACKAGES.values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version) and re.fullmatch(
            r"sha512-[A-Za-z0-9+/]{86}==", integrity
        )
    for f in engine.FILES:
        assert re.fullmatch(r"[0-9a-f]{64}", f.sha256) and f.bytes > 0
    assert engine.total_bytes() == sum(f.bytes for f in engine.FILES)
