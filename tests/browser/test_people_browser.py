"""Provider pages a person can read (issue 17, items 2 and 5), measured in Chromium on the demo build.

For a provider of every kind: the summary and the spine chart come before the tables; at 1280 px the
verdict column of every provider and indicator table lies inside the table's visible box and the viewport
(nursing homes with long text answers were 1,379 px wide in a 938 px column); on a 375 px phone the result
rows are stacked cards that never scroll sideways; every chart has its downloads, citation and link, and
the CSV download is built from the chart's own rows. The fixtures are those of tests/browser/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

KINDS = ("ziekenhuis", "vsv", "verpleeghuis", "ggz", "huisartspraktijk")


def provider_of(demo, kind: str) -> str:
    """The provider of `kind` with the most published results (for nursing homes: the longest text answer)."""
    results, providers = demo.results, demo.providers.set_index("provider_id")
    mine = results[results["provider_id"].map(providers["kind"]) == kind]
    mine = mine[mine["status"] == "published"]
    if kind == "verpleeghuis":
        return str(mine.loc[mine["text_value"].fillna("").str.len().idxmax(), "provider_id"])
    return str(mine.groupby("provider_id").size().idxmax())


VERDICT_BOXES = """() => [...document.querySelectorAll('table.zs-results, table.zs-sortable')].map(t => {
  const heads = [...t.querySelectorAll('thead th')];
  const i = heads.findIndex(h => /Vergelijking/.test(h.textContent));
  if (i < 0) return null;
  const wrap = t.closest('.zs-table-wrap').getBoundingClientRect();
  const cells = [heads[i], ...[...t.tBodies[0].rows].map(r => r.cells[i]).filter(Boolean)];
  return {right: Math.max(...cells.map(c => c.getBoundingClientRect().right)), wrap: wrap.right,
          width: t.getBoundingClientRect().width, column: wrap.width};
}).filter(Boolean)"""


@pytest.mark.parametrize("kind", KINDS)
def test_the_verdict_column_is_in_view_at_1280(open_page, base_url, demo, kind):
    pid = provider_of(demo, kind)
    page, watch = open_page(base_url + f"aanbieders/{pid}/", width=1280)
    boxes = page.evaluate(VERDICT_BOXES)
    assert boxes
    for box in boxes:
        assert box["right"] <= min(box["wrap"], 1280) + 1, (pid, box)
    assert not watch.problems()


def test_the_verdict_column_is_in_view_on_indicator_pages_at_1280(open_page, base_url, demo):
    for iid in sorted(demo.indicators["indicator_id"])[::7]:
        page, _ = open_page(base_url + f"indicatoren/{iid}/", width=1280)
        for box in page.evaluate(VERDICT_BOXES):
            assert box["right"] <= min(box["wrap"], 1280) + 1, (iid, box)


@pytest.mark.parametrize("kind", KINDS)
def test_a_phone_shows_result_rows_as_cards_that_fit(open_page, base_url, demo, kind):
    pid = provider_of(demo, kind)
    page, _ = open_page(base_url + f"aanbieders/{pid}/", width=375, height=800)
    found = page.evaluate("""() => [...document.querySelectorAll('table.zs-results')].map(t => ({
      display: getComputedStyle(t.tBodies[0].rows[0]).display,
      wrap: t.closest('.zs-table-wrap').scrollWidth - t.closest('.zs-table-wrap').clientWidth,
      verdict: [...t.querySelectorAll('.zs-cmp')].every(c => c.getBoundingClientRect().right <= 375)}))""")
    assert found
    for table in found:
        assert table["display"] == "block" and table["wrap"] <= 1 and table["verdict"], (pid, table)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("kind", KINDS)
def test_the_page_reads_top_down_summary_spine_then_tables(open_page, base_url, demo, kind):
    pid = provider_of(demo, kind)
    page, _ = open_page(base_url + f"aanbieders/{pid}/", width=1280)
    order = page.evaluate("""() => ['.zs-summary', 'figure.zs-chart[data-kind=spine]', 'table.zs-results']
      .map(s => document.querySelector(s)).map(e => e ? e.getBoundingClientRect().top + scrollY : -1)""")
    assert -1 not in order and order == sorted(order), order
    assert "resultaten" in page.inner_text(".zs-summary")


def test_every_chart_offers_csv_image_citation_and_its_own_link(open_page, base_url, demo):
    pid = provider_of(demo, "ziekenhuis")
    page, watch = open_page(base_url + f"aanbieders/{pid}/", width=1280)
    page.wait_for_selector("figure.zs-chart.zs-chart--ready .zs-chart__tools a[data-format=csv]")
    for figure in page.query_selector_all("figure.zs-chart.zs-chart--ready"):
        tools = figure.query_selector(".zs-chart__tools")
        text = tools.inner_text()
        assert "Download de gegevens (CSV)" in text and "SVG" in text and "PNG" in text
        assert figure.query_selector(".zs-chart__cite") and figure.get_attribute("id")
        assert figure.query_selector(f"a[href='#{figure.get_attribute('id')}']")
    figure = page.query_selector("figure.zs-chart--ready")
    link = figure.query_selector("a[data-format=csv]")
    link.focus()
    assert page.evaluate("() => document.activeElement.dataset.format") == "csv"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    csv = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert "title" in csv[0] and len(csv) > 1
    with page.expect_download() as svg:
        figure.query_selector("a[data-format=svg]").click()
    assert Path(svg.value.path()).read_text(encoding="utf-8").lstrip().startswith("<svg")
    assert not watch.problems()
